// Registration for events: POST /events/{id}/register and /cancel, the
// waitlist that moves up when a place frees (with a notification), the
// refusals that change nothing, the counters (events.registered_count
// and waitlist_count) against the rows, the event page for anonymous and
// logged-in people, the data export and account deletion, and 20
// concurrent registrations for 5 places.
//
// Events have no form yet, so the events of these tests are written with
// SQL; the server runs without the page cache for that reason (like
// events.test.mjs).  One test starts a second server with the cache on
// to check that anonymous visitors see the counts after a registration.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startServer, Client, execSql, BACKEND, uniqueEmail } from './lib.mjs';
import { person, PASSWORD } from './funnel-helpers.mjs';

let srv;
const now = Math.floor(Date.now() / 1000);
const DAY = 24 * 3600;

function insertEvent(store, { title, capacity = null, starts = now + 10 * DAY, hours = 2 }) {
  const q = (s) => `'${s.replaceAll("'", "''")}'`;
  return Number(execSql(store.url,
    `INSERT INTO events (title, summary, kind, starts_at, ends_at, location, capacity, organiser_id, lang, created)
     VALUES (${q(title)}, 'Kurz.', 'workshop', ${starts}, ${starts + hours * 3600}, 'Rathaus',
             ${capacity === null ? 'NULL' : capacity}, NULL, 'de', ${now})
     RETURNING id`).split('\n')[0]);
}

function userId(c) {
  return Number(execSql(srv.store.url, `SELECT id FROM users WHERE email = '${c.email}'`));
}

// Rows and counters of one event, and whether they agree.
function state(id, store = srv.store) {
  const [registered, waitlisted, rc, wc] = execSql(store.url,
    `SELECT (SELECT count(*) FROM event_registrations WHERE event_id = ${id} AND status = 'registered'),
            (SELECT count(*) FROM event_registrations WHERE event_id = ${id} AND status = 'waitlisted'),
            registered_count, waitlist_count FROM events WHERE id = ${id}`).split('|').map(Number);
  assert.equal(rc, registered, 'registered_count = rows');
  assert.equal(wc, waitlisted, 'waitlist_count = rows');
  return { registered, waitlisted };
}

function statusOf(id, c) {
  return execSql(srv.store.url,
    `SELECT status FROM event_registrations WHERE event_id = ${id} AND user_id = ${userId(c)}`);
}

async function act(c, id, what) {
  const _csrf = await c.csrf(`/events/${id}`);
  return c.post(`/events/${id}/${what}`, { _csrf });
}

before(async () => {
  srv = await startServer({ env: { OIC_PAGE_CACHE_TTL: '0' } });
});
after(() => srv.stop());

