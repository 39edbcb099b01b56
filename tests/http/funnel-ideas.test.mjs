// Ideas: the form with its preview step and similar ideas, validation,
// the open idea box, closed challenges, the idea page, official answers,
// hiding, the five orders and the query budget.  SQLite and PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, BACKEND } from './lib.mjs';
import {
  person, createChallenge, submitIdea, queries, postForm, ideaIds, nextHref, support, comment,
} from './funnel-helpers.mjs';

let srv;
let admin;
let open;
before(async () => {
  srv = await startServer({ seed: false });
  admin = await person(srv, { role: 'admin', name: 'Amt Admin' });
  open = await createChallenge(admin, { title: 'Ideen für den Park' });
});
after(async () => { await srv.stop(); });

test(`[${BACKEND}] submitting needs an account; the form is there for those logged in`, async () => {
  const anon = new Client(srv.base);
  let r = await anon.get(`/challenges/${open}/ideas/new`);
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /^\/account\/login\?next=/);
  r = await anon.get('/ideas/new');
  assert.equal(r.status, 303);
  const u = await person(srv);
  r = await u.get(`/challenges/${open}/ideas/new`);
  assert.equal(r.status, 200);
  assert.match(r.text, /<h1>Idee einreichen<\/h1>/);
  assert.match(r.text, /data-similar-url="\/ideas\/similar\?challenge=\d+"/);
  assert.match(r.text, /name="step" value="preview"/);
  assert.doesNotMatch(r.text, /name="step" value="submit"/, 'the final button comes with the preview');
  assert.equal((await u.get('/challenges/999999/ideas/new')).status, 404);
});

test(`[${BACKEND}] bad input: every problem next to its field, input kept, nothing written`, async () => {
  const u = await person(srv, { lang: 'en' });
  const _csrf = await u.csrf(`/challenges/${open}/ideas/new`);
  const r = await u.post(`/challenges/${open}/ideas/new`, {
    _csrf, step: 'submit', title: 'Hm', body: 'zu kurz', lat: '123', lon: 'east', address: 'a'.repeat(201),
  });
  assert.equal(r.status, 422);
  assert.match(r.text, /The title needs 5 to 150 characters\./);
  assert.match(r.text, /The description needs 20 to 20,000 characters\./);
  assert.match(r.text, /Enter a latitude between -90 and 90/);
  assert.match(r.text, /Enter a longitude between -180 and 180/);
  assert.match(r.text, /The address can have at most 200 characters\./);
  assert.match(r.text, /id="title-error" class="field-error"/);
  assert.match(r.text, /aria-describedby="title-hint title-error" aria-invalid="true"/);
  assert.match(r.text, /value="Hm"/);
  assert.match(r.text, /<textarea id="body"[^>]*>zu kurz<\/textarea>/);
  assert.match(r.text, /href="#lat"/);
  // Half a location.
  const r2 = await u.post(`/challenges/${open}/ideas/new`, {
    _csrf, step: 'submit', title: 'Nur ein Wert', body: 'Eine Idee mit nur einer Koordinate.', lat: '52.0', lon: '',
  });
  assert.equal(r2.status, 422);
  assert.match(r2.text, /id="lon-error"/);
  const page = await u.get(`/challenges/${open}`);
  assert.doesNotMatch(page.text, /Nur ein Wert|>Hm</);
});

