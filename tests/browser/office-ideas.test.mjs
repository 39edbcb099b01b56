// Browser test of the back office's list of ideas: an administrator
// filters the list, ticks ideas and gives them a new status with one
// official answer; a missing answer is explained at its field.  With and
// without JavaScript; axe-core in German and English.
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

test('an administrator sets the status of ticked ideas from the list, de and en, with and without JavaScript', async () => {
  for (const [locale, js] of [['de-DE', false], ['de-DE', true], ['en-GB', false], ['en-GB', true]]) {
    const de = locale === 'de-DE';
    const ctx = await browser.newContext({ locale, bypassCSP: true, javaScriptEnabled: js });
    const page = await ctx.newPage();
    const check = js ? (what) => assertAccessible(page, `${what} (${locale})`) : async () => {};
    await loginAt(page, srv.base, 'admin@demo.oic.example', 'innovation-demo');
    await page.goto(srv.base + '/admin');
    await submit(page, `nav.admin-nav >> text=${de ? 'Herausforderungen' : 'Challenges'}`);
    assert.equal(new URL(page.url()).pathname, '/admin/challenges');
    await check('the challenges list');
    await submit(page, `nav.admin-nav >> text=${de ? 'Ideen' : 'Ideas'}`);
    assert.equal(new URL(page.url()).pathname, '/admin/ideas');
    await check('the ideas list');
    await page.selectOption('#state', 'submitted');
    await submit(page, 'form.filter-form button[type=submit]');
    await check('the ideas list, filtered');
    const first = Number(await page.getAttribute('input[name=ids] >> nth=0', 'value'));
    assert.equal(sql(`SELECT status FROM ideas WHERE id = ${first}`), 'submitted');
    await page.check(`#pick-${first}`);
    await page.selectOption('#to', 'in_review');
    await submit(page, 'form[action="/admin/ideas/status"] button[type=submit]');
    assert.match(await page.textContent('#answer-error'), de ? /offizielle Antwort/ : /official answer/);
    await check('the ideas list with an error');
    assert.equal(sql(`SELECT status FROM ideas WHERE id = ${first}`), 'submitted');
    await page.fill('#answer', de ? 'Wir prüfen das.' : 'We are looking into it.');
    await submit(page, 'form[action="/admin/ideas/status"] button[type=submit]');
    assert.match(await page.textContent('p.notice'), de ? /Status ist geändert/ : /status is changed/);
    assert.equal(sql(`SELECT status FROM ideas WHERE id = ${first}`), 'in_review');
    await check('the ideas list after the change');
    await ctx.close();
  }
});
