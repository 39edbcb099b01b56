// Browser tests of the back office: an administrator finds an account,
// gives it a role through the form and reads the change in the audit
// log, and merges a duplicate idea into another; every back-office page,
// with and without errors, passes axe-core in German and English.  The pages are plain forms and links: the flow
// runs with JavaScript off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, startServerAndBrowser, stopServerAndBrowser, loginAt } from './lib.mjs';
import { oic, uniqueEmail } from '../http/lib.mjs';
import { person, submitIdea } from '../http/funnel-helpers.mjs';


let srv;
let browser;

before(async () => {
  ({ srv, browser } = await startServerAndBrowser());
});
after(() => stopServerAndBrowser(srv, browser));

const login = (page, email = 'admin@demo.oic.example', password = 'innovation-demo') => loginAt(page, srv.base, email, password);

test('an administrator gives a role and finds it in the audit log, with and without JavaScript, in German and English', async () => {
  // axe-core needs JavaScript: the run without it checks the flow, the run with it the pages.
  for (const [locale, js] of [['de-DE', false], ['de-DE', true], ['en-GB', false], ['en-GB', true]]) {
    const de = locale === 'de-DE';
    const name = de ? 'Erika Evaluatorin' : 'Evan Evaluator';
    const email = uniqueEmail('browser-role');
    assert.equal(oic(['user', 'add', '--email', email, '--name', name, '--role', 'participant',
      '--password', 'correct horse battery', '--db', srv.store.url]).code, 0);
    // bypassCSP only so that axe can be injected.
    const ctx = await browser.newContext({ locale, bypassCSP: true, javaScriptEnabled: js });
    const page = await ctx.newPage();
    const check = js ? (what) => assertAccessible(page, what) : async () => {};
    await login(page);
    await page.goto(srv.base + '/admin');
    await check(`/admin (${locale})`);
    await page.click(`nav.admin-nav >> text=${de ? 'Konten' : 'Accounts'}`);
    assert.equal(new URL(page.url()).pathname, '/admin/accounts');
    await check(`/admin/accounts (${locale})`);
    await page.fill('#q', email.toUpperCase());
    await page.click('form.filter-form button[type=submit]');
    await check(`/admin/accounts?q= (${locale})`);
    await page.click(`table >> text=${name}`);
    assert.match(new URL(page.url()).pathname, /^\/admin\/accounts\/\d+$/);
    await check(`an account (${locale})`);
    await page.check('#role-evaluator');
    await page.click('form[action$="/role"] button[type=submit]');
    assert.match(await page.textContent('p.notice'), de ? /Die Rolle ist gespeichert/ : /The role is saved/);
    assert.match(await page.textContent('dl.facts'), de ? /Gutachter\*in/ : /Evaluator/);
    await check(`an account after saving (${locale})`);
    const accountUrl = page.url().replace(/[?#].*$/, '');
    await page.click(`text=${de ? 'Was mit diesem Konto geschah' : 'What was done to this account'}`);
    assert.equal(new URL(page.url()).pathname, '/admin/audit');
    const row = page.locator('table tbody tr').first();
    assert.match(await row.textContent(), /account\.role.*participant.*evaluator/s);
    await check(`/admin/audit filtered (${locale})`);
    // A ban: without a reason it is refused next to the field; with one the account is banned, then the ban lifted.
    await page.goto(accountUrl);
    await page.click('form[action$="/ban"] button[type=submit]');
    assert.match(await page.textContent('#reason-error'), de ? /Geben Sie den Grund der Sperre an/ : /Give the reason for the ban/);
    assert.equal(await page.getAttribute('#reason', 'aria-invalid'), 'true');
    await check(`an account with a ban error (${locale})`);
    await page.fill('#reason', de ? 'Werbung in jedem Kommentar' : 'Advertising in every comment');
    await page.click('form[action$="/ban"] button[type=submit]');
    assert.match(await page.textContent('p.notice'), de ? /Das Konto ist gesperrt/ : /The account is banned/);
    assert.match(await page.textContent('dl.facts'), de ? /Werbung in jedem Kommentar/ : /Advertising in every comment/);
    await check(`a banned account (${locale})`);
    await page.click('form[action$="/unban"] button[type=submit]');
    assert.match(await page.textContent('p.notice'), de ? /Die Sperre ist aufgehoben/ : /The ban is lifted/);
    // The filter form's errors, next to their fields.
    await page.goto(srv.base + '/admin/audit');
    await page.fill('#actor', 'jemand');
    await page.fill('#action', 'Alles!');
    await page.click('form.filter-form button[type=submit]');
    assert.match(await page.textContent('.error-summary'), de ? /Nummer eines Kontos/ : /number of an account/);
    assert.equal(await page.getAttribute('#actor', 'aria-invalid'), 'true');
    await check(`/admin/audit with errors (${locale})`);
    await page.goto(srv.base + '/admin/accounts?role=king');
    assert.match(await page.textContent('#role-error'), de ? /Diese Rolle gibt es nicht/ : /There is no such role/);
    await check(`/admin/accounts with errors (${locale})`);
    await ctx.close();
  }
});

test('analytics and the settings pass axe-core in German and English; the targets are set through the form', async () => {
  for (const locale of ['de-DE', 'en-GB']) {
    const de = locale === 'de-DE';
    const ctx = await browser.newContext({ locale, bypassCSP: true });
    const page = await ctx.newPage();
    await login(page);
    await page.goto(srv.base + '/admin');
    await page.click(`nav.admin-nav >> text=${de ? 'Auswertung' : 'Analytics'}`);
    assert.equal(new URL(page.url()).pathname, '/admin/analytics');
    assert.equal(await page.locator('svg[role=img]').count(), 3);
    await assertAccessible(page, `/admin/analytics (${locale})`);
    await page.selectOption('#challenge', { index: 1 });
    await page.click('form.filter-form button[type=submit]');
    assert.match(page.url(), /challenge=\d+/);
    await assertAccessible(page, `/admin/analytics of a challenge (${locale})`);
    await page.goto(srv.base + '/admin/analytics?from=2021-02-30');
    assert.match(await page.textContent('.error-summary'), de ? /Geben Sie ein Datum/ : /Give a date/);
    await assertAccessible(page, `/admin/analytics with errors (${locale})`);
    await page.goto(srv.base + '/admin/settings');
    await assertAccessible(page, `/admin/settings (${locale})`);
    await page.fill('#target-civil', '90');
    await page.click('form.form button[type=submit]');
    assert.match(await page.textContent('#targets-error'), de ? /100 %/ : /100 %/);
    await assertAccessible(page, `/admin/settings with errors (${locale})`);
    for (const [sector, v] of [['government', '20'], ['research', '20'], ['business', '20'], ['civil', '40']]) await page.fill(`#target-${sector}`, v);
    await page.click('form.form button[type=submit]');
    assert.match(await page.textContent('p.notice'), de ? /gespeichert/ : /saved/);
    await ctx.close();
  }
});

test('the exports page passes axe-core in German and English; its links download the files', async () => {
  for (const locale of ['de-DE', 'en-GB']) {
    const de = locale === 'de-DE';
    const ctx = await browser.newContext({ locale, bypassCSP: true, acceptDownloads: true });
    const page = await ctx.newPage();
    await login(page);
    await page.goto(srv.base + '/admin');
    await page.click(`nav.admin-nav >> text=${de ? 'Exporte' : 'Exports'}`);
    assert.equal(new URL(page.url()).pathname, '/admin/exports');
    await assertAccessible(page, `/admin/exports (${locale})`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href="/admin/exports/ideas.csv"]')]);
    assert.equal(download.suggestedFilename(), 'oic-ideas.csv');
    const chunks = [];
    for await (const c of await download.createReadStream()) chunks.push(c);
    const text = Buffer.concat(chunks).toString('utf8');
    assert.match(text, /^id,created_utc,challenge_id,author,title,/);
    assert.doesNotMatch(text, /@demo\.oic\.example/, 'no e-mail address in the file');
    await ctx.close();
  }
});

test('an administrator edits, versions and restores a content page; every step passes axe-core in German and English', async () => {
  for (const locale of ['de-DE', 'en-GB']) {
    const de = locale === 'de-DE';
    const ctx = await browser.newContext({ locale, bypassCSP: true });
    const page = await ctx.newPage();
    await login(page);
    await page.goto(srv.base + '/admin');
    await page.click(`nav.admin-nav >> text=${de ? 'Inhaltsseiten' : 'Content pages'}`);
    assert.equal(new URL(page.url()).pathname, '/admin/pages');
    await assertAccessible(page, `/admin/pages (${locale})`);
    await page.click(`main h2 >> text=${de ? 'Impressum' : 'Imprint'}`);
    assert.equal(new URL(page.url()).pathname, '/admin/pages/imprint');
    await assertAccessible(page, `/admin/pages/imprint (${locale})`);
    const run = de ? 'Lauf Deutsch' : 'Run English';
    await page.fill('#body-de', `## Herausgeberin\n\nStadt Beispielstadt (${run})`);
    await page.fill('#body-en', `## Publisher\n\nCity of Example (${run})`);
    await page.click('form.form button[name=preview]');
    assert.match(await page.textContent('section.preview'), de ? /Stadt Beispielstadt \(Lauf Deutsch\)/ : /City of Example \(Run English\)/);
    await assertAccessible(page, `/admin/pages/imprint with a preview (${locale})`);
    await page.click('form.form button:not([name])');
    assert.match(await page.textContent('p.notice'), de ? /Die neue Version ist gespeichert/ : /The new version is saved/);
    await assertAccessible(page, `/admin/pages/imprint after saving (${locale})`);
    // A second German version, so that the first can be restored.
    await page.fill('#body-de', `## Herausgeberin\n\nStadt Beispielstadt, zweite Fassung (${run})`);
    await page.click('form.form button:not([name])');
    await page.goto(srv.base + '/imprint');
    assert.match(await page.textContent('main'), de ? /zweite Fassung/ : /City of Example \(Run English\)/);
    await assertAccessible(page, `/imprint with the office's text (${locale})`);
    // An emptied text is refused next to its field.
    await page.goto(srv.base + '/admin/pages/imprint');
    await page.fill('#body-de', '');
    await page.click('form.form button:not([name])');
    assert.match(await page.textContent('#body-de-error'), de ? /Schreiben Sie den Text der Seite/ : /Write the text of the page/);
    assert.equal(await page.getAttribute('#body-de', 'aria-invalid'), 'true');
    await assertAccessible(page, `/admin/pages/imprint with an error (${locale})`);
    // The German version before the newest, and its restore.
    await page.goto(srv.base + '/admin/pages/imprint');
    const german = de ? 'Deutsch' : 'German';
    await page.locator('#history ~ table tbody tr', { hasText: german }).nth(1).locator('a').click();
    assert.match(new URL(page.url()).pathname, /^\/admin\/pages\/imprint\/versions\/\d+$/);
    await assertAccessible(page, `an old version (${locale})`);
    await page.click('form[action$="/restore"] button[type=submit]');
    assert.match(await page.textContent('p.notice'), de ? /Der alte Text ist jetzt die neueste Version/ : /The old text is the page's newest version now/);
    await assertAccessible(page, `/admin/pages/imprint after a restore (${locale})`);
    await page.goto(srv.base + '/imprint');
    if (de) assert.match(await page.textContent('main'), /Stadt Beispielstadt \(Lauf Deutsch\)/);
    await ctx.close();
  }
});

test('the home page leads an administrator to the back office', async () => {
  const ctx = await browser.newContext({ locale: 'de-DE' });
  const page = await ctx.newPage();
  await login(page);
  await page.goto(srv.base + '/');
  await page.click('a[href="/admin"]');
  assert.equal(new URL(page.url()).pathname, '/admin');
  assert.equal(await page.locator('nav.admin-nav a').count(), 15, 'overview, analytics, challenges, ideas, pilot projects, events, moderation, accounts, organisations, audit log, expert evaluation, evaluation, exports, content pages, settings');
  await ctx.close();
});

// Merging: the merge page from the duplicate, a wrong number told at the
// field, the confirmation with both ideas, the merge; the duplicate's
// address then leads to the idea it went into, which lists it.
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