test(`[${BACKEND}] register, then the waitlist; cancelling moves the first of the waitlist up with a notification`, async () => {
  const id = insertEvent(srv.store, { title: 'Zwei Plätze', capacity: 2 });
  const a = await person(srv);
  const b = await person(srv, { lang: 'en' });
  const c = await person(srv);
  const d = await person(srv);

  let page = await a.get(`/events/${id}`);
  assert.match(page.text, /0 von 2 Plätzen belegt/);
  assert.match(page.text, /<button type="submit" class="button">Für diese Veranstaltung anmelden<\/button>/);

  let r = await act(a, id, 'register');
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/events/${id}?notice=event-registered#registration-h`);
  page = await a.get(r.headers.get('location'));
  assert.match(page.text, /<div class="notice" role="status">Sie sind für diese Veranstaltung angemeldet\.<\/div>/);
  assert.match(page.text, /id="my-state">Sie sind für diese Veranstaltung angemeldet\./);
  assert.match(page.text, /Meine Anmeldung stornieren/);
  assert.match(page.text, /1 von 2 Plätzen belegt/);
  assert.equal(statusOf(id, a), 'registered');

  r = await act(b, id, 'register');
  assert.equal(r.headers.get('location'), `/events/${id}?notice=event-registered#registration-h`);
  // Full now: the next person is offered the waitlist and put on it.
  page = await c.get(`/events/${id}`);
  assert.match(page.text, /2 von 2 Plätzen belegt/);
  assert.match(page.text, /Auf die Warteliste setzen/);
  r = await act(c, id, 'register');
  assert.equal(r.headers.get('location'), `/events/${id}?notice=event-waitlisted#registration-h`);
  page = await c.get(r.headers.get('location'));
  assert.match(page.text, /Alle Plätze sind belegt: Sie stehen auf der Warteliste/);
  assert.match(page.text, /Warteliste: 1/);
  assert.match(page.text, /Die Warteliste verlassen/);
  await new Promise((res) => setTimeout(res, 1100)); // a later second: d waits behind c
  r = await act(d, id, 'register');
  assert.equal(r.headers.get('location'), `/events/${id}?notice=event-waitlisted#registration-h`);
  assert.deepEqual(state(id), { registered: 2, waitlisted: 2 });
  assert.equal(statusOf(id, c), 'waitlisted');

  // The list shows the event as booked out.
  const list = await new Client(srv.base, { lang: 'en' }).get('/events');
  const card = list.text.split('<li class="card">').find((s) => s.includes(`/events/${id}"`));
  assert.match(card, /Booked out/);

  // b (English) cancels: c, first on the waitlist, moves up and is told.
  const unreadBefore = Number(execSql(srv.store.url, `SELECT unread_notifications FROM users WHERE id = ${userId(c)}`));
  r = await act(b, id, 'cancel');
  assert.equal(r.headers.get('location'), `/events/${id}?notice=event-cancelled#registration-h`);
  page = await b.get(r.headers.get('location'));
  assert.match(page.text, /Your registration has been cancelled\./);
  assert.match(page.text, /Join the waitlist/, 'full again: c took the place');
  assert.equal(statusOf(id, b), '');
  assert.equal(statusOf(id, c), 'registered');
  assert.equal(statusOf(id, d), 'waitlisted');
  assert.deepEqual(state(id), { registered: 2, waitlisted: 1 });
  assert.equal(Number(execSql(srv.store.url, `SELECT unread_notifications FROM users WHERE id = ${userId(c)}`)), unreadBefore + 1);
  const notes = await c.get('/notifications');
  assert.match(notes.text, /Sie sind von der Warteliste nachgerückt/);
  assert.match(notes.text, new RegExp(`href="/events/${id}"[^>]*>Zwei Plätze<`));
  assert.equal(execSql(srv.store.url,
    `SELECT count(*) FROM notifications WHERE kind = 'event_place' AND subject_id = ${id} AND actor_id IS NULL`), '1',
  'no actor: who cancelled stays private');

  // A waitlisted person leaving frees no place: nobody moves, nobody is told.
  r = await act(d, id, 'cancel');
  assert.equal(r.status, 303);
  assert.deepEqual(state(id), { registered: 2, waitlisted: 0 });
  assert.equal(execSql(srv.store.url, `SELECT count(*) FROM notifications WHERE kind = 'event_place' AND subject_id = ${id}`), '1');
});

