// Browser tests of the funnel in Debian's Chromium (playwright-core):
// submitting an idea through the real form with its preview (JavaScript
// off), supporting without a reload and suggestions while typing
// (JavaScript on), replying to a comment (JavaScript off), and axe-core on
// every page of the funnel in German and English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { assertAccessible, OUTPUT, startServerAndBrowser, stopServerAndBrowser, loginAt } from './lib.mjs';
import { uniqueEmail, oic } from '../http/lib.mjs';
import { png, pdf } from '../http/funnel-helpers.mjs';

const DEMO_PASSWORD = 'innovation-demo';

let srv;
let browser;

before(async () => {
  ({ srv, browser } = await startServerAndBrowser());
});
after(() => stopServerAndBrowser(srv, browser));

async function login(page, email, password = DEMO_PASSWORD) {
  await loginAt(page, srv.base, email, password);
  assert.equal(new URL(page.url()).pathname, '/account');
}

test('submit an idea with a picture through the form, with the preview and similar ideas (no JavaScript)', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'de-DE' });
  const page = await ctx.newPage();
  await login(page, 'jonas@demo.oic.example');
  await page.goto(srv.base + '/challenges');
  await page.getByRole('link', { name: 'Mobilität 2035: Wie kommen alle gut durch die Stadt?' }).click();
  await page.getByRole('link', { name: 'Idee einreichen' }).click();
  assert.match(new URL(page.url()).pathname, /^\/challenges\/\d+\/ideas\/new$/);
  await page.getByLabel('Titel').fill('Radwege entlang der Hauptstraßen');
  await page.getByLabel('Beschreibung').fill('Zu kurz');
  await page.getByRole('button', { name: 'Vorschau' }).click();
  assert.match(await page.textContent('.error-summary'), /Die Beschreibung braucht 20 bis 20\.000 Zeichen\./);
  assert.equal(await page.getByLabel('Titel').inputValue(), 'Radwege entlang der Hauptstraßen');
  await page.getByLabel('Beschreibung').fill('Durchgehende *Radwege* an allen Hauptstraßen, baulich getrennt.');
  await page.getByLabel('Mobilität').check();
  await page.getByLabel('Bild (optional)').setInputFiles({ name: 'radweg.png', mimeType: 'image/png', buffer: png(640, 400, { text: 'GPS 52.03 8.53' }) });
  await page.getByRole('button', { name: 'Vorschau' }).click();
  assert.equal(await page.textContent('h1'), 'Ihre Idee prüfen');
  assert.equal(await page.getAttribute('.image-chosen img', 'alt'), 'Das ausgewählte Bild');
  assert.equal(await page.textContent('.preview-box em'), 'Radwege');
  assert.match(await page.textContent('.similar'), /Sichere Radwege zu allen Schulen/, 'similar idea suggested');
  await page.getByRole('button', { name: 'Idee einreichen' }).click();
  assert.match(new URL(page.url()).pathname, /^\/ideas\/\d+$/);
  assert.equal(await page.textContent('h1'), 'Radwege entlang der Hauptstraßen');
  assert.match(await page.textContent('.idea-status'), /Eingereicht/);
  assert.match(await page.textContent('.tags'), /Mobilität/);
  const shown = await page.evaluate(() => { const i = document.querySelector('.idea-image img'); return i && i.complete && i.naturalWidth; });
  assert.equal(shown, 320, 'the thumbnail of the picture is shown');
  await ctx.close();
});

test('support an idea without a reload, and see suggestions while typing (JavaScript on)', async () => {
  const ctx = await browser.newContext({ locale: 'de-DE' });
  const page = await ctx.newPage();
  await login(page, 'amt@demo.oic.example');
  await page.goto(srv.base + '/challenges');
  await page.getByRole('link', { name: 'Mobilität 2035: Wie kommen alle gut durch die Stadt?' }).click();
  await page.getByRole('link', { name: 'Nachtbus am Wochenende bis 3 Uhr' }).click();
  const url = page.url();
  const count = page.locator('[data-support-count]');
  const before = Number(await count.textContent());
  // A marker that a reload would wipe out.
  await page.evaluate(() => { window.stillHere = true; });
  await page.getByRole('button', { name: 'Diese Idee unterstützen' }).click();
  await page.getByRole('button', { name: 'Unterstützung zurückziehen' }).waitFor();
  assert.equal(Number(await count.textContent()), before + 1);
  assert.equal(await page.evaluate(() => window.stillHere), true, 'no reload');
  assert.equal(page.url(), url);
  assert.match(await page.textContent('[data-support-status]'), /Ihre Unterstützung wurde gezählt/);
  assert.equal(await page.textContent('[data-support-mine]'), 'Sie unterstützen diese Idee.');
  await page.getByRole('button', { name: 'Unterstützung zurückziehen' }).click();
  await page.getByRole('button', { name: 'Diese Idee unterstützen' }).waitFor();
  assert.equal(Number(await count.textContent()), before);
  assert.equal(await page.evaluate(() => window.stillHere), true);
  // The server agrees.
  await page.reload();
  assert.equal(Number(await page.locator('[data-support-count]').textContent()), before);

  // Suggestions while typing a title.
  await page.goto(srv.base + '/ideas/new');
  await page.getByLabel('Titel').pressSequentially('WLAN Hotspots', { delay: 20 });
  await page.locator('#similar-live a').first().waitFor();
  assert.match(await page.textContent('#similar-live'), /Offene WLAN-Hotspots in allen Bibliotheken/);
  await ctx.close();
});

