// contact.test.mjs - getting in touch without exposing addresses
// (features/contact): a request from an actor's page, the recipients'
// notification, accepting (only then both sides see each other's
// address, on /account/contacts), declining, blocking, opting out on
// /account, the daily limit, one open request per pair, nobody writing
// to themselves, forged POSTs and bad input changing nothing; and a
// privacy crawl: no account's e-mail address on any public page, API
// answer, search or feed, logged out or logged in as a third party,
// before or after acceptance.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BACKEND, Client, execSql, startServer } from './lib.mjs';
import { PASSWORD, person } from './funnel-helpers.mjs';

let srv;
const sql = (q) => execSql(srv.store.url, q);
const count = (q) => Number(sql(q));
const idOf = (email) => Number(sql(`SELECT id FROM users WHERE email = '${email}'`));
const requests = () => count('SELECT count(*) FROM contact_requests');

before(async () => { srv = await startServer(); });
after(async () => { if (process.env.CONTACT_DEBUG) console.log(srv.stderr()); await srv.stop(); });

// A logged-in person listed in the directory (name and offers public); their actor id in c.actor.
async function listed(lang = 'de', name) {
  const c = await person(srv, { lang, name });
  const _csrf = await c.csrf('/account');
  const r = await c.post('/account/directory', [['_csrf', _csrf], ['listed', '1'], ['tags', ''],
    ['offers', 'Beratung'], ['needs', ''], ['district', ''], ['website', ''], ['public', 'offers']]);
  assert.equal(r.status, 303, `listing ${c.email}: ${r.status}`);
  c.actor = count(`SELECT id FROM actors WHERE user_id = ${idOf(c.email)}`);
  return c;
}

let orgSeq = 0;
// An organisation with these representatives; its actor id.
function org(reps) {
  const name = `Kontakt-Organisation ${BACKEND} ${++orgSeq}`;
  sql(`INSERT INTO organisations (name, sector, summary, lang, created) VALUES ('${name}', 'business', 'Kurz.', 'de', 1)`);
  const o = count(`SELECT max(id) FROM organisations WHERE name = '${name}'`);
  for (const r of reps)
    sql(`INSERT INTO organisation_representatives (organisation_id, user_id, added_at) VALUES (${o}, ${idOf(r.email)}, 1)`);
  return count(`SELECT id FROM actors WHERE organisation_id = ${o}`);
}

async function send(c, actor, message = 'Hallo, ich würde gern über ein gemeinsames Projekt sprechen.') {
  const _csrf = await c.csrf('/account');
  return c.post(`/actors/${actor}/contact`, { _csrf, message });
}
async function answer(c, id, what) {
  const _csrf = await c.csrf('/account');
  return c.post(`/account/contacts/${id}/${what}`, { _csrf });
}
const lastRequest = (sender) => count(`SELECT coalesce(max(id), 0) FROM contact_requests WHERE sender_id = ${idOf(sender.email)}`);
const status = (id) => sql(`SELECT status FROM contact_requests WHERE id = ${id}`);

