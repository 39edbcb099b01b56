// office-events.test.mjs - events in the back office: the office creates
// and edits an event (/admin/events/new, /admin/events/{id}/edit; times
// are the city's local time, the public page and the calendar file show
// the change at once), bad input in each field is a 422 at the field in
// the user's language with nothing changed, a capacity below the places
// taken is refused and a higher one moves the waitlist up; the list
// (/admin/events) filters by time, kind, organiser and title in keyset
// pages; the registrations and the waitlist page by page and as CSV;
// every change audited with before and after; forged requests 403.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BACKEND, Client, execSql, parseCsv, startServer } from './lib.mjs';
import { person } from './funnel-helpers.mjs';

let srv;
let admin;
const sql = (q) => execSql(srv.store.url, q);
const q = (s) => `'${String(s).replace(/'/g, "''")}'`;
const utc = (y, mo, d, h, mi) => Date.UTC(y, mo - 1, d, h, mi) / 1000;

before(async () => {
  srv = await startServer();
  admin = await person(srv, { role: 'admin', lang: 'de' });
});
after(async () => { await srv.stop(); });

async function post(c, path, form = {}) {
  const _csrf = await c.csrf('/account');
  return c.post(path, { _csrf, ...form });
}

const VALID = {
  title: 'Reparatur-Café im Quartier',
  summary: 'Wir reparieren *gemeinsam* Fahrräder.',
  kind: 'workshop',
  start_date: '2031-06-15', start_time: '09:00',
  end_date: '2031-06-15', end_time: '12:30',
  location: 'Stadtteilzentrum Nord',
  capacity: '',
  organiser: '',
  lang: 'de',
};

const row = (id) => sql(`SELECT title || '|' || summary || '|' || kind || '|' || starts_at || '|' || ends_at || '|' || location `
  + `|| '|' || coalesce(capacity, -1) || '|' || coalesce(organiser_id, 0) || '|' || lang FROM events WHERE id = ${id}`);
const audits = (id, action) => Number(sql(`SELECT count(*) FROM audit_log WHERE subject = 'event:${id}' AND action = '${action}'`));

async function create(fields = {}) {
  const r = await post(admin, '/admin/events/new', { ...VALID, ...fields });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const m = r.headers.get('location').match(/^\/admin\/events\/(\d+)\/edit\?notice=created$/);
  assert.ok(m, r.headers.get('location'));
  return Number(m[1]);
}

function insertEvent({ title, kind = 'meetup', starts, hours = 2, organiser = 'NULL', capacity = 'NULL' }) {
  sql(`INSERT INTO events (title, summary, kind, starts_at, ends_at, location, capacity, organiser_id, lang, created) `
    + `VALUES (${q(title)}, 'Kurz.', ${q(kind)}, ${starts}, ${starts + hours * 3600}, 'Rathaus', ${capacity}, ${organiser}, 'de', 1)`);
  return Number(sql(`SELECT max(id) FROM events WHERE title = ${q(title)}`));
}

test(`[${BACKEND}] create an event: stored in the city's time, audited, on the public page and in its calendar file`, async () => {
  const form = await admin.get('/admin/events/new');
  assert.equal(form.status, 200);
  assert.match(form.text, /<input id="start_date" name="start_date" type="date"/);
  assert.match(form.text, /<input id="start_time" name="start_time" type="time"/);
  assert.match(form.text, /<nav class="admin-nav"[\s\S]*href="\/admin\/events" aria-current="page"/);
  const org = Number(sql('SELECT min(id) FROM organisations'));
  const id = await create({ capacity: ' 25 ', organiser: String(org) });
  // 09:00 in Berlin in summer is 07:00 UTC.
  assert.equal(row(id), `Reparatur-Café im Quartier|Wir reparieren *gemeinsam* Fahrräder.|workshop|${utc(2031, 6, 15, 7, 0)}|${utc(2031, 6, 15, 10, 30)}|Stadtteilzentrum Nord|25|${org}|de`);
  assert.equal(audits(id, 'event.create'), 1);
  const after = sql(`SELECT after_value FROM audit_log WHERE subject = 'event:${id}' AND action = 'event.create'`);
  assert.match(after, /^title: Reparatur-Café im Quartier$/m);
  assert.match(after, /^starts: 2031-06-15T07:00:00Z$/m);
  assert.match(after, /^capacity: 25$/m);
  assert.match(after, new RegExp(`^organiser: organisation:${org}$`, 'm'));
  const page = await admin.get(`/admin/events/${id}/edit?notice=created`);
  assert.match(page.text, /<p class="notice" role="status">Die Veranstaltung ist angelegt/);
  assert.match(page.text, /value="2031-06-15"/);
  assert.match(page.text, /id="start_time" name="start_time" type="time" value="09:00"/);
  assert.match(page.text, /id="end_time" name="end_time" type="time" value="12:30"/);

  const anon = new Client(srv.base, { lang: 'de' });
  const pub = await anon.get(`/events/${id}`);
  assert.equal(pub.status, 200);
  assert.match(pub.text, /<h1 lang="de">Reparatur-Café im Quartier<\/h1>/);
  assert.match(pub.text, /<em>gemeinsam<\/em>/, 'the summary is Markdown on the public page');
  const ics = await anon.get(`/events/${id}.ics`);
  assert.match(ics.text, /DTSTART:20310615T070000Z/);
  assert.match(ics.text, /DTEND:20310615T103000Z/);
  // Winter: 09:00 in Berlin is 08:00 UTC.
  const winter = await create({ start_date: '2031-01-15', end_date: '2031-01-16', end_time: '09:00' });
  assert.equal(sql(`SELECT starts_at || '|' || ends_at || '|' || coalesce(capacity, -1) FROM events WHERE id = ${winter}`),
    `${utc(2031, 1, 15, 8, 0)}|${utc(2031, 1, 16, 8, 0)}|-1`);
});

