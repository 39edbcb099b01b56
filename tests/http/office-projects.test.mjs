// office-projects.test.mjs - the back office's pilot projects: the list
// (/admin/projects) with its filters (status, the challenge of the idea,
// the responsible organisation, a title search), its four orders walked
// page by page (keyset, more than one page), milestones done of all and
// the next one due with its "overdue" mark; a project's page
// (/admin/projects/{id}): status and progress, milestones added, edited,
// done and open again, moved, removed, each audited with before and after
// in its transaction; bad input is a 422 at the field in the visitor's
// language, nothing changed; without the permission, 403.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BACKEND, Client, execSql, startServer } from './lib.mjs';
import { nextHref, person } from './funnel-helpers.mjs';

let srv;
let admin;
let adminEn;
const sql = (q) => execSql(srv.store.url, q);
const NOW = Math.floor(Date.now() / 1000);
const DAY = 86400;

before(async () => {
  srv = await startServer();
  admin = await person(srv, { role: 'admin', lang: 'de' });
  adminEn = await person(srv, { role: 'admin', lang: 'en' });
});
after(async () => { await srv.stop(); });

async function post(c, path, form = {}) {
  const _csrf = await c.csrf('/account');
  return c.post(path, { _csrf, ...form });
}

let seq = 0;
function newProject(title = `Pilot ${++seq} ${Date.now()}`, { status = 'planned', progress = 0, org = null, idea = null,
  created = NOW - 1000, updated = NOW - 1000 } = {}) {
  sql(`INSERT INTO projects (title, summary, status, progress, responsible_org_id, idea_id, lang, created, updated) `
    + `VALUES ('${title}', 'Ein Pilot der Stadt.', '${status}', ${progress}, ${org ?? 'NULL'}, ${idea ?? 'NULL'}, 'de', ${created}, ${updated})`);
  return Number(sql(`SELECT max(id) FROM projects WHERE title = '${title}'`));
}
function milestone(project, title, { due = null, done = null, position = 0 } = {}) {
  sql(`INSERT INTO milestones (project_id, title, due_at, done_at, position) `
    + `VALUES (${project}, '${title}', ${due ?? 'NULL'}, ${done ?? 'NULL'}, ${position})`);
  return Number(sql(`SELECT max(id) FROM milestones WHERE project_id = ${project}`));
}
const rowIds = (html) => [...html.matchAll(/<tr id="project-(\d+)">/g)].map((m) => Number(m[1]));
const rowOf = (html, id) => {
  const m = html.match(new RegExp(`<tr id="project-${id}">[\\s\\S]*?</tr>`));
  assert.ok(m, `row of project ${id}`);
  return m[0];
};
const audit = (project, action) => sql(`SELECT count(*) FROM audit_log WHERE subject = 'project:${project}' AND action = '${action}'`);
const auditValues = (project, action) => sql(`SELECT detail || '|' || before_value || '|' || after_value FROM audit_log `
  + `WHERE subject = 'project:${project}' AND action = '${action}' ORDER BY id DESC LIMIT 1`);
const auditTotal = () => Number(sql('SELECT count(*) FROM audit_log'));
// The titles of a project's milestones in their order.
function titles(project) {
  return sql(`SELECT title FROM milestones WHERE project_id = ${project} ORDER BY position, id`).split('\n').filter(Boolean);
}

// Every page of a list from path on: the ids in order, and how many pages.
async function walk(c, path) {
  const ids = [];
  let pages = 0;
  for (let href = path; href; pages++) {
    const r = await c.get(href);
    assert.equal(r.status, 200, href);
    ids.push(...rowIds(r.text));
    href = nextHref(r.text);
    assert.ok(pages < 10, 'the pages end');
  }
  return { ids, pages };
}

