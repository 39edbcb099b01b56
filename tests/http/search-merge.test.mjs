// The job search.merge keeps the full-text indexes in few segments: a city
// whose comments came one transaction each has its comments' index merged
// into one segment when the server starts (the job runs at start, then
// every 10 minutes), and search finds what it found before.  On
// PostgreSQL the job runs and has nothing to do (GIN indexes are kept by
// PostgreSQL itself).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, BACKEND, execSql, freshStore, oic } from './lib.mjs';

const segments = (url) => Number(execSql(url, 'SELECT count(DISTINCT segid) FROM comments_fts_idx'));

async function until(what, fn, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    if (fn()) return;
    if (Date.now() > end) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test(`[${BACKEND}] search.merge merges an index of many segments; search finds the same`, async () => {
  const store = freshStore();
  assert.equal(oic(['migrate', '--db', store.url]).code, 0);
  execSql(store.url, "INSERT INTO ideas (title, body, created, updated) VALUES ('Radwege', 'Mehr Radwege', 1700000000, 1700000000)");
  for (let i = 0; i < 40; i++) {
    execSql(store.url, "INSERT INTO comments (subject_type, subject_id, body, created) " +
      `VALUES ('idea', 1, 'Noch ein Fahrradweg ${i}', ${1700000000 + i})`);
  }
  if (BACKEND === 'sqlite') assert.ok(segments(store.url) > 8, 'one transaction each left many segments');
  const s = await startServer({ seed: false, store });
  try {
    await until('the job search.merge is done', () =>
      execSql(store.url, "SELECT count(*) FROM jobs WHERE kind = 'search.merge' AND done_at IS NOT NULL") === '1');
    if (BACKEND === 'sqlite') assert.equal(segments(store.url), 1);
    // The next run is queued, ten minutes on.
    assert.equal(execSql(store.url, "SELECT count(*) FROM jobs WHERE kind = 'search.merge' AND done_at IS NULL"), '1');
    const r = await new Client(s.base).get('/search?q=Fahrradweg&kind=comment');
    assert.equal(r.status, 200);
    assert.match(r.text, /<label for="kind-comment">Kommentare \(40\)<\/label>/);
    assert.match(r.text, /<p role="status">40 Treffer<\/p>/);
    assert.match(r.text, /Kommentar zu<\/span> <a href="\/ideas\/1#comment-\d+" lang="de">Radwege<\/a>/);
  } finally {
    await s.stop();
    store.cleanup?.();
  }
});
