// Browser test of the back office's pilot projects: an administrator
// finds a project through the navigation and the title search, opens its
// milestones, is told at the field what is missing, adds two milestones,
// moves one up, ticks one off, sets status and progress (a progress over
// 100 explained at its field) and removes a milestone.  With and without
// JavaScript (plain forms and buttons); axe-core in German and English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, startServerAndBrowser, stopServerAndBrowser, loginAt, submitAndWait } from './lib.mjs';
import { execSql } from '../http/lib.mjs';

let srv;
let browser;
const sql = (q) => execSql(srv.store.url, q);

before(async () => {
  ({ srv, browser } = await startServerAndBrowser());
});
after(() => stopServerAndBrowser(srv, browser));

const submit = submitAndWait;

const titles = (id) => sql(`SELECT title FROM milestones WHERE project_id = ${id} ORDER BY position, id`).split('\n').filter(Boolean);

test('an administrator steers a pilot project\'s milestones from the back office, de and en, with and without JavaScript', async () => {
  for (const [locale, js] of [['de-DE', false], ['de-DE', true], ['en-GB', false], ['en-GB', true]]) {
    const de = locale === 'de-DE';
    const title = `Leihräder ${locale} ${js ? 'js' : 'nojs'} ${Date.now()}`;
    sql(`INSERT INTO projects (title, summary, status, lang, created, updated) VALUES ('${title}', 'Räder zum Ausleihen.', 'planned', 'de', 1, 1)`);
    const id = Number(sql(`SELECT max(id) FROM projects WHERE title = '${title}'`));
    const ctx = await browser.newContext({ locale, bypassCSP: true, javaScriptEnabled: js });
    const page = await ctx.newPage();
    const check = js ? (what) => assertAccessible(page, `${what} (${locale})`) : async () => {};
    await loginAt(page, srv.base, 'admin@demo.oic.example', 'innovation-demo');
    await page.goto(srv.base + '/admin');
    await submit(page, `nav.admin-nav >> text=${de ? 'Pilotprojekte' : 'Pilot projects'}`);
    assert.equal(new URL(page.url()).pathname, '/admin/projects');
    await check('the projects list');
    await page.fill('#q', title);
    await page.selectOption('#status', 'planned');
    await submit(page, 'form[role=search] button[type=submit]');
    assert.equal(await page.locator('tbody tr').count(), 1, 'the search finds the project');
    await check('the projects list, searched');
    await submit(page, `a[href="/admin/projects/${id}"]`);
    assert.equal(await page.textContent('h1'), title);
    await check('the project\'s milestones, none yet');

    // A milestone without a title: explained at the field, nothing stored.
    await submit(page, `form[action="/admin/projects/${id}/milestones"] button[type=submit]`);
    assert.match(await page.textContent('#milestone-title-error'), de ? /Benennen Sie den Meilenstein/ : /Name the milestone/);
    assert.equal(await page.getAttribute('#milestone-title', 'aria-invalid'), 'true');
    await check('the add form with an error');
    assert.deepEqual(titles(id), []);

    await page.fill('#milestone-title', 'Ausschreibung');
    await page.fill('#milestone-due', '2030-03-01');
    await submit(page, `form[action="/admin/projects/${id}/milestones"] button[type=submit]`);
    assert.match(await page.textContent('p.notice'), de ? /Meilenstein ist hinzugefügt/ : /milestone is added/);
    await page.fill('#milestone-title', 'Räder kaufen');
    await submit(page, `form[action="/admin/projects/${id}/milestones"] button[type=submit]`);
    assert.deepEqual(titles(id), ['Ausschreibung', 'Räder kaufen']);
    const [m1, m2] = sql(`SELECT id FROM milestones WHERE project_id = ${id} ORDER BY position, id`).split('\n').map(Number);
    await check('two milestones');

    // Up, then ticked off.
    await submit(page, `#m${m2} form[action="/admin/projects/${id}/milestones/up"] button`);
    assert.match(await page.textContent('p.notice'), de ? /verschoben/ : /moved/);
    assert.deepEqual(titles(id), ['Räder kaufen', 'Ausschreibung']);
    assert.equal(await page.locator(`#m${m2} form[action$="/milestones/up"]`).count(), 0, 'the first has no "up"');
    await submit(page, `#m${m2} form[action="/admin/projects/${id}/milestones/done"] button`);
    assert.match(await page.textContent('p.notice'), de ? /als erreicht markiert/ : /marked as done/);
    assert.notEqual(sql(`SELECT coalesce(done_at, 0) FROM milestones WHERE id = ${m2}`), '0');
    await check('a milestone reached');

    // Edited: a new title and no due date.
    await page.fill(`#m${m1}-title`, 'Ausschreibung veröffentlichen');
    await page.fill(`#m${m1}-due`, '');
    await submit(page, `#m${m1} form[action="/admin/projects/${id}/milestones/edit"] button[type=submit]`);
    assert.match(await page.textContent('p.notice'), de ? /Meilenstein ist gespeichert/ : /milestone is saved/);
    assert.equal(sql(`SELECT title || ' ' || coalesce(due_at, 0) FROM milestones WHERE id = ${m1}`), 'Ausschreibung veröffentlichen 0');

    // Status and progress: over 100 is explained; 30 is saved.
    await page.selectOption('#status', 'running');
    await page.fill('#progress', '130');
    await submit(page, `form[action="/admin/projects/${id}/status"] button[type=submit]`);
    assert.match(await page.textContent('#progress-error'), de ? /ganze Zahl von 0 bis 100/ : /whole number from 0 to 100/);
    await check('the status form with an error');
    assert.equal(sql(`SELECT status || ' ' || progress FROM projects WHERE id = ${id}`), 'planned 0');
    await page.fill('#progress', '30');
    await submit(page, `form[action="/admin/projects/${id}/status"] button[type=submit]`);
    assert.match(await page.textContent('p.notice'), de ? /Status und Fortschritt sind gespeichert/ : /status and progress are saved/);
    assert.equal(sql(`SELECT status || ' ' || progress FROM projects WHERE id = ${id}`), 'running 30');

    await submit(page, `#m${m1} form[action="/admin/projects/${id}/milestones/remove"] button`);
    assert.match(await page.textContent('p.notice'), de ? /entfernt/ : /removed/);
    assert.deepEqual(titles(id), ['Räder kaufen']);
    await check('after the changes');
    assert.equal(sql(`SELECT count(*) FROM audit_log WHERE subject = 'project:${id}'`), '8',
      'two added, moved, done, edited, status, progress, removed: each audited');

    // The list shows it.
    await submit(page, 'p.breadcrumb a');
    await page.fill('#q', title);
    await submit(page, 'form[role=search] button[type=submit]');
    const row = await page.textContent(`#project-${id}`);
    assert.match(row, /30 %/);
    assert.match(row, /1 \/ 1/);
    await ctx.close();
  }
});
