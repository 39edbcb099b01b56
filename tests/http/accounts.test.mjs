// Accounts: register, log in, account page, log out, and the ways that
// can go wrong.  Runs against the real binary (SQLite or PostgreSQL).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, uniqueEmail, oic, execSql, BACKEND, setCookieLines } from './lib.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

test(`[${BACKEND}] register → account → logout → login → account`, async () => {
  const c = new Client(srv.base);
  const email = uniqueEmail('flow');
  let r = await c.register({ email, name: 'Erika Mustermann', sector: 'research', organisation: 'Universität' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/account?notice=welcome');
  const session = [...c.cookies.keys()].find((k) => k.includes('oic_session'));
  assert.ok(session, 'a session cookie is set');
  const setCookie = setCookieLines(r.headers).find((s) => s.includes('oic_session='));
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Lax/);

  r = await c.get('/account?notice=welcome');
  assert.equal(r.status, 200);
  assert.match(r.text, /Erika Mustermann/);
  assert.match(r.text, new RegExp(email.replace(/\./g, '\\.')));
  assert.match(r.text, /Bildung &amp; Wissenschaft/);
  assert.match(r.text, /Willkommen! Ihr Konto wurde angelegt\./);
  assert.equal(r.headers.get('cache-control'), 'private, no-store');

  const csrf = r.text.match(/name="_csrf" value="([^"]+)"/)[1];
  r = await c.post('/account/logout', { _csrf: csrf });
  assert.equal(r.status, 303);
  assert.ok(![...c.cookies.keys()].some((k) => k.includes('oic_session')), 'session cookie cleared');
  r = await c.get('/account');
  assert.equal(r.status, 303, 'account needs a login again');
  assert.match(r.headers.get('location'), /^\/account\/login\?next=/);

  r = await c.login(email.toUpperCase(), 'correct horse battery');
  assert.equal(r.status, 303, 'e-mail is matched without regard to case');
  r = await c.get('/account');
  assert.equal(r.status, 200);
  assert.match(r.text, /Erika Mustermann/);
});

test(`[${BACKEND}] the old session is dead after logout (server side)`, async () => {
  const c = new Client(srv.base);
  await c.register({ email: uniqueEmail('dead') });
  const stolen = new Map(c.cookies);
  const page = await c.get('/account');
  const csrf = page.text.match(/name="_csrf" value="([^"]+)"/)[1];
  await c.post('/account/logout', { _csrf: csrf });
  const thief = new Client(srv.base);
  thief.cookies = stolen;
  const r = await thief.get('/account');
  assert.equal(r.status, 303);
});

