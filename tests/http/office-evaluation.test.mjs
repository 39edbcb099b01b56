// office-evaluation.test.mjs - expert evaluation: the office sets weighted
// criteria and assigns evaluators per challenge; each evaluator scores
// the ideas 1–5 per criterion, blind (no other scores before their own
// is in); the office reads weighted totals, the ranking, the spread with
// its flag and the missing evaluations, all on hand-computed numbers.
// Bad input changes nothing and is explained in German at the field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BACKEND, execSql, parseCsv, startServer } from './lib.mjs';
import { createChallenge, person, submitIdea } from './funnel-helpers.mjs';

let srv;
let admin;
let challenge;
let ideas;
let crit; // criterion ids, in order
const ev = {};
const sql = (q) => execSql(srv.store.url, q);
const idOf = (email) => Number(sql(`SELECT id FROM users WHERE email = '${email}'`));
const count = (q) => Number(sql(q));

async function post(c, path, form = {}) {
  const _csrf = await c.csrf('/account');
  return c.post(path, { _csrf, ...form });
}
const base = () => `/admin/challenges/${challenge}/evaluation`;
function criteriaForm(weights, names = ['Wirkung', 'Machbarkeit', 'Neuheit', 'Strategie']) {
  const f = {};
  weights.forEach((w, i) => { f[`name-${i + 1}`] = names[i]; f[`weight-${i + 1}`] = String(w); });
  return f;
}
function scoreForm(scores, comment = '') {
  const f = { comment };
  scores.forEach((s, i) => { if (s !== undefined) f[`score-${crit[i]}`] = String(s); });
  return f;
}
const weightsNow = () => sql(`SELECT name || ':' || CAST(weight AS TEXT) FROM evaluation_criteria WHERE challenge_id = ${challenge} ORDER BY position`);

before(async () => {
  srv = await startServer();
  admin = await person(srv, { role: 'admin', lang: 'de' });
  for (const n of ['A', 'B', 'C', 'Z']) ev[n] = await person(srv, { role: 'evaluator', lang: 'de', name: `Eva ${n}` });
  challenge = await createChallenge(admin);
  const author = await person(srv, { lang: 'de' });
  ideas = [];
  for (const t of ['Erste Idee zur Bewertung', 'Zweite Idee zur Bewertung', 'Dritte Idee zur Bewertung', 'Vierte Idee zur Bewertung']) {
    ideas.push(await submitIdea(author, challenge, { title: t }));
  }
});
after(async () => { await srv.stop(); });

