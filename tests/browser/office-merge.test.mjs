// Browser test of merging a duplicate idea: an administrator opens the
// merge page from the duplicate, types a wrong number and is told so at
// the field, types the right one, checks both ideas on the confirmation
// step and merges; the duplicate's address then leads to the idea it went
// into, which lists it.  Plain forms and links: the flow runs with
// JavaScript off too; axe-core checks every step in German and English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, assertAccessible } from './lib.mjs';
import { startServer } from '../http/lib.mjs';
import { person, submitIdea } from '../http/funnel-helpers.mjs';

let srv;
let browser;

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function login(page, email = 'admin@demo.oic.example', password = 'innovation-demo') {
  await page.goto(srv.base + '/account/login');
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/account/login')), page.click('button[type=submit]')]);
}

test('an administrator merges a duplicate idea, with and without JavaScript, in German and English', async () => {
  for (const [locale, js] of [['de-DE', false], ['de-DE', true], ['en-GB', true]]) {
    const de = locale === 'de-DE';
    const author = await person(srv, { name: de ? 'Doris Doppelt' : 'Dan Duplicate' });
    const target = await submitIdea(author, 1, { title: de ? 'Trinkbrunnen am Markt' : 'Drinking fountains at the market', body: 'Eine ausführliche Beschreibung der Idee.' });
    const source = await submitIdea(author, 1, { title: de ? 'Wasserspender am Marktplatz' : 'Water dispensers on the square', body: 'Eine ausführliche Beschreibung derselben Idee.' });
    // bypassCSP only so that axe can be injected.
    const ctx = await browser.newContext({ locale, bypassCSP: true, javaScriptEnabled: js });
    const page = await ctx.newPage();
    const check = js ? (what) => assertAccessible(page, what) : async () => {};
    await login(page);
    await page.goto(`${srv.base}/ideas/${source}`);
    await page.click(`a[href="/admin/ideas/${source}/merge"]`);
    assert.equal(new URL(page.url()).pathname, `/admin/ideas/${source}/merge`);
    await check(`the merge page (${locale})`);

    // A wrong number: told at the field, in the page's language.
    await page.fill('#target', String(source));
    await page.click('form[action$="/merge"] button[type=submit]');
    assert.match(await page.textContent('#target-error'),
      de ? /Eine Idee kann nicht mit sich selbst zusammengeführt werden/ : /An idea cannot be merged into itself/);
    assert.equal(await page.getAttribute('#target', 'aria-invalid'), 'true');
    await check(`the merge page with an error (${locale})`);

    // The right one: both ideas shown before anything changes.
    await page.fill('#target', String(target));
    await page.click('form[action$="/merge"] button[type=submit]');
    assert.match(await page.textContent('main'), de ? /Trinkbrunnen am Markt/ : /Drinking fountains at the market/);
    await check(`the confirmation (${locale})`);
    await page.click('form[method="post"][action$="/merge"] button[type=submit]');
    assert.equal(new URL(page.url()).pathname, `/ideas/${target}`);
    assert.match(await page.textContent('#merged'),
      de ? /In diese Idee zusammengeführt.*Wasserspender am Marktplatz/s : /Merged into this idea.*Water dispensers on the square/s);
    await check(`the idea merged into (${locale})`);

    // The duplicate's address leads there.
    await page.goto(`${srv.base}/ideas/${source}`);
    assert.equal(new URL(page.url()).pathname, `/ideas/${target}`);
    // Its merge page says where it went.
    await page.goto(`${srv.base}/admin/ideas/${source}/merge`);
    assert.match(await page.textContent('p.notice'),
      de ? /Diese Idee wurde mit einer anderen zusammengeführt/ : /This idea has been merged into another one/);
    await check(`the merge page of a merged idea (${locale})`);
    await ctx.close();
  }
});