test(`[${BACKEND}] the preview shows the text and similar ideas; only the final step writes`, async () => {
  const a = await person(srv, { name: 'Erste Person' });
  const first = await submitIdea(a, open, { title: 'Mehr Sitzbänke im Stadtpark', body: 'Ältere Menschen brauchen mehr Pausen.' });
  const u = await person(srv);
  const _csrf = await u.csrf(`/challenges/${open}/ideas/new`);
  const form = {
    _csrf, title: 'Schattige Bänke für den Stadtpark', body: '**Bäume** pflanzen und <b>Bänke</b> dazu.\n\n<script>alert(1)</script>',
    lat: '52.02', lon: '8.53', address: 'Stadtpark, Eingang Nord', topics: '9',
  };
  let r = await u.post(`/challenges/${open}/ideas/new`, { ...form, step: 'preview' });
  assert.equal(r.status, 200);
  assert.match(r.text, /<h1>Ihre Idee prüfen<\/h1>/);
  assert.match(r.text, /<strong>Bäume<\/strong>/);
  assert.doesNotMatch(r.text, /<script>alert|<b>Bänke<\/b>/, 'raw HTML is dropped');
  assert.match(r.text, new RegExp(`<a href="/ideas/${first}" lang="de">Mehr Sitzbänke im Stadtpark</a>`));
  assert.match(r.text, /name="step" value="submit"/);
  assert.match(r.text, /id="topic-environment" name="topics" value="9" checked/);
  assert.match(r.text, /value="Stadtpark, Eingang Nord"/);
  let page = await u.get(`/challenges/${open}`);
  assert.doesNotMatch(page.text, /Schattige Bänke/, 'the preview wrote nothing');
  // Without a step (a browser that drops the button name): a preview too.
  r = await u.post(`/challenges/${open}/ideas/new`, form);
  assert.equal(r.status, 200);
  assert.match(r.text, /Ihre Idee prüfen/);
  r = await u.post(`/challenges/${open}/ideas/new`, { ...form, step: 'submit' });
  assert.equal(r.status, 303);
  const id = Number(r.headers.get('location').split('/').pop());
  page = await new Client(srv.base).get(`/ideas/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<h1 lang="de">Schattige Bänke für den Stadtpark<\/h1>/);
  assert.match(page.text, /<strong>Bäume<\/strong>/);
  assert.doesNotMatch(page.text, /<script>alert/);
  assert.match(page.text, /Umwelt &amp; Grün/);
  assert.match(page.text, /Stadtpark, Eingang Nord<\/span> \(52\.02000, 8\.53000\)/);
  assert.match(page.text, /Status:<\/span> <strong>Eingereicht<\/strong>/);
  assert.match(page.text, /Ideen für den Park/, 'the challenge is linked');
  const challenge = await new Client(srv.base).get(`/challenges/${open}`);
  assert.match(challenge.text, /<dt>Ideen<\/dt><dd>2<\/dd>/);
});

test(`[${BACKEND}] suggestions while typing: a small JSON list from the same challenge`, async () => {
  const other = await createChallenge(admin, { title: 'Andere Frage' });
  const u = await person(srv);
  await submitIdea(u, open, { title: 'Trinkbrunnen am Spielplatz' });
  await submitIdea(u, other, { title: 'Trinkbrunnen am Bahnhof' });
  let r = await u.get(`/ideas/similar?challenge=${open}&title=${encodeURIComponent('Neue TRINKBRUNNEN bitte')}`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /application\/json/);
  const data = JSON.parse(r.text);
  assert.deepEqual(data.items.map((i) => i.title), ['Trinkbrunnen am Spielplatz']);
  assert.match(data.items[0].url, /^\/ideas\/\d+$/);
  r = await u.get(`/ideas/similar?challenge=${open}&title=ab`);
  assert.deepEqual(JSON.parse(r.text).items, []);
  r = await u.get('/ideas/similar?challenge=abc&title=Trinkbrunnen');
  assert.equal(r.status, 400);
});

test(`[${BACKEND}] the open idea box takes ideas without a challenge`, async () => {
  const u = await person(srv);
  const id = await submitIdea(u, 0, { title: 'Offene Werkstatt im Rathaus', address: 'Rathaus' });
  const box = await new Client(srv.base).get('/ideas');
  assert.equal(box.status, 200);
  assert.match(box.text, /<h1>Offener Ideenkasten<\/h1>/);
  assert.ok(ideaIds(box.text).includes(id));
  const page = await new Client(srv.base).get(`/ideas/${id}`);
  assert.match(page.text, /<a href="\/ideas">Offener Ideenkasten<\/a>/);
  const challenge = await new Client(srv.base).get(`/challenges/${open}`);
  assert.ok(!ideaIds(challenge.text).includes(id));
});

test(`[${BACKEND}] a challenge that is not open refuses new ideas and writes nothing`, async () => {
  const c = await createChallenge(admin, { title: 'Bald vorbei' });
  const u = await person(srv);
  const _csrf = await u.csrf(`/challenges/${c}/ideas/new`);
  const page = await admin.get(`/challenges/${c}`);
  const at = page.text.match(/name="_csrf" value="([^"]+)"/)[1];
  assert.equal((await admin.post(`/challenges/${c}/phase`, { _csrf: at, phase: 'evaluation' })).status, 303);
  let r = await u.get(`/challenges/${c}/ideas/new`);
  assert.equal(r.status, 403);
  assert.match(r.text, /nimmt \(noch oder nicht mehr\) keine Ideen an/);
  r = await u.post(`/challenges/${c}/ideas/new`, {
    _csrf, step: 'submit', title: 'Zu spät gekommen', body: 'Diese Idee kommt nach der Frist.',
  });
  assert.equal(r.status, 403);
  const p = await new Client(srv.base).get(`/challenges/${c}`);
  assert.doesNotMatch(p.text, /Zu spät gekommen/);
  assert.match(p.text, /<dt>Ideen<\/dt><dd>0<\/dd>/);
  assert.doesNotMatch(p.text, /ideas\/new"/, 'no submit button either');
});

test(`[${BACKEND}] official answers: admins only, transitions checked, visible to everyone`, async () => {
  const author = await person(srv, { name: 'Ida Autorin' });
  const id = await submitIdea(author, open, { title: 'Ein Antwortkandidat' });
  const evaluator = await person(srv, { role: 'evaluator' });
  let _csrf = await evaluator.csrf('/account');
  let r = await evaluator.post(`/ideas/${id}/status`, { _csrf, status: 'selected', answer: 'Ja.' });
  assert.equal(r.status, 403);
  _csrf = await author.csrf('/account');
  r = await author.post(`/ideas/${id}/status`, { _csrf, status: 'selected', answer: 'Selbst gewählt.' });
  assert.equal(r.status, 403);
  let page = await admin.get(`/ideas/${id}`);
  assert.match(page.text, /<select id="status" name="status">/);
  assert.doesNotMatch(page.text, /<option value="submitted"/, 'only statuses that may follow');
  _csrf = page.text.match(/name="_csrf" value="([^"]+)"/)[1];
  r = await admin.post(`/ideas/${id}/status`, { _csrf, status: 'shortlisted', answer: '' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Schreiben Sie die offizielle Antwort\./);
  r = await admin.post(`/ideas/${id}/status`, { _csrf, status: 'flying', answer: 'Hm.' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Dieser Status kann nicht auf den jetzigen folgen/);
  r = await admin.post(`/ideas/${id}/status`, { _csrf, status: 'shortlisted', answer: 'Gute Idee!\nWir prüfen die Kosten.' });
  assert.equal(r.status, 303);
  page = await new Client(srv.base).get(`/ideas/${id}`);
  assert.match(page.text, /<strong>In der engeren Wahl<\/strong>/);
  assert.match(page.text, /<p class="answer-text">Gute Idee!\nWir prüfen die Kosten\.<\/p>/);
  // No way back on the main line.
  r = await admin.post(`/ideas/${id}/status`, { _csrf, status: 'in_review', answer: 'Zurück.' });
  assert.equal(r.status, 422);
  page = await new Client(srv.base, { lang: 'en' }).get(`/ideas/${id}`);
  assert.match(page.text, /<strong>Shortlisted<\/strong>/);
  assert.match((await admin.get('/admin')).text, /idea\.status/);
});

test(`[${BACKEND}] moderators hide an idea: gone for others, comments refused`, async () => {
  const author = await person(srv);
  const id = await submitIdea(author, open, { title: 'Wird ausgeblendet' });
  const u = await person(srv);
  let _csrf = await u.csrf('/account');
  assert.equal((await u.post(`/ideas/${id}/hide`, { _csrf })).status, 403);
  const mod = await person(srv, { role: 'moderator' });
  _csrf = await mod.csrf('/account');
  assert.equal((await mod.post(`/ideas/${id}/hide`, { _csrf })).status, 303);
  // Gone, but not silently: the page says the moderators hid it (410), without its text.
  for (const who of [new Client(srv.base), author]) {
    const gone = await who.get(`/ideas/${id}`);
    assert.equal(gone.status, 410);
    assert.match(gone.text, /Die Moderation hat diese Idee ausgeblendet/);
    assert.doesNotMatch(gone.text, /Wird ausgeblendet/);
  }
  assert.ok(!ideaIds((await u.get(`/challenges/${open}`)).text).includes(id));
  const seen = await mod.get(`/ideas/${id}`);
  assert.equal(seen.status, 200);
  assert.match(seen.text, /Diese Idee ist ausgeblendet/);
  const r = await comment(mod, `/ideas/${id}`, 'Auch Moderation kann hier nicht kommentieren.');
  assert.equal(r.status, 403);
  assert.match(r.text, /ausgeblendet und kann nicht kommentiert werden/);
  _csrf = await u.csrf('/account');
  assert.equal((await u.post(`/ideas/${id}/comments`, { _csrf, body: 'Hallo' })).status, 403);
  assert.equal((await support(u, id)).status, 404);
  assert.equal((await mod.post(`/ideas/${id}/hide`, { _csrf: await mod.csrf('/account') })).status, 303);
  assert.equal((await new Client(srv.base).get(`/ideas/${id}`)).status, 200, 'shown again');
});

test(`[${BACKEND}] five orders: newest, most supported, trending, most discussed, random`, async () => {
  const s = await startServer({ seed: false });
  try {
    const a = await person(s, { role: 'admin' });
    const c = await createChallenge(a, { title: 'Reihenfolgen' });
    const author = await person(s);
    const ids = [];
    for (let i = 0; i < 23; i++) ids.push(await submitIdea(author, c, { title: `Idee ${String(i).padStart(2, '0')} zum Testen` }));
    const fans = [];
    for (let i = 0; i < 3; i++) fans.push(await person(s));
    // ids[5]: 3 supports, ids[7]: 2, ids[9]: 1.  ids[11]: 2 comments, ids[3]: 1.
    for (const f of fans) assert.equal((await support(f, ids[5])).status, 303);
    for (const f of fans.slice(0, 2)) assert.equal((await support(f, ids[7])).status, 303);
    assert.equal((await support(fans[0], ids[9])).status, 303);
    await comment(fans[0], `/ideas/${ids[11]}`, 'Eins');
    await comment(fans[1], `/ideas/${ids[11]}`, 'Zwei');
    await comment(fans[1], `/ideas/${ids[3]}`, 'Drei');
    const v = new Client(s.base);
    let r = await v.get(`/challenges/${c}`);
    assert.deepEqual(ideaIds(r.text), ids.slice(3).reverse(), 'newest first, 20 per page');
    r = await v.get(nextHref(r.text));
    assert.deepEqual(ideaIds(r.text), ids.slice(0, 3).reverse());
    r = await v.get(`/challenges/${c}?order=supported`);
    assert.deepEqual(ideaIds(r.text).slice(0, 4), [ids[5], ids[7], ids[9], ids[22]]);
    const supportedAll = [...ideaIds(r.text), ...ideaIds((await v.get(nextHref(r.text))).text)];
    assert.equal(new Set(supportedAll).size, 23, 'keyset pages neither skip nor repeat');
    r = await v.get(`/challenges/${c}?order=discussed`);
    assert.deepEqual(ideaIds(r.text).slice(0, 2), [ids[11], ids[3]]);
    // Trending: recent support weighs more; a fresh support lifts ids[0].
    r = await v.get(`/challenges/${c}?order=trending`);
    assert.deepEqual(ideaIds(r.text).slice(0, 3), [ids[5], ids[7], ids[9]]);
    const trendAll = [...ideaIds(r.text), ...ideaIds((await v.get(nextHref(r.text))).text)];
    assert.equal(new Set(trendAll).size, 23);
    // Random: the same order on every visit with one seed, another with another.
    const order = async (seed, page = 1) => ideaIds((await v.get(`/challenges/${c}?order=random&seed=${seed}&page=${page}`)).text);
    const a1 = await order(12345);
    assert.deepEqual(await order(12345), a1);
    assert.equal(a1.length, 20);
    const a2 = await order(12345, 2);
    assert.equal(new Set([...a1, ...a2]).size, 23, 'pages of one seed cover everything once');
    assert.notDeepEqual(await order(987654321), a1);
    // The order is the documented formula (features/funnel/rules.h), computed in SQL.
    const P = 2147483647n;
    const params = (seed) => {
      const sd = BigInt(seed);
      const mult = sd % (P - 1n) + 1n;
      const add = (sd / (P - 1n)) % P;
      const mix = ((sd >> 17n) ^ ((sd * 2654435761n) & 0xffffffffffffffffn)) & 0xffffffffffffffffn;
      const mult2 = mix % (P - 1n) + 1n;
      return { mult, add, mult2 };
    };
    const { mult, add, mult2 } = params(12345);
    const key = (id) => { const k = (BigInt(id) * mult + add) % P; return ((k * k) % P * mult2 + k) % P; };
    const expected = [...ids].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : x - y));
    assert.deepEqual([...a1, ...a2], expected);
    // A visitor without a seed gets one in a cookie, and keeps it.
    const w = new Client(s.base);
    r = await w.get(`/challenges/${c}?order=random`);
    assert.ok(w.cookies.has('oic_seed'));
    const seeded = ideaIds(r.text);
    assert.deepEqual(ideaIds((await w.get(`/challenges/${c}?order=random`)).text), seeded);
    assert.match(nextHref(r.text), new RegExp(`seed=${w.cookies.get('oic_seed')}&page=2`));
  } finally {
    await s.stop();
  }
});

test(`[${BACKEND}] an idea page costs the same queries with 0 or 25 comments with replies`, async () => {
  const u = await person(srv);
  const quiet = await submitIdea(u, open, { title: 'Eine stille Idee' });
  const busy = await submitIdea(u, open, { title: 'Eine lebhafte Idee' });
  for (let i = 0; i < 25; i++) {
    const r = await comment(u, `/ideas/${busy}`, `Kommentar ${i}`);
    const id = r.headers.get('location').match(/comment-(\d+)/)[1];
    await comment(u, `/ideas/${busy}`, `Antwort ${i}`, id);
  }
  for (const c of [new Client(srv.base), u, admin]) {
    const q0 = queries(await c.get(`/ideas/${quiet}`));
    const r = await c.get(`/ideas/${busy}`);
    assert.equal((r.text.match(/<li class="comment"/g) || []).length, 40);
    assert.equal(queries(r), q0 + 1, 'only the replies query is added');
    assert.ok(queries(r) <= 8, `idea page: ${queries(r)} queries`);
  }
  const box1 = queries(await new Client(srv.base).get('/ideas'));
  await submitIdea(u, 0, { title: 'Noch eine Kastenidee' });
  assert.equal(queries(await new Client(srv.base).get('/ideas')), box1);
});
