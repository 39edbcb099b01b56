// office-merge.test.mjs - the Innovation Office merges a duplicate idea
// into another (/admin/ideas/{id}/merge): supports carried over with an
// account that supported both counted once, comments, followers and
// authors moved, the duplicate merged and its address leading to the
// other, audited; bad input is explained at the field in the user's
// language and changes nothing; only administrators may.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BACKEND, Client, execSql, startServer } from './lib.mjs';
import { comment, commentId, createChallenge, person, submitIdea, support } from './funnel-helpers.mjs';

let srv;
let admin;
let challenge;
const sql = (q) => execSql(srv.store.url, q);
const idOf = (email) => Number(sql(`SELECT id FROM users WHERE email = '${email}'`));

before(async () => {
  srv = await startServer();
  admin = await person(srv, { role: 'admin', lang: 'de' });
  challenge = await createChallenge(admin, { title: 'Zusammenführen im Test' });
});
after(async () => { await srv.stop(); });

async function merge(c, source, target) {
  const _csrf = await c.csrf('/account');
  return c.post(`/admin/ideas/${source}/merge`, { _csrf, target: String(target) });
}

// Everything a merge of a into b may change, for "nothing changed".
const state = (a, b) => [
  'SELECT count(*) FROM audit_log',
  `SELECT count(*) FROM supports WHERE idea_id IN (${a}, ${b})`,
  `SELECT count(*) FROM comments WHERE subject_type = 'idea' AND subject_id = ${a}`,
  `SELECT count(*) FROM idea_authors WHERE idea_id IN (${a}, ${b})`,
  `SELECT count(*) FROM follows WHERE subject_type = 'idea' AND subject_id IN (${a}, ${b})`,
  'SELECT count(*) FROM notifications',
  `SELECT status || ' ' || supports_count || ' ' || comments_count || ' ' || coalesce(merged_into, 0) FROM ideas WHERE id = ${a}`,
  `SELECT status || ' ' || supports_count || ' ' || comments_count FROM ideas WHERE id = ${b}`,
].map(sql).join('|');

