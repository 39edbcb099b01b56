// opportunities.test.mjs - the opportunities board (/opportunities):
// posting by an organisation's representatives and the office, a forged
// POST by anybody else is a 403 and an organisation the poster does not
// represent a 422 at the field; bad input (a deadline in the past, a
// topic of 200 characters, a bad link, an empty title) is a 422 at the
// field in German and English with nothing stored; filters and keyset
// pages; expiry on the date (the deadline set into the past in the
// store: the board evaluates it against the clock at each request), the
// archived view; replies through the platform, seen by the
// representatives only, never with an e-mail address; the API and the
// Atom feed (parsed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BACKEND, Client, execSql, startServer } from './lib.mjs';
import { person } from './funnel-helpers.mjs';

let srv;
let admin;
let rep;
let other;
let org;
let orgB;
const sql = (q) => execSql(srv.store.url, q);
const idOf = (email) => Number(sql(`SELECT id FROM users WHERE email = '${email}'`));
const count = (where = '1 = 1') => Number(sql(`SELECT count(*) FROM opportunities WHERE ${where}`));

// A date "days" from today in Berlin, as the form sends it.
function day(days) {
  const d = new Date(Date.now() + days * 86400000);
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

function form(fields = {}) {
  const f = {
    title: 'Pilotpartner für Sensordaten gesucht',
    kind: 'pilot-partners',
    organisation: String(org),
    description: 'Wir suchen **Partner** für einen Pilot mit Sensoren im Stadtteil.',
    deadline: day(30),
    place: 'Nordstadt',
    reply: 'platform',
    link: '',
    topics: 'Luftqualität',
    lang: 'de',
    ...fields,
  };
  const pairs = Object.entries(f).filter(([k]) => !['sectors', 'competences'].includes(k));
  for (const s of fields.sectors || ['business', 'research']) pairs.push(['sector', s]);
  for (const c of fields.competences || ['sensor-data']) pairs.push(['competence', c]);
  return pairs;
}
async function post(c, path, pairs) {
  const _csrf = await c.csrf('/opportunities/new').catch(() => c.csrf('/account'));
  return c.post(path, [['_csrf', _csrf], ...pairs]);
}
const newId = (r) => Number((r.headers.get('location') || '').match(/\/opportunities\/(\d+)/)?.[1]);

before(async () => {
  srv = await startServer({ env: { OIC_PAGE_CACHE_TTL: '0' } });
  admin = await person(srv, { role: 'admin', lang: 'de' });
  rep = await person(srv, { role: 'participant', lang: 'de', name: 'Rita Vertreterin' });
  other = await person(srv, { role: 'participant', lang: 'en', name: 'Otto Teilnehmer' });
  sql(`INSERT INTO organisations (name, sector, summary, lang, created) VALUES ('Sensorwerk GmbH', 'business', 'Sensoren.', 'de', 1)`);
  org = Number(sql(`SELECT max(id) FROM organisations WHERE name = 'Sensorwerk GmbH'`));
  sql(`INSERT INTO organisations (name, sector, summary, lang, created) VALUES ('Andere AG', 'business', 'Anders.', 'de', 1)`);
  orgB = Number(sql(`SELECT max(id) FROM organisations WHERE name = 'Andere AG'`));
  sql(`INSERT INTO organisation_representatives (organisation_id, user_id, added_at) VALUES (${org}, ${idOf(rep.email)}, 1)`);
});
after(async () => { await srv.stop(); });

test(`[${BACKEND}] the board is linked from the navigation and the home page; demo opportunities are listed`, async () => {
  const anon = new Client(srv.base, { lang: 'de' });
  const r = await anon.get('/opportunities');
  assert.equal(r.status, 200);
  assert.match(r.text, /<h1>Ausschreibungen<\/h1>/);
  assert.match(r.text, /<li><a href="\/opportunities"[^>]*>Ausschreibungen<\/a><\/li>/);
  assert.match(r.text, /<link rel="alternate" type="application\/atom\+xml" href="\/opportunities.atom"/);
  assert.doesNotMatch(r.text, /href="\/opportunities\/new"/, 'the anonymous are offered no posting');
  assert.ok(count() >= 3, 'the demo seed has opportunities');
  assert.match(r.text, /class="card-title"><a href="\/opportunities\/\d+"/);
  const home = await anon.get('/');
  assert.match(home.text, /href="\/opportunities"/);
  const en = await new Client(srv.base, { lang: 'en' }).get('/opportunities');
  assert.match(en.text, /<h1>Opportunities<\/h1>/);
});

test(`[${BACKEND}] a representative posts for their organisation (audited); the page, its topics and the organisation's actor page`, async () => {
  const before = count();
  const r = await post(rep, '/opportunities/new', form());
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const id = newId(r);
  assert.ok(id > 0);
  assert.equal(count(), before + 1);
  assert.equal(sql(`SELECT kind || '|' || organisation_id || '|' || sectors || '|' || place || '|' || link FROM opportunities WHERE id = ${id}`),
    `pilot-partners|${org}|6|Nordstadt|`);
  assert.deepEqual(sql(`SELECT topic || ':' || curated FROM opportunity_topics WHERE opportunity_id = ${id} ORDER BY topic`).split('\n'),
    ['luftqualität:0', 'sensor-data:1'], 'a curated topic and a free one');
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'opportunity.create' AND subject = 'opportunity:${id}'`), '1');
  const page = await new Client(srv.base, { lang: 'de' }).get(`/opportunities/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<h1 lang="de">Pilotpartner für Sensordaten gesucht<\/h1>/);
  assert.match(page.text, /<strong>Partner<\/strong>/, 'the description is Markdown');
  assert.match(page.text, /Suche nach Pilotpartnern · Forschung, Wirtschaft|Suche nach Pilotpartnern · /);
  assert.match(page.text, /href="\/opportunities\?topic=sensor-data"/);
  assert.match(page.text, /Anmelden, um zu antworten/);
  const actor = Number(sql(`SELECT id FROM actors WHERE organisation_id = ${org}`));
  const ap = await new Client(srv.base, { lang: 'de' }).get(`/actors/${actor}`);
  assert.match(ap.text, new RegExp(`href="/opportunities/${id}"`), "the organisation's actor page lists its open opportunities");
  // Filters: kind, sector, topic, organisation.
  const anon = new Client(srv.base, { lang: 'de' });
  for (const q of ['kind=pilot-partners', 'sector=research', 'topic=sensor-data', `organisation=${org}`]) {
    assert.match((await anon.get(`/opportunities?${q}`)).text, new RegExp(`href="/opportunities/${id}"`), q);
  }
  for (const q of ['kind=job', 'sector=civil', 'topic=energy', `organisation=${orgB}`]) {
    assert.doesNotMatch((await anon.get(`/opportunities?${q}`)).text, new RegExp(`href="/opportunities/${id}"`), q);
  }
  assert.equal((await anon.get('/opportunities?kind=nonsense')).status, 400);
  // The representative edits it (audited); nothing changed is no audit line.
  const e = await post(rep, `/opportunities/${id}/edit`, form({ title: 'Pilotpartner gesucht', reply: 'link', link: 'https://sensorwerk.example/call' }));
  assert.equal(e.status, 303);
  assert.equal(sql(`SELECT title || '|' || link FROM opportunities WHERE id = ${id}`), 'Pilotpartner gesucht|https://sensorwerk.example/call');
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'opportunity.edit' AND subject = 'opportunity:${id}'`), '1');
  const same = await post(rep, `/opportunities/${id}/edit`, form({ title: 'Pilotpartner gesucht', reply: 'link', link: 'https://sensorwerk.example/call' }));
  assert.match(same.headers.get('location'), /notice=unchanged/);
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'opportunity.edit' AND subject = 'opportunity:${id}'`), '1');
  // The office posts for any organisation.
  const o = await post(admin, '/opportunities/new', form({ organisation: String(orgB), kind: 'job', title: 'Stelle im Büro' }));
  assert.equal(o.status, 303);
});