test(`[${BACKEND}] duplicate e-mail is refused clearly and nothing is written`, async () => {
  const email = uniqueEmail('dup');
  const a = new Client(srv.base);
  assert.equal((await a.register({ email, name: 'First' })).status, 303);
  const b = new Client(srv.base);
  const r = await b.register({ email: ` ${email.toUpperCase()} `, name: 'Second' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Es gibt bereits ein Konto mit dieser E-Mail-Adresse/);
  assert.match(r.text, /value="Second"/, 'input is kept');
  assert.match(r.text, /aria-invalid="true" aria-describedby="email-error"/);
  // The first account is untouched: its password still works, the name too.
  const c = new Client(srv.base);
  assert.equal((await c.login(email, 'correct horse battery')).status, 303);
  assert.match((await c.get('/account')).text, /First/);
});

test(`[${BACKEND}] registration errors are shown next to each field, input kept`, async () => {
  const c = new Client(srv.base, { lang: 'en' });
  const _csrf = await c.csrf('/account/register');
  const r = await c.post('/account/register', {
    _csrf, email: 'not-an-address', name: '  ', password: 'short', sector: 'aliens', organisation: 'x'.repeat(121),
  });
  assert.equal(r.status, 422);
  assert.match(r.text, /<html lang="en">/);
  assert.match(r.text, /Enter an e-mail address like name@example.org\./);
  assert.match(r.text, /Enter a display name\./);
  assert.match(r.text, /The password must have at least 10 characters\./);
  assert.match(r.text, /Choose the part of society you belong to\./);
  assert.match(r.text, /The organisation can have at most 120 characters\./);
  assert.match(r.text, /value="not-an-address"/);
  assert.doesNotMatch(r.text, /value="short"/, 'passwords are never echoed');
  assert.match(r.text, /href="#email"/, 'error summary links to the field');
});

test(`[${BACKEND}] a password of 10 characters counts characters, not bytes`, async () => {
  const c = new Client(srv.base);
  // 9 characters but 18 bytes: refused.
  let r = await c.register({ email: uniqueEmail('utf'), password: 'äääääääää' });
  assert.equal(r.status, 422);
  r = await c.register({ email: uniqueEmail('utf'), password: 'äääääääääß' });
  assert.equal(r.status, 303);
});

test(`[${BACKEND}] wrong password and unknown e-mail get the same answer`, async () => {
  const email = uniqueEmail('wrong');
  const a = new Client(srv.base);
  await a.register({ email });
  const b = new Client(srv.base);
  const wrong = await b.login(email, 'not the password');
  const unknown = await b.login(uniqueEmail('nobody'), 'not the password');
  assert.equal(wrong.status, 422);
  assert.equal(unknown.status, 422);
  const msg = (t) => t.match(/<div class="error-summary"[\s\S]*?<\/div>/)[0];
  assert.equal(msg(wrong.text), msg(unknown.text));
  assert.match(wrong.text, /Die E-Mail-Adresse oder das Passwort ist falsch\./);
  assert.ok(![...b.cookies.keys()].some((k) => k.includes('oic_session')));
});

test(`[${BACKEND}] login is rate-limited per account`, async () => {
  const email = uniqueEmail('limit');
  const a = new Client(srv.base);
  await a.register({ email });
  const b = new Client(srv.base);
  for (let i = 0; i < 5; i++) {
    const r = await b.login(email, `wrong password ${i}`);
    assert.equal(r.status, 422, `attempt ${i + 1} is judged`);
  }
  const blocked = await b.login(email, 'correct horse battery');
  assert.equal(blocked.status, 429, 'even the right password waits once the limit is reached');
  assert.match(blocked.text, /Zu viele Anmeldeversuche/);
  // Another account from the same address is not affected.
  const other = uniqueEmail('other');
  await new Client(srv.base).register({ email: other });
  assert.equal((await b.login(other, 'correct horse battery')).status, 303);
});

test(`[${BACKEND}] forms without the right CSRF token change nothing`, async () => {
  const c = new Client(srv.base);
  await c.csrf('/account/register'); // gets the anonymous cookie
  const email = uniqueEmail('csrf');
  let r = await c.post('/account/register', { _csrf: 'forged', email, name: 'X', password: 'correct horse battery', sector: 'civil' });
  assert.equal(r.status, 403);
  assert.match(r.text, /Dieses Formular ist abgelaufen/);
  r = await c.post('/account/register', { email, name: 'X', password: 'correct horse battery', sector: 'civil' });
  assert.equal(r.status, 403, 'missing token');
  // A valid token sent from another site is refused too.
  const _csrf = await c.csrf('/account/register');
  r = await c.post('/account/register', { _csrf, email, name: 'X', password: 'correct horse battery', sector: 'civil' },
    { headers: { origin: 'https://evil.example' } });
  assert.equal(r.status, 403, 'foreign Origin');
  r = await c.post('/account/register', { _csrf, email, name: 'X', password: 'correct horse battery', sector: 'civil' },
    { headers: { 'sec-fetch-site': 'cross-site' } });
  assert.equal(r.status, 403, 'cross-site fetch metadata');
  // Nothing was written: the address is still free.
  assert.equal((await c.login(email, 'correct horse battery')).status, 422);
  // A logged-in user's token does not work for another user's session.
  const u1 = new Client(srv.base); await u1.register({ email: uniqueEmail('u1') });
  const u2 = new Client(srv.base); await u2.register({ email: uniqueEmail('u2') });
  const t1 = (await u1.get('/account')).text.match(/name="_csrf" value="([^"]+)"/)[1];
  r = await u2.post('/account/logout', { _csrf: t1 });
  assert.equal(r.status, 403);
  assert.equal((await u2.get('/account')).status, 200, 'still logged in');
});

test(`[${BACKEND}] language: Accept-Language, switcher cookie, account setting`, async () => {
  const c = new Client(srv.base, { lang: 'en-GB,en;q=0.9,de;q=0.5' });
  let r = await c.get('/');
  assert.match(r.text, /<html lang="en">/);
  assert.match(r.text, /Shaping the city of tomorrow together/);
  r = await c.get('/lang?to=de&next=%2Fimprint');
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/imprint');
  r = await c.get('/imprint');
  assert.match(r.text, /<html lang="de">/);
  assert.match(r.text, /<h1>Impressum<\/h1>/);
  r = await c.get('/lang?to=xx&next=%2F');
  assert.equal(r.status, 400);
  r = await c.get('/lang?to=en&next=https%3A%2F%2Fevil.example%2F');
  assert.equal(r.headers.get('location'), '/', 'no open redirect');
  r = await c.get('/lang?to=en&next=%2F%2Fevil.example');
  assert.equal(r.headers.get('location'), '/', 'no protocol-relative redirect');

  // The account's language wins over the browser.
  const u = new Client(srv.base, { lang: 'de' });
  await u.register({ email: uniqueEmail('lang') });
  const page = await u.get('/account');
  const _csrf = page.text.match(/name="_csrf" value="([^"]+)"/)[1];
  r = await u.post('/account/settings', { _csrf, language: 'en' });
  assert.equal(r.status, 303);
  u.cookies.delete('lang');
  r = await u.get('/account');
  assert.match(r.text, /<html lang="en">/);
  assert.match(r.text, /Your account/);
  r = await u.post('/account/settings', { _csrf, language: 'klingon' });
  assert.equal(r.status, 422);
});

