// office.test.mjs - the Innovation Office's back office: the permission
// matrix (every role against every back-office action, allowed and
// denied, checked on the server), accounts and roles, and the audit log
// with its filters and its streamed CSV export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BACKEND, Client, execSql, startServer } from './lib.mjs';
import { person } from './funnel-helpers.mjs';

let srv;
const people = {};
const ROLES = ['participant', 'representative', 'evaluator', 'moderator', 'admin'];

before(async () => {
  srv = await startServer();
  for (const role of ROLES) people[role] = await person(srv, { role, name: `Matrix ${role}`, lang: 'de' });
});
after(async () => { await srv.stop(); });

const sql = (q) => execSql(srv.store.url, q);
const idOf = (email) => Number(sql(`SELECT id FROM users WHERE email = '${email}'`));
const roleOf = (id) => sql(`SELECT role FROM users WHERE id = ${id}`);

// Who may do what: each action, and the roles it is open to.  POSTs send
// input the handler refuses (422) once the permission passed, so the
// matrix changes nothing; hiding is a real toggle, done twice.
function actions(ids) {
  const office = ['moderator', 'admin'];
  const admin = ['admin'];
  const evaluate = ['evaluator', 'admin'];
  return [
    { name: 'dashboard', method: 'GET', path: '/admin', open: office, ok: 200 },
    { name: 'accounts', method: 'GET', path: '/admin/accounts', open: admin, ok: 200 },
    { name: 'account', method: 'GET', path: `/admin/accounts/${ids.target}`, open: admin, ok: 200 },
    { name: 'role', method: 'POST', path: `/admin/accounts/${ids.target}/role`, form: { role: 'king' }, open: admin, ok: 422 },
    { name: 'audit', method: 'GET', path: '/admin/audit', open: admin, ok: 200 },
    { name: 'audit csv', method: 'GET', path: '/admin/audit.csv', open: admin, ok: 200 },
    { name: 'audit json', method: 'GET', path: '/admin/audit.json', open: admin, ok: 200 },
    { name: 'new challenge', method: 'GET', path: '/challenges/new', open: admin, ok: 200 },
    { name: 'challenge phase', method: 'POST', path: `/challenges/${ids.challenge}/phase`, form: { phase: 'nonsense' }, open: admin, ok: [400, 422] },
    { name: 'idea status', method: 'POST', path: `/ideas/${ids.idea}/status`, form: { status: 'nonsense', answer: '' }, open: admin, ok: 422 },
    { name: 'idea hide', method: 'POST', path: `/ideas/${ids.idea}/hide`, form: {}, open: office, ok: 303, twice: true },
    { name: 'merge page', method: 'GET', path: `/admin/ideas/${ids.idea}/merge`, open: admin, ok: 200 },
    { name: 'merge', method: 'POST', path: `/admin/ideas/${ids.idea}/merge`, form: { target: 'nonsense' }, open: admin, ok: 422 },
    { name: 'ban', method: 'POST', path: `/admin/accounts/${ids.target}/ban`, form: { reason: '' }, open: admin, ok: 422 },
    { name: 'unban', method: 'POST', path: `/admin/accounts/${ids.target}/unban`, form: {}, open: admin, ok: 422 },
    { name: 'exports', method: 'GET', path: '/admin/exports', open: admin, ok: 200 },
    { name: 'export json', method: 'GET', path: '/admin/exports/supports.json', open: admin, ok: 200 },
    { name: 'analytics', method: 'GET', path: '/admin/analytics', open: office, ok: 200 },
    { name: 'analytics csv', method: 'GET', path: '/admin/analytics.csv', open: office, ok: 200 },
    { name: 'settings', method: 'GET', path: '/admin/settings', open: admin, ok: 200 },
    { name: 'challenges list', method: 'GET', path: '/admin/challenges', open: admin, ok: 200 },
    { name: 'ideas list', method: 'GET', path: '/admin/ideas', open: admin, ok: 200 },
    { name: 'ideas bulk status', method: 'POST', path: '/admin/ideas/status', form: { to: '', answer: '' }, open: admin, ok: 422 },
    { name: 'moderation', method: 'GET', path: '/admin/moderation', open: office, ok: 200 },
    { name: 'moderation held', method: 'GET', path: '/admin/moderation?view=held', open: office, ok: 200 },
    { name: 'held words', method: 'GET', path: '/admin/moderation/words', open: office, ok: 200 },
    { name: 'held words save', method: 'POST', path: '/admin/moderation/words', form: { words: '***' }, open: office, ok: 422 },
    { name: 'moderate idea hide', method: 'POST', path: `/admin/moderation/ideas/${ids.idea}/hide`, form: { reason: '' }, open: office, ok: 422 },
    { name: 'moderate idea restore', method: 'POST', path: `/admin/moderation/ideas/${ids.idea}/restore`, form: {}, open: office, ok: 409 },
    { name: 'moderate comment hide', method: 'POST', path: `/admin/moderation/comments/${ids.comment}/hide`, form: { reason: '' }, open: office, ok: 422 },
    { name: 'moderate comment restore', method: 'POST', path: `/admin/moderation/comments/${ids.comment}/restore`, form: {}, open: office, ok: 409 },
    { name: 'dismiss reports', method: 'POST', path: '/admin/moderation/999999/dismiss', form: {}, open: office, ok: 404 },
    { name: 'evaluation list', method: 'GET', path: '/admin/evaluation', open: admin, ok: 200 },
    { name: 'evaluation page', method: 'GET', path: `/admin/challenges/${ids.challenge}/evaluation`, open: admin, ok: 200 },
    { name: 'evaluation criteria', method: 'POST', path: `/admin/challenges/${ids.challenge}/evaluation/criteria`, form: { 'name-1': 'x', 'weight-1': 'abc' }, open: admin, ok: 422 },
    { name: 'evaluation assign', method: 'POST', path: `/admin/challenges/${ids.challenge}/evaluation/assign`, form: { evaluator: '' }, open: admin, ok: 422 },
    { name: 'evaluation unassign', method: 'POST', path: `/admin/challenges/${ids.challenge}/evaluation/unassign`, form: { user: '999999' }, open: admin, ok: 404 },
    { name: 'evaluate', method: 'GET', path: '/evaluate', open: evaluate, ok: 200 },
    // Nobody is assigned to the demo city's challenges: every evaluator is refused too.
    { name: 'evaluate challenge', method: 'GET', path: `/evaluate/challenges/${ids.challenge}`, open: [], ok: 200 },
    { name: 'evaluate idea', method: 'GET', path: `/evaluate/ideas/${ids.idea}`, open: [], ok: 200 },
    { name: 'evaluate submit', method: 'POST', path: `/evaluate/ideas/${ids.idea}`, form: { comment: '' }, open: [], ok: 422 },
    { name: 'content pages', method: 'GET', path: '/admin/pages', open: admin, ok: 200 },
    { name: 'content page', method: 'GET', path: '/admin/pages/privacy', open: admin, ok: 200 },
    { name: 'content save', method: 'POST', path: '/admin/pages/privacy', form: { 'body-de': 'x'.repeat(100001) }, open: admin, ok: 422 },
    { name: 'organisations', method: 'GET', path: '/admin/organisations', open: admin, ok: 200 },
    { name: 'organisation new', method: 'GET', path: '/admin/organisations/new', open: admin, ok: 200 },
    { name: 'organisation create', method: 'POST', path: '/admin/organisations/new', form: { name: '', sector: 'civil', lang: 'de' }, open: admin, ok: 422 },
    { name: 'organisation', method: 'GET', path: `/admin/organisations/${ids.org}`, open: admin, ok: 200 },
    { name: 'organisation edit', method: 'POST', path: `/admin/organisations/${ids.org}`, form: { name: '', sector: 'civil', lang: 'de' }, open: admin, ok: 422 },
    { name: 'organisation verify', method: 'POST', path: `/admin/organisations/${ids.verified}/verify`, form: {}, open: admin, ok: 422 },
    { name: 'organisation unverify', method: 'POST', path: `/admin/organisations/${ids.org}/unverify`, form: {}, open: admin, ok: 422 },
    { name: 'representative add', method: 'POST', path: `/admin/organisations/${ids.org}/representatives`, form: { email: '' }, open: admin, ok: 422 },
    { name: 'representative remove', method: 'POST', path: `/admin/organisations/${ids.org}/representatives/remove`, form: { user: 'x' }, open: admin, ok: 422 },
    { name: 'projects list', method: 'GET', path: '/admin/projects', open: admin, ok: 200 },
    { name: 'project milestones', method: 'GET', path: `/admin/projects/${ids.project}`, open: admin, ok: 200 },
    { name: 'project status', method: 'POST', path: `/admin/projects/${ids.project}/status`, form: { status: 'nonsense', progress: '0' }, open: admin, ok: 422 },
    { name: 'milestone add', method: 'POST', path: `/admin/projects/${ids.project}/milestones`, form: { title: '' }, open: admin, ok: 422 },
    { name: 'milestone edit', method: 'POST', path: `/admin/projects/${ids.project}/milestones/edit`, form: { milestone: 'x', title: 'x' }, open: admin, ok: 422 },
    { name: 'milestone done', method: 'POST', path: `/admin/projects/${ids.project}/milestones/done`, form: { milestone: 'x' }, open: admin, ok: 422 },
    { name: 'milestone undone', method: 'POST', path: `/admin/projects/${ids.project}/milestones/undone`, form: { milestone: 'x' }, open: admin, ok: 422 },
    { name: 'milestone up', method: 'POST', path: `/admin/projects/${ids.project}/milestones/up`, form: { milestone: 'x' }, open: admin, ok: 422 },
    { name: 'milestone down', method: 'POST', path: `/admin/projects/${ids.project}/milestones/down`, form: { milestone: 'x' }, open: admin, ok: 422 },
    { name: 'milestone remove', method: 'POST', path: `/admin/projects/${ids.project}/milestones/remove`, form: { milestone: 'x' }, open: admin, ok: 422 },
    { name: 'events list', method: 'GET', path: '/admin/events', open: admin, ok: 200 },
    { name: 'event new', method: 'GET', path: '/admin/events/new', open: admin, ok: 200 },
    { name: 'event create', method: 'POST', path: '/admin/events/new', form: { title: '' }, open: admin, ok: 422 },
    { name: 'event edit', method: 'GET', path: `/admin/events/${ids.event}/edit`, open: admin, ok: 200 },
    { name: 'event save', method: 'POST', path: `/admin/events/${ids.event}/edit`, form: { title: '' }, open: admin, ok: 422 },
    { name: 'event registrations', method: 'GET', path: `/admin/events/${ids.event}/registrations`, open: admin, ok: 200 },
    { name: 'event registrations csv', method: 'GET', path: `/admin/events/${ids.event}/registrations.csv`, open: admin, ok: 200 },
    { name: 'organisation profile (nobody represents it)', method: 'POST', path: `/organisations/${ids.org}/edit`, form: { summary: 'x', lang: 'de' }, open: [], ok: 403 },
    // The directory of actors: an organisation's entry is the office's (PERM_MANAGE_CONTENT) and its representatives'.
    { name: 'actor entry (an organisation\'s)', method: 'GET', path: `/actors/${ids.orgActor}/edit`, open: admin, ok: 200 },
    { name: 'actor entry save (an organisation\'s)', method: 'POST', path: `/actors/${ids.orgActor}/edit`, form: { offers: 'x'.repeat(501) }, open: admin, ok: 422 },
  ];
}

