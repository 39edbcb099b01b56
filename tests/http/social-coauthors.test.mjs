// The team of an idea: authors invite by public name or e-mail address,
// the invited person accepts from the idea page their notification links
// to, co-authors leave, the original author removes them; the limit of
// ten; what must not leak (whether an address has an account); status
// answers reach co-authors; the data export and account deletion.  Every
// refusal is checked in German and English and changes nothing.
// SQLite and PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, BACKEND, execSql, oic, uniqueEmail } from './lib.mjs';
import {
  person, createChallenge, submitIdea, comment, PASSWORD,
} from './funnel-helpers.mjs';

let srv;
let admin;
let challenge;

const sql = (q) => execSql(srv.store.url, q);

// Rows that a team action could touch, for "nothing changed".
function teamState(idea) {
  return sql(`SELECT (SELECT count(*) FROM idea_authors WHERE idea_id = ${idea}) || '/' || `
    + `(SELECT count(*) FROM idea_invitations WHERE idea_id = ${idea}) || '/' || `
    + `(SELECT count(*) FROM notifications WHERE kind = 'invite')`);
}

// A person whose name is public: they have written a comment.
async function publicPerson(name, lang) {
  const c = await person(srv, { name, lang });
  const r = await comment(c, `/challenges/${challenge}`, `Hallo, hier ist ${name}.`);
  assert.equal(r.status, 303);
  c.name = name;
  c.id = Number(sql(`SELECT id FROM users WHERE email = '${c.email}'`));
  return c;
}

async function team(c, idea, action, form = {}) {
  const _csrf = await c.csrf('/account');
  return c.post(`/ideas/${idea}/team/${action}`, { _csrf, ...form });
}

before(async () => {
  srv = await startServer({ seed: false });
  admin = await person(srv, { role: 'admin' });
  challenge = await createChallenge(admin, { title: 'Gemeinsam denken' });
});
after(async () => { await srv.stop(); });

