// Challenges: the list with filters and pages, the challenge page, drafts,
// the admins' forms (create, edit, phase by hand), the phase scheduler,
// permissions and the query budget.  Runs on SQLite and PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, BACKEND } from './lib.mjs';
import {
  person, createChallenge, berlin, queries, postForm, nextHref, submitIdea,
} from './funnel-helpers.mjs';

let srv;
let admin;
before(async () => {
  srv = await startServer({ seed: false });
  admin = await person(srv, { role: 'admin', name: 'Amt Admin' });
});
after(async () => { await srv.stop(); });

test(`[${BACKEND}] admins create a challenge; it shows with its brief, dates and topics`, async () => {
  const id = await createChallenge(admin, {
    title: 'Saubere Luft für alle',
    summary: 'Wie wird die Luft an großen Straßen besser?',
    brief: '# Ziel\n\nWeniger **Stickoxide**.\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))',
    deadline: berlin(7 * 86400),
    supports_per_user: '3',
    sectors: ['government', 'civil'],
    topics: [2, 9],
  });
  const anon = new Client(srv.base);
  const r = await anon.get(`/challenges/${id}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /<h1>Saubere Luft für alle<\/h1>/);
  assert.match(r.text, /Offen für Ideen/, 'an opening date in the past opened it at once');
  // Markdown is rendered safely: headings fit under the page, no script, no javascript: link.
  assert.match(r.text, /<h3>Ziel<\/h3>/);
  assert.match(r.text, /<strong>Stickoxide<\/strong>/);
  assert.doesNotMatch(r.text, /<script>alert/);
  assert.doesNotMatch(r.text, /href="javascript:/);
  assert.match(r.text, /Politik &amp; Verwaltung/);
  assert.match(r.text, /Bürgerschaft &amp; Zivilgesellschaft/);
  assert.doesNotMatch(r.text, /Wirtschaft &amp; Verbände/);
  assert.match(r.text, /href="\/challenges\?topic=climate">Klima &amp; Energie/);
  assert.match(r.text, /href="\/challenges\?topic=environment">Umwelt &amp; Grün/);
  assert.match(r.text, /Unterstützungen pro Person in dieser Herausforderung: 3/);
  assert.match(r.text, /href="\/challenges\/\d+\/ideas\/new"/, 'open: ideas can be submitted');
  assert.doesNotMatch(r.text, /\/edit"/, 'no admin links for visitors');
  // In English too.
  const en = await new Client(srv.base, { lang: 'en' }).get(`/challenges/${id}`);
  assert.match(en.text, /<html lang="en">/);
  assert.match(en.text, /Open for ideas/);
  assert.match(en.text, /<article class="challenge" lang="de">/, 'content keeps its own language');
});

test(`[${BACKEND}] the challenge form refuses bad input with messages next to the fields`, async () => {
  const _csrf = await admin.csrf('/challenges/new');
  const r = await postForm(admin, '/challenges/new', [
    ['_csrf', _csrf], ['title', 'x'], ['summary', 'kurz'], ['brief', ''], ['sponsor', '999999'],
    ['lang', 'de'], ['supports_per_user', '0'], ['opens_at', '2026-02-31T10:00'],
    ['deadline', 'morgen'], ['evaluation_at', ''], ['decided_at', ''], ['implementation_at', ''],
    ['closed_at', ''],
  ]);
  assert.equal(r.status, 422);
  assert.match(r.text, /Der Titel braucht 5 bis 150 Zeichen\./);
  assert.match(r.text, /Die Kurzbeschreibung braucht 10 bis 300 Zeichen\./);
  assert.match(r.text, /Wählen Sie mindestens einen Bereich/);
  assert.match(r.text, /Geben Sie eine Zahl von 1 bis 1000 ein/);
  assert.match(r.text, /id="opens_at-error"/);
  assert.match(r.text, /id="deadline-error"/);
  assert.match(r.text, /value="morgen"/, 'input is kept');
  assert.match(r.text, /aria-invalid="true" aria-describedby="title-error"/);
  // Dates out of phase order.
  const _csrf2 = await admin.csrf('/challenges/new');
  const r2 = await postForm(admin, '/challenges/new', [
    ['_csrf', _csrf2], ['title', 'Termintest'], ['summary', 'Termine in falscher Reihenfolge.'],
    ['sectors', 'civil'], ['lang', 'de'], ['opens_at', berlin(10 * 86400)],
    ['decided_at', berlin(5 * 86400)], ['sponsor', '999999'],
  ]);
  assert.equal(r2.status, 422);
  assert.match(r2.text, /Dieses Datum darf nicht vor dem Datum einer früheren Phase liegen\./);
  // An unknown sponsor is refused by the store and nothing is written.
  const _csrf3 = await admin.csrf('/challenges/new');
  const r3 = await postForm(admin, '/challenges/new', [
    ['_csrf', _csrf3], ['title', 'Sponsorlos'], ['summary', 'Ein Sponsor, den es nicht gibt.'],
    ['sectors', 'civil'], ['lang', 'de'], ['sponsor', '999999'],
  ]);
  assert.equal(r3.status, 422);
  assert.match(r3.text, /Wählen Sie eine der angebotenen Organisationen\./);
  const list = await admin.get('/challenges');
  assert.doesNotMatch(list.text, /Termintest|Sponsorlos/);
});

test(`[${BACKEND}] drafts are invisible to everyone but admins`, async () => {
  const id = await createChallenge(admin, { title: 'Geheimer Entwurf', opens_at: '' });
  const anon = new Client(srv.base);
  assert.equal((await anon.get(`/challenges/${id}`)).status, 404);
  const user = await person(srv);
  assert.equal((await user.get(`/challenges/${id}`)).status, 404);
  assert.equal((await user.get(`/challenges/${id}/ideas/new`)).status, 404);
  const mod = await person(srv, { role: 'moderator' });
  assert.equal((await mod.get(`/challenges/${id}`)).status, 404);
  assert.doesNotMatch((await anon.get('/challenges')).text, /Geheimer Entwurf/);
  assert.doesNotMatch((await anon.get('/challenges?phase=draft')).text, /Geheimer Entwurf/);
  const own = await admin.get(`/challenges/${id}`);
  assert.equal(own.status, 200);
  assert.match(own.text, /Entwurf/);
  assert.match((await admin.get('/challenges?phase=draft')).text, /Geheimer Entwurf/);
  // Comments and follows on a draft are refused like the page.
  const _csrf = await user.csrf('/account');
  assert.equal((await user.post(`/challenges/${id}/comments`, { _csrf, body: 'Hallo?' })).status, 404);
  assert.equal((await user.post(`/challenges/${id}/follow`, { _csrf })).status, 404);
});

test(`[${BACKEND}] only admins may create, edit and steer challenges (checked on the server)`, async () => {
  const id = await createChallenge(admin, { title: 'Steuerbar' });
  const user = await person(srv);
  const evaluator = await person(srv, { role: 'evaluator' });
  for (const c of [user, evaluator]) {
    assert.equal((await c.get('/challenges/new')).status, 403);
    assert.equal((await c.get(`/challenges/${id}/edit`)).status, 403);
    const _csrf = await c.csrf('/account');
    let r = await c.post('/challenges/new', { _csrf, title: 'Unerlaubt', summary: 'Das darf nicht sein.', sectors: 'civil' });
    assert.equal(r.status, 403);
    assert.match(r.text, /Nur das Innovationsbüro/);
    r = await c.post(`/challenges/${id}/edit`, { _csrf, title: 'Übernommen', summary: 'Das darf nicht sein.', sectors: 'civil' });
    assert.equal(r.status, 403);
    r = await c.post(`/challenges/${id}/phase`, { _csrf, phase: 'closed' });
    assert.equal(r.status, 403);
  }
  const anon = new Client(srv.base);
  assert.equal((await anon.get('/challenges/new')).status, 303, 'anonymous: to the login');
  const page = await anon.get(`/challenges/${id}`);
  assert.match(page.text, /<h1>Steuerbar<\/h1>/);
  assert.match(page.text, /Offen für Ideen/);
  assert.doesNotMatch((await anon.get('/challenges')).text, /Unerlaubt/);
});

test(`[${BACKEND}] admins edit a challenge; the form comes back filled`, async () => {
  const id = await createChallenge(admin, { title: 'Alter Titel', topics: [1], supports_per_user: '2' });
  const form = await admin.get(`/challenges/${id}/edit`);
  assert.equal(form.status, 200);
  assert.match(form.text, /value="Alter Titel"/);
  assert.match(form.text, /id="topic-mobility" name="topics" value="1" checked/);
  assert.match(form.text, /id="sector-civil" name="sectors" value="civil" checked/);
  assert.match(form.text, /name="supports_per_user" type="text" inputmode="numeric" value="2"/);
  assert.match(form.text, /name="opens_at" type="datetime-local" step="1" value="\d{4}-\d\d-\d\dT\d\d:\d\d/);
  const _csrf = form.text.match(/name="_csrf" value="([^"]+)"/)[1];
  const r = await postForm(admin, `/challenges/${id}/edit`, [
    ['_csrf', _csrf], ['title', 'Neuer Titel'], ['summary', 'Eine neue Zusammenfassung.'],
    ['brief', 'Neu.'], ['sectors', 'business'], ['topics', '3'], ['lang', 'en'],
    ['supports_per_user', ''], ['opens_at', berlin(-60)],
  ]);
  assert.equal(r.status, 303);
  const page = await new Client(srv.base).get(`/challenges/${id}`);
  assert.match(page.text, /<h1>Neuer Titel<\/h1>/);
  assert.match(page.text, /<article class="challenge" lang="en">/);
  assert.match(page.text, /Digitalisierung/);
  assert.doesNotMatch(page.text, />Mobilität</);
  assert.doesNotMatch(page.text, /Unterstützungen pro Person/);
  assert.match((await admin.get('/admin')).text, /challenge\.update/, 'audited');
});

test(`[${BACKEND}] phases change by hand, and passed dates do not undo it`, async () => {
  const id = await createChallenge(admin, { title: 'Handbetrieb', deadline: berlin(-30), opens_at: berlin(-3600) });
  const anon = new Client(srv.base);
  let page = await anon.get(`/challenges/${id}`);
  assert.match(page.text, /aria-current="step"><span class="timeline-label">Bewertung/, 'the passed deadline started the evaluation');
  assert.doesNotMatch(page.text, /\/ideas\/new"/);
  const form = await admin.get(`/challenges/${id}`);
  const _csrf = form.text.match(/name="_csrf" value="([^"]+)"/)[1];
  let r = await admin.post(`/challenges/${id}/phase`, { _csrf, phase: 'open' });
  assert.equal(r.status, 303);
  page = await anon.get(`/challenges/${id}`);
  assert.match(page.text, /aria-current="step"><span class="timeline-label">Offen für Ideen/);
  assert.match(page.text, /\/ideas\/new"/);
  r = await admin.post(`/challenges/${id}/phase`, { _csrf, phase: 'bogus' });
  assert.equal(r.status, 422);
  r = await admin.post(`/challenges/${id}/phase`, { _csrf, phase: 'draft' });
  assert.equal(r.status, 303);
  assert.equal((await anon.get(`/challenges/${id}`)).status, 404, 'back to draft: hidden again');
  assert.match((await admin.get('/admin')).text, /challenge\.phase/);
});

test(`[${BACKEND}] the scheduler opens a draft on its date and closes submissions at the deadline`, async () => {
  const id = await createChallenge(admin, {
    title: 'Zeitgesteuert', opens_at: berlin(2), deadline: berlin(5),
  });
  const anon = new Client(srv.base);
  assert.equal((await anon.get(`/challenges/${id}`)).status, 404, 'still a draft');
  let status = 404;
  for (let i = 0; i < 60 && status !== 200; i++) {
    await new Promise((r) => setTimeout(r, 250));
    status = (await anon.get(`/challenges/${id}`)).status;
  }
  assert.equal(status, 200, 'opened by the job');
  let page = (await anon.get(`/challenges/${id}`)).text;
  assert.match(page, /aria-current="step"><span class="timeline-label">Offen für Ideen/);
  let phase = 'open';
  for (let i = 0; i < 60 && phase === 'open'; i++) {
    await new Promise((r) => setTimeout(r, 250));
    page = (await anon.get(`/challenges/${id}`)).text;
    if (/aria-current="step"><span class="timeline-label">Bewertung/.test(page)) phase = 'evaluation';
  }
  assert.equal(phase, 'evaluation', 'the deadline moved it on');
});

test(`[${BACKEND}] the list filters by phase, topic and sector and pages with a stable keyset`, async () => {
  // A separate store: exact counts.
  const s = await startServer({ seed: false });
  try {
    const a = await person(s, { role: 'admin' });
    const ids = [];
    for (let i = 0; i < 14; i++) {
      ids.push(await createChallenge(a, {
        title: `Liste ${String(i).padStart(2, '0')}`,
        sectors: i % 2 ? ['business'] : ['civil'],
        topics: i % 3 === 0 ? [1] : [],
        deadline: berlin((20 - i) * 86400),
      }));
    }
    const c = new Client(s.base);
    const titles = (html) => [...html.matchAll(/<a href="\/challenges\/(\d+)">Liste (\d\d)<\/a>/g)].map((m) => Number(m[2]));
    let r = await c.get('/challenges');
    assert.equal(r.status, 200);
    const first = titles(r.text);
    assert.deepEqual(first, [13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2], 'newest first, 12 per page');
    const onePageQueries = queries(r);
    let next = nextHref(r.text);
    assert.ok(next);
    r = await c.get(next);
    assert.deepEqual(titles(r.text), [1, 0]);
    assert.equal(nextHref(r.text), null);
    assert.match(r.text, /Erste Seite/);
    // By deadline: the soonest first.
    r = await c.get('/challenges?order=deadline');
    assert.deepEqual(titles(r.text).slice(0, 3), [13, 12, 11]);
    r = await c.get(nextHref(r.text));
    assert.deepEqual(titles(r.text), [1, 0]);
    // Filters, and links that keep them.
    r = await c.get('/challenges?sector=business');
    assert.deepEqual(titles(r.text), [13, 11, 9, 7, 5, 3, 1]);
    r = await c.get('/challenges?topic=mobility');
    assert.deepEqual(titles(r.text), [12, 9, 6, 3, 0]);
    r = await c.get('/challenges?topic=mobility&sector=civil');
    assert.deepEqual(titles(r.text), [12, 6, 0]);
    r = await c.get('/challenges?phase=evaluation');
    assert.deepEqual(titles(r.text), []);
    assert.match(r.text, /Keine Herausforderung passt zu diesen Filtern\./);
    r = await c.get('/challenges?phase=open&topic=nonsense&sector=aliens');
    assert.equal(titles(r.text).length, 12, 'unknown filters are ignored');
    // The budget: the same queries for 12 cards as for 2.
    const small = await c.get('/challenges?topic=mobility&sector=civil');
    assert.equal(queries(small), onePageQueries);
    assert.ok(onePageQueries <= 3, `list page: ${onePageQueries} queries`);
  } finally {
    await s.stop();
  }
});

test(`[${BACKEND}] a challenge page costs the same queries with 0 or 25 ideas and comments`, async () => {
  const s = await startServer({ seed: false });
  try {
    const a = await person(s, { role: 'admin' });
    const empty = await createChallenge(a, { title: 'Leere Herausforderung' });
    const full = await createChallenge(a, { title: 'Volle Herausforderung' });
    const u = await person(s);
    for (let i = 0; i < 25; i++) await submitIdea(u, full, { title: `Idee Nummer ${i}` });
    const _csrf = await u.csrf('/account');
    for (let i = 0; i < 25; i++) {
      const r = await u.post(`/challenges/${full}/comments`, { _csrf, body: `Kommentar ${i}` });
      assert.equal(r.status, 303);
      const parent = r.headers.get('location').match(/comment-(\d+)/)[1];
      const r2 = await u.post(`/challenges/${full}/comments`, { _csrf, body: `Antwort ${i}`, parent });
      assert.equal(r2.status, 303);
    }
    for (const c of [new Client(s.base), u]) {
      const q0 = queries(await c.get(`/challenges/${empty}`));
      const r = await c.get(`/challenges/${full}`);
      assert.equal((r.text.match(/class="idea-card"/g) || []).length, 20);
      assert.equal((r.text.match(/class="comment"/g) || []).length, 40, '20 comments and their replies');
      assert.equal(queries(r), q0 + 1, 'only the replies query is added');
      // 9: the page's own, the replies, who could help (matching) and its events (issue 12)
      assert.ok(queries(r) <= 9, `challenge page: ${queries(r)} queries`);
      for (const order of ['new', 'supported', 'trending', 'discussed', 'random']) {
        const o = await c.get(`/challenges/${full}?order=${order}`);
        assert.equal(o.status, 200);
        assert.equal(queries(o), queries(r), `order ${order}`);
      }
    }
  } finally {
    await s.stop();
  }
});

test(`[${BACKEND}] following a challenge toggles and counts`, async () => {
  const id = await createChallenge(admin, { title: 'Folgenswert' });
  const u = await person(srv);
  const page = await u.get(`/challenges/${id}`);
  assert.match(page.text, /Dieser Herausforderung folgen/);
  const _csrf = page.text.match(/name="_csrf" value="([^"]+)"/)[1];
  let r = await u.post(`/challenges/${id}/follow`, { _csrf });
  assert.equal(r.status, 303);
  let p = await u.get(`/challenges/${id}`);
  assert.match(p.text, /Nicht mehr folgen/);
  assert.match(p.text, /<dt>Folgende<\/dt><dd>1<\/dd>/);
  r = await u.post(`/challenges/${id}/follow`, { _csrf });
  p = await u.get(`/challenges/${id}`);
  assert.match(p.text, /Dieser Herausforderung folgen/);
  assert.match(p.text, /<dt>Folgende<\/dt><dd>0<\/dd>/);
  assert.equal((await new Client(srv.base).post(`/challenges/${id}/follow`, {})).status, 403, 'no token, no follow');
  assert.equal((await u.post('/challenges/999999/follow', { _csrf })).status, 404);
});