test(`[${BACKEND}] permission matrix: every role against every back-office action`, async () => {
  const target = people.participant;
  const ids = {
    target: idOf(target.email),
    idea: Number(sql('SELECT min(id) FROM ideas WHERE hidden = 0')),
    challenge: Number(sql("SELECT min(id) FROM challenges WHERE phase <> 'draft'")),
    comment: Number(sql('SELECT min(id) FROM comments WHERE hidden = 0 AND deleted = 0')),
    // An organisation that is not verified and one that is (verifying the
    // one and withdrawing the other's verification are refused: 422).
    org: Number(sql('SELECT min(id) FROM organisations WHERE verified_at IS NULL')),
    verified: Number(sql('SELECT max(id) FROM organisations')),
    project: Number(sql('SELECT min(id) FROM projects')),
    event: Number(sql('SELECT min(id) FROM events')),
  };
  ids.orgActor = Number(sql(`SELECT id FROM actors WHERE organisation_id = ${ids.org}`));
  sql(`UPDATE organisations SET verified_at = 1 WHERE id = ${ids.verified}`);
  assert.ok(ids.org > 0 && ids.verified > ids.org, 'the demo city has organisations');
  assert.ok(ids.project > 0, 'the demo city has pilot projects');
  assert.ok(ids.idea > 0 && ids.challenge > 0 && ids.comment > 0, 'the demo city has ideas, challenges and comments');
  const anon = new Client(srv.base);
  const rows = [];
  for (const a of actions(ids)) {
    // The anonymous are sent to log in, never shown the page.
    const r0 = a.method === 'GET' ? await anon.get(a.path) : await anon.post(a.path, { ...a.form, _csrf: await anon.csrf('/account/login') });
    assert.equal(r0.status, 303, `anonymous ${a.name}`);
    assert.match(r0.headers.get('location'), /^\/account\/login/, `anonymous ${a.name}: to the login`);
    for (const role of ROLES) {
      const c = people[role];
      const send = async () => (a.method === 'GET' ? c.get(a.path)
        : c.post(a.path, { ...a.form, _csrf: await c.csrf('/account') }));
      const r = await send();
      const allowed = a.open.includes(role);
      rows.push(`${a.name} × ${role}: ${r.status}`);
      if (allowed) {
        const ok = [].concat(a.ok);
        assert.ok(ok.includes(r.status), `${role} may ${a.name}: got ${r.status}`);
        if (a.twice) assert.equal((await send()).status, 303, `${role} ${a.name} again`);
      } else {
        assert.equal(r.status, 403, `${role} may not ${a.name} (a forged request): got ${r.status}`);
        assert.match(r.text, /<h1>[^<]+<\/h1>/, 'the refusal is a page that says why');
      }
    }
  }
  assert.equal(roleOf(ids.target), 'participant', 'no request of the matrix changed the role');
  assert.equal(sql(`SELECT hidden FROM ideas WHERE id = ${ids.idea}`), '0', 'hidden twice: shown again');
  assert.equal(sql(`SELECT hidden FROM comments WHERE id = ${ids.comment}`), '0', 'no request of the matrix hid the comment');
  assert.equal(sql("SELECT count(*) FROM settings WHERE key = 'moderation.held_words'"), '0');
  assert.notEqual(sql(`SELECT status FROM ideas WHERE id = ${ids.idea}`), 'merged', 'no request of the matrix merged it');
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE subject IN ('organisation:${ids.org}', 'organisation:${ids.verified}')`), '0',
    'no request of the matrix changed an organisation');
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE subject = 'project:${ids.project}'`), '0', 'no request of the matrix changed a project');
  assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'actor.profile'"), '0', 'no request of the matrix changed an actor');
  assert.equal(sql('SELECT count(*) FROM evaluation_criteria'), '0', 'no request of the matrix stored criteria');
  assert.equal(sql("SELECT count(*) FROM audit_log WHERE action LIKE 'event.%'"), '0', 'no request of the matrix created or changed an event');
  assert.equal(sql('SELECT count(*) FROM evaluations'), '0');
  assert.equal(rows.length, actions(ids).length * ROLES.length);
});

