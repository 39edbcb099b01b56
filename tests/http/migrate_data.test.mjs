// Moving a city: `oic migrate-data` from SQLite to PostgreSQL and back,
// verified by counts and checksums, refusing a non-empty target; the
// moved city then works on PostgreSQL (logins, new rows after the copied
// ids).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { oic, startServer, Client, uniqueEmail } from './lib.mjs';

const PG = process.env.OIC_TEST_PG_URL;

function pgDatabase(tag) {
  const name = `oic_move_${tag}_${process.pid}_${Date.now() % 100000}`;
  const r = spawnSync('psql', [`${PG}/postgres`, '-qAtc', `CREATE DATABASE ${name}`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return {
    url: `${PG}/${name}`,
    cleanup() { spawnSync('psql', [`${PG}/postgres`, '-qAtc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]); },
  };
}

function table(stdout) {
  const rows = {};
  for (const line of stdout.split('\n')) {
    const m = line.match(/^(\w+)\s+(\d+)\s+([0-9a-f]{16})…\s+(ok|MISMATCH)$/);
    if (m) rows[m[1]] = { rows: Number(m[2]), sum: m[3], state: m[4] };
  }
  return rows;
}

test('migrate-data: SQLite → PostgreSQL → SQLite keeps every row, verified', { skip: !PG && 'needs the PostgreSQL test cluster (make test starts it)' }, async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oic-move-'));
  const pg = pgDatabase('a');
  try {
    const src = `sqlite:${dir}/city.db`;
    assert.equal(oic(['migrate', '--db', src]).code, 0);
    assert.equal(oic(['seed', '--demo', '--db', src]).code, 0);
    // Some life in the city: an account and its session.
    const srv = await startServer({ seed: false, store: { url: src, cleanup() {} } });
    const email = uniqueEmail('mover');
    const c = new Client(srv.base);
    assert.equal((await c.register({ email, name: 'Umzug Person' })).status, 303);
    await srv.stop();

    let r = oic(['migrate-data', '--from', src, '--to', pg.url]);
    assert.equal(r.code, 0, r.stderr);
    const forth = table(r.stdout);
    assert.equal(forth.organisations.rows, 8);
    assert.equal(forth.users.rows, 7);
    assert.equal(forth.sessions.rows, 1);
    assert.ok(Object.values(forth).every((t) => t.state === 'ok'));
    assert.match(r.stdout, /counts and checksums verified/);

    // A second copy into the now non-empty target is refused.
    r = oic(['migrate-data', '--from', src, '--to', pg.url]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /not empty/);

    // The moved city works on PostgreSQL: old logins, and new ids after the copied ones.
    const moved = await startServer({ seed: false, store: { url: pg.url, cleanup() {} } });
    const c2 = new Client(moved.base);
    assert.equal((await c2.login(email, 'correct horse battery')).status, 303);
    assert.match((await c2.get('/account')).text, /Umzug Person/);
    assert.equal((await new Client(moved.base).register({ email: uniqueEmail('after') })).status, 303,
      'identity sequences continue after the copied ids');
    await moved.stop();

    // And back to a new SQLite file: the same checksums for the copied rows.
    r = oic(['migrate-data', '--from', pg.url, '--to', `sqlite:${dir}/back.db`]);
    assert.equal(r.code, 0, r.stderr);
    const back = table(r.stdout);
    for (const name of ['organisations', 'challenges', 'events', 'partners']) {
      assert.equal(back[name].sum, forth[name].sum, `${name} unchanged by the round trip`);
    }
    assert.equal(back.users.rows, 8);
  } finally {
    pg.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('migrate-data: wrong usage and unreachable stores fail clearly', () => {
  let r = oic(['migrate-data', '--from', 'sqlite:/tmp/x.db']);
  assert.equal(r.code, 2);
  r = oic(['migrate-data', '--from', 'sqlite:/tmp/x.db', '--to', 'sqlite:/tmp/x.db']);
  assert.equal(r.code, 2);
  r = oic(['migrate-data', '--from', 'sqlite:/nonexistent/dir/x.db', '--to', 'sqlite:/tmp/y.db']);
  assert.equal(r.code, 1);
  assert.ok(r.stderr.length > 0);
});
