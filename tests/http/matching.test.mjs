// matching.test.mjs - matchmaking (features/matching): the job
// matching.refresh computes the suggestions at start and again after a
// profile changes; a challenge's page shows "who could help" with the
// explanation, the API the same (public fields only: a person's hidden
// needs never show); the sponsor's side (the office) dismisses one and
// it stays dismissed after a refresh, anybody else's forged POST is a
// 403; a person switches themselves off and appears in no suggestion;
// an open opportunity that fits a profile is suggested, until its deadline;
// a challenge's ideas are part of what it asks (a new idea refreshes).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BACKEND, Client, execSql, startServer } from './lib.mjs';
import { person, submitIdea } from './funnel-helpers.mjs';

let srv;
let admin;
const sql = (q) => execSql(srv.store.url, q);
const refreshed = () => Number(sql('SELECT refreshed FROM matching_state'));
const runs = () => Number(sql("SELECT count(*) FROM jobs WHERE kind = 'matching.refresh' AND done_at IS NOT NULL"));

// Run the job now (as the job thread would within a minute) and wait for it.
async function runJob() {
  const n = runs();
  sql("UPDATE jobs SET run_at = 0 WHERE kind = 'matching.refresh' AND done_at IS NULL");
  for (let i = 0; i < 600 && runs() === n; i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(runs() > n, 'the job ran again');
}

before(async () => {
  srv = await startServer();
  for (let i = 0; i < 600 && refreshed() === 0; i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(refreshed() > 0, 'the job ran at start');
  admin = await person(srv, { role: 'admin', lang: 'de' });
});
after(async () => { await srv.stop(); });

const mobility = () => Number(sql("SELECT id FROM challenges WHERE title LIKE 'Mobilität 2035%'"));

async function saveEntry(c, { offers, needs, pub }) {
  const _csrf = await c.csrf('/account');
  const f = [['_csrf', _csrf], ['listed', '1'], ['tags', ''], ['offers', offers], ['needs', needs], ['district', 'Südstadt'], ['website', '']];
  for (const p of pub) f.push(['public', p]);
  f.push(['competence', 'mobility']);
  const r = await c.post('/account/directory', f);
  assert.equal(r.status, 303, r.text);
}
const actorOf = (c) => Number(sql(`SELECT a.id FROM actors a JOIN users u ON u.id = a.user_id WHERE u.email = '${c.email}'`));
const section = (html) => (html.match(/<section aria-labelledby="matches"[\s\S]*?<\/section>/) || [''])[0];

test(`[${BACKEND}] the job refreshes after a profile change: who could help, the explanation, the API, public fields only`, async () => {
  const p = await person(srv, { name: 'Radlerin Rosa', lang: 'de' });
  await saveEntry(p, {
    offers: 'Wir zählen Radverkehr und Fußwege mit Sensoren und beraten Quartiere zum Pendelverkehr.',
    needs: 'Geheimwunsch Lieferverkehr Pendelwege',
    pub: ['competencies', 'offers'],
  });
  assert.equal(Number(sql('SELECT dirty FROM matching_state')), 1, 'the change marked the suggestions dirty');
  await runJob();
  assert.equal(Number(sql('SELECT dirty FROM matching_state')), 0);
  const id = mobility();
  const actor = actorOf(p);
  const anon = new Client(srv.base, { lang: 'de' });
  const page = await anon.get(`/challenges/${id}`);
  assert.equal(page.status, 200);
  const s = section(page.text);
  assert.match(s, /<h2 id="matches">Wer könnte helfen<\/h2>/);
  assert.match(s, new RegExp(`<a href="/actors/${actor}" lang="de">Radlerin Rosa</a> <span class="matching-why">– passt zu: [^<]*(Quartiere|Radverkehr|Pendel)`));
  assert.doesNotMatch(s, /Geheimwunsch/, 'a need that is not public is no reason');
  assert.doesNotMatch(s, /<form/, 'an anonymous visitor dismisses nothing');
  const en = section((await new Client(srv.base, { lang: 'en' }).get(`/challenges/${id}`)).text);
  assert.match(en, /<h2 id="matches">Who could help<\/h2>/);
  assert.match(en, /– matches: /);
  // The API: the actor with score and explanation, and nothing that is not public.
  const api = await fetch(`${srv.base}/api/v1/challenges/${id}/matches`);
  assert.equal(api.status, 200);
  const body = await api.json();
  assert.equal(body.next, null);
  const item = body.items.find((x) => x.actor === actor);
  assert.ok(item, 'the person is a match in the API');
  assert.equal(item.name, 'Radlerin Rosa');
  assert.ok(item.score > 0 && item.explanation.length > 0);
  assert.doesNotMatch(JSON.stringify(body), /Geheimwunsch|@/);
  assert.equal((await fetch(`${srv.base}/api/v1/challenges/999999/matches`)).status, 404);
  const doc = await (await fetch(`${srv.base}/api/v1/openapi.json`)).json();
  assert.ok(doc.paths['/challenges/{id}/matches'], 'in the OpenAPI document');

  // Her own page and /account show what fits her; the explanation follows a profile change.
  const mine = await p.get('/account');
  assert.match(mine.text, /<h2 id="my-suggestions">Vorschläge für mich<\/h2>/);
  assert.match(mine.text, /Herausforderungen, bei denen Sie helfen könnten/);
  assert.match(mine.text, new RegExp(`href="/challenges/${id}"`));
  await saveEntry(p, { offers: 'Wir backen Kuchen für Nachbarschaftsfeste.', needs: '', pub: ['offers'] });
  await runJob();
  const later = section((await anon.get(`/challenges/${id}`)).text);
  assert.doesNotMatch(later, /Radlerin Rosa/, 'after the change she no longer fits the mobility challenge');
});

test(`[${BACKEND}] dismissing: the office for a challenge, stays dismissed after a refresh; a forged POST is a 403`, async () => {
  const p = await person(srv, { name: 'Verkehrslabor Vera', lang: 'de' });
  await saveEntry(p, { offers: 'Radverkehr, Fußwege, Lieferverkehr und Pendelwege in Quartieren: wir messen und beraten.', needs: '', pub: ['offers'] });
  await runJob();
  const id = mobility();
  const actor = actorOf(p);
  const page = await admin.get(`/challenges/${id}`);
  assert.match(section(page.text), /Verkehrslabor Vera/);
  assert.match(section(page.text), /<button type="submit" class="button-link" aria-label="Verwerfen: Verkehrslabor Vera">/);
  const form = [['subject', 'challenge'], ['subject_id', String(id)], ['kind', 'actor'], ['target', String(actor)], ['back', `/challenges/${id}`]];
  // Somebody who is not the sponsor's (nor the office): 403, nothing stored.
  const other = await person(srv, { lang: 'de' });
  const forged = await other.post('/matching/dismiss', [['_csrf', await other.csrf('/account')], ...form]);
  assert.equal(forged.status, 403);
  assert.equal(Number(sql('SELECT count(*) FROM matching_dismissals')), 0);
  // A broken form: 400.
  const _csrf = await admin.csrf(`/challenges/${id}`);
  assert.equal((await admin.post('/matching/dismiss', [['_csrf', _csrf], ['subject', 'challenge'], ['subject_id', String(id)], ['kind', 'offers'], ['target', String(actor)]])).status, 400);
  const r = await admin.post('/matching/dismiss', [['_csrf', _csrf], ...form]);
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), new RegExp(`^/challenges/${id}\\?notice=dismissed#matches$`));
  const after1 = await admin.get(`/challenges/${id}?notice=dismissed`);
  assert.match(after1.text, /Der Vorschlag ist verworfen\./);
  assert.doesNotMatch(section(after1.text), /Verkehrslabor Vera/);
  sql('UPDATE matching_state SET dirty = 1');
  await runJob();
  assert.doesNotMatch(section((await admin.get(`/challenges/${id}`)).text), /Verkehrslabor Vera/, 'still dismissed after a refresh');
  const api = await (await fetch(`${srv.base}/api/v1/challenges/${id}/matches`)).json();
  assert.ok(!api.items.some((x) => x.actor === actor));
});