test('reply to a comment through the form (no JavaScript)', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
  const page = await ctx.newPage();
  await login(page, 'murat@demo.oic.example');
  await page.goto(srv.base + '/challenges');
  await page.getByRole('link', { name: 'Mobilität 2035: Wie kommen alle gut durch die Stadt?' }).click();
  await page.getByRole('link', { name: 'Sichere Radwege zu allen Schulen' }).click();
  const parent = page.locator('li.comment', { hasText: 'Die Hochschule hat Zähldaten' }).first();
  const id = (await parent.getAttribute('id')).replace('comment-', '');
  await parent.locator('summary', { hasText: 'Reply' }).first().click();
  await page.fill(`#reply-${id}`, 'Great, please share the data with the workshop.');
  await page.click(`form:has(#reply-${id}) button[type=submit]`);
  assert.match(page.url(), /#comment-\d+$/);
  const reply = page.locator(`#comment-${id} ol.replies li.comment`).last();
  assert.match(await reply.textContent(), /Great, please share the data with the workshop\./);
  assert.match(await reply.locator('.comment-author').textContent(), /Murat Yilmaz/);
  await ctx.close();
});

test('a challenge with a cover picture and an idea with PDF documents, through the real forms, stay axe-clean', async () => {
  const email = uniqueEmail('cover-admin');
  const add = oic(['user', 'add', '--email', email, '--name', 'Cover Admin', '--role', 'admin', '--password', 'cover admin password', '--db', srv.store.url]);
  assert.equal(add.code, 0, add.stderr);
  const ctx = await browser.newContext({ locale: 'de-DE', bypassCSP: true });
  const page = await ctx.newPage();
  await login(page, email, 'cover admin password');
  await page.goto(srv.base + '/challenges/new');
  await page.fill('#title', 'Grüne Innenhöfe für alle');
  await page.fill('#summary', 'Wie werden versiegelte Höfe zu grünen Orten?');
  await page.locator('#opens_at').fill('2026-01-01T09:00');
  await page.getByLabel('Bild', { exact: true }).setInputFiles({ name: 'hof.png', mimeType: 'image/png', buffer: png(960, 540) });
  // Without a description: refused, the picture kept for the correction.
  await page.click('main form button[type=submit]');
  assert.match(await page.textContent('.error-summary'), /Beschreiben Sie das Titelbild/);
  await assertAccessible(page, 'challenge form with a cover error (de-DE)');
  assert.equal(await page.getAttribute('.cover-fields .image-chosen img', 'alt'), 'Das aktuelle Titelbild');
  await page.getByLabel('Beschreibung des Bildes').fill('Ein begrünter Innenhof mit Bänken und Hochbeeten');
  await page.click('main form button[type=submit]');
  assert.match(new URL(page.url()).pathname, /^\/challenges\/\d+$/);
  const challengePath = new URL(page.url()).pathname;
  const cover = page.locator('.challenge-cover img');
  assert.equal(await cover.getAttribute('alt'), 'Ein begrünter Innenhof mit Bänken und Hochbeeten');
  assert.equal(await cover.evaluate((i) => i.complete && i.naturalWidth), 960);
  await page.goto(srv.base + '/account');
  await page.click('form[action="/account/logout"] button');

  // A participant attaches a PDF, renames it in the preview and submits.
  await login(page, 'lena@demo.oic.example');
  await page.goto(srv.base + challengePath);
  await page.getByRole('link', { name: 'Idee einreichen' }).click();
  await page.getByLabel('Titel').fill('Hofbegrünung mit Nachbarschaftspaten');
  await page.getByLabel('Beschreibung').fill('Nachbarinnen und Nachbarn übernehmen Patenschaften für Beete im Hof.');
  await page.getByLabel('PDF-Dokumente hinzufügen').setInputFiles({ name: 'konzept-v3.pdf', mimeType: 'application/pdf', buffer: pdf({ pages: 2, note: 'browser' }) });
  await page.getByRole('button', { name: 'Vorschau' }).click();
  assert.equal(await page.textContent('h1'), 'Ihre Idee prüfen');
  await assertAccessible(page, 'idea preview with a document (de-DE)');
  const linkText = page.getByLabel(/Linktext des Dokuments/);
  assert.equal(await linkText.inputValue(), 'konzept-v3.pdf');
  await linkText.fill('Konzept Hofpaten.pdf');
  await page.getByRole('button', { name: 'Idee einreichen' }).click();
  assert.match(new URL(page.url()).pathname, /^\/ideas\/\d+$/);
  const ideaPath = new URL(page.url()).pathname;
  const link = page.getByRole('link', { name: 'Konzept Hofpaten.pdf (PDF, 1 KB)' });
  await link.waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.equal(download.suggestedFilename(), 'Konzept Hofpaten.pdf');
  await ctx.close();

  for (const locale of ['de-DE', 'en-GB']) {
    const c = await browser.newContext({ locale, bypassCSP: true });
    const p = await c.newPage();
    for (const [where, what] of [[challengePath, 'challenge with a cover'], ['/challenges', 'list with a cover'], ['/', 'home with a cover'], [ideaPath, 'idea with a document']]) {
      const r = await p.goto(srv.base + where);
      assert.equal(r.status(), 200, where);
      await assertAccessible(p, `${what} (${locale})`);
    }
    assert.match(await p.textContent('.attachments'), locale === 'de-DE' ? /Dokumente/ : /Documents/);
    await p.screenshot({ path: path.join(OUTPUT, `funnel-idea-document-${locale}.png`), fullPage: true });
    await c.close();
  }
});