test(`[${BACKEND}] person to person: request, notification, accept shows both addresses to both, and only then`, async () => {
  const a = await listed('de', 'Anna Absender');
  const b = await listed('de', 'Bernd Empfänger');
  const c = await person(srv, { lang: 'de' });
  // The form on the page, no address.
  const page = await a.get(`/actors/${b.actor}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<h2 id="contact-heading">Kontakt aufnehmen<\/h2>/);
  assert.match(page.text, new RegExp(`<form method="post" action="/actors/${b.actor}/contact"`));
  assert.ok(!page.text.includes(b.email));
  // Logged out: a link to log in, no form.
  const anon = await new Client(srv.base, { lang: 'en' }).get(`/actors/${b.actor}`);
  assert.match(anon.text, /<h2 id="contact-heading">Get in touch<\/h2>/);
  assert.match(anon.text, /Log in to get in touch\./);
  assert.doesNotMatch(anon.text, /name="message"/);

  const r = await send(a, b.actor);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/actors/${b.actor}?contact=sent#contact-heading`);
  const id = lastRequest(a);
  assert.ok(id > 0);
  assert.equal(status(id), 'open');
  const after = await a.get(`/actors/${b.actor}?contact=sent`);
  assert.match(after.text, /role="status">Ihre Nachricht ist gesendet\./);
  assert.doesNotMatch(after.text, /name="message"/, 'no second form while one waits');
  // A second request to the same actor: refused, nothing stored.
  const again = await send(a, b.actor);
  assert.equal(again.status, 409);
  assert.match(again.text, /wartet noch auf eine Antwort/);
  assert.equal(count(`SELECT count(*) FROM contact_requests WHERE sender_id = ${idOf(a.email)}`), 1);

  // The recipient's notification, and their page: no address yet.
  const n = await b.get('/notifications');
  assert.match(n.text, /Jemand möchte mit Ihnen Kontakt aufnehmen/);
  assert.match(n.text, new RegExp(`href="/account/contacts#contact-${id}"`));
  assert.ok(!n.text.includes(a.email));
  let inbox = await b.get('/account/contacts');
  assert.equal(inbox.status, 200);
  assert.match(inbox.text, /gemeinsames Projekt/);
  assert.match(inbox.text, /Anna Absender/);
  assert.match(inbox.text, new RegExp(`action="/account/contacts/${id}/accept"`));
  assert.ok(!inbox.text.includes(a.email), 'no address before acceptance');
  let sent = await a.get('/account/contacts?box=sent');
  assert.match(sent.text, /wartet auf Antwort/);
  assert.ok(!sent.text.includes(b.email));

  // A third party can neither answer nor see it.
  assert.equal((await answer(c, id, 'accept')).status, 404);
  assert.equal((await answer(a, id, 'accept')).status, 403, 'the sender cannot accept their own');
  assert.equal(status(id), 'open');
  assert.doesNotMatch((await c.get('/account/contacts')).text, /gemeinsames Projekt/);

  // Accept: now both see the other's address.
  const ok = await answer(b, id, 'accept');
  assert.equal(ok.status, 303);
  assert.equal(status(id), 'accepted');
  inbox = await b.get('/account/contacts?notice=accepted');
  assert.match(inbox.text, new RegExp(`<a href="mailto:${a.email}">`));
  assert.match(inbox.text, /role="status">Sie haben die Anfrage angenommen/);
  sent = await a.get('/account/contacts?box=sent');
  assert.match(sent.text, new RegExp(`<a href="mailto:${b.email}">`));
  assert.match((await a.get('/notifications')).text, /Ihre Kontaktanfrage wurde angenommen/);
  assert.equal((await answer(b, id, 'decline')).status, 409, 'answered already');
  assert.equal(status(id), 'accepted');
  // In contact: no new request; the page says so.
  assert.equal((await send(a, b.actor)).status, 409);
  assert.match((await a.get(`/actors/${b.actor}`)).text, /Sie sind schon in Kontakt/);
  assert.ok(!(await c.get('/account/contacts?box=sent')).text.includes(b.email));
  // The data export holds the requests, sent and received.
  const ea = JSON.parse((await a.get('/account/export')).text);
  assert.equal(ea.contact_requests_sent.length, 1);
  assert.equal(ea.contact_requests_sent[0].status, 'accepted');
  const eb = JSON.parse((await b.get('/account/export')).text);
  assert.equal(eb.contact_requests_received.length, 1);
  assert.match(eb.contact_requests_received[0].message, /gemeinsames Projekt/);
  // English.
  const en = new Client(srv.base, { lang: 'en' });
  en.cookies = b.cookies;
  assert.match((await en.get('/account/contacts')).text, /<h1>Contact requests<\/h1>[\s\S]*accepted/);
});

test(`[${BACKEND}] an organisation: every representative hears of it; decline, block, and the sender refused after`, async () => {
  const r1 = await person(srv, { lang: 'de' });
  const r2 = await person(srv, { lang: 'de' });
  const s = await person(srv, { lang: 'de', name: 'Sabine Sender' });
  const actor = org([r1, r2]);
  const notes = (c) => count(`SELECT count(*) FROM notifications WHERE user_id = ${idOf(c.email)} AND kind = 'contact'`);
  assert.equal((await send(s, actor)).status, 303);
  const first = lastRequest(s);
  assert.equal(notes(r1), 1);
  assert.equal(notes(r2), 1);
  assert.match((await r2.get('/account/contacts')).text, /Sabine Sender/);
  // A representative's own organisation: not to themselves.
  const self = await send(r1, actor);
  assert.equal(self.status, 422);
  assert.match(self.text, /Sie können sich selbst keine Kontaktanfrage senden\./);
  assert.doesNotMatch((await r1.get(`/actors/${actor}`)).text, /name="message"/);
  // Decline: no address for anyone; may write again.
  assert.equal((await answer(r2, first, 'decline')).status, 303);
  assert.equal(status(first), 'declined');
  assert.ok(!(await s.get('/account/contacts?box=sent')).text.includes(r2.email));
  assert.ok(!(await r1.get('/account/contacts')).text.includes(s.email));
  assert.equal((await send(s, actor)).status, 303);
  const second = lastRequest(s);
  // Block: declined, and the next request refused with a clear message, nothing stored.
  assert.equal((await answer(r1, second, 'block')).status, 303);
  assert.equal(status(second), 'declined');
  assert.equal(count(`SELECT count(*) FROM contact_blocks WHERE actor_id = ${actor} AND user_id = ${idOf(s.email)}`), 1);
  const before = requests();
  const refused = await send(s, actor);
  assert.equal(refused.status, 403);
  assert.match(refused.text, /Dieser Akteur nimmt keine Kontaktanfragen von Ihnen an\./);
  assert.equal(requests(), before);
  assert.doesNotMatch((await s.get(`/actors/${actor}`)).text, /name="message"/);
  // An organisation without representatives takes none.
  const lonely = org([]);
  const none = await send(s, lonely);
  assert.equal(none.status, 403);
  assert.equal(requests(), before);
});