test(`[${BACKEND}] permissions: a forged POST by a participant is a 403, another organisation a 422 at the field, nothing stored`, async () => {
  const before = count();
  const anon = new Client(srv.base, { lang: 'de' });
  const a = await anon.post('/opportunities/new', form());
  assert.ok([303, 403].includes(a.status), `anonymous: ${a.status}`);
  const csrf = await other.csrf('/account');
  const f = await other.post('/opportunities/new', [['_csrf', csrf], ...form()]);
  assert.equal(f.status, 403);
  assert.equal((await other.get('/opportunities/new')).status, 403);
  const id = Number(sql(`SELECT max(id) FROM opportunities WHERE organisation_id = ${org}`));
  const fe = await other.post(`/opportunities/${id}/edit`, [['_csrf', csrf], ...form({ title: 'Gekapert' })]);
  assert.equal(fe.status, 403);
  assert.equal((await other.get(`/opportunities/${id}/edit`)).status, 403);
  const b = await post(rep, '/opportunities/new', form({ organisation: String(orgB) }));
  assert.equal(b.status, 422);
  assert.match(b.text, /id="organisation-error" class="field-error">Sie können nur für eine Organisation veröffentlichen, die Sie vertreten.</);
  const be = await post(rep, `/opportunities/${id}/edit`, form({ organisation: String(orgB) }));
  assert.equal(be.status, 422);
  assert.equal(count(), before);
  assert.notEqual(sql(`SELECT title FROM opportunities WHERE id = ${id}`), 'Gekapert');
  assert.equal(sql(`SELECT organisation_id FROM opportunities WHERE id = ${id}`), String(org));
});

