// Browser tests of organisers' event tools: a representative of the
// organiser organisation follows "Attendees" from the event page, records
// that someone attended, opens the printable check-in list, is told at
// the field that calling off needs a confirmation, calls the event off
// and sees "abgesagt / cancelled" on its page; a participant makes the
// address of their private calendar.  In German and English, with and
// without JavaScript; every page passes axe-core (without JavaScript, the
// page at the same address in a second context, as the same person).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, startServerAndBrowser, stopServerAndBrowser, loginAt, submitAndWait } from './lib.mjs';
import { oic, uniqueEmail, execSql } from '../http/lib.mjs';

let srv;
let browser;
const sql = (q) => execSql(srv.store.url, q);
const PASSWORD = 'correct horse battery';
const now = Math.floor(Date.now() / 1000);

before(async () => {
  ({ srv, browser } = await startServerAndBrowser({ env: { OIC_PAGE_CACHE_TTL: '0' } }));
});
after(() => stopServerAndBrowser(srv, browser));

function account(name) {
  const email = uniqueEmail('browser-evt');
  assert.equal(oic(['user', 'add', '--email', email, '--name', name, '--role', 'participant',
    '--password', PASSWORD, '--db', srv.store.url]).code, 0);
  return { email, id: Number(sql(`SELECT id FROM users WHERE email = '${email}'`)) };
}

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

for (const [locale, js] of modes) {
  test(`the organiser's attendee list, check-in list and calling off — ${locale}, ${js ? 'with' : 'without'} JavaScript`, async () => {
    const de = locale === 'de-DE';
    const tag = `${locale}-${js ? 'js' : 'nojs'}`;
    sql(`INSERT INTO organisations (name, sector, summary, lang, created) VALUES ('Quartierslabor ${tag}', 'civil', 'Wir laden ein.', 'de', 1)`);
    const org = Number(sql(`SELECT max(id) FROM organisations WHERE name = 'Quartierslabor ${tag}'`));
    const rep = account('Rita Repräsentantin');
    sql(`INSERT INTO organisation_representatives (organisation_id, user_id, added_at) VALUES (${org}, ${rep.id}, ${now})`);
    const starts = now + 5 * 86400;
    sql(`INSERT INTO events (title, summary, kind, starts_at, ends_at, location, capacity, organiser_id, lang, created, registered_count) `
      + `VALUES ('Werkstatt ${tag}', 'Kurz.', 'workshop', ${starts}, ${starts + 7200}, 'Rathaus', NULL, ${org}, 'de', ${now}, 2)`);
    const id = Number(sql(`SELECT max(id) FROM events WHERE title = 'Werkstatt ${tag}'`));
    const anna = account('Anna Gast');
    const bert = account('Bert Gast');
    sql(`INSERT INTO event_registrations (event_id, user_id, status, created) VALUES (${id}, ${anna.id}, 'registered', ${now}), (${id}, ${bert.id}, 'registered', ${now + 1})`);

    const { page, check, close } = await open(locale, js, rep.email);
    await page.goto(`${srv.base}/events/${id}`);
    await check('the event page with the organisers\' tools');
    await submitAndWait(page, `#organiser-tools a[href="/events/${id}/attendees"]`);
    assert.equal(new URL(page.url()).pathname, `/events/${id}/attendees`);
    assert.match(await page.textContent('main'), /Anna Gast/);
    await check('the attendee list');
    await submitAndWait(page, `#attendee-${anna.id} button[value=yes]`);
    assert.match(await page.textContent('p.notice'), de ? /Teilnahme ist erfasst/ : /attendance is recorded/);
    assert.equal(await page.textContent(`#attendee-${anna.id} .attendance-state`), de ? 'teilgenommen' : 'attended');
    await check('the attendee list after recording');
    assert.equal(sql(`SELECT attended FROM event_registrations WHERE event_id = ${id} AND user_id = ${anna.id}`), '1');

    await submitAndWait(page, `a[href="/events/${id}/checkin"]`);
    assert.equal(await page.locator('.checkin-table tbody tr').count(), 2);
    await check('the check-in list');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.site-header').isVisible(), false, 'printed without the site\'s header');
    assert.equal(await page.locator('.checkin-table').isVisible(), true);
    await page.emulateMedia({ media: 'screen' });

    await submitAndWait(page, `nav a[href="/events/${id}/call-off"]`);
    await check('the call-off form');
    await page.fill('#reason', 'Die Halle ist gesperrt.');
    await submitAndWait(page, `form[action="/events/${id}/call-off"] button[type=submit]`);
    assert.match(await page.textContent('#confirm-error'), de ? /Häkchen/ : /Tick the box/);
    assert.equal(await page.inputValue('#reason'), 'Die Halle ist gesperrt.');
    if (js) await check('the call-off form with an error');
    assert.equal(sql(`SELECT coalesce(cancelled_at, 0) FROM events WHERE id = ${id}`), '0');
    await page.check('#confirm');
    await submitAndWait(page, `form[action="/events/${id}/call-off"] button[type=submit]`);
    assert.match(await page.textContent('p.notice[role=status]'), de ? /ist abgesagt/ : /is called off/);
    await check('the attendee list after calling off');
    await page.goto(`${srv.base}/events/${id}`);
    assert.match(await page.textContent('#cancelled-state'), /abgesagt \/ cancelled: Die Halle ist gesperrt\./);
    await check('the cancelled event page');
    await close();

    // A participant's private calendar.
    const guest = await open(locale, js, anna.email);
    await guest.page.goto(`${srv.base}/account`);
    await submitAndWait(guest.page, 'a[href="/account/calendar"]');
    await guest.check('the private calendar page');
    await submitAndWait(guest.page, 'form[action="/account/calendar"] button[type=submit]');
    const url = await guest.page.inputValue('#calendar-url');
    assert.match(url, /\/calendar\.ics\?key=[A-Za-z0-9_-]{43}$/);
    if (js) await assertAccessible(guest.page, `the new calendar address (${locale})`);
    const ics = await (await fetch(url)).text();
    assert.match(ics, /STATUS:CANCELLED/);
    await guest.close();
  });
}
