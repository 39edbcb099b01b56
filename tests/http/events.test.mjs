// Events: the list of upcoming events with its kind filter and keyset
// pages, the archive of past events, the event page, and the iCalendar
// files (RFC 5545) parsed by a real parser (ical.js from npm).
//
// Events have no form yet (the Innovation Office enters them; the demo
// city has four), so the extra events of these tests are written with SQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { startServer, Client, execSql, BACKEND } from './lib.mjs';
import { queries } from './discover-fixtures.mjs';

let srv;
const now = Math.floor(Date.now() / 1000);
const DAY = 24 * 3600;
const TRICKY = 'Komma, Semikolon; Backslash \\ und Umlaute äöüß';
const LONG = 'Ein langer Text über Straßenbäume, Fußwege und Grünflächen – '.repeat(6).trim();

function insertEvent({ title, summary = 'Kurz.', kind = 'workshop', starts, hours = 2, location = 'Rathaus' }) {
  const q = (s) => `'${s.replaceAll("'", "''")}'`;
  return Number(execSql(srv.store.url,
    `INSERT INTO events (title, summary, kind, starts_at, ends_at, location, capacity, organiser_id, lang, created)
     VALUES (${q(title)}, ${q(summary)}, ${q(kind)}, ${starts}, ${starts + hours * 3600}, ${q(location)}, NULL, NULL, 'de', ${now})
     RETURNING id`).split('\n')[0]);
}

before(async () => {
  // The tests write events behind the server's back: no cached pages.
  srv = await startServer({ env: { OIC_PAGE_CACHE_TTL: '0' } });
  for (let i = 0; i < 25; i++) insertEvent({ title: `Werkstatt ${String(i).padStart(2, '0')}`, starts: now + (30 + i) * DAY });
  insertEvent({ title: 'Vergangene Konferenz', kind: 'conference', starts: now - 10 * DAY });
  insertEvent({ title: 'Lange vergangenes Treffen', kind: 'meetup', starts: now - 90 * DAY });
  insertEvent({ title: TRICKY, summary: LONG, kind: 'lab', starts: now + 20 * DAY, location: 'Halle 1; Eingang B, Tor 2' });
});
after(() => srv.stop());

function titles(html) {
  return [...html.matchAll(/<h2 class="card-title"><a href="\/events\/(\d+)"[^>]*>([^<]*)<\/a>/g)]
    .map((m) => ({ id: Number(m[1]), title: m[2] }));
}

function times(html) {
  return [...html.matchAll(/<li class="card">[\s\S]*?<time datetime="([^"]+)"/g)].map((m) => Date.parse(m[1]));
}

test(`[${BACKEND}] events: upcoming in time order, 20 per page, keyset pages without gaps or repeats`, async () => {
  const c = new Client(srv.base);
  const first = await c.get('/events');
  assert.equal(first.status, 200);
  assert.match(first.text, /<h1>Veranstaltungen<\/h1>/);
  const page1 = titles(first.text);
  assert.equal(page1.length, 20);
  const t1 = times(first.text);
  assert.deepEqual(t1, [...t1].sort((a, b) => a - b), 'ascending by start');
  assert.ok(!page1.some((e) => /vergangen/i.test(e.title)), 'no past events among the upcoming');
  const next = first.text.match(/<a href="([^"]+)" rel="next">/);
  assert.ok(next, 'a link to the next page');
  const second = await c.get(next[1].replaceAll('&amp;', '&'));
  assert.equal(second.status, 200);
  const page2 = titles(second.text);
  // 4 demo events + 25 workshops + the tricky lab = 30 upcoming.
  assert.equal(page1.length + page2.length, 30);
  const ids = new Set([...page1, ...page2].map((e) => e.id));
  assert.equal(ids.size, 30, 'no event twice');
  assert.ok(Math.min(...times(second.text)) >= Math.max(...t1), 'page 2 continues page 1');
  assert.doesNotMatch(second.text, /rel="next"/, 'the last page has no next link');
  assert.match(second.text, /href="\/events">Erste Seite<\/a>/);
  // The page runs the same number of queries whatever it shows.
  const one = await c.get('/events?kind=lab');
  assert.equal(titles(one.text).length, 2, 'the demo lab and the tricky one');
  assert.equal(queries(first), queries(one));
});