test(`[${BACKEND}] the list: filters, four orders walked in keyset pages, milestones and the overdue mark`, async () => {
  const tag = `Liste${Date.now()}`;
  sql(`INSERT INTO organisations (name, sector, summary, lang, created, verified_at) VALUES ('Betrieb ${tag}', 'business', 'x', 'de', 1, 1)`);
  const org = Number(sql(`SELECT max(id) FROM organisations WHERE name = 'Betrieb ${tag}'`));
  const challenge = Number(sql('SELECT min(challenge_id) FROM ideas WHERE challenge_id IS NOT NULL'));
  const ideas = sql(`SELECT id FROM ideas WHERE challenge_id = ${challenge} AND id NOT IN `
    + '(SELECT idea_id FROM projects WHERE idea_id IS NOT NULL) ORDER BY id LIMIT 3').split('\n').map(Number);
  assert.equal(ideas.length, 3, 'the demo city has ideas without a project');
  const statuses = ['planned', 'running', 'completed', 'stopped'];
  const made = [];
  for (let i = 0; i < 60; i++) {
    const p = {
      status: statuses[i % 4],
      progress: (i * 7) % 101,
      // Ties on every key, so the id decides within them.
      created: NOW - 100000 + Math.floor(i / 3),
      updated: NOW - 50000 + (i % 10),
      org: i % 5 === 0 ? org : null,
      idea: i < 3 ? ideas[i] : null,
    };
    p.id = newProject(`${tag} Projekt ${i}`, p);
    // Milestones: every third project one overdue (due 3 days ago, open),
    // every fourth one done in the past and one due in 10 + i days.
    p.due = null;
    if (i % 3 === 0) { milestone(p.id, 'Überfällig', { due: NOW - 3 * DAY }); p.due = NOW - 3 * DAY; }
    if (i % 4 === 0) {
      milestone(p.id, 'Erledigt', { due: NOW - 20 * DAY, done: NOW - 21 * DAY });
      milestone(p.id, 'Später', { due: NOW + (10 + (i % 7)) * DAY });
      p.due = p.due ?? NOW + (10 + (i % 7)) * DAY;
    }
    made.push(p);
  }
  const q = encodeURIComponent(tag);
  const byKey = (key, dir) => [...made].sort((a, b) => (a[key] === b[key] ? (dir * (a.id - b.id)) : dir * (a[key] - b[key]))).map((p) => p.id);
  const NONE = Number.MAX_SAFE_INTEGER;
  for (const p of made) p.dueKey = p.due ?? NONE;
  const expected = {
    updated: byKey('updated', -1),
    newest: byKey('created', -1),
    progress: byKey('progress', -1),
    due: byKey('dueKey', 1),
  };
  for (const [sort, ids] of Object.entries(expected)) {
    const got = await walk(admin, `/admin/projects?q=${q}&sort=${sort}`);
    assert.equal(got.pages, 2, `${sort}: two pages of 50`);
    assert.deepEqual(got.ids, ids, `${sort}: every project once, in order across the pages`);
  }
  // The default order is "recently updated".
  const first = await admin.get(`/admin/projects?q=${q}`);
  assert.equal(first.status, 200);
  assert.deepEqual(rowIds(first.text), expected.updated.slice(0, 50));
  assert.match(first.text, /<caption>Pilotprojekte, zuletzt geänderte zuerst<\/caption>/);
  const second = await admin.get(nextHref(first.text));
  assert.match(second.text, /Erste Seite/, 'the second page links back to the first');

  // Filters: status, organisation, challenge, and together.
  const only = (f) => made.filter(f).map((p) => p.id).sort((a, b) => a - b);
  const ids = async (query) => (await walk(admin, `/admin/projects?q=${q}&${query}`)).ids.sort((a, b) => a - b);
  assert.deepEqual(await ids('status=running'), only((p) => p.status === 'running'));
  assert.deepEqual(await ids(`org=${org}`), only((p) => p.org === org));
  assert.deepEqual(await ids(`challenge=${challenge}`), only((p) => p.idea !== null));
  assert.deepEqual(await ids(`status=planned&org=${org}`), only((p) => p.status === 'planned' && p.org === org));
  assert.deepEqual((await walk(admin, `/admin/projects?q=${q}%20projekt%2017`)).ids, [made[17].id], 'the title search, any case');
  assert.deepEqual(await ids('status=stopped&sort=due'), only((p) => p.status === 'stopped'));
  const filtered = await admin.get(`/admin/projects?q=${q}&org=${org}&status=planned`);
  assert.match(filtered.text, new RegExp(`<option value="${org}" selected>Betrieb ${tag}</option>`), 'the organisation is offered, and kept');
  assert.match(filtered.text, /<option value="planned" selected>Geplant<\/option>/);
  // A next page keeps the filters.
  const completed = await admin.get(`/admin/projects?q=${q}&status=completed&sort=progress`);
  assert.equal(nextHref(completed.text), null, 'fifteen completed ones: one page');

  // The columns: links, status, progress, organisation with its badge, milestones, next due and overdue.
  const p0 = made[0]; // overdue (i % 3 == 0), done one and later one (i % 4 == 0), the organisation
  let row = rowOf(first.text + second.text, p0.id);
  assert.match(row, new RegExp(`<a href="/projects/${p0.id}" lang="de">${tag} Projekt 0</a>`));
  assert.match(row, new RegExp(`<a href="/projects/${p0.id}/edit">Bearbeiten`));
  assert.match(row, new RegExp(`<a href="/admin/projects/${p0.id}">Meilensteine`));
  assert.match(row, /<td>Geplant<\/td><td>0 %<\/td>/);
  assert.match(row, new RegExp(`<a href="/admin/organisations/${org}">Betrieb ${tag}</a> <span class="badge-verified">`));
  assert.match(row, /<td>1 \/ 3<\/td>/, 'one of three milestones done');
  assert.match(row, /<strong class="badge">überfällig<\/strong>/);
  const p4 = made[4]; // a done one and a later one: the later is next, not overdue
  row = rowOf(first.text + second.text, p4.id);
  assert.match(row, /<td>1 \/ 2<\/td>/);
  assert.doesNotMatch(row, /überfällig/, 'a done milestone past its date is not overdue');
  assert.match(row, /<time datetime="[^"]+">/);
  const p1 = made[1]; // no milestones
  row = rowOf(first.text + second.text, p1.id);
  assert.match(row, /<td>0 \/ 0<\/td><td>–<\/td>/);
  assert.match(row, /<td>keine<\/td>/, 'no responsible organisation');
  // Due today (midnight at its start): not yet overdue; the day after: overdue.
  const today = newProject(`${tag} Heute`);
  milestone(today, 'Heute fällig', { due: NOW - 3600 });
  const yesterday = newProject(`${tag} Gestern`);
  milestone(yesterday, 'Gestern fällig', { due: NOW - DAY - 3600 });
  const list = await admin.get(`/admin/projects?q=${encodeURIComponent(`${tag} He`)}`);
  assert.doesNotMatch(rowOf(list.text, today), /überfällig/);
  const list2 = await admin.get(`/admin/projects?q=${encodeURIComponent(`${tag} Ge`)}`);
  assert.match(rowOf(list2.text, yesterday), /überfällig/);

  // In English.
  const en = await adminEn.get(`/admin/projects?q=${q}`);
  assert.match(en.text, /<caption>Pilot projects, recently updated first<\/caption>/);
  assert.match(en.text, /<strong class="badge">overdue<\/strong>/);

  // Forged links: 400; a search too long: 422 at its field.
  for (const bad of ['status=nonsense', 'challenge=abc', 'org=-1', 'sort=cheapest', 'after=x']) {
    assert.equal((await admin.get(`/admin/projects?${bad}`)).status, 400, bad);
  }
  const long = await admin.get(`/admin/projects?q=${'x'.repeat(101)}`);
  assert.equal(long.status, 422);
  assert.match(long.text, /id="q-error" class="field-error">/);
  assert.match(long.text, /aria-invalid="true" aria-describedby="q-error"/);
});

