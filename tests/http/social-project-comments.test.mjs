// The discussion of pilot projects: the same rules as under ideas
// (threads three levels deep, edits for 15 minutes by the author only,
// deleting with a placeholder, votes, keyset pages with a fixed number of
// queries), the project's counter, who is notified, and bad input that
// changes nothing.  SQLite and PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, BACKEND, execSql, uniqueEmail } from './lib.mjs';
import {
  adminClient, selectedIdea, newProject, csrfOf, queries,
} from './discover-fixtures.mjs';
import { comment, commentId, nextHref } from './funnel-helpers.mjs';

let srv;
let admin;
let author; // wrote the idea the project came from
let project;

const BODY = 'Eine ausführliche Beschreibung der Idee mit genug Zeichen für die Prüfung.';

async function registered(name, lang) {
  const c = new Client(srv.base, { lang });
  const r = await c.register({ email: uniqueEmail('social'), name });
  assert.equal(r.status, 303);
  return c;
}

const sql = (q) => execSql(srv.store.url, q);
const commentsOf = (id) => Number(sql(`SELECT count(*) FROM comments WHERE subject_type = 'project' AND subject_id = ${id}`));
const counterOf = (id) => Number(sql(`SELECT comments_count FROM projects WHERE id = ${id}`));

// The <li> of one comment, as HTML.
function item(html, id) {
  const start = html.indexOf(`<li class="comment" id="comment-${id}">`);
  assert.ok(start >= 0, `comment ${id} shown`);
  return html.slice(start, html.indexOf('</li>', start));
}

before(async () => {
  srv = await startServer();
  admin = await adminClient(srv.base);
  author = await registered('Ida Ideengeberin');
  const idea = await selectedIdea(author, admin, { title: 'Trinkbrunnen am Markt', body: BODY });
  project = await newProject(admin, idea, { title: 'Trinkbrunnen im Pilot' });
});
after(async () => { await srv.stop(); });

test(`[${BACKEND}] a thread on a project page: three levels, counter, notifications`, async () => {
  // The Innovation Office posted an update: it steers the project and hears of comments.
  const _csrf = await csrfOf(admin, `/projects/${project}`);
  assert.equal((await admin.post(`/projects/${project}/updates`, { _csrf, body: 'Die Brunnen sind bestellt.', progress: '10' })).status, 303);
  const u = await registered('Bea Bürgerin');
  const unreadBefore = Number(sql(`SELECT unread_notifications FROM users WHERE name = 'Ida Ideengeberin'`));

  let r = await comment(u, `/projects/${project}`, 'Wo genau kommen die Brunnen hin?');
  assert.equal(r.status, 303);
  const c1 = commentId(r);
  assert.equal(r.headers.get('location'), `/projects/${project}#comment-${c1}`);
  const c2 = commentId(await comment(author, `/projects/${project}`, 'Am Markt und am Bahnhof.', c1));
  const c3 = commentId(await comment(u, `/projects/${project}`, 'Danke!', c2));
  r = await comment(author, `/projects/${project}`, 'Vierte Ebene', c3);
  assert.equal(r.status, 422);
  assert.match(r.text, /Antworten lassen sich höchstens drei Ebenen tief verschachteln/);
  assert.match(r.text, new RegExp(`id="reply-${c3}"[^>]*aria-invalid="true"[^>]*>Vierte Ebene</textarea>`),
    'the message and the text at the reply form on the project page');
  assert.match(r.text, /<h1 lang="de">Trinkbrunnen im Pilot<\/h1>/, 'the project page came back');
  assert.equal(commentsOf(project), 3);
  assert.equal(counterOf(project), 3, 'the counter moves in the same transaction');

  const page = await new Client(srv.base).get(`/projects/${project}`);
  assert.match(page.text, /<section aria-labelledby="comments-heading" id="comments">/);
  assert.match(page.text, /Diskussion <span class="count">\(3\)<\/span>/);
  const i1 = page.text.indexOf(`id="comment-${c1}"`);
  const i2 = page.text.indexOf(`id="comment-${c2}"`);
  const i3 = page.text.indexOf(`id="comment-${c3}"`);
  assert.ok(i1 > 0 && i1 < i2 && i2 < i3, 'replies nest under their parents');
  assert.match(page.text, /Melden Sie sich an, um mitzudiskutieren\./);

  // The idea's author heard of the comment, and of the reply to their own
  // comment once (as a reply, not twice); the updater heard of all three.
  assert.equal(Number(sql(`SELECT unread_notifications FROM users WHERE name = 'Ida Ideengeberin'`)), unreadBefore + 2);
  const kinds = sql(`SELECT n.kind FROM notifications n JOIN users x ON x.id = n.user_id WHERE x.name = 'Ida Ideengeberin' AND n.subject_type = 'project' ORDER BY n.id`);
  assert.deepEqual(kinds.split('\n'), ['comment', 'reply']);
  const adminNotes = sql(`SELECT count(*) FROM notifications n JOIN users x ON x.id = n.user_id WHERE x.email = 'admin@demo.oic.example' AND n.subject_type = 'project' AND n.subject_id = ${project}`);
  assert.equal(Number(adminNotes), 3);
  // Bea wrote c1 and c3: only the reply c2 reaches her.
  assert.equal(sql(`SELECT n.kind || ':' || n.comment_id FROM notifications n JOIN users x ON x.id = n.user_id WHERE x.name = 'Bea Bürgerin'`), `reply:${c2}`);
  const list = await author.get('/notifications');
  assert.match(list.text, new RegExp(`href="/projects/${project}#comment-${c1}" lang="de">Trinkbrunnen im Pilot</a>`));
  assert.match(list.text, /Neuer Kommentar/);
});

