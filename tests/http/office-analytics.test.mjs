// office-analytics.test.mjs - participation analytics: a small city with
// hand-computed figures in a period of its own (March 2021, four weeks
// from Monday 1 March), on the page and in the JSON; the targets the
// office sets in /admin/settings; bad input; who may see what.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { BACKEND, Client, execSql, startServer } from './lib.mjs';
import { person } from './funnel-helpers.mjs';

let srv;
let admin;
let challenge;
let other;
const sql = (q) => execSql(srv.store.url, q);
const NOON = 1614600000; // 2021-03-01 12:00 UTC, a Monday
const WEEK = 604800;
const PERIOD = 'from=2021-03-01&to=2021-03-28';

before(async () => {
  srv = await startServer();
  admin = await person(srv, { role: 'admin', lang: 'de' });
  [challenge, other] = sql("SELECT id FROM challenges WHERE phase <> 'draft' ORDER BY id LIMIT 2").split('\n').map(Number);
  // Five people of March 2021: government, research, business, two civil.
  const ids = {};
  for (const [name, sector] of [['a', 'government'], ['b', 'research'], ['c', 'business'], ['d', 'civil'], ['e', 'civil']]) {
    ids[name] = Number(sql(`INSERT INTO users (email, name, password_hash, sector, role, created)
      VALUES ('${name}.analytics@example.org', 'Analytics ${name}', 'x', '${sector}', 'participant', ${NOON}) RETURNING id`));
  }
  const idea = (author, at) => Number(sql(`INSERT INTO ideas (challenge_id, author_id, title, body, status, lang, created, updated)
    VALUES (${challenge}, ${author}, 'Idee ${at}', 'Text', 'submitted', 'de', ${at}, ${at}) RETURNING id`));
  const i1 = idea(ids.a, NOON); // week 0
  const i2 = idea(ids.b, NOON + WEEK); // week 1
  const comment = (author, subject, at) => sql(`INSERT INTO comments (subject_type, subject_id, depth, author_id, body, created)
    VALUES ('idea', ${subject}, 0, ${author}, 'Ein Kommentar', ${at})`);
  comment(ids.c, i1, NOON + WEEK); // week 1
  comment(ids.c, i2, NOON + WEEK + 3600);
  const support = (user, i, at) => sql(`INSERT INTO supports (idea_id, user_id, challenge_id, created) VALUES (${i}, ${user}, ${challenge}, ${at})`);
  support(ids.d, i1, NOON + 2 * WEEK); // week 2
  support(ids.e, i1, NOON + 3 * WEEK); // week 3
  support(ids.e, i2, NOON + 3 * WEEK);
  comment(ids.e, i1, NOON + 3 * WEEK);
  comment(ids.e, i2, NOON + 3 * WEEK);
  // A hidden comment and a deleted one count for nothing.
  sql(`INSERT INTO comments (subject_type, subject_id, depth, author_id, body, created, hidden) VALUES ('idea', ${i1}, 0, ${ids.a}, 'Spam', ${NOON}, 1)`);
  sql(`INSERT INTO comments (subject_type, subject_id, depth, author_id, body, created, deleted) VALUES ('idea', ${i1}, 0, ${ids.a}, 'Weg', ${NOON}, 1)`);
  // The first idea was answered two days after it came in, and went up to "selected".
  sql(`UPDATE ideas SET status = 'selected', official_answer = 'Gut', answered_at = ${NOON + 2 * 86400}, updated = ${NOON + 2 * 86400} WHERE id = ${i1}`);
});
after(async () => { await srv.stop(); });

// A personal access token of c's account (the API takes no cookies).
async function bearer(c) {
  const _csrf = await c.csrf('/account/tokens');
  const r = await c.post('/account/tokens', { _csrf, name: 'Auswertung' });
  const token = r.text.match(/<code class="token">([^<]+)<\/code>/)[1];
  return (p) => fetch(srv.base + p, { headers: { authorization: `Bearer ${token}` } })
    .then(async (res) => ({ status: res.status, text: await res.text() }));
}

// The answer checked against the API's own OpenAPI document.
async function validAnalytics(body) {
  const doc = await (await fetch(`${srv.base}/api/v1/openapi.json`)).json();
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi.json', components: doc.components });
  const validate = ajv.compile({ $ref: 'openapi.json#/components/schemas/Analytics' });
  assert.ok(doc.paths['/analytics'].get.responses['200'], 'documented');
  assert.ok(validate(body), JSON.stringify(validate.errors));
}

