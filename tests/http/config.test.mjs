// What the README promises about settings of `oic serve`: the login limit
// per address, OIC_TRUST_PROXY (X-Real-IP and X-Forwarded-Proto believed
// only when set), OIC_SECURE_COOKIES (__Host- names, Secure) and
// OIC_MAX_UPLOAD (the body limit of the routes that take files).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, rawRequest, BACKEND, setCookieLines } from './lib.mjs';

const servers = [];
after(async () => { for (const s of servers) await s.stop(); });

async function server(env) {
  const s = await startServer({ env });
  servers.push(s);
  return s;
}

// A login attempt without a password: cheap (no Argon2id), but it counts
// against the address like any other attempt.
async function attempt(srv, address) {
  const c = new Client(srv.base);
  const _csrf = await c.csrf('/account/login');
  const headers = address ? { 'x-real-ip': address } : {};
  return c.post('/account/login', { _csrf, email: 'nobody@example.org', password: '' }, { headers });
}

test(`[${BACKEND}] login: 100 attempts per address in 15 minutes; behind a trusted proxy the address is X-Real-IP`, async () => {
  const srv = await server({ OIC_TRUST_PROXY: '1' });
  for (let i = 0; i < 100; i++) {
    const r = await attempt(srv, '192.0.2.10');
    assert.equal(r.status, 422, `attempt ${i + 1} is judged`);
  }
  const blocked = await attempt(srv, '192.0.2.10');
  assert.equal(blocked.status, 429, 'the 101st attempt from the address waits');
  assert.match(blocked.text, /Zu viele Anmeldeversuche/);
  const other = await attempt(srv, '192.0.2.11');
  assert.equal(other.status, 422, 'another address behind the proxy is not affected');
});

test(`[${BACKEND}] without OIC_TRUST_PROXY a client cannot pick its address with X-Real-IP`, async () => {
  const srv = await server({});
  for (let i = 0; i < 100; i++) {
    const r = await attempt(srv, `198.51.100.${i}`);
    assert.equal(r.status, 422, `attempt ${i + 1} is judged`);
  }
  const blocked = await attempt(srv, '198.51.100.200');
  assert.equal(blocked.status, 429, 'all attempts came from the same real address');
});

function cookieLines(res) { return setCookieLines(res.headers); }

test(`[${BACKEND}] OIC_SECURE_COOKIES=1: __Host- cookie names, Secure, Path=/ and no Domain`, async () => {
  const srv = await server({ OIC_SECURE_COOKIES: '1' });
  const c = new Client(srv.base);
  const form = await c.get('/account/register');
  const csrf = cookieLines(form).find((l) => l.includes('oic_csrf='));
  assert.ok(csrf, 'the form sets its CSRF cookie');
  assert.match(csrf, /^__Host-oic_csrf=/);
  assert.match(csrf, /; Secure/);
  assert.match(csrf, /; Path=\//);
  assert.doesNotMatch(csrf, /Domain=/i);
  const _csrf = form.text.match(/name="_csrf" value="([^"]+)"/)[1];
  const r = await c.post('/account/register', {
    _csrf, email: `secure-${Date.now()}@example.org`, name: 'Secure Person',
    password: 'correct horse battery', sector: 'civil', organisation: '',
  });
  assert.equal(r.status, 303);
  const session = cookieLines(r).find((l) => l.includes('oic_session='));
  assert.match(session, /^__Host-oic_session=/);
  for (const attr of [/; Path=\/(;|$)/, /; HttpOnly/, /; Secure/, /; SameSite=Lax/]) assert.match(session, attr);
  assert.doesNotMatch(session, /Domain=/i);
  assert.equal((await c.get('/account')).status, 200, 'the __Host- session cookie logs in');

  // Without the setting, plain names and no Secure on plain HTTP.
  const plain = await server({});
  const p = await new Client(plain.base).get('/account/register');
  const line = cookieLines(p).find((l) => l.includes('oic_csrf='));
  assert.match(line, /^oic_csrf=/);
  assert.doesNotMatch(line, /Secure/);
});

test(`[${BACKEND}] behind a trusted proxy, X-Forwarded-Proto: https makes cookies secure; untrusted it does not`, async () => {
  const trusted = await server({ OIC_TRUST_PROXY: '1' });
  const t = await new Client(trusted.base).get('/account/register', { headers: { 'x-forwarded-proto': 'https' } });
  assert.match(cookieLines(t).find((l) => l.includes('oic_csrf=')), /^__Host-oic_csrf=.*Secure/);
  const untrusted = await server({});
  const u = await new Client(untrusted.base).get('/account/register', { headers: { 'x-forwarded-proto': 'https' } });
  assert.match(cookieLines(u).find((l) => l.includes('oic_csrf=')), /^oic_csrf=/);
});

test(`[${BACKEND}] OIC_MAX_UPLOAD bounds the body of routes that take files; other routes keep OIC_MAX_BODY`, async () => {
  const srv = await server({ OIC_MAX_UPLOAD: '200000' });
  const c = new Client(srv.base, { lang: 'en' });
  const _csrf = await c.csrf('/account/login');
  // The limit is decided from Content-Length when the headers arrive, so
  // the answer does not depend on being logged in; only the headers are
  // sent (the server answers and closes without reading a body over the
  // limit, and a client still writing it would see its socket closed).
  const head = (p, n, lang) => `POST ${p} HTTP/1.1\r\nHost: x\r\n${lang ? `Accept-Language: ${lang}\r\n` : ''}`
    + `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${n}\r\n\r\n`;
  const r = await rawRequest(srv.port, head('/ideas/new', 300000, 'en'));
  assert.match(r.text, /^HTTP\/1\.1 413/);
  assert.match(r.text, /The upload is too large\./);
  const small = await c.request('POST', '/ideas/new', {
    body: new URLSearchParams({ _csrf, title: 'Small', body: 'x'.repeat(150000) }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.notEqual(small.status, 413, 'under OIC_MAX_UPLOAD the route takes the body');
  // A route without files keeps the general limit (1 MiB by default).
  const form = (n) => ({
    body: new URLSearchParams({ _csrf, email: 'a@example.org', password: 'x'.repeat(n) }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.notEqual((await c.request('POST', '/account/login', form(300000))).status, 413);
  const huge = await rawRequest(srv.port, head('/account/login', 2000000));
  assert.match(huge.text, /^HTTP\/1\.1 413/);
  assert.match(Buffer.from(huge.text, 'latin1').toString('utf8'), /Die hochgeladenen Daten sind zu groß\./,
    'in the default language, German');
});