test(`[${BACKEND}] events: kind filter and the archive of past events`, async () => {
  const c = new Client(srv.base, { lang: 'en' });
  const ws = await c.get('/events?kind=workshop');
  assert.equal(ws.status, 200);
  const list = titles(ws.text);
  assert.equal(list.length, 20);
  assert.match(ws.text, /<a href="\/events\?kind=workshop" aria-current="page">Workshop<\/a>/);
  const next = ws.text.match(/<a href="([^"]+)" rel="next">/)[1].replaceAll('&amp;', '&');
  assert.match(next, /kind=workshop/, 'the next page keeps the filter');
  const rest = titles((await c.get(next)).text);
  assert.equal(list.length + rest.length, 26, '25 workshops and the demo workshop');

  const past = await c.get('/events?past=1');
  assert.equal(past.status, 200);
  assert.match(past.text, /<h1>Past events<\/h1>/);
  const p = titles(past.text).map((e) => e.title);
  assert.deepEqual(p, ['Vergangene Konferenz', 'Lange vergangenes Treffen'], 'newest first');
  const meetups = titles((await c.get('/events?past=1&kind=meetup')).text).map((e) => e.title);
  assert.deepEqual(meetups, ['Lange vergangenes Treffen']);
});

test(`[${BACKEND}] events: bad links get a clear answer in the reader's language`, async () => {
  const de = new Client(srv.base);
  let r = await de.get('/events?kind=rave');
  assert.equal(r.status, 400);
  assert.match(r.text, /Diese Art von Veranstaltung gibt es nicht\./);
  r = await new Client(srv.base, { lang: 'en' }).get('/events?kind=rave');
  assert.equal(r.status, 400);
  assert.match(r.text, /There is no such kind of event\./);
  for (const bad of ['/events?after=x', '/events?after=12_', '/events?after=12_-3', '/events?past=yes']) {
    r = await de.get(bad);
    assert.equal(r.status, 400, bad);
    assert.match(r.text, /Dieser Seitenlink ist ungültig\. Beginnen Sie wieder auf der ersten Seite\./);
  }
  r = await de.get('/events/999999');
  assert.equal(r.status, 404);
  assert.match(r.text, /Diese Veranstaltung gibt es nicht\./);
  assert.equal((await de.get('/events/999999.ics')).status, 404);
  assert.equal((await de.get('/events.ics?kind=rave')).status, 400);
});

test(`[${BACKEND}] event page: facts, organiser, past notice; reachable from home, navigation and search`, async () => {
  const c = new Client(srv.base);
  const home = await c.get('/');
  assert.match(home.text, /<a href="\/events">Alle Veranstaltungen<\/a>/);
  assert.match(home.text, /<nav[\s\S]*<a href="\/events">Veranstaltungen<\/a>/, 'in the main navigation');
  const link = home.text.match(/<h3><a href="(\/events\/\d+)"/);
  assert.ok(link, 'home page events link to their pages');
  const page = await c.get(link[1]);
  assert.equal(page.status, 200);
  assert.match(page.text, /<dt>Beginn<\/dt><dd><time datetime="[^"]+">/);
  assert.match(page.text, /<dt>Veranstaltet von<\/dt>/);
  assert.match(page.text, new RegExp(`href="${link[1]}.ics"`));
  assert.doesNotMatch(page.text, /hat bereits stattgefunden/);

  const pastId = execSql(srv.store.url, "SELECT id FROM events WHERE title = 'Vergangene Konferenz'");
  const past = await new Client(srv.base, { lang: 'en' }).get(`/events/${pastId}`);
  assert.match(past.text, /This event has taken place\./);

  const found = await c.get('/search?q=Hackathon');
  const hit = found.text.match(/href="(\/events\/\d+)"/);
  assert.ok(hit, 'search finds the demo hackathon');
  assert.equal((await c.get(hit[1])).status, 200, 'and its link works');
});

function checkIcalText(text) {
  assert.ok(text.endsWith('\r\n'), 'lines end in CRLF');
  for (const line of text.split('\r\n').slice(0, -1)) {
    assert.ok(Buffer.byteLength(line, 'utf8') <= 75, `folded at 75 octets: ${line}`);
    assert.doesNotMatch(line, /\n/, 'no bare LF');
  }
  assert.ok(!text.includes('\uFFFD'), 'folding never splits a UTF-8 character');
  return new ICAL.Component(ICAL.parse(text));
}

