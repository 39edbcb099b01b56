// office-organisations.test.mjs - the office verifies organisations and
// names their representatives (/admin/organisations/{id}); the badge
// appears on the organisation's page and on the challenges, projects and
// events that name it, and goes with the verification; a representative
// edits the profile (/organisations/{id}/edit), anybody else's forged
// POST is refused; bad input is a 422 at the field in the user's
// language, nothing changed; every change is audited with before/after.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BACKEND, Client, execSql, startServer } from './lib.mjs';
import { createChallenge, person } from './funnel-helpers.mjs';

let srv;
let admin;
const sql = (q) => execSql(srv.store.url, q);
const BADGE = /<span class="badge-verified"><span aria-hidden="true">✓<\/span> verifiziert<\/span>/;

before(async () => {
  srv = await startServer();
  admin = await person(srv, { role: 'admin', lang: 'de' });
});
after(async () => { await srv.stop(); });

let seq = 0;
function newOrg(name = `Testorganisation ${++seq} ${Date.now()}`) {
  sql(`INSERT INTO organisations (name, sector, summary, website, lang, created) `
    + `VALUES ('${name}', 'business', 'Eine *kurze* Beschreibung.', 'https://example.org/a', 'de', 1)`);
  return Number(sql(`SELECT max(id) FROM organisations WHERE name = '${name}'`));
}
const idOf = (email) => Number(sql(`SELECT id FROM users WHERE email = '${email}'`));
const row = (id) => sql(`SELECT name || '|' || sector || '|' || summary || '|' || coalesce(website, '') || '|' || lang `
  + `FROM organisations WHERE id = ${id}`);
const audits = (id, action) => sql(`SELECT count(*) FROM audit_log WHERE subject = 'organisation:${id}' AND action = '${action}'`);

async function post(c, path, form = {}) {
  const _csrf = await c.csrf('/account');
  return c.post(path, { _csrf, ...form });
}

