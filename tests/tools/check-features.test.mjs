// The rules of the house (scripts/check-features.mjs): the tree keeps them,
// and each kind of violation planted in a copy of it is caught and named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CHECK = path.resolve('scripts/check-features.mjs');

function check(root) {
  const r = spawnSync(process.execPath, [CHECK, root], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

// A copy of src/ to plant a violation in; removed after the test.
function copy(t) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'oic-house-'));
  cpSync('src', path.join(root, 'src'), { recursive: true });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  return root;
}

function plant(root, file, line) {
  const p = path.join(root, 'src', file);
  const text = readFileSync(p, 'utf8');
  // after the first #include, so that it reads like a real one
  const at = text.indexOf('#include');
  writeFileSync(p, text.slice(0, at) + `${line}\n` + text.slice(at));
}

test('the tree keeps the rules and prints the feature graph', () => {
  const r = check(path.resolve('.'));
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /feature graph/);
  assert.match(r.out, /^ {2}funnel +-> .*discussion/m, 'funnel uses the discussion');
  assert.match(r.out, /^ {2}discussion +-> notifications$/m, 'the discussion uses no feature that has one');
  assert.match(r.out, /rules of the house: kept/);
});

test('a feature reaching into another feature\'s private file is caught', (t) => {
  const root = copy(t);
  plant(root, 'features/discussion/comments.c', '#include "features/funnel/internal.h"');
  const r = check(root);
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /src\/features\/discussion\/comments\.c:\d+: #include "features\/funnel\/internal\.h": another feature is used only through its public header "features\/funnel\/funnel\.h"/);
});

test('an include that closes a circle between features is caught, with the circle', (t) => {
  const root = copy(t);
  // discussion -> notifications exists; notifications -> discussion closes it
  plant(root, 'features/notifications/notify.c', '#include "features/discussion/discussion.h"');
  const r = check(root);
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /closes the circle (discussion -> notifications -> discussion|notifications -> discussion -> notifications)/);
});

test('the kernel including a feature, or a layer above its own, is caught', (t) => {
  const root = copy(t);
  plant(root, 'store/db.c', '#include "features/funnel/funnel.h"');
  plant(root, 'base/buf.c', '#include "store/db.h"');
  plant(root, 'features/site/home.c', '#include "features_routes.def"');
  const r = check(root);
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /src\/store\/db\.c:\d+: .*the kernel never includes a feature/);
  assert.match(r.out, /src\/base\/buf\.c:\d+: .*the base layer does not include store/);
  assert.match(r.out, /src\/features\/site\/home\.c:\d+: .*only the kernel collects this list/);
  assert.match(r.out, /3 broken rule\(s\)/);
});
