// actors.test.mjs - the directory of actors (/actors, /actors/{id}):
// organisations and the people who opt in on /account; filters by
// sector, competence and district, a name search, keyset pages; a
// person's fields are public only when chosen, a person who is not
// listed is a 404 and in no list or search; representatives and the
// office edit an organisation's entry, anybody else's forged POST is a
// 403; bad input in every field is a 422 at the field in German and
// English with nothing changed; search kind "actor"; no person's e-mail
// address on any of these pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BACKEND, Client, execSql, startServer } from './lib.mjs';
import { PASSWORD, person } from './funnel-helpers.mjs';

let srv;
let admin;
const sql = (q) => execSql(srv.store.url, q);
const BADGE = /<span class="badge-verified"><span aria-hidden="true">✓<\/span> verifiziert<\/span>/;

before(async () => {
  srv = await startServer();
  admin = await person(srv, { role: 'admin', lang: 'de' });
});
after(async () => { await srv.stop(); });

const idOf = (email) => Number(sql(`SELECT id FROM users WHERE email = '${email}'`));
const actorOfUser = (email) => Number(sql(`SELECT coalesce(max(id), 0) FROM actors WHERE user_id = ${idOf(email)}`));
let seq = 0;
function newOrg(name, sector = 'business') {
  sql(`INSERT INTO organisations (name, sector, summary, lang, created) VALUES ('${name}', '${sector}', 'Kurz.', 'de', 1)`);
  const org = Number(sql(`SELECT max(id) FROM organisations WHERE name = '${name}'`));
  return { org, actor: Number(sql(`SELECT id FROM actors WHERE organisation_id = ${org}`)) };
}
const row = (id) => sql(`SELECT listed || '|' || public_fields || '|' || offers || '|' || needs || '|' || district || '|' `
  + `|| website || '|' || languages FROM actors WHERE id = ${id}`);
const tags = (id) => sql(`SELECT tag FROM actor_tags WHERE actor_id = ${id} ORDER BY tag`).split('\n').filter(Boolean);

// The form of a person's entry, as pairs (repeated fields: competence, language_spoken, public).
function entry({ listed = '1', pub = [], competence = [], languages = [], tags: t = '', offers = '', needs = '', district = '', website = '' } = {}) {
  const f = [['listed', listed], ['tags', t], ['offers', offers], ['needs', needs], ['district', district], ['website', website]];
  for (const p of pub) f.push(['public', p]);
  for (const c of competence) f.push(['competence', c]);
  for (const l of languages) f.push(['language_spoken', l]);
  return f;
}
async function save(c, path, pairs) {
  const _csrf = await c.csrf('/account');
  return c.post(path, [['_csrf', _csrf], ...pairs]);
}