test(`[${BACKEND}] data export and account deletion`, async () => {
  const email = uniqueEmail('gdpr');
  const c = new Client(srv.base);
  await c.register({ email, name: 'Daten Person', sector: 'business', organisation: 'Firma GmbH' });
  let r = await c.get('/account/export');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-disposition'), /attachment/);
  const data = JSON.parse(r.text);
  assert.equal(data.email, email);
  assert.equal(data.name, 'Daten Person');
  assert.equal(data.sector, 'business');
  assert.equal(data.organisation, 'Firma GmbH');
  assert.ok(!('password_hash' in data));

  const page = await c.get('/account');
  const _csrf = page.text.match(/name="_csrf" value="([^"]+)"/)[1];
  r = await c.post('/account/delete', { _csrf, password: 'wrong password!' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Ihr Konto wurde nicht gelöscht/);
  assert.equal((await c.get('/account')).status, 200, 'still there');
  r = await c.post('/account/delete', { _csrf, password: 'correct horse battery' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/?notice=deleted');
  assert.equal((await c.get('/account')).status, 303);
  assert.equal((await new Client(srv.base).login(email, 'correct horse battery')).status, 422);
  // The address can be used again.
  assert.equal((await new Client(srv.base).register({ email })).status, 303);
});

test(`[${BACKEND}] back office: 403 for participants, open for admins`, async () => {
  const c = new Client(srv.base);
  await c.register({ email: uniqueEmail('plain') });
  let r = await c.get('/admin');
  assert.equal(r.status, 403);
  assert.match(r.text, /Nur das Innovationsbüro/);
  assert.equal((await new Client(srv.base).get('/admin')).status, 303, 'anonymous: to the login');

  const email = uniqueEmail('admin');
  const add = oic(['user', 'add', '--email', email, '--name', 'Admin Person', '--role', 'admin', '--db', srv.store.url]);
  assert.equal(add.code, 0, add.stderr);
  const password = add.stdout.match(/password: (\S+)/)[1];
  assert.ok(password.length >= 20, 'generated password is long');
  const a = new Client(srv.base);
  assert.equal((await a.login(email, password)).status, 303);
  r = await a.get('/admin');
  assert.equal(r.status, 200);
  assert.match(r.text, /<h1>Verwaltung<\/h1>/);
  assert.match(r.text, /account\.register/, 'the audit log shows registrations');
  assert.match((await a.get('/')).text, /href="\/admin"/, 'admins see the link');
});

test(`[${BACKEND}] deleting an account gives back its supports, votes and follows; export lists contributions`, async () => {
  const { person, submitIdea, comment, commentId, support } = await import('./funnel-helpers.mjs');
  const other = await person(srv, { name: 'Andere Person' });
  const idea = await submitIdea(other, 1, { title: 'Zählidee für den Test', body: 'Eine Idee, deren Zähler wir prüfen.' });
  const cm = commentId(await comment(other, `/ideas/${idea}`, 'Ein Kommentar zum Abstimmen'));

  const email = uniqueEmail('counted');
  const c = new Client(srv.base);
  await c.register({ email });
  assert.equal((await support(c, idea)).status, 303);
  const _csrf0 = await c.csrf('/account');
  assert.equal((await c.post(`/ideas/${idea}/follow`, { _csrf: _csrf0 })).status, 303);
  assert.equal((await c.post(`/comments/${cm}/vote`, { _csrf: _csrf0, value: 'up' })).status, 303);
  const own = await submitIdea(c, 1, { title: 'Meine eigene Idee', body: 'Mein Text, lang genug für eine Idee.' });

  const url = srv.store.url;
  assert.equal(execSql(url, `SELECT supports_count || ' ' || followers_count FROM ideas WHERE id = ${idea}`), '1 2',
    'supported and followed (the author follows too)');
  assert.equal(execSql(url, `SELECT up FROM comments WHERE id = ${cm}`), '1');

  const trendBefore = Number(execSql(url, `SELECT trend FROM ideas WHERE id = ${idea}`));
  assert.ok(trendBefore > 0);
  const data = JSON.parse((await c.get('/account/export')).text);
  assert.deepEqual(data.ideas.map((i) => i.title), ['Meine eigene Idee']);
  assert.deepEqual(data.supports.map((x) => x.idea), [idea]);

  const page = await c.get('/account');
  const _csrf = page.text.match(/name="_csrf" value="([^"]+)"/)[1];
  assert.equal((await c.post('/account/delete', { _csrf, password: 'correct horse battery' })).status, 303);
  assert.equal(execSql(url, `SELECT supports_count || ' ' || followers_count FROM ideas WHERE id = ${idea}`), '0 1');
  // The weights are large (2^(days/3)); what is left is rounding only.
  const trendAfter = Number(execSql(url, `SELECT trend FROM ideas WHERE id = ${idea}`));
  assert.ok(Math.abs(trendAfter) < trendBefore * 1e-9, `trend weight given back (${trendAfter} of ${trendBefore})`);
  assert.equal(execSql(url, `SELECT up FROM comments WHERE id = ${cm}`), '0');
  // The person's idea stays, without its author.
  assert.equal(execSql(url, `SELECT coalesce(author_id, 0) FROM ideas WHERE id = ${own}`), '0');
});