const figure = (text, label) => {
  const m = text.match(new RegExp(`<span class="figure">([^<]+)</span> ${label}`));
  assert.ok(m, `figure "${label}"`);
  return m[1];
};
const rows = (text, caption) => {
  const table = text.split(`<caption>${caption}</caption>`)[1].split('</table>')[0];
  return [...table.matchAll(/<tr><th scope="row">([^<]+)<\/th>((?:<td>[^<]*<\/td>)+)<\/tr>/g)]
    .map((m) => [m[1], ...[...m[2].matchAll(/<td>([^<]*)<\/td>/g)].map((x) => x[1])]);
};

test(`[${BACKEND}] the office's figures of a period, computed by hand`, async () => {
  const r = await admin.get(`/admin/analytics?${PERIOD}`);
  assert.equal(r.status, 200);
  assert.equal(figure(r.text, 'aktive Teilnehmende'), '5');
  assert.equal(figure(r.text, 'Beiträge'), '9', '2 ideas, 4 comments, 3 supports');
  // Active per sector 1/1/1/2 of 5 against 25 % each: 0.8, 0.8, 0.8, 1.6 -> R = 0.5.
  assert.equal(figure(r.text, 'Balancequote R der aktiven Teilnehmenden'), '0,50');
  // Contributions 1, 1, 2, 4 + 1 per account: G = 2 * 34 / (5 * 9) - 6 / 5 = 0.311.
  assert.equal(figure(r.text, 'Gini-Koeffizient'), '0,31');
  assert.equal(figure(r.text, 'Tage bis zur ersten offiziellen Antwort'), '2,0');
  assert.match(r.text, /Balancequote R der Beiträge: 0,20/, 'contributions 1/1/2/5 of 9: (4/9) / (20/9)');
  assert.deepEqual(rows(r.text, 'Beteiligung je Bereich'), [
    ['Politik &amp; Verwaltung', '1', '20 %', '1', '11 %', '25 %'],
    ['Bildung &amp; Wissenschaft', '1', '20 %', '1', '11 %', '25 %'],
    ['Wirtschaft &amp; Verbände', '1', '20 %', '2', '22 %', '25 %'],
    ['Bürgerschaft &amp; Zivilgesellschaft', '2', '40 %', '5', '56 %', '25 %'],
  ], 'sector table');
  const weeks = rows(r.text, 'Je Woche, ab ihrem ersten Tag');
  assert.deepEqual(weeks.map((w) => w.slice(1)), [
    ['5', '1', '0', '0', '0'], ['0', '1', '2', '0', '0'], ['0', '0', '0', '1', '0'], ['0', '0', '2', '2', '0'],
  ], 'new accounts, ideas, comments, supports, registrations per week');
  assert.match(weeks[0][0], /01\.03\.2021/);
  assert.deepEqual(rows(r.text, 'Ideen, die jede Stufe erreicht haben').map((f) => f.slice(1)), [
    ['2', '100 %'], ['1', '50 %'], ['1', '50 %'], ['1', '50 %'], ['0', '0 %'], ['0', '0 %'],
  ], 'selected counts for in review and shortlisted too');
  assert.equal((r.text.match(/<svg role="img"/g) || []).length, 3, 'three charts, each with its table');
  assert.ok(Number(r.headers.get('x-queries')) <= 16, `bounded queries: ${r.headers.get('x-queries')}`);
});

test(`[${BACKEND}] the same figures as JSON, and per challenge`, async () => {
  const api = await bearer(admin);
  let r = await api(`/api/v1/analytics?${PERIOD}`);
  assert.equal(r.status, 200);
  const j = JSON.parse(r.text);
  await validAnalytics(j);
  assert.deepEqual(j.period, { from: '2021-03-01', to: '2021-03-28', days: 28 });
  assert.equal(j.challenge, null);
  assert.equal(j.weeks.length, 4);
  assert.deepEqual(j.weeks[3], { start: '2021-03-22', accounts: 0, ideas: 0, comments: 2, supports: 2, registrations: 0 });
  assert.deepEqual(j.sectors.map((s) => [s.sector, s.active, s.contributions, s.target_share]), [
    ['government', 1, 1, 0.25], ['research', 1, 1, 0.25], ['business', 1, 2, 0.25], ['civil', 2, 5, 0.25]]);
  assert.ok(Math.abs(j.balance_ratio_active - 0.5) < 1e-9);
  assert.ok(Math.abs(j.balance_ratio_contributions - 0.2) < 1e-9);
  assert.ok(Math.abs(j.gini - 14 / 45) < 1e-9, `gini ${j.gini}`);
  assert.deepEqual(j.funnel.map((f) => f.reached), [2, 1, 1, 1, 0, 0]);
  assert.deepEqual(j.first_answer, { ideas_answered: 1, median_seconds: 172800 });

  r = await api(`/api/v1/analytics?${PERIOD}&challenge=${challenge}`);
  assert.equal(JSON.parse(r.text).sectors.reduce((n, s) => n + s.contributions, 0), 9, 'all of it was in this challenge');
  r = await api(`/api/v1/analytics?${PERIOD}&challenge=${other}`);
  const o = JSON.parse(r.text);
  await validAnalytics(o);
  assert.equal(o.sectors.reduce((n, s) => n + s.active, 0), 0, 'nothing in the other challenge');
  assert.equal(o.balance_ratio_active, null, 'no R without participants');
  assert.equal(o.gini, null);
  r = await admin.get(`/admin/analytics?${PERIOD}&challenge=${other}`);
  assert.equal(figure(r.text, 'aktive Teilnehmende'), '0');
  assert.match(r.text, /<option value="\d+" selected>/, 'the chosen challenge stays chosen');
});

