// Discussion: comments and replies three levels deep, editing within the
// window by the author only, deleting with a placeholder, votes, pages,
// comments on challenges, and refusals.  SQLite and PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, BACKEND } from './lib.mjs';
import {
  person, createChallenge, submitIdea, participantIdea, comment, commentId, nextHref, queries,
} from './funnel-helpers.mjs';

let srv;
let admin;
let challenge;
let idea;
let author;
before(async () => {
  srv = await startServer({ seed: false });
  admin = await person(srv, { role: 'admin' });
  challenge = await createChallenge(admin, { title: 'Diskutierbar' });
  author = await person(srv, { name: 'Ada Autorin' });
  idea = await submitIdea(author, challenge, { title: 'Eine Idee zum Diskutieren' });
});
after(async () => { await srv.stop(); });

// The <li> of one comment, as HTML.
function item(html, id) {
  const start = html.indexOf(`<li class="comment" id="comment-${id}">`);
  assert.ok(start >= 0, `comment ${id} shown`);
  return html.slice(start, html.indexOf('</li>', start));
}

test(`[${BACKEND}] comments and replies nest three levels deep, not four`, async () => {
  const u = await person(srv, { name: 'Ben Beispiel' });
  let r = await comment(u, `/ideas/${idea}`, 'Erste Ebene');
  assert.equal(r.status, 303);
  const c1 = commentId(r);
  assert.equal(r.headers.get('location'), `/ideas/${idea}#comment-${c1}`);
  const c2 = commentId(await comment(author, `/ideas/${idea}`, 'Zweite Ebene', c1));
  const c3 = commentId(await comment(u, `/ideas/${idea}`, 'Dritte Ebene', c2));
  r = await comment(author, `/ideas/${idea}`, 'Vierte Ebene', c3);
  assert.equal(r.status, 422);
  assert.match(r.text, /Antworten lassen sich höchstens drei Ebenen tief verschachteln/);
  assert.match(r.text, new RegExp(`<details class="comment-reply" open>[\\s\\S]*?id="reply-${c3}"[^>]*aria-invalid="true"[^>]*>Vierte Ebene</textarea>`),
    'the message and the text at the form they came from');
  const page = await new Client(srv.base).get(`/ideas/${idea}`);
  assert.doesNotMatch(page.text, /Vierte Ebene/);
  // The tree: c2 inside c1's replies, c3 inside c2's.
  const i1 = page.text.indexOf(`id="comment-${c1}"`);
  const i2 = page.text.indexOf(`id="comment-${c2}"`);
  const i3 = page.text.indexOf(`id="comment-${c3}"`);
  assert.ok(i1 < i2 && i2 < i3);
  assert.match(page.text.slice(i1, i3), /<ol class="comments replies">[\s\S]*<ol class="comments replies">/);
  assert.match(page.text, /Diskussion <span class="count">\(3\)<\/span>/);
  // Third-level comments offer no reply form.
  const mine = await u.get(`/ideas/${idea}`);
  assert.doesNotMatch(item(mine.text, c3), /comment-reply/);
  assert.match(item(mine.text, c2), /comment-reply/);
  // Replies to something that is not there, or elsewhere.
  const other = await submitIdea(author, challenge, { title: 'Eine andere Idee hier' });
  assert.equal((await comment(u, `/ideas/${other}`, 'Falscher Ort', c1)).status, 404);
  assert.equal((await comment(u, `/ideas/${idea}`, 'Ins Leere', 999999)).status, 404);
  assert.equal((await comment(u, `/ideas/999999`, 'Keine Idee')).status, 404);
});

test(`[${BACKEND}] empty and overlong comments are refused; the text is kept`, async () => {
  const u = await person(srv, { lang: 'en' });
  let r = await comment(u, `/ideas/${idea}`, '   ');
  assert.equal(r.status, 422);
  assert.match(r.text, /Write a comment first\./);
  assert.match(r.text, /id="comment-body-error"/);
  r = await comment(u, `/ideas/${idea}`, 'x'.repeat(5001));
  assert.equal(r.status, 422);
  assert.match(r.text, /A comment can have at most 5,000 characters\./);
  assert.match(r.text, /<textarea id="comment-body"[^>]*>x{5001}<\/textarea>/);
  r = await comment(u, `/ideas/${idea}`, '<script>alert(1)</script> & Co.');
  assert.equal(r.status, 303);
  const page = await new Client(srv.base).get(`/ideas/${idea}`);
  assert.match(page.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; Co\./);
  const anon = new Client(srv.base);
  assert.match(page.text, /Melden Sie sich an, um mitzudiskutieren\./);
  const _csrf = await anon.csrf('/account/login');
  r = await anon.post(`/ideas/${idea}/comments`, { _csrf, body: 'Anonym' });
  assert.equal(r.status, 303, 'anonymous: to the login');
});