test(`[${BACKEND}] a merge carries the supports over counting everyone once, moves comments, followers and authors, and audits it`, async () => {
  const anna = await person(srv, { name: 'Anna Urfassung' });
  const bert = await person(srv, { name: 'Bert Doppelt' });
  const target = await submitIdea(anna, challenge, { title: 'Mehr Bänke im Stadtpark', body: 'Im Stadtpark fehlen Bänke zum Ausruhen.' });
  const source = await submitIdea(bert, challenge, { title: 'Sitzbänke für den Park', body: 'Der Park braucht dringend mehr Sitzbänke.' });
  // A co-author of the duplicate, credited on the target afterwards.
  const carla = await person(srv, { name: 'Carla Mitautorin' });
  sql(`INSERT INTO idea_authors (idea_id, user_id, created) VALUES (${source}, ${idOf(carla.email)}, 1)`);

  const both = await person(srv, { name: 'Beide Unterstützerin' });
  const onlySource = await person(srv, { name: 'Nur Duplikat' });
  const onlyTarget = await person(srv, { name: 'Nur Ziel' });
  for (const [c, idea] of [[both, source], [both, target], [onlySource, source], [onlyTarget, target]]) {
    assert.equal((await support(c, idea)).status, 303);
  }
  const trendBefore = Number(sql(`SELECT trend FROM ideas WHERE id = ${target}`));
  const sourceComment = commentId(await comment(onlySource, `/ideas/${source}`, 'Ein Kommentar unter dem Duplikat'));
  const reply = commentId(await comment(bert, `/ideas/${source}`, 'Eine Antwort darauf', sourceComment));
  await comment(onlyTarget, `/ideas/${target}`, 'Ein Kommentar unter dem Ziel');
  assert.equal(sql(`SELECT supports_count || ' ' || comments_count FROM ideas WHERE id = ${source}`), '2 2');
  assert.equal(sql(`SELECT supports_count || ' ' || comments_count FROM ideas WHERE id = ${target}`), '2 1');
  // A follower of the duplicate only.
  const follower = await person(srv, { name: 'Fritz Folgt' });
  assert.equal((await follower.post(`/ideas/${source}/follow`, { _csrf: await follower.csrf('/account') })).status, 303);

  // The form, then the confirmation that shows both ideas.
  let page = await admin.get(`/admin/ideas/${source}/merge`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<h1>Doppelte Idee zusammenführen<\/h1>/);
  assert.match(page.text, /<label for="target">Nummer der Idee, mit der zusammengeführt wird<\/label>/);
  page = await admin.get(`/admin/ideas/${source}/merge?target=${target}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Mehr Bänke im Stadtpark/);
  assert.match(page.text, /Konten, die beide Ideen unterstützen \(sie zählen einmal\): <strong>1<\/strong>/);
  assert.match(page.text, new RegExp(`<input type="hidden" name="target" value="${target}">`));
  assert.equal(sql(`SELECT status FROM ideas WHERE id = ${source}`), 'submitted', 'the confirmation changes nothing');

  const r = await merge(admin, source, target);
  assert.equal(r.status, 303, r.text.slice(0, 500));
  assert.equal(r.headers.get('location'), `/ideas/${target}#merged`);

  // Supports: the one who supported both counts once; the others carried over.
  assert.equal(sql(`SELECT supports_count FROM ideas WHERE id = ${target}`), '3');
  assert.equal(sql(`SELECT count(*) FROM supports WHERE idea_id = ${target}`), '3');
  assert.equal(sql(`SELECT count(*) FROM supports WHERE idea_id = ${target} AND user_id = ${idOf(both.email)}`), '1');
  assert.equal(sql(`SELECT count(*) FROM supports WHERE idea_id = ${target} AND user_id = ${idOf(onlySource.email)}`), '1');
  assert.equal(sql(`SELECT count(*) FROM supports WHERE idea_id = ${source}`), '0');
  const trendAfter = Number(sql(`SELECT trend FROM ideas WHERE id = ${target}`));
  assert.ok(trendAfter > trendBefore * 1.4 && trendAfter < trendBefore * 1.6,
    `the trend gained one support's weight (${trendBefore} -> ${trendAfter})`);
  // The source: merged, into the target, nothing left to count.
  assert.equal(sql(`SELECT status || ' ' || merged_into || ' ' || supports_count || ' ' || comments_count || ' ' || followers_count FROM ideas WHERE id = ${source}`),
    `merged ${target} 0 0 0`);
  // Comments moved, threads kept, counters right.
  assert.equal(sql(`SELECT count(*) FROM comments WHERE subject_type = 'idea' AND subject_id = ${target}`), '3');
  assert.equal(sql(`SELECT subject_id || ' ' || parent_id FROM comments WHERE id = ${reply}`), `${target} ${sourceComment}`);
  assert.equal(sql(`SELECT comments_count FROM ideas WHERE id = ${target}`), '3');
  // Authors of both credited: the duplicate's author and co-author join the team, not twice, not the target's author.
  const team = sql(`SELECT u.name FROM idea_authors a JOIN users u ON u.id = a.user_id WHERE a.idea_id = ${target} ORDER BY u.name`).split('\n');
  assert.deepEqual(team, ['Bert Doppelt', 'Carla Mitautorin']);
  // Followers carried over (the authors follow their ideas), counted.
  assert.equal(sql(`SELECT count(*) FROM follows WHERE subject_type = 'idea' AND subject_id = ${target} AND user_id = ${idOf(follower.email)}`), '1');
  assert.equal(sql(`SELECT followers_count = (SELECT count(*) FROM follows WHERE subject_type = 'idea' AND subject_id = ${target}) FROM ideas WHERE id = ${target}`),
    BACKEND === 'postgres' ? 't' : '1');
  assert.equal(sql(`SELECT count(*) FROM follows WHERE subject_type = 'idea' AND subject_id = ${source}`), '0');
  // Audited with before and after.
  assert.equal(sql(`SELECT before_value || '|' || after_value || '|' || detail FROM audit_log WHERE action = 'idea.merge' AND subject = 'idea:${source}'`),
    `submitted|merged into idea:${target}|into idea:${target}; supports moved 1, dropped 1 (accounts that supported both); comments moved 2`);
  // The status feed's log and the authors' notifications.
  assert.equal(sql(`SELECT count(*) FROM idea_status_changes WHERE idea_id = ${source} AND new_status = 'merged'`), '1');
  assert.ok(Number(sql(`SELECT count(*) FROM notifications WHERE user_id = ${idOf(bert.email)} AND kind = 'status'`)) >= 1, 'the duplicate\'s author hears of it');

  // The public side: the old address leads to the target, which lists the duplicate.
  const anon = new Client(srv.base, { lang: 'de' });
  const old = await anon.get(`/ideas/${source}`);
  assert.equal(old.status, 301);
  assert.equal(old.headers.get('location'), `/ideas/${target}`);
  const followed = await anon.get(`/ideas/${source}`, { redirect: 'follow' });
  assert.equal(followed.status, 200);
  assert.match(followed.text, /<h1 lang="de">Mehr Bänke im Stadtpark<\/h1>/);
  assert.match(followed.text, /<h2 id="merged-heading">In diese Idee zusammengeführt<\/h2>/);
  assert.match(followed.text, new RegExp(`Idee Nr\\. ${source}: <span lang="de">Sitzbänke für den Park</span>`));
  assert.match(followed.text, /Ein Kommentar unter dem Duplikat/, 'the moved comments show on the target');
  assert.match(followed.text, /Eine Antwort darauf/);
  assert.match(followed.text, /data-support-count>3</);
  assert.match(followed.text, /Bert Doppelt/, 'credited on the page');
  const en = await new Client(srv.base, { lang: 'en' }).get(`/ideas/${target}`);
  assert.match(en.text, /Merged into this idea/);

  // A late support or comment for the duplicate is refused, with the reason.
  const late = await person(srv, { name: 'Lena Spät', lang: 'de' });
  let s = await support(late, source);
  assert.equal(s.status, 422);
  assert.match(s.text, /Diese Idee wurde mit einer anderen zusammengeführt, die jetzt ihre Unterstützungen hat/);
  assert.match(s.text, new RegExp(`<a href="/ideas/${target}">Idee Nr\\. ${target}</a>`), 'the refusal shows where it went');
  s = await support(late, source, { json: true });
  assert.equal(s.status, 422);
  assert.equal(JSON.parse(s.text).error.code, 'merged');
  const c = await comment(late, `/ideas/${source}`, 'Ein später Kommentar');
  assert.equal(c.status, 403);
  assert.match(c.text, /ihre Diskussion geht dort weiter/);
  assert.equal(sql(`SELECT count(*) FROM supports WHERE idea_id = ${source}`), '0');
  assert.equal(sql(`SELECT supports_count FROM ideas WHERE id = ${target}`), '3');
  // The old address still works for the status-setting admin: no status form offers "merged".
  const own = await admin.get(`/ideas/${target}`);
  assert.doesNotMatch(own.text, /<option value="merged"/);
  assert.match(own.text, new RegExp(`href="/admin/ideas/${target}/merge"`));
});

test(`[${BACKEND}] supports arriving while the merge runs are carried over or refused, never lost or counted twice`, async () => {
  const u = await person(srv, { name: 'Gleichzeitig' });
  const target = await submitIdea(u, challenge, { title: 'Ziel im Wettlauf', body: 'Eine Idee, in die zusammengeführt wird.' });
  const source = await submitIdea(u, challenge, { title: 'Duplikat im Wettlauf', body: 'Eine Idee, die zusammengeführt wird.' });
  const early = [];
  for (let i = 0; i < 4; i++) early.push(await person(srv));
  for (const c of early) assert.equal((await support(c, source)).status, 303);
  assert.equal((await support(early[0], target)).status, 303); // one of them supports both
  const late = [];
  for (let i = 0; i < 12; i++) late.push(await person(srv));
  const tokens = await Promise.all(late.map((c) => c.csrf('/account')));
  const _csrf = await admin.csrf('/account');
  // The merge in the middle of a burst of supports for the duplicate.
  const sends = late.map((c, i) => c.post(`/ideas/${source}/support`, { _csrf: tokens[i] }, { headers: { accept: 'application/json' } }));
  sends.splice(6, 0, admin.post(`/admin/ideas/${source}/merge`, { _csrf, target: String(target) }));
  const answers = await Promise.all(sends);
  assert.equal(answers[6].status, 303, 'merged');
  const supports = answers.filter((_, i) => i !== 6);
  const given = supports.filter((r) => r.status === 200).length;
  const refused = supports.filter((r) => r.status === 422).length;
  assert.equal(given + refused, late.length, `every support answered 200 or 422: ${supports.map((r) => r.status)}`);
  for (const r of supports.filter((x) => x.status === 422)) assert.equal(JSON.parse(r.text).error.code, 'merged');
  assert.equal(sql(`SELECT count(*) FROM supports WHERE idea_id = ${source}`), '0', 'nothing stays on the duplicate');
  assert.equal(sql(`SELECT supports_count FROM ideas WHERE id = ${target}`), String(early.length + given),
    'the target counts each early supporter once and every support given before the merge');
  assert.equal(sql(`SELECT count(*) FROM supports WHERE idea_id = ${target}`), String(early.length + given));
});

test(`[${BACKEND}] bad merges are refused at the field in German and change nothing`, async () => {
  const u = await person(srv, { name: 'Uwe Ursprung' });
  const a = await submitIdea(u, challenge, { title: 'Eine Idee zum Prüfen', body: 'Eine Beschreibung, die lang genug ist.' });
  const b = await submitIdea(u, challenge, { title: 'Eine zweite Idee', body: 'Noch eine Beschreibung, lang genug.' });
  const merged = await submitIdea(u, challenge, { title: 'Schon zusammengeführt', body: 'Diese Idee wird gleich zusammengeführt.' });
  const other = await createChallenge(admin, { title: 'Andere Herausforderung' });
  const elsewhere = await submitIdea(u, other, { title: 'Idee anderswo', body: 'Eine Idee in einer anderen Herausforderung.' });
  const boxIdea = await submitIdea(u, 0, { title: 'Idee im Kasten', body: 'Eine Idee im offenen Ideenkasten.' });
  const fan = await person(srv);
  assert.equal((await support(fan, a)).status, 303);
  assert.equal((await support(fan, b)).status, 303);
  await comment(fan, `/ideas/${a}`, 'Ein Kommentar zur ersten Idee');
  assert.equal((await merge(admin, merged, b)).status, 303);

  const hidden = await submitIdea(u, challenge, { title: 'Versteckte Idee', body: 'Diese Idee wird ausgeblendet.' });
  assert.equal((await admin.post(`/ideas/${hidden}/hide`, { _csrf: await admin.csrf('/account') })).status, 303);

  const before = state(a, b);
  const cases = [
    [a, 'zwölf', /Geben Sie die Nummer der Idee, mit der zusammengeführt wird, in Ziffern ein/],
    [a, '', /Geben Sie die Nummer der Idee, mit der zusammengeführt wird, in Ziffern ein/],
    [a, '12abc', /Geben Sie die Nummer der Idee/],
    [a, a, /Eine Idee kann nicht mit sich selbst zusammengeführt werden/],
    [a, merged, /Jene Idee wurde selbst schon mit einer anderen zusammengeführt/],
    [merged, a, /Diese Idee wurde bereits mit einer anderen zusammengeführt/],
    [a, elsewhere, /Jene Idee gehört zu einer anderen Herausforderung/],
    [a, boxIdea, /Jene Idee gehört zu einer anderen Herausforderung/],
    [a, 99999999, /Es gibt keine Idee mit dieser Nummer/],
    [a, hidden, /Jene Idee ist ausgeblendet/],
  ];
  for (const [source, target, message] of cases) {
    const r = await merge(admin, source, target);
    assert.equal(r.status, 422, `${source} into ${target}`);
    assert.match(r.text, new RegExp(`id="target-error" class="field-error">${message.source}`), `${source} into ${target}: at the field`);
    if (source !== merged) {
      assert.match(r.text, /<a href="#target">/, 'the summary leads to the field');
      assert.match(r.text, /aria-invalid="true"/);
    }
    // The confirmation step refuses the same.
    const g = await admin.get(`/admin/ideas/${source}/merge?target=${encodeURIComponent(target)}`);
    assert.equal(g.status, 422, `GET ${source} into ${target}`);
  }
  assert.equal(state(a, b), before, 'nothing changed');
  assert.equal((await merge(admin, 99999999, a)).status, 404);
  // In English for an English-speaking administrator.
  const en = new Client(srv.base, { lang: 'en' });
  en.cookies = admin.cookies;
  const e = await merge(en, a, a);
  assert.match(e.text, /An idea cannot be merged into itself\./);
  // The status form cannot set "merged" without a target.
  const st = await admin.post(`/ideas/${a}/status`, { _csrf: await admin.csrf('/account'), status: 'merged', answer: 'Doppelt' });
  assert.equal(st.status, 422);
  assert.match(st.text, /Eine Idee wird auf ihrer Seite zum Zusammenführen zusammengeführt/);
  assert.equal(state(a, b), before, 'still nothing changed');
});

test(`[${BACKEND}] only administrators merge; a forged request without the role gets 403`, async () => {
  const u = await person(srv);
  const a = await submitIdea(u, challenge, { title: 'Eine Idee zum Fälschen', body: 'Eine Beschreibung, die lang genug ist.' });
  const b = await submitIdea(u, challenge, { title: 'Die andere Idee hier', body: 'Noch eine Beschreibung, lang genug.' });
  for (const role of ['participant', 'representative', 'evaluator', 'moderator']) {
    const c = await person(srv, { role });
    assert.equal((await merge(c, a, b)).status, 403, `${role} POST`);
    assert.equal((await c.get(`/admin/ideas/${a}/merge`)).status, 403, `${role} GET`);
  }
  // The idea's own author neither.
  assert.equal((await merge(u, a, b)).status, 403);
  assert.equal(sql(`SELECT status FROM ideas WHERE id = ${a}`), 'submitted');
});