test(`[${BACKEND}] the office sets criteria (bad weights refused in German, nothing changed) and assigns evaluators`, async () => {
  // The defaults are shown until saved; nothing is stored by looking.
  let r = await admin.get(base());
  assert.equal(r.status, 200);
  assert.match(r.text, /value="Wirkung"/);
  assert.match(r.text, /value="Passung zur Strategie der Stadt"/);
  assert.equal(count(`SELECT count(*) FROM evaluation_criteria WHERE challenge_id = ${challenge}`), 0);
  // The office's list links to it.
  assert.match((await admin.get('/admin/evaluation')).text, new RegExp(`href="${base()}"`));

  for (const [form, field, msg] of [
    [criteriaForm([0, 0, 0, 0]), 'weight-1', /Die Gewichtungen müssen zusammen mehr als 0 ergeben/],
    [criteriaForm([-5, 30, 20, 0]), 'weight-1', /ganze Zahl von 0 bis 100/],
    [criteriaForm([50, 'viel', 20, 0]), 'weight-2', /ganze Zahl von 0 bis 100/],
    [criteriaForm([50, 30, 101, 0]), 'weight-3', /ganze Zahl von 0 bis 100/],
    [criteriaForm([50, 30, 20, 0], ['Wirkung', '', 'Neuheit', 'Strategie']), 'name-2', /Geben Sie dem Kriterium einen Namen/],
  ]) {
    r = await post(admin, `${base()}/criteria`, form);
    assert.equal(r.status, 422, JSON.stringify(form));
    assert.match(r.text, msg);
    assert.match(r.text, new RegExp(`id="${field}-error" class="field-error"`));
    assert.match(r.text, new RegExp(`id="${field}"[^>]*aria-invalid="true"`));
  }
  assert.equal(count(`SELECT count(*) FROM evaluation_criteria WHERE challenge_id = ${challenge}`), 0, 'nothing stored');

  r = await post(admin, `${base()}/criteria`, criteriaForm([50, 30, 20, 0]));
  assert.equal(r.status, 303);
  assert.equal(weightsNow(), 'Wirkung:50\nMachbarkeit:30\nNeuheit:20\nStrategie:0');
  crit = sql(`SELECT id FROM evaluation_criteria WHERE challenge_id = ${challenge} ORDER BY position`).split('\n').map(Number);
  assert.equal(crit.length, 4);
  assert.match(sql("SELECT after_value FROM audit_log WHERE action = 'evaluation.criteria' ORDER BY id DESC LIMIT 1"), /Wirkung 50, Machbarkeit 30, Neuheit 20, Strategie 0/);

  // Assign: only accounts with the role evaluator, by e-mail or number.
  const participant = await person(srv, { lang: 'de' });
  for (const [value, msg] of [
    ['', /Geben Sie die E-Mail-Adresse oder die Kontonummer/],
    ['niemand@example.org', /Es gibt kein Konto mit dieser E-Mail-Adresse/],
    [participant.email, /Dieses Konto hat nicht die Rolle Bewerter/],
  ]) {
    r = await post(admin, `${base()}/assign`, { evaluator: value });
    assert.equal(r.status, 422);
    assert.match(r.text, msg);
    assert.match(r.text, /id="evaluator-error"/);
  }
  assert.equal(count(`SELECT count(*) FROM evaluation_assignments WHERE challenge_id = ${challenge}`), 0);
  for (const n of ['A', 'B']) assert.equal((await post(admin, `${base()}/assign`, { evaluator: ev[n].email })).status, 303);
  assert.equal((await post(admin, `${base()}/assign`, { evaluator: String(idOf(ev.C.email)) })).status, 303);
  // Z is assigned and removed again.
  assert.equal((await post(admin, `${base()}/assign`, { evaluator: ev.Z.email })).status, 303);
  assert.equal((await post(admin, `${base()}/unassign`, { user: String(idOf(ev.Z.email)) })).status, 303);
  assert.equal(count(`SELECT count(*) FROM evaluation_assignments WHERE challenge_id = ${challenge}`), 3);
  assert.equal(count("SELECT count(*) FROM audit_log WHERE action = 'evaluation.assign'"), 4);
  assert.equal(sql(`SELECT before_value || '>' || after_value FROM audit_log WHERE action = 'evaluation.unassign' AND detail = 'user:${idOf(ev.Z.email)}'`), 'assigned>not assigned');
  // The criteria stay as saved (the defaults come only when there are none).
  assert.equal(crit.length, count(`SELECT count(*) FROM evaluation_criteria WHERE challenge_id = ${challenge}`));
});

test(`[${BACKEND}] evaluators see only what they are assigned; participants get 403`, async () => {
  const [i1] = ideas;
  for (const p of ['/evaluate/challenges/' + challenge, `/evaluate/ideas/${i1}`]) {
    assert.equal((await ev.Z.get(p)).status, 403, `unassigned ${p}`);
  }
  let r = await post(ev.Z, `/evaluate/ideas/${i1}`, scoreForm([5, 5, 5, 5]));
  assert.equal(r.status, 403, 'a forged POST of an unassigned evaluator');
  assert.match(r.text, /nicht als Bewerterin oder Bewerter zugewiesen/);
  const participant = await person(srv, { lang: 'de' });
  for (const p of ['/evaluate', `/evaluate/ideas/${i1}`, base(), '/admin/evaluation']) {
    assert.equal((await participant.get(p)).status, 403, `participant ${p}`);
  }
  assert.equal((await post(participant, `/evaluate/ideas/${i1}`, scoreForm([5, 5, 5, 5]))).status, 403);
  assert.equal((await ev.A.get(base())).status, 403, 'an evaluator does not see the office page');
  assert.equal(count('SELECT count(*) FROM evaluations'), 0);
  // A's list shows the challenge, Z's does not.
  assert.match((await ev.A.get('/evaluate')).text, new RegExp(`/evaluate/challenges/${challenge}"`));
  assert.doesNotMatch((await ev.Z.get('/evaluate')).text, new RegExp(`/evaluate/challenges/${challenge}"`));
  r = await ev.A.get(`/evaluate/challenges/${challenge}`);
  assert.equal(r.status, 200);
  for (const i of ideas) assert.match(r.text, new RegExp(`href="/evaluate/ideas/${i}"`));
});

