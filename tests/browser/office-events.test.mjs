// Browser test of events in the back office: an administrator opens
// "Events" in the back office's navigation, creates an event with the date
// and time inputs, is told at the field that the end must follow the start,
// edits the event's times and capacity and sees them on its public page,
// then its (empty) registrations.  With and without JavaScript (the form
// is plain HTML); axe-core in German and English.
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

test('an administrator creates and edits an event, de and en, with and without JavaScript', async () => {
  for (const [locale, js] of [['de-DE', false], ['de-DE', true], ['en-GB', false], ['en-GB', true]]) {
    const de = locale === 'de-DE';
    const ctx = await browser.newContext({ locale, bypassCSP: true, javaScriptEnabled: js });
    const page = await ctx.newPage();
    // axe-core runs in the page, so only with JavaScript.
    const check = js ? (what) => assertAccessible(page, `${what} (${locale})`) : async () => {};
    await loginAt(page, srv.base, 'admin@demo.oic.example', 'innovation-demo');
    await page.goto(srv.base + '/admin');
    await submit(page, `nav.admin-nav >> text=${de ? 'Veranstaltungen' : 'Events'}`);
    assert.equal(new URL(page.url()).pathname, '/admin/events');
    await check('the list');
    await page.selectOption('#when', 'all');
    await page.selectOption('#kind', 'workshop');
    await submit(page, 'form[role=search] button[type=submit]');
    assert.match(page.url(), /when=all&kind=workshop/);
    await check('the list, filtered');

    await submit(page, 'a[href="/admin/events/new"]');
    await check('the new event form');
    const title = `Stadtlabor ${locale} ${js ? 'mit' : 'ohne'} JS`;
    await page.fill('#title', title);
    await page.fill('#summary', 'Wir bauen **Sensoren** für die Luftqualität.');
    await page.selectOption('#kind', 'lab');
    await page.fill('#start_date', '2031-09-10');
    await page.fill('#start_time', '18:00');
    await page.fill('#end_date', '2031-09-10');
    await page.fill('#end_time', '17:00');
    await page.fill('#location', 'Rathaus, Saal 2');
    await page.fill('#capacity', '30');
    await submit(page, 'form[action="/admin/events/new"] button[type=submit]');
    assert.match(await page.textContent('#end_date-error'), de ? /nach ihrem Beginn enden/ : /must end after it begins/);
    assert.equal(await page.getAttribute('#end_date', 'aria-invalid'), 'true');
    assert.equal(await page.inputValue('#title'), title, 'what was typed stays');
    await check('the form with an error');
    assert.equal(sql(`SELECT count(*) FROM events WHERE title = '${title}'`), '0');

    await page.fill('#end_time', '21:00');
    await submit(page, 'form[action="/admin/events/new"] button[type=submit]');
    assert.match(new URL(page.url()).pathname, /^\/admin\/events\/\d+\/edit$/);
    assert.match(await page.textContent('p.notice'), de ? /ist angelegt/ : /is created/);
    await check('the created event');
    const id = Number(sql(`SELECT id FROM events WHERE title = '${title}'`));
    assert.ok(id > 0);

    // Later, with more places.
    await page.fill('#start_time', '18:30');
    await page.fill('#capacity', '40');
    await submit(page, `form[action="/admin/events/${id}/edit"] button[type=submit]`);
    assert.match(await page.textContent('p.notice'), de ? /ist gespeichert/ : /is saved/);
    assert.equal(await page.inputValue('#start_time'), '18:30');
    assert.equal(await page.inputValue('#capacity'), '40');
    await check('the edited event');

    await submit(page, `main a[href="/events/${id}"]`);
    assert.match(await page.textContent('main'), /18:30/);
    assert.equal(await page.textContent('.markdown strong'), 'Sensoren');
    await check('the public page');

    await page.goto(`${srv.base}/admin/events/${id}/registrations`);
    assert.match(await page.textContent('main'), de ? /Noch hat sich niemand angemeldet/ : /Nobody has registered yet/);
    await check('the registrations');
    await page.goto(`${srv.base}/admin/events/${id}/registrations?status=waitlisted`);
    await check('the waitlist');
    await ctx.close();
  }
});