test(`[${BACKEND}] edit an event: the public page (cached before) and the calendar show the new times; audited before/after`, async () => {
  const id = await create({ title: 'Sensorwerkstatt' });
  const anon = new Client(srv.base, { lang: 'de' });
  const old = await anon.get(`/events/${id}`);
  assert.match(old.text, /15\.06\.2031/);
  await anon.get(`/events/${id}.ics`);
  const r = await post(admin, `/admin/events/${id}/edit`, {
    ...VALID, title: 'Sensorwerkstatt (verschoben)', start_date: '2031-07-01', start_time: '14:00', end_date: '2031-07-01', end_time: '17:00',
  });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/admin/events/${id}/edit?notice=saved`);
  assert.equal(sql(`SELECT starts_at || '|' || ends_at || '|' || title FROM events WHERE id = ${id}`),
    `${utc(2031, 7, 1, 12, 0)}|${utc(2031, 7, 1, 15, 0)}|Sensorwerkstatt (verschoben)`);
  const page = await anon.get(`/events/${id}`);
  assert.match(page.text, /Sensorwerkstatt \(verschoben\)/);
  assert.match(page.text, /01\.07\.2031/);
  assert.doesNotMatch(page.text, /15\.06\.2031/, 'the cached page was dropped');
  const ics = await anon.get(`/events/${id}.ics`);
  assert.match(ics.text, /DTSTART:20310701T120000Z/);
  assert.match(ics.text, /DTEND:20310701T150000Z/);
  const feed = await anon.get('/events.ics');
  assert.match(feed.text, /DTSTART:20310701T120000Z/);
  assert.equal(audits(id, 'event.edit'), 1);
  const [was, is] = sql(`SELECT before_value || '#' || after_value FROM audit_log WHERE subject = 'event:${id}' AND action = 'event.edit'`).split('#');
  assert.equal(was, 'title: Sensorwerkstatt\nstarts: 2031-06-15T07:00:00Z\nends: 2031-06-15T10:30:00Z');
  assert.equal(is, 'title: Sensorwerkstatt (verschoben)\nstarts: 2031-07-01T12:00:00Z\nends: 2031-07-01T15:00:00Z');
  // The same form again changes nothing and writes no audit row.
  const again = await post(admin, `/admin/events/${id}/edit`, {
    ...VALID, title: 'Sensorwerkstatt (verschoben)', start_date: '2031-07-01', start_time: '14:00', end_date: '2031-07-01', end_time: '17:00',
  });
  assert.equal(again.headers.get('location'), `/admin/events/${id}/edit?notice=unchanged`);
  assert.equal(audits(id, 'event.edit'), 1);
  assert.equal((await admin.get('/admin/events/999999/edit')).status, 404);
  assert.equal((await post(admin, '/admin/events/999999/edit', VALID)).status, 404);
});

test(`[${BACKEND}] bad input in each field: 422 at the field in the user's language, nothing changed`, async () => {
  const id = await create({ title: 'Unverändert' });
  const stored = row(id);
  const count = sql('SELECT count(*) FROM events');
  const cases = [
    ['title', { title: '  ' }, /Geben Sie den Titel/],
    ['title', { title: 'x'.repeat(201) }, /höchstens 200 Zeichen/],
    ['summary', { summary: '' }, /Beschreiben Sie die Veranstaltung/],
    ['summary', { summary: 'x'.repeat(5001) }, /höchstens 5\.000 Zeichen/],
    ['kind', { kind: 'rave' }, /Veranstaltungsarten/],
    ['start_date', { start_date: '' }, /Geben Sie das Datum ein/],
    ['start_date', { start_date: '2031-02-30' }, /gültiges Datum/],
    ['start_time', { start_time: '25:00' }, /Uhrzeit ein, etwa 09:30/],
    ['end_date', { end_date: '15.06.2031' }, /gültiges Datum/],
    ['end_time', { end_time: '' }, /Geben Sie die Uhrzeit ein/],
    ['end_date', { end_time: '09:00' }, /nach ihrem Beginn enden/],
    ['end_date', { end_date: '2031-06-14', end_time: '23:00' }, /nach ihrem Beginn enden/],
    ['location', { location: '' }, /wo die Veranstaltung stattfindet/],
    ['location', { location: 'y'.repeat(201) }, /Ort darf höchstens 200/],
    ['capacity', { capacity: '0' }, /ganze Zahl von 1 bis 100\.000/],
    ['capacity', { capacity: 'zehn' }, /ganze Zahl von 1 bis 100\.000/],
    ['capacity', { capacity: '-5' }, /ganze Zahl von 1 bis 100\.000/],
    ['capacity', { capacity: '100001' }, /ganze Zahl von 1 bis 100\.000/],
    ['organiser', { organiser: '99999999' }, /angebotenen Organisationen/],
    ['organiser', { organiser: 'abc' }, /angebotenen Organisationen/],
    ['lang', { lang: 'fr' }, /angebotenen Sprachen/],
  ];
  for (const [field, change, message] of cases) {
    for (const path of ['/admin/events/new', `/admin/events/${id}/edit`]) {
      const r = await post(admin, path, { ...VALID, ...change });
      const what = `${path} ${JSON.stringify(change).slice(0, 60)}`;
      assert.equal(r.status, 422, what);
      const err = r.text.match(new RegExp(`<p id="${field}-error" class="field-error">([^<]*)</p>`));
      assert.ok(err, `${what}: the error at ${field}`);
      assert.match(err[1], message, what);
      assert.match(r.text, new RegExp(`id="${field}" name="${field}"[^>]* aria-invalid="true" aria-describedby="${field}-error"`), what);
      assert.match(r.text, new RegExp(`<div class="error-summary"[\\s\\S]*href="#${field}"`), `${what}: in the summary`);
    }
  }
  // Several at once, each at its field; what was typed stays in the form.
  const many = await post(admin, '/admin/events/new', { ...VALID, title: '', location: '', capacity: 'x' });
  assert.equal(many.status, 422);
  for (const f of ['title', 'location', 'capacity']) assert.match(many.text, new RegExp(`id="${f}-error"`));
  assert.match(many.text, /Wir reparieren \*gemeinsam\* Fahrräder\./);
  // In English for an English visitor.
  const en = await person(srv, { role: 'admin', lang: 'en' });
  const r = await post(en, '/admin/events/new', { ...VALID, end_time: '08:00' });
  assert.equal(r.status, 422);
  assert.match(r.text, /<html lang="en"/);
  assert.match(r.text, /<p id="end_date-error" class="field-error">The event must end after it begins: choose a later end\.<\/p>/);
  assert.equal(row(id), stored, 'the event is unchanged');
  assert.equal(sql('SELECT count(*) FROM events'), count, 'no event was created');
  assert.equal(audits(id, 'event.edit'), 0);
});