test(`[${BACKEND}] bad input is a 422 at the field, in German and English, nothing stored`, async () => {
  const before = count();
  const cases = [
    [{ deadline: day(-1) }, 'deadline', /Die Frist liegt in der Vergangenheit/, /The deadline is in the past/],
    [{ deadline: '2026-02-31' }, 'deadline', /als Datum/, /as a date/],
    [{ topics: 'x'.repeat(200) }, 'topics', /Ein Thema kann höchstens 40 Zeichen haben/, /A topic can have at most 40 characters/],
    [{ reply: 'link', link: 'javascript:alert(1)' }, 'link', /mit http:\/\/ oder https:\/\/ beginnt/, /begins with http:\/\/ or https:\/\//],
    [{ reply: 'link', link: '' }, 'link', /mit http:\/\/ oder https:\/\/ beginnt/, /begins with http:\/\/ or https:\/\//],
    [{ title: '   ' }, 'title', /Geben Sie einen Titel ein/, /Enter a title/],
    [{ title: 'x'.repeat(201) }, 'title', /höchstens 200 Zeichen/, /at most 200 characters/],
    [{ description: '' }, 'description', /Beschreiben Sie die Ausschreibung/, /Describe the opportunity/],
    [{ kind: 'party' }, 'kind', /Art der Ausschreibung/, /kind of opportunity/],
    [{ sectors: [] }, 'sectors', /mindestens einen Sektor/, /at least one sector/],
    [{ sectors: ['pirates'] }, 'sectors', /Sektoren aus der Liste/, /sectors from the list/],
    [{ competences: ['no-such'] }, 'competences', /Themen aus der Liste/, /topics from the list/],
    [{ place: '' }, 'place', /aus der Ferne geht/, /done remotely/],
    [{ reply: 'fax' }, 'reply', /wie man antwortet/, /how people reply/],
    [{ organisation: '999999' }, 'organisation', /von der die Ausschreibung kommt/, /the opportunity is from/],
  ];
  const en = await person(srv, { role: 'admin', lang: 'en' });
  for (const [fields, field, de, english] of cases) {
    const r = await post(admin, '/opportunities/new', form(fields));
    assert.equal(r.status, 422, `${field}: ${JSON.stringify(fields).slice(0, 60)}`);
    assert.match(r.text, new RegExp(`id="${field}-error" class="field-error">`), field);
    assert.match(r.text, de, field);
    assert.match(r.text, /<div class="error-summary" role="alert"/);
    const e = await post(en, '/opportunities/new', form(fields));
    assert.equal(e.status, 422);
    assert.match(e.text, english, field);
  }
  // Remote and no place is fine; the title typed stays in the form.
  const r = await post(admin, '/opportunities/new', form({ place: '', remote: '1', deadline: day(-3), title: 'Bleibt <da>' }));
  assert.equal(r.status, 422);
  assert.match(r.text, /value="Bleibt &lt;da&gt;"/);
  assert.doesNotMatch(r.text, /id="place-error"/);
  assert.equal(count(), before);
});

test(`[${BACKEND}] expiry on the date: the day after the deadline it leaves the list and is archived; today's deadline is still open`, async () => {
  const r = await post(rep, '/opportunities/new', form({ title: 'Läuft heute ab', deadline: day(0) }));
  assert.equal(r.status, 303, 'a deadline of today is accepted');
  const id = newId(r);
  const anon = new Client(srv.base, { lang: 'de' });
  assert.match((await anon.get('/opportunities')).text, new RegExp(`href="/opportunities/${id}"`), 'open on its last day');
  // The day passes: closes_at is the next local midnight; move it into the past.
  const closes = Number(sql(`SELECT closes_at FROM opportunities WHERE id = ${id}`));
  const now = Math.floor(Date.now() / 1000);
  assert.ok(closes > now && closes <= now + 86400 + 3600, 'closes at the next midnight');
  sql(`UPDATE opportunities SET deadline = '${day(-1)}', closes_at = ${now - 5} WHERE id = ${id}`);
  const list = await anon.get('/opportunities');
  assert.doesNotMatch(list.text, new RegExp(`href="/opportunities/${id}"`), 'expired ones leave the list by themselves');
  const arch = await anon.get('/opportunities?archived=1');
  assert.match(arch.text, /<h1>Archivierte Ausschreibungen<\/h1>/);
  assert.match(arch.text, new RegExp(`href="/opportunities/${id}"`));
  const page = await anon.get(`/opportunities/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<strong>Archiviert:<\/strong>/);
  assert.doesNotMatch(page.text, /name="reply_body"/);
  // Replies to it are refused; the API and the feed leave it out too.
  const csrf = await other.csrf(`/opportunities/${id}`).catch(() => other.csrf('/account'));
  const rr = await other.post(`/opportunities/${id}/reply`, { _csrf: csrf, reply_body: 'Zu spät?' });
  assert.equal(rr.status, 409);
  const api = JSON.parse((await anon.get('/api/v1/opportunities?limit=100')).text);
  assert.ok(!api.items.some((o) => o.id === id));
  const apiA = JSON.parse((await anon.get('/api/v1/opportunities?archived=1&limit=100')).text);
  assert.ok(apiA.items.some((o) => o.id === id && o.archived === true));
  assert.doesNotMatch((await anon.get('/opportunities.atom')).text, new RegExp(`/opportunities/${id}"`));
  // Keyset pages of the archive (a row inserted with a past deadline directly).
  for (let i = 0; i < 22; i++) {
    sql(`INSERT INTO opportunities (kind, organisation_id, sectors, title, description, deadline, closes_at, place, remote, link, lang, created, updated) `
      + `VALUES ('job', ${orgB}, 4, 'Alte Stelle ${i}', 'Vorbei.', '2026-01-0${1 + (i % 9)}', ${now - 1000 - i}, 'Mitte', 0, '', 'de', ${now - 100000}, ${now - 100000})`);
  }
  const p1 = await anon.get(`/opportunities?archived=1&organisation=${orgB}`);
  const next = p1.text.match(/href="([^"]+)" rel="next"/)?.[1]?.replaceAll('&amp;', '&');
  assert.ok(next && /archived=1/.test(next) && /after=\d+/.test(next), 'a next page in the archive');
  const p2 = await anon.get(next);
  const ids = (t) => [...t.matchAll(/class="card-title"><a href="\/opportunities\/(\d+)"/g)].map((m) => Number(m[1]));
  assert.equal(ids(p1.text).length, 20);
  assert.ok(ids(p2.text).length >= 2);
  assert.ok(Math.max(...ids(p2.text)) < Math.min(...ids(p1.text)), 'no row twice');
  assert.ok(Number(p1.headers.get('x-queries')) <= 6, `queries: ${p1.headers.get('x-queries')}`);
});

test(`[${BACKEND}] replies through the platform: a participant replies, the representatives read it, no e-mail address anywhere`, async () => {
  const r = await post(rep, '/opportunities/new', form({ title: 'Antwort erbeten' }));
  const id = newId(r);
  // A visitor who is not logged in gets no cookie (the page stays cacheable) and a link to log in.
  const visitor = await fetch(`${srv.base}/opportunities/${id}`);
  assert.equal(visitor.status, 200);
  assert.equal(visitor.headers.get('set-cookie'), null, 'no CSRF cookie for an anonymous visitor');
  assert.doesNotMatch(await visitor.text(), /name="reply_body"/);
  const page = await other.get(`/opportunities/${id}`);
  assert.match(page.text, /name="reply_body"/);
  const csrf = page.text.match(/name="_csrf" value="([^"]+)"/)[1];
  const empty = await other.post(`/opportunities/${id}/reply`, { _csrf: csrf, reply_body: '  ' });
  assert.equal(empty.status, 422);
  assert.match(empty.text, /id="reply_body-error" class="field-error">Write a short message.</);
  const long = await other.post(`/opportunities/${id}/reply`, { _csrf: csrf, reply_body: 'x'.repeat(1001) });
  assert.equal(long.status, 422);
  assert.equal(sql(`SELECT count(*) FROM opportunity_replies WHERE opportunity_id = ${id}`), '0');
  const ok = await other.post(`/opportunities/${id}/reply`, { _csrf: csrf, reply_body: 'Wir hätten Interesse <b>sehr</b>.' });
  assert.equal(ok.status, 303);
  assert.equal(sql(`SELECT count(*) FROM opportunity_replies WHERE opportunity_id = ${id}`), '1');
  const mine = await other.get(`/opportunities/${id}?notice=replied`);
  assert.match(mine.text, /Your reply is sent to the organisation./);
  assert.match(mine.text, /Wir hätten Interesse &lt;b&gt;sehr&lt;\/b&gt;./);
  assert.doesNotMatch(mine.text, /id="replies-heading"/, 'a participant does not see the replies');
  const seen = await rep.get(`/opportunities/${id}`);
  assert.match(seen.text, /id="replies-heading">Antworten \(1\)/);
  assert.match(seen.text, /Otto Teilnehmer/);
  assert.match(seen.text, /Wir hätten Interesse &lt;b&gt;sehr&lt;\/b&gt;./);
  assert.doesNotMatch(seen.text, /name="reply_body"/, 'its own representatives do not reply');
  const adminSees = await admin.get(`/opportunities/${id}`);
  assert.match(adminSees.text, /Otto Teilnehmer/);
  for (const t of [seen.text, adminSees.text, mine.text]) {
    assert.ok(!t.includes(other.email) && !t.includes(rep.email), 'no e-mail address on the page');
  }
  // A representative's own reply is a 403; an opportunity with a link takes none.
  const rc = await rep.csrf(`/opportunities/${id}/edit`);
  assert.equal((await rep.post(`/opportunities/${id}/reply`, { _csrf: rc, reply_body: 'Selbst' })).status, 403);
  const withLink = newId(await post(rep, '/opportunities/new', form({ reply: 'link', link: 'https://sensorwerk.example/x' })));
  assert.equal((await other.post(`/opportunities/${withLink}/reply`, { _csrf: csrf, reply_body: 'Hallo' })).status, 409);
  const anon = new Client(srv.base, { lang: 'de' });
  const a = await anon.post(`/opportunities/${id}/reply`, { reply_body: 'Anonym' });
  assert.ok([303, 403].includes(a.status));
  assert.equal(sql(`SELECT count(*) FROM opportunity_replies WHERE opportunity_id = ${id}`), '1');
});

test(`[${BACKEND}] the API: open ones by keyset, archived ones, one opportunity; in the OpenAPI document`, async () => {
  const anon = new Client(srv.base, { lang: 'en' });
  const l = await anon.get('/api/v1/opportunities?limit=2');
  assert.equal(l.status, 200);
  const j = JSON.parse(l.text);
  assert.equal(j.items.length, 2);
  assert.ok(j.next);
  const l2 = JSON.parse((await anon.get(`/api/v1/opportunities?limit=2&cursor=${j.next}`)).text);
  assert.ok(l2.items.every((o) => o.id < j.items[1].id));
  const one = j.items[0];
  for (const k of ['id', 'kind', 'title', 'organisation', 'sectors', 'topics', 'deadline', 'remote', 'lang', 'created']) assert.ok(k in one, k);
  assert.equal(one.archived, false);
  const d = JSON.parse((await anon.get(`/api/v1/opportunities/${one.id}`)).text);
  assert.equal(d.id, one.id);
  assert.equal(typeof d.description, 'string');
  assert.ok(['link', 'platform'].includes(d.reply));
  assert.ok(!JSON.stringify(d).includes('@'), 'no e-mail address');
  assert.equal((await anon.get('/api/v1/opportunities/999999')).status, 404);
  assert.equal((await anon.get('/api/v1/opportunities?archived=yes')).status, 400);
  const doc = JSON.parse((await anon.get('/api/v1/openapi.json')).text);
  assert.ok(doc.paths['/opportunities'] && doc.paths['/opportunities/{id}']);
});

test(`[${BACKEND}] the Atom feed of new opportunities parses, is escaped, and links the pages`, async () => {
  const r = await post(rep, '/opportunities/new', form({ title: 'Feed & <Test> "quote"', description: 'A & B < C' }));
  const id = newId(r);
  const f = await new Client(srv.base, { lang: 'de' }).get('/opportunities.atom');
  assert.equal(f.status, 200);
  assert.match(f.headers.get('content-type'), /application\/atom\+xml/);
  const x = f.text;
  assert.match(x, /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
  assert.match(x, /<\/feed>\n$/);
  // A small well-formedness check: every tag closes in order, entities are known.
  const stack = [];
  for (const m of x.replace(/^<\?xml[^>]*\?>/, '').matchAll(/<(\/?)([a-zA-Z:]+)([^>]*?)(\/?)>/g)) {
    if (m[4] === '/') continue;
    if (m[1] === '/') assert.equal(stack.pop(), m[2]);
    else stack.push(m[2]);
  }
  assert.equal(stack.length, 0);
  for (const m of x.matchAll(/&([^;\s]*);?/g)) assert.match(m[0], /^&(amp|lt|gt|quot|#39);$/);
  assert.match(x, /<title type="text" xml:lang="de">Feed &amp; &lt;Test&gt; &quot;quote&quot;<\/title>/);
  assert.match(x, new RegExp(`<id>tag:[^,]+,2026:opportunity:${id}</id>`));
  assert.match(x, new RegExp(`href="http://[^"]+/opportunities/${id}"`));
  const entries = [...x.matchAll(/<entry>/g)].length;
  assert.ok(entries >= 3 && entries <= 30);
});