test(`[${BACKEND}] every organisation is an actor: the demo directory, its filters, the badge, German and English`, async () => {
  const anon = new Client(srv.base, { lang: 'de' });
  const orgs = Number(sql('SELECT count(*) FROM organisations'));
  assert.equal(Number(sql('SELECT count(*) FROM actors WHERE organisation_id IS NOT NULL')), orgs, 'one actor per organisation');
  const r = await anon.get('/actors');
  assert.equal(r.status, 200);
  assert.match(r.text, /<h1>Verzeichnis der Akteure<\/h1>/);
  assert.match(r.text, /<li><a href="\/actors"[^>]*>Akteure<\/a><\/li>/, 'the main navigation links the directory');
  assert.match(r.text, BADGE, 'a verified organisation carries the badge');
  assert.match(r.text, /Lena Hoffmann/, 'a listed demo person');
  assert.doesNotMatch(r.text, /Jonas Becker/, 'a demo person who is not listed');
  // Sector: only actors whose sector is public (Lena's is not).
  const civil = await anon.get('/actors?sector=civil');
  assert.match(civil.text, /Bürgerverein Altstadt/);
  assert.doesNotMatch(civil.text, /Stadtwerke/);
  assert.doesNotMatch(civil.text, /Lena Hoffmann/, 'her sector is not public: no sector filter finds her');
  // Competence (curated), and a free tag followed from a page.
  const energy = await anon.get('/actors?tag=energy');
  assert.match(energy.text, /Stadtwerke/);
  assert.doesNotMatch(energy.text, /Universität/);
  assert.match(energy.text, /<option value="energy" selected>Energie<\/option>/);
  const free = await anon.get('/actors?tag=' + encodeURIComponent('Wärmenetze'));
  assert.match(free.text, /Stadtwerke/, 'a free tag, found folded');
  // District.
  const nord = await anon.get('/actors?district=' + encodeURIComponent('nordstadt'));
  assert.match(nord.text, /Stadtwerke/);
  assert.match(nord.text, /Lena Hoffmann/, 'her district is public');
  assert.doesNotMatch(nord.text, /Universität/);
  // Name search (case folded), and everything at once.
  assert.match((await anon.get('/actors?q=STADTWERKE')).text, /href="\/actors\/\d+" lang="de">Stadtwerke</);
  const none = await anon.get('/actors?q=Stadtwerke&sector=civil');
  assert.match(none.text, /Keine Akteure passen zu diesen Filtern\./);
  // English.
  const en = await new Client(srv.base, { lang: 'en' }).get('/actors?tag=energy');
  assert.match(en.text, /<h1>Directory of actors<\/h1>/);
  assert.match(en.text, /<option value="energy" selected>Energy<\/option>/);
  assert.match(en.text, /✓<\/span> verified<\/span>|Stadtwerke/);
  // Bad filters: a forged sector or cursor is a 400; a long name search a 422 at the field.
  assert.equal((await anon.get('/actors?sector=king')).status, 400);
  assert.equal((await anon.get('/actors?after=x')).status, 400);
  const long = await anon.get('/actors?q=' + 'a'.repeat(101));
  assert.equal(long.status, 422);
  assert.match(long.text, /id="q-error" class="field-error">Eine Namenssuche kann höchstens 100 Zeichen haben\./);
  const longEn = await new Client(srv.base, { lang: 'en' }).get('/actors?q=' + 'a'.repeat(101));
  assert.match(longEn.text, /id="q-error" class="field-error">A name search can have at most 100 characters\./);
});

test(`[${BACKEND}] an organisation's page: its fields, what it sponsors, runs and organises; 404 for none`, async () => {
  const anon = new Client(srv.base, { lang: 'de' });
  const org = Number(sql("SELECT id FROM organisations WHERE name = 'Stadtwerke'"));
  const actor = Number(sql(`SELECT id FROM actors WHERE organisation_id = ${org}`));
  const p = await anon.get(`/actors/${actor}`);
  assert.equal(p.status, 200);
  assert.match(p.text, /<h1 lang="de">Stadtwerke<\/h1>/);
  assert.match(p.text, /<a href="\/actors\?tag=energy">Energie<\/a>/);
  assert.match(p.text, /<a href="\/actors\?district=nordstadt">Nordstadt<\/a>/);
  assert.match(p.text, new RegExp(`<a href="/organisations/${org}">`), 'links the organisation\'s page');
  assert.match(p.text, /id="org-challenges"/, 'the challenges it sponsors (the organisation page\'s lists)');
  const orgPage = await anon.get(`/organisations/${org}`);
  assert.match(orgPage.text, new RegExp(`<a href="/actors/${actor}">`), 'and the organisation page links its entry');
  assert.equal((await anon.get('/actors/999999')).status, 404);
});

test(`[${BACKEND}] keyset pages by name: more than one page, no actor twice, in order`, async () => {
  for (let i = 0; i < 45; i++) newOrg(`Seitentest ${String(i).padStart(2, '0')} ${BACKEND}`);
  const anon = new Client(srv.base, { lang: 'de' });
  const seen = [];
  let path = `/actors?q=Seitentest`;
  let pages = 0;
  while (path) {
    const r = await anon.get(path);
    assert.equal(r.status, 200);
    for (const m of r.text.matchAll(/lang="de">(Seitentest \d\d) /g)) seen.push(m[1]);
    const next = r.text.match(/<a href="([^"]+)" rel="next">/);
    path = next ? next[1].replace(/&amp;/g, '&') : null;
    if (path) assert.match(path, /^\/actors\?q=Seitentest&after=\d+$/, 'the filter travels with the cursor');
    pages++;
  }
  assert.equal(pages, 3);
  assert.equal(seen.length, 45);
  assert.deepEqual(seen, [...seen].sort(), 'by name');
  assert.equal(new Set(seen).size, 45);
});

