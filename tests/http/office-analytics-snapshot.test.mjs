// office-analytics-snapshot.test.mjs - the default view of analytics (the
// last 84 days, the whole platform) comes from the job's hourly snapshot
// in one query, and it holds the same figures as computing them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKEND, Client, execSql, freshStore, oic, startServer } from './lib.mjs';

test(`[${BACKEND}] the default view is the job's snapshot, equal to the figures computed`, async () => {
  const store = freshStore();
  assert.equal(oic(['migrate', '--db', store.url]).code, 0);
  assert.equal(oic(['seed', '--demo', '--db', store.url]).code, 0);
  // The administrator exists before the job runs: no account comes after the snapshot.
  assert.equal(oic(['user', 'add', '--email', 'snap@example.org', '--name', 'Snap', '--role', 'admin',
    '--password', 'correct horse battery', '--db', store.url]).code, 0);
  const srv = await startServer({ store, seed: false });
  try {
    const sql = (q) => execSql(store.url, q);
    for (let i = 0; i < 200 && sql('SELECT count(*) FROM analytics_snapshots') === '0'; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(sql('SELECT count(*) FROM analytics_snapshots'), '1', 'the job made the snapshot at start');
    const admin = new Client(srv.base, { lang: 'de' });
    assert.equal((await admin.login('snap@example.org', 'correct horse battery')).status, 303);
    const page = await admin.get('/admin/analytics');
    assert.equal(page.status, 200);
    assert.match(page.text, /Stand \d\d\.\d\d\.\d{4}/, 'the page says when it was computed');
    const queries = Number(page.headers.get('x-queries'));
    assert.ok(queries <= 5, `the snapshot is one query (the page ran ${queries})`);
    const other = await admin.get('/admin/analytics?from=2026-01-01&to=2026-01-31');
    assert.doesNotMatch(other.text, /Stand \d/, 'another period is computed on request');
    assert.ok(Number(other.headers.get('x-queries')) > queries + 6, `computed: ${other.headers.get('x-queries')} queries, the snapshot ${queries}`);

    const _csrf = await admin.csrf('/account/tokens');
    const token = (await admin.post('/account/tokens', { _csrf, name: 'x' })).text.match(/<code class="token">([^<]+)<\/code>/)[1];
    const api = async () => JSON.parse(await (await fetch(`${srv.base}/api/v1/analytics`, { headers: { authorization: `Bearer ${token}` } })).text());
    const fromSnapshot = await api();
    sql('DELETE FROM analytics_snapshots');
    const computed = await api();
    assert.deepEqual(fromSnapshot, computed, 'the snapshot holds exactly what computing gives');
    assert.ok(fromSnapshot.sectors.some((s) => s.contributions > 0), 'the demo city has contributions in the last 84 days');
    assert.match((await admin.get('/admin/analytics')).text, /<span class="figure">\d+<\/span> aktive Teilnehmende/, 'without a snapshot: computed');
  } finally {
    await srv.stop();
  }
});