test(`[${BACKEND}] bad scores are refused in German at the field, nothing stored`, async () => {
  const [i1] = ideas;
  for (const [scores, idx] of [[[0, 3, 1, 4], 0], [[5, 6, 1, 4], 1], [[5, 3, undefined, 4], 2], [[5, 3, 1, 'x'], 3]]) {
    const r = await post(ev.A, `/evaluate/ideas/${i1}`, scoreForm(scores));
    assert.equal(r.status, 422, JSON.stringify(scores));
    assert.match(r.text, /Wählen Sie eine Bewertung von 1 bis 5/);
    assert.match(r.text, new RegExp(`id="score-${crit[idx]}-error" class="field-error"`));
    assert.match(r.text, new RegExp(`href="#score-${crit[idx]}-1"`), 'the summary links to the field');
  }
  const r = await post(ev.A, `/evaluate/ideas/${i1}`, scoreForm([5, 3, 1, 4], 'x'.repeat(2001)));
  assert.equal(r.status, 422);
  assert.match(r.text, /höchstens 2000 Zeichen/);
  assert.equal(count('SELECT count(*) FROM evaluations'), 0);
  assert.equal(count('SELECT count(*) FROM evaluation_scores'), 0);
});

test(`[${BACKEND}] blind: B sees no score of A before B's own is in, all of them after`, async () => {
  const [i1, i2, i3, i4] = ideas;
  let r = await post(ev.A, `/evaluate/ideas/${i1}`, scoreForm([5, 3, 1, 4], 'Stark in der Wirkung, Kommentar von A'));
  assert.equal(r.status, 303);
  r = await ev.A.get(r.headers.get('location'));
  assert.match(r.text, /Ihre Bewertung ist abgegeben/);
  assert.match(r.text, /class="eval-total">3,60</);
  // A second submission is refused: an evaluation is final.
  r = await post(ev.A, `/evaluate/ideas/${i1}`, scoreForm([1, 1, 1, 1]));
  assert.equal(r.status, 409);
  assert.match(r.text, /schon bewertet/);

  r = await ev.B.get(`/evaluate/ideas/${i1}`);
  assert.equal(r.status, 200);
  assert.doesNotMatch(r.text, /Kommentar von A/);
  assert.doesNotMatch(r.text, /eval-score|eval-total|Eva A/);
  assert.match(r.text, new RegExp(`name="score-${crit[0]}" value="5"`));

  r = await post(ev.B, `/evaluate/ideas/${i1}`, scoreForm([2, 2, 2, 5], 'Kommentar von B'));
  assert.equal(r.status, 303);
  r = await ev.B.get(`/evaluate/ideas/${i1}`);
  assert.match(r.text, /Kommentar von A/);
  assert.match(r.text, /Eva A/);
  assert.match(r.text, /class="eval-total">3,60</);
  assert.match(r.text, /class="eval-total">2,00</);
  assert.doesNotMatch(r.text, /<form method="post" action="\/evaluate\/ideas/);
  // C has not submitted: still blind.
  assert.doesNotMatch((await ev.C.get(`/evaluate/ideas/${i1}`)).text, /Kommentar von|eval-score/);

  // The rest: I2 A 5,5,5,1 = 5.00, B 3,3,3,3 = 3.00; I3 A 1,1,1,1 = 1.00; I4 A 3,3,3,3 = 3.00
  // (I3 and I4 each by A alone: one evaluation ends where the next idea's begins).
  assert.equal((await post(ev.A, `/evaluate/ideas/${i2}`, scoreForm([5, 5, 5, 1]))).status, 303);
  assert.equal((await post(ev.B, `/evaluate/ideas/${i2}`, scoreForm([3, 3, 3, 3]))).status, 303);
  assert.equal((await post(ev.A, `/evaluate/ideas/${i3}`, scoreForm([1, 1, 1, 1]))).status, 303);
  assert.equal((await post(ev.A, `/evaluate/ideas/${i4}`, scoreForm([3, 3, 3, 3]))).status, 303);
  assert.equal(count('SELECT count(*) FROM evaluations'), 6);
  assert.equal(count('SELECT count(*) FROM evaluation_scores'), 24);
  const audit = sql(`SELECT before_value || '>' || after_value FROM audit_log WHERE action = 'evaluation.submit' AND subject = 'idea:${i1}' ORDER BY id LIMIT 1`);
  assert.equal(audit, 'not submitted>Wirkung 5, Machbarkeit 3, Neuheit 1, Strategie 4; total 3.60');
  assert.equal(count("SELECT count(*) FROM audit_log WHERE action = 'evaluation.submit'"), 6);
});

test(`[${BACKEND}] the office's results: weighted totals, ranking, spread with its flag, missing`, async () => {
  const [i1, i2, i3, i4] = ideas;
  const r = await admin.get(base());
  assert.equal(r.status, 200);
  const rows = [...r.text.matchAll(/<tr class="eval-result">(.*?)<\/tr>/gs)].map((m) => {
    const t = m[1];
    return {
      rank: t.match(/^<td>([^<]+)<\/td>/)[1],
      idea: Number(t.match(/href="\/ideas\/(\d+)"/)[1]),
      total: (t.match(/class="eval-total">([^<]+)</) || [])[1],
      spread: (t.match(/class="eval-spread">([^<]+)</) || [])[1],
      flag: /eval-disagree/.test(t),
      missing: Number(t.match(/class="eval-missing">(\d+)</)[1]),
    };
  });
  // I1: (3.60 + 2.00) / 2 = 2.80, spread 0.80; I2: (5 + 3) / 2 = 4.00, spread 1.00 (flagged); I3: 1.00 alone.
  assert.deepEqual(rows, [
    { rank: '1', idea: i2, total: '4,00', spread: '1,00', flag: true, missing: 1 },
    { rank: '2', idea: i4, total: '3,00', spread: undefined, flag: false, missing: 2 },
    { rank: '3', idea: i1, total: '2,80', spread: '0,80', flag: false, missing: 1 },
    { rank: '4', idea: i3, total: '1,00', spread: undefined, flag: false, missing: 2 },
  ]);
  assert.match(r.text, /stark uneinig/);

  // Evaluations are in: the weights change (the totals follow), the criteria's number does not.
  let p = await post(admin, `${base()}/criteria`, { 'name-1': 'Wirkung', 'weight-1': '50', 'name-2': 'Machbarkeit', 'weight-2': '30', 'name-3': 'Neuheit', 'weight-3': '20' });
  assert.equal(p.status, 409);
  assert.match(p.text, /nicht hinzugefügt oder entfernt/);
  p = await post(admin, `${base()}/criteria`, criteriaForm([0, 0, 0, 0]));
  assert.equal(p.status, 422);
  assert.equal(weightsNow(), 'Wirkung:50\nMachbarkeit:30\nNeuheit:20\nStrategie:0', 'nothing changed');
  p = await post(admin, `${base()}/criteria`, criteriaForm([0, 0, 0, 10]));
  assert.equal(p.status, 303);
  // Now only "Strategie" counts: I1 A 4, B 5 -> 4.50, spread 0.50.
  const again = await admin.get(base());
  assert.match(again.text, new RegExp(`href="/ideas/${i1}"[^]*?class="eval-total">4,50<[^]*?class="eval-spread">0,50<`));
  // The English page writes decimals with a point.
  const english = await person(srv, { role: 'admin', lang: 'en' });
  const en = await english.get(base());
  assert.match(en.text, /<html lang="en"/);
  assert.match(en.text, /class="eval-total">4\.50</);
  assert.match(en.text, /strong disagreement|Weighted total/);
});

test(`[${BACKEND}] the evaluations export: one row per score, evaluators as pseudonyms, CSV and JSON, streamed past one piece`, async () => {
  const [i1] = ideas;
  let r = await admin.get('/admin/exports/evaluations.csv');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  let rows = parseCsv(r.text);
  assert.deepEqual(rows[0], ['idea_id', 'challenge_id', 'evaluator', 'criterion_id', 'criterion', 'weight', 'score', 'comment', 'submitted_utc']);
  assert.equal(rows.length, 1 + 24);
  const a1 = rows.filter((x) => Number(x[0]) === i1 && x[7] === 'Stark in der Wirkung, Kommentar von A');
  assert.deepEqual(a1.map((x) => `${x[4]}:${x[5]}:${x[6]}`), ['Wirkung:0:5', 'Machbarkeit:0:3', 'Neuheit:0:1', 'Strategie:10:4']);
  assert.match(a1[0][2], /^[0-9a-f]{16}$/);
  assert.equal(Number(a1[0][1]), challenge);
  assert.doesNotMatch(r.text, /Eva A|@/);
  const json = JSON.parse((await admin.get('/admin/exports/evaluations.json')).text);
  assert.equal(json.length, 24);
  assert.equal(json.find((x) => x.idea_id === i1 && x.criterion === 'Strategie' && x.evaluator === a1[0][2]).score, 4);
  assert.equal(count("SELECT count(*) FROM audit_log WHERE action IN ('export.csv', 'export.json') AND subject = 'evaluations'"), 2);
  assert.equal((await ev.A.get('/admin/exports/evaluations.csv')).status, 403);

  // 300 more evaluations (one with a score fewer): the pieces of 1,000 rows break inside an evaluation.
  sql(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
    INSERT INTO users (email, name, password_hash, sector, role, created)
    SELECT 'massen' || i || '@example.org', 'Masse ' || i, 'x', 'civil', 'evaluator', 1700000000 FROM n`);
  sql(`INSERT INTO evaluations (idea_id, evaluator_id, comment, submitted_at)
    SELECT ${i1}, id, 'Massenbewertung', 1700000000 FROM users WHERE email LIKE 'massen%@example.org'`);
  sql(`INSERT INTO evaluation_scores (idea_id, evaluator_id, criterion_id, score)
    SELECT e.idea_id, e.evaluator_id, c.id, 3 FROM evaluations e CROSS JOIN evaluation_criteria c
    WHERE c.challenge_id = ${challenge} AND e.comment = 'Massenbewertung'`);
  sql(`DELETE FROM evaluation_scores WHERE criterion_id = ${crit[0]} AND evaluator_id = (SELECT min(id) FROM users WHERE email LIKE 'massen%@example.org')`);
  const total = count('SELECT count(*) FROM evaluation_scores');
  assert.equal(total, 24 + 1199);
  r = await admin.get('/admin/exports/evaluations.csv');
  rows = parseCsv(r.text).slice(1);
  assert.equal(rows.length, total);
  assert.equal(new Set(rows.map((x) => `${x[0]}/${x[2]}/${x[3]}`)).size, total, 'every score once');
  const all = JSON.parse((await admin.get('/admin/exports/evaluations.json')).text);
  assert.equal(all.length, total);
  // 300 evaluators' pseudonyms: the same in both formats, none with the CSV's formula guard
  // (base64url ones began with "-" for one account in 64, and the CSV wrote "'-…").
  assert.deepEqual([...new Set(rows.map((x) => x[2]))].sort(), [...new Set(all.map((x) => x.evaluator))].sort());
  for (const x of rows) assert.match(x[2], /^[0-9a-f]{16}$/);
});

test(`[${BACKEND}] the results come 50 places a page, ranked over the whole set`, async () => {
  const other = await createChallenge(admin);
  const author = Number(sql("SELECT min(id) FROM users"));
  sql(`INSERT INTO ideas (challenge_id, author_id, title, body, status, lang, created, updated)
    WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 55)
    SELECT ${other}, ${author}, 'Idee Nummer ' || k, 'Eine Idee, die bewertet werden soll.', 'submitted', 'de', 1767225600, 1767225600 FROM n`);
  const url = `/admin/challenges/${other}/evaluation`;
  const ids = (text) => [...text.matchAll(/<tr class="eval-result"><td>[^<]*<\/td><td><a href="\/ideas\/(\d+)"/g)].map((m) => Number(m[1]));
  let r = await admin.get(url);
  assert.equal(r.status, 200);
  const first = ids(r.text);
  assert.equal(first.length, 50);
  const next = r.text.match(/<a href="([^"]+)" rel="next">/)[1];
  assert.equal(next, `${url}?from=50#results-heading`);
  r = await admin.get(next.replace('#results-heading', ''));
  const second = ids(r.text);
  assert.equal(second.length, 5);
  assert.equal(new Set([...first, ...second]).size, 55, 'every idea once');
  assert.match(r.text, new RegExp(`<a href="${url}#results-heading">Erste Seite</a>`));
  assert.doesNotMatch(r.text, /rel="next"/);
  assert.equal((await admin.get(`${url}?from=abc`)).status, 400);
  assert.equal((await admin.get(`${url}?from=-1`)).status, 400);
});
