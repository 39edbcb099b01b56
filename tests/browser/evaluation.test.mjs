// Browser tests of expert evaluation: the administrator finds the
// evaluation of a challenge through the back office's navigation and
// assigns an evaluator (a wrong address first, explained at the field);
// the evaluator finds the challenge through the site's navigation, scores
// an idea (a first try without scores is explained), and then sees the
// submitted evaluations; the administrator reads the results.  With and
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

test('an administrator assigns an evaluator, who scores an idea blind and then sees the others; the office reads the results — de and en, with and without JavaScript', async () => {
  const challenge = Number(sql(`SELECT min(c.id) FROM challenges c WHERE c.phase <> 'draft'
    AND EXISTS (SELECT 1 FROM ideas i WHERE i.challenge_id = c.id AND i.hidden = 0 AND i.status <> 'merged')`));
  assert.ok(challenge > 0, 'a demo challenge with ideas');
  const idea = Number(sql(`SELECT min(id) FROM ideas WHERE challenge_id = ${challenge} AND hidden = 0 AND status <> 'merged'`));
  for (const [locale, js] of [['de-DE', false], ['de-DE', true], ['en-GB', false], ['en-GB', true]]) {
    const de = locale === 'de-DE';
    const email = uniqueEmail('browser-eval');
    const name = `${de ? 'Erika Expertin' : 'Evan Expert'} ${js ? 'js' : 'html'}`;
    assert.equal(oic(['user', 'add', '--email', email, '--name', name, '--role', 'evaluator',
      '--password', 'correct horse battery', '--db', srv.store.url]).code, 0);
    const newPage = async () => (await browser.newContext({ locale, bypassCSP: true, javaScriptEnabled: js })).newPage();
    const admin = await newPage();
    const checkAdmin = js ? (what) => assertAccessible(admin, `${what} (${locale}, admin)`) : async () => {};

    // The administrator: the back office's navigation, the list, the challenge.
    await login(admin, 'admin@demo.oic.example', 'innovation-demo');
    await admin.goto(srv.base + '/admin');
    await submit(admin, `nav.admin-nav a[href="/admin/evaluation"]`);
    assert.equal(new URL(admin.url()).pathname, '/admin/evaluation');
    await checkAdmin('the list of challenges');
    await submit(admin, `a[href="/admin/challenges/${challenge}/evaluation"]`);
    await checkAdmin('the evaluation page');
    await admin.fill('#evaluator', 'niemand@example.org');
    await submit(admin, 'form[action$="/evaluation/assign"] button[type=submit]');
    assert.match(await admin.textContent('#evaluator-error'), de ? /Es gibt kein Konto/ : /There is no account/);
    await checkAdmin('the evaluation page with an error');
    await admin.fill('#evaluator', email);
    await submit(admin, 'form[action$="/evaluation/assign"] button[type=submit]');
    assert.match(await admin.textContent('p.notice'), de ? /zugewiesen/ : /is assigned/);
    assert.match(await admin.textContent('main'), new RegExp(name));

    // The evaluator: the site's navigation leads to the assigned challenge.
    const evaluator = await newPage();
    const check = js ? (what) => assertAccessible(evaluator, `${what} (${locale}, evaluator)`) : async () => {};
    await login(evaluator, email, 'correct horse battery');
    await submit(evaluator, 'header a[href="/evaluate"], nav a[href="/evaluate"]');
    assert.equal(new URL(evaluator.url()).pathname, '/evaluate');
    await check('the evaluator\'s challenges');
    await submit(evaluator, `a[href="/evaluate/challenges/${challenge}"]`);
    await check('the challenge\'s ideas');
    await submit(evaluator, `a[href="/evaluate/ideas/${idea}"]`);
    await check('the scoring form');
    // Blind: before submitting, no other evaluation is shown.
    assert.equal(await evaluator.locator('.eval-other').count(), 0);
    await submit(evaluator, `form[action="/evaluate/ideas/${idea}"] button[type=submit]`);
    assert.match(await evaluator.textContent('.field-error'), de ? /Wählen Sie eine Bewertung von 1 bis 5/ : /Choose a score from 1 to 5/);
    await check('the scoring form with its errors');
    const names = await evaluator.$$eval('input[type=radio]', (els) => [...new Set(els.map((e) => e.name))]);
    assert.ok(names.length >= 1);
    for (const n of names) await evaluator.check(`input[name="${n}"][value="4"]`);
    await evaluator.fill('#comment', de ? 'Überzeugend.' : 'Convincing.');
    await submit(evaluator, `form[action="/evaluate/ideas/${idea}"] button[type=submit]`);
    assert.match(await evaluator.textContent('p.notice'), de ? /Ihre Bewertung ist abgegeben/ : /Your evaluation is in/);
    assert.ok(await evaluator.locator('.eval-other').count() >= 1, 'the submitted evaluations are shown now');
    await check('the submitted evaluations');

    // The office's results show the idea with a total.
    await admin.goto(`${srv.base}/admin/challenges/${challenge}/evaluation`);
    const row = admin.locator(`tr.eval-result:has(a[href="/ideas/${idea}"])`);
    assert.match(await row.locator('.eval-total').textContent(), /^\d[,.]\d\d$/);
    await checkAdmin('the results');
  }
});