test(`[${BACKEND}] an administrator gives and withdraws a role; it is audited with before and after`, async () => {
  const admin = people.admin;
  const someone = await person(srv, { name: 'Rolf Rollenwechsel', lang: 'de' });
  const id = idOf(someone.email);
  assert.equal((await someone.get('/admin')).status, 403, 'a participant has no back office');

  let page = await admin.get(`/admin/accounts/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Rolf Rollenwechsel/);
  assert.match(page.text, new RegExp(someone.email.replace(/[.]/g, '\\.')), 'administrators see the address');
  assert.match(page.text, /<input type="radio" id="role-participant" name="role" value="participant" checked>/);

  const _csrf = await admin.csrf(`/admin/accounts/${id}`);
  let r = await admin.post(`/admin/accounts/${id}/role`, { _csrf, role: 'moderator' });
  assert.equal(r.status, 303);
  assert.equal(roleOf(id), 'moderator');
  page = await admin.get(r.headers.get('location'));
  assert.match(page.text, /Die Rolle ist gespeichert\./);
  assert.equal((await someone.get('/admin')).status, 200, 'the new role counts from the next request');

  r = await admin.post(`/admin/accounts/${id}/role`, { _csrf, role: 'participant' });
  assert.equal(r.status, 303);
  assert.equal(roleOf(id), 'participant');
  assert.equal((await someone.get('/admin')).status, 403, 'withdrawn: no back office any more');

  const audit = sql(`SELECT a.action || '|' || a.before_value || '|' || a.after_value || '|' || u.email
    FROM audit_log a JOIN users u ON u.id = a.actor_id WHERE a.subject = 'account:${id}' ORDER BY a.id`).split('\n');
  assert.deepEqual(audit, [`account.role|participant|moderator|${admin.email}`,
    `account.role|moderator|participant|${admin.email}`]);

  const log = await admin.get(`/admin/audit?subject=account%3A${id}`);
  assert.equal(log.status, 200);
  assert.equal((log.text.match(/<td>account\.role<\/td>/g) || []).length, 2, 'the log page shows both');
  assert.match(log.text, /<td>participant<\/td><td>moderator<\/td>/);
});

test(`[${BACKEND}] bad role changes get a clear error next to the field and change nothing`, async () => {
  const admin = people.admin;
  const other = await person(srv, { name: 'Berta Beispiel' });
  const id = idOf(other.email);
  const _csrf = await admin.csrf(`/admin/accounts/${id}`);
  const before = sql('SELECT count(*) FROM audit_log');

  let r = await admin.post(`/admin/accounts/${id}/role`, { _csrf, role: 'king' });
  assert.equal(r.status, 422);
  assert.match(r.text, /id="role-error" class="field-error">Wählen Sie eine der angebotenen Rollen\./);
  assert.match(r.text, /<a href="#role">Wählen Sie eine der angebotenen Rollen\./, 'in the summary, linked to the field');

  r = await admin.post(`/admin/accounts/${id}/role`, { _csrf, role: 'participant' });
  assert.equal(r.status, 422, 'the role it has already');
  assert.match(r.text, /Dieses Konto hat diese Rolle schon/);

  const self = idOf(admin.email);
  r = await admin.post(`/admin/accounts/${self}/role`, { _csrf, role: 'participant' });
  assert.equal(r.status, 422, 'not one\'s own role');
  assert.match(r.text, /Sie können Ihre eigene Rolle nicht ändern/);
  assert.equal(roleOf(self), 'admin');

  const en = new Client(srv.base, { lang: 'en' });
  en.cookies = admin.cookies;
  r = await en.post(`/admin/accounts/${id}/role`, { _csrf, role: 'king' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Choose one of the offered roles\./, 'in English for an English browser');

  r = await admin.post('/admin/accounts/999999999/role', { _csrf, role: 'moderator' });
  assert.equal(r.status, 404);
  assert.equal(roleOf(id), 'participant');
  assert.equal(sql('SELECT count(*) FROM audit_log'), before, 'nothing was recorded either');
});

test(`[${BACKEND}] the accounts list: search by name or address, filter by role, pages`, async () => {
  const admin = people.admin;
  // 60 accounts whose names share a word, one of them an evaluator.
  sql(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
    INSERT INTO users (email, name, password_hash, sector, role, created)
    SELECT 'listed' || i || '@example.org', 'Listenperson ' || i, 'x', 'civil',
      CASE WHEN i = 7 THEN 'evaluator' ELSE 'participant' END, 1700000000 + i FROM n`);
  let r = await admin.get('/admin/accounts?q=LISTENperson');
  assert.equal(r.status, 200);
  const names = (t) => [...t.matchAll(/<a href="\/admin\/accounts\/\d+">(Listenperson \d+)<\/a>/g)].map((m) => m[1]);
  const first = names(r.text);
  assert.equal(first.length, 50, 'a page holds 50');
  assert.equal(first[0], 'Listenperson 60', 'newest first');
  const next = r.text.match(/<a href="([^"]+)" rel="next">/);
  assert.ok(next, 'a next page');
  r = await admin.get(next[1].replace(/&amp;/g, '&'));
  const second = names(r.text);
  assert.equal(second.length, 10);
  assert.equal(new Set([...first, ...second]).size, 60, 'no account twice, none left out');
  assert.match(r.text, /href="\/admin\/accounts\?q=LISTENperson&amp;role=">/, 'a way back to the first page');

  r = await admin.get('/admin/accounts?q=listed7%40example&role=evaluator');
  assert.deepEqual(names(r.text), ['Listenperson 7'], 'by address, and by role');
  r = await admin.get('/admin/accounts?q=50%25');
  assert.deepEqual(names(r.text), [], 'a % in the search is a character, not a wildcard');

  r = await admin.get('/admin/accounts?role=king');
  assert.equal(r.status, 422);
  assert.match(r.text, /Diese Rolle gibt es nicht\./);
  r = await admin.get(`/admin/accounts?q=${'x'.repeat(101)}`);
  assert.equal(r.status, 422);
  assert.match(r.text, /höchstens 100 Zeichen/);
  assert.equal((await admin.get('/admin/accounts?after=abc')).status, 400);
});