test(`[${BACKEND}] opting out on /account: no form, a forged POST refused, nothing stored; and back`, async () => {
  const b = await listed('de');
  const a = await person(srv, { lang: 'en' });
  let acc = await b.get('/account');
  assert.match(acc.text, /<h2 id="contact-heading">Kontaktanfragen<\/h2>/);
  assert.match(acc.text, /<input type="checkbox" id="contact_off" name="contact_off" value="1">/);
  let _csrf = await b.csrf('/account');
  let r = await b.post('/account/contact', { _csrf, contact_off: '1' });
  assert.equal(r.status, 303);
  assert.equal(count(`SELECT count(*) FROM contact_optouts WHERE user_id = ${idOf(b.email)}`), 1);
  acc = await b.get('/account?notice=contact');
  assert.match(acc.text, /id="contact_off" name="contact_off" value="1" checked/);
  assert.match(acc.text, /Ihre Wahl zu Kontaktanfragen ist gespeichert\./);
  const page = await a.get(`/actors/${b.actor}`);
  assert.doesNotMatch(page.text, /name="message"/);
  assert.match(page.text, /This actor does not take contact requests through the platform\./);
  const before = requests();
  const forged = await send(a, b.actor);
  assert.equal(forged.status, 403);
  assert.match(forged.text, /This actor does not take contact requests through the platform\./);
  assert.equal(requests(), before);
  // Someone who opted out cannot write either (their address would be shared).
  const other = await listed('de');
  const off = await send(b, other.actor);
  assert.equal(off.status, 403);
  assert.equal(requests(), before);
  // A bad value: 422, nothing changed.
  _csrf = await b.csrf('/account');
  assert.equal((await b.post('/account/contact', { _csrf, contact_off: 'yes' })).status, 422);
  assert.equal(count(`SELECT count(*) FROM contact_optouts WHERE user_id = ${idOf(b.email)}`), 1);
  // Back on.
  r = await b.post('/account/contact', { _csrf });
  assert.equal(r.status, 303);
  assert.equal(count(`SELECT count(*) FROM contact_optouts WHERE user_id = ${idOf(b.email)}`), 0);
  assert.match((await a.get(`/actors/${b.actor}`)).text, /name="message"/);
  assert.equal((await send(a, b.actor)).status, 303);
});

test(`[${BACKEND}] the daily limit: the 11th request of a day is refused (429) in the user's language, nothing stored`, async () => {
  const rep = await person(srv, { lang: 'de' });
  const s = await person(srv, { lang: 'de' });
  const actors = [];
  for (let i = 0; i < 12; i++) actors.push(org([rep]));
  for (let i = 0; i < 10; i++) assert.equal((await send(s, actors[i])).status, 303, `request ${i + 1}`);
  const before = requests();
  const r = await send(s, actors[10]);
  assert.equal(r.status, 429);
  assert.match(r.text, /Sie haben in 24 Stunden 10 Kontaktanfragen gesendet/);
  assert.equal(requests(), before);
  const en = new Client(srv.base, { lang: 'en' });
  en.cookies = s.cookies;
  const r2 = await send(en, actors[11]);
  assert.equal(r2.status, 429);
  assert.match(r2.text, /You have sent 10 contact requests within 24 hours/);
  assert.equal(requests(), before);
  // A day later the window has moved on.
  sql(`UPDATE contact_requests SET created = created - 86401 WHERE sender_id = ${idOf(s.email)}`);
  assert.equal((await send(s, actors[10])).status, 303);
});