test(`[${BACKEND}] a person opts in on /account; only the chosen fields show; not listed: 404, in no list or search`, async () => {
  const p = await person(srv, { name: 'Paula Privat', lang: 'de' });
  const anon = new Client(srv.base, { lang: 'de' });
  const account = await p.get('/account');
  assert.match(account.text, /<h2 id="directory-heading">Im Verzeichnis der Akteure<\/h2>/);
  assert.match(account.text, /id="listed-no" name="listed" value="0" checked/, 'not listed by default');
  assert.equal(actorOfUser(p.email), 0, 'no entry before it is saved');

  // Listed, with offers and competencies public; needs, district, website and languages private.
  let r = await save(p, '/account/directory', entry({
    pub: ['offers', 'competencies'], competence: ['sensor-data'], tags: 'Drohnenflug, #LoRaWAN',
    offers: 'Ich baue Messstationen für Feinstaub.', needs: 'Geheimwunsch Zaubertrank', district: 'Schattenviertel',
    website: 'https://paula.example.org', languages: ['de', 'fr'],
  }));
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/account?notice=directory#directory-heading');
  const id = actorOfUser(p.email);
  assert.ok(id > 0);
  assert.deepEqual(tags(id), ['drohnenflug', 'lorawan', 'sensor-data']);
  assert.match((await p.get('/account?notice=directory')).text, /Ihr Eintrag im Verzeichnis ist gespeichert\./);

  const page = await anon.get(`/actors/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<h1 lang="de">Paula Privat<\/h1>/);
  assert.match(page.text, /Ich baue Messstationen für Feinstaub\./);
  assert.match(page.text, /Sensordaten/);
  assert.match(page.text, /LoRaWAN/);
  for (const secret of ['Geheimwunsch', 'Schattenviertel', 'paula.example.org', 'Français', 'Bürgerschaft']) {
    assert.ok(!page.text.includes(secret), `${secret} is not public`);
  }
  const list = await anon.get('/actors?q=Paula');
  assert.match(list.text, /Paula Privat/);
  assert.doesNotMatch(list.text, /Schattenviertel/);
  assert.doesNotMatch((await anon.get('/actors?district=schattenviertel')).text, /Paula Privat/, 'a private district finds nobody');
  assert.match((await anon.get('/actors?tag=lorawan')).text, /Paula Privat/, 'a public free tag does');
  assert.doesNotMatch((await anon.get('/actors?sector=civil')).text, /Paula Privat/, 'a private sector finds nobody');
  // Search: the public words find her, the private ones do not.
  let s = await anon.get('/search?q=Messstationen&kind=actor');
  assert.match(s.text, new RegExp(`href="/actors/${id}"`));
  s = await anon.get('/search?q=Zaubertrank');
  assert.doesNotMatch(s.text, new RegExp(`href="/actors/${id}"`), 'a private field is not indexed');
  s = await anon.get('/search?q=Schattenviertel');
  assert.doesNotMatch(s.text, new RegExp(`href="/actors/${id}"`));

  // Making the district public shows it; then not listed: 404 and gone from list and search.
  r = await save(p, `/actors/${id}/edit`, entry({
    pub: ['offers', 'competencies', 'district'], competence: ['sensor-data'], offers: 'Ich baue Messstationen für Feinstaub.',
    district: 'Schattenviertel',
  }));
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/actors/${id}/edit?notice=saved`);
  assert.match((await anon.get(`/actors/${id}`)).text, /Schattenviertel/);
  assert.match((await anon.get('/actors?district=schattenviertel')).text, /Paula Privat/);
  // The filter offers the districts the triggers of 0026 count: hers now, gone when she leaves.
  const recount = () => sql("SELECT count(*) FROM (SELECT district_key, count(*) AS n FROM actors WHERE listed = 1 "
    + "AND district_key <> '' AND (public_fields & 16) <> 0 GROUP BY district_key) x WHERE n <> coalesce((SELECT d.actors "
    + "FROM actor_districts d WHERE d.district_key = x.district_key), -1)");
  const offered = async () => (await p.get('/actors')).text.includes('<option value="schattenviertel">Schattenviertel</option>');
  assert.ok(await offered(), 'her public district is offered');
  assert.equal(recount(), '0', 'the kept counts equal a count of the rows');
  r = await save(p, '/account/directory', entry({ listed: '0', pub: ['offers'], offers: 'Ich baue Messstationen für Feinstaub.' }));
  assert.equal(r.status, 303);
  assert.ok(!(await offered()), 'not listed: her district is no longer offered');
  assert.equal(sql("SELECT actors FROM actor_districts WHERE district_key = 'schattenviertel'"), '0');
  assert.equal(recount(), '0');
  assert.equal((await anon.get(`/actors/${id}`)).status, 404);
  assert.doesNotMatch((await anon.get('/actors?q=Paula')).text, /Paula Privat/);
  assert.doesNotMatch((await anon.get('/search?q=Messstationen&kind=actor')).text, new RegExp(`href="/actors/${id}"`));
  assert.doesNotMatch((await anon.get('/search?q=Paula')).text, new RegExp(`href="/actors/${id}"`));
  // Her own edit form still works for her; nobody else finds it.
  assert.equal((await p.get(`/actors/${id}/edit`)).status, 200);
  const other = await person(srv, { name: 'Otto Neugier', lang: 'de' });
  assert.equal((await other.get(`/actors/${id}/edit`)).status, 404);
});