test(`[${BACKEND}] the audit log: filters, pages, and bad filters`, async () => {
  const admin = people.admin;
  const actor = idOf((await person(srv, { role: 'moderator' })).email); // acted only here
  sql(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 70)
    INSERT INTO audit_log (at, actor_id, action, subject, detail, before_value, after_value)
    SELECT 1767225600 + i * 60, ${actor}, CASE WHEN i % 2 = 0 THEN 'idea.hide' ELSE 'idea.status' END,
      'idea:' || i, '', '', '' FROM n`);
  let r = await admin.get(`/admin/audit?actor=${actor}&action=idea`);
  assert.equal(r.status, 200);
  const subjects = (t) => [...t.matchAll(/<td>(idea:\d+)<\/td>/g)].map((m) => m[1]);
  const page1 = subjects(r.text);
  assert.equal(page1.length, 50);
  assert.equal(page1[0], 'idea:70', 'newest first');
  const next = r.text.match(/<a href="([^"]+)" rel="next">/);
  r = await admin.get(next[1].replace(/&amp;/g, '&'));
  assert.equal(subjects(r.text).length, 20);

  r = await admin.get(`/admin/audit?actor=${actor}&action=idea.status`);
  assert.equal(subjects(r.text).length, 35, 'an exact action');
  r = await admin.get(`/admin/audit?actor=${actor}&action=ide`);
  assert.equal(subjects(r.text).length, 0, 'a prefix counts only up to a dot');
  // 2026-01-01 00:01 UTC onwards, one a minute: 1 January in Berlin holds them all.
  r = await admin.get(`/admin/audit?actor=${actor}&from=2026-01-01&to=2026-01-01`);
  assert.equal(subjects(r.text).length, 50);
  r = await admin.get(`/admin/audit?actor=${actor}&from=2026-01-02`);
  assert.equal(subjects(r.text).length, 0);

  r = await admin.get('/admin/audit?actor=x&from=2026-02-30&to=2025-01-01&action=DROP%20TABLE');
  assert.equal(r.status, 422);
  assert.match(r.text, /id="actor-error" class="field-error">Geben Sie die Nummer eines Kontos an/);
  assert.match(r.text, /id="from-error" class="field-error">Geben Sie ein Datum wie 2026-03-31 an\./);
  assert.match(r.text, /id="action-error" class="field-error">Eine Aktion wird wie idea\.status geschrieben/);
  assert.match(r.text, /value="DROP TABLE"/, 'what was typed stays in the field');
  r = await admin.get('/admin/audit?from=2026-03-02&to=2026-03-01');
  assert.match(r.text, /id="to-error" class="field-error">Der letzte Tag kann nicht vor dem ersten Tag liegen\./);
});

test(`[${BACKEND}] the audit log as CSV: RFC 4180, formulas defused, streamed past one page`, async () => {
  const admin = people.admin;
  const odd = Number(sql(`INSERT INTO users (email, name, password_hash, sector, role, created)
    VALUES ('odd.${Date.now()}@example.org', '=HYPERLINK("x"), "quoted"', 'x', 'civil', 'participant', 1) RETURNING id`));
  sql(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500)
    INSERT INTO audit_log (at, actor_id, action, subject, detail, before_value, after_value)
    SELECT 1767225600 + i, ${odd}, 'export.test', 'row:' || i, 'line one
line two', 'a,b', '' FROM n`);
  const r = await admin.get(`/admin/audit.csv?actor=${odd}&action=export.test`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  assert.match(r.headers.get('content-disposition'), /attachment; filename="oic-audit\.csv"/);
  assert.equal(r.headers.get('content-length'), null, 'streamed, not measured first');
  const lines = r.text.split('\r\n');
  assert.equal(lines[0], 'id,time_utc,actor_id,actor_name,action,subject,detail,before,after');
  assert.equal(lines.at(-1), '', 'every row ends with CRLF');
  // Rows hold a quoted line break: count rows by their first field.
  const rows = r.text.split(/\r\n(?=\d+,20)/).slice(1);
  assert.equal(rows.length, 2500, 'all rows, across three pieces of 1,000');
  assert.equal(rows[0].split(',')[1], '2026-01-01T00:41:40Z', 'newest first, time in UTC');
  assert.ok(rows[0].includes(`,${odd},"'=HYPERLINK(""x""), ""quoted""",export.test,row:2500,"line one\nline two","a,b",`),
    `quoted, quotes doubled, the formula defused: ${rows[0]}`);
  const ids = rows.map((x) => Number(x.split(',')[0]));
  assert.equal(new Set(ids).size, 2500, 'no row twice at the seams');
  assert.ok(ids.every((v, i) => i === 0 || v < ids[i - 1]), 'in order across the seams');

  const bad = await admin.get('/admin/audit.csv?from=yesterday');
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Geben Sie ein Datum wie 2026-03-31 an\./);
});