test(`[${BACKEND}] capacity: below the places taken is refused; more places move the waitlist up, in its order, notified`, async () => {
  const id = await create({ title: 'Volle Werkstatt', capacity: '3' });
  sql(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6)
    INSERT INTO users (email, name, password_hash, sector, role, created)
    SELECT 'cap${BACKEND}' || i || '@example.org', 'Gast ' || i, 'x', 'civil', 'participant', 1700000000 FROM n`);
  const uid = (i) => Number(sql(`SELECT id FROM users WHERE email = 'cap${BACKEND}${i}@example.org'`));
  for (let i = 1; i <= 6; i++) {
    sql(`INSERT INTO event_registrations (event_id, user_id, status, created) VALUES (${id}, ${uid(i)}, '${i <= 3 ? 'registered' : 'waitlisted'}', ${1700000000 + i})`);
  }
  sql(`UPDATE events SET registered_count = 3, waitlist_count = 3 WHERE id = ${id}`);
  const refused = await post(admin, `/admin/events/${id}/edit`, { ...VALID, title: 'Volle Werkstatt', capacity: '2' });
  assert.equal(refused.status, 422);
  assert.match(refused.text, /<p id="capacity-error" class="field-error">Es sind mehr Personen angemeldet, als diese Platzzahl erlaubt\./);
  assert.match(refused.text, /Jetzt vergebene Plätze: 3 · Warteliste: 3/);
  assert.equal(sql(`SELECT capacity || '|' || registered_count || '|' || waitlist_count FROM events WHERE id = ${id}`), '3|3|3');

  const unread = (i) => Number(sql(`SELECT unread_notifications FROM users WHERE id = ${uid(i)}`));
  const r = await post(admin, `/admin/events/${id}/edit`, { ...VALID, title: 'Volle Werkstatt', capacity: '4' });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT capacity || '|' || registered_count || '|' || waitlist_count FROM events WHERE id = ${id}`), '4|4|2');
  assert.equal(sql(`SELECT status FROM event_registrations WHERE event_id = ${id} AND user_id = ${uid(4)}`), 'registered', 'the first of the waitlist moved up');
  assert.equal(sql(`SELECT status FROM event_registrations WHERE event_id = ${id} AND user_id = ${uid(5)}`), 'waitlisted');
  assert.equal(unread(4), 1, 'and was told');
  assert.equal(sql(`SELECT count(*) FROM notifications WHERE user_id = ${uid(4)} AND kind = 'event_place' AND subject_id = ${id}`), '1');
  assert.equal(unread(5), 0);
  assert.match(sql(`SELECT detail || '#' || before_value || '#' || after_value FROM audit_log WHERE subject = 'event:${id}' AND action = 'event.edit'`),
    /^1 moved up from the waitlist#capacity: 3#capacity: 4$/);
  // No limit: everyone waiting gets a place.
  await post(admin, `/admin/events/${id}/edit`, { ...VALID, title: 'Volle Werkstatt', capacity: '' });
  assert.equal(sql(`SELECT coalesce(capacity, -1) || '|' || registered_count || '|' || waitlist_count FROM events WHERE id = ${id}`), '-1|6|0');
  assert.equal(sql(`SELECT count(*) FROM event_registrations WHERE event_id = ${id} AND status = 'waitlisted'`), '0');
  // Equal to the places taken is fine.
  assert.equal((await post(admin, `/admin/events/${id}/edit`, { ...VALID, title: 'Volle Werkstatt', capacity: '6' })).status, 303);
});

