// Browser tests of the directory of actors: a visitor reaches /actors
// from the main navigation, filters it by sector, competence and
// district and opens an actor's page; a person opts in on /account,
// chooses the public fields, is told at the field what is wrong with a
// competence of 200 characters, and finds their entry with only the
// chosen fields.  With and without JavaScript; every page passes
// axe-core in German and English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, assertAccessible, loginAt, submitAndWait as submit } from './lib.mjs';
import { startServer, oic, uniqueEmail, execSql } from '../http/lib.mjs';

let srv;
let browser;
const sql = (q) => execSql(srv.store.url, q);

before(async () => {
  [srv, browser] = await Promise.all([startServer(), launchBrowser()]);
});
after(async () => { await browser?.close(); await srv?.stop(); });
const login = (page, email, password) => loginAt(page, srv.base, email, password);

// A page and its axe-core check; without JavaScript each page is checked
// again at the same address in a second context (as the same visitor).
async function open(locale, javaScriptEnabled, account) {
  const ctx = await browser.newContext({ locale, javaScriptEnabled, bypassCSP: true });
  const page = await ctx.newPage();
  let axePage = null;
  const check = async (what) => {
    if (javaScriptEnabled) return assertAccessible(page, `${what} (${locale})`);
    if (axePage === null) {
      axePage = await (await browser.newContext({ locale, bypassCSP: true })).newPage();
      if (account) await login(axePage, account, 'correct horse battery');
    }
    await axePage.goto(page.url());
    return assertAccessible(axePage, `${what} (${locale}, the page shown without JavaScript)`);
  };
  const close = async () => { await ctx.close(); await axePage?.context().close(); };
  return { page, check, close };
}

const modes = [['de-DE', true], ['en-GB', false], ['de-DE', false], ['en-GB', true]];

test('a visitor filters the directory and opens an actor — de and en, with and without JavaScript', async () => {
  for (const [locale, js] of modes) {
    const de = locale === 'de-DE';
    const { page, check, close } = await open(locale, js);
    await page.goto(srv.base + '/');
    await submit(page, 'nav.main-nav a[href="/actors"]');
    assert.equal(new URL(page.url()).pathname, '/actors');
    assert.equal(await page.textContent('h1'), de ? 'Verzeichnis der Akteure' : 'Directory of actors');
    await check('the directory');
    await page.selectOption('#sector', 'government');
    await page.selectOption('#tag', 'energy');
    await page.selectOption('#district', 'nordstadt');
    await submit(page, 'form[role=search] button[type=submit]');
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('tag'), 'energy');
    const names = await page.locator('.actor-cards h2 a').allTextContents();
    assert.deepEqual(names, ['Stadtwerke']);
    await check('the directory, filtered');
    await submit(page, '.actor-cards h2 a');
    assert.match(new URL(page.url()).pathname, /^\/actors\/\d+$/);
    assert.equal(await page.textContent('h1'), 'Stadtwerke');
    assert.match(await page.textContent('#actor-competencies + ul'), de ? /Energie/ : /Energy/);
    await check('an actor\'s page');
    // A competence on the page leads back to the directory, filtered by it.
    await submit(page, `.tag-list a[href="/actors?tag=mobility"]`);
    assert.ok((await page.locator('.actor-cards h2 a').allTextContents()).includes('Stadtwerke'));
    await close();
  }
});

test('a person opts in on /account and chooses the public fields — de and en, with and without JavaScript', async () => {
  for (const [locale, js] of modes) {
    const de = locale === 'de-DE';
    const email = uniqueEmail('browser-actor');
    const name = `Paula ${locale} ${js ? 'js' : 'nojs'}`;
    assert.equal(oic(['user', 'add', '--email', email, '--name', name, '--role', 'participant',
      '--password', 'correct horse battery', '--db', srv.store.url]).code, 0);
    const { page, check, close } = await open(locale, js, email);
    await login(page, email, 'correct horse battery');
    await page.goto(srv.base + '/account');
    assert.equal(await page.textContent('#directory-heading'), de ? 'Im Verzeichnis der Akteure' : 'In the directory of actors');
    await check('the account page with the directory section');
    await page.check('#listed-yes');
    await page.check('#public-offers');
    await page.check('#public-competencies');
    await page.check('#competence-sensor-data');
    await page.fill('#tags', 'x'.repeat(200));
    await page.fill('#offers', 'Ich baue Messstationen.');
    await page.fill('#needs', 'Ein geheimer Wunsch.');
    await page.fill('#district', 'Schattenviertel');
    await submit(page, 'form[action="/account/directory"] button[type=submit]');
    assert.match(await page.textContent('#tags-error'), de ? /höchstens 40 Zeichen/ : /at most 40 characters/);
    assert.equal(await page.getAttribute('#tags', 'aria-invalid'), 'true');
    assert.equal(await page.inputValue('#offers'), 'Ich baue Messstationen.', 'what was typed is kept');
    assert.ok(await page.isChecked('#public-offers'));
    assert.equal(sql(`SELECT count(*) FROM actors a JOIN users u ON u.id = a.user_id WHERE u.email = '${email}'`), '0', 'nothing stored');
    if (js) await check('the entry with an error');
    await page.fill('#tags', 'LoRaWAN');
    await submit(page, 'form[action="/account/directory"] button[type=submit]');
    assert.equal(new URL(page.url()).pathname, '/account');
    assert.match(await page.textContent('#directory-heading ~ p.notice'), de ? /ist gespeichert/ : /is saved/);
    await check('the account page, saved');
    await submit(page, '#directory-heading ~ p a[href^="/actors/"]');
    assert.equal(await page.textContent('h1'), name);
    const main = await page.textContent('main');
    assert.match(main, /Ich baue Messstationen\./);
    assert.match(main, /LoRaWAN/);
    assert.doesNotMatch(main, /geheimer Wunsch|Schattenviertel/, 'fields not chosen never show');
    assert.ok(!main.includes(email));
    await check('the entry\'s page');
    await close();
  }
});
