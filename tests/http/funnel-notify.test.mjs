// Follow and notify: follows toggle; new ideas in followed challenges,
// comments and replies, and status changes notify the right people once,
// in the same transaction; the header counts unread ones; the list pages
// and marks read what it shows.  SQLite and PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, BACKEND } from './lib.mjs';
import {
  person, createChallenge, submitIdea, comment, commentId, nextHref, queries,
} from './funnel-helpers.mjs';

let srv;
let admin;
before(async () => {
  srv = await startServer({ seed: false });
  admin = await person(srv, { role: 'admin', name: 'Amt Admin' });
});
after(async () => { await srv.stop(); });

// The unread count in the header of any page (0 when none is shown).
async function unread(c) {
  const r = await c.get('/account');
  const m = r.text.match(/class="notifications-link">[^<]*<span class="badge">(\d+)</);
  return m ? Number(m[1]) : 0;
}

// The notifications page: [{what, title, href, unread}].
async function list(c, path = '/notifications') {
  const r = await c.get(path);
  assert.equal(r.status, 200);
  const items = [...r.text.matchAll(/<li class="notification( unread)?">\n(?:<strong class="badge">[^<]*<\/strong> )?<span class="notification-what">([^<]*)<\/span>(?: · ([^<]*))?<br>\n<a href="([^"]*)" lang="[^"]*">([^<]*)<\/a>/g)]
    .map((m) => ({ unread: !!m[1], what: m[2], actor: m[3] || null, href: m[4].replaceAll('&amp;', '&'), title: m[5] }));
  return { items, res: r };
}

test(`[${BACKEND}] a new idea in a followed challenge notifies its followers, not the author`, async () => {
  const c = await createChallenge(admin, { title: 'Gefolgte Herausforderung' });
  const fan = await person(srv, { name: 'Fiona Fan' });
  const other = await person(srv);
  const _csrf = await fan.csrf('/account');
  assert.equal((await fan.post(`/challenges/${c}/follow`, { _csrf })).status, 303);
  const author = await person(srv, { name: 'Anton Autor' });
  await author.post(`/challenges/${c}/follow`, { _csrf: await author.csrf('/account') });
  const id = await submitIdea(author, c, { title: 'Neu in der Herausforderung' });
  assert.equal(await unread(fan), 1);
  assert.equal(await unread(author), 0, 'not about one\'s own idea');
  assert.equal(await unread(other), 0);
  const { items } = await list(fan);
  assert.deepEqual(items, [{
    unread: true, what: 'Neue Idee in einer Herausforderung, der Sie folgen', actor: 'Anton Autor',
    href: `/ideas/${id}`, title: 'Neu in der Herausforderung',
  }]);
  assert.equal(await unread(fan), 0, 'shown means read');
  assert.equal((await list(fan)).items[0].unread, false);
  // Unfollowed: no more news.
  await fan.post(`/challenges/${c}/follow`, { _csrf });
  await submitIdea(author, c, { title: 'Noch eine neue Idee' });
  assert.equal(await unread(fan), 0);
});

