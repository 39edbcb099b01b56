// Browser tests of moderation: a participant reports an idea through the
// form on its page; a moderator finds it in the queue through the back
// office's navigation, hides it with a public reason that visitors then
// read in its place, and restores it; held words hold a new comment,
// which its author sees marked and the moderator lets through.  With and
// without JavaScript, every page passes axe-core in German and English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, startServerAndBrowser, stopServerAndBrowser, loginAt, submitAndWait } from './lib.mjs';
import { oic, uniqueEmail, execSql } from '../http/lib.mjs';

let srv;
let browser;
const sql = (q) => execSql(srv.store.url, q);

before(async () => {
  ({ srv, browser } = await startServerAndBrowser());
});
after(() => stopServerAndBrowser(srv, browser));

const login = (page, email, password) => loginAt(page, srv.base, email, password);

const submit = submitAndWait;

test('a report reaches the moderators, who hide and restore with a public reason; held words hold a comment — de and en, with and without JavaScript', async () => {
  for (const [locale, js] of [['de-DE', false], ['de-DE', true], ['en-GB', false], ['en-GB', true]]) {
    const de = locale === 'de-DE';
    const email = uniqueEmail('browser-report');
    assert.equal(oic(['user', 'add', '--email', email, '--name', de ? 'Rita Melderin' : 'Rita Reporter', '--role', 'participant',
      '--password', 'correct horse battery', '--db', srv.store.url]).code, 0);
    const idea = Number(sql(`SELECT min(i.id) FROM ideas i JOIN challenges c ON c.id = i.challenge_id
      WHERE i.hidden = 0 AND c.phase = 'open'`));
    assert.ok(idea > 0, 'a demo idea open for comments');
    const ctx = await browser.newContext({ locale, bypassCSP: true, javaScriptEnabled: js });
    const page = await ctx.newPage();
    const check = js ? (what) => assertAccessible(page, `${what} (${locale})`) : async () => {};

    // The participant reports the idea; a first try without a reason is explained.
    await login(page, email, 'correct horse battery');
    await page.goto(`${srv.base}/ideas/${idea}`);
    await submit(page, `a[href="/ideas/${idea}/report"]`);
    assert.equal(new URL(page.url()).pathname, `/ideas/${idea}/report`);
    await check('the report form');
    await submit(page, 'form[action$="/report"] button[type=submit]');
    assert.match(await page.textContent('#reason-error'), de ? /Wählen Sie, warum/ : /Choose why you report this/);
    await check('the report form with its error');
    await page.check('#reason-off_topic');
    await page.fill('#details', de ? 'Passt nicht zur Frage.' : 'Does not answer the question.');
    await submit(page, 'form[action$="/report"] button[type=submit]');
    assert.match(await page.textContent('p.notice'), de ? /Danke/ : /Thank you/);
    await check('the thanks');

    // Held words: the moderator (the demo administrator) sets one; the participant's comment is held.
    const mod = await (await browser.newContext({ locale, bypassCSP: true, javaScriptEnabled: js })).newPage();
    const checkMod = js ? (what) => assertAccessible(mod, `${what} (${locale})`) : async () => {};
    await login(mod, 'admin@demo.oic.example', 'innovation-demo');
    await mod.goto(srv.base + '/admin');
    await submit(mod, `nav.admin-nav >> text=${de ? 'Moderation' : 'Moderation'}`);
    assert.equal(new URL(mod.url()).pathname, '/admin/moderation');
    await checkMod('the queue');
    assert.match(await mod.textContent('main'), de ? /Passt nicht zur Frage/ : /Does not answer the question/);
    await submit(mod, `a[href="/admin/moderation/words"]`);
    await mod.fill('#words', 'x'.repeat(61));
    await submit(mod, 'form[action="/admin/moderation/words"] button[type=submit]');
    assert.match(await mod.textContent('#words-error'), de ? /höchstens 60 Zeichen/ : /at most 60 characters/);
    await checkMod('the held words with an error');
    await mod.fill('#words', 'Quatschkopf');
    await submit(mod, 'form[action="/admin/moderation/words"] button[type=submit]');
    assert.match(await mod.textContent('p.notice'), de ? /gespeichert/ : /saved/);
    await checkMod('the held words');

    await page.goto(`${srv.base}/ideas/${idea}#comments`);
    const text = de ? 'So ein Quatschkopf-Vorschlag' : 'What a Quatschkopf proposal';
    await page.fill('#comment-body', text);
    await submit(page, 'form:has(#comment-body) button[type=submit]');
    assert.match(await page.textContent('main'), de ? /Zur Prüfung zurückgehalten/ : /Held for review/);
    await check('the idea with its author\'s held comment');

    // The moderator lets it through from the held tab.
    await mod.goto(srv.base + '/admin/moderation');
    await submit(mod, 'nav.tabs a[href="/admin/moderation?view=held"]');
    await checkMod('the held posts');
    const held = Number(sql(`SELECT max(id) FROM comments WHERE held <> 0`));
    await submit(mod, `form[action="/admin/moderation/comments/${held}/restore"] button[type=submit]`);
    assert.match(await mod.textContent('p.notice'), de ? /wieder öffentlich/ : /public again/);
    assert.equal(sql(`SELECT held FROM comments WHERE id = ${held}`), '0');

    // Hide the reported idea with a reason; first without one.
    await mod.goto(srv.base + '/admin/moderation');
    const form = `form[action="/admin/moderation/ideas/${idea}/hide"]`;
    await submit(mod, `${form} button[type=submit]`);
    assert.match(await mod.textContent(`#reason-ideas-${idea}-error`), de ? /öffentliche Begründung/ : /public reason/);
    await checkMod('the queue with an error');
    const reason = de ? 'Gehört in eine andere Herausforderung.' : 'Belongs to another challenge.';
    await mod.fill(`#reason-ideas-${idea}`, reason);
    await submit(mod, `${form} button[type=submit]`);
    assert.match(await mod.textContent('p.notice'), de ? /Ausgeblendet/ : /Hidden/);
    await checkMod('the queue after hiding');

    const visitor = await (await browser.newContext({ locale, bypassCSP: true, javaScriptEnabled: js })).newPage();
    const r = await visitor.goto(`${srv.base}/ideas/${idea}`);
    assert.equal(r.status(), 410);
    assert.match(await visitor.textContent('main'), new RegExp(reason.replace('.', '\\.')));
    if (js) await assertAccessible(visitor, `a hidden idea (${locale})`);

    // Restore through the idea's own page (moderators see the toggle there).
    await mod.goto(`${srv.base}/ideas/${idea}`);
    assert.match(await mod.textContent('main'), new RegExp(reason.replace('.', '\\.')));
    await submit(mod, `form[action="/ideas/${idea}/hide"] button[type=submit]`);
    assert.equal((await visitor.goto(`${srv.base}/ideas/${idea}`)).status(), 200);
    sql(`DELETE FROM settings WHERE key = 'moderation.held_words'`);
    await ctx.close();
  }
});