test(`[${BACKEND}] the list: time, kind, organiser and title filters, sorted by start, keyset pages`, async () => {
  const now = Math.floor(Date.now() / 1000);
  const org = Number(sql('SELECT max(id) FROM organisations'));
  sql(`UPDATE organisations SET verified_at = 1 WHERE id = ${org}`);
  const orgName = sql(`SELECT name FROM organisations WHERE id = ${org}`);
  const tag = `Listenprobe${BACKEND}`;
  const upcoming = []; const past = [];
  // 60 upcoming (two pages of 50), some at the same start (the id breaks ties), and 55 past.
  for (let i = 0; i < 60; i++) upcoming.push(insertEvent({ title: `${tag} kommend ${i}`, starts: now + 86400 * (1 + Math.floor(i / 2)), kind: i % 3 === 0 ? 'hackathon' : 'meetup', organiser: i % 4 === 0 ? org : 'NULL' }));
  for (let i = 0; i < 55; i++) past.push(insertEvent({ title: `${tag} vergangen ${i}`, starts: now - 86400 * (2 + i), kind: 'lab' }));
  // Running now: counted as upcoming (not over yet).
  const running = insertEvent({ title: `${tag} läuft`, starts: now - 3600, hours: 3 });

  async function walk(path) {
    const ids = [];
    let next = path;
    let pages = 0;
    while (next) {
      const r = await admin.get(next);
      assert.equal(r.status, 200, next);
      pages++;
      for (const m of r.text.matchAll(/<tr><td><a href="\/events\/(\d+)" lang="de">/g)) ids.push(Number(m[1]));
      const n = r.text.match(/<a href="([^"]+)" rel="next">/);
      next = n ? n[1].replace(/&amp;/g, '&') : null;
      if (pages > 1) assert.match(r.text, /Erste Seite/);
    }
    return { ids, pages };
  }
  const search = `q=${encodeURIComponent(tag)}`;
  const up = await walk(`/admin/events?${search}`);
  const expectUp = sql(`SELECT id FROM events WHERE title LIKE '${tag}%' AND ends_at >= ${now} ORDER BY starts_at, id`).split('\n').map(Number);
  assert.deepEqual(up.ids, expectUp, 'upcoming: soonest first, every event once');
  assert.equal(up.ids.length, 61);
  assert.equal(up.pages, 2);
  assert.equal(up.ids[0], running);
  const gone = await walk(`/admin/events?when=past&${search}`);
  assert.deepEqual(gone.ids, [...past], 'past: latest first');
  assert.equal(gone.pages, 2);
  const all = await walk(`/admin/events?when=all&${search}`);
  assert.equal(all.ids.length, 116);
  assert.deepEqual(all.ids, sql(`SELECT id FROM events WHERE title LIKE '${tag}%' ORDER BY starts_at DESC, id DESC`).split('\n').map(Number));
  const hack = await walk(`/admin/events?kind=hackathon&${search}`);
  assert.deepEqual(hack.ids, upcoming.filter((_, i) => i % 3 === 0));
  const byOrg = await walk(`/admin/events?organiser=${org}&${search}`);
  assert.deepEqual(byOrg.ids, upcoming.filter((_, i) => i % 4 === 0));
  const one = await admin.get(`/admin/events?when=all&q=${encodeURIComponent(`${tag} vergangen 17`)}`);
  assert.deepEqual([...one.text.matchAll(/<tr><td><a href="\/events\/(\d+)"/g)].map((m) => Number(m[1])), [past[17]]);
  // The columns: kind, times in Berlin, places, waitlist, organiser with the badge.
  const first = await admin.get(`/admin/events?organiser=${org}&${search}`);
  assert.match(first.text, new RegExp(`<td><a href="/organisations/${org}">${orgName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</a> <span class="badge-verified">`));
  assert.match(first.text, /<td>Hackathon<\/td><td><time datetime="[^"]+">\d\d\.\d\d\.\d{4}, \d\d:\d\d<\/time> – <time/);
  assert.match(first.text, new RegExp(`<a href="/admin/events/${upcoming[0]}/registrations">0 / unbegrenzt</a></td><td>0</td>`));
  assert.match(first.text, /<select id="organiser" name="organiser">[\s\S]*<option value="\d+" selected>/);
  // A search of nothing, and filters no page offers.
  assert.match((await admin.get('/admin/events?q=gibt-es-nicht-xyz')).text, /Keine Veranstaltung passt/);
  for (const bad of ['when=soon', 'kind=rave', 'organiser=abc', 'after=xyz']) {
    assert.equal((await admin.get(`/admin/events?${bad}`)).status, 400, bad);
  }
  const long = await admin.get(`/admin/events?q=${'z'.repeat(101)}`);
  assert.equal(long.status, 422);
  assert.match(long.text, /<p id="q-error" class="field-error">/);
});