test(`[${BACKEND}] invite by name, accept from the notification, status answers reach the team, leave, remove`, async () => {
  const ada = await publicPerson('Ada Anfang');
  const idea = await submitIdea(ada, challenge, { title: 'Eine Idee im Team' });
  const clara = await publicPerson('Clara Coautorin');
  const dan = await publicPerson('Dan Dabei', 'en');

  // Before anyone is invited, the author sees the invite form; others see no team section.
  let page = await ada.get(`/ideas/${idea}`);
  assert.match(page.text, /<section aria-labelledby="team-heading" id="team"/);
  assert.match(page.text, /action="\/ideas\/\d+\/team\/invite"/);
  assert.doesNotMatch((await new Client(srv.base).get(`/ideas/${idea}`)).text, /id="team-heading"/);

  let r = await team(ada, idea, 'invite', { who: '  Clara Coautorin ' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/ideas/${idea}?team=invited#team`);
  page = await ada.get(r.headers.get('location'));
  assert.match(page.text, /Die Einladung wurde verschickt\./);
  assert.doesNotMatch(page.text, /Clara Coautorin<\/li>/, 'an invitation is not a team member');
  assert.equal(sql(`SELECT count(*) FROM idea_invitations WHERE idea_id = ${idea} AND user_id = ${clara.id}`), '1');

  // Clara's notification links to the team section, where she accepts.
  const list = await clara.get('/notifications');
  assert.match(list.text, /Einladung in das Team einer Idee/);
  assert.match(list.text, new RegExp(`href="/ideas/${idea}#team"`));
  page = await clara.get(`/ideas/${idea}`);
  assert.match(page.text, /Ada Anfang lädt Sie ein, als Mitautorin oder Mitautor im Team dieser Idee mitzuarbeiten\./);
  r = await team(clara, idea, 'accept');
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/ideas/${idea}?team=joined#team`);
  assert.equal(sql(`SELECT count(*) FROM idea_authors WHERE idea_id = ${idea} AND user_id = ${clara.id} AND created > 0`), '1');
  assert.equal(sql(`SELECT count(*) FROM idea_invitations WHERE idea_id = ${idea}`), '0');
  page = await new Client(srv.base).get(`/ideas/${idea}`);
  assert.match(page.text, /von Ada Anfang, Clara Coautorin ·/);
  assert.match(page.text, /<li>Clara Coautorin<\/li>/);

  // A co-author invites too (by e-mail address): the neutral answer.
  r = await team(clara, idea, 'invite', { who: dan.email.toUpperCase() });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/ideas/${idea}?team=invited-email#team`);
  page = await dan.get(`/ideas/${idea}`);
  assert.match(page.text, /Clara Coautorin invites you to join the team of this idea as a co-author\./);
  assert.equal((await team(dan, idea, 'accept')).status, 303);

  // The official answer reaches the author and both co-authors.
  const _csrf = await admin.csrf(`/ideas/${idea}`);
  r = await admin.post(`/ideas/${idea}/status`, { _csrf, status: 'in_review', answer: 'Wir prüfen die Idee im Team.' });
  assert.equal(r.status, 303);
  const told = sql(`SELECT u.name FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = 'status' AND n.subject_id = ${idea} ORDER BY u.name`);
  assert.deepEqual(told.split('\n'), ['Ada Anfang', 'Clara Coautorin', 'Dan Dabei']);

  // Dan leaves; Ada removes Clara.
  r = await team(dan, idea, 'leave');
  assert.equal(r.status, 303);
  page = await dan.get(r.headers.get('location'));
  assert.match(page.text, /You have left the team of this idea\./);
  r = await team(ada, idea, 'remove', { user: String(clara.id) });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/ideas/${idea}?team=removed#team`);
  assert.equal(sql(`SELECT count(*) FROM idea_authors WHERE idea_id = ${idea}`), '0');
  // Declining removes the invitation and nothing else.
  assert.equal((await team(ada, idea, 'invite', { who: 'Dan Dabei' })).status, 303);
  assert.equal((await team(dan, idea, 'decline')).status, 303);
  assert.equal(teamState(idea).split('/').slice(0, 2).join('/'), '0/0');
});

test(`[${BACKEND}] refused invitations: unknown, yourself, duplicates, empty — clear errors, nothing changed`, async () => {
  const eva = await publicPerson('Eva Erfinderin');
  const evaEn = new Client(srv.base, { lang: 'en' });
  assert.equal((await evaEn.login(eva.email, PASSWORD)).status, 303);
  const idea = await submitIdea(eva, challenge, { title: 'Eine Idee mit Regeln' });
  const finn = await publicPerson('Finn Freund');
  assert.equal((await team(eva, idea, 'invite', { who: 'Finn Freund' })).status, 303);
  const state = teamState(idea);

  const cases = [
    ['Niemand Bekanntes', 422, /Niemand mit diesem öffentlichen Namen wurde gefunden\./, /Nobody with this public name was found\./],
    ['Eva Erfinderin', 422, /Sie gehören bereits zu den Autorinnen und Autoren dieser Idee\./, /You are already an author of this idea\./],
    [eva.email, 422, /Sie gehören bereits zu den Autorinnen und Autoren dieser Idee\./, /You are already an author of this idea\./],
    ['Finn Freund', 422, /Diese Person ist bereits eingeladen und hat noch nicht geantwortet\./, /This person has already been invited and has not answered yet\./],
    ['   ', 422, /Geben Sie den öffentlichen Namen oder die E-Mail-Adresse der Person an/, /Enter the public name or the e-mail address of the person you want to invite\./],
    ['kein@@gueltig', 422, /Geben Sie eine E-Mail-Adresse wie/, /Enter an e-mail address like name@example\.org\./],
  ];
  for (const [who, status, de, en] of cases) {
    let r = await team(eva, idea, 'invite', { who });
    assert.equal(r.status, status, `${who}: ${r.status}`);
    assert.match(r.text, de);
    assert.match(r.text, /id="team-who"[^>]*aria-invalid="true"/, 'the message is at the invite field');
    r = await team(evaEn, idea, 'invite', { who });
    assert.equal(r.status, status);
    assert.match(r.text, en);
    assert.equal(teamState(idea), state, `${who}: nothing changed`);
  }
  // A silent account (nothing public yet) is not found by its name.
  const silent = await person(srv, { name: 'Stille Person' });
  let r = await team(eva, idea, 'invite', { who: 'Stille Person' });
  assert.equal(r.status, 422);
  assert.equal(teamState(idea), state);

  // An e-mail address: the same answer whether or not it has an account.
  const unknown = await team(eva, idea, 'invite', { who: uniqueEmail('nobody') });
  assert.equal(unknown.status, 303);
  assert.equal(unknown.headers.get('location'), `/ideas/${idea}?team=invited-email#team`);
  assert.equal(teamState(idea), state, 'an unknown address changes nothing');
  const known = await team(eva, idea, 'invite', { who: silent.email });
  assert.equal(known.status, 303);
  assert.equal(known.headers.get('location'), unknown.headers.get('location'), 'no difference to tell');
  const page = await eva.get(unknown.headers.get('location'));
  assert.match(page.text, /Falls ein Konto diese E-Mail-Adresse verwendet, wurde die Person eingeladen/);
  // Inviting the same address again, or a team member's: still the same answer.
  assert.equal((await team(eva, idea, 'invite', { who: silent.email })).headers.get('location'), unknown.headers.get('location'));
  assert.equal(sql(`SELECT count(*) FROM idea_invitations WHERE idea_id = ${idea} AND user_id = (SELECT id FROM users WHERE email = '${silent.email}')`), '1');

  // Accepting what was never offered, leaving a team one is not in.
  const gus = await publicPerson('Gus Gast', 'en');
  const before2 = teamState(idea);
  r = await team(gus, idea, 'accept');
  assert.equal(r.status, 404);
  assert.match(r.text, /There is no open invitation to this idea for you\./);
  r = await team(finn, idea, 'leave');
  assert.equal(r.status, 404);
  assert.match(r.text, /Sie gehören nicht zum Team dieser Idee\./);
  assert.equal(teamState(idea), before2);
  // An idea that does not exist.
  r = await team(eva, 987654, 'invite', { who: 'Finn Freund' });
  assert.equal(r.status, 404);
});

test(`[${BACKEND}] only members invite, only the original author removes — in both languages`, async () => {
  const hal = await publicPerson('Hal Haupt');
  const idea = await submitIdea(hal, challenge, { title: 'Eine Idee mit Rechten' });
  const ina = await publicPerson('Ina Innen');
  const jo = await publicPerson('Jo Jemand');
  const joEn = new Client(srv.base, { lang: 'en' });
  assert.equal((await joEn.login(jo.email, PASSWORD)).status, 303);
  assert.equal((await team(hal, idea, 'invite', { who: 'Ina Innen' })).status, 303);
  assert.equal((await team(ina, idea, 'accept')).status, 303);
  const state = teamState(idea);

  let r = await team(jo, idea, 'invite', { who: 'Ina Innen' });
  assert.equal(r.status, 403);
  assert.match(r.text, /Nur die Autorinnen und Autoren dieser Idee können Mitautorinnen und Mitautoren einladen\./);
  r = await team(joEn, idea, 'invite', { who: 'Hal Haupt' });
  assert.equal(r.status, 403);
  assert.match(r.text, /Only the authors of this idea can invite co-authors\./);
  r = await team(jo, idea, 'remove', { user: String(ina.id) });
  assert.equal(r.status, 403);
  assert.match(r.text, /Nur wer die Idee eingereicht hat, kann Mitautorinnen und Mitautoren entfernen\./);
  // A co-author cannot remove either, not even the original author.
  const inaEn = new Client(srv.base, { lang: 'en' });
  assert.equal((await inaEn.login(ina.email, PASSWORD)).status, 303);
  r = await team(inaEn, idea, 'remove', { user: String(hal.id) });
  assert.equal(r.status, 403);
  assert.match(r.text, /Only the original author of this idea can remove co-authors\./);
  // The author removing someone who is not in the team.
  r = await team(hal, idea, 'remove', { user: String(jo.id) });
  assert.equal(r.status, 404);
  assert.match(r.text, /Diese Person gehört nicht zum Team dieser Idee\./);
  // Nobody logged in.
  r = await new Client(srv.base).post(`/ideas/${idea}/team/invite`, { who: 'Jo Jemand' });
  assert.ok([303, 403].includes(r.status));
  assert.equal(teamState(idea), state, 'nothing changed');
  // A page shows the remove button only to the original author.
  assert.match((await hal.get(`/ideas/${idea}`)).text, /action="\/ideas\/\d+\/team\/remove"/);
  assert.doesNotMatch((await ina.get(`/ideas/${idea}`)).text, /team\/remove/);
});

test(`[${BACKEND}] at most ten co-authors: inviting and accepting past the limit are refused`, async () => {
  const kim = await publicPerson('Kim Kopf');
  const kimEn = new Client(srv.base, { lang: 'en' });
  assert.equal((await kimEn.login(kim.email, PASSWORD)).status, 303);
  const idea = await submitIdea(kim, challenge, { title: 'Eine Idee mit vollem Team' });
  const late = await publicPerson('Lou Letzte');
  assert.equal((await team(kim, idea, 'invite', { who: 'Lou Letzte' })).status, 303);
  // Ten accounts join (rows as accepting would write them).
  for (let i = 0; i < 10; i++) {
    const email = uniqueEmail('team');
    const add = oic(['user', 'add', '--email', email, '--name', `Mitglied ${i}`, '--password', PASSWORD, '--db', srv.store.url]);
    assert.equal(add.code, 0, add.stderr);
    sql(`INSERT INTO idea_authors (idea_id, user_id, created) SELECT ${idea}, id, 1 FROM users WHERE email = '${email}'`);
  }
  const state = teamState(idea);
  const page = await kim.get(`/ideas/${idea}`);
  assert.match(page.text, /Das Team ist voll: Eine Idee kann höchstens 10 Mitautorinnen und Mitautoren haben\./);
  assert.doesNotMatch(page.text, /id="team-who"/, 'no invite form when the team is full');
  let r = await team(kim, idea, 'invite', { who: 'Lou Letzte' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Das Team ist voll/);
  r = await team(kimEn, idea, 'invite', { who: uniqueEmail('x') });
  assert.equal(r.status, 422);
  assert.match(r.text, /The team is full: an idea can have at most 10 co-authors\./);
  // The invitation from before the team filled up cannot be accepted now.
  r = await team(late, idea, 'accept');
  assert.equal(r.status, 422);
  assert.match(r.text, /Das Team ist voll/);
  assert.equal(teamState(idea), state, 'nothing changed');
});

test(`[${BACKEND}] the data export lists teams and invitations; deleting accounts keeps the right rows`, async () => {
  const mia = await publicPerson('Mia Mutter');
  const idea = await submitIdea(mia, challenge, { title: 'Eine Idee über Konten hinaus' });
  const ned = await publicPerson('Ned Neben');
  const ola = await publicPerson('Ola Offen');
  assert.equal((await team(mia, idea, 'invite', { who: 'Ned Neben' })).status, 303);
  assert.equal((await team(ned, idea, 'accept')).status, 303);
  assert.equal((await team(ned, idea, 'invite', { who: 'Ola Offen' })).status, 303);

  const data = JSON.parse((await ned.get('/account/export')).text);
  assert.deepEqual(data.coauthored_ideas.map((x) => [x.idea, x.title]), [[idea, 'Eine Idee über Konten hinaus']]);
  assert.ok(data.coauthored_ideas[0].joined > 0);
  assert.deepEqual(JSON.parse((await ola.get('/account/export')).text).team_invitations.map((x) => x.idea), [idea]);

  // The co-author who invited Ola deletes the account: Ned's team row goes,
  // Ola's invitation stays (without its sender), the idea stays.
  let _csrf = await ned.csrf('/account');
  assert.equal((await ned.post('/account/delete', { _csrf, password: PASSWORD })).status, 303);
  assert.equal(sql(`SELECT count(*) FROM idea_authors WHERE idea_id = ${idea}`), '0');
  assert.equal(sql(`SELECT count(*) FROM idea_invitations WHERE idea_id = ${idea} AND inviter_id IS NULL`), '1');
  const page = await ola.get(`/ideas/${idea}`);
  assert.match(page.text, /Sie wurden eingeladen, als Mitautorin oder Mitautor im Team dieser Idee mitzuarbeiten\./);
  assert.equal((await team(ola, idea, 'accept')).status, 303);
  // The original author deletes the account: the co-author stays in the team.
  _csrf = await mia.csrf('/account');
  assert.equal((await mia.post('/account/delete', { _csrf, password: PASSWORD })).status, 303);
  assert.equal(sql(`SELECT count(*) FROM ideas WHERE id = ${idea} AND author_id IS NULL`), '1');
  assert.equal(sql(`SELECT count(*) FROM idea_authors WHERE idea_id = ${idea} AND user_id = ${ola.id}`), '1');
  // Ola's own deletion takes her team row and her invitations with it.
  _csrf = await ola.csrf('/account');
  assert.equal((await ola.post('/account/delete', { _csrf, password: PASSWORD })).status, 303);
  assert.equal(sql(`SELECT count(*) FROM idea_authors WHERE idea_id = ${idea}`), '0');
  assert.equal(sql(`SELECT count(*) FROM idea_invitations WHERE user_id = ${ola.id}`), '0');
});