test(`[${BACKEND}] the audit log as JSON: the CSV's rows as objects, streamed past one page, a filter that matches nothing is []`, async () => {
  const admin = people.admin;
  const who = Number(sql(`INSERT INTO users (email, name, password_hash, sector, role, created)
    VALUES ('json.${Date.now()}@example.org', 'Jo "JSON" Ä', 'x', 'civil', 'participant', 1) RETURNING id`));
  sql(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200)
    INSERT INTO audit_log (at, actor_id, action, subject, detail, before_value, after_value)
    SELECT 1767225600 + i, ${who}, 'jsontest.row', 'row:' || i, 'zwei
Zeilen', 'a,b', '' FROM n`);
  sql(`INSERT INTO audit_log (at, actor_id, action, subject, detail, before_value, after_value)
    VALUES (1767225600, NULL, 'jsontest.row', 'system', '', '', '')`);
  let r = await admin.get('/admin/audit.json?action=jsontest.row');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json; charset=utf-8/);
  assert.match(r.headers.get('content-disposition'), /attachment; filename="oic-audit\.json"/);
  const rows = JSON.parse(r.text);
  assert.equal(rows.length, 1201, 'all rows, across two pieces of 1,000');
  assert.deepEqual(Object.keys(rows[1]), ['id', 'time_utc', 'actor_id', 'actor_name', 'action', 'subject', 'detail', 'before', 'after']);
  assert.deepEqual(rows[1], { id: rows[1].id, time_utc: '2026-01-01T00:20:00Z', actor_id: who, actor_name: 'Jo "JSON" Ä',
    action: 'jsontest.row', subject: 'row:1200', detail: 'zwei\nZeilen', before: 'a,b', after: '' });
  assert.equal(rows[0].actor_id, null, 'no actor: null (newest first: the last row written)');
  assert.equal(rows[0].time_utc, '2026-01-01T00:00:00Z');
  assert.equal(new Set(rows.map((x) => x.id)).size, 1201, 'no row twice at the seams');
  // The same filter as the page and the CSV, and the page links to both.
  const csv = await admin.get('/admin/audit.csv?action=jsontest.row');
  assert.equal(csv.text.split(/\r\n(?=\d+,20)/).length - 1, 1201);
  const page = await admin.get('/admin/audit?action=jsontest.row');
  assert.match(page.text, /href="\/admin\/audit\.json\?[^"]*action=jsontest\.row[^"]*" download>Als JSON herunterladen</);
  r = await admin.get('/admin/audit.json?action=nothing.here');
  assert.deepEqual(JSON.parse(r.text), []);
  r = await admin.get('/admin/audit.json?to=tomorrow');
  assert.equal(r.status, 400);
});
