// Browser tests of the opportunities board: a visitor reaches
// /opportunities from the main navigation, filters it and opens an
// opportunity; a representative posts one for their organisation, is
// told at the field that a deadline in the past will not do, fixes it
// and finds the opportunity on the board; a participant replies through
// the platform and the representative reads the reply.  With and without
// JavaScript; every page passes axe-core in German and English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, assertAccessible, loginAt, submitAndWait as submit } from './lib.mjs';
import { startServer, oic, uniqueEmail, execSql } from '../http/lib.mjs';

let srv;
let browser;
const sql = (q) => execSql(srv.store.url, q);
const PASSWORD = 'correct horse battery';

before(async () => {
  [srv, browser] = await Promise.all([startServer({ env: { OIC_PAGE_CACHE_TTL: '0' } }), launchBrowser()]);
});
after(async () => { await browser?.close(); await srv?.stop(); });
const login = (page, email) => loginAt(page, srv.base, email, PASSWORD);

function account(role, name) {
  const email = uniqueEmail(`browser-opp-${role}`);
  assert.equal(oic(['user', 'add', '--email', email, '--name', name, '--role', role,
    '--password', PASSWORD, '--db', srv.store.url]).code, 0);
  return email;
}

// A page and its axe-core check; without JavaScript each page is checked
// again at the same address in a second context (as the same visitor).
async function open(locale, javaScriptEnabled, email) {
  const ctx = await browser.newContext({ locale, javaScriptEnabled, bypassCSP: true });
  const page = await ctx.newPage();
  let axePage = null;
  if (email) await login(page, email);
  const check = async (what) => {
    if (javaScriptEnabled) return assertAccessible(page, `${what} (${locale})`);
    if (axePage === null) {
      axePage = await (await browser.newContext({ locale, bypassCSP: true })).newPage();
      if (email) await login(axePage, email);
    }
    await axePage.goto(page.url());
    return assertAccessible(axePage, `${what} (${locale}, the page shown without JavaScript)`);
  };
  const close = async () => { await ctx.close(); await axePage?.context().close(); };
  return { page, check, close };
}

const modes = [['de-DE', true], ['en-GB', false], ['de-DE', false], ['en-GB', true]];

function day(days) {
  const d = new Date(Date.now() + days * 86400000);
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

test('a visitor browses and filters the board and opens an opportunity — de and en, with and without JavaScript', async () => {
  for (const [locale, js] of modes) {
    const de = locale === 'de-DE';
    const { page, check, close } = await open(locale, js);
    await page.goto(srv.base + '/');
    await submit(page, 'nav.main-nav a[href="/opportunities"]');
    assert.equal(new URL(page.url()).pathname, '/opportunities');
    assert.equal(await page.textContent('h1'), de ? 'Ausschreibungen' : 'Opportunities');
    assert.equal(await page.getAttribute('link[rel=alternate][type="application/atom+xml"]', 'href'), '/opportunities.atom');
    await check('the board');
    await page.selectOption('#kind', 'internship');
    await submit(page, 'form[role=search] button[type=submit]');
    assert.equal(new URL(page.url()).searchParams.get('kind'), 'internship');
    assert.deepEqual(await page.locator('.opportunity-cards h2 a').allTextContents(), ['Praktikum im Makerspace (6 Monate)']);
    await check('the board, filtered');
    await submit(page, '.opportunity-cards h2 a');
    assert.match(new URL(page.url()).pathname, /^\/opportunities\/\d+$/);
    assert.equal(await page.textContent('h1'), 'Praktikum im Makerspace (6 Monate)');
    await check('an opportunity');
    await page.goto(srv.base + '/opportunities?archived=1');
    assert.equal(await page.textContent('h1'), de ? 'Archivierte Ausschreibungen' : 'Archived opportunities');
    assert.ok((await page.locator('.opportunity-cards h2 a').allTextContents()).includes('Forschungskooperation: Luftqualität an Schulen'));
    await check('the archive');
    await submit(page, '.opportunity-cards h2 a >> text=Forschungskooperation: Luftqualität an Schulen');
    assert.match(await page.textContent('main'), de ? /Archiviert:/ : /Archived:/);
    await check('an archived opportunity');
    await close();
  }
});

test('a representative posts an opportunity (a past deadline told at the field), a participant replies — de and en, with and without JavaScript', async () => {
  const org = Number(sql("SELECT id FROM organisations WHERE name = 'Stadtwerke'"));
  for (const [locale, js] of modes) {
    const de = locale === 'de-DE';
    const tag = `${locale} ${js ? 'js' : 'nojs'}`;
    const rep = account('participant', `Rita ${tag}`);
    sql(`INSERT INTO organisation_representatives (organisation_id, user_id, added_at) SELECT ${org}, id, 1 FROM users WHERE email = '${rep}'`);
    const { page, check, close } = await open(locale, js, rep);
    await page.goto(srv.base + '/opportunities');
    await submit(page, 'a[href="/opportunities/new"]');
    assert.equal(await page.textContent('h1'), de ? 'Ausschreibung veröffentlichen' : 'Post an opportunity');
    await check('the form');
    const title = `Sensorpilot ${tag}`;
    await page.fill('#title', title);
    await page.selectOption('#kind', 'pilot-partners');
    await page.selectOption('#organisation', String(org));
    await page.fill('#description', 'Wir suchen **Partner** für Sensoren.');
    await page.check('#sector-business');
    await page.check('#competence-sensor-data');
    await page.fill('#topics', 'Luftqualität');
    await page.fill('#deadline', day(-2));
    await page.fill('#place', 'Nordstadt');
    await submit(page, 'form.form button[type=submit]');
    assert.match(await page.textContent('#deadline-error'), de ? /Die Frist liegt in der Vergangenheit/ : /The deadline is in the past/);
    assert.equal(await page.getAttribute('#deadline', 'aria-invalid'), 'true');
    assert.equal(await page.inputValue('#title'), title, 'what was typed stays');
    await check('the form with a problem');
    await page.fill('#deadline', day(20));
    await submit(page, 'form.form button[type=submit]');
    assert.match(new URL(page.url()).pathname, /^\/opportunities\/\d+$/);
    assert.equal(await page.textContent('h1'), title);
    const href = new URL(page.url()).pathname;
    await check('the posted opportunity');
    await page.goto(srv.base + '/opportunities');
    assert.ok((await page.locator('.opportunity-cards h2 a').allTextContents()).includes(title));
    // A participant replies through the platform.
    const who = account('participant', `Paul ${tag}`);
    const p = await open(locale, js, who);
    await p.page.goto(srv.base + href);
    await p.page.fill('#reply_body', 'Wir machen gern mit.');
    await submit(p.page, 'form[action$="/reply"] button[type=submit]');
    assert.match(await p.page.textContent('main'), de ? /Ihre Antwort ist an die Organisation geschickt/ : /Your reply is sent to the organisation/);
    await p.check('the opportunity after a reply');
    await p.close();
    await page.goto(srv.base + href);
    assert.match(await page.textContent('#replies-heading'), /\(1\)/);
    assert.match(await page.textContent('ul.replies'), /Wir machen gern mit\./);
    assert.ok(!(await page.content()).includes(who), 'no e-mail address shown');
    await check('the opportunity with its replies');
    await close();
  }
});