test(`[${BACKEND}] milestones: add, edit, done and open again, move, remove; status and progress; each audited`, async () => {
  const id = newProject(undefined, { updated: 1000 });
  let page = await admin.get(`/admin/projects/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Es sind noch keine Meilensteine geplant\./);
  assert.match(page.text, new RegExp(`href="/projects/${id}/edit"`), 'the other fields stay on the edit form');
  assert.match(page.text, /<a href="\/admin\/projects" aria-current="page">Pilotprojekte<\/a>/, 'the navigation marks the page');

  let r = await post(admin, `/admin/projects/${id}/milestones`, { title: '  Ausschreibung ', due: '2030-03-01' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/admin/projects/${id}?notice=added#milestones-heading`);
  const m1 = Number(sql(`SELECT max(id) FROM milestones WHERE project_id = ${id}`));
  assert.equal(auditValues(id, 'milestone.add'), `milestone:${m1}||title: Ausschreibung\ndue: 2030-03-01`);
  assert.notEqual(sql(`SELECT updated FROM projects WHERE id = ${id}`), '1000', 'the project counts as updated');
  await post(admin, `/admin/projects/${id}/milestones`, { title: 'Bau', due: '' });
  const m2 = Number(sql(`SELECT max(id) FROM milestones WHERE project_id = ${id}`));
  await post(admin, `/admin/projects/${id}/milestones`, { title: 'Eröffnung', due: '2031-01-01' });
  const m3 = Number(sql(`SELECT max(id) FROM milestones WHERE project_id = ${id}`));
  assert.deepEqual(titles(id), ['Ausschreibung', 'Bau', 'Eröffnung']);
  page = await admin.get(`/admin/projects/${id}?notice=added`);
  assert.match(page.text, /Der Meilenstein ist hinzugefügt\./);
  assert.match(page.text, new RegExp(`<input id="m${m1}-due" name="due" type="date" value="2030-03-01">`), 'the date field shows the date');
  assert.match(page.text, new RegExp(`<input id="m${m2}-due" name="due" type="date" value="">`));

  // Edit: the changed fields before and after.
  r = await post(admin, `/admin/projects/${id}/milestones/edit`, { milestone: m2, title: 'Bauphase', due: '2030-06-01' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/admin/projects/${id}?notice=edited#m${m2}`);
  assert.equal(sql(`SELECT title FROM milestones WHERE id = ${m2}`), 'Bauphase');
  assert.equal(auditValues(id, 'milestone.edit'), `milestone:${m2}|title: Bau\ndue: none|title: Bauphase\ndue: 2030-06-01`);
  r = await post(admin, `/admin/projects/${id}/milestones/edit`, { milestone: m2, title: 'Bauphase', due: '2030-06-01' });
  assert.match(r.headers.get('location'), /notice=unchanged/);
  assert.equal(audit(id, 'milestone.edit'), '1', 'nothing changed, nothing audited');
  r = await post(admin, `/admin/projects/${id}/milestones/edit`, { milestone: m2, title: 'Bauphase', due: '' });
  assert.equal(auditValues(id, 'milestone.edit'), `milestone:${m2}|due: 2030-06-01|due: none`, 'only the due date changed');
  assert.equal(sql(`SELECT coalesce(due_at, -1) FROM milestones WHERE id = ${m2}`), '-1');

  // Done and open again.
  r = await post(admin, `/admin/projects/${id}/milestones/done`, { milestone: m1 });
  assert.equal(r.headers.get('location'), `/admin/projects/${id}?notice=done#m${m1}`);
  assert.notEqual(sql(`SELECT coalesce(done_at, 0) FROM milestones WHERE id = ${m1}`), '0');
  assert.match(auditValues(id, 'milestone.done'), new RegExp(`^milestone:${m1}\\|open\\|done: \\d{4}-\\d\\d-\\d\\d$`));
  page = await admin.get(`/admin/projects/${id}`);
  assert.match(page.text, /1 von 3 Meilensteinen erreicht|1 of 3/);
  assert.match(page.text, new RegExp(`action="/admin/projects/${id}/milestones/undone"`));
  r = await post(admin, `/admin/projects/${id}/milestones/done`, { milestone: m1 });
  assert.equal(r.status, 422, 'done twice');
  assert.match(r.text, new RegExp(`<p id="m${m1}-error" class="field-error">Dieser Meilenstein ist bereits erreicht\\.</p>`));
  assert.equal(audit(id, 'milestone.done'), '1');
  r = await post(admin, `/admin/projects/${id}/milestones/undone`, { milestone: m1 });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT coalesce(done_at, 0) FROM milestones WHERE id = ${m1}`), '0');
  assert.match(auditValues(id, 'milestone.undone'), /\|done: \d{4}-\d\d-\d\d\|open$/);
  r = await post(admin, `/admin/projects/${id}/milestones/undone`, { milestone: m1 });
  assert.equal(r.status, 422);
  assert.match(r.text, /Dieser Meilenstein ist nicht erreicht\./);

  // Move: up and down, one place each; not past the ends.
  r = await post(admin, `/admin/projects/${id}/milestones/up`, { milestone: m3 });
  assert.equal(r.headers.get('location'), `/admin/projects/${id}?notice=moved#m${m3}`);
  assert.deepEqual(titles(id), ['Ausschreibung', 'Eröffnung', 'Bauphase']);
  assert.equal(auditValues(id, 'milestone.move'), `milestone:${m3}|position: 3|position: 2`);
  r = await post(admin, `/admin/projects/${id}/milestones/up`, { milestone: m1 });
  assert.equal(r.status, 422);
  assert.match(r.text, /Dieser Meilenstein ist bereits der erste\./);
  r = await post(admin, `/admin/projects/${id}/milestones/down`, { milestone: m2 });
  assert.equal(r.status, 422);
  assert.match(r.text, /bereits der letzte/);
  r = await post(admin, `/admin/projects/${id}/milestones/down`, { milestone: m1 });
  assert.deepEqual(titles(id), ['Eröffnung', 'Ausschreibung', 'Bauphase']);
  assert.equal(auditValues(id, 'milestone.move'), `milestone:${m1}|position: 1|position: 2`);
  assert.equal(audit(id, 'milestone.move'), '2');
  page = await admin.get(`/admin/projects/${id}`);
  assert.doesNotMatch(page.text.match(new RegExp(`<li id="m${m3}"[\\s\\S]*?</li>`))[0], /milestones\/up"/, 'the first has no "up" button');
  assert.doesNotMatch(page.text.match(new RegExp(`<li id="m${m2}"[\\s\\S]*?</li>`))[0], /milestones\/down"/, 'the last has no "down" button');

  // Remove.
  r = await post(admin, `/admin/projects/${id}/milestones/remove`, { milestone: m1 });
  assert.equal(r.headers.get('location'), `/admin/projects/${id}?notice=removed#milestones-heading`);
  assert.deepEqual(titles(id), ['Eröffnung', 'Bauphase']);
  assert.equal(auditValues(id, 'milestone.remove'), `milestone:${m1}|title: Ausschreibung\ndue: 2030-03-01\ndone: no|`);

  // Status and progress: one row each, before and after; unchanged: none.
  r = await post(admin, `/admin/projects/${id}/status`, { status: 'running', progress: '40' });
  assert.equal(r.headers.get('location'), `/admin/projects/${id}?notice=saved#status-heading`);
  assert.equal(sql(`SELECT status || ' ' || progress FROM projects WHERE id = ${id}`), 'running 40');
  assert.equal(auditValues(id, 'project.status'), '|planned|running');
  assert.equal(auditValues(id, 'project.progress'), '|0|40');
  r = await post(admin, `/admin/projects/${id}/status`, { status: 'running', progress: ' 40 ' });
  assert.match(r.headers.get('location'), /notice=unchanged/);
  r = await post(admin, `/admin/projects/${id}/status`, { status: 'running', progress: '55' });
  assert.equal(audit(id, 'project.status'), '1', 'the status did not change again');
  assert.equal(auditValues(id, 'project.progress'), '|40|55');
  page = await admin.get(`/admin/projects/${id}`);
  assert.match(page.text, /<option value="running" selected>Läuft<\/option>/);
  assert.match(page.text, /<input id="progress" name="progress" type="number"[^>]* value="55">/);
  // The public page shows it, the audit log lists it.
  const pub = await new Client(srv.base, { lang: 'de' }).get(`/projects/${id}`);
  assert.match(pub.text, /<strong>55 %<\/strong>/);
  assert.match(pub.text, /Eröffnung[\s\S]*Bauphase/, 'the public page has the new order');
  const log = await admin.get(`/admin/audit?subject=project%3A${id}`);
  assert.match(log.text, /milestone\.remove/);
  assert.match(log.text, /project\.progress/);
});

test(`[${BACKEND}] bad input: 422 at the field in the visitor's language, nothing changed`, async () => {
  const id = newProject();
  const m = milestone(id, 'Planung', { due: NOW + 10 * DAY, position: 1 });
  const other = newProject();
  const foreign = milestone(other, 'Fremd', { position: 1 });
  const state = () => sql(`SELECT status || ' ' || progress FROM projects WHERE id = ${id}`)
    + sql(`SELECT count(*) || ' ' || max(title) || ' ' || max(coalesce(due_at, 0)) || ' ' || max(coalesce(done_at, 0)) FROM milestones WHERE project_id IN (${id}, ${other})`);
  const before = state();
  const audits = auditTotal();
  const cases = [
    ['milestones', { title: '', due: '' }, 'milestone-title', 'Benennen Sie den Meilenstein.', 'Name the milestone.'],
    ['milestones', { title: 'Feier', due: '2026-02-31' }, 'milestone-due', 'Geben Sie das Fälligkeitsdatum', 'Enter the due date as a date'],
    ['milestones', { title: 'Feier', due: 'morgen' }, 'milestone-due', 'Geben Sie das Fälligkeitsdatum', 'Enter the due date as a date'],
    ['milestones/edit', { milestone: m, title: '   ', due: '' }, `m${m}-title`, 'Benennen Sie den Meilenstein.', 'Name the milestone.'],
    ['milestones/edit', { milestone: m, title: 'Planung', due: '30.09.2026' }, `m${m}-due`, 'Geben Sie das Fälligkeitsdatum', 'Enter the due date as a date'],
    ['milestones/edit', { milestone: foreign, title: 'Gekapert', due: '' }, 'milestones', 'gehört nicht zu diesem Projekt', 'is not one of this project'],
    ['milestones/done', { milestone: foreign }, 'milestones', 'gehört nicht zu diesem Projekt', 'is not one of this project'],
    ['milestones/undone', { milestone: 'abc' }, 'milestones', 'gehört nicht zu diesem Projekt', 'is not one of this project'],
    ['milestones/up', { milestone: foreign }, 'milestones', 'gehört nicht zu diesem Projekt', 'is not one of this project'],
    ['milestones/down', { milestone: '999999999' }, 'milestones', 'gehört nicht zu diesem Projekt', 'is not one of this project'],
    ['milestones/remove', { milestone: foreign }, 'milestones', 'gehört nicht zu diesem Projekt', 'is not one of this project'],
    ['milestones/remove', {}, 'milestones', 'gehört nicht zu diesem Projekt', 'is not one of this project'],
    ['status', { status: 'running', progress: '101' }, 'progress', 'Geben Sie den Fortschritt als ganze Zahl von 0 bis 100 ein.', 'Enter the progress as a whole number from 0 to 100.'],
    ['status', { status: 'running', progress: '-1' }, 'progress', 'Geben Sie den Fortschritt', 'Enter the progress'],
    ['status', { status: 'running', progress: '4.5' }, 'progress', 'Geben Sie den Fortschritt', 'Enter the progress'],
    ['status', { status: 'running', progress: '' }, 'progress', 'Geben Sie den Fortschritt', 'Enter the progress'],
    ['status', { status: 'finished', progress: '50' }, 'status', 'Wählen Sie einen der angebotenen Status.', 'Choose one of the offered statuses.'],
  ];
  for (const [action, form, field, de, en] of cases) {
    for (const [c, text] of [[admin, de], [adminEn, en]]) {
      const r = await post(c, `/admin/projects/${id}/${action}`, form);
      const what = `${action} ${JSON.stringify(form)} (${c.lang})`;
      assert.equal(r.status, 422, what);
      assert.match(r.text, new RegExp(`<p id="${field}-error" class="field-error">[^<]*${text.replace(/[.()]/g, '\\$&')}`), what);
      assert.match(r.text, new RegExp(`<a href="#${field}">`), `${what}: in the summary, linked to the field`);
      if (field !== 'milestones') assert.match(r.text, new RegExp(`aria-describedby="${field}-error"`), what);
    }
  }
  // What was typed comes back.
  const r = await post(admin, `/admin/projects/${id}/milestones/edit`, { milestone: m, title: 'Neu', due: '30.09.2026' });
  assert.match(r.text, new RegExp(`<input id="m${m}-title" name="title" type="text" maxlength="200" value="Neu">`));
  assert.match(r.text, new RegExp(`<input id="m${m}-due" name="due" type="date" value="30.09.2026" aria-invalid="true"`));
  const s = await post(admin, `/admin/projects/${id}/status`, { status: 'stopped', progress: '150' });
  assert.match(s.text, /<option value="stopped" selected>/);
  assert.match(s.text, /value="150" aria-invalid="true"/);
  assert.equal(state(), before, 'nothing changed');
  assert.equal(auditTotal(), audits, 'nothing audited');
  // A project that does not exist: 404.
  assert.equal((await admin.get('/admin/projects/999999999')).status, 404);
  assert.equal((await post(admin, '/admin/projects/999999999/milestones', { title: 'x', due: '' })).status, 404);
  assert.equal((await post(admin, '/admin/projects/999999999/status', { status: 'running', progress: '5' })).status, 404);
});

test(`[${BACKEND}] without PERM_MANAGE_CONTENT: 403 on the pages and on forged POSTs, nothing changed`, async () => {
  const id = newProject();
  const m = milestone(id, 'Bleibt', { position: 1 });
  const audits = auditTotal();
  const forms = [
    ['status', { status: 'running', progress: '50' }],
    ['milestones', { title: 'Eingeschleust', due: '' }],
    ['milestones/edit', { milestone: m, title: 'Geändert', due: '' }],
    ['milestones/done', { milestone: m }],
    ['milestones/undone', { milestone: m }],
    ['milestones/up', { milestone: m }],
    ['milestones/down', { milestone: m }],
    ['milestones/remove', { milestone: m }],
  ];
  for (const role of ['participant', 'representative', 'evaluator', 'moderator']) {
    const c = await person(srv, { role, lang: 'de' });
    for (const path of ['/admin/projects', `/admin/projects/${id}`]) {
      const r = await c.get(path);
      assert.equal(r.status, 403, `${role} ${path}`);
      assert.match(r.text, /Nur das Innovationsbüro kann Pilotprojekte steuern\./);
    }
    for (const [action, form] of forms) {
      assert.equal((await post(c, `/admin/projects/${id}/${action}`, form)).status, 403, `${role} ${action}`);
    }
  }
  assert.equal(sql(`SELECT status || ' ' || progress FROM projects WHERE id = ${id}`), 'planned 0');
  assert.equal(sql(`SELECT count(*) || ' ' || max(title) || ' ' || coalesce(max(done_at), 0) FROM milestones WHERE project_id = ${id}`), '1 Bleibt 0');
  assert.equal(auditTotal(), audits);
  // The navigation links the list only for those who may open it.
  const mod = await person(srv, { role: 'moderator', lang: 'de' });
  assert.doesNotMatch((await mod.get('/admin')).text, /href="\/admin\/projects"/);
  assert.match((await admin.get('/admin')).text, /<a href="\/admin\/projects">Pilotprojekte<\/a>/);
});
