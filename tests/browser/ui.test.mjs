// Browser tests: Debian's Chromium driven by playwright-core.  The real
// forms are used as a person would (with JavaScript switched off, since
// every page must work without it); axe-core checks each page for
// WCAG 2.1 AA violations; screenshots go to test-output/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { assertAccessible, OUTPUT, startServerAndBrowser, stopServerAndBrowser } from './lib.mjs';
import { uniqueEmail, execSql } from '../http/lib.mjs';


let srv;
let browser;

before(async () => {
  ({ srv, browser } = await startServerAndBrowser());
});
after(() => stopServerAndBrowser(srv, browser));

test('register, log out and log in through the real forms without JavaScript', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'de-DE' });
  const page = await ctx.newPage();
  const email = uniqueEmail('browser');
  await page.goto(srv.base + '/');
  await page.getByRole('link', { name: 'Registrieren' }).click();
  assert.equal(new URL(page.url()).pathname, '/account/register');
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Anzeigename').fill('Browser Person');
  await page.getByLabel('Passwort').fill('a long enough passphrase');
  await page.getByLabel('Bürgerschaft & Zivilgesellschaft').check();
  await page.getByRole('button', { name: 'Konto anlegen' }).click();
  assert.equal(new URL(page.url()).pathname, '/account');
  assert.match(await page.textContent('main'), /Willkommen! Ihr Konto wurde angelegt\./);
  assert.match(await page.textContent('main'), /Browser Person/);

  await page.getByRole('button', { name: 'Abmelden' }).click();
  assert.match(await page.textContent('main'), /Sie sind abgemeldet\./);

  await page.getByRole('link', { name: 'Anmelden' }).click();
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort').fill('wrong password!');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  assert.match(await page.textContent('main'), /Die E-Mail-Adresse oder das Passwort ist falsch\./);
  await page.getByLabel('Passwort').fill('a long enough passphrase');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  assert.equal(new URL(page.url()).pathname, '/account');
  assert.match(await page.textContent('main'), /Sie sind angemeldet\./);
  await ctx.close();
});

test('form errors are shown next to the fields and keep the input', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
  const page = await ctx.newPage();
  await page.goto(srv.base + '/account/register');
  await page.getByLabel('E-mail address').fill('broken');
  await page.getByLabel('Display name').fill('Kept Name');
  await page.getByRole('button', { name: 'Create account' }).click();
  assert.match(await page.textContent('.error-summary'), /There is a problem/);
  assert.equal(await page.getByLabel('Display name').inputValue(), 'Kept Name');
  assert.equal(await page.getByLabel('E-mail address').getAttribute('aria-invalid'), 'true');
  await ctx.close();
});

test('the language switcher changes language and <html lang>', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'de-DE' });
  const page = await ctx.newPage();
  await page.goto(srv.base + '/imprint');
  assert.equal(await page.getAttribute('html', 'lang'), 'de');
  await page.getByRole('link', { name: 'English' }).click();
  assert.equal(new URL(page.url()).pathname, '/imprint', 'back on the same page');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.textContent('h1'), 'Imprint');
  await page.getByRole('link', { name: 'Deutsch' }).click();
  assert.equal(await page.getAttribute('html', 'lang'), 'de');
  await ctx.close();
});

test('screenshots of the home page in both languages', async () => {
  for (const [locale, file] of [['de-DE', 'home-de.png'], ['en-GB', 'home-en.png']]) {
    const ctx = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(srv.base + '/');
    await page.screenshot({ path: path.join(OUTPUT, file), fullPage: true });
    await ctx.close();
  }
  const ctx = await browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 }, isMobile: true });
  const page = await ctx.newPage();
  await page.goto(srv.base + '/');
  await page.screenshot({ path: path.join(OUTPUT, 'home-mobile.png'), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  assert.equal(overflow, false, 'no horizontal scrolling on a phone');
  await ctx.close();
});

test('axe-core finds no violations on home, register, login, account and more', async () => {
  for (const locale of ['de-DE', 'en-GB']) {
    // bypassCSP only so that the test can inject axe-core; the pages
    // themselves are served with the strict policy.
    const ctx = await browser.newContext({ locale, bypassCSP: true });
    const page = await ctx.newPage();
    for (const p of ['/', '/account/register', '/account/login', '/imprint', '/privacy', '/accessibility', '/no/such/page',
      '/events', '/events?past=1', '/events?kind=hackathon', '/events/1', '/events?kind=rave']) {
      await page.goto(srv.base + p);
      await assertAccessible(page, `${p} (${locale})`);
    }
    // A form with errors.
    await page.goto(srv.base + '/account/register');
    await page.click('button[type=submit]');
    await assertAccessible(page, `register with errors (${locale})`);
    // Logged in: the account page.
    await page.goto(srv.base + '/account/register');
    await page.fill('#email', uniqueEmail('axe'));
    await page.fill('#name', 'Axe Person');
    await page.fill('#password', 'a long enough passphrase');
    await page.check('#sector-research');
    await page.click('button[type=submit]');
    assert.equal(new URL(page.url()).pathname, '/account');
    await assertAccessible(page, `/account (${locale})`);
    await page.goto(srv.base + '/account/tokens');
    await page.fill('#token-name', 'Test');
    await page.click('form[action="/account/tokens"] button[type=submit]');
    await assertAccessible(page, `/account/tokens with a new token (${locale})`);
    // Logged in on an event page: before registering, registered, and on
    // the waitlist (an event with no free place).  Events have no form
    // yet: written with SQL, like the HTTP tests do.
    for (const capacity of [50, 0]) {
      const starts = Math.floor(Date.now() / 1000) + 20 * 24 * 3600;
      const id = execSql(srv.store.url,
        `INSERT INTO events (title, summary, kind, starts_at, ends_at, location, capacity, lang, created)
         VALUES ('Axe-Werkstatt ${capacity}', 'Kurz.', 'workshop', ${starts}, ${starts + 7200}, 'Rathaus', ${capacity}, 'de', ${starts})
         RETURNING id`).split('\n')[0];
      await page.goto(`${srv.base}/events/${id}`);
      await assertAccessible(page, `/events/${id} logged in (${locale})`);
      await page.click(`form[action="/events/${id}/register"] button[type=submit]`);
      assert.match(await page.textContent('#my-state'), capacity ? /angemeldet|registered/ : /Warteliste|waitlist/);
      await assertAccessible(page, `/events/${id} ${capacity ? 'registered' : 'waitlisted'} (${locale})`);
    }
    await page.goto(srv.base + '/');
    await assertAccessible(page, `/ logged in (${locale})`);
    await ctx.close();
  }
});