test(`[${BACKEND}] comments notify followers of the idea; a reply notifies its parent's author once`, async () => {
  const c = await createChallenge(admin);
  const author = await person(srv, { name: 'Ida Idee' });
  const id = await submitIdea(author, c, { title: 'Idee mit Gesprächen' });
  const follower = await person(srv, { name: 'Folke Folger' });
  await follower.post(`/ideas/${id}/follow`, { _csrf: await follower.csrf('/account') });
  const talker = await person(srv, { name: 'Tara Tal' });
  // A comment: the author (who follows her own idea) and the follower hear of it.
  const first = commentId(await comment(talker, `/ideas/${id}`, 'Interessant!'));
  assert.equal(await unread(author), 1);
  assert.equal(await unread(follower), 1);
  assert.equal(await unread(talker), 0);
  let { items } = await list(author);
  assert.equal(items[0].what, 'Neuer Kommentar');
  assert.equal(items[0].actor, 'Tara Tal');
  assert.equal(items[0].href, `/ideas/${id}#comment-${first}`);
  // The author replies: Tara gets a reply notice (not also a comment notice), Folke a comment.
  const reply = commentId(await comment(author, `/ideas/${id}`, 'Danke!', first));
  assert.equal(await unread(talker), 1);
  ({ items } = await list(talker));
  assert.deepEqual(items.map((i) => i.what), ['Antwort auf Ihren Kommentar']);
  assert.equal(items[0].href, `/ideas/${id}#comment-${reply}`);
  assert.equal(await unread(follower), 2);
  assert.equal(await unread(author), 0, 'not about one\'s own reply');
  // Comments on a challenge reach its followers.
  await follower.post(`/challenges/${c}/follow`, { _csrf: await follower.csrf('/account') });
  const cc = commentId(await comment(talker, `/challenges/${c}`, 'Zur Herausforderung'));
  ({ items } = await list(follower));
  assert.equal(items[0].href, `/challenges/${c}#comment-${cc}`);
  assert.equal(items.filter((i) => i.unread).length, 3);
});

test(`[${BACKEND}] a status change reaches the authors and followers, each in their language`, async () => {
  const c = await createChallenge(admin);
  const author = await person(srv, { lang: 'en' });
  const id = await submitIdea(author, c, { title: 'Idee mit Antwort' });
  const follower = await person(srv);
  await follower.post(`/ideas/${id}/follow`, { _csrf: await follower.csrf('/account') });
  const page = await admin.get(`/ideas/${id}`);
  const _csrf = page.text.match(/name="_csrf" value="([^"]+)"/)[1];
  assert.equal((await admin.post(`/ideas/${id}/status`, { _csrf, status: 'selected', answer: 'Ausgewählt!' })).status, 303);
  assert.equal(await unread(author), 1);
  assert.equal(await unread(follower), 1);
  assert.equal(await unread(admin), 0);
  const { items, res } = await list(author);
  assert.match(res.text, /<html lang="en">/);
  assert.deepEqual(items.map((i) => [i.what, i.actor, i.href]), [['Status changed', 'Amt Admin', `/ideas/${id}`]]);
  // A refused status change notifies nobody.
  await admin.post(`/ideas/${id}/status`, { _csrf, status: 'submitted', answer: 'Zurück?' });
  assert.equal(await unread(follower), 1);
});

test(`[${BACKEND}] notifications come in pages at a fixed number of queries`, async () => {
  const c = await createChallenge(admin);
  const reader = await person(srv);
  await reader.post(`/challenges/${c}/follow`, { _csrf: await reader.csrf('/account') });
  const author = await person(srv);
  const q0 = queries((await list(reader)).res);
  for (let i = 0; i < 27; i++) await submitIdea(author, c, { title: `Benachrichtigung ${String(i).padStart(2, '0')}` });
  assert.equal(await unread(reader), 27);
  const page1 = await list(reader);
  assert.equal(page1.items.length, 25);
  assert.equal(page1.items[0].title, 'Benachrichtigung 26', 'newest first');
  assert.ok(queries(page1.res) <= q0 + 4, `marking read costs a fixed few: ${queries(page1.res)}`);
  assert.equal(await unread(reader), 2, 'only what was shown is read');
  const next = nextHref(page1.res.text);
  assert.match(next, /before=\d+/);
  const page2 = await list(reader, next);
  assert.deepEqual(page2.items.map((i) => i.title), ['Benachrichtigung 01', 'Benachrichtigung 00']);
  assert.ok(page2.items.every((i) => i.unread));
  assert.equal(await unread(reader), 0);
  // A read page costs the same as an empty one.
  const again = await list(reader);
  assert.equal(queries(again.res), q0);
  assert.equal((await reader.get('/notifications?before=abc')).status, 400);
  assert.equal((await new Client(srv.base).get('/notifications')).status, 303, 'anonymous: to the login');
});
