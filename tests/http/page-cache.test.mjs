// page-cache.test.mjs - the per-node cache of anonymous responses
// (http/page_cache.c, app/app.c): what it answers, what it never keeps,
// and that a write on the node is visible at once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, execSql, startServer } from './lib.mjs';
import { comment, createChallenge, ideaIds, person, submitIdea, support } from './funnel-helpers.mjs';

async function cacheMetrics(base) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const m = {};
  for (const [, name, value] of text.matchAll(/^oic_page_cache_(\w+) (\d+)$/gm)) m[name] = Number(value);
  assert.ok('hits_total' in m, 'page cache metrics are published');
  return m;
}

async function get(base, path, headers = {}) {
  const res = await fetch(base + path, { headers, redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

function firstChallenge(html) {
  return Number(html.match(/href="\/challenges\/(\d+)"/)[1]);
}

describe('page cache on (long TTL: only writes make pages fresh)', () => {
  let srv;
  let challengeId;
  let admin;
  before(async () => {
    // A TTL of a minute: whatever a test sees change, a write made it
    // change, not the clock.
    srv = await startServer({ env: { OIC_PAGE_CACHE_TTL: '60' } });
    challengeId = firstChallenge((await get(srv.base, '/challenges')).text);
    admin = await person(srv, { role: 'admin' });
  });
  after(async () => { await srv.stop(); });

  test('a second anonymous GET is a hit with identical bytes', async () => {
    for (const path of ['/', '/challenges', `/challenges/${challengeId}`, '/api/v1/challenges',
      '/feeds/challenges.atom', '/projects', '/search?q=Rad', '/map']) {
      const m0 = await cacheMetrics(srv.base);
      const a = await get(srv.base, path);
      const m1 = await cacheMetrics(srv.base);
      const b = await get(srv.base, path);
      const m2 = await cacheMetrics(srv.base);
      assert.equal(a.status, 200, path);
      assert.equal(b.text, a.text, `${path}: same bytes from the cache`);
      assert.equal(b.headers.get('content-type'), a.headers.get('content-type'), path);
      assert.equal(b.headers.get('content-security-policy'), a.headers.get('content-security-policy'), path);
      assert.equal(m1.stores_total, m0.stores_total + 1, `${path}: first GET stored`);
      assert.equal(m2.hits_total, m1.hits_total + 1, `${path}: second GET was a hit`);
      assert.equal(m2.stores_total, m1.stores_total, `${path}: nothing stored again`);
    }
  });

  test('query fields in another order are the same page; HEAD has no body', async () => {
    const m0 = await cacheMetrics(srv.base);
    const a = await get(srv.base, `/challenges/${challengeId}?order=supported&x=1`);
    const b = await get(srv.base, `/challenges/${challengeId}?x=1&order=supported`);
    const m1 = await cacheMetrics(srv.base);
    assert.equal(m1.hits_total, m0.hits_total + 1);
    assert.deepEqual(ideaIds(b.text), ideaIds(a.text));
    const head = await fetch(`${srv.base}/challenges/${challengeId}?order=supported&x=1`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal((await head.text()).length, 0);
    const again = await get(srv.base, `/challenges/${challengeId}?order=supported&x=1`);
    assert.equal(again.text, a.text, 'a HEAD never leaves an empty body for GET');
  });

  test('ETag: a matching If-None-Match gets 304', async () => {
    const a = await get(srv.base, '/projects');
    const etag = a.headers.get('etag');
    assert.match(etag, /^"[0-9a-f]{16}"$/);
    const b = await fetch(`${srv.base}/projects`, { headers: { 'if-none-match': etag } });
    assert.equal(b.status, 304);
    assert.equal(b.headers.get('etag'), etag);
    const c = await fetch(`${srv.base}/projects`, { headers: { 'if-none-match': '"0000000000000000"' } });
    assert.equal(c.status, 200);
  });

  test('a logged-in user is never served from nor stored into the cache', async () => {
    await get(srv.base, '/challenges'); // an anonymous copy is in the cache
    const m0 = await cacheMetrics(srv.base);
    const r1 = await admin.get('/challenges');
    const r2 = await admin.get('/challenges');
    const m1 = await cacheMetrics(srv.base);
    assert.equal(r1.status, 200);
    assert.ok(r2.text.includes('/account/logout'), 'the page is the logged-in one');
    assert.equal(m1.hits_total, m0.hits_total, 'no hit');
    assert.equal(m1.misses_total, m0.misses_total, 'not even looked up');
    assert.equal(m1.stores_total, m0.stores_total, 'not stored');
    const anon = await get(srv.base, '/challenges');
    assert.ok(!anon.text.includes('/account/logout'), 'anonymous page has no logged-in parts');
    // A session cookie that is not valid (expired, forged) also bypasses.
    const m2 = await cacheMetrics(srv.base);
    await get(srv.base, '/challenges', { cookie: 'oic_session=AAAA' });
    const m3 = await cacheMetrics(srv.base);
    assert.equal(m3.hits_total, m2.hits_total);
    assert.equal(m3.misses_total, m2.misses_total);
    // An API request with a token is not anonymous either.
    const m4 = await cacheMetrics(srv.base);
    await get(srv.base, '/api/v1/challenges', { authorization: 'Bearer x' });
    const m5 = await cacheMetrics(srv.base);
    assert.equal(m5.hits_total + m5.misses_total, m4.hits_total + m4.misses_total);
  });

  test('a new idea, a comment and a support show at once to anonymous visitors', async () => {
    const user = await person(srv);
    const cid = await createChallenge(admin, { title: 'Offen für Ideen' });
    const title = `Cache-Idee ${Date.now()}`;
    const before1 = await get(srv.base, `/challenges/${cid}`);
    await get(srv.base, `/challenges/${cid}`); // now cached
    assert.ok(!before1.text.includes(title));
    const ideaId = await submitIdea(user, cid, { title });
    const after1 = await get(srv.base, `/challenges/${cid}`);
    assert.ok(after1.text.includes(title), 'the new idea is on the anonymous challenge page');

    const text = `Ein Kommentar ${Date.now()}`;
    await get(srv.base, `/ideas/${ideaId}`);
    await get(srv.base, `/ideas/${ideaId}`);
    const api0 = JSON.parse((await get(srv.base, `/api/v1/ideas/${ideaId}`)).text);
    const c = await comment(user, `/ideas/${ideaId}`, text);
    assert.equal(c.status, 303);
    assert.ok((await get(srv.base, `/ideas/${ideaId}`)).text.includes(text), 'the comment shows');
    const api1 = JSON.parse((await get(srv.base, `/api/v1/ideas/${ideaId}`)).text);
    assert.equal(api1.comments, api0.comments + 1, 'the API counts it');

    const s = await support(admin, ideaId);
    assert.equal(s.status, 303);
    const api2 = JSON.parse((await get(srv.base, `/api/v1/ideas/${ideaId}`)).text);
    assert.equal(api2.supports, api1.supports + 1, 'the support counts at once');
  });

  test('a response that sets a cookie is not kept; a random order is never shared', async () => {
    const cid = await createChallenge(admin, { title: 'Zufallsreihenfolge' });
    const user = await person(srv);
    for (let i = 0; i < 8; i++) await submitIdea(user, cid, { title: `Zufall ${i}` });
    const path = `/challenges/${cid}?order=random`;
    const m0 = await cacheMetrics(srv.base);
    const fresh = await get(srv.base, path);
    assert.match(fresh.headers.get('set-cookie') || '', /oic_seed=/);
    const m1 = await cacheMetrics(srv.base);
    assert.equal(m1.stores_total, m0.stores_total, 'a page that sets a cookie is not stored');

    // Two visitors with their own seeds: each sees their own order, again
    // and again, and the order their seed gives.
    const orderOf = async (seed) => ideaIds((await get(srv.base, path, { cookie: `oic_seed=${seed}` })).text);
    const a1 = await orderOf(11);
    const b1 = await orderOf(987654321);
    const a2 = await orderOf(11);
    const b2 = await orderOf(987654321);
    assert.deepEqual(a2, a1);
    assert.deepEqual(b2, b1);
    assert.notDeepEqual(a1, b1, 'different seeds, different orders');
    assert.deepEqual(ideaIds((await get(srv.base, `/challenges/${cid}?order=random&seed=11`)).text), a1);
    const m2 = await cacheMetrics(srv.base);
    assert.equal(m2.stores_total, m1.stores_total, 'a page that read the seed cookie is not stored');
  });

  test('German and English versions do not mix', async () => {
    for (const path of ['/', `/challenges/${challengeId}`, '/imprint']) {
      for (let i = 0; i < 2; i++) {
        const de = await get(srv.base, path, { 'accept-language': 'de-DE,de;q=0.9' });
        const en = await get(srv.base, path, { 'accept-language': 'en-GB,en;q=0.9' });
        const cookieEn = await get(srv.base, path, { 'accept-language': 'de', cookie: 'lang=en' });
        const cookieDe = await get(srv.base, path, { 'accept-language': 'en', cookie: 'lang=de' });
        assert.match(de.text, /<html lang="de"/, path);
        assert.match(en.text, /<html lang="en"/, path);
        assert.match(cookieEn.text, /<html lang="en"/, `${path}: the cookie wins`);
        assert.match(cookieDe.text, /<html lang="de"/, `${path}: the cookie wins`);
      }
    }
    const apiDe = await get(srv.base, '/api/v1/ideas/999999', { 'accept-language': 'de' });
    const apiEn = await get(srv.base, '/api/v1/ideas/999999', { 'accept-language': 'en' });
    assert.notEqual(apiDe.text, apiEn.text, 'API errors follow Accept-Language');
  });

  test('pages that are personal or have their own caching are never cached', async () => {
    const m0 = await cacheMetrics(srv.base);
    for (const path of ['/account/login', '/account/register', '/healthz', '/metrics',
      '/lang?to=en&next=%2F', `/challenges/${challengeId}/ideas/new`]) {
      await new Client(srv.base).get(path);
      await new Client(srv.base).get(path);
    }
    const m1 = await cacheMetrics(srv.base);
    assert.equal(m1.stores_total, m0.stores_total);
    assert.equal(m1.hits_total, m0.hits_total);
  });
});

describe('page cache freshness and limits', () => {
  test('a change behind the server is seen after the TTL (as on another node)', async () => {
    const ttlMs = 3000;
    const srv = await startServer({ env: { OIC_PAGE_CACHE_TTL: String(ttlMs / 1000) } });
    try {
      const cid = firstChallenge((await get(srv.base, '/challenges')).text);
      // Within the TTL the node must answer from memory.  On a loaded CI
      // machine (sanitizer build, sqlite3 shell waiting for the write lock)
      // the rename and the second request can together take longer than the
      // TTL; such a round proves nothing about the cache, so it is repeated
      // with a new title, at most three times.  Only a round that finished
      // inside the TTL is asserted, and one of them must.
      let proved = false;
      for (let round = 1; round <= 3 && !proved; round++) {
        const title = `Umbenannt von anderswo ${round}`;
        await new Promise((r) => setTimeout(r, ttlMs + 200)); // a fresh entry below
        const t0 = Date.now();
        const a = await get(srv.base, `/challenges/${cid}`);
        // Another node (here: SQL behind the server's back) renames it.
        execSql(srv.store.url, `UPDATE challenges SET title = '${title}' WHERE id = ${cid}`);
        const b = await get(srv.base, `/challenges/${cid}`);
        if (Date.now() - t0 >= ttlMs - 100) continue;
        assert.equal(b.text, a.text, 'within the TTL the node answers from memory');
        await new Promise((r) => setTimeout(r, ttlMs + 200));
        const c = await get(srv.base, `/challenges/${cid}`);
        assert.ok(c.text.includes(title), 'after the TTL the change shows');
        proved = true;
      }
      assert.ok(proved, 'one of three rounds finished within the TTL');
    } finally {
      await srv.stop();
    }
  });

  test('OIC_PAGE_CACHE_TTL=0 turns the cache off', async () => {
    const srv = await startServer({ env: { OIC_PAGE_CACHE_TTL: '0' } });
    try {
      const a = await get(srv.base, '/challenges');
      await get(srv.base, '/challenges');
      const m = await cacheMetrics(srv.base);
      assert.equal(m.max_bytes, 0);
      assert.equal(m.hits_total, 0);
      assert.equal(m.misses_total, 0);
      assert.equal(m.stores_total, 0);
      assert.equal(a.headers.get('etag'), null);
    } finally {
      await srv.stop();
    }
  });

  test('a bad OIC_PAGE_CACHE_TTL is refused at start', async () => {
    await assert.rejects(startServer({ env: { OIC_PAGE_CACHE_TTL: 'soon' } }), /OIC_PAGE_CACHE_TTL/);
  });

  test('a job that keeps back-office tables leaves the cached pages alone', async () => {
    // The analytics snapshot is written by a job at start and every hour;
    // it changes no page a visitor reads, so it must not empty the cache
    // (it did, and a test of this file failed whenever the first snapshot
    // ran in the middle of it).
    const srv = await startServer({ env: { OIC_PAGE_CACHE_TTL: '60' } });
    try {
      const sql = (q) => execSql(srv.store.url, q);
      const snapshotMade = async () => {
        for (let i = 0; i < 400 && sql('SELECT count(*) FROM analytics_snapshots') === '0'; i++) {
          await new Promise((r) => setTimeout(r, 25));
        }
        assert.equal(sql('SELECT count(*) FROM analytics_snapshots'), '1', 'the job made its snapshot');
      };
      await snapshotMade();
      await get(srv.base, '/challenges');
      const m0 = await cacheMetrics(srv.base);
      // Run the job again now (its next run waits an hour).
      sql('DELETE FROM analytics_snapshots');
      sql("UPDATE jobs SET run_at = 0 WHERE kind = 'analytics.snapshot' AND done_at IS NULL");
      await snapshotMade();
      const a = await get(srv.base, '/challenges');
      assert.equal(a.status, 200);
      const m1 = await cacheMetrics(srv.base);
      assert.equal(m1.hits_total, m0.hits_total + 1, 'the page stayed in the cache across the job');
      assert.equal(m1.stores_total, m0.stores_total, 'nothing stored again');
    } finally {
      await srv.stop();
    }
  });

  test('the memory limit holds with many distinct URLs', async () => {
    const srv = await startServer({ env: { OIC_PAGE_CACHE_TTL: '60', OIC_PAGE_CACHE_MB: '1' } });
    try {
      const cid = firstChallenge((await get(srv.base, '/challenges')).text);
      const stored0 = (await cacheMetrics(srv.base)).stores_total;
      let total = 0;
      for (let i = 0; i < 500; i++) {
        const r = await get(srv.base, `/challenges/${cid}?v=${i}`);
        assert.equal(r.status, 200);
        total += r.text.length;
      }
      assert.ok(total > 2 * 1024 * 1024, `the pages (${total} bytes) are more than the limit`);
      const m = await cacheMetrics(srv.base);
      assert.equal(m.max_bytes, 1024 * 1024);
      assert.ok(m.bytes <= 1024 * 1024, `bytes ${m.bytes} under the limit`);
      assert.ok(m.bytes > 512 * 1024, `the cache is used (${m.bytes} bytes)`);
      assert.ok(m.evictions_total > 0, 'old entries were evicted');
      assert.equal(m.stores_total - stored0, 500);
      // The most recent page is still there.
      const m0 = await cacheMetrics(srv.base);
      await get(srv.base, `/challenges/${cid}?v=499`);
      assert.equal((await cacheMetrics(srv.base)).hits_total, m0.hits_total + 1);
    } finally {
      await srv.stop();
    }
  });
});