test(`[${BACKEND}] bad input on a project's discussion is refused and changes nothing`, async () => {
  const de = await registered('Dora Deutsch');
  const en = await registered('Ed English', 'en');
  const n = commentsOf(project);
  const count = counterOf(project);

  // A project that does not exist.
  let r = await comment(de, '/projects/987654', 'Hallo');
  assert.equal(r.status, 404);
  assert.match(r.text, /Dieses Pilotprojekt gibt es nicht\./);
  r = await comment(en, '/projects/987654', 'Hello');
  assert.equal(r.status, 404);
  assert.match(r.text, /This pilot project does not exist\./);
  // Empty and overlong, in both languages, with the text kept.
  r = await comment(de, `/projects/${project}`, '   ');
  assert.equal(r.status, 422);
  assert.match(r.text, /Schreiben Sie zuerst einen Kommentar\./);
  r = await comment(en, `/projects/${project}`, 'x'.repeat(5001));
  assert.equal(r.status, 422);
  assert.match(r.text, /A comment can have at most 5,000 characters\./);
  assert.match(r.text, /<textarea id="comment-body"[^>]*aria-invalid="true"[^>]*>x{5001}<\/textarea>/);
  // A reply to a comment of another subject, or to nothing.
  const idea = Number(sql(`SELECT idea_id FROM projects WHERE id = ${project}`));
  const elsewhere = commentId(await comment(de, `/ideas/${idea}`, 'Ein Kommentar unter einer Idee'));
  r = await comment(en, `/projects/${project}`, 'Wrong place', elsewhere);
  assert.equal(r.status, 404);
  assert.match(r.text, /The comment you reply to does not exist\./);
  r = await comment(de, `/projects/${project}`, 'Ins Leere', 99999999);
  assert.equal(r.status, 404);
  assert.match(r.text, /Der Kommentar, auf den Sie antworten, existiert nicht\./);
  // Nobody logged in: to the login, nothing written.
  r = await new Client(srv.base).post(`/projects/${project}/comments`, { body: 'anonym' });
  assert.ok([303, 403].includes(r.status), `anonymous: ${r.status}`);
  assert.equal(commentsOf(project), n, 'nothing was stored');
  assert.equal(counterOf(project), count, 'the counter did not move');
});

