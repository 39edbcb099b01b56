// Replies know the top-level comment of their thread (comments.root_id,
// migration 0007), and a page's replies are fetched by it: a reply two
// levels deep shows under its thread on the page of its root and nowhere
// else, however long the rest of the discussion is; the page runs as many
// queries with or without replies.  SQLite and PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, BACKEND, execSql } from './lib.mjs';
import {
  person, createChallenge, submitIdea, comment, commentId, nextHref, queries,
} from './funnel-helpers.mjs';

test(`[${BACKEND}] root_id is set on insert; replies show with their root's page only`, async () => {
  const s = await startServer({ seed: false });
  try {
    const a = await person(s, { role: 'admin' });
    const c = await createChallenge(a);
    const u = await person(s);
    const id = await submitIdea(u, c);
    const v = new Client(s.base);
    const tops = [];
    for (let i = 0; i < 22; i++) tops.push(commentId(await comment(u, `/ideas/${id}`, `Beitrag ${i}`)));
    let r = await v.get(`/ideas/${id}`);
    const q0 = queries(r);
    // Threads under the first and the last top-level comment, two levels deep.
    const first1 = commentId(await comment(u, `/ideas/${id}`, 'Erste Ebene vorn', tops[0]));
    const first2 = commentId(await comment(u, `/ideas/${id}`, 'Zweite Ebene vorn', first1));
    const last1 = commentId(await comment(u, `/ideas/${id}`, 'Erste Ebene hinten', tops[21]));
    const last2 = commentId(await comment(u, `/ideas/${id}`, 'Zweite Ebene hinten', last1));
    const root = (cid) => execSql(s.store.url, `SELECT coalesce(root_id, 0) FROM comments WHERE id = ${cid}`);
    assert.equal(root(tops[0]), '0', 'a top-level comment has no root');
    assert.equal(root(first1), String(tops[0]));
    assert.equal(root(first2), String(tops[0]), 'a reply to a reply has the thread\'s root');
    assert.equal(root(last2), String(tops[21]));

    r = await v.get(`/ideas/${id}`);
    assert.equal(queries(r), q0, 'replies cost no extra query');
    assert.match(r.text, /Erste Ebene vorn/);
    assert.match(r.text, /Zweite Ebene vorn/);
    assert.doesNotMatch(r.text, /Ebene hinten/, 'the last thread is on page 2');
    // Nested: the depth-2 reply inside the depth-1 reply's item.
    const at = (t) => r.text.indexOf(t);
    assert.ok(at(`id="comment-${tops[0]}"`) < at(`id="comment-${first1}"`));
    assert.ok(at(`id="comment-${first1}"`) < at(`id="comment-${first2}"`));
    assert.ok(at(`id="comment-${first2}"`) < at(`id="comment-${tops[1]}"`), 'replies stay in their thread');

    r = await v.get(nextHref(r.text));
    assert.match(r.text, /Erste Ebene hinten/);
    assert.match(r.text, new RegExp(`id="comment-${last2}"`));
    assert.doesNotMatch(r.text, /Ebene vorn/);
  } finally {
    await s.stop();
  }
});
