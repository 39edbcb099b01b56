// The command line contract: exit codes, help, migrate, seed, user add.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { oic, freshStore, startServer, freePort, BACKEND, BIN } from './lib.mjs';
import { spawnSync } from 'node:child_process';

test('--help and --version exit 0; unknown options exit 2 with usage', () => {
  let r = oic(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /usage: oic COMMAND/);
  assert.match(r.stdout, /serve/);
  r = oic(['--version']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^oic \S+/);
  for (const args of [['--bogus'], ['serve', '--bogus'], ['migrate', '--nope'], ['frobnicate'], [],
    ['seed'], ['user'], ['user', 'add', '--email', 'a@b.cd'], ['serve', '--port', 'eighty']]) {
    r = oic(args);
    assert.equal(r.code, 2, `oic ${args.join(' ')} → 2`);
    assert.ok(r.stderr.length > 0, 'says why');
  }
});

test(`[${BACKEND}] migrate is idempotent; seed --demo loads once`, () => {
  const st = freshStore();
  try {
    let r = oic(['migrate', '--db', st.url]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /applied \d+ migration/);
    r = oic(['migrate', '--db', st.url]);
    assert.equal(r.code, 0);
    assert.doesNotMatch(r.stderr, /applied/, 'nothing applied the second time');
    r = oic(['seed', '--demo', '--db', st.url]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /demo content: loaded/);
    assert.match(r.stdout, /demo admin: \S+@\S+ \/ \S+/);
    r = oic(['seed', '--demo', '--db', st.url]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /already present/);
  } finally {
    st.cleanup();
  }
});

test(`[${BACKEND}] OIC_DB works like --db; a bad URL fails with a reason`, () => {
  const st = freshStore();
  try {
    let r = oic(['migrate'], { OIC_DB: st.url });
    assert.equal(r.code, 0, r.stderr);
    r = oic(['migrate', '--db', 'mysql://nope']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unknown database URL/);
    assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
  } finally {
    st.cleanup();
  }
});

test(`[${BACKEND}] serve refuses an unmigrated store and one newer than itself`, async () => {
  const st = freshStore();
  try {
    const port = await freePort();
    let r = spawnSync(BIN, ['serve', '--port', String(port), '--db', st.url], { encoding: 'utf8', timeout: 10000 });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /run 'oic migrate'/);
    assert.equal(oic(['migrate', '--db', st.url]).code, 0);
    // Pretend a newer oic migrated this store.
    if (BACKEND === 'postgres') {
      spawnSync('psql', [st.url, '-qc', 'INSERT INTO schema_migrations VALUES (9999, 0)']);
    } else {
      spawnSync('sqlite3', [st.url.slice(7), 'INSERT INTO schema_migrations VALUES (9999, 0)']);
    }
    r = spawnSync(BIN, ['serve', '--port', String(port), '--db', st.url], { encoding: 'utf8', timeout: 10000 });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /newer than this oic/);
    r = oic(['migrate', '--db', st.url]);
    assert.equal(r.code, 1, 'migrate refuses too');
  } finally {
    st.cleanup();
  }
});

test(`[${BACKEND}] user add: roles, generated passwords, duplicates`, async () => {
  const srv = await startServer({ seed: false });
  try {
    let r = oic(['user', 'add', '--email', 'boss@example.org', '--name', 'Boss', '--role', 'admin', '--db', srv.store.url]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /role admin/);
    assert.match(r.stdout, /password: \S{20,}/);
    r = oic(['user', 'add', '--email', 'BOSS@example.org', '--name', 'Boss 2', '--db', srv.store.url]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /already exists/);
    r = oic(['user', 'add', '--email', 'x@example.org', '--name', 'X', '--role', 'emperor', '--db', srv.store.url]);
    assert.equal(r.code, 2);
    r = oic(['user', 'add', '--email', 'y@example.org', '--name', 'Y', '--password', 'short', '--db', srv.store.url]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /password/);
  } finally {
    await srv.stop();
  }
});