test(`[${BACKEND}] edits within 15 minutes by the author only; delete leaves a placeholder; votes`, async () => {
  const de = await registered('Emil Editor');
  const en = await registered('Fay Foreign', 'en');
  const id = commentId(await comment(de, `/projects/${project}`, 'Mit Tipfehler'));
  let _csrf = await de.csrf('/account');
  let r = await de.post(`/comments/${id}/edit`, { _csrf, body: 'Ohne Tippfehler' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/projects/${project}#comment-${id}`);
  // An empty edit comes back to the project page, at the edit form.
  r = await de.post(`/comments/${id}/edit`, { _csrf, body: '' });
  assert.equal(r.status, 422);
  assert.match(r.text, new RegExp(`<details class="comment-edit" open>[\\s\\S]*?id="edit-${id}-error"`));
  assert.equal(sql(`SELECT body FROM comments WHERE id = ${id}`), 'Ohne Tippfehler');

  // Someone else's comment: neither edited nor deleted.
  const ft = await en.csrf('/account');
  r = await en.post(`/comments/${id}/edit`, { _csrf: ft, body: 'Forged' });
  assert.equal(r.status, 403);
  assert.match(r.text, /Only the author can edit a comment\./);
  r = await en.post(`/comments/${id}/delete`, { _csrf: ft });
  assert.equal(r.status, 403);
  assert.match(r.text, /Only the author can delete a comment\./);

  // Votes from others count; one's own is refused.
  r = await en.post(`/comments/${id}/vote`, { _csrf: ft, value: 'up' });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT up || '/' || down FROM comments WHERE id = ${id}`), '1/0');
  r = await de.post(`/comments/${id}/vote`, { _csrf, value: 'down' });
  assert.equal(r.status, 403);

  // Sixteen minutes later the author can no longer edit.
  sql(`UPDATE comments SET created = created - 960 WHERE id = ${id}`);
  r = await de.post(`/comments/${id}/edit`, { _csrf, body: 'Zu spät' });
  assert.equal(r.status, 403);
  assert.match(r.text, /Kommentare können 15 Minuten lang nach dem Schreiben bearbeitet werden\. Diese Zeit ist vorbei\./);
  const enAuthor = await registered('Gil Late', 'en');
  const late = commentId(await comment(enAuthor, `/projects/${project}`, 'Written long ago'));
  sql(`UPDATE comments SET created = created - 960 WHERE id = ${late}`);
  r = await enAuthor.post(`/comments/${late}/edit`, { _csrf: await enAuthor.csrf('/account'), body: 'Too late' });
  assert.equal(r.status, 403);
  assert.match(r.text, /Comments can be edited for 15 minutes after writing\. That time has passed\./);
  assert.equal(sql(`SELECT body FROM comments WHERE id = ${id}`), 'Ohne Tippfehler');
  assert.equal(sql(`SELECT body FROM comments WHERE id = ${late}`), 'Written long ago');

  // The author deletes: a placeholder stays on the project page.
  _csrf = await de.csrf('/account');
  assert.equal((await de.post(`/comments/${id}/delete`, { _csrf })).status, 303);
  const page = await new Client(srv.base).get(`/projects/${project}`);
  assert.match(item(page.text, id), /Dieser Kommentar wurde gelöscht\./);
  assert.doesNotMatch(page.text, /Ohne Tippfehler/);
});

test(`[${BACKEND}] the discussion is paged by keyset and the page's queries do not grow`, async () => {
  const idea = await selectedIdea(author, admin, { title: 'Idee für viele Kommentare', body: BODY });
  const busy = await newProject(admin, idea, { title: 'Viel diskutiert' });
  const u = await registered('Hanna Häufig');
  const first = commentId(await comment(u, `/projects/${busy}`, 'Kommentar 1'));
  const anon = new Client(srv.base);
  const q1 = queries(await anon.get(`/projects/${busy}`));
  for (let i = 2; i <= 23; i++) {
    const r = await comment(u, `/projects/${busy}`, `Kommentar ${i}`);
    assert.equal(r.status, 303);
  }
  for (let i = 1; i <= 3; i++)
    assert.equal((await comment(author, `/projects/${busy}`, `Antwort ${i}`, first)).status, 303);
  let r = await anon.get(`/projects/${busy}`);
  assert.equal(queries(r), q1, 'the same queries for one comment as for 26');
  assert.match(r.text, /Diskussion <span class="count">\(26\)<\/span>/);
  assert.match(r.text, /Antwort 3/);
  assert.match(r.text, /Kommentar 20</);
  assert.doesNotMatch(r.text, /Kommentar 21</);
  const next = nextHref(r.text);
  assert.match(next, new RegExp(`^/projects/${busy}\\?comments_after=\\d+_\\d+#comments$`));
  r = await anon.get(next.replace(/#.*/, ''));
  assert.equal(r.status, 200);
  assert.match(r.text, /Kommentar 21<[\s\S]*Kommentar 23</);
  assert.doesNotMatch(r.text, /Kommentar 20</);
  assert.match(r.text, /Erste Kommentare/);
});