test(`[${BACKEND}] refusals change nothing: twice, not registered, past, unknown, anonymous, no CSRF`, async () => {
  const id = insertEvent(srv.store, { title: 'Ein Platz', capacity: 1 });
  const pastId = insertEvent(srv.store, { title: 'Vorbei', capacity: 10, starts: now - 3 * DAY });
  const a = await person(srv);
  const b = await person(srv, { lang: 'en' });
  const total = () => execSql(srv.store.url,
    'SELECT (SELECT count(*) FROM event_registrations) || \'/\' || (SELECT count(*) FROM notifications) || \'/\' || (SELECT sum(registered_count + waitlist_count) FROM events)');

  assert.equal((await act(a, id, 'register')).status, 303);
  assert.equal((await act(b, id, 'register')).status, 303);
  const before = total();

  // Twice: idempotent, with a notice saying so.
  let r = await act(a, id, 'register');
  assert.equal(r.headers.get('location'), `/events/${id}?notice=event-already-registered#registration-h`);
  assert.match((await a.get(r.headers.get('location'))).text, /Sie waren bereits für diese Veranstaltung angemeldet\. Es hat sich nichts geändert\./);
  r = await act(b, id, 'register');
  assert.equal(r.headers.get('location'), `/events/${id}?notice=event-already-waitlisted#registration-h`);
  assert.match((await b.get(r.headers.get('location'))).text, /You were already on the waitlist of this event\. Nothing has changed\./);
  assert.equal(total(), before);

  // Cancelling without a registration.
  const c = await person(srv);
  r = await act(c, id, 'cancel');
  assert.equal(r.status, 422);
  assert.match(r.text, /Sie sind für diese Veranstaltung nicht angemeldet, es gibt also nichts zu stornieren\./);
  const cEn = await person(srv, { lang: 'en' });
  r = await act(cEn, id, 'cancel');
  assert.equal(r.status, 422);
  assert.match(r.text, /You are not registered for this event, so there is nothing to cancel\./);
  assert.equal(total(), before);

  // Past events: no register, no cancel; the page offers neither.
  execSql(srv.store.url, `INSERT INTO event_registrations (event_id, user_id, status, created) VALUES (${pastId}, ${userId(a)}, 'registered', ${now - 5 * DAY});
    UPDATE events SET registered_count = 1 WHERE id = ${pastId}`);
  const before2 = total();
  let page = await a.get(`/events/${pastId}`);
  assert.match(page.text, /Die Anmeldung ist geschlossen: Diese Veranstaltung hat bereits stattgefunden\./);
  assert.doesNotMatch(page.text, /action="\/events\/\d+\/(register|cancel)"/);
  const _csrf = await a.csrf(`/events/${id}`);
  r = await a.post(`/events/${pastId}/register`, { _csrf });
  assert.equal(r.status, 422);
  assert.match(r.text, /Diese Veranstaltung hat bereits stattgefunden; die Anmeldung ist geschlossen\./);
  r = await a.post(`/events/${pastId}/cancel`, { _csrf });
  assert.equal(r.status, 422);
  assert.match(r.text, /Anmeldungen können nicht mehr storniert werden\./);
  const _csrfB = await b.csrf(`/events/${id}`);
  r = await b.post(`/events/${pastId}/register`, { _csrf: _csrfB });
  assert.match(r.text, /This event has taken place; registration has closed\./);
  assert.equal(total(), before2);

  // Unknown event.
  r = await a.post('/events/999999/register', { _csrf });
  assert.equal(r.status, 404);
  assert.match(r.text, /Diese Veranstaltung gibt es nicht\./);
  r = await b.post('/events/999999/cancel', { _csrf: _csrfB });
  assert.equal(r.status, 404);
  assert.match(r.text, /There is no such event\./);

  // No CSRF token: refused before anything happens.
  r = await c.post(`/events/${id}/register`, {});
  assert.equal(r.status, 403);
  assert.equal(total(), before2);

  // Anonymous: to the login, and back to the event page after it.
  const anon = new Client(srv.base);
  const anonCsrf = await anon.csrf('/account/login');
  r = await anon.post(`/events/${id}/register`, { _csrf: anonCsrf });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/account/login?next=%2Fevents%2F${id}`);
  page = await anon.get(`/events/${id}`);
  assert.match(page.text, new RegExp(`<a href="/account/login\\?next=%2Fevents%2F${id}">Melden Sie sich an`));
  assert.match(page.text, /1 von 1 Plätzen belegt · Warteliste: 1/);
  assert.equal(total(), before2);
});

test(`[${BACKEND}] export lists registrations; deleting the account frees the place for the waitlist`, async () => {
  const id = insertEvent(srv.store, { title: 'Löschtest', capacity: 1 });
  const other = insertEvent(srv.store, { title: 'Ohne Grenze' });
  const a = await person(srv);
  const w = await person(srv);
  assert.equal((await act(a, id, 'register')).status, 303);
  assert.equal((await act(a, other, 'register')).status, 303);
  assert.equal((await act(w, id, 'register')).status, 303);
  assert.equal(statusOf(id, w), 'waitlisted');
  assert.deepEqual(state(other), { registered: 1, waitlisted: 0 });
  const page = await a.get(`/events/${other}`);
  assert.match(page.text, /1 Personen angemeldet/);

  const data = JSON.parse((await a.get('/account/export')).text);
  const regs = data.event_registrations.map((r) => [r.event, r.title, r.status]).sort((x, y) => x[0] - y[0]);
  assert.deepEqual(regs, [[id, 'Löschtest', 'registered'], [other, 'Ohne Grenze', 'registered']]);

  const aId = userId(a);
  const _csrf = await a.csrf('/account');
  const r = await a.post('/account/delete', { _csrf, password: PASSWORD });
  assert.equal(r.status, 303);
  assert.equal(execSql(srv.store.url, `SELECT count(*) FROM event_registrations WHERE user_id = ${aId}`), '0');
  assert.equal(statusOf(id, w), 'registered', 'the waitlist moved up');
  assert.deepEqual(state(id), { registered: 1, waitlisted: 0 });
  assert.deepEqual(state(other), { registered: 0, waitlisted: 0 });
  assert.equal(execSql(srv.store.url,
    `SELECT count(*) FROM notifications WHERE kind = 'event_place' AND subject_id = ${id} AND user_id = ${userId(w)}`), '1');
  assert.equal(execSql(srv.store.url, `SELECT unread_notifications FROM users WHERE id = ${userId(w)}`),
    execSql(srv.store.url, `SELECT count(*) FROM notifications WHERE user_id = ${userId(w)} AND read_at IS NULL`));
});

test(`[${BACKEND}] 20 concurrent registrations for 5 places: 5 registered, 15 waitlisted`, async () => {
  const id = insertEvent(srv.store, { title: 'Andrang', capacity: 5 });
  const people = [];
  for (let i = 0; i < 20; i++) people.push(await person(srv));
  const tokens = await Promise.all(people.map((p) => p.csrf(`/events/${id}`)));
  const answers = await Promise.all(people.map((p, i) => p.post(`/events/${id}/register`, { _csrf: tokens[i] })));
  assert.deepEqual(answers.map((r) => r.status), Array(20).fill(303));
  const notices = answers.map((r) => r.headers.get('location').match(/notice=([a-z-]+)/)[1]);
  assert.equal(notices.filter((n) => n === 'event-registered').length, 5);
  assert.equal(notices.filter((n) => n === 'event-waitlisted').length, 15);
  assert.deepEqual(state(id), { registered: 5, waitlisted: 15 });
});

// Another transaction holds the event (PostgreSQL: its row, FOR UPDATE;
// SQLite: the write lock) for `seconds`; resolves when it has ended.
function holdEvent(store, id, seconds) {
  const [cmd, args, script] = store.url.startsWith('sqlite:')
    ? ['sqlite3', ['-batch', store.url.slice(7)], `BEGIN IMMEDIATE;\n.shell sleep ${seconds}\nCOMMIT;\n`]
    : ['psql', [store.url, '-qAt', '-v', 'ON_ERROR_STOP=1'],
      `BEGIN;\nSELECT id FROM events WHERE id = ${id} FOR UPDATE;\nSELECT pg_sleep(${seconds});\nCOMMIT;\n`];
  const p = spawn(cmd, args, { stdio: ['pipe', 'ignore', 'inherit'] });
  p.stdin.end(script);
  return new Promise((resolve) => p.on('exit', resolve));
}

// Six people ask for the last place while the event is held: each must
// wait for the lock before it reads the count (a plain read would see
// the place free for all that the server's threads run at once, and
// overbook the event once the lock goes).
test(`[${BACKEND}] registrations read the free places under the event's lock: no overbooking`, async () => {
  const id = insertEvent(srv.store, { title: 'Letzter Platz', capacity: 1 });
  const people = [];
  for (let i = 0; i < 6; i++) people.push(await person(srv));
  const tokens = [];
  for (const p of people) tokens.push(await p.csrf(`/events/${id}`));
  const held = holdEvent(srv.store, id, 1.5);
  await new Promise((res) => setTimeout(res, 500)); // the holder has the lock by now
  const t0 = Date.now();
  const answers = await Promise.all(people.map((p, i) => p.post(`/events/${id}/register`, { _csrf: tokens[i] })));
  assert.ok(Date.now() - t0 >= 500, 'the registrations waited for the lock');
  assert.equal(await held, 0, 'the holder ran');
  assert.deepEqual(answers.map((r) => r.status), Array(6).fill(303));
  const notices = answers.map((r) => r.headers.get('location').match(/notice=([a-z-]+)/)[1]);
  assert.equal(notices.filter((n) => n === 'event-registered').length, 1);
  assert.deepEqual(state(id), { registered: 1, waitlisted: 5 });
});

test(`[${BACKEND}] with the page cache on, anonymous visitors see the count after a registration`, async () => {
  const cached = await startServer({ env: { OIC_PAGE_CACHE_TTL: '60' } });
  try {
    const id = insertEvent(cached.store, { title: 'Mit Cache', capacity: 3 });
    const anon = new Client(cached.base);
    assert.match((await anon.get(`/events/${id}`)).text, /0 von 3 Plätzen belegt/);
    assert.match((await anon.get(`/events/${id}`)).text, /0 von 3 Plätzen belegt/, 'served again (cached)');
    const email = uniqueEmail('cache');
    const c = new Client(cached.base);
    assert.equal((await c.register({ email, password: PASSWORD })).status, 303);
    const _csrf = await c.csrf(`/events/${id}`);
    assert.equal((await c.post(`/events/${id}/register`, { _csrf })).status, 303);
    assert.match((await anon.get(`/events/${id}`)).text, /1 von 3 Plätzen belegt/);
  } finally {
    await cached.stop();
  }
});