test(`[${BACKEND}] iCalendar feed: upcoming events, escaped, folded, stable UIDs`, async () => {
  const c = new Client(srv.base);
  const r = await c.get('/events.ics');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'text/calendar; charset=utf-8');
  const cal = checkIcalText(r.text);
  assert.equal(cal.getFirstPropertyValue('version'), '2.0');
  assert.equal(cal.getFirstPropertyValue('x-wr-calname'), 'Veranstaltungen der Open Innovation City');
  const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  const expected = Number(execSql(srv.store.url, `SELECT count(*) FROM events WHERE starts_at >= ${now}`));
  assert.ok(expected > 25 && expected < 50, 'the fixtures stay under the cap (the last test fills it)');
  assert.equal(events.length, expected, 'every upcoming event');
  assert.ok(!events.some((e) => /vergangen/i.test(e.summary)), 'no past event');
  assert.equal(new Set(events.map((e) => e.uid)).size, events.length, 'UIDs are unique');

  const tricky = events.find((e) => e.summary === TRICKY);
  assert.ok(tricky, 'commas, semicolons, backslashes and umlauts survive the round trip');
  assert.equal(tricky.location, 'Halle 1; Eingang B, Tor 2');
  assert.ok(tricky.description.startsWith(LONG), 'the long summary survives folding');
  const id = execSql(srv.store.url, `SELECT id FROM events WHERE location = 'Halle 1; Eingang B, Tor 2'`);
  const row = execSql(srv.store.url, `SELECT starts_at, ends_at FROM events WHERE id = ${id}`).split('|').map(Number);
  assert.equal(tricky.startDate.toUnixTime(), row[0]);
  assert.equal(tricky.endDate.toUnixTime(), row[1]);
  assert.equal(tricky.startDate.zone.tzid, 'UTC');
  assert.match(tricky.uid, new RegExp(`^event-${id}@`));
  assert.ok(tricky.description.includes(`/events/${id}`), 'the description links the event page');

  const again = checkIcalText((await c.get('/events.ics')).text);
  assert.deepEqual(again.getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('uid')),
    cal.getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('uid')), 'UIDs are stable');

  const labs = checkIcalText((await c.get('/events.ics?kind=lab')).text).getAllSubcomponents('vevent');
  assert.equal(labs.length, 2);
});

test(`[${BACKEND}] iCalendar file of one event: an attachment with one VEVENT`, async () => {
  const c = new Client(srv.base, { lang: 'en' });
  const r = await c.get('/events/1.ics');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-disposition'), 'attachment; filename="event-1.ics"');
  const cal = checkIcalText(r.text);
  assert.equal(cal.getFirstPropertyValue('x-wr-calname'), 'Events of the Open Innovation City');
  const vevents = cal.getAllSubcomponents('vevent');
  assert.equal(vevents.length, 1);
  const ev = new ICAL.Event(vevents[0]);
  const title = execSql(srv.store.url, 'SELECT title FROM events WHERE id = 1');
  assert.equal(ev.summary, title);
  assert.match(ev.description, /Organised by /);
});

test(`[${BACKEND}] iCalendar feed: at most the next 50 events, the soonest first`, async () => {
  // Fill the calendar past the cap with events further ahead than all others.
  for (let i = 0; i < 40; i++) insertEvent({ title: `Fernes Treffen ${String(i).padStart(2, '0')}`, kind: 'meetup', starts: now + (400 + i) * DAY });
  const upcoming = execSql(srv.store.url,
    `SELECT title FROM events WHERE starts_at >= ${now} ORDER BY starts_at, id`).split('\n').filter(Boolean);
  assert.ok(upcoming.length > 50);
  const cal = checkIcalText((await new Client(srv.base).get('/events.ics')).text);
  const summaries = cal.getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('summary'));
  assert.deepEqual(summaries, upcoming.slice(0, 50), 'the 50 soonest, in time order');
  assert.ok(!summaries.includes('Fernes Treffen 39'), 'the farthest are left out');
  // The events page says what the feed holds, in both languages.
  assert.match((await new Client(srv.base).get('/events')).text,
    /<a href="\/events.ics" type="text\/calendar">Die nächsten 50 Veranstaltungen abonnieren \(iCalendar\)<\/a>/);
  assert.match((await new Client(srv.base, { lang: 'en' }).get('/events')).text, /Subscribe to the next 50 events \(iCalendar\)/);
  // A filtered feed has its own 50: all 40 far meetups are in it.
  const meetups = checkIcalText((await new Client(srv.base).get('/events.ics?kind=meetup')).text)
    .getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('summary'));
  assert.ok(meetups.includes('Fernes Treffen 39'));
});