test(`[${BACKEND}] bad input and forged requests change nothing`, async () => {
  const b = await listed('de');
  const a = await person(srv, { lang: 'de' });
  const before = requests();
  for (const [message, text] of [['', /Schreiben Sie eine kurze Nachricht/], ['   \n ', /Schreiben Sie eine kurze Nachricht/],
    ['x'.repeat(1001), /Eine Nachricht kann höchstens 1000 Zeichen haben\./], ['Hallo\u0007', /Der Text enthält unzulässige Zeichen\./]]) {
    const r = await send(a, b.actor, message);
    assert.equal(r.status, 422, JSON.stringify(message));
    assert.match(r.text, /<p id="message-error" class="field-error">/);
    assert.match(r.text, text);
    assert.match(r.text, /aria-invalid="true" aria-describedby="message-error"/);
    assert.match(r.text, /class="error-summary"|href="#message"/);
  }
  const en = new Client(srv.base, { lang: 'en' });
  en.cookies = a.cookies;
  const long = await send(en, b.actor, 'x'.repeat(1001));
  assert.equal(long.status, 422);
  assert.match(long.text, /A message can have at most 1000 characters\./);
  assert.equal((await send(a, b.actor, 'y'.repeat(1000))).status, 303, 'exactly 1000 is fine');
  assert.equal(requests(), before + 1);
  // Self, unknown, unlisted, anonymous, no CSRF token.
  const self = await send(b, b.actor);
  assert.equal(self.status, 422);
  const hidden = await person(srv, {});
  sql(`INSERT INTO actors (user_id, name, sector, listed, public_fields, lang, created, updated) SELECT id, name, sector, 0, 0, 'de', 1, 1 FROM users WHERE id = ${idOf(hidden.email)}`);
  const hiddenActor = count(`SELECT id FROM actors WHERE user_id = ${idOf(hidden.email)}`);
  assert.equal((await send(a, hiddenActor)).status, 404);
  assert.equal((await send(a, 999999)).status, 404);
  assert.equal((await a.get(`/actors/${hiddenActor}/contact`)).status, 404);
  const anon = new Client(srv.base, { lang: 'de' });
  const ar = await anon.post(`/actors/${b.actor}/contact`, { message: 'Hallo' });
  assert.ok([303, 403].includes(ar.status), `anonymous: ${ar.status}`);
  const nocsrf = await a.post(`/actors/${b.actor}/contact`, { message: 'Hallo ohne Token' });
  assert.equal(nocsrf.status, 403);
  assert.equal(requests(), before + 1);
  // Answers: unknown id, bad paths.
  assert.equal((await answer(b, 999999, 'accept')).status, 404);
  assert.equal((await b.get('/account/contacts?before=x')).status, 400);
  assert.equal((await b.get('/account/contacts?box=all')).status, 400);
  // The page of the form (without JavaScript, the same form).
  const page = await a.get(`/actors/${b.actor}/contact`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<h1>Kontakt aufnehmen:/);
});

test(`[${BACKEND}] /account/contacts is keyset-paginated`, async () => {
  const rep = await person(srv, { lang: 'de' });
  const actors = [];
  for (let i = 0; i < 25; i++) actors.push(org([rep]));
  const senders = [];
  for (let i = 0; i < 3; i++) senders.push(await person(srv, { lang: 'de' }));
  let n = 0;
  for (const s of senders) for (let i = 0; i < 9 && n < 25; i++, n++) assert.equal((await send(s, actors[n])).status, 303);
  const seen = [];
  let path = '/account/contacts';
  let pages = 0;
  while (path && pages < 5) {
    const r = await rep.get(path);
    assert.equal(r.status, 200);
    seen.push(...[...r.text.matchAll(/<li id="contact-(\d+)"/g)].map((m) => Number(m[1])));
    const next = r.text.match(/<a href="([^"]+)" rel="next">/);
    path = next ? next[1].replace(/&amp;/g, '&') : null;
    pages++;
  }
  assert.equal(pages, 2);
  assert.equal(seen.length, 25);
  assert.equal(new Set(seen).size, 25);
  assert.deepEqual(seen, [...seen].sort((x, y) => y - x), 'newest first');
});

test(`[${BACKEND}] deleting an account deletes what it sent and received`, async () => {
  const b = await listed('de');
  const a = await person(srv, { lang: 'de' });
  assert.equal((await send(a, b.actor)).status, 303);
  const id = lastRequest(a);
  const ua = idOf(a.email);
  const _csrf = await a.csrf('/account');
  assert.equal((await a.post('/account/delete', { _csrf, password: PASSWORD })).status, 303);
  assert.equal(count(`SELECT count(*) FROM users WHERE id = ${ua}`), 0);
  assert.equal(count(`SELECT count(*) FROM contact_requests WHERE id = ${id}`), 0, 'what it sent');
  // The recipient's account: the requests to its entry go with it.
  const c = await person(srv, { lang: 'de' });
  assert.equal((await send(c, b.actor)).status, 303);
  const id2 = lastRequest(c);
  const _csrf2 = await b.csrf('/account');
  assert.equal((await b.post('/account/delete', { _csrf: _csrf2, password: PASSWORD })).status, 303);
  assert.equal(count(`SELECT count(*) FROM contact_requests WHERE id = ${id2}`), 0, 'what its entry received');
});

