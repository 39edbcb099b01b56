// Browser tests of pilot projects, search and the map: axe-core on every
// page in German and English (as a visitor and, for the forms, as an
// administrator), the map drawn by Leaflet with JavaScript from a local
// tile server without any CSP violation, and the same places as a list
// without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { launchBrowser, assertAccessible, OUTPUT, stopServerAndBrowser, loginAt } from './lib.mjs';
import { startServer, freePort, Client, uniqueEmail } from '../http/lib.mjs';
import { adminClient, participant, selectedIdea, newProject, csrfOf, newIdea } from '../http/discover-fixtures.mjs';

// A 1x1 PNG: every tile the map asks for.
const TILE = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let srv;
let tiles;
let tileRequests = 0;
let browser;
let project;
let adminIdea;
const PAULA = { email: uniqueEmail('paula'), password: 'correct horse battery' };

before(async () => {
  const tilePort = await freePort();
  tiles = http.createServer((req, res) => {
    tileRequests++;
    res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' });
    res.end(TILE);
  });
  await new Promise((resolve) => tiles.listen(tilePort, '127.0.0.1', resolve));
  srv = await startServer({ env: { OIC_MAP_TILES: `http://127.0.0.1:${tilePort}/{z}/{x}/{y}.png`, OIC_MAP_ATTRIBUTION: '© Testkarten' } });
  // A project with milestones and updates, made through the real pages.
  const admin = await adminClient(srv.base);
  const user = await participant(srv.base);
  const idea = await selectedIdea(user, admin, {
    title: 'Lastenräder für das Quartier', body: 'Ein Netz aus Lastenrädern zum Ausleihen in jedem Quartier der Stadt.',
    lat: '52.0250', lon: '8.5300', address: 'Am Markt 3',
  });
  project = await newProject(admin, idea);
  const _csrf = await csrfOf(admin, `/projects/${project}`);
  await admin.post(`/projects/${project}/milestones`, { _csrf, title: 'Räder bestellt', due: '2026-09-30' });
  await admin.post(`/projects/${project}/updates`, { _csrf, body: 'Die **ersten Räder** sind da.', progress: '35' });
  await admin.post(`/projects/${project}/edit`, {
    _csrf, title: 'Lastenräder im Quartier', summary: 'Zehn Lastenräder zum Ausleihen in drei Quartieren.', org: '',
    budget: '120000', status: 'running', lang: 'de', lat: '52.0250', lon: '8.5300', address: 'Am Markt 3',
    results: '## Erste Zahlen\n\n- 300 Ausleihen\n- 40 Haushalte',
  });
  // A discussion on the project, and an idea of the administrator's to build a team for.
  const paula = new Client(srv.base);
  assert.equal((await paula.register({ email: PAULA.email, name: 'Paula Pilotin' })).status, 303);
  const pc = await csrfOf(paula, `/projects/${project}`);
  assert.equal((await paula.post(`/projects/${project}/comments`, { _csrf: pc, body: 'Wann kommen die Räder in die Weststadt?' })).status, 303);
  adminIdea = await newIdea(admin, { title: 'Ein Team für die Weststadt', body: 'Eine Idee, an der mehrere Menschen gemeinsam arbeiten wollen.' });
  browser = await launchBrowser();
});

after(async () => {
  await stopServerAndBrowser(srv, browser);
  await new Promise((resolve) => (tiles ? tiles.close(resolve) : resolve()));
});

// Log in through the real form in this browser context.
const login = (page, email = 'admin@demo.oic.example', password = 'innovation-demo') => loginAt(page, srv.base, email, password);

test('projects, search and the map pass axe-core in German and English', async () => {
  for (const locale of ['de-DE', 'en-GB']) {
    // bypassCSP only so that axe can be injected; the map test below runs with the real policy.
    const ctx = await browser.newContext({ locale, bypassCSP: true });
    const page = await ctx.newPage();
    const pages = ['/projects', '/projects?status=running', `/projects/${project}`, '/search',
      '/search?q=Lastenr%C3%A4der', '/search?q=Fahrrad&kind=idea', '/search?q=und', '/map'];
    for (const p of pages) {
      await page.goto(srv.base + p);
      if (p === '/map') await page.waitForSelector('#map[data-ready]');
      await assertAccessible(page, `${p} (${locale})`);
    }
    // The administrator's view: every form on the project page, and its errors.
    await login(page);
    for (const p of ['/projects', `/projects/${project}`, `/projects/${project}/edit`]) {
      await page.goto(srv.base + p);
      await assertAccessible(page, `${p} as administrator (${locale})`);
    }
    await page.goto(srv.base + `/projects/${project}`);
    await page.fill('#milestone-due', '');
    await page.click('form[action$="/milestones"] button[type=submit]');
    assert.match(await page.textContent('.error-summary'), locale === 'de-DE' ? /Benennen Sie den Meilenstein/ : /Name the milestone/);
    await assertAccessible(page, `project page with errors (${locale})`);
    await page.goto(srv.base + `/projects/${project}/edit`);
    await page.fill('#title', '');
    await page.click('form.form button[type=submit]');
    await assertAccessible(page, `project form with errors (${locale})`);
    await ctx.close();
  }
});

