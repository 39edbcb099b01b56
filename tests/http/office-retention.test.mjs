// office-retention.test.mjs - the audit log keeps what the office set in
// /admin/settings: the daily job audit.purge (first run at start) deletes
// older rows, in batches, and records how many; with 0 it keeps all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKEND, execSql, freshStore, oic, startServer } from './lib.mjs';

async function serveOnce(store, check) {
  const srv = await startServer({ store, seed: false });
  try {
    await check(srv);
  } finally {
    srv.child.kill('SIGTERM');
    await srv.exited;
  }
}

test(`[${BACKEND}] the audit log keeps its rows for the days set, and says what it deleted`, async () => {
  const store = freshStore();
  try {
    assert.equal(oic(['migrate', '--db', store.url]).code, 0);
    const sql = (q) => execSql(store.url, q);
    const now = Math.floor(Date.now() / 1000);
    // 12,000 rows of 40 days ago (more than two batches) and 5 of 10 days ago.
    sql(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000)
      INSERT INTO audit_log (at, actor_id, action, subject) SELECT ${now - 40 * 86400} + i, NULL, 'old.action', 'row:' || i FROM n`);
    sql(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5)
      INSERT INTO audit_log (at, actor_id, action, subject) SELECT ${now - 10 * 86400} + i, NULL, 'recent.action', 'row:' || i FROM n`);
    const waitFor = async (q, want) => {
      for (let i = 0; i < 200 && sql(q) !== want; i++) await new Promise((r) => setTimeout(r, 50));
      return sql(q);
    };
    // Retention 0 (nothing set): the job keeps everything.
    await serveOnce(store, async () => {
      assert.equal(await waitFor("SELECT count(*) FROM jobs WHERE kind = 'audit.purge' AND done_at IS NOT NULL", '1'), '1', 'the job ran at start');
      assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'old.action'"), '12000');
    });
    sql("INSERT INTO settings (key, value) VALUES ('audit.retention_days', '30')");
    // A day later: the next run is due.
    sql("UPDATE jobs SET run_at = 0 WHERE kind = 'audit.purge' AND done_at IS NULL");
    await serveOnce(store, async () => {
      assert.equal(await waitFor("SELECT count(*) FROM audit_log WHERE action = 'audit.purge'", '1'), '1');
      assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'old.action'"), '0', 'older than 30 days: gone');
      assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'recent.action'"), '5', 'younger: kept');
      assert.equal(sql("SELECT detail FROM audit_log WHERE action = 'audit.purge'"), '12000 rows older than 30 days');
    });
  } finally {
    store.cleanup();
  }
});
