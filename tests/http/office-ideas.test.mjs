// office-ideas.test.mjs - the back office's list of ideas (/admin/ideas):
// filters by challenge, status and the author's sector, two orders with
// keyset pages, and the status change with one official answer for the
// ticked ideas — all of them or none, audited, the authors told.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BACKEND, execSql, startServer } from './lib.mjs';
import { createChallenge, person, submitIdea, support } from './funnel-helpers.mjs';

let srv;
let admin;
let challenge;
let other;
const sql = (q) => execSql(srv.store.url, q);

before(async () => {
  srv = await startServer({ seed: false });
  admin = await person(srv, { role: 'admin', lang: 'de' });
  challenge = await createChallenge(admin, { title: 'Mobilität in der Altstadt' });
  other = await createChallenge(admin, { title: 'Grüne Dächer' });
});
after(async () => { await srv.stop(); });

const listed = (html) => [...html.matchAll(/<input type="checkbox" id="pick-(\d+)"/g)].map((m) => Number(m[1]));
const statusOf = (id) => sql(`SELECT status FROM ideas WHERE id = ${id}`);

async function bulk(form, list = '/admin/ideas') {
  const _csrf = await admin.csrf(list);
  const body = new URLSearchParams({ _csrf, challenge: '', state: '', sector: '', sort: 'newest', ...form.fields });
  for (const id of form.ids || []) body.append('ids', String(id));
  return admin.request('POST', '/admin/ideas/status', {
    body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

test(`[${BACKEND}] filters, orders and pages; the status of ticked ideas changes with one answer, all or none`, async () => {
  const a = await person(srv, { name: 'Anna Aktiv' });
  const ids = [];
  for (let i = 0; i < 53; i++) ids.push(await submitIdea(a, challenge, { title: `Idee Nummer ${i}` }));
  const elsewhere = await submitIdea(a, other, { title: 'Ein Dach voller Bienen' });
  const box = await submitIdea(a, 0, { title: 'Eine Idee im offenen Kasten' });
  // Supports to order by: the 5th idea most, then the 9th.
  for (let k = 0; k < 3; k++) assert.equal((await support(await person(srv), ids[5])).status, 303);
  assert.equal((await support(await person(srv), ids[9])).status, 303);

  // Newest first over every challenge and the box, 50 a page, then the rest.
  let page = await admin.get('/admin/ideas');
  assert.equal(page.status, 200);
  let shown = listed(page.text);
  assert.equal(shown.length, 50);
  assert.deepEqual(shown.slice(0, 3), [box, elsewhere, ids[52]]);
  const next = page.text.match(/<a href="([^"]+)" rel="next">/)[1].replaceAll('&amp;', '&');
  page = await admin.get(next);
  assert.deepEqual(listed(page.text), ids.slice(0, 5).reverse());
  // One challenge, most supported first.
  page = await admin.get(`/admin/ideas?challenge=${challenge}&sort=supports`);
  shown = listed(page.text);
  assert.deepEqual(shown.slice(0, 2), [ids[5], ids[9]]);
  assert.ok(!shown.includes(elsewhere) && !shown.includes(box));
  const more = page.text.match(/<a href="([^"]+)" rel="next">/)[1].replaceAll('&amp;', '&');
  const rest = listed((await admin.get(more)).text);
  assert.equal(new Set([...shown, ...rest]).size, 53, 'the pages hold each idea of the challenge once');
  // The open idea box; a status; a sector nobody has.
  assert.deepEqual(listed((await admin.get('/admin/ideas?challenge=box')).text), [box]);
  assert.equal(listed((await admin.get('/admin/ideas?state=selected')).text).length, 0);
  assert.equal(listed((await admin.get('/admin/ideas?sector=research')).text).length, 0);
  // A filter that is not offered: 400, said in German.
  const bad = await admin.get('/admin/ideas?state=nonsense');
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Dieser Seitenlink ist ungültig|nicht gültig/);

  // Bad input changes nothing: no idea ticked, no status, no answer, merged.
  for (const [form, field, msg] of [
    [{ ids: [], fields: { to: 'in_review', answer: 'Wir prüfen.' } }, 'ids', /Kreuzen Sie die Ideen an/],
    [{ ids: [ids[0]], fields: { to: '', answer: 'Wir prüfen.' } }, 'to', /Wählen Sie den neuen Status/],
    [{ ids: [ids[0]], fields: { to: 'merged', answer: 'Zusammen.' } }, 'to', /Wählen Sie den neuen Status/],
    [{ ids: [ids[0]], fields: { to: 'in_review', answer: '  ' } }, 'answer', /Schreiben Sie die offizielle Antwort/],
    [{ ids: ['x'], fields: { to: 'in_review', answer: 'Wir prüfen.' } }, 'ids', /Kreuzen Sie die Ideen an/],
  ]) {
    const r = await bulk(form);
    assert.equal(r.status, 422, `${field}: ${r.status}`);
    assert.match(r.text, msg);
    assert.match(r.text, new RegExp(`id="${field}-error"`));
  }
  assert.equal(statusOf(ids[0]), 'submitted');

  // Three ideas to "in review" with one answer; their author hears of each.
  const unread = () => Number(sql(`SELECT unread_notifications FROM users WHERE email = '${a.email}'`));
  const u0 = unread();
  let r = await bulk({ ids: [ids[0], ids[1], ids[2], ids[2]], fields: { to: 'in_review', answer: 'Die Verwaltung prüft diese Vorschläge.' } });
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /changed=3/);
  for (const id of ids.slice(0, 3)) {
    assert.equal(statusOf(id), 'in_review');
    assert.equal(sql(`SELECT official_answer FROM ideas WHERE id = ${id}`), 'Die Verwaltung prüft diese Vorschläge.');
  }
  assert.equal(unread(), u0 + 3);
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'idea.status' AND detail = 'bulk'`), '3');
  page = await admin.get(r.headers.get('location'));
  assert.match(page.text, /Der Status ist geändert/);
  assert.deepEqual(listed((await admin.get('/admin/ideas?state=in_review')).text).sort(), ids.slice(0, 3).sort());

  // All or none: one of them cannot go back to "in review" from "in review".
  r = await bulk({ ids: [ids[50], ids[0]], fields: { to: 'in_review', answer: 'Noch einmal.' } });
  assert.equal(r.status, 422);
  assert.match(r.text, /nichts wurde geändert/);
  assert.equal(statusOf(ids[50]), 'submitted', 'the other idea did not move either');
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'idea.status'`), '3');
  // The ticks and the answer come back with the form.
  assert.match(r.text, new RegExp(`id="pick-${ids[50]}" name="ids" value="${ids[50]}" checked`));
  assert.match(r.text, /Noch einmal\./);
});