test(`[${BACKEND}] registrations and waitlist: keyset pages, addresses for administrators, CSV with the formula guard`, async () => {
  const id = await create({ title: 'Großer Hackathon', capacity: '60' });
  sql(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 65)
    INSERT INTO users (email, name, password_hash, sector, role, created)
    SELECT 'reg${BACKEND}' || i || '@example.org', CASE WHEN i = 2 THEN '=SUMME(A1)' ELSE 'Teilnehmerin ' || i END, 'x', 'civil', 'participant', 1700000000 FROM n`);
  sql(`INSERT INTO event_registrations (event_id, user_id, status, created)
    SELECT ${id}, id, CASE WHEN id - (SELECT min(id) FROM users WHERE email LIKE 'reg${BACKEND}%') < 60 THEN 'registered' ELSE 'waitlisted' END, 1700000000 + id
    FROM users WHERE email LIKE 'reg${BACKEND}%'`);
  sql(`UPDATE events SET registered_count = 60, waitlist_count = 5 WHERE id = ${id}`);
  const base = `/admin/events/${id}/registrations`;
  let r = await admin.get(base);
  assert.equal(r.status, 200);
  assert.match(r.text, /<h1><span lang="de">Großer Hackathon<\/span>: Anmeldungen<\/h1>/);
  assert.match(r.text, /<a href="[^"]+" aria-current="page">Angemeldet \(60\)<\/a>/);
  const names = (t) => [...t.matchAll(/<tr><td>(\d+)<\/td><td>([^<]+)<\/td>/g)].map((m) => [Number(m[1]), m[2]]);
  const page1 = names(r.text);
  assert.equal(page1.length, 50);
  assert.deepEqual(page1[0], [1, 'Teilnehmerin 1']);
  assert.match(r.text, new RegExp(`<td>reg${BACKEND}1@example.org</td>`), 'administrators see the addresses');
  const next = r.text.match(/<a href="([^"]+)" rel="next">/)[1].replace(/&amp;/g, '&');
  r = await admin.get(next);
  const page2 = names(r.text);
  assert.equal(page2.length, 10);
  assert.deepEqual(page2.map((p) => p[0]), [51, 52, 53, 54, 55, 56, 57, 58, 59, 60]);
  assert.doesNotMatch(r.text, /rel="next"/);
  r = await admin.get(`${base}?status=waitlisted`);
  assert.deepEqual(names(r.text), [[1, 'Teilnehmerin 61'], [2, 'Teilnehmerin 62'], [3, 'Teilnehmerin 63'], [4, 'Teilnehmerin 64'], [5, 'Teilnehmerin 65']]);
  assert.match(r.text, /Die Warteliste, in der Reihenfolge des Nachrückens/);
  for (const bad of ['status=maybe', 'after=1']) assert.equal((await admin.get(`${base}?${bad}`)).status, 400, bad);
  assert.equal((await admin.get('/admin/events/999999/registrations')).status, 404);

  const csv = await admin.get(`${base}.csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  assert.equal(csv.headers.get('content-disposition'), `attachment; filename="oic-event-${id}-registrations.csv"`);
  const rows = parseCsv(csv.text);
  assert.deepEqual(rows[0], ['status', 'position', 'account_id', 'name', 'email', 'registered_utc']);
  assert.equal(rows.length, 66);
  assert.deepEqual(rows.slice(1).map((x) => x[0]), [...Array(60).fill('registered'), ...Array(5).fill('waitlisted')]);
  assert.deepEqual(rows[61].slice(0, 2), ['waitlisted', '1']);
  assert.equal(rows[2][3], "'=SUMME(A1)", 'a name that a spreadsheet would run gets the apostrophe');
  assert.equal(rows[1][4], `reg${BACKEND}1@example.org`);
  assert.match(rows[1][5], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  // An empty event: the header alone.
  const empty = await create({ title: 'Leer' });
  assert.deepEqual(parseCsv((await admin.get(`/admin/events/${empty}/registrations.csv`)).text), [['status', 'position', 'account_id', 'name', 'email', 'registered_utc']]);
  assert.match((await admin.get(`/admin/events/${empty}/registrations`)).text, /Noch hat sich niemand angemeldet\./);
});

test(`[${BACKEND}] without the permission: 403 for every page and forged POST, nothing created or changed`, async () => {
  const id = await create({ title: 'Geschützt' });
  const stored = row(id);
  const count = sql('SELECT count(*) FROM events');
  for (const role of ['participant', 'representative', 'evaluator', 'moderator']) {
    const c = await person(srv, { role, lang: 'de' });
    for (const path of ['/admin/events', '/admin/events/new', `/admin/events/${id}/edit`, `/admin/events/${id}/registrations`, `/admin/events/${id}/registrations.csv`]) {
      const r = await c.get(path);
      assert.equal(r.status, 403, `${role} ${path}`);
      assert.match(r.text, /Nur die Administration kann Veranstaltungen verwalten\./);
    }
    assert.equal((await post(c, '/admin/events/new', VALID)).status, 403, `${role} create`);
    assert.equal((await post(c, `/admin/events/${id}/edit`, { ...VALID, title: 'Gekapert' })).status, 403, `${role} edit`);
    assert.doesNotMatch((await c.get('/admin')).text, /href="\/admin\/events"/, `${role}: no link`);
  }
  const anon = new Client(srv.base);
  const r = await anon.get('/admin/events');
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /^\/account\/login/);
  assert.equal(row(id), stored);
  assert.equal(sql('SELECT count(*) FROM events'), count);
});
