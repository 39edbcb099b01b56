// event-tools.test.mjs - organisers' event tools (issue 12, item 5): the
// representatives of the organiser organisation and the office see the
// attendee list (/events/{id}/attendees), print the check-in list
// (/events/{id}/checkin) and record attendance (POST
// /events/{id}/attendance, audited); others get 403 whatever they forge.
// Calling an event off (/events/{id}/call-off) tells everyone registered
// or waiting, closes registration, shows "abgesagt / cancelled" and makes
// the calendars say STATUS:CANCELLED with a higher SEQUENCE; calling it
// off twice is refused.  A new time tells the registrants too.  The
// private calendar feed (/account/calendar, /calendar.ics?key=...) lists
// a person's events, cancelled ones included, and renewing its address
// makes the old one a 404.  Bad input (an online link that is not
// http(s), an end before the start, a capacity below the places taken,
// attendance for someone of another event): 422, nothing changed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BACKEND, Client, execSql, startServer } from './lib.mjs';
import { createChallenge, person } from './funnel-helpers.mjs';

let srv, admin, rep, other, guest1, guest2, waiter, org;
const sql = (q) => execSql(srv.store.url, q);
const q = (s) => `'${String(s).replace(/'/g, "''")}'`;
const now = Math.floor(Date.now() / 1000);
const DAY = 86400;

const userId = (c) => Number(sql(`SELECT id FROM users WHERE email = ${q(c.email)}`));

function insertEvent({ title, capacity = 'NULL', starts = now + 10 * DAY, organiser = org }) {
  sql(`INSERT INTO events (title, summary, kind, starts_at, ends_at, location, capacity, organiser_id, lang, created) `
    + `VALUES (${q(title)}, 'Kurz.', 'workshop', ${starts}, ${starts + 7200}, 'Rathaus', ${capacity}, ${organiser}, 'de', ${now})`);
  return Number(sql(`SELECT max(id) FROM events WHERE title = ${q(title)}`));
}

async function post(c, path, form = {}, csrfFrom = '/account') {
  const _csrf = await c.csrf(csrfFrom);
  return c.post(path, { _csrf, ...form });
}

const register = (c, id) => post(c, `/events/${id}/register`, {}, `/events/${id}`);
const unread = (c) => Number(sql(`SELECT unread_notifications FROM users WHERE id = ${userId(c)}`));
const notes = (c, id, kind) => Number(sql(`SELECT count(*) FROM notifications WHERE user_id = ${userId(c)} `
  + `AND subject_type = 'event' AND subject_id = ${id} AND kind = ${q(kind)}`));

before(async () => {
  srv = await startServer({ env: { OIC_PAGE_CACHE_TTL: '0' } });
  admin = await person(srv, { role: 'admin', lang: 'de' });
  rep = await person(srv, { name: 'Rita Repräsentantin', lang: 'de' });
  other = await person(srv, { name: 'Otto Anders', lang: 'en' });
  guest1 = await person(srv, { name: 'Anna Gast', lang: 'de' });
  guest2 = await person(srv, { name: 'Bert Gast', lang: 'en' });
  waiter = await person(srv, { name: 'Wanda Wartend', lang: 'de' });
  org = Number(sql('SELECT min(id) FROM organisations'));
  sql(`INSERT INTO organisation_representatives (organisation_id, user_id, added_at) VALUES (${org}, ${userId(rep)}, ${now})`);
});
after(async () => { await srv.stop(); });