test(`[${BACKEND}] the author edits right away; nobody else can, whatever the form says`, async () => {
  const u = await person(srv, { name: 'Edith Edit' });
  const id = commentId(await comment(u, `/ideas/${idea}`, 'Mit Tippfehlr'));
  let page = await u.get(`/ideas/${idea}`);
  assert.match(item(page.text, id), /<summary>Bearbeiten<\/summary>/);
  assert.match(item(page.text, id), />Mit Tippfehlr<\/textarea>/);
  const _csrf = page.text.match(/name="_csrf" value="([^"]+)"/)[1];
  let r = await u.post(`/comments/${id}/edit`, { _csrf, body: 'Ohne Tippfehler' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/ideas/${idea}#comment-${id}`);
  page = await new Client(srv.base).get(`/ideas/${idea}`);
  assert.match(item(page.text, id), /Ohne Tippfehler/);
  assert.match(item(page.text, id), /· bearbeitet/);
  r = await u.post(`/comments/${id}/edit`, { _csrf, body: '' });
  assert.equal(r.status, 422);
  assert.match(r.text, new RegExp(`<details class="comment-edit" open>[\\s\\S]*?id="edit-${id}-error"`));
  // Someone else, with a valid token of their own and a forged request.
  const mallory = await person(srv);
  const mt = await mallory.csrf('/account');
  r = await mallory.post(`/comments/${id}/edit`, { _csrf: mt, body: 'Gefälscht' });
  assert.equal(r.status, 403);
  assert.match(r.text, /Nur die Person, die einen Kommentar geschrieben hat, kann ihn bearbeiten\./);
  r = await mallory.post(`/comments/${id}/delete`, { _csrf: mt });
  assert.equal(r.status, 403);
  assert.doesNotMatch(item((await mallory.get(`/ideas/${idea}`)).text, id), /comment-edit/);
  page = await new Client(srv.base).get(`/ideas/${idea}`);
  assert.match(item(page.text, id), /Ohne Tippfehler/);
  assert.equal((await mallory.post('/comments/999999/edit', { _csrf: mt, body: 'x' })).status, 404);
  // Even an admin cannot put words into someone's mouth.
  const at = await admin.csrf('/account');
  assert.equal((await admin.post(`/comments/${id}/edit`, { _csrf: at, body: 'Amtlich' })).status, 403);
});

test(`[${BACKEND}] deleting leaves a placeholder and keeps the replies`, async () => {
  const u = await person(srv, { name: 'Doris Delete' });
  const parent = commentId(await comment(u, `/ideas/${idea}`, 'Bald gelöscht'));
  const reply = commentId(await comment(author, `/ideas/${idea}`, 'Eine Antwort bleibt', parent));
  const _csrf = await u.csrf('/account');
  let r = await u.post(`/comments/${parent}/delete`, { _csrf });
  assert.equal(r.status, 303);
  const page = await new Client(srv.base).get(`/ideas/${idea}`);
  assert.match(item(page.text, parent), /Dieser Kommentar wurde gelöscht\./);
  assert.doesNotMatch(page.text, /Bald gelöscht/);
  assert.match(page.text, /Eine Antwort bleibt/);
  assert.ok(page.text.indexOf(`comment-${parent}`) < page.text.indexOf(`comment-${reply}`));
  // A deleted comment takes no replies, edits or votes; deleting twice is refused.
  r = await comment(author, `/ideas/${idea}`, 'Antwort ins Nichts', parent);
  assert.equal(r.status, 422);
  assert.equal((await u.post(`/comments/${parent}/edit`, { _csrf, body: 'Zurück' })).status, 403);
  assert.equal((await u.post(`/comments/${parent}/delete`, { _csrf })).status, 403);
  const at = await author.csrf('/account');
  assert.equal((await author.post(`/comments/${parent}/vote`, { _csrf: at, value: 'up' })).status, 403);
});

test(`[${BACKEND}] votes go up and down, toggle, and never on one's own comment`, async () => {
  const u = await person(srv);
  const id = commentId(await comment(u, `/ideas/${idea}`, 'Stimmt ab!'));
  const v = await person(srv);
  const w = await person(srv);
  const vt = await v.csrf('/account');
  const wt = await w.csrf('/account');
  const tally = async () => {
    const html = item((await new Client(srv.base).get(`/ideas/${idea}`)).text, id);
    const m = html.match(/Hilfreich (\d+) · Nicht hilfreich (\d+)/);
    return [Number(m[1]), Number(m[2])];
  };
  assert.equal((await v.post(`/comments/${id}/vote`, { _csrf: vt, value: 'up' })).status, 303);
  assert.equal((await w.post(`/comments/${id}/vote`, { _csrf: wt, value: 'up' })).status, 303);
  assert.deepEqual(await tally(), [2, 0]);
  const mine = item((await v.get(`/ideas/${idea}`)).text, id);
  assert.match(mine, /Hilfreich \(Ihre Stimme\) <span class="vote-count">2<\/span>/);
  await v.post(`/comments/${id}/vote`, { _csrf: vt, value: 'down' });
  assert.deepEqual(await tally(), [1, 1], 'turned over');
  await v.post(`/comments/${id}/vote`, { _csrf: vt, value: 'down' });
  assert.deepEqual(await tally(), [1, 0], 'taken back');
  const ut = await u.csrf('/account');
  let r = await u.post(`/comments/${id}/vote`, { _csrf: ut, value: 'up' });
  assert.equal(r.status, 403);
  assert.match(r.text, /Sie können nicht über Ihren eigenen Kommentar abstimmen\./);
  r = await v.post(`/comments/${id}/vote`, { _csrf: vt, value: 'sideways' });
  assert.equal(r.status, 422);
  // Concurrent clicks of one person count once each, in order.
  const many = await Promise.all(Array.from({ length: 5 }, () => w.post(`/comments/${id}/vote`, { _csrf: wt, value: 'down' })));
  assert.ok(many.every((x) => x.status === 303));
  const [up, down] = await tally();
  assert.equal(up + down, 1, 'w has exactly one vote after an odd number of clicks');
  assert.deepEqual([up, down], [0, 1]);
});

test(`[${BACKEND}] challenges have a discussion too`, async () => {
  const u = await person(srv);
  const r = await comment(u, `/challenges/${challenge}`, 'Eine Frage zur Herausforderung');
  assert.equal(r.status, 303);
  const id = commentId(r);
  assert.equal(r.headers.get('location'), `/challenges/${challenge}#comment-${id}`);
  const reply = await comment(admin, `/challenges/${challenge}`, 'Die Antwort des Amts', id);
  assert.equal(reply.status, 303);
  const page = await new Client(srv.base).get(`/challenges/${challenge}`);
  assert.match(page.text, /Eine Frage zur Herausforderung/);
  assert.match(page.text, /Die Antwort des Amts/);
  // A reply must stay under its own subject.
  assert.equal((await comment(u, `/ideas/${idea}`, 'Quer', id)).status, 404);
  const err = await comment(u, `/challenges/${challenge}`, '');
  assert.equal(err.status, 422);
  assert.match(err.text, /Schreiben Sie zuerst einen Kommentar\./);
});

test(`[${BACKEND}] top-level comments come in pages, replies with their comment`, async () => {
  const s = await startServer({ seed: false });
  try {
    const { u, id } = await participantIdea(s);
    const tops = [];
    for (let i = 0; i < 23; i++) tops.push(commentId(await comment(u, `/ideas/${id}`, `Beitrag ${i}`)));
    await comment(u, `/ideas/${id}`, 'Antwort auf den letzten', tops[22]);
    await comment(u, `/ideas/${id}`, 'Antwort auf den ersten', tops[0]);
    const v = new Client(s.base);
    let r = await v.get(`/ideas/${id}`);
    const shown = (html) => [...html.matchAll(/<li class="comment" id="comment-(\d+)">\n<p class="comment-meta">[^\n]*\n<p class="comment-text" lang="de">Beitrag (\d+)/g)].map((m) => Number(m[2]));
    assert.deepEqual(shown(r.text), [...Array(20).keys()], 'oldest first, 20 per page');
    assert.match(r.text, /Antwort auf den ersten/);
    assert.doesNotMatch(r.text, /Antwort auf den letzten/);
    const q1 = queries(r);
    const next = nextHref(r.text);
    assert.match(next, /comments_after=/);
    r = await v.get(next);
    assert.deepEqual(shown(r.text), [20, 21, 22]);
    assert.match(r.text, /Antwort auf den letzten/);
    assert.doesNotMatch(r.text, /Antwort auf den ersten/);
    assert.match(r.text, /Erste Kommentare/);
    assert.equal(queries(r), q1);
  } finally {
    await s.stop();
  }
});
