// Browser tests of organisations: the office finds an organisation
// through the back office's navigation, is told at the field what is
// wrong with a website, verifies it and names a representative; the
// representative sees the badge on its public page, follows "Edit the
// profile" and saves a new description.  Every page passes axe-core in
// German and English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, startServerAndBrowser, stopServerAndBrowser, loginAt, submitAndWait } from './lib.mjs';
import { oic, uniqueEmail, execSql } from '../http/lib.mjs';

let srv;
let browser;
const sql = (q) => execSql(srv.store.url, q);

before(async () => {
  ({ srv, browser } = await startServerAndBrowser());
});
after(() => stopServerAndBrowser(srv, browser));

const login = (page, email, password) => loginAt(page, srv.base, email, password);

const submit = submitAndWait;

test('the office verifies an organisation and names a representative, who edits its profile — de and en', async () => {
  for (const locale of ['de-DE', 'en-GB']) {
    const de = locale === 'de-DE';
    const name = `Nachbarschaftslabor ${locale}`;
    sql(`INSERT INTO organisations (name, sector, summary, lang, created) VALUES ('${name}', 'civil', 'Wir reparieren.', 'de', 1)`);
    const org = Number(sql(`SELECT max(id) FROM organisations WHERE name = '${name}'`));
    const email = uniqueEmail('browser-rep');
    assert.equal(oic(['user', 'add', '--email', email, '--name', 'Rita Vertreterin', '--role', 'participant',
      '--password', 'correct horse battery', '--db', srv.store.url]).code, 0);

    const ctx = await browser.newContext({ locale, bypassCSP: true });
    const office = await ctx.newPage();
    const check = (page, what) => assertAccessible(page, `${what} (${locale})`);
    await login(office, 'admin@demo.oic.example', 'innovation-demo');
    await office.goto(srv.base + '/admin');
    await submit(office, `nav.admin-nav >> text=${de ? 'Organisationen' : 'Organisations'}`);
    assert.equal(new URL(office.url()).pathname, '/admin/organisations');
    await check(office, 'the list');
    await office.fill('#q', name);
    await submit(office, 'form[role=search] button[type=submit]');
    await check(office, 'the list, searched');
    await submit(office, `a[href="/admin/organisations/${org}"]`);
    await check(office, 'the organisation');

    // A website that is not http(s): explained at the field, nothing stored.
    await office.fill('#website', 'ftp://labor.example');
    await submit(office, `form[action="/admin/organisations/${org}"] button[type=submit]`);
    assert.match(await office.textContent('#website-error'), de ? /mit http:\/\/ oder https:\/\/ beginnt/ : /begins with http:\/\/ or https:\/\//);
    await check(office, 'the profile with an error');
    assert.equal(sql(`SELECT coalesce(website, '') FROM organisations WHERE id = ${org}`), '');

    await submit(office, `form[action="/admin/organisations/${org}/verify"] button[type=submit]`);
    assert.match(await office.textContent('p.notice'), de ? /ist verifiziert/ : /is verified/);
    assert.match(await office.textContent('h1'), de ? /verifiziert/ : /verified/);
    await check(office, 'the verified organisation');
    await office.fill('#email', email);
    await submit(office, `form[action="/admin/organisations/${org}/representatives"] button[type=submit]`);
    assert.match(await office.textContent('p.notice'), de ? /Vertretung ist hinzugefügt/ : /representative is added/);
    assert.match(await office.textContent('main'), /Rita Vertreterin/);
    await check(office, 'the organisation with its representative');

    // The representative.
    const repCtx = await browser.newContext({ locale, bypassCSP: true });
    const rep = await repCtx.newPage();
    await login(rep, email, 'correct horse battery');
    await rep.goto(`${srv.base}/organisations/${org}`);
    assert.match(await rep.textContent('h1'), de ? /✓ verifiziert/ : /✓ verified/);
    await check(rep, 'the public page');
    await submit(rep, `a[href="/organisations/${org}/edit"]`);
    await check(rep, 'the profile form');
    await rep.fill('#summary', 'Wir **reparieren** Fahrräder.');
    await rep.fill('#website', 'https://labor.example');
    await submit(rep, `form[action="/organisations/${org}/edit"] button[type=submit]`);
    assert.match(await rep.textContent('p.notice'), de ? /Profil ist gespeichert/ : /profile is saved/);
    await check(rep, 'the profile form, saved');
    await rep.goto(`${srv.base}/organisations/${org}`);
    assert.equal(await rep.textContent('.markdown strong'), 'reparieren');
    assert.equal(await rep.getAttribute('a[href="https://labor.example"]', 'rel'), 'nofollow');
    await check(rep, 'the public page, edited');
    await ctx.close();
    await repCtx.close();
  }
});

test('the office creates an organisation from the list, with and without JavaScript — de and en', async () => {
  // axe-core runs in the page, so it checks the runs with JavaScript (the
  // same pages, the error's too); the run without checks the plain forms.
  for (const [locale, javaScriptEnabled] of [['de-DE', true], ['en-GB', true], ['de-DE', false]]) {
    const de = locale === 'de-DE';
    const name = `Neues Forschungsnetz ${locale} ${javaScriptEnabled ? 'js' : 'nojs'}`;
    const ctx = await browser.newContext({ locale, javaScriptEnabled, bypassCSP: true });
    const page = await ctx.newPage();
    const check = javaScriptEnabled ? (what) => assertAccessible(page, `${what} (${locale})`) : async () => {};
    await login(page, 'admin@demo.oic.example', 'innovation-demo');
    await page.goto(srv.base + '/admin/organisations');
    await submit(page, 'a[href="/admin/organisations/new"]');
    assert.equal(new URL(page.url()).pathname, '/admin/organisations/new');
    assert.equal(await page.textContent('h1'), de ? 'Neue Organisation' : 'New organisation');
    await check('the new organisation form');
    // No sector chosen: explained at the field, nothing stored.
    await page.fill('#name', name);
    await submit(page, 'form[action="/admin/organisations/new"] button[type=submit]');
    assert.match(await page.textContent('#sector-error'), de ? /einen der vier Sektoren/ : /one of the four sectors/);
    assert.equal(await page.inputValue('#name'), name, 'what was typed is kept');
    assert.equal(sql(`SELECT count(*) FROM organisations WHERE name = '${name}'`), '0');
    await check('the new organisation form with an error');
    await page.selectOption('#sector', 'research');
    await page.fill('#summary', 'Ein **Netz** von Instituten.');
    await submit(page, 'form[action="/admin/organisations/new"] button[type=submit]');
    const id = Number(sql(`SELECT id FROM organisations WHERE name = '${name}'`));
    assert.ok(id > 0, 'created');
    assert.equal(new URL(page.url()).pathname, `/admin/organisations/${id}`);
    assert.match(await page.textContent('p.notice'), de ? /Organisation ist angelegt/ : /organisation is created/);
    await check('the new organisation\'s page');
    await ctx.close();
  }
});