test(`[${BACKEND}] switching off: neither receives nor appears in suggestions; only oneself may`, async () => {
  const p = await person(srv, { name: 'Stille Stefanie', lang: 'de' });
  await saveEntry(p, { offers: 'Radverkehr, Fußwege und Pendelwege in Quartieren zählen und beraten.', needs: '', pub: ['offers'] });
  await runJob();
  const id = mobility();
  const actor = actorOf(p);
  assert.match(section((await new Client(srv.base, { lang: 'de' }).get(`/challenges/${id}`)).text), /Stille Stefanie/);
  const other = await person(srv, { lang: 'de' });
  const forged = await other.post('/matching/optout', [['_csrf', await other.csrf('/account')], ['actor', String(actor)], ['off', '1']]);
  assert.equal(forged.status, 403);
  const page = await p.get('/account');
  assert.match(page.text, /<input type="checkbox" name="off" value="1" id="suggestions-off">/);
  const r = await p.post('/matching/optout', [['_csrf', await p.csrf('/account')], ['actor', String(actor)], ['off', '1'], ['back', '/account']]);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/account?notice=suggestions-off#my-suggestions');
  // Gone at once (the pages leave out who switched off), and after the refresh.
  assert.doesNotMatch(section((await new Client(srv.base, { lang: 'de' }).get(`/challenges/${id}`)).text), /Stille Stefanie/);
  await runJob();
  assert.equal(Number(sql(`SELECT count(*) FROM matching_suggestions WHERE (subject = 'actor' AND subject_id = ${actor}) OR (kind IN ('actor', 'offers', 'needs') AND target_id = ${actor})`)), 0);
  const mine = await p.get('/account?notice=suggestions-off');
  assert.match(mine.text, /Vorschläge sind ausgeschaltet\./);
  assert.match(mine.text, /id="suggestions-off" checked>/);
  // And on again.
  const on = await p.post('/matching/optout', [['_csrf', await p.csrf('/account')], ['actor', String(actor)], ['back', '/account']]);
  assert.equal(on.status, 303);
  await runJob();
  assert.match(section((await new Client(srv.base, { lang: 'de' }).get(`/challenges/${id}`)).text), /Stille Stefanie/);
});

