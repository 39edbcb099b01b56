// Browser test of getting in touch: a person writes to a listed person
// from their page (an empty message is explained at the field), the
// recipient follows the notification to /account/contacts and accepts,
// and only then each sees the other's address.  With and without
// JavaScript; every page passes axe-core in German and English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, loginAt, startServerAndBrowser, stopServerAndBrowser, submitAndWait as submit } from './lib.mjs';
import { oic, uniqueEmail, execSql } from '../http/lib.mjs';

let srv;
let browser;
const sql = (q) => execSql(srv.store.url, q);
const PASSWORD = 'correct horse battery';

before(async () => { ({ srv, browser } = await startServerAndBrowser()); });
after(() => stopServerAndBrowser(srv, browser));

// A new account (listed in the directory with its offers public when listed is set).
function account(name, listed) {
  const email = uniqueEmail('browser-contact');
  assert.equal(oic(['user', 'add', '--email', email, '--name', name, '--role', 'participant',
    '--password', PASSWORD, '--db', srv.store.url]).code, 0);
  let actor = 0;
  if (listed) {
    sql(`INSERT INTO actors (user_id, name, sector, listed, public_fields, offers, lang, created, updated) `
      + `SELECT id, name, sector, 1, 4, 'Beratung', 'de', 1, 1 FROM users WHERE email = '${email}'`);
    actor = Number(sql(`SELECT a.id FROM actors a JOIN users u ON u.id = a.user_id WHERE u.email = '${email}'`));
  }
  return { email, actor };
}

// A logged-in page; check() runs axe-core on it, without JavaScript on the
// same address in a second context of the same account.
async function open(locale, javaScriptEnabled, email) {
  const ctx = await browser.newContext({ locale, javaScriptEnabled, bypassCSP: true });
  const page = await ctx.newPage();
  await loginAt(page, srv.base, email, PASSWORD);
  let axePage = null;
  const check = async (what) => {
    if (javaScriptEnabled) return assertAccessible(page, `${what} (${locale})`);
    if (axePage === null) {
      axePage = await (await browser.newContext({ locale, bypassCSP: true })).newPage();
      await loginAt(axePage, srv.base, email, PASSWORD);
    }
    await axePage.goto(page.url());
    return assertAccessible(axePage, `${what} (${locale}, the page shown without JavaScript)`);
  };
  const close = async () => { await ctx.close(); await axePage?.context().close(); };
  return { page, check, close };
}

const modes = [['de-DE', true], ['en-GB', false], ['de-DE', false], ['en-GB', true]];

test('get in touch, accept, and only then see the addresses — de and en, with and without JavaScript', async () => {
  for (const [locale, js] of modes) {
    const de = locale === 'de-DE';
    const tag = `${locale} ${js ? 'js' : 'nojs'}`;
    const sender = account(`Sina Sender ${tag}`, false);
    const recipient = account(`Rita Empfängerin ${tag}`, true);
    const s = await open(locale, js, sender.email);
    await s.page.goto(`${srv.base}/actors/${recipient.actor}`);
    assert.equal(await s.page.textContent('#contact-heading'), de ? 'Kontakt aufnehmen' : 'Get in touch');
    assert.ok(!(await s.page.textContent('main')).includes(recipient.email));
    await s.check('an actor\'s page with the contact form');
    // Empty: explained at the field, nothing stored.
    await submit(s.page, 'form[action$="/contact"] button[type=submit]');
    assert.match(await s.page.textContent('#message-error'), de ? /Schreiben Sie eine kurze Nachricht/ : /Write a short message/);
    assert.equal(await s.page.getAttribute('#message', 'aria-invalid'), 'true');
    assert.equal(sql(`SELECT count(*) FROM contact_requests WHERE actor_id = ${recipient.actor}`), '0');
    await s.check('the contact form with an error');
    await s.page.fill('#message', 'Hallo Rita, ich suche Beratung für ein Projekt.');
    await submit(s.page, 'form[action$="/contact"] button[type=submit]');
    assert.match(await s.page.textContent('.contact p.notice'), de ? /Ihre Nachricht ist gesendet/ : /Your message is sent/);
    await s.check('the actor\'s page after sending');

    const r = await open(locale, js, recipient.email);
    await r.page.goto(srv.base + '/notifications');
    assert.match(await r.page.textContent('main'), de ? /Jemand möchte mit Ihnen Kontakt aufnehmen/ : /Somebody would like to get in touch with you/);
    await submit(r.page, 'a[href^="/account/contacts#contact-"]');
    assert.equal(new URL(r.page.url()).pathname, '/account/contacts');
    assert.match(await r.page.textContent('main'), /ich suche Beratung/);
    assert.ok(!(await r.page.textContent('main')).includes(sender.email), 'no address before accepting');
    await r.check('the received contact requests');
    await submit(r.page, 'form[action$="/accept"] button');
    assert.match(await r.page.textContent('p.notice'), de ? /angenommen/ : /accepted/);
    assert.equal(await r.page.textContent('.contact-email a'), sender.email);
    await r.check('a request accepted');
    await r.page.goto(srv.base + '/account');
    assert.equal(await r.page.textContent('#contact-heading'), de ? 'Kontaktanfragen' : 'Contact requests');
    await r.check('the account page with the contact section');

    await s.page.goto(srv.base + '/account/contacts?box=sent');
    assert.equal(await s.page.textContent('.contact-email a'), recipient.email);
    await s.check('the sent contact requests, accepted');
    await s.close();
    await r.close();
  }
});