test(`[${BACKEND}] representatives and the office edit an organisation's entry; anybody else's forged POST is a 403`, async () => {
  const { org, actor } = newOrg(`Werkstattverein ${BACKEND}`, 'civil');
  const rep = await person(srv, { name: 'Rita Vertreterin', lang: 'de' });
  const other = await person(srv, { name: 'Olaf Fremd', lang: 'de' });
  const form = [['competence', 'mobility'], ['competence', 'energy'], ['tags', 'Lastenräder'], ['offers', 'Werkzeug und Wissen.'],
    ['needs', 'Einen Raum.'], ['district', 'Mitte'], ['language_spoken', 'de'], ['language_spoken', 'en']];
  // Before being a representative: 403 for the form and a forged POST, nothing changed.
  assert.equal((await rep.get(`/actors/${actor}/edit`)).status, 403);
  let r = await save(rep, `/actors/${actor}/edit`, form);
  assert.equal(r.status, 403);
  assert.equal(row(actor), '1|255|||||');
  assert.doesNotMatch((await rep.get(`/actors/${actor}`)).text, /Eintrag bearbeiten/);
  sql(`INSERT INTO organisation_representatives (organisation_id, user_id, added_at) VALUES (${org}, ${idOf(rep.email)}, 1)`);
  assert.match((await rep.get(`/actors/${actor}`)).text, new RegExp(`<a href="/actors/${actor}/edit">Eintrag bearbeiten</a>`));
  r = await save(rep, `/actors/${actor}/edit`, form);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/actors/${actor}/edit?notice=saved`);
  assert.equal(row(actor), '1|255|Werkzeug und Wissen.|Einen Raum.|Mitte||de,en');
  assert.deepEqual(tags(actor), ['energy', 'lastenräder', 'mobility']);
  assert.equal(sql(`SELECT detail || '|' || after_value FROM audit_log WHERE subject = 'actor:${actor}' AND action = 'actor.profile'`),
    'by a representative|competencies: energy, mobility, Lastenräder\noffers: Werkzeug und Wissen.\nneeds: Einen Raum.\ndistrict: Mitte\nlanguages: de,en');
  // The same again: nothing changed, no audit.
  r = await save(rep, `/actors/${actor}/edit`, form);
  assert.equal(r.headers.get('location'), `/actors/${actor}/edit?notice=unchanged`);
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE subject = 'actor:${actor}'`), '1');
  // The office may; somebody else may not (a forged POST), and a person's entry is only their own.
  r = await save(admin, `/actors/${actor}/edit`, [...form.filter(([k]) => k !== 'needs'), ['needs', 'Einen großen Raum.']]);
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT detail FROM audit_log WHERE subject = 'actor:${actor}' ORDER BY id DESC LIMIT 1`), 'by the office');
  r = await save(other, `/actors/${actor}/edit`, [['offers', 'Übernommen!']]);
  assert.equal(r.status, 403);
  assert.match(r.text, /Nur die Vertretungen der Organisation und das Innovationsbüro/);
  const lena = Number(sql("SELECT a.id FROM actors a JOIN users u ON u.id = a.user_id WHERE u.name = 'Lena Hoffmann'"));
  const before = row(lena);
  assert.equal((await save(other, `/actors/${lena}/edit`, entry({ offers: 'Übernommen!' }))).status, 403);
  assert.equal((await save(admin, `/actors/${lena}/edit`, entry({ offers: 'Übernommen!' }))).status, 403, 'not even the office');
  assert.equal(row(lena), before);
  // The anonymous are sent to log in.
  const anon = new Client(srv.base);
  r = await anon.post(`/actors/${actor}/edit`, { _csrf: await anon.csrf('/account/login'), offers: 'x' });
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /^\/account\/login/);
  assert.match((await new Client(srv.base, { lang: 'de' }).get(`/actors/${actor}`)).text, /Einen großen Raum\./);
});

test(`[${BACKEND}] bad input in every field: 422 at the field in German and English, nothing changed`, async () => {
  const p = await person(srv, { name: 'Berta Fehler', lang: 'de' });
  const good = { pub: ['offers'], offers: 'Gut.' };
  assert.equal((await save(p, '/account/directory', entry(good))).status, 303);
  const id = actorOfUser(p.email);
  const before = row(id);
  const cases = [
    ['tags', { tags: 'x'.repeat(200) }, /Eine Kompetenz kann höchstens 40 Zeichen haben/, /A competence can have at most 40 characters/],
    ['tags', { tags: Array.from({ length: 11 }, (_, i) => `Frei${i}`).join(',') }, /höchstens 10 weitere Kompetenzen/, /at most 10 further competencies/],
    ['competences', { competence: ['king'] }, /Wählen Sie Kompetenzen aus der Liste\./, /Choose competencies from the list\./],
    ['offers', { offers: 'o'.repeat(501) }, /Was Sie anbieten, kann höchstens 500 Zeichen lang sein\./, /What you offer can be at most 500 characters long\./],
    ['needs', { needs: 'n'.repeat(501) }, /Was Sie suchen, kann höchstens 500 Zeichen lang sein\./, /What you are looking for can be at most 500 characters long\./],
    ['district', { district: 'd'.repeat(101) }, /Der Stadtteil oder Ort kann höchstens 100 Zeichen lang sein\./, /The district or place can be at most 100 characters long\./],
    ['district', { district: 'Mitte\nNord' }, /Zeichen, die nicht erlaubt sind/, /characters that are not allowed/],
    ['website', { website: 'ftp://paula.example' }, /mit http:\/\/ oder https:\/\/ beginnt/, /begins with http:\/\/ or https:\/\//],
    ['languages', { languages: ['xx'] }, /Wählen Sie Sprachen aus der Liste\./, /Choose languages from the list\./],
    ['listed', { listed: 'maybe' }, /Wählen Sie, ob Sie im Verzeichnis stehen möchten\./, /Choose whether you are listed in the directory\./],
    ['public', { pub: ['email'] }, /Wählen Sie die öffentlichen Felder aus der Liste\./, /Choose the public fields from the list\./],
  ];
  for (const [field, change, de, en] of cases) {
    for (const [lang, msg] of [['de', de], ['en', en]]) {
      p.lang = lang;
      for (const path of ['/account/directory', `/actors/${id}/edit`]) {
        const r = await save(p, path, entry({ ...good, ...change }));
        assert.equal(r.status, 422, `${field} (${lang}, ${path})`);
        const m = r.text.match(new RegExp(`id="${field}-error" class="field-error">([^<]*)<`));
        assert.ok(m, `the error at ${field} (${lang}, ${path})`);
        assert.match(m[1], msg, `${field} (${lang})`);
        assert.match(r.text, new RegExp(`href="#${field}"`), 'and in the summary');
        assert.equal(row(id), before, `nothing changed (${field})`);
      }
    }
  }
  p.lang = 'de';
  // An organisation's entry: the same rules (a tag of 200 characters).
  const { actor } = newOrg(`Fehlerverein ${BACKEND}`);
  const r = await save(admin, `/actors/${actor}/edit`, [['tags', 't'.repeat(200)]]);
  assert.equal(r.status, 422);
  assert.match(r.text, /id="tags-error" class="field-error">Eine Kompetenz kann höchstens 40 Zeichen haben/);
  assert.equal(row(actor), '1|255|||||');
  // A curated competence typed as a free tag becomes it; duplicates count once.
  assert.equal((await save(p, '/account/directory', entry({ ...good, competence: ['mobility'], tags: 'Mobilität, mobility , Sensor Data, KI' }))).status, 303);
  assert.deepEqual(tags(id), ['ai', 'mobility', 'sensor-data']);
});

test(`[${BACKEND}] no person's e-mail address on the directory's pages, search or the account's public view`, async () => {
  const emails = sql("SELECT email FROM users u JOIN actors a ON a.user_id = u.id WHERE a.listed = 1").split('\n').filter(Boolean);
  assert.ok(emails.length >= 3);
  const anon = new Client(srv.base, { lang: 'de' });
  const pages = ['/actors', '/actors?sector=research', '/actors?tag=research', '/search?q=Hoffmann', '/search?q=Nachbarschaftstreffen&kind=actor'];
  for (const id of sql('SELECT id FROM actors WHERE listed = 1 ORDER BY id').split('\n')) pages.push(`/actors/${id}`);
  for (const path of pages) {
    const r = await anon.get(path);
    assert.equal(r.status, 200, path);
    for (const e of emails) assert.ok(!r.text.includes(e), `${e} on ${path}`);
    assert.doesNotMatch(r.text, /mailto:|@demo\.oic\.example|@example\.org/, path);
  }
});