test('axe-core finds no violations on the pages of the funnel, in German and English', async () => {
  const email = uniqueEmail('axe-admin');
  const add = oic(['user', 'add', '--email', email, '--name', 'Axe Admin', '--role', 'admin', '--password', 'axe admin password', '--db', srv.store.url]);
  assert.equal(add.code, 0, add.stderr);
  for (const locale of ['de-DE', 'en-GB']) {
    const ctx = await browser.newContext({ locale, bypassCSP: true, javaScriptEnabled: true });
    const page = await ctx.newPage();
    const visit = async (p, what = p) => {
      const r = await page.goto(srv.base + p);
      assert.ok(r.status() < 500, `${p}: ${r.status()}`);
      await assertAccessible(page, `${what} (${locale})`);
    };
    // Anonymous.
    await visit('/challenges');
    await visit('/challenges?phase=evaluation&order=deadline', 'filtered list');
    await visit('/challenges?topic=nothing-matches&phase=closed', 'empty list');
    await visit('/challenges/1');
    await visit('/challenges/1?order=random', 'random order');
    await visit('/challenges/4', 'a challenge in evaluation');
    await visit('/ideas/1', 'an idea with a discussion');
    await visit('/ideas/6', 'an idea with an official answer');
    await visit('/ideas');
    await page.goto(srv.base + '/challenges/1');
    const withPicture = await page.getAttribute('a:text("Radwege entlang der Hauptstraßen")', 'href');
    await visit(withPicture, 'an idea with a picture');
    // A participant: forms everywhere.
    await login(page, 'lena@demo.oic.example');
    await visit('/challenges/1', 'challenge page, logged in');
    await visit('/ideas/1', 'idea page with edit, reply and vote forms');
    await visit('/challenges/1/ideas/new', 'idea form');
    await visit('/ideas/new', 'idea box form');
    await page.goto(srv.base + '/challenges/1/ideas/new');
    await page.click('button[name=step]');
    await assertAccessible(page, `idea form with errors (${locale})`);
    await page.fill('#title', 'Sichere Schulwege mit Lotsen');
    await page.fill('#body', 'Schülerlotsen an allen Grundschulen, unterstützt von der Stadt.');
    await page.click('button[name=step]');
    await assertAccessible(page, `idea preview (${locale})`);
    await page.goto(srv.base + '/ideas/1');
    await page.fill('#comment-body', '');
    await page.evaluate(() => document.querySelector('#comment-body').removeAttribute('required'));
    await page.click('#comment-form button[type=submit]');
    await assertAccessible(page, `comment with an error (${locale})`);
    await visit('/notifications');
    await page.goto(srv.base + '/account');
    await page.click('form[action="/account/logout"] button');
    // An admin: the steering forms.
    await login(page, email, 'axe admin password');
    await visit('/challenges', 'list for admins');
    await visit('/challenges/1', 'challenge page with the phase form');
    await visit('/ideas/2', 'idea page with the status form');
    await visit('/challenges/new');
    await visit('/challenges/1/edit');
    await page.goto(srv.base + '/challenges/new');
    await page.fill('#title', 'x');
    await page.click('main form button[type=submit]');
    await assertAccessible(page, `challenge form with errors (${locale})`);
    await page.screenshot({ path: path.join(OUTPUT, `funnel-challenge-form-${locale}.png`), fullPage: true });
    await page.goto(srv.base + '/ideas/1');
    await page.screenshot({ path: path.join(OUTPUT, `funnel-idea-${locale}.png`), fullPage: true });
    await ctx.close();
  }
});
