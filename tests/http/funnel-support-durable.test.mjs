// Durability of group-committed supports: a burst of concurrent supports,
// the server killed with SIGKILL in the middle of it, restarted on the
// same store.  Every support whose answer arrived must be there, and every
// idea's counter must equal its rows.  SQLite and PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, execSql, BACKEND } from './lib.mjs';
import { person, createChallenge, submitIdea } from './funnel-helpers.mjs';

const USERS = 16;
const IDEAS = 10;

test(`[${BACKEND}] supports acknowledged before a SIGKILL are all there after the restart`, async (t) => {
  const srv = await startServer({ seed: false });
  const admin = await person(srv, { role: 'admin' });
  const challenge = await createChallenge(admin);
  const author = await person(srv);
  const ideas = [];
  for (let i = 0; i < IDEAS; i++) ideas.push(await submitIdea(author, challenge, { title: `Dauerhafte Idee ${i}` }));
  const users = [];
  for (let i = 0; i < USERS; i++) {
    const u = await person(srv);
    u.token = await u.csrf('/account');
    u.id = Number(execSql(srv.store.url, `SELECT id FROM users WHERE email = '${u.email}'`));
    users.push(u);
  }

  // Each account supports each idea once, so every acknowledged answer
  // must be {"supported": true} and its row must exist afterwards.
  const pairs = users.flatMap((u) => ideas.map((idea) => ({ u, idea })));
  let acked = 0;
  const jobs = pairs.map(async ({ u, idea }, i) => {
    // Four waves of 40, 400 ms apart: when the first quarter has its answers,
    // later waves are still to come, however slow the machine.
    await new Promise((r) => setTimeout(r, (i % 40) * 5 + Math.floor(i / 40) * 400));
    try {
      const r = await u.post(`/ideas/${idea}/support`, { _csrf: u.token }, { headers: { accept: 'application/json' } });
      if (r.status === 200) acked++;
      return { u, idea, status: r.status, body: r.status === 200 ? JSON.parse(r.text) : null };
    } catch {
      return { u, idea, status: 0, body: null }; // no answer: the server died
    }
  });
  // Kill while supports are on their way (connections open, batches in flight).
  while (acked < pairs.length / 4) await new Promise((r) => setTimeout(r, 2));
  srv.child.kill('SIGKILL');
  const results = await Promise.all(jobs);
  assert.equal((await srv.exited).signal, 'SIGKILL');
  const ok = results.filter((r) => r.status === 200);
  const lost = results.filter((r) => r.status === 0);
  assert.ok(ok.length >= pairs.length / 4, `answers before the kill: ${ok.length}`);
  assert.ok(lost.length > 0, 'the kill came in the middle of the burst');
  assert.deepEqual(results.filter((r) => r.status !== 200 && r.status !== 0), [], 'no other answers');
  for (const r of ok) assert.equal(r.body.supported, true);
  t.diagnostic(`${ok.length} acknowledged, ${lost.length} without an answer, of ${pairs.length}`);

  // Restart on the same store: what was acknowledged is there.
  const again = await startServer({ seed: false, store: srv.store });
  try {
    const rows = new Set(execSql(again.store.url,
      `SELECT user_id || ':' || idea_id FROM supports WHERE idea_id IN (${ideas.join(',')})`).split('\n').filter(Boolean));
    for (const r of ok) assert.ok(rows.has(`${r.u.id}:${r.idea}`), `acknowledged support ${r.u.id}:${r.idea} is stored`);
    assert.ok(rows.size >= ok.length);
    t.diagnostic(`${rows.size} stored`);
    assert.equal(execSql(again.store.url,
      'SELECT count(*) FROM ideas i WHERE supports_count <> (SELECT count(*) FROM supports s WHERE s.idea_id = i.id)'), '0',
    'every counter equals its rows');
    // The restarted server takes supports again, on top of what survived.
    const u = users[0];
    u.base = again.base;
    const before = Number(execSql(again.store.url, `SELECT supports_count FROM ideas WHERE id = ${ideas[0]}`));
    const r = await u.post(`/ideas/${ideas[0]}/support`, { _csrf: u.token }, { headers: { accept: 'application/json' } });
    assert.equal(r.status, 200);
    const body = JSON.parse(r.text);
    assert.equal(body.supports, before + (body.supported ? 1 : -1));
  } finally {
    await again.stop();
  }
});

// The README's OIC_GROUP_COMMIT=0: every support in its own transaction,
// no group committer; the default: supports go through the committer.
// /metrics tells the two apart (oic_support_commits_total exists only
// when the committer runs, and counts its transactions).
async function metric(base, name) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const m = text.match(new RegExp(`^${name} (\\d+)$`, 'm'));
  return m ? Number(m[1]) : null;
}

for (const mode of ['0', '1']) {
  test(`[${BACKEND}] OIC_GROUP_COMMIT=${mode}: concurrent supports are all stored and counted`, async () => {
    const srv = await startServer({ seed: false, env: { OIC_GROUP_COMMIT: mode } });
    try {
      const admin = await person(srv, { role: 'admin' });
      const challenge = await createChallenge(admin);
      const author = await person(srv);
      const idea = await submitIdea(author, challenge, { title: `Idee mit Gruppen-Commit ${mode}` });
      const users = [];
      for (let i = 0; i < 8; i++) {
        const u = await person(srv);
        u.token = await u.csrf('/account');
        users.push(u);
      }
      const answers = await Promise.all(users.map((u) =>
        u.post(`/ideas/${idea}/support`, { _csrf: u.token }, { headers: { accept: 'application/json' } })));
      assert.deepEqual(answers.map((r) => r.status), users.map(() => 200));
      assert.equal(execSql(srv.store.url, `SELECT supports_count FROM ideas WHERE id = ${idea}`), '8');
      assert.equal(execSql(srv.store.url, `SELECT count(*) FROM supports WHERE idea_id = ${idea}`), '8');
      const commits = await metric(srv.base, 'oic_support_commits_total');
      const grouped = await metric(srv.base, 'oic_support_group_committed_total');
      if (mode === '0') {
        assert.equal(commits, null, 'no group committer runs');
        assert.equal(grouped, null);
      } else {
        assert.equal(grouped, 8, 'all eight went through the committer');
        assert.ok(commits >= 1 && commits <= 8, `in at most eight transactions: ${commits}`);
      }
    } finally {
      await srv.stop();
    }
  });
}