test(`[${BACKEND}] the entry is in the person's data export, follows a change of name, and goes with the account`, async () => {
  const p = await person(srv, { name: 'Erna Export', lang: 'de' });
  assert.equal((await save(p, '/account/directory', entry({ pub: ['offers'], offers: 'Exportierbar.', district: 'Hafen' }))).status, 303);
  const id = actorOfUser(p.email);
  const data = JSON.parse((await p.get('/account/export')).text);
  assert.deepEqual(data.directory_entry, [{ listed: true, offers: 'Exportierbar.', needs: '', district: 'Hafen', website: '', languages: '' }]);
  // The name follows the account's (a trigger of migration 0021), in the list and in search.
  sql(`UPDATE users SET name = 'Erna Umbenannt' WHERE id = ${idOf(p.email)}`);
  const anon = new Client(srv.base, { lang: 'de' });
  assert.match((await anon.get(`/actors/${id}`)).text, /<h1 lang="de">Erna Umbenannt<\/h1>/);
  assert.match((await anon.get('/search?q=Umbenannt&kind=actor')).text, new RegExp(`href="/actors/${id}"`));
  // Deleting the account (the page's own way) deletes the entry and its tags.
  const r = await p.post('/account/delete', { _csrf: await p.csrf('/account'), password: PASSWORD });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT count(*) FROM actors WHERE id = ${id}`), '0');
  assert.equal(sql(`SELECT count(*) FROM actor_tags WHERE actor_id = ${id}`), '0');
  assert.equal((await anon.get(`/actors/${id}`)).status, 404);
  assert.doesNotMatch((await anon.get('/search?q=Exportierbar&kind=actor')).text, new RegExp(`href="/actors/${id}"`));
});
