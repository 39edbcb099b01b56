// PostgreSQL going away and coming back: requests during the outage get a
// 503 page (not a crash), /healthz says 503, and the node reconnects by
// itself (with back-off) once the server is back.  Runs its own cluster,
// since it stops it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, Client, uniqueEmail } from '../http/lib.mjs';

const script = path.resolve('scripts/pg-test.sh');

test('PostgreSQL restarts: 503 meanwhile, service resumes by itself', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oic-outage-'));
  const start = spawnSync(script, ['start', dir], { encoding: 'utf8' });
  assert.equal(start.status, 0, start.stderr);
  const base = start.stdout.trim();
  spawnSync('psql', [`${base}/postgres`, '-qAtc', 'CREATE DATABASE oic']);
  const srv = await startServer({ store: { url: `${base}/oic`, cleanup() {} } });
  try {
    const c = new Client(srv.base);
    assert.equal((await c.register({ email: uniqueEmail('outage') })).status, 303);
    assert.equal((await c.get('/account')).status, 200);

    assert.equal(spawnSync(script, ['pause', dir]).status, 0);
    for (const p of ['/', '/account', '/healthz']) {
      const r = await c.get(p);
      assert.equal(r.status, 503, `${p} during the outage`);
    }
    assert.match((await c.get('/')).text, /kurz nicht erreichbar/);
    assert.equal(srv.child.exitCode, null, 'still running');

    assert.equal(spawnSync(script, ['resume', dir]).status, 0);
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await c.get('/account')).status;
    }
    assert.equal(status, 200, 'the session works again after reconnecting');
    assert.equal((await c.get('/healthz')).status, 200);
  } finally {
    await srv.stop();
    spawnSync(script, ['stop', dir]);
  }
});
