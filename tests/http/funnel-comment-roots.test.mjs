// Replies know the top-level comment of their thread (comments.root_id,
// migration 0007), and a page's replies are fetched by it: a reply two
// levels deep shows under its thread on the page of its root and nowhere
// else, however long the rest of the discussion is; the page runs as many
// queries with or without replies.  SQLite and PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, BACKEND, execSql } from './lib.mjs';
import {
  participantIdea, comment, commentId, nextHref, queries,
} from './funnel-helpers.mjs';

test(`[${BACKEND}] root_id is set on insert; replies show with their root's page only`, async () => {
  const s = await startServer({ seed: false });
  try {
    const { u, id } = await participantIdea(s);
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

// Replies are read thread by thread (parents before their replies) and
// put in place by id: siblings keep their time order and each reply stays
// under its parent when threads are answered in turn.
test(`[${BACKEND}] replies written to several threads in turn nest in order`, async () => {
  const s = await startServer({ seed: false });
  try {
    const { u, id } = await participantIdea(s);
    const path = `/ideas/${id}`;
    const topA = commentId(await comment(u, path, 'Faden A'));
    const topB = commentId(await comment(u, path, 'Faden B'));
    const a1 = commentId(await comment(u, path, 'A eins', topA));
    const b1 = commentId(await comment(u, path, 'B eins', topB));
    const a2 = commentId(await comment(u, path, 'A zwei', topA));
    const b1x = commentId(await comment(u, path, 'B eins tiefer', b1));
    const a1x = commentId(await comment(u, path, 'A eins tiefer', a1));
    const a1y = commentId(await comment(u, path, 'A eins tiefer noch', a1));
    const r = await new Client(s.base).get(path);
    const order = [...r.text.matchAll(/id="comment-(\d+)"/g)].map((m) => Number(m[1]));
    assert.deepEqual(order, [topA, a1, a1x, a1y, a2, topB, b1, b1x]);
    // Nesting, not only order: A's second reply closes A-one's list first.
    const between = r.text.slice(r.text.indexOf(`id="comment-${a1y}"`), r.text.indexOf(`id="comment-${a2}"`));
    assert.match(between, /<\/ol>/, 'the depth-2 list under "A eins" ends before "A zwei"');
  } finally {
    await s.stop();
  }
});