// Every address of every account, and the pages a visitor can reach.
async function crawl(c, label, emails, allowed = []) {
  const paths = ['/', '/actors', '/challenges', '/ideas', '/projects', '/events', '/map', '/map.geojson',
    '/search?q=Kontakt', '/search?q=Beratung', '/search?q=Stadtwerke', '/feeds/challenges.atom', '/feeds/status.atom', '/events.ics',
    '/api/v1/actors?limit=100', '/api/v1/ideas?limit=100', '/api/v1/challenges?limit=100', '/api/v1/projects?limit=100',
    '/imprint', '/privacy', '/accessibility', '/opportunities', '/opportunities?archived=1', '/opportunities.atom',
    '/api/v1/opportunities?limit=100', '/api/v1/opportunities?archived=1'];
  for (const id of sql('SELECT id FROM opportunities').split('\n').filter(Boolean))
    paths.push(`/opportunities/${id}`, `/api/v1/opportunities/${id}`);
  for (const id of sql('SELECT id FROM actors WHERE listed = 1').split('\n').filter(Boolean))
    paths.push(`/actors/${id}`, `/api/v1/actors/${id}`);
  for (const id of sql("SELECT id FROM challenges WHERE phase <> 'draft'").split('\n').filter(Boolean))
    paths.push(`/challenges/${id}`, `/api/v1/challenges/${id}`, `/challenges/${id}/ideas.atom`, `/api/v1/challenges/${id}/matches`);
  for (const id of sql('SELECT id FROM ideas ORDER BY id DESC LIMIT 30').split('\n').filter(Boolean))
    paths.push(`/ideas/${id}`, `/api/v1/ideas/${id}`);
  for (const id of sql('SELECT id FROM organisations').split('\n').filter(Boolean)) paths.push(`/organisations/${id}`);
  for (const id of sql('SELECT id FROM events').split('\n').filter(Boolean)) paths.push(`/events/${id}`, `/events/${id}.ics`);
  if (c.cookies.size) paths.push('/notifications', '/account/contacts', '/account/contacts?box=sent', '/account/calendar');
  let fetched = 0;
  for (const p of paths) {
    const r = await c.get(p);
    if (r.status !== 200) continue;
    fetched++;
    for (const e of emails)
      if (!allowed.includes(e)) assert.ok(!r.text.includes(e), `${label}: ${p} shows ${e}`);
  }
  assert.ok(fetched > 40, `${label}: crawled ${fetched} pages`);
}

test(`[${BACKEND}] privacy crawl: no address anywhere before acceptance; after it, only the two sides see them`, async () => {
  const x = await listed('de', 'Xaver Privat');
  const y = await listed('de', 'Yvonne Privat');
  const rep = await person(srv, { lang: 'de' });
  const orgActor = org([rep]);
  const third = await person(srv, { lang: 'de' });
  assert.equal((await send(x, y.actor, 'Kontakt bitte, Xaver')).status, 303);
  const xy = lastRequest(x);
  assert.equal((await send(y, orgActor, 'Kontakt bitte, Yvonne')).status, 303);
  const emails = sql('SELECT email FROM users').split('\n').filter(Boolean);
  await crawl(new Client(srv.base, { lang: 'de' }), 'anonymous', emails);
  await crawl(third, 'third party', emails, [third.email]);
  await crawl(x, 'sender before', emails, [x.email]);
  await crawl(y, 'recipient before', emails, [y.email]);
  // Accepted: each side sees the other's address, and nobody else does.
  assert.equal((await answer(y, xy, 'accept')).status, 303);
  assert.match((await x.get('/account/contacts?box=sent')).text, new RegExp(y.email));
  assert.match((await y.get('/account/contacts')).text, new RegExp(x.email));
  await crawl(third, 'third party after', emails, [third.email]);
  await crawl(new Client(srv.base, { lang: 'en' }), 'anonymous after', emails);
  await crawl(rep, 'representative after', emails, [rep.email]);
  assert.ok(!(await rep.get('/account/contacts')).text.includes(x.email));
});