test(`[${BACKEND}] verify: the badge on the organisation's page and on a challenge it sponsors; unverify: gone`, async () => {
  const org = newOrg('Stadtlabor Verifiziert');
  const challenge = await createChallenge(admin, { title: 'Herausforderung mit Förderer', sponsor: String(org) });
  const anon = new Client(srv.base, { lang: 'de' });
  let page = await anon.get(`/organisations/${org}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<h1 lang="de">Stadtlabor Verifiziert<\/h1>/);
  assert.match(page.text, /<em>kurze<\/em>/, 'the summary is Markdown');
  assert.match(page.text, new RegExp(`href="/challenges/${challenge}"[^>]*>Herausforderung mit Förderer<`), 'it lists what it sponsors');
  assert.doesNotMatch(page.text, BADGE);
  let ch = await anon.get(`/challenges/${challenge}`);
  assert.match(ch.text, new RegExp(`<a href="/organisations/${org}">Stadtlabor Verifiziert</a></dd>`), 'the sponsor links to its page');

  const r = await post(admin, `/admin/organisations/${org}/verify`);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/admin/organisations/${org}?notice=verified#verify-heading`);
  assert.notEqual(sql(`SELECT coalesce(verified_at, 0) FROM organisations WHERE id = ${org}`), '0');
  assert.equal(Number(sql(`SELECT verified_by FROM organisations WHERE id = ${org}`)), idOf(admin.email));
  page = await anon.get(`/organisations/${org}`);
  assert.match(page.text, BADGE, 'the badge on its page (the cache emptied)');
  ch = await anon.get(`/challenges/${challenge}`);
  assert.match(ch.text, new RegExp(`<a href="/organisations/${org}">Stadtlabor Verifiziert</a> <span class="badge-verified">`), 'and on the challenge');
  const cards = await anon.get('/challenges');
  assert.match(cards.text, new RegExp(`<a href="/organisations/${org}">Stadtlabor Verifiziert</a> <span class="badge-verified">`), 'and in the list of challenges');
  // The demo city's verified organisations carry it in the lists of events and projects too, where they run some.
  for (const [path, q] of [['/events', 'SELECT count(*) FROM events e JOIN organisations o ON o.id = e.organiser_id WHERE o.verified_at IS NOT NULL'],
    ['/projects', 'SELECT count(*) FROM projects p JOIN organisations o ON o.id = p.responsible_org_id WHERE o.verified_at IS NOT NULL']]) {
    if (sql(q) !== '0') {
      const text = (await anon.get(path)).text + (path === '/events' ? (await anon.get('/events?past=1')).text : '');
      assert.match(text, /<\/a> <span class="badge-verified">/, path);
    }
  }
  // An event and a project of a verified organisation (made here, so the test does not rest on the demo city).
  sql(`INSERT INTO events (title, summary, kind, starts_at, ends_at, location, organiser_id, lang, created) `
    + `VALUES ('Werkstatt des Labors', 'Wir bauen.', 'workshop', 4102444800, 4102452000, 'Rathaus', ${org}, 'de', 1)`);
  const event = Number(sql(`SELECT max(id) FROM events WHERE organiser_id = ${org}`));
  sql(`INSERT INTO projects (title, summary, responsible_org_id, status, lang, created, updated) `
    + `VALUES ('Pilot des Labors', 'Ein Pilot.', ${org}, 'planned', 'de', 1, 1)`);
  const project = Number(sql(`SELECT max(id) FROM projects WHERE responsible_org_id = ${org}`));
  for (const path of [`/events/${event}`, `/projects/${project}`, `/organisations/${org}`]) {
    // (Its own page as a logged-in visitor sees it: the rows above bypassed the page cache.)
    const text = (await (path.startsWith('/organisations') ? admin : anon).get(path)).text;
    if (path.startsWith('/organisations')) {
      assert.match(text, new RegExp(`href="/events/${event}"`), 'its page lists the event');
      assert.match(text, new RegExp(`href="/projects/${project}"`), 'and the project');
    } else {
      assert.match(text, new RegExp(`<a href="/organisations/${org}">Stadtlabor Verifiziert</a> <span class="badge-verified">`), path);
    }
  }
  const en = await new Client(srv.base, { lang: 'en' }).get(`/challenges/${challenge}`);
  assert.match(en.text, /<span aria-hidden="true">✓<\/span> verified<\/span>/, 'in English too');
  const list = await admin.get('/admin/organisations?verified=yes&q=Stadtlabor%20Verifiziert');
  assert.match(list.text, new RegExp(`/admin/organisations/${org}"`));
  assert.doesNotMatch((await admin.get('/admin/organisations?verified=no&q=Stadtlabor%20Verifiziert')).text, new RegExp(`/admin/organisations/${org}"`));

  // Verifying twice: 422 at the button, in German, nothing changed.
  const again = await post(admin, `/admin/organisations/${org}/verify`);
  assert.equal(again.status, 422);
  assert.match(again.text, /id="verify-error" class="field-error">Diese Organisation ist bereits verifiziert\./);
  assert.equal(audits(org, 'organisation.verify'), '1');

  assert.equal((await post(admin, `/admin/organisations/${org}/unverify`)).status, 303);
  assert.equal(sql(`SELECT coalesce(verified_at, 0) FROM organisations WHERE id = ${org}`), '0');
  assert.doesNotMatch((await anon.get(`/organisations/${org}`)).text, BADGE);
  assert.doesNotMatch((await anon.get(`/challenges/${challenge}`)).text, /badge-verified/);
  assert.equal(sql(`SELECT before_value || '>' || after_value FROM audit_log WHERE subject = 'organisation:${org}' `
    + `AND action = 'organisation.unverify'`), 'verified>unverified');
  assert.equal(sql(`SELECT before_value || '>' || after_value FROM audit_log WHERE subject = 'organisation:${org}' `
    + `AND action = 'organisation.verify'`), 'unverified>verified');
});

