// oic seed --synthetic: the benchmark's city.  Its counters must agree
// with the rows they count, it must be the same city for the same seed,
// go only into an empty store, and leave the store usable: after it, the
// application's own inserts get fresh ids (PostgreSQL's identity
// sequences moved past the explicit ids) and the synthetic accounts log in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { oic, freshStore, startServer, Client, BACKEND } from './lib.mjs';

const SMALL = ['--accounts', '300', '--organisations', '40', '--challenges', '12', '--ideas', '600',
  '--supports', '6000', '--comments', '3000', '--events', '30', '--projects', '3'];
const NOW = '1790000000'; // 2026-09-21, fixed so that two runs are comparable

function sql(store, q) {
  const r = BACKEND === 'postgres'
    ? spawnSync('psql', [store.url, '-qAt', '-F', '|', '-c', q], { encoding: 'utf8' })
    : spawnSync('sqlite3', ['-separator', '|', store.url.slice(7), q], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${q}: ${r.stderr}`);
  return r.stdout.trim();
}

function seeded(args = SMALL, seed = '7') {
  const st = freshStore();
  let r = oic(['migrate', '--db', st.url]);
  assert.equal(r.code, 0, r.stderr);
  r = oic(['seed', '--synthetic', '--db', st.url, '--seed', seed, '--now', NOW, ...args]);
  return { st, r };
}

// Every counter column against the rows it counts: each query counts the
// rows where they disagree.
const CONSISTENCY = {
  'supports_count per idea': 'SELECT count(*) FROM ideas i WHERE supports_count <> (SELECT count(*) FROM supports s WHERE s.idea_id = i.id)',
  'comments_count per idea': "SELECT count(*) FROM ideas i WHERE comments_count <> (SELECT count(*) FROM comments c WHERE c.subject_type = 'idea' AND c.subject_id = i.id)",
  'comments_count per challenge': "SELECT count(*) FROM challenges h WHERE comments_count <> (SELECT count(*) FROM comments c WHERE c.subject_type = 'challenge' AND c.subject_id = h.id)",
  'ideas_count per challenge': 'SELECT count(*) FROM challenges c WHERE ideas_count <> (SELECT count(*) FROM ideas i WHERE i.challenge_id = c.id)',
  'replies_count per comment': 'SELECT count(*) FROM comments c WHERE replies_count <> (SELECT count(*) FROM comments r WHERE r.parent_id = c.id)',
  'reply depth and subject': 'SELECT count(*) FROM comments c JOIN comments p ON p.id = c.parent_id WHERE c.depth <> p.depth + 1 OR p.subject_id <> c.subject_id OR p.subject_type <> c.subject_type',
  'trend = sum of 2^((t - 2026-01-01) / 3 days)': 'SELECT count(*) FROM ideas i WHERE abs(trend - coalesce((SELECT sum(power(2.0, (s.created - 1767225600) / 259200.0)) FROM supports s WHERE s.idea_id = i.id), 0)) > 1e-9 * (1 + abs(trend))',
  'support before the idea existed': 'SELECT count(*) FROM supports s JOIN ideas i ON i.id = s.idea_id WHERE s.created < i.created',
  "support's challenge is its idea's": 'SELECT count(*) FROM supports s JOIN ideas i ON i.id = s.idea_id WHERE s.challenge_id <> i.challenge_id OR (s.challenge_id IS NULL) <> (i.challenge_id IS NULL)',
  'idea in a draft challenge': "SELECT count(*) FROM ideas i JOIN challenges c ON c.id = i.challenge_id WHERE c.phase = 'draft'",
  'comment by nobody': 'SELECT count(*) FROM comments WHERE author_id IS NULL',
  // root_id: NULL on a top-level comment, else the top-level comment of the thread.
  'root_id of a comment': 'SELECT count(*) FROM comments c LEFT JOIN comments p ON p.id = c.parent_id WHERE (c.parent_id IS NULL AND c.root_id IS NOT NULL) OR (c.parent_id IS NOT NULL AND (c.root_id IS NULL OR c.root_id <> coalesce(p.parent_id, p.id)))',
};

test(`[${BACKEND}] seed --synthetic: the sizes asked for, every counter consistent`, () => {
  const { st, r } = seeded();
  try {
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /synthetic city: 300 accounts, 40 organisations, 12 challenges, 600 ideas, 6000 supports, 3000 comments, 30 events, 3 projects in [\d.]+ s/);
    assert.match(r.stdout, /password synthetic-city/);
    // The load ends with each full-text index merged into one segment.
    assert.match(r.stdout, /^ {2}search index +[\d.]+ s$/m);
    if (BACKEND === 'sqlite') {
      for (const t of ['challenges', 'ideas', 'comments', 'projects', 'events', 'organisations']) {
        assert.equal(sql(st, `SELECT count(DISTINCT segid) FROM ${t}_fts_idx`), '1', `${t}_fts in one segment`);
      }
    }
    const counts = sql(st, 'SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM organisations), (SELECT count(*) FROM challenges), (SELECT count(*) FROM ideas), (SELECT count(*) FROM supports), (SELECT count(*) FROM comments), (SELECT count(*) FROM events), (SELECT count(*) FROM projects), (SELECT count(*) FROM milestones) > 0, (SELECT count(*) FROM partners) > 0');
    assert.equal(counts, BACKEND === 'postgres' ? '300|40|12|600|6000|3000|30|3|t|t' : '300|40|12|600|6000|3000|30|3|1|1');
    for (const [what, q] of Object.entries(CONSISTENCY)) assert.equal(sql(st, q), '0', what);
    // All four sectors take part, and the city has open challenges with ideas.
    assert.equal(sql(st, 'SELECT count(DISTINCT sector) FROM users'), '4');
    assert.ok(Number(sql(st, "SELECT count(*) FROM ideas i JOIN challenges c ON c.id = i.challenge_id WHERE c.phase = 'open'")) > 0);
    // About 30 comments per challenge (at most half of all), none on a draft,
    // so that a small city's discussions are as long as a large one's.
    assert.equal(sql(st, "SELECT count(*) FROM comments WHERE subject_type = 'challenge'"), String(12 * 30));
    assert.equal(sql(st, "SELECT count(*) FROM comments m JOIN challenges c ON c.id = m.subject_id WHERE m.subject_type = 'challenge' AND c.phase = 'draft'"), '0');
    // German text with umlauts, some content in English, its language marked.
    assert.match(sql(st, 'SELECT title FROM ideas ORDER BY id LIMIT 50'), /[äöüß]/);
    assert.equal(sql(st, "SELECT count(*) FROM ideas WHERE lang NOT IN ('de', 'en')"), '0');
    assert.ok(Number(sql(st, "SELECT count(*) FROM ideas WHERE lang = 'en'")) > 0);
  } finally {
    st.cleanup();
  }
});

function fingerprint(st) {
  return [
    'SELECT id, challenge_id, author_id, title, body, status, supports_count, comments_count, created FROM ideas ORDER BY id',
    'SELECT idea_id, user_id, created FROM supports ORDER BY idea_id, user_id',
    'SELECT id, subject_type, subject_id, parent_id, author_id, body, created FROM comments ORDER BY id',
    'SELECT id, email, name, sector, role FROM users ORDER BY id',
  ].map((q) => sql(st, q)).join('\n');
}

test(`[${BACKEND}] seed --synthetic: the same seed gives the same city, another seed another`, () => {
  const a = seeded();
  const b = seeded();
  const c = seeded(SMALL, '8');
  try {
    for (const x of [a, b, c]) assert.equal(x.r.code, 0, x.r.stderr);
    const fa = fingerprint(a.st);
    assert.ok(fa.length > 100000, 'a city of some size');
    assert.equal(fingerprint(b.st), fa, 'same seed, same rows');
    assert.notEqual(fingerprint(c.st), fa, 'another seed, another city');
  } finally {
    a.st.cleanup();
    b.st.cleanup();
    c.st.cleanup();
  }
});

test(`[${BACKEND}] seed --synthetic refuses a store with content and bad sizes, changing nothing`, () => {
  const { st, r } = seeded();
  try {
    assert.equal(r.code, 0, r.stderr);
    const before = sql(st, 'SELECT (SELECT count(*) FROM ideas), (SELECT count(*) FROM users)');
    let again = oic(['seed', '--synthetic', '--db', st.url, ...SMALL]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already has content/);
    assert.equal(again.stderr.trim().split('\n').length, 1, 'one line');
    assert.equal(sql(st, 'SELECT (SELECT count(*) FROM ideas), (SELECT count(*) FROM users)'), before);
    for (const bad of [['--ideas', '-5'], ['--ideas', 'many'], ['--seed', ''], ['--bogus', '1'],
      ['--accounts', '2', '--ideas', '3', '--supports', '7'], ['--accounts', '0', '--ideas', '1', '--supports', '0', '--comments', '0'],
      ['extra']]) {
      again = oic(['seed', '--synthetic', '--db', st.url, ...bad]);
      assert.equal(again.code, 2, `${bad.join(' ')} → 2`);
      assert.ok(again.stderr.length > 0, 'says why');
    }
    assert.equal(sql(st, 'SELECT (SELECT count(*) FROM ideas), (SELECT count(*) FROM users)'), before);
  } finally {
    st.cleanup();
  }
});

test(`[${BACKEND}] after seed --synthetic, new rows get fresh ids and synthetic accounts log in`, async () => {
  const { st, r } = seeded();
  assert.equal(r.code, 0, r.stderr);
  // Ids the application would get next: one past the synthetic ones.
  const next = {
    organisations: "INSERT INTO organisations (name, sector, created) VALUES ('Neu', 'civil', 0) RETURNING id",
    challenges: "INSERT INTO challenges (title, summary, created) VALUES ('Neu', 'Neu', 0) RETURNING id",
    ideas: "INSERT INTO ideas (title, body, created, updated) VALUES ('Neu', 'Neu', 0, 0) RETURNING id",
    comments: "INSERT INTO comments (subject_type, subject_id, body, created) VALUES ('idea', 1, 'Neu', 0) RETURNING id",
    events: "INSERT INTO events (title, summary, kind, starts_at, ends_at, location, created) VALUES ('Neu', 'Neu', 'lab', 0, 0, 'x', 0) RETURNING id",
    projects: "INSERT INTO projects (title, summary, created, updated) VALUES ('Neu', 'Neu', 0, 0) RETURNING id",
  };
  const sizes = { organisations: 40, challenges: 12, ideas: 600, comments: 3000, events: 30, projects: 3 };
  for (const [table, q] of Object.entries(next)) {
    if (BACKEND === 'postgres') {
      assert.equal(sql(st, q).split('\n')[0], String(sizes[table] + 1), table);
    } else {
      // SQLite gives max(rowid) + 1 by itself (its CLI cannot write here:
      // the search triggers need oic's tokenizer); the ids must be 1..n.
      assert.equal(sql(st, `SELECT min(id), max(id), count(*) FROM ${table}`), `1|${sizes[table]}|${sizes[table]}`, table);
    }
  }
  const srv = await startServer({ seed: false, store: st });
  try {
    const email = 'new.person@example.org';
    const c = new Client(srv.base);
    let res = await c.register({ email });
    assert.equal(res.status, 303, 'registering gets a fresh user id');
    assert.equal(sql(st, `SELECT id FROM users WHERE email = '${email}'`), '301');
    const s = new Client(srv.base);
    res = await s.login('synthetic-42@oic.example', 'synthetic-city');
    assert.equal(res.status, 303);
    res = await s.get('/account');
    assert.equal(res.status, 200);
    assert.match(res.text, /synthetic-42@oic\.example/);
    res = await s.get('/');
    assert.equal(res.status, 200);
    assert.match(res.text, /300|301/, 'the home page counts the accounts');
  } finally {
    await srv.stop();
  }
});