test(`[${BACKEND}] only administrators list ideas and set their status; a forged POST is 403`, async () => {
  const a = await person(srv);
  const id = await submitIdea(a, challenge, { title: 'Bleibt eingereicht' });
  for (const role of ['participant', 'representative', 'evaluator', 'moderator']) {
    const c = await person(srv, { role });
    assert.equal((await c.get('/admin/ideas')).status, 403, role);
    const _csrf = await c.csrf('/account');
    const r = await c.post('/admin/ideas/status', { _csrf, ids: String(id), to: 'in_review', answer: 'Heimlich.' });
    assert.equal(r.status, 403, role);
  }
  assert.equal(statusOf(id), 'submitted');
});

test(`[${BACKEND}] the challenges list: drafts too, filtered by phase, with the ways on; administrators only`, async () => {
  const draft = await createChallenge(admin, { title: 'Ein Entwurf für später', opens_at: '' });
  let page = await admin.get('/admin/challenges');
  assert.equal(page.status, 200);
  for (const id of [challenge, other, draft]) {
    assert.match(page.text, new RegExp(`href="/challenges/${id}/edit"`));
    assert.match(page.text, new RegExp(`href="/admin/ideas\\?challenge=${id}"`));
  }
  assert.ok(page.text.indexOf(`/challenges/${draft}/edit`) < page.text.indexOf(`/challenges/${challenge}/edit`), 'newest first');
  page = await admin.get('/admin/challenges?phase=draft');
  assert.match(page.text, new RegExp(`/challenges/${draft}/edit`));
  assert.doesNotMatch(page.text, new RegExp(`/challenges/${challenge}/edit`));
  assert.equal((await admin.get('/admin/challenges?phase=nonsense')).status, 400);
  assert.equal((await admin.get('/admin/challenges?after=x')).status, 400);
  assert.equal((await (await person(srv, { role: 'moderator' })).get('/admin/challenges')).status, 403);
});