test(`[${BACKEND}] a representative edits the profile; anybody else's forged POST is refused, nothing changed`, async () => {
  const org = newOrg('Verein Vertreten');
  const rep = await person(srv, { name: 'Rita Vertreterin', lang: 'de' });
  const other = await person(srv, { name: 'Otto Anders', lang: 'de' });
  // Before being added: 403 on the form and on a forged POST.
  assert.equal((await rep.get(`/organisations/${org}/edit`)).status, 403);
  assert.doesNotMatch((await rep.get(`/organisations/${org}`)).text, /Profil bearbeiten/);

  let r = await post(admin, `/admin/organisations/${org}/representatives`, { email: rep.email.toUpperCase() });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/admin/organisations/${org}?notice=added#representatives-heading`);
  const admPage = await admin.get(`/admin/organisations/${org}?notice=added`);
  assert.match(admPage.text, /Die Vertretung ist hinzugefügt\./);
  assert.match(admPage.text, /Rita Vertreterin/);
  assert.equal(sql(`SELECT after_value FROM audit_log WHERE subject = 'organisation:${org}' AND action = 'organisation.representative_add'`),
    `account:${idOf(rep.email)}`);
  r = await post(admin, `/admin/organisations/${org}/representatives`, { email: rep.email });
  assert.equal(r.status, 422);
  assert.match(r.text, /id="email-error" class="field-error">Dieses Konto vertritt die Organisation bereits\./);
  r = await post(admin, `/admin/organisations/${org}/representatives`, { email: 'niemand@example.invalid' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Es gibt kein Konto mit dieser E-Mail-Adresse\./);

  const page = await rep.get(`/organisations/${org}`);
  assert.match(page.text, new RegExp(`<a href="/organisations/${org}/edit">Profil bearbeiten</a>`));
  const form = await rep.get(`/organisations/${org}/edit`);
  assert.equal(form.status, 200);
  assert.doesNotMatch(form.text, /name="name"|name="sector"/, 'name and sector are the office\'s');
  const before = row(org);

  // Bad input: 422 in German at the fields, nothing changed.
  let _csrf = await rep.csrf(`/organisations/${org}/edit`);
  r = await rep.post(`/organisations/${org}/edit`, { _csrf, summary: 'x', website: 'javascript:alert(1)', lang: 'fr' });
  assert.equal(r.status, 422);
  assert.match(r.text, /id="website-error" class="field-error">Geben Sie die Website als Adresse ein, die mit http:\/\/ oder https:\/\/ beginnt/);
  assert.match(r.text, /id="lang-error" class="field-error">/);
  assert.equal(row(org), before);

  // A forged POST of somebody else (a valid CSRF token of their own session).
  const forged = await post(other, `/organisations/${org}/edit`, { summary: 'Gekapert', website: '', lang: 'de' });
  assert.equal(forged.status, 403);
  assert.match(forged.text, /Nur die Vertretungen der Organisation können ihr Profil bearbeiten\./);
  const anonForged = await new Client(srv.base).post(`/organisations/${org}/edit`, { _csrf: await new Client(srv.base).csrf('/account/login'), summary: 'x', lang: 'de' });
  assert.notEqual(anonForged.status, 200);
  assert.equal(row(org), before, 'nothing changed');

  r = await rep.post(`/organisations/${org}/edit`, { _csrf, summary: 'Wir **bauen** Bänke.', website: 'http://verein.example', lang: 'en', name: 'Umbenannt', sector: 'civil' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/organisations/${org}/edit?notice=saved`);
  assert.equal(row(org), 'Verein Vertreten|business|Wir **bauen** Bänke.|http://verein.example|en', 'only summary, website and language');
  assert.match((await new Client(srv.base).get(`/organisations/${org}`)).text, /<strong>bauen<\/strong>/);
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE subject = 'organisation:${org}' AND action = 'organisation.profile' `
    + `AND actor_id = ${idOf(rep.email)}`), '1');

  // Removed: the form is closed again.
  r = await post(admin, `/admin/organisations/${org}/representatives/remove`, { user: String(idOf(rep.email)) });
  assert.equal(r.status, 303);
  assert.equal(audits(org, 'organisation.representative_remove'), '1');
  assert.equal((await rep.get(`/organisations/${org}/edit`)).status, 403);
  r = await post(admin, `/admin/organisations/${org}/representatives/remove`, { user: String(idOf(rep.email)) });
  assert.equal(r.status, 422);
});

test(`[${BACKEND}] the office edits the profile: bad input is a 422 at the field in German, nothing changed; a change is audited`, async () => {
  const org = newOrg('Büro Bearbeitet');
  const before = row(org);
  const cases = [
    [{ name: '   ' }, 'name', 'Geben Sie den Namen der Organisation ein.'],
    [{ name: 'N'.repeat(201) }, 'name', 'Der Name darf höchstens 200 Zeichen lang sein.'],
    [{ sector: 'church' }, 'sector', 'Wählen Sie einen der vier Sektoren.'],
    [{ website: 'ftp://example.org' }, 'website', 'Geben Sie die Website als Adresse ein'],
    [{ summary: 'ü'.repeat(5001) }, 'summary', 'Die Beschreibung darf höchstens 5.000 Zeichen lang sein.'],
  ];
  const good = { name: 'Büro Bearbeitet', sector: 'business', summary: 'Eine *kurze* Beschreibung.', website: 'https://example.org/a', lang: 'de' };
  for (const [bad, field, msg] of cases) {
    const r = await post(admin, `/admin/organisations/${org}`, { ...good, ...bad });
    assert.equal(r.status, 422, `${field}: ${JSON.stringify(bad).slice(0, 40)}`);
    assert.match(r.text, new RegExp(`id="${field}-error" class="field-error">${msg.replace(/[.*+?()]/g, '\\$&')}`));
    assert.equal(row(org), before, 'nothing changed');
  }
  // The same values: nothing to store, nothing audited.
  let r = await post(admin, `/admin/organisations/${org}`, good);
  assert.equal(r.headers.get('location'), `/admin/organisations/${org}?notice=unchanged#profile-heading`);
  assert.equal(audits(org, 'organisation.edit'), '0');
  r = await post(admin, `/admin/organisations/${org}`, { ...good, name: '  Büro Umbenannt ', sector: 'civil', website: '' });
  assert.equal(r.status, 303);
  assert.equal(row(org), 'Büro Umbenannt|civil|Eine *kurze* Beschreibung.||de');
  assert.equal(sql(`SELECT before_value FROM audit_log WHERE subject = 'organisation:${org}' AND action = 'organisation.edit'`),
    'name: Büro Bearbeitet\nsector: business\nwebsite: https://example.org/a');
  assert.match(sql(`SELECT after_value FROM audit_log WHERE subject = 'organisation:${org}' AND action = 'organisation.edit'`),
    /^name: Büro Umbenannt\nsector: civil\nwebsite: ?$/, 'the website emptied (the SQL client trims the last space)');
  // English error text for an English administrator.
  const enAdmin = await person(srv, { role: 'admin', lang: 'en' });
  r = await post(enAdmin, `/admin/organisations/${org}`, { ...good, name: '' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Enter the organisation(?:'|&#39;|&#x27;)s name\./);
  assert.equal((await admin.get('/admin/organisations/999999999')).status, 404);
  assert.equal((await new Client(srv.base).get('/organisations/999999999')).status, 404);
});

test(`[${BACKEND}] the list: search by name, filter by sector, keyset pages of 50`, async () => {
  const stamp = Date.now();
  for (let i = 0; i < 52; i++) newOrg(`Listenorg ${stamp} ${String(i).padStart(2, '0')}`);
  let r = await admin.get(`/admin/organisations?q=listenorg%20${stamp}`);
  assert.equal(r.status, 200);
  assert.equal((r.text.match(/<tr><td><a href="\/admin\/organisations\/\d+">/g) || []).length, 50);
  const next = r.text.match(/href="(\/admin\/organisations\?[^"]*after=\d+)"/)[1].replace(/&amp;/g, '&');
  r = await admin.get(next);
  assert.equal((r.text.match(/<tr><td><a href="\/admin\/organisations\/\d+">/g) || []).length, 2);
  r = await admin.get(`/admin/organisations?q=listenorg%20${stamp}&sector=civil`);
  assert.match(r.text, /Keine Organisation passt zu dieser Suche\./);
  assert.equal((await admin.get('/admin/organisations?after=abc')).status, 400);
  assert.equal((await admin.get(`/admin/organisations?q=${'x'.repeat(101)}`)).status, 422);
  assert.match((await admin.get('/admin')).text, /href="\/admin\/organisations"/, 'the link in the back office\'s navigation');
});

test(`[${BACKEND}] the office creates an organisation: bad input is a 422 at the field in German, nothing stored; the new one is audited`, async () => {
  let r = await admin.get('/admin/organisations');
  assert.match(r.text, /href="\/admin\/organisations\/new"/, 'the list links to the form');
  r = await admin.get('/admin/organisations/new');
  assert.equal(r.status, 200);
  assert.match(r.text, /<h1 id="new-heading">Neue Organisation<\/h1>/);
  assert.match(r.text, /<option value="" selected>Sektor wählen<\/option>/, 'no sector chosen for the office');
  const name = `Neugründung ${Date.now()}`;
  const count = () => sql(`SELECT count(*) FROM organisations WHERE name = '${name}'`);
  const good = { name, sector: 'research', summary: 'Ein *Institut*.', website: 'https://example.org/i', lang: 'de' };
  for (const [bad, field, msg] of [
    [{ name: '' }, 'name', 'Geben Sie den Namen der Organisation ein.'],
    [{ sector: '' }, 'sector', 'Wählen Sie einen der vier Sektoren.'],
    [{ website: 'javascript:alert(1)' }, 'website', 'Geben Sie die Website als Adresse ein'],
  ]) {
    r = await post(admin, '/admin/organisations/new', { ...good, ...bad });
    assert.equal(r.status, 422, field);
    assert.match(r.text, new RegExp(`id="${field}-error" class="field-error">${msg}`));
    assert.match(r.text, new RegExp(`id="${field}"[^>]*aria-invalid="true"`));
    assert.match(r.text, /class="error-summary"/);
    assert.equal(count(), '0', 'nothing stored');
  }
  assert.match(r.text, /value="Neugründung/, 'the posted values are kept');
  // Without the role: 403, nothing stored.
  const moderator = await person(srv, { role: 'moderator', lang: 'de' });
  assert.equal((await post(moderator, '/admin/organisations/new', good)).status, 403);
  assert.equal((await moderator.get('/admin/organisations/new')).status, 403);
  assert.equal(count(), '0');

  r = await post(admin, '/admin/organisations/new', { ...good, name: `  ${name} ` });
  assert.equal(r.status, 303);
  const id = Number(sql(`SELECT id FROM organisations WHERE name = '${name}'`));
  assert.ok(id > 0);
  assert.equal(r.headers.get('location'), `/admin/organisations/${id}?notice=created#profile-heading`);
  assert.equal(row(id), `${name}|research|Ein *Institut*.|https://example.org/i|de`);
  assert.equal(sql(`SELECT verified_at IS NULL FROM organisations WHERE id = ${id}`).replace('t', '1'), '1', 'not verified by being created');
  assert.equal(audits(id, 'organisation.create'), '1');
  assert.equal(sql(`SELECT after_value FROM audit_log WHERE subject = 'organisation:${id}' AND action = 'organisation.create'`),
    `name: ${name}\nsector: research\nsummary: Ein *Institut*.\nwebsite: https://example.org/i\nlang: de`);
  r = await admin.get(`/admin/organisations/${id}?notice=created`);
  assert.match(r.text, /Die Organisation ist angelegt\./);
  const pub = await new Client(srv.base, { lang: 'de' }).get(`/organisations/${id}`);
  assert.equal(pub.status, 200);
  assert.match(pub.text, /<em>Institut<\/em>/);
});