test(`[${BACKEND}] the organiser and the office see the attendee list and the check-in list; others get 403`, async () => {
  const id = insertEvent({ title: 'Sensor-Workshop' });
  assert.equal((await register(guest1, id)).status, 303);
  assert.equal((await register(guest2, id)).status, 303);
  for (const c of [rep, admin]) {
    const r = await c.get(`/events/${id}/attendees`);
    assert.equal(r.status, 200, r.text.slice(0, 300));
    assert.match(r.text, /Anna Gast/);
    assert.match(r.text, /Bert Gast/);
    assert.doesNotMatch(r.text, new RegExp(guest1.email), 'no addresses on the attendee list');
    const p = await c.get(`/events/${id}/checkin`);
    assert.equal(p.status, 200);
    assert.match(p.text, /class="data-table checkin-table"/);
    assert.match(p.text, /<td>Anna Gast<\/td><td class="checkin-box">/);
  }
  const page = await rep.get(`/events/${id}`);
  assert.match(page.text, /id="organiser-tools"/);
  const page2 = await other.get(`/events/${id}`);
  assert.doesNotMatch(page2.text, /id="organiser-tools"/);
  for (const path of ['attendees', 'checkin', 'call-off']) {
    const r = await other.get(`/events/${id}/${path}`);
    assert.equal(r.status, 403, path);
    assert.match(r.text, /Only the event(?:'|&#39;)s organisers and the office can do this/);
  }
  const anon = new Client(srv.base, { lang: 'de' });
  assert.equal((await anon.get(`/events/${id}/attendees`)).status, 303);
  // A forged POST by someone else changes nothing.
  const f = await post(other, `/events/${id}/attendance`, { user: String(userId(guest1)), attended: 'yes' });
  assert.equal(f.status, 403);
  const c = await post(other, `/events/${id}/call-off`, { confirm: 'yes' });
  assert.equal(c.status, 403);
  assert.equal(sql(`SELECT coalesce(cancelled_at, 0) FROM events WHERE id = ${id}`), '0');
  assert.equal(sql(`SELECT count(*) FROM event_registrations WHERE event_id = ${id} AND attended IS NOT NULL`), '0');
  // A representative of another organisation is not an organiser of this event.
  const foreign = insertEvent({ title: 'Fremde Veranstaltung', organiser: 'NULL' });
  assert.equal((await rep.get(`/events/${foreign}/attendees`)).status, 403);
  assert.equal((await admin.get(`/events/${foreign}/attendees`)).status, 200);
});

test(`[${BACKEND}] attendance is recorded per registration, audited; another event's registration is refused`, async () => {
  const id = insertEvent({ title: 'Datenlabor' });
  const elsewhere = insertEvent({ title: 'Anderswo' });
  await register(guest1, id);
  await register(guest2, elsewhere);
  const g1 = userId(guest1);
  const r = await post(rep, `/events/${id}/attendance`, { user: String(g1), attended: 'yes' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/events/${id}/attendees?notice=attendance`);
  assert.equal(sql(`SELECT attended FROM event_registrations WHERE event_id = ${id} AND user_id = ${g1}`), '1');
  const list = await rep.get(`/events/${id}/attendees?notice=attendance`);
  assert.match(list.text, /Die Teilnahme ist erfasst/);
  assert.match(list.text, new RegExp(`id="attendee-${g1}"[^]*?<td class="attendance-state">teilgenommen</td>`));
  const audit = sql(`SELECT detail || '|' || before_value || '|' || after_value FROM audit_log WHERE action = 'event.attendance' AND subject = 'event:${id}'`);
  assert.equal(audit, `account:${g1}|unknown|yes`);
  assert.equal((await post(admin, `/events/${id}/attendance`, { user: String(g1), attended: 'no' })).status, 303);
  assert.equal(sql(`SELECT attended FROM event_registrations WHERE event_id = ${id} AND user_id = ${g1}`), '0');
  // guest2 is registered for the other event, not this one.
  const bad = await post(rep, `/events/${id}/attendance`, { user: String(userId(guest2)), attended: 'yes' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /Diese Person hat keinen Platz bei dieser Veranstaltung/);
  assert.equal(sql(`SELECT coalesce(attended, -1) FROM event_registrations WHERE event_id = ${elsewhere} AND user_id = ${userId(guest2)}`), '-1');
  const junk = await post(rep, `/events/${id}/attendance`, { user: String(g1), attended: 'maybe' });
  assert.equal(junk.status, 422);
  assert.equal(sql(`SELECT attended FROM event_registrations WHERE event_id = ${id} AND user_id = ${g1}`), '0');
  assert.equal(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'event.attendance' AND subject = 'event:${id}'`)), 2);
});

test(`[${BACKEND}] calling an event off tells registrants and the waitlist, closes registration, the calendars say CANCELLED`, async () => {
  const id = insertEvent({ title: 'Hackathon Mobilität', capacity: 1 });
  await register(guest1, id);
  await register(waiter, id);
  assert.equal(sql(`SELECT status FROM event_registrations WHERE event_id = ${id} AND user_id = ${userId(waiter)}`), 'waitlisted');
  const before1 = unread(guest1), beforeW = unread(waiter);
  const anon = new Client(srv.base, { lang: 'de' });
  const ics0 = await anon.get(`/events/${id}.ics`);
  assert.match(ics0.text, /STATUS:CONFIRMED\r\n/);
  assert.match(ics0.text, /SEQUENCE:0\r\n/);
  const form = await rep.get(`/events/${id}/call-off`);
  assert.equal(form.status, 200);
  assert.match(form.text, /<input type="checkbox" id="confirm" name="confirm" value="yes"/);
  // Without the confirmation: 422 at the field, nothing changed.
  const nc = await post(rep, `/events/${id}/call-off`, { reason: 'Krankheit' }, `/events/${id}/call-off`);
  assert.equal(nc.status, 422);
  assert.match(nc.text, /id="confirm-error" class="field-error">Setzen Sie das Häkchen/);
  assert.equal(sql(`SELECT coalesce(cancelled_at, 0) FROM events WHERE id = ${id}`), '0');
  const r = await post(rep, `/events/${id}/call-off`, { reason: 'Die Halle ist gesperrt.', confirm: 'yes' }, `/events/${id}/call-off`);
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(sql(`SELECT cancel_reason || '|' || sequence FROM events WHERE id = ${id}`), 'Die Halle ist gesperrt.|1');
  assert.equal(notes(guest1, id, 'event_cancelled'), 1);
  assert.equal(notes(waiter, id, 'event_cancelled'), 1);
  assert.equal(unread(guest1), before1 + 1);
  assert.equal(unread(waiter), beforeW + 1);
  assert.equal(notes(other, id, 'event_cancelled'), 0);
  const n = await guest1.get('/notifications');
  assert.match(n.text, /wurde abgesagt/);
  assert.equal(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'event.cancel' AND subject = 'event:${id}'`)), 1);
  const page = await anon.get(`/events/${id}`);
  assert.match(page.text, /id="cancelled-state"><strong lang="de">abgesagt<\/strong> \/ <strong lang="en">cancelled<\/strong>: <span lang="de">Die Halle ist gesperrt.<\/span>/);
  assert.match(page.text, /Die Anmeldung ist geschlossen: Diese Veranstaltung wurde abgesagt/);
  const ics = await anon.get(`/events/${id}.ics`);
  assert.match(ics.text, /STATUS:CANCELLED\r\n/);
  assert.match(ics.text, /SEQUENCE:1\r\n/);
  const feed = await anon.get('/events.ics');
  assert.match(feed.text, new RegExp(`UID:event-${id}@[^\\r]*\\r\\nDTSTAMP:[^\\r]*\\r\\nDTSTART:[^\\r]*\\r\\nDTEND:[^\\r]*\\r\\nSEQUENCE:1\\r\\nSTATUS:CANCELLED`));
  // Registration is closed.
  const late = await register(other, id);
  assert.equal(late.status, 422);
  assert.equal(notes(other, id, 'event_cancelled'), 0);
  assert.equal(sql(`SELECT count(*) FROM event_registrations WHERE event_id = ${id} AND user_id = ${userId(other)}`), '0');
  // Twice: refused, nothing changed.
  const again = await post(admin, `/events/${id}/call-off`, { confirm: 'yes' }, `/events/${id}/call-off`);
  assert.equal(again.status, 422);
  assert.match(again.text, /Diese Veranstaltung wurde schon abgesagt/);
  assert.equal(notes(guest1, id, 'event_cancelled'), 1);
  assert.equal(sql(`SELECT sequence FROM events WHERE id = ${id}`), '1');
  // The office may call off too; an event that has taken place may not be.
  const past = insertEvent({ title: 'Vorbei', starts: now - 3 * DAY });
  const p = await post(admin, `/events/${past}/call-off`, { confirm: 'yes' }, `/events/${past}/call-off`);
  assert.equal(p.status, 422);
  const fresh = insertEvent({ title: 'Bürosache' });
  assert.equal((await post(admin, `/events/${fresh}/call-off`, { confirm: 'yes' }, `/events/${fresh}/call-off`)).status, 303);
});

const FORM = {
  title: 'Verschiebbar', summary: 'Kurz.', kind: 'workshop',
  start_date: '2031-06-15', start_time: '09:00', end_date: '2031-06-15', end_time: '12:00',
  location: 'Rathaus', capacity: '', organiser: '', lang: 'de', online_url: '',
};

async function createViaForm(fields = {}) {
  const r = await post(admin, '/admin/events/new', { ...FORM, ...fields });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  return Number(r.headers.get('location').match(/\/admin\/events\/(\d+)\/edit/)[1]);
}

test(`[${BACKEND}] a new time tells the registrants; other changes do not; the online link is checked and shown`, async () => {
  const id = await createViaForm({ online_url: 'https://meet.example.org/raum-1' });
  assert.equal(sql(`SELECT online_url FROM events WHERE id = ${id}`), 'https://meet.example.org/raum-1');
  const anon = new Client(srv.base, { lang: 'de' });
  const page = await anon.get(`/events/${id}`);
  assert.match(page.text, /<a href="https:\/\/meet.example.org\/raum-1" rel="nofollow noopener" id="online-url">/);
  await register(guest1, id);
  await register(guest2, id);
  const r = await post(admin, `/admin/events/${id}/edit`, { ...FORM, title: 'Verschiebbar (neu)', online_url: 'https://meet.example.org/raum-1' });
  assert.equal(r.status, 303);
  assert.equal(notes(guest1, id, 'event_moved'), 0, 'a new title is no new time');
  const m = await post(admin, `/admin/events/${id}/edit`, { ...FORM, start_time: '10:00', online_url: 'https://meet.example.org/raum-1' });
  assert.equal(m.status, 303);
  assert.equal(notes(guest1, id, 'event_moved'), 1);
  assert.equal(notes(guest2, id, 'event_moved'), 1);
  assert.equal(sql(`SELECT sequence FROM events WHERE id = ${id}`), '1');
  const ics = await anon.get(`/events/${id}.ics`);
  assert.match(ics.text, /SEQUENCE:1\r\n/);
  const n = await guest2.get('/notifications');
  assert.match(n.text, /An event you registered for has a new time/);
  // Bad input: nothing changed.
  const before = sql(`SELECT starts_at || '|' || ends_at || '|' || online_url || '|' || coalesce(capacity, -1) FROM events WHERE id = ${id}`);
  const badUrl = await post(admin, `/admin/events/${id}/edit`, { ...FORM, online_url: 'javascript:alert(1)' });
  assert.equal(badUrl.status, 422);
  assert.match(badUrl.text, /id="online_url-error" class="field-error">Geben Sie den Online-Link als Webadresse ein/);
  assert.match(badUrl.text, /id="online_url" name="online_url" type="url" maxlength="500" value="javascript:alert\(1\)" aria-invalid="true"/);
  const endFirst = await post(admin, `/admin/events/${id}/edit`, { ...FORM, end_time: '08:00' });
  assert.equal(endFirst.status, 422);
  assert.match(endFirst.text, /id="end_date-error"/);
  const small = await post(admin, `/admin/events/${id}/edit`, { ...FORM, capacity: '1' });
  assert.equal(small.status, 422);
  assert.match(small.text, /id="capacity-error"/);
  assert.equal(sql(`SELECT starts_at || '|' || ends_at || '|' || online_url || '|' || coalesce(capacity, -1) FROM events WHERE id = ${id}`), before);
  assert.equal(notes(guest1, id, 'event_moved'), 1);
  const en = new Client(srv.base, { lang: 'en' });
  en.cookies = admin.cookies;
  const badEn = await post(en, `/admin/events/${id}/edit`, { ...FORM, online_url: 'ftp://x.example' }, '/account');
  assert.equal(badEn.status, 422);
});

test(`[${BACKEND}] the private calendar feed lists one's events, cancelled ones too; renewing makes the old address 404`, async () => {
  const live = insertEvent({ title: 'Offenes Labor' });
  const off = insertEvent({ title: 'Abgesagtes Treffen' });
  const mine = await person(srv, { name: 'Kalender Karla', lang: 'de' });
  await register(mine, live);
  await register(mine, off);
  assert.equal((await post(admin, `/events/${off}/call-off`, { confirm: 'yes' }, `/events/${off}/call-off`)).status, 303);
  const acc = await mine.get('/account');
  assert.match(acc.text, /href="\/account\/calendar"/);
  const page = await mine.get('/account/calendar');
  assert.equal(page.status, 200);
  assert.match(page.text, /id="calendar-state">Ihr privater Kalender hat noch keine Adresse/);
  const made = await post(mine, '/account/calendar', {}, '/account/calendar');
  assert.equal(made.status, 200);
  const url = made.text.match(/id="calendar-url" type="text" readonly value="([^"]+)"/)[1];
  const path = new URL(url.replaceAll('&amp;', '&')).pathname + new URL(url.replaceAll('&amp;', '&')).search;
  assert.match(path, /^\/calendar\.ics\?key=[A-Za-z0-9_-]{43}$/);
  const key = path.split('=')[1];
  assert.equal(sql(`SELECT count(*) FROM calendar_tokens WHERE user_id = ${userId(mine)}`), '1');
  assert.equal(Number(sql(`SELECT count(*) FROM calendar_tokens WHERE token_hash = ${BACKEND === 'postgres' ? `'${key}'::bytea` : `'${key}'`}`)), 0, 'the store holds a hash, not the secret');
  const anon = new Client(srv.base, { lang: 'de' });
  const feed = await anon.get(path);
  assert.equal(feed.status, 200);
  assert.match(feed.headers.get('content-type'), /^text\/calendar/);
  assert.match(feed.text, /SUMMARY:Offenes Labor\r\n/);
  assert.match(feed.text, /SUMMARY:Abgesagtes Treffen\r\n/);
  const vevents = feed.text.split('BEGIN:VEVENT').slice(1);
  const cancelled = vevents.find((v) => v.includes('SUMMARY:Abgesagtes Treffen'));
  assert.match(cancelled, /STATUS:CANCELLED/);
  assert.match(vevents.find((v) => v.includes('SUMMARY:Offenes Labor')), /STATUS:CONFIRMED/);
  assert.doesNotMatch(feed.text, /Sensor-Workshop/, 'only their own events');
  // The export says that the address exists, not what it is.
  const exp = await mine.get('/account/export');
  assert.equal(exp.status, 200);
  assert.match(exp.text, /"private_calendar":\s*\[\s*\{\s*"created":\s*\d+/);
  assert.doesNotMatch(exp.text, new RegExp(key));
  // Renew: the old address is gone.
  const page2 = await mine.get('/account/calendar');
  assert.match(page2.text, /Adresse erneuern/);
  const renewed = await post(mine, '/account/calendar', {}, '/account/calendar');
  const url2 = renewed.text.match(/id="calendar-url" type="text" readonly value="([^"]+)"/)[1];
  assert.notEqual(url2, url);
  assert.equal((await anon.get(path)).status, 404);
  const u2 = new URL(url2.replaceAll('&amp;', '&'));
  assert.equal((await anon.get(u2.pathname + u2.search)).status, 200);
  assert.equal((await anon.get('/calendar.ics?key=nonsense')).status, 404);
  assert.equal((await anon.get('/calendar.ics')).status, 404);
  assert.equal(sql(`SELECT count(*) FROM calendar_tokens WHERE user_id = ${userId(mine)}`), '1');
});

async function postMany(c, path, pairs) {
  const _csrf = await c.csrf('/account');
  const body = new URLSearchParams([['_csrf', _csrf], ...pairs]).toString();
  return c.request('POST', path, { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

test(`[${BACKEND}] an event linked to challenges: on the event page, on each challenge's page; unknown challenges refused`, async () => {
  const a = await createChallenge(admin, { title: 'Saubere Luft' });
  const b = await createChallenge(admin, { title: 'Leiser Verkehr' });
  const form = await admin.get('/admin/events/new');
  assert.match(form.text, new RegExp(`<input type="checkbox" id="challenge-${a}" name="challenge" value="${a}">`));
  const pairs = Object.entries({ ...FORM, title: 'Luftmesswoche' });
  const r = await postMany(admin, '/admin/events/new', [...pairs, ['challenge', String(b)], ['challenge', String(a)]]);
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const id = Number(r.headers.get('location').match(/\/admin\/events\/(\d+)\/edit/)[1]);
  assert.equal(sql(`SELECT count(*) FROM event_challenges WHERE event_id = ${id}`), '2');
  assert.match(sql(`SELECT after_value FROM audit_log WHERE subject = 'event:${id}' AND action = 'event.create'`),
    new RegExp(`^challenges: ${Math.min(a, b)},${Math.max(a, b)}$`, 'm'));
  const anon = new Client(srv.base, { lang: 'de' });
  const page = await anon.get(`/events/${id}`);
  assert.match(page.text, new RegExp(`id="event-challenges"><a href="/challenges/${Math.min(a, b)}"`));
  assert.match(page.text, /Saubere Luft/);
  for (const c of [a, b]) {
    const cp = await anon.get(`/challenges/${c}`);
    assert.match(cp.text, new RegExp(`id="challenge-events"[^]*<a href="/events/${id}" lang="de">Luftmesswoche</a>`));
  }
  const edit = await admin.get(`/admin/events/${id}/edit`);
  assert.match(edit.text, new RegExp(`id="challenge-${a}" name="challenge" value="${a}" checked`));
  // An unknown challenge: 422 at the field, nothing changed.
  const bad = await postMany(admin, `/admin/events/${id}/edit`, [...pairs, ['challenge', String(a)], ['challenge', '999999']]);
  assert.equal(bad.status, 422);
  assert.match(bad.text, /id="challenges-error" class="field-error">Wählen Sie höchstens 20/);
  assert.equal(sql(`SELECT count(*) FROM event_challenges WHERE event_id = ${id}`), '2');
  const junk = await postMany(admin, `/admin/events/${id}/edit`, [...pairs, ['challenge', 'x']]);
  assert.equal(junk.status, 422);
  // Only one left: the other challenge's page no longer lists it.
  const one = await postMany(admin, `/admin/events/${id}/edit`, [...pairs, ['challenge', String(a)]]);
  assert.equal(one.status, 303);
  assert.equal(sql(`SELECT challenge_id FROM event_challenges WHERE event_id = ${id}`), String(a));
  assert.doesNotMatch((await anon.get(`/challenges/${b}`)).text, /Luftmesswoche/);
  assert.match(sql(`SELECT before_value || '/' || after_value FROM audit_log WHERE subject = 'event:${id}' AND action = 'event.edit'`),
    new RegExp(`challenges: ${Math.min(a, b)},${Math.max(a, b)}/challenges: ${a}`));
});