// A date "days" from today in Berlin, as the opportunity form sends it.
function day(days) {
  const d = new Date(Date.now() + days * 86400000);
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

test(`[${BACKEND}] opportunities that fit a profile: suggested on /account, dismissable, gone after the deadline`, async () => {
  const org = Number(sql('SELECT min(id) FROM organisations'));
  const _csrf = await admin.csrf('/opportunities/new');
  const form = [['_csrf', _csrf], ['title', 'Pilotpartner für Lastenräder im Quartier'], ['kind', 'pilot-partners'],
    ['organisation', String(org)], ['description', 'Wir suchen Partner, die Lastenräder und Radverkehr in Quartieren zählen.'],
    ['deadline', day(30)], ['place', 'Südstadt'], ['reply', 'platform'], ['link', ''], ['topics', 'Lastenräder'],
    ['lang', 'de'], ['sector', 'business'], ['competence', 'mobility']];
  const r = await admin.post('/opportunities/new', form);
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const opp = Number(r.headers.get('location').match(/\/opportunities\/(\d+)/)[1]);
  assert.equal(Number(sql('SELECT dirty FROM matching_state')), 1, 'a new opportunity marks the suggestions');
  const p = await person(srv, { name: 'Lastenrad Lisa', lang: 'de' });
  await saveEntry(p, { offers: 'Wir zählen Lastenräder und Radverkehr in Quartieren.', needs: '', pub: ['competencies', 'offers'] });
  await runJob();
  const actor = actorOf(p);
  assert.ok(Number(sql(`SELECT count(*) FROM matching_suggestions WHERE subject = 'actor' AND subject_id = ${actor} AND kind = 'opportunity' AND target_id = ${opp}`)) === 1);
  const mine = await p.get('/account');
  assert.match(mine.text, /<h3 id="matches-opportunity">Ausschreibungen, die zu Ihrem Profil passen<\/h3>/);
  assert.match(mine.text, new RegExp(`<a href="/opportunities/${opp}" lang="de">Pilotpartner für Lastenräder im Quartier</a> <span class="matching-why">– passt zu: `));
  const en = await new Client(srv.base, { lang: 'en' }).get(`/actors/${actor}`);
  assert.match(en.text, /<h3 id="matches-opportunity">Opportunities that fit its profile<\/h3>/);
  // Dismissed by her: gone from her page, kept across a refresh.
  const d = await p.post('/matching/dismiss', [['_csrf', await p.csrf('/account')], ['subject', 'actor'], ['subject_id', String(actor)],
    ['kind', 'opportunity'], ['target', String(opp)], ['back', '/account']]);
  assert.equal(d.status, 303);
  assert.doesNotMatch((await p.get('/account')).text, new RegExp(`href="/opportunities/${opp}"`));
  sql(`DELETE FROM matching_dismissals WHERE kind = 'opportunity' AND target_id = ${opp}`);
  assert.match((await p.get('/account')).text, new RegExp(`href="/opportunities/${opp}"`));
  // Its deadline passes: not shown from that moment, and not computed again.
  sql(`UPDATE opportunities SET closes_at = 1 WHERE id = ${opp}`);
  assert.doesNotMatch((await p.get('/account')).text, new RegExp(`href="/opportunities/${opp}"`));
  await runJob();
  assert.equal(Number(sql(`SELECT count(*) FROM matching_suggestions WHERE kind = 'opportunity' AND target_id = ${opp}`)), 0);
});

test(`[${BACKEND}] a challenge's ideas count: a new idea's title makes a fitting actor a match, and hiding it undoes that`, async () => {
  const p = await person(srv, { name: 'Glocken Gerda', lang: 'de' });
  await saveEntry(p, { offers: 'Wir gießen Glockenspiele und stimmen Glockenspiele für Plätze.', needs: '', pub: ['offers'] });
  await runJob();
  const id = mobility();
  const anon = new Client(srv.base, { lang: 'de' });
  assert.doesNotMatch(section((await anon.get(`/challenges/${id}`)).text), /Glocken Gerda/, 'nothing in the challenge fits her yet');
  const u = await person(srv, { lang: 'de' });
  const idea = await submitIdea(u, id, { title: 'Glockenspiele an den Haltestellen' });
  assert.equal(Number(sql('SELECT dirty FROM matching_state')), 1, 'a new idea marks the suggestions');
  await runJob();
  const s = section((await anon.get(`/challenges/${id}`)).text);
  assert.match(s, /Glocken Gerda<\/a> <span class="matching-why">– passt zu: [^<]*glockenspiel/i);
  sql(`UPDATE ideas SET hidden = 1 WHERE id = ${idea}`);
  assert.equal(Number(sql('SELECT dirty FROM matching_state')), 1, 'hiding the idea marks them');
  await runJob();
  assert.doesNotMatch(section((await anon.get(`/challenges/${id}`)).text), /Glocken Gerda/);
});

test(`[${BACKEND}] a challenge's topics are tags: the demo's mobility challenge names the shared competence first, once`, async () => {
  await runJob();
  const s = section((await new Client(srv.base, { lang: 'de' }).get(`/challenges/${mobility()}`)).text);
  assert.match(s, /Stadtwerke<\/a> <span class="matching-why">– passt zu: Mobilität(,|<)/);
  assert.doesNotMatch(s, /Mobilität, Mobilität/);
  const en = section((await new Client(srv.base, { lang: 'en' }).get(`/challenges/${mobility()}`)).text);
  assert.match(en, /Stadtwerke<\/a> <span class="matching-why">– matches: Mobility/);
});