test('a reply on a project page (JavaScript on), the discussion and the team form pass axe-core in German and English', async () => {
  for (const locale of ['de-DE', 'en-GB']) {
    const de = locale === 'de-DE';
    const ctx = await browser.newContext({ locale, bypassCSP: true });
    const page = await ctx.newPage();
    await login(page);
    await page.goto(srv.base + `/projects/${project}`);
    assert.equal(await page.evaluate(() => typeof window.fetch), 'function', 'JavaScript runs');
    const parent = page.locator('li.comment', { hasText: 'Wann kommen die Räder in die Weststadt?' }).first();
    const id = (await parent.getAttribute('id')).replace('comment-', '');
    await parent.locator('summary', { hasText: de ? 'Antworten' : 'Reply' }).first().click();
    const text = de ? 'Im Frühjahr, sobald die Stationen stehen.' : 'In spring, once the stations are built.';
    await page.fill(`#reply-${id}`, text);
    await Promise.all([page.waitForURL(/#comment-\d+$/), page.click(`form:has(#reply-${id}) button[type=submit]`)]);
    const reply = page.locator(`#comment-${id} ol.replies li.comment`).last();
    assert.match(await reply.textContent(), new RegExp(text.replace('.', '\\.')));
    await assertAccessible(page, `project page with a discussion (${locale})`);
    // An empty reply comes back with its message at the form.
    await parent.locator('summary', { hasText: de ? 'Antworten' : 'Reply' }).first().click();
    await page.evaluate((i) => document.querySelector(`#reply-${i}`).removeAttribute('required'), id);
    await page.click(`form:has(#reply-${id}) button[type=submit]`);
    await page.waitForSelector(`#reply-${id}-error`);
    await assertAccessible(page, `project page with a refused reply (${locale})`);

    // The team of the administrator's idea: the form, its error, its notice.
    await page.goto(srv.base + `/ideas/${adminIdea}`);
    await assertAccessible(page, `idea page with the team form (${locale})`);
    await page.fill('#team-who', 'Niemand Bekanntes');
    await page.click('#team-invite-form button[type=submit]');
    await page.waitForSelector('#team-who-error');
    assert.match(await page.textContent('#team-who-error'), de ? /Niemand mit diesem öffentlichen Namen/ : /Nobody with this public name/);
    await assertAccessible(page, `team form with an error (${locale})`);
    if (de) {
      await page.fill('#team-who', 'Paula Pilotin');
      await Promise.all([page.waitForURL(/team=invited#team$/), page.click('#team-invite-form button[type=submit]')]);
      assert.match(await page.textContent('#team'), /Die Einladung wurde verschickt/);
      await assertAccessible(page, `team section with a notice (${locale})`);
    }
    await ctx.close();
    // The invited person sees the invitation with its buttons.
    const pctx = await browser.newContext({ locale, bypassCSP: true });
    const ppage = await pctx.newPage();
    await login(ppage, PAULA.email, PAULA.password);
    await ppage.goto(srv.base + `/ideas/${adminIdea}`);
    // (Paula's account keeps the language she registered in: German.)
    assert.match(await ppage.textContent('.team-invitation'), /lädt Sie ein/);
    assert.equal(await ppage.locator('form[action$="/team/accept"]').count(), 1);
    await assertAccessible(ppage, `idea page with an invitation (${locale})`);
    await pctx.close();
  }
});

test('the map draws the places with Leaflet under the real CSP', async () => {
  const ctx = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  const before = tileRequests;
  await page.goto(srv.base + '/map');
  await page.waitForSelector('#map[data-ready]');
  const markers = await page.locator('.leaflet-marker-icon').count();
  const located = Number(await page.getAttribute('#map', 'data-ready'));
  assert.ok(markers >= 1 && markers === located, `one marker per place (${markers} of ${located})`);
  assert.ok(tileRequests > before, 'tiles come from the configured server');
  assert.equal(await page.getAttribute('#map', 'role'), 'region');
  assert.match(await page.textContent('.leaflet-control-attribution'), /© Testkarten/);
  // A marker is a button with the place's name; Enter opens its popup with a link.
  const marker = page.locator('.leaflet-marker-icon[title="Lastenräder für das Quartier"]');
  await marker.focus();
  await page.keyboard.press('Enter');
  const link = page.locator('.leaflet-popup-content a');
  await link.waitFor();
  assert.match(await link.getAttribute('href'), /^\/ideas\/\d+$/);
  assert.deepEqual(problems, [], 'no script error and no CSP violation');
  await page.screenshot({ path: path.join(OUTPUT, 'map-de.png') });
  await ctx.close();
});

test('without JavaScript the map page is the list of places', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
  const page = await ctx.newPage();
  await page.goto(srv.base + '/map');
  assert.equal(await page.isVisible('#map'), false, 'the empty map stays hidden');
  const items = page.locator('.map-list li');
  assert.ok(await items.count() >= 1);
  await page.getByRole('link', { name: 'Lastenräder für das Quartier' }).first().click();
  assert.match(new URL(page.url()).pathname, /^\/ideas\/\d+$/);
  // Search and the project pages work as plain forms and links.
  await page.goto(srv.base + '/');
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Search' }).click();
  await page.getByLabel('Search for').fill('Lastenräder');
  await page.getByLabel(/^Pilot projects/).check();
  await page.getByRole('button', { name: 'Search' }).click();
  assert.match(await page.textContent('.search-results'), /Lastenräder im Quartier/);
  await page.getByRole('link', { name: /Lastenräder im Quartier/ }).click();
  assert.equal(new URL(page.url()).pathname, `/projects/${project}`);
  assert.match(await page.textContent('main'), /35 %/);
  await page.screenshot({ path: path.join(OUTPUT, 'project-en.png'), fullPage: true });
  await ctx.close();
});
