// Pilot projects: a selected idea becomes a project (and the idea moves
// to "piloting" in the same commit), milestones, status updates with
// progress, results in safe Markdown, who may steer, bad input, the list
// with its filter and pagination, and the query budget of each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, BACKEND, execSql } from './lib.mjs';
import {
  adminClient, participant, newIdea, setStatus, selectedIdea, newProject, csrfOf, queries, PROJECT,
} from './discover-fixtures.mjs';

let srv;
let admin;
let user;

const BODY = 'Eine ausführliche Beschreibung der Idee mit genug Zeichen für die Prüfung.';

before(async () => {
  srv = await startServer();
  admin = await adminClient(srv.base);
  user = await participant(srv.base);
});
after(async () => { await srv.stop(); });

// The audit rows of a project's subject with action: "detail|before|after" lines, oldest first.
const audited = (id, action) => execSql(srv.store.url, `SELECT detail || '|' || before_value || '|' || after_value `
  + `FROM audit_log WHERE subject = 'project:${id}' AND action = '${action}' ORDER BY id`);

test(`[${BACKEND}] a selected idea becomes a pilot project and the idea is piloting`, async () => {
  const idea = await selectedIdea(user, admin, {
    title: 'Lastenräder für das Quartier', body: BODY, lat: '52.0302', lon: '8.5325', address: 'Am Markt 3',
  });
  // The form starts from the idea.
  let r = await admin.get(`/ideas/${idea}/project`);
  assert.equal(r.status, 200);
  assert.match(r.text, /value="Lastenräder für das Quartier"/);
  assert.match(r.text, /value="Am Markt 3"/);
  assert.match(r.text, /value="52\.030200"/);
  assert.match(r.text, /<option value="1">Amt für Digitalisierung und Innovation<\/option>|<option value="\d+">/);

  // Bad input: 422, messages next to the fields, input kept, nothing written.
  const _csrf = await csrfOf(admin, `/ideas/${idea}/project`);
  r = await admin.post(`/ideas/${idea}/project`, {
    _csrf, ...PROJECT, title: '', budget: 'viel Geld', lat: '95', lon: '8', status: 'finished', summary: 'Eine gute Zusammenfassung.',
  });
  assert.equal(r.status, 422);
  assert.match(r.text, /Geben Sie dem Projekt einen Titel\./);
  assert.match(r.text, /Geben Sie das Budget in ganzen Euro an/);
  assert.match(r.text, /Geben Sie einen Breitengrad zwischen -90 und 90/);
  assert.match(r.text, /Wählen Sie einen der angebotenen Status\./);
  assert.match(r.text, /value="viel Geld"/);
  assert.match(r.text, /Eine gute Zusammenfassung\./);
  assert.match(r.text, /href="#budget"/);
  r = await admin.post(`/ideas/${idea}/project`, { _csrf, ...PROJECT, org: '999999' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Wählen Sie eine der aufgeführten Organisationen\./);
  r = await admin.get(`/ideas/${idea}/project`);
  assert.equal(r.status, 200, 'still no project after refused input');

  const org = (await admin.get(`/ideas/${idea}/project`)).text.match(/<option value="(\d+)">Stadtwerke<\/option>/)[1];
  const id = await newProject(admin, idea, { org, budget: '120.000' });
  r = await admin.get(`/projects/${id}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /<h1 lang="de">Lastenräder im Quartier<\/h1>/);
  assert.match(r.text, /Stadtwerke/);
  assert.match(r.text, /120\.000 €/);
  assert.match(r.text, /<progress max="100" value="0" aria-labelledby="progress-label">/);
  assert.match(r.text, new RegExp(`href="/ideas/${idea}" lang="de">Lastenräder für das Quartier</a>`));
  assert.match(r.text, /Läuft/);

  // The idea is piloting now (logged by the status trigger), and has its project.
  r = await admin.get(`/ideas/${idea}/project`);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/projects/${id}`);
  const feed = await new Client(srv.base).get('/feeds/status.atom');
  assert.match(feed.text, new RegExp(`/ideas/${idea}"/>`));
  assert.match(feed.text, /Lastenräder für das Quartier: /);

  // A second project for the same idea is not possible.
  r = await admin.post(`/ideas/${idea}/project`, { _csrf, ...PROJECT });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/projects/${id}`);

  // English page.
  const en = new Client(srv.base, { lang: 'en' });
  r = await en.get(`/projects/${id}`);
  assert.match(r.text, /<html lang="en">/);
  assert.match(r.text, /Responsible organisation/);
  assert.match(r.text, /Running/);
});

test(`[${BACKEND}] only ideas the city selected can become projects`, async () => {
  const idea = await newIdea(user, { title: 'Eine ganz neue Idee', body: BODY });
  let r = await admin.get(`/ideas/${idea}/project`);
  assert.equal(r.status, 422);
  assert.match(r.text, /Nur Ideen, die die Stadt ausgewählt hat/);
  const _csrf = await csrfOf(admin, '/projects');
  r = await admin.post(`/ideas/${idea}/project`, { _csrf, ...PROJECT });
  assert.equal(r.status, 422);
  r = await admin.get('/projects');
  assert.doesNotMatch(r.text, /Eine ganz neue Idee/);

  r = await admin.get('/ideas/987654/project');
  assert.equal(r.status, 404);
  r = await admin.post('/ideas/987654/project', { _csrf, ...PROJECT });
  assert.equal(r.status, 404);

  // A hidden idea is as good as gone.
  const hidden = await selectedIdea(user, admin, { title: 'Später versteckte Idee', body: BODY });
  r = await admin.post(`/ideas/${hidden}/hide`, { _csrf: await csrfOf(admin, `/ideas/${hidden}`) });
  assert.equal(r.status, 303);
  r = await admin.get(`/ideas/${hidden}/project`);
  assert.equal(r.status, 404);
});

test(`[${BACKEND}] participants and visitors cannot steer projects`, async () => {
  const idea = await selectedIdea(user, admin, { title: 'Idee für die Rechteprüfung', body: BODY });
  const id = await newProject(admin, idea);
  const page = await admin.get(`/projects/${id}`);
  const milestoneForm = `action="/projects/${id}/milestones"`;
  assert.ok(page.text.includes(milestoneForm), 'administrators see the forms');
  await (async () => {
    const _csrf = await csrfOf(admin, `/projects/${id}`);
    const r = await admin.post(`/projects/${id}/milestones`, { _csrf, title: 'Erster Meilenstein', due: '' });
    assert.equal(r.status, 303);
  })();
  const milestone = (await admin.get(`/projects/${id}`)).text.match(/action="\/milestones\/(\d+)\/done"/)[1];

  const seen = await user.get(`/projects/${id}`);
  assert.equal(seen.status, 200);
  assert.ok(!seen.text.includes(milestoneForm), 'participants do not see the forms');
  assert.ok(!seen.text.includes('/done"'));
  const _csrf = await csrfOf(user, '/account');
  const attempts = [
    ['GET', `/ideas/${idea}/project`], ['POST', `/ideas/${idea}/project`],
    ['GET', `/projects/${id}/edit`], ['POST', `/projects/${id}/edit`],
    ['POST', `/projects/${id}/milestones`], ['POST', `/projects/${id}/updates`],
    ['POST', `/milestones/${milestone}/done`],
  ];
  for (const [method, p] of attempts) {
    const r = method === 'GET' ? await user.get(p)
      : await user.post(p, { _csrf, ...PROJECT, title: 'Übernommen', body: 'Gehackt', progress: '99', due: '' });
    assert.equal(r.status, 403, `${method} ${p} is refused for a participant`);
    assert.match(r.text, /Nur das Innovationsbüro kann Pilotprojekte steuern\./);
  }
  // Anonymous: forms go to the login, writes are refused.
  const anon = new Client(srv.base);
  let r = await anon.get(`/projects/${id}/edit`);
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /^\/account\/login\?next=/);
  r = await anon.post(`/projects/${id}/updates`, { body: 'x', progress: '50' });
  assert.equal(r.status, 403);
  // Nothing changed.
  r = await anon.get(`/projects/${id}`);
  assert.match(r.text, /Lastenräder im Quartier/);
  assert.doesNotMatch(r.text, /Übernommen|Gehackt/);
  assert.match(r.text, /<progress max="100" value="0"/);
  assert.match(r.text, /0 von 1 Meilensteinen erreicht/);
});

test(`[${BACKEND}] milestones, status updates with progress, and safe Markdown`, async () => {
  const idea = await selectedIdea(user, admin, { title: 'Idee mit Meilensteinen', body: BODY });
  const id = await newProject(admin, idea);
  const before = await new Client(srv.base).get(`/projects/${id}`);
  const q0 = queries(before);

  let _csrf = await csrfOf(admin, `/projects/${id}`);
  let r = await admin.post(`/projects/${id}/milestones`, { _csrf, title: 'Ausschreibung', due: '2026-02-30' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Geben Sie das Fälligkeitsdatum als Datum wie 2026-09-30 an/);
  assert.match(r.text, /value="Ausschreibung"/, 'input kept');
  assert.match(r.text, /aria-invalid="true" aria-describedby="milestone-due-error"/);
  r = await admin.post(`/projects/${id}/milestones`, { _csrf, title: '', due: '' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Benennen Sie den Meilenstein\./);
  r = await admin.post(`/projects/${id}/milestones`, { _csrf, title: 'Ausschreibung', due: '2026-09-30' });
  assert.equal(r.status, 303);
  r = await admin.post(`/projects/${id}/milestones`, { _csrf, title: 'Räder im Einsatz', due: '' });
  assert.equal(r.status, 303);
  r = await admin.get(`/projects/${id}`);
  assert.match(r.text, /Ausschreibung<\/span>\n<span class="milestone-dates">fällig am <time datetime="2026-09-30T00:00:00\+02:00">30\.09\.2026<\/time>/);
  const ms = [...r.text.matchAll(/action="\/milestones\/(\d+)\/done"/g)].map((m) => m[1]);
  assert.equal(ms.length, 2);
  r = await admin.post(`/milestones/${ms[0]}/done`, { _csrf });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/projects/${id}#milestones-heading`);
  r = await admin.post(`/milestones/${ms[0]}/done`, { _csrf });
  assert.equal(r.status, 303, 'marking again is harmless');
  assert.equal(r.headers.get('location'), `/projects/${id}#milestones-heading`);
  assert.equal(audited(id, 'milestone.done'), `milestone:${ms[0]}|done: no|done: yes`,
    'reaching a milestone is audited once, with before and after; marking it again records nothing');
  assert.equal(audited(id, 'milestone.add'),
    'Ausschreibung||title: Ausschreibung\ndue: 2026-09-30\nRäder im Einsatz||title: Räder im Einsatz\ndue: none',
    'an added milestone is audited with its lines, as the back office does');
  r = await admin.post('/milestones/987654/done', { _csrf });
  assert.equal(r.status, 404);
  r = await admin.get(`/projects/${id}`);
  assert.match(r.text, /1 von 2 Meilensteinen erreicht/);
  assert.match(r.text, /class="milestone-done"/);

  // Status updates: progress validated, Markdown rendered without script.
  r = await admin.post(`/projects/${id}/updates`, { _csrf, body: 'Fortschritt', progress: '150' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Geben Sie den Fortschritt als ganze Zahl von 0 bis 100 an/);
  r = await admin.post(`/projects/${id}/updates`, { _csrf, body: '   ', progress: '' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Schreiben Sie, was passiert ist\./);
  r = await admin.get(`/projects/${id}`);
  assert.match(r.text, /<progress max="100" value="0"/, 'refused updates change nothing');
  r = await admin.post(`/projects/${id}/updates`, {
    _csrf, body: 'Die **Räder** sind da. <script>alert(1)</script> [Link](javascript:alert(2))', progress: '40',
  });
  assert.equal(r.status, 303);
  r = await admin.get(`/projects/${id}`);
  assert.match(r.text, /<progress max="100" value="40"/);
  assert.match(r.text, /<strong>40 %<\/strong>/);
  assert.match(r.text, /<strong>Räder<\/strong>/);
  assert.doesNotMatch(r.text, /<script>alert/);
  assert.doesNotMatch(r.text, /href="javascript:/);

  // Updates are paginated, newest first; the page's queries do not grow.
  for (let i = 1; i <= 11; i++) {
    r = await admin.post(`/projects/${id}/updates`, { _csrf, body: `Neuigkeit Nummer ${i}`, progress: '' });
    assert.equal(r.status, 303);
  }
  const anon = new Client(srv.base);
  r = await anon.get(`/projects/${id}`);
  assert.equal(queries(r), q0, 'a project page runs the same number of queries with more rows');
  // The discussion adds its replies query once there is a comment, and no more with more rows.
  r = await admin.post(`/projects/${id}/comments`, { _csrf, body: 'Erster Kommentar' });
  assert.equal(r.status, 303);
  const first = r.headers.get('location').match(/#comment-(\d+)$/)[1];
  const q1 = queries(await anon.get(`/projects/${id}`));
  assert.equal(q1, q0 + 1, 'one comment: the replies query joins');
  for (let i = 0; i < 22; i++)
    assert.equal((await admin.post(`/projects/${id}/comments`, { _csrf, body: `Kommentar ${i}`, parent: i % 2 ? first : '' })).status, 303);
  r = await anon.get(`/projects/${id}`);
  assert.equal(queries(r), q1, 'a page of comments with replies runs the same queries as one comment');
  assert.match(r.text, /Neuigkeit Nummer 11[\s\S]*Neuigkeit Nummer 2\b/);
  assert.doesNotMatch(r.text, /Neuigkeit Nummer 1\b/);
  assert.match(r.text, /<progress max="100" value="40"/, 'an update without progress keeps it');
  const older = r.text.match(/href="(\/projects\/\d+\?before=\d+)#updates-heading"/)[1];
  r = await anon.get(older);
  assert.equal(r.status, 200);
  assert.match(r.text, /Neuigkeit Nummer 1\b/);
  assert.match(r.text, /Die <strong>Räder<\/strong>/);
  assert.doesNotMatch(r.text, /Neuigkeit Nummer 5\b/);
  assert.equal((await anon.get(`/projects/${id}?before=abc`)).status, 400);
  assert.equal((await anon.get('/projects/987654')).status, 404);
});

test(`[${BACKEND}] editing a project; results in Markdown are rendered safely`, async () => {
  const idea = await selectedIdea(user, admin, { title: 'Idee zum Bearbeiten', body: BODY });
  const id = await newProject(admin, idea);
  let r = await admin.get(`/projects/${id}/edit`);
  assert.equal(r.status, 200);
  assert.match(r.text, /value="Lastenräder im Quartier"/);
  assert.match(r.text, /value="120000"/);
  const _csrf = await csrfOf(admin, `/projects/${id}/edit`);
  r = await admin.post(`/projects/${id}/edit`, { _csrf, ...PROJECT, status: 'bogus', lang: 'fr', address: 'a\nb' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Wählen Sie einen der angebotenen Status\./);
  assert.match(r.text, /Wählen Sie die Sprache, in der das Projekt beschrieben ist\./);
  assert.match(r.text, /Die Adresse enthält Zeichen, die nicht erlaubt sind\./);
  r = await admin.post(`/projects/${id}/edit`, {
    _csrf, ...PROJECT, title: 'Lastenräder – Abschlussbericht', status: 'completed', lat: '', lon: '',
    results: '# Ergebnis\n\n*300* Ausleihen. <img src=x onerror=alert(1)> [mehr](javascript:alert(1))',
  });
  assert.equal(r.status, 303);
  assert.equal(audited(id, 'project.edit'),
    'completed|title: Lastenräder im Quartier\nstatus: running\nresults: \nlat: 52.030200\nlon: 8.532500'
    + '|title: Lastenräder – Abschlussbericht\nstatus: completed\n'
    + 'results: # Ergebnis\n\n*300* Ausleihen. <img src=x onerror=alert(1)> [mehr](javascript:alert(1))\nlat: \nlon:', // execSql trims the last blank
    'the edit is audited with the fields it changed, before and after (the 422 above wrote nothing)');
  r = await new Client(srv.base).get(`/projects/${id}`);
  assert.match(r.text, /Lastenräder – Abschlussbericht/);
  assert.match(r.text, /Abgeschlossen/);
  assert.match(r.text, /<h3>Ergebnis<\/h3>/, 'headings in results sit below the page sections');
  assert.match(r.text, /<em>300<\/em> Ausleihen\./);
  assert.doesNotMatch(r.text, /<img src=x/);
  assert.doesNotMatch(r.text, /javascript:/);
  assert.doesNotMatch(r.text, /auf der Karte/, 'without coordinates no map link');
  assert.equal((await admin.get('/projects/987654/edit')).status, 404);
  assert.equal((await admin.post('/projects/987654/edit', { _csrf, ...PROJECT })).status, 404);
});

test(`[${BACKEND}] the list: filter by status, keyset pages, bounded queries`, async () => {
  const anon = new Client(srv.base);
  let r = await anon.get('/projects?status=planned');
  assert.equal(r.status, 200);
  const q1 = queries(r);
  // 21 planned projects: one more than a page.
  for (let i = 1; i <= 21; i++) {
    const idea = await selectedIdea(user, admin, { title: `Geplante Idee Nummer ${i}`, body: BODY });
    await newProject(admin, idea, { title: `Geplantes Projekt ${String(i).padStart(2, '0')}`, status: 'planned' });
  }
  r = await anon.get('/projects?status=planned');
  assert.equal(queries(r), q1, 'the list runs the same number of queries with 20 items');
  const titles = [...r.text.matchAll(/Geplantes Projekt (\d\d)/g)].map((m) => m[1]);
  assert.equal(titles.length, 20);
  assert.equal(titles[0], '21', 'newest first');
  assert.doesNotMatch(r.text, /Läuft<\/p>/, 'only planned projects');
  assert.match(r.text, /href="\/projects\?status=planned" aria-current="page"/);
  const next = r.text.match(/href="(\/projects\?status=planned&amp;after=\d+_\d+)" rel="next"/)[1].replace(/&amp;/g, '&');
  r = await anon.get(next);
  assert.equal(r.status, 200);
  assert.deepEqual([...r.text.matchAll(/Geplantes Projekt (\d\d)/g)].map((m) => m[1]), ['01']);
  assert.doesNotMatch(r.text, /rel="next"/);
  assert.match(r.text, /href="\/projects\?status=planned">Erste Seite/);

  assert.equal((await anon.get('/projects?status=bogus')).status, 400);
  assert.equal((await anon.get('/projects?after=12')).status, 400);
  assert.equal((await anon.get('/projects?after=1_0')).status, 400);
  r = await anon.get('/projects?status=stopped');
  assert.match(r.text, /Zu diesem Filter gibt es noch keine Pilotprojekte\./);

  // Administrators see the ideas still waiting for a project.
  const waiting = await selectedIdea(user, admin, { title: 'Wartet auf ihr Projekt', body: BODY });
  r = await admin.get('/projects');
  assert.match(r.text, new RegExp(`href="/ideas/${waiting}/project"`));
  r = await anon.get('/projects');
  assert.doesNotMatch(r.text, /Wartet auf ihr Projekt/);
});

test(`[${BACKEND}] a status change by the back office is logged once per change`, async () => {
  const idea = await newIdea(user, { title: 'Idee mit Statuswechseln', body: BODY });
  await setStatus(admin, idea, 'in_review', 'Wir prüfen <das> & melden uns.');
  await setStatus(admin, idea, 'selected', 'Ausgewählt!');
  const feed = await new Client(srv.base).get('/feeds/status.atom');
  const entries = feed.text.split('<entry>').filter((e) => e.includes(`/ideas/${idea}"`));
  assert.equal(entries.length, 2);
  assert.match(entries[1], /Wir prüfen &lt;das&gt; &amp; melden uns\./);
});