test(`[${BACKEND}] the office sets the sector targets; R follows; bad targets change nothing`, async () => {
  const _csrf = await admin.csrf('/admin/settings');
  const before = sql("SELECT count(*) FROM settings WHERE key LIKE 'helix_target.%'");
  for (const [form, field, message] of [
    [{ 'target-government': '30', 'target-research': '30', 'target-business': '30', 'target-civil': '30' }, 'targets', 'Die vier Zielanteile müssen zusammen 100 % ergeben.'],
    [{ 'target-government': '101', 'target-research': '0', 'target-business': '0', 'target-civil': '0' }, 'target-government', 'Geben Sie eine ganze Prozentzahl von 0 bis 100 an.'],
    [{ 'target-government': '-5', 'target-research': '35', 'target-business': '35', 'target-civil': '35' }, 'target-government', 'Geben Sie eine ganze Prozentzahl von 0 bis 100 an.'],
    [{ 'target-government': 'viel', 'target-research': '', 'target-business': '50', 'target-civil': '50' }, 'target-research', 'Geben Sie eine ganze Prozentzahl von 0 bis 100 an.'],
  ]) {
    const r = await admin.post('/admin/settings', { _csrf, ...form });
    assert.equal(r.status, 422, JSON.stringify(form));
    assert.ok(r.text.includes(`id="${field}-error" class="field-error">${message}`), `${field}: ${message}`);
    assert.ok(r.text.includes(`<a href="#${field}">`), 'the summary links to the field');
  }
  assert.equal(sql("SELECT count(*) FROM settings WHERE key LIKE 'helix_target.%'"), before, 'nothing stored');

  for (const retention of ['10', 'viel', '', '4000']) {
    const bad = await admin.post('/admin/settings', { _csrf, 'target-government': '25', 'target-research': '25', 'target-business': '25', 'target-civil': '25', retention });
    assert.equal(bad.status, 422, `retention ${retention}`);
    assert.ok(bad.text.includes('id="retention-error" class="field-error">Geben Sie 0 an, um das Prüfprotokoll für immer zu behalten, oder 30 bis 3650 Tage.'));
    assert.ok(bad.text.includes(`value="${retention}"`), 'what was typed stays');
  }
  assert.equal(sql("SELECT count(*) FROM settings WHERE key = 'audit.retention_days'"), '0');
  let r = await admin.post('/admin/settings', { _csrf, 'target-government': '20', 'target-research': '20', 'target-business': '20', 'target-civil': '40', retention: '0' });
  assert.equal(r.status, 303);
  assert.match((await admin.get(r.headers.get('location'))).text, /Die Einstellungen sind gespeichert\./);
  assert.equal(sql("SELECT before_value || ' -> ' || after_value FROM audit_log WHERE action = 'settings.targets'"), '25/25/25/25 -> 20/20/20/40');
  assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'settings.audit_retention'"), '0', 'an unchanged retention is not recorded');
  r = await admin.post('/admin/settings', { _csrf, 'target-government': '20', 'target-research': '20', 'target-business': '20', 'target-civil': '40', retention: '365' });
  assert.equal(r.status, 303);
  assert.equal(sql("SELECT value FROM settings WHERE key = 'audit.retention_days'"), '365');
  assert.equal(sql("SELECT before_value || ' -> ' || after_value FROM audit_log WHERE action = 'settings.audit_retention'"), '0 -> 365');
  assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'settings.targets'"), '1', 'unchanged targets are not recorded again');
  assert.match((await admin.get('/admin/settings')).text, /id="retention" name="retention" type="number"[^>]*value="365"/);
  r = await admin.get(`/admin/analytics?${PERIOD}`);
  assert.equal(figure(r.text, 'Balancequote R der aktiven Teilnehmenden'), '1,00', 'shares 20/20/20/40 meet targets 20/20/20/40');
  r = await admin.get(`/admin/analytics?${PERIOD}`);
  assert.match(r.text, /<td>40 %<\/td><td>5<\/td><td>56 %<\/td><td>40 %<\/td>/, 'the civil target shown');
});

