// office-ban.test.mjs - an administrator bans an account and lifts the
// ban (/admin/accounts/{id}): a banned account is logged out, cannot log
// in or use its tokens, and its supports and comment votes leave every
// counter in the same transaction and come back with the unban; bad
// input changes nothing and is explained in the user's language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BACKEND, Client, execSql, startServer } from './lib.mjs';
import { PASSWORD, comment, commentId, person, submitIdea, support } from './funnel-helpers.mjs';

let srv;
let admin;
const sql = (q) => execSql(srv.store.url, q);

before(async () => {
  srv = await startServer();
  admin = await person(srv, { role: 'admin', lang: 'de' });
});
after(async () => { await srv.stop(); });

const idOf = (email) => Number(sql(`SELECT id FROM users WHERE email = '${email}'`));

async function post(c, path, form = {}) {
  const _csrf = await c.csrf('/account');
  return c.post(path, { _csrf, ...form });
}

test(`[${BACKEND}] a ban takes the account's supports and votes off every counter and logs it out; the unban puts them back`, async () => {
  const author = await person(srv, { name: 'Autorin Bann' });
  const idea = await submitIdea(author, 1, { title: 'Idee mit Unterstützung', body: 'Eine Idee, deren Zähler die Sperre prüft.' });
  const up = commentId(await comment(author, `/ideas/${idea}`, 'Ein Kommentar, der Zustimmung bekommt'));
  const down = commentId(await comment(author, `/ideas/${idea}`, 'Ein Kommentar, der Ablehnung bekommt'));

  const troll = await person(srv, { name: 'Tobias Troll' });
  const trollId = idOf(troll.email);
  const fan = await person(srv, { name: 'Fanny Fan' });
  for (const c of [troll, fan]) assert.equal((await support(c, idea)).status, 303);
  assert.equal((await post(troll, `/comments/${up}/vote`, { value: 'up' })).status, 303);
  assert.equal((await post(troll, `/comments/${down}/vote`, { value: 'down' })).status, 303);
  // A personal access token of the account, to see that it stops working.
  const tokens = await troll.get('/account/tokens');
  const _csrf = tokens.text.match(/name="_csrf" value="([^"]+)"/)[1];
  const bearer = (await troll.post('/account/tokens', { _csrf, name: 'bot' })).text.match(/<code class="token">([^<]+)<\/code>/)[1];
  const apiMe = () => fetch(`${srv.base}/api/v1/challenges`, { headers: { authorization: `Bearer ${bearer}` } });
  assert.equal((await apiMe()).status, 200);

  const counts = () => sql(`SELECT i.supports_count || ' ' || (SELECT up FROM comments WHERE id = ${up}) || ' ' || `
    + `(SELECT down FROM comments WHERE id = ${down}) FROM ideas i WHERE i.id = ${idea}`);
  assert.equal(counts(), '2 1 1');
  const trendBefore = Number(sql(`SELECT trend FROM ideas WHERE id = ${idea}`));
  // Analytics of the idea's challenge (computed on request, not the hourly snapshot).
  const adminCsrf = await admin.csrf('/account/tokens');
  const adminToken = (await admin.post('/account/tokens', { _csrf: adminCsrf, name: 'analytics' })).text.match(/<code class="token">([^<]+)<\/code>/)[1];
  const challenge = sql(`SELECT challenge_id FROM ideas WHERE id = ${idea}`);
  const analytics = async () => {
    const a = JSON.parse(await (await fetch(`${srv.base}/api/v1/analytics?challenge=${challenge}`, { headers: { authorization: `Bearer ${adminToken}` } })).text());
    return { supports: a.weeks.reduce((n, w) => n + w.supports, 0), contributions: a.sectors.reduce((n, s) => n + s.contributions, 0) };
  };
  const counted = await analytics();
  assert.ok(counted.supports >= 2, `both supports are in analytics (${counted.supports})`);
  const ideaPage = async () => (await new Client(srv.base, { lang: 'de' }).get(`/ideas/${idea}`)).text;
  const shown = async () => Number((await ideaPage()).match(/data-support-count>(\d+)</)[1]);
  assert.equal(await shown(), 2);

  const r = await post(admin, `/admin/accounts/${trollId}/ban`, { reason: '  Beleidigungen in drei Kommentaren  ' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/admin/accounts/${trollId}?notice=ban#ban-heading`);
  assert.equal(counts(), '1 0 0', 'the support and both votes no longer count');
  assert.equal(await shown(), 1, 'the idea page shows it at once (the cache too)');
  assert.deepEqual(await analytics(), { supports: counted.supports - 1, contributions: counted.contributions - 1 },
    'analytics leave the banned account\'s support out');
  const trendBanned = Number(sql(`SELECT trend FROM ideas WHERE id = ${idea}`));
  assert.ok(trendBanned < trendBefore * 0.75, `the trend lost the support's weight (${trendBanned} of ${trendBefore})`);
  assert.equal(sql(`SELECT count(*) FROM supports WHERE user_id = ${trollId}`), '1', 'the rows stay for the unban');
  assert.equal(sql(`SELECT i.supports_count = (SELECT count(*) FROM supports s JOIN users u ON u.id = s.user_id `
    + `WHERE s.idea_id = i.id AND u.banned_at IS NULL) FROM ideas i WHERE i.id = ${idea}`), BACKEND === 'postgres' ? 't' : '1');
  const page = await admin.get(`/admin/accounts/${trollId}?notice=ban`);
  assert.match(page.text, /Das Konto ist gesperrt\./);
  assert.match(page.text, /Gesperrt<\/dt><dd>seit [^<]*: Beleidigungen in drei Kommentaren<\/dd>/, 'the reason, trimmed');
  assert.match(page.text, /Sperre aufheben/);
  const list = await admin.get(`/admin/accounts?q=${encodeURIComponent('Tobias Troll')}`);
  assert.match(list.text, /Tobias Troll<\/a><\/td>.*?<strong class="badge">gesperrt<\/strong>/s, 'the list marks the ban');
  // The audit log has it, with the reason.
  assert.equal(sql(`SELECT detail || '|' || before_value || '|' || after_value FROM audit_log WHERE action = 'account.ban' AND subject = 'account:${trollId}'`),
    'Beleidigungen in drei Kommentaren|active|banned');

  // Logged out, and no way back in.
  const home = await troll.get('/account');
  assert.equal(home.status, 303, 'the session ended');
  const again = new Client(srv.base, { lang: 'de' });
  const login = await again.login(troll.email, PASSWORD);
  assert.equal(login.status, 403);
  assert.match(login.text, /Dieses Konto ist vom Innovationsbüro gesperrt/);
  const wrongPassword = await new Client(srv.base, { lang: 'de' }).login(troll.email, 'not the password at all');
  assert.equal(wrongPassword.status, 422, 'without the password, nobody learns of the ban');
  assert.doesNotMatch(wrongPassword.text, /gesperrt/);
  assert.equal((await apiMe()).status, 401, 'its tokens stop working');

  const u = await post(admin, `/admin/accounts/${trollId}/unban`);
  assert.equal(u.status, 303);
  assert.equal(counts(), '2 1 1', 'the unban puts them back');
  assert.doesNotMatch((await admin.get(`/admin/accounts?q=${encodeURIComponent('Tobias Troll')}`)).text, /class="badge">gesperrt/);
  assert.equal(await shown(), 2);
  assert.deepEqual(await analytics(), counted, 'and count it again after the unban');
  const trendBack = Number(sql(`SELECT trend FROM ideas WHERE id = ${idea}`));
  assert.ok(Math.abs(trendBack - trendBefore) <= trendBefore * 1e-9, 'the trend too');
  assert.equal((await again.login(troll.email, PASSWORD)).status, 303, 'the account logs in again');
  assert.equal((await apiMe()).status, 200, 'and its token works again');
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'account.unban' AND subject = 'account:${trollId}'`), '1');
});

test(`[${BACKEND}] banning oneself, the last administrator, twice or without a reason is refused, changing nothing`, async () => {
  const adminId = idOf(admin.email);
  const someone = await person(srv);
  const someoneId = idOf(someone.email);
  const before = () => sql(`SELECT count(*) FROM audit_log`) + '/' + sql(`SELECT count(*) FROM users WHERE banned_at IS NOT NULL`);
  const state = before();

  let r = await post(admin, `/admin/accounts/${adminId}/ban`, { reason: 'Test' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Sie können Ihr eigenes Konto nicht sperren\./);
  r = await post(admin, `/admin/accounts/${someoneId}/ban`, { reason: '   ' });
  assert.equal(r.status, 422);
  assert.match(r.text, /id="reason-error" class="field-error">Geben Sie den Grund der Sperre an/);
  assert.match(r.text, /<a href="#reason">/, 'the error summary leads to the field');
  r = await post(admin, `/admin/accounts/${someoneId}/ban`, { reason: 'x'.repeat(501) });
  assert.equal(r.status, 422);
  assert.match(r.text, /höchstens 500 Zeichen/);
  assert.match(r.text, /x{501}<\/textarea>/, 'what was typed is kept');
  r = await post(admin, `/admin/accounts/${someoneId}/unban`);
  assert.equal(r.status, 422);
  assert.match(r.text, /Dieses Konto ist nicht gesperrt\./);
  assert.equal(before(), state, 'nothing changed');

  // Two administrators: one bans the other, who is then not counted; the last is never banned.
  const second = await person(srv, { role: 'admin' });
  const secondId = idOf(second.email);
  const others = sql(`SELECT id FROM users WHERE role = 'admin' AND id NOT IN (${adminId}, ${secondId})`).split('\n').filter(Boolean);
  for (const id of others) assert.equal((await post(admin, `/admin/accounts/${id}/ban`, { reason: 'Nur zwei Admins im Test' })).status, 303);
  assert.equal((await post(admin, `/admin/accounts/${secondId}/ban`, { reason: 'Doppelt' })).status, 303);
  r = await post(admin, `/admin/accounts/${secondId}/ban`, { reason: 'Doppelt' });
  assert.equal(r.status, 422);
  assert.match(r.text, /bereits gesperrt/);
  // The banned second administrator cannot act; the first is the last one standing.
  assert.equal((await second.get('/admin/accounts')).status, 303, 'logged out');
  // A banned administrator does not count: the last one standing may still take its role.
  assert.equal((await post(admin, `/admin/accounts/${secondId}/role`, { role: 'participant' })).status, 303);
  assert.equal(sql(`SELECT role FROM users WHERE id = ${secondId}`), 'participant');
  const en = new Client(srv.base, { lang: 'en' });
  en.cookies = admin.cookies;
  const own = await en.get(`/admin/accounts/${adminId}`);
  assert.match(own.text, /You cannot ban your own account\./);
  for (const id of [...others, secondId]) assert.equal((await post(admin, `/admin/accounts/${id}/unban`)).status, 303);
  assert.equal(sql('SELECT count(*) FROM users WHERE banned_at IS NOT NULL'), '0');
});

test(`[${BACKEND}] only administrators ban; a forged request without the role gets 403`, async () => {
  const target = await person(srv);
  const targetId = idOf(target.email);
  for (const role of ['participant', 'moderator', 'evaluator', 'representative']) {
    const c = await person(srv, { role });
    for (const action of ['ban', 'unban']) {
      const r = await post(c, `/admin/accounts/${targetId}/${action}`, { reason: 'Gefälscht' });
      assert.equal(r.status, 403, `${role} ${action}`);
    }
  }
  const anonymous = await new Client(srv.base).post(`/admin/accounts/${targetId}/ban`, { reason: 'x' });
  assert.ok([303, 403].includes(anonymous.status), `anonymous: ${anonymous.status}`);
  assert.equal(sql(`SELECT count(*) FROM users WHERE id = ${targetId} AND banned_at IS NULL`), '1');
  assert.equal((await post(admin, '/admin/accounts/999999/ban', { reason: 'Niemand' })).status, 404);
});
