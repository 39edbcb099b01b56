// office-exports.test.mjs - the back office's CSV exports of ideas,
// comments and supports: every row once, accounts as stable pseudonyms
// and never as names or addresses, recorded in the audit log, for
// administrators only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BACKEND, Client, execSql, parseCsv, startServer } from './lib.mjs';
import { person } from './funnel-helpers.mjs';

let srv;
let admin;
const sql = (q) => execSql(srv.store.url, q);

before(async () => {
  srv = await startServer();
  admin = await person(srv, { role: 'admin', lang: 'de' });
  // More supports than one piece of 1,000: every account of the demo city supports ideas.
  sql(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500)
    INSERT INTO users (email, name, password_hash, sector, role, created)
    SELECT 'fan' || i || '@example.org', 'Fan ' || i, 'x', 'civil', 'participant', 1700000000 FROM n`);
  sql(`INSERT INTO supports (idea_id, user_id, challenge_id, created)
    SELECT (SELECT min(id) FROM ideas), u.id, (SELECT challenge_id FROM ideas WHERE id = (SELECT min(id) FROM ideas)), 1700000000
    FROM users u WHERE u.email LIKE 'fan%@example.org'`);
});
after(async () => { await srv.stop(); });

test(`[${BACKEND}] ideas, comments and supports as CSV, every row once, pseudonymised`, async () => {
  const files = {};
  for (const name of ['ideas', 'comments', 'supports']) {
    const r = await admin.get(`/admin/exports/${name}.csv`);
    assert.equal(r.status, 200, name);
    assert.match(r.headers.get('content-type'), /^text\/csv; charset=utf-8/);
    assert.equal(r.headers.get('content-disposition'), `attachment; filename="oic-${name}.csv"`);
    files[name] = { text: r.text, rows: parseCsv(r.text) };
  }
  const ideas = files.ideas.rows;
  assert.deepEqual(ideas[0], ['id', 'created_utc', 'challenge_id', 'author', 'title', 'body', 'status', 'supports', 'comments', 'hidden', 'lang', 'lat', 'lon']);
  assert.equal(ideas.length - 1, Number(sql('SELECT count(*) FROM ideas')));
  assert.ok(ideas.slice(1).every((r) => r.length === 13 && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(r[1])));
  const comments = files.comments.rows;
  assert.equal(comments.length - 1, Number(sql('SELECT count(*) FROM comments')));
  const supports = files.supports.rows;
  assert.deepEqual(supports[0], ['idea_id', 'challenge_id', 'account', 'created_utc']);
  const stored = Number(sql('SELECT count(*) FROM supports'));
  assert.ok(stored > 1500, 'more than one piece');
  assert.equal(supports.length - 1, stored, 'every support, across the pieces');
  assert.equal(new Set(supports.slice(1).map((r) => `${r[0]}/${r[2]}`)).size, stored, 'none twice');

  // The author of the first idea, as a pseudonym, is the same account in the supports file.
  const [ideaId, authorId] = sql('SELECT id, author_id FROM ideas WHERE author_id IS NOT NULL ORDER BY id LIMIT 1').split('|');
  const pseudonym = ideas.find((r) => r[0] === ideaId)[3];
  assert.match(pseudonym, /^[0-9a-f]{16}$/);
  sql(`INSERT INTO supports (idea_id, user_id, challenge_id, created) SELECT max(id), ${authorId}, NULL, 1700000001 FROM ideas
    WHERE id NOT IN (SELECT idea_id FROM supports WHERE user_id = ${authorId})`);
  const again = parseCsv((await admin.get('/admin/exports/supports.csv')).text);
  assert.ok(again.some((r) => r[2] === pseudonym), 'one account, one pseudonym, in every file and every export');

  // No name and no address leaves.
  const everything = files.ideas.text + files.comments.text + files.supports.text;
  for (const row of sql('SELECT email || \'|\' || name FROM users').split('\n')) {
    const [email, name] = row.split('|');
    assert.ok(!everything.includes(email), `no address: ${email}`);
    if (name.length > 6 && !/^Fan \d+$/.test(name)) assert.ok(!files.supports.text.includes(name), `no name: ${name}`);
  }
  assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'export.csv'"), '4', 'each export recorded');
  assert.deepEqual(sql("SELECT subject FROM audit_log WHERE action = 'export.csv' ORDER BY id").split('\n'), ['ideas', 'comments', 'supports', 'supports']);
});

test(`[${BACKEND}] the JSON exports hold the same rows as the CSV ones, typed`, async () => {
  // A deleted comment and a comment that would be a formula in a spreadsheet.
  sql("UPDATE comments SET deleted = 1 WHERE id = (SELECT min(id) FROM comments)");
  sql("UPDATE comments SET body = '=1+1 \"quoted\", ok' WHERE id = (SELECT max(id) FROM comments)");
  for (const name of ['ideas', 'comments', 'supports']) {
    const c = await admin.get(`/admin/exports/${name}.csv`);
    const j = await admin.get(`/admin/exports/${name}.json`);
    assert.equal(j.status, 200, name);
    assert.equal(j.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(j.headers.get('content-disposition'), `attachment; filename="oic-${name}.json"`);
    const rows = parseCsv(c.text);
    const objects = JSON.parse(j.text);
    assert.ok(Array.isArray(objects));
    assert.equal(objects.length, rows.length - 1, `${name}: as many objects as rows`);
    assert.deepEqual(Object.keys(objects[0]), rows[0], `${name}: the same fields in the same order`);
    for (let i = 0; i < objects.length; i++) {
      const o = objects[i];
      rows[0].forEach((field, k) => {
        const v = o[field];
        const cell = rows[i + 1][k];
        if (v === null) assert.equal(cell, '', `${name} ${field}: null is an empty field`);
        else if (typeof v === 'boolean') assert.equal(cell, v ? '1' : '0', `${name} ${field}`);
        else if (typeof v === 'number' && !Number.isInteger(v)) assert.ok(Math.abs(Number(cell) - v) < 1e-6, `${name} ${field}`);
        else if (typeof v === 'string' && /^[=+\-@\t\r]/.test(v)) assert.equal(cell, `'${v}`, `${name} ${field}: the CSV guards a formula, JSON keeps the text`);
        else assert.equal(cell, String(v), `${name} ${field}`);
      });
    }
    if (name === 'ideas') assert.ok(objects.every((o) => typeof o.id === 'number' && typeof o.hidden === 'boolean' && typeof o.author === 'string'));
    if (name === 'comments') {
      const deleted = objects.find((o) => o.deleted);
      assert.equal(deleted.body, '', 'a deleted comment has no text in the export');
      assert.equal(objects[objects.length - 1].body, '=1+1 "quoted", ok');
    }
  }
  assert.deepEqual(sql("SELECT subject FROM audit_log WHERE action = 'export.json' ORDER BY id").split('\n'), ['ideas', 'comments', 'supports']);
});

test(`[${BACKEND}] exports: the page explains them; only administrators`, async () => {
  const page = await admin.get('/admin/exports');
  assert.equal(page.status, 200);
  assert.match(page.text, /Pseudonymisierte Daten sind nach der DSGVO weiterhin personenbezogen/);
  const en = new Client(srv.base, { lang: 'en' });
  en.cookies = admin.cookies;
  assert.match((await en.get('/admin/exports')).text, /Pseudonymised data is still personal data under the GDPR/);
  const moderator = await person(srv, { role: 'moderator' });
  for (const p of ['/admin/exports', '/admin/exports/ideas.csv', '/admin/exports/comments.csv', '/admin/exports/supports.csv',
    '/admin/exports/ideas.json', '/admin/exports/comments.json', '/admin/exports/supports.json']) {
    assert.equal((await moderator.get(p)).status, 403, p);
    assert.equal((await new Client(srv.base).get(p)).status, 303, `${p}: anonymous to the login`);
  }
});