test(`[${BACKEND}] analytics: bad periods and challenges get a clear error`, async () => {
  let r = await admin.get('/admin/analytics?from=2021-02-30');
  assert.equal(r.status, 422);
  assert.match(r.text, /id="from-error" class="field-error">Geben Sie ein Datum wie 2026-03-31 an\./);
  r = await admin.get('/admin/analytics?from=2020-01-01&to=2022-12-31');
  assert.equal(r.status, 422);
  assert.match(r.text, /Ein Zeitraum kann höchstens zwei Jahre lang sein\./);
  r = await admin.get('/admin/analytics?from=2021-03-02&to=2021-03-01');
  assert.match(r.text, /id="to-error" class="field-error">Der letzte Tag kann nicht vor dem ersten Tag liegen\./);
  r = await admin.get('/admin/analytics?challenge=abc');
  assert.equal(r.status, 422);
  assert.match(r.text, /id="challenge-error" class="field-error">Wählen Sie eine der Herausforderungen\./);
  assert.equal((await admin.get('/admin/analytics?challenge=99999999')).status, 404);
  r = await (await bearer(admin))('/api/v1/analytics?from=nope');
  assert.equal(r.status, 422);
  assert.equal(JSON.parse(r.text).error.code, 'invalid');
  const en = new Client(srv.base, { lang: 'en' });
  en.cookies = admin.cookies;
  r = await en.get('/admin/analytics?from=2020-01-01&to=2022-12-31');
  assert.match(r.text, /A period can be two years long at most\./);
  r = await admin.get('/admin/analytics');
  assert.equal(r.status, 200, 'without a period: the last 84 days');
  assert.match(r.text, /Tage im Zeitraum: 84/);
});

test(`[${BACKEND}] who may see analytics and set targets`, async () => {
  const moderator = await person(srv, { role: 'moderator' });
  const participant = await person(srv, { role: 'participant' });
  assert.equal((await moderator.get('/admin/analytics')).status, 200, 'the office: moderators too');
  assert.equal((await (await bearer(moderator))('/api/v1/analytics')).status, 200);
  assert.equal((await moderator.get('/admin/settings')).status, 403);
  const _csrf = await moderator.csrf('/account');
  const r = await moderator.post('/admin/settings', { _csrf, 'target-government': '100', 'target-research': '0', 'target-business': '0', 'target-civil': '0' });
  assert.equal(r.status, 403, 'a forged POST');
  assert.equal(sql("SELECT value FROM settings WHERE key = 'helix_target.government'"), '20');
  assert.equal((await participant.get('/admin/analytics')).status, 403);
  assert.equal((await (await bearer(participant))('/api/v1/analytics')).status, 403);
  assert.equal((await new Client(srv.base).get('/api/v1/analytics')).status, 401);
});

test(`[${BACKEND}] the figures as downloads: the weeks as CSV, everything as JSON, audited; bad input changes nothing`, async () => {
  const csv = await admin.get(`/admin/analytics.csv?${PERIOD}`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  assert.match(csv.headers.get('content-disposition'), /attachment; filename="oic-analytics\.csv"/);
  assert.deepEqual(csv.text.trim().split('\r\n'), [
    'week_start,new_accounts,ideas,comments,supports,event_registrations',
    '2021-03-01,5,1,0,0,0', '2021-03-08,0,1,2,0,0', '2021-03-15,0,0,0,1,0', '2021-03-22,0,0,2,2,0',
  ]);
  const file = await admin.get(`/admin/analytics.json?${PERIOD}&challenge=${challenge}`);
  assert.equal(file.status, 200);
  const api = await (await bearer(admin))(`/api/v1/analytics?${PERIOD}&challenge=${challenge}`);
  assert.deepEqual(JSON.parse(file.text), JSON.parse(api.text), 'the download is the API document');
  assert.equal(sql("SELECT count(*) FROM audit_log WHERE action IN ('export.csv', 'export.json') AND subject = 'analytics'"), '2');
  // The page links both for its period.
  const page = await admin.get(`/admin/analytics?${PERIOD}`);
  assert.match(page.text, /href="\/admin\/analytics\.csv\?from=2021-03-01&amp;to=2021-03-28"/);
  const bad = await admin.get('/admin/analytics.csv?from=2021-03-28&to=2021-03-01');
  assert.equal(bad.status, 422);
  assert.match(bad.text, /<h1>/);
  assert.equal((await admin.get('/admin/analytics.json?challenge=999999')).status, 404);
  assert.equal(sql("SELECT count(*) FROM audit_log WHERE subject = 'analytics'"), '2', 'refused downloads are not audited');
  const p = await person(srv);
  assert.equal((await p.get(`/admin/analytics.csv?${PERIOD}`)).status, 403);
});
