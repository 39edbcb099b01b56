// office-export.test.mjs - the audit log's CSV export streams: a million
// rows leave the server a thousand at a time, every one of them once and
// in order, while the server's memory stays where it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { BACKEND, SANITIZER, execSql, startServer } from './lib.mjs';
import { person } from './funnel-helpers.mjs';

const ROWS = 1000000;

function rssMb(pid) {
  const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return Number(m[1]) / 1024;
}

test(`[${BACKEND}] a million rows of the audit log as CSV, in constant memory`, { timeout: 600000 }, async () => {
  const srv = await startServer({ seed: false });
  try {
    const admin = await person(srv, { role: 'admin' });
    const actor = execSql(srv.store.url, `SELECT id FROM users WHERE email = '${admin.email}'`);
    execSql(srv.store.url, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS})
      INSERT INTO audit_log (at, actor_id, action, subject, detail, before_value, after_value)
      SELECT 1767225600 + i, ${actor}, 'export.million', 'row:' || i, 'a detail, with a comma', 'before', 'after' FROM n`);
    // A log that grew over time has statistics (autovacuum analyses it);
    // one filled a moment ago has none, and PostgreSQL would plan blind.
    if (BACKEND === 'postgres') execSql(srv.store.url, 'ANALYZE audit_log');
    // Warm up the server's paths once, then measure.
    assert.equal((await admin.get('/admin/audit.csv?action=nothing.here')).status, 200);
    const before = rssMb(srv.child.pid);
    let peak = before;
    const sampler = setInterval(() => { peak = Math.max(peak, rssMb(srv.child.pid)); }, 20);
    const t0 = Date.now();
    const res = await fetch(`${srv.base}/admin/audit.csv?action=export.million`, { headers: { cookie: admin.cookieHeader() } });
    assert.equal(res.status, 200);
    let rows = -1; // the header row
    let bytes = 0;
    let last = Infinity;
    let ordered = true;
    let rest = '';
    const decoder = new TextDecoder();
    for await (const chunk of res.body) {
      bytes += chunk.length;
      const text = rest + decoder.decode(chunk, { stream: true });
      const lines = text.split('\r\n');
      rest = lines.pop();
      for (const line of lines) {
        rows++;
        if (rows === 0) continue;
        const id = Number(line.slice(0, line.indexOf(',')));
        if (!(id < last)) ordered = false;
        last = id;
      }
    }
    clearInterval(sampler);
    const seconds = (Date.now() - t0) / 1000;
    assert.equal(rest, '', 'the body ends with a whole row');
    assert.equal(rows, ROWS, 'every row, once');
    assert.ok(ordered, 'newest first, across every seam');
    const grew = peak - before;
    console.log(`# ${ROWS} rows, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s (${Math.round(ROWS / seconds)} rows/s); RSS ${before.toFixed(1)} -> peak ${peak.toFixed(1)} MB`);
    // Under ASan, freed memory waits in its quarantine (256 MB) before it is
    // reused, so RSS says nothing there: the bound is the release build's.
    if (!SANITIZER) assert.ok(grew < 32, `the server's memory grew by ${grew.toFixed(1)} MB for ${(bytes / 1e6).toFixed(0)} MB sent`);
    else console.log('# ASan build: memory not judged (quarantine), rows and order are');
    assert.ok(bytes > 50e6, 'the body is far larger than the growth allowed');
  } finally {
    await srv.stop();
  }
});
