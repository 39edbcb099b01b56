// office-content.test.mjs - the content pages (features/content): the
// Innovation Office writes the imprint, the privacy notice and the
// accessibility statement in Markdown, in German and English; every save
// is a version, a restore a new version with an old text, the public
// pages show the newest one (at once, past the page cache) or their
// built-in text, and bad input or a missing role changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BACKEND, Client, execSql, rawRequest, startServer } from './lib.mjs';
import { person } from './funnel-helpers.mjs';

let srv;
let admin;
const sql = (q) => execSql(srv.store.url, q);
const versions = (slug) => sql(`SELECT lang || ' ' || version FROM content_page_versions WHERE slug = '${slug}' ORDER BY id`);
const count = () => Number(sql('SELECT count(*) FROM content_page_versions'));
const audits = () => Number(sql("SELECT count(*) FROM audit_log WHERE action LIKE 'content.%'"));

before(async () => {
  // A TTL of a minute: a public page that changes was made fresh by the save, not the clock.
  srv = await startServer({ env: { OIC_PAGE_CACHE_TTL: '60' } });
  admin = await person(srv, { role: 'admin', name: 'Ada Amtsleitung', lang: 'de' });
});
after(async () => { await srv.stop(); });

async function save(slug, form, c = admin) {
  const _csrf = await c.csrf('/account');
  return c.post(`/admin/pages/${slug}`, { _csrf, ...form });
}

async function cacheHits() {
  const text = await (await fetch(`${srv.base}/metrics`)).text();
  return Number(text.match(/^oic_page_cache_hits_total (\d+)$/m)[1]);
}

const anonymous = (lang) => new Client(srv.base, { lang });

test(`[${BACKEND}] a save is shown on the public page in German and English, past the page cache, and audited`, async () => {
  const de = anonymous('de');
  const en = anonymous('en');
  // The built-in text, fetched twice so that the second comes from the cache.
  const hits = await cacheHits();
  for (const c of [de, de, en, en]) assert.equal((await c.get('/imprint')).status, 200);
  assert.equal(await cacheHits(), hits + 2, 'the second fetch of each language is a cache hit');
  assert.match((await de.get('/imprint')).text, /Innovationsbüro/, 'the built-in text while no version exists');

  let r = await save('imprint', {
    'body-de': '## Herausgeberin\r\n\r\nStadt Beispielstadt, **Innovationsbüro**\r\nRathausplatz 1\r\n',
    'body-en': '## Publisher\n\nCity of Example, **Innovation Office**\n',
  });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/admin/pages/imprint?notice=saved');
  assert.equal(versions('imprint'), 'de 1\nen 1');
  assert.equal(sql("SELECT body_md FROM content_page_versions WHERE slug = 'imprint' AND lang = 'de'"),
    '## Herausgeberin\n\nStadt Beispielstadt, **Innovationsbüro**\nRathausplatz 1', 'line ends as \\n, no trailing space');

  const pageDe = (await de.get('/imprint')).text;
  assert.match(pageDe, /<h1>Impressum<\/h1>\n<h2>Herausgeberin<\/h2>\n<p>Stadt Beispielstadt, <strong>Innovationsbüro<\/strong>/,
    'the cached page is fresh after the save; the text\'s headings sit under the page title');
  assert.doesNotMatch(pageDe, /Die Software ist oic/, 'the built-in text is gone');
  assert.match((await en.get('/imprint')).text, /<h1>Imprint<\/h1>\n<h2>Publisher<\/h2>\n<p>City of Example, <strong>Innovation Office<\/strong><\/p>/);
  assert.match((await anonymous('de').get('/privacy')).text, /Wir speichern nur/, 'the other pages keep their built-in text');

  const ids = sql("SELECT id FROM content_page_versions WHERE slug = 'imprint' ORDER BY lang").split('\n');
  assert.equal(sql(`SELECT a.action || '|' || a.subject || '|' || a.detail || '|' || a.before_value || '|' || a.after_value || '|' || u.email
    FROM audit_log a JOIN users u ON u.id = a.actor_id WHERE a.action LIKE 'content.%' ORDER BY a.subject`),
  `content.save|content:imprint:de|version 1||${ids[0]}|${admin.email}\ncontent.save|content:imprint:en|version 1||${ids[1]}|${admin.email}`);

  const page = await admin.get('/admin/pages/imprint?notice=saved');
  assert.equal(page.status, 200);
  assert.match(page.text, /Die neue Version ist gespeichert/);
  assert.match(page.text, /<textarea id="body-de" name="body-de" lang="de"[^>]*>## Herausgeberin\n\nStadt Beispielstadt/);
  const list = await admin.get('/admin/pages');
  assert.equal(list.status, 200);
  assert.match(list.text, /<a href="\/admin\/pages\/imprint">Impressum<\/a>.*?<th scope="row">Deutsch<\/th><td>1<\/td><td>[^<]+<\/td><td>Ada Amtsleitung<\/td>/s);
  assert.match(list.text, /<a href="\/admin\/pages\/privacy">Datenschutz<\/a>.*?<th scope="row">Deutsch<\/th><td colspan="3">eingebauter Text<\/td>/s);
  assert.match(list.text, /<a href="\/admin\/pages" aria-current="page">Inhaltsseiten<\/a>/, 'the office navigation has the page');
});

test(`[${BACKEND}] a second save is version 2 of the language that changed; a restore is version 3 with version 1's text`, async () => {
  const v1 = Number(sql("SELECT id FROM content_page_versions WHERE slug = 'imprint' AND lang = 'de' AND version = 1"));
  const enText = sql("SELECT body_md FROM content_page_versions WHERE slug = 'imprint' AND lang = 'en'");
  let r = await save('imprint', { 'body-de': '## Herausgeberin\n\nStadt Beispielstadt, neues Büro im Turm', 'body-en': enText });
  assert.equal(r.status, 303);
  assert.equal(versions('imprint'), 'de 1\nen 1\nde 2', 'the unchanged English text got no version');
  assert.match((await anonymous('de').get('/imprint')).text, /neues Büro im Turm/);

  let page = await admin.get('/admin/pages/imprint');
  const history = page.text.slice(page.text.indexOf('id="history"'));
  const rows = [...history.matchAll(/<tr><td><a href="\/admin\/pages\/imprint\/versions\/(\d+)">Version (\d+)<\/a><\/td><td>(\w+)<\/td>/g)]
    .map((m) => `${m[3]} ${m[2]}`);
  assert.deepEqual(rows, ['Deutsch 2', 'Englisch 1', 'Deutsch 1'], 'the history lists every version, newest first');

  // The old version, rendered and as Markdown, with its restore button.
  const old = await admin.get(`/admin/pages/imprint/versions/${v1}`);
  assert.equal(old.status, 200);
  assert.match(old.text, /<h1>Impressum: Version 1 \(Deutsch\)<\/h1>/);
  assert.match(old.text, /<h3>Herausgeberin<\/h3>/);
  assert.match(old.text, /<pre class="content-source" lang="de">## Herausgeberin/);
  assert.match(old.text, new RegExp(`action="/admin/pages/imprint/versions/${v1}/restore"`));
  assert.equal((await admin.get(`/admin/pages/privacy/versions/${v1}`)).status, 404, 'a version is only found under its own page');

  const _csrf = await admin.csrf(`/admin/pages/imprint/versions/${v1}`);
  r = await admin.post(`/admin/pages/imprint/versions/${v1}/restore`, { _csrf });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/admin/pages/imprint?notice=restored');
  assert.equal(versions('imprint'), 'de 1\nen 1\nde 2\nde 3');
  assert.equal(sql("SELECT body_md FROM content_page_versions WHERE slug = 'imprint' AND lang = 'de' AND version = 3"),
    sql(`SELECT body_md FROM content_page_versions WHERE id = ${v1}`), 'version 3 holds version 1\'s text');
  assert.equal(sql("SELECT restored_from FROM content_page_versions WHERE slug = 'imprint' AND lang = 'de' AND version = 3"), '1');
  assert.match((await anonymous('de').get('/imprint')).text, /Rathausplatz 1/, 'the public page shows it');
  const v2 = sql("SELECT id FROM content_page_versions WHERE slug = 'imprint' AND lang = 'de' AND version = 2");
  const v3 = sql("SELECT id FROM content_page_versions WHERE slug = 'imprint' AND lang = 'de' AND version = 3");
  assert.equal(sql("SELECT detail || '|' || before_value || '|' || after_value FROM audit_log WHERE action = 'content.restore'"),
    `version 3, from version 1|${v2}|${v3}`);
  page = await admin.get(r.headers.get('location'));
  assert.match(page.text, /Der alte Text ist jetzt die neueste Version der Seite\./);
  assert.match(page.text, /Version 3<\/a> \(Wiederherstellung von Version 1\)/);
  assert.match((await admin.get(`/admin/pages/imprint/versions/${v3}`)).text, /Das ist die neueste Version dieser Sprache/,
    'the newest version offers no restore');

  // Restoring a version whose text is the newest already stores nothing.
  const before = `${count()}/${audits()}`;
  r = await admin.post(`/admin/pages/imprint/versions/${v1}/restore`, { _csrf });
  assert.equal(r.headers.get('location'), '/admin/pages/imprint?notice=unchanged');
  assert.equal(`${count()}/${audits()}`, before);
});

test(`[${BACKEND}] the preview shows the texts as the page would, storing nothing`, async () => {
  const before = `${count()}/${audits()}`;
  const r = await save('privacy', { 'body-de': '## Verantwortlich\n\nDas *Innovationsbüro*\n\n<script>alert(1)</script>', 'body-en': '', preview: '1' });
  assert.equal(r.status, 200);
  assert.match(r.text, /<h2 id="preview-heading">Vorschau<\/h2>/);
  assert.match(r.text, /<div class="preview-box" lang="de">\n<h4>Verantwortlich<\/h4>\n<p>Das <em>Innovationsbüro<\/em><\/p>/);
  assert.doesNotMatch(r.text.slice(r.text.indexOf('preview-heading')), /<script>alert/);
  assert.match(r.text, /<h3>Englisch<\/h3>\n<p>Kein Text\.<\/p>/);
  assert.match(r.text, /<textarea id="body-de" [^>]*>## Verantwortlich/, 'the texts stay in the form');
  assert.equal(`${count()}/${audits()}`, before);
});

test(`[${BACKEND}] a save that changes nothing stores nothing and says so`, async () => {
  const texts = ['de', 'en'].map((lang) => sql(`SELECT body_md FROM content_page_versions WHERE slug = 'imprint' AND lang = '${lang}' ORDER BY version DESC LIMIT 1`));
  const before = `${count()}/${audits()}`;
  // The same text as a browser sends it (CRLF line ends, a final newline), and a language left empty that has no version.
  let r = await save('imprint', { 'body-de': texts[0].replace(/\n/g, '\r\n') + '\r\n', 'body-en': `${texts[1]}  ` });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/admin/pages/imprint?notice=unchanged');
  r = await save('privacy', { 'body-de': '   ', 'body-en': '' });
  assert.equal(r.headers.get('location'), '/admin/pages/privacy?notice=unchanged', 'empty where there is no version: still the built-in text');
  assert.equal(`${count()}/${audits()}`, before);
  const page = await admin.get(r.headers.get('location'));
  assert.match(page.text, /Es hat sich nichts geändert, daher wurde keine neue Version gespeichert\./);
});

test(`[${BACKEND}] an empty or too long text is refused in German next to its field, storing nothing; invalid UTF-8 is refused by the server`, async () => {
  const before = `${count()}/${audits()}`;
  // German emptied (it has a version), English changed: nothing is stored, not even the English.
  let r = await save('imprint', { 'body-de': ' \r\n ', 'body-en': 'A new English text' });
  assert.equal(r.status, 422);
  assert.match(r.text, /<p id="body-de-error" class="field-error">Schreiben Sie den Text der Seite\.<\/p>/);
  assert.match(r.text, /<textarea id="body-de" [^>]*aria-describedby="body-de-hint body-de-error" aria-invalid="true">/);
  assert.match(r.text, /<a href="#body-de">Schreiben Sie den Text der Seite\.<\/a>/, 'the summary links to the field');
  assert.match(r.text, /<textarea id="body-en" [^>]*>A new English text<\/textarea>/, 'what was typed is kept');
  assert.doesNotMatch(r.text, /body-en-error/);

  r = await save('privacy', { 'body-de': 'ä'.repeat(50000) + 'x', 'body-en': 'x'.repeat(100001) });
  assert.equal(r.status, 422);
  assert.match(r.text, /<p id="body-de-error" class="field-error">Der Text ist zu lang: höchstens 100\.000 Bytes\.<\/p>/, '100,001 bytes in 50,001 characters');
  assert.match(r.text, /<p id="body-en-error" class="field-error">Der Text ist zu lang/);
  assert.equal((await save('privacy', { 'body-de': 'x'.repeat(100000) })).status, 303, '100,000 bytes are fine');
  sql("DELETE FROM audit_log WHERE action = 'content.save' AND subject = 'content:privacy:de'");
  sql("DELETE FROM content_page_versions WHERE slug = 'privacy'");

  const _csrf = await admin.csrf('/account');
  const body = `_csrf=${encodeURIComponent(_csrf)}&body-de=%C3%28`;
  const raw = await rawRequest(srv.port, `POST /admin/pages/imprint HTTP/1.1\r\nHost: x\r\nCookie: ${admin.cookieHeader()}\r\n`
    + `Accept-Language: de\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
  assert.match(raw.text, /^HTTP\/1\.1 400/, 'the server refuses a form with invalid UTF-8 before any handler');
  assert.match(Buffer.from(raw.text, 'latin1').toString('utf8'), /Das Formular enthält ungültige Zeichen\./, 'in German');
  assert.equal(`${count()}/${audits()}`, before);
});

test(`[${BACKEND}] only administrators edit the content pages; a forged request of any other role is refused`, async () => {
  const v1 = sql("SELECT min(id) FROM content_page_versions WHERE slug = 'imprint'");
  const before = `${count()}/${audits()}`;
  for (const role of ['participant', 'representative', 'evaluator', 'moderator']) {
    const c = await person(srv, { role, lang: 'de' });
    for (const path of ['/admin/pages', '/admin/pages/imprint', `/admin/pages/imprint/versions/${v1}`])
      assert.equal((await c.get(path)).status, 403, `${role} GET ${path}`);
    const r = await save('accessibility', { 'body-de': 'Gefälscht', 'body-en': 'Forged' }, c);
    assert.equal(r.status, 403, `${role} may not save`);
    assert.match(r.text, /Nur Administratorinnen und Administratoren können die Inhaltsseiten bearbeiten\./);
    const _csrf = await c.csrf('/account');
    assert.equal((await c.post(`/admin/pages/imprint/versions/${v1}/restore`, { _csrf })).status, 403, `${role} may not restore`);
    assert.doesNotMatch((await c.get('/account')).text, /href="\/admin\/pages"/);
  }
  const anon = anonymous('de');
  const r = await anon.post('/admin/pages/imprint', { _csrf: await anon.csrf('/account/login'), 'body-de': 'Anonym' });
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /^\/account\/login/);
  assert.equal(`${count()}/${audits()}`, before);
});

test(`[${BACKEND}] Markdown with a script or a javascript: link is not rendered as one`, async () => {
  const r = await save('accessibility', {
    'body-de': '## Rückmeldung\n\n<script>alert("x")</script>\n\n[Schreiben Sie uns](javascript:alert(1)) oder an <b onclick="x()">barrierefrei@example.org</b>\n\n[Kontakt](mailto:barrierefrei@example.org)',
  });
  assert.equal(r.status, 303);
  const page = (await anonymous('de').get('/accessibility')).text;
  const main = page.slice(page.indexOf('<h1>'), page.indexOf('</main>'));
  assert.doesNotMatch(main, /<script|alert\("x"\)|javascript:|onclick/i);
  assert.match(main, /<a href="mailto:barrierefrei@example\.org">Kontakt<\/a>/, 'the feedback contact is part of the Markdown');
  assert.match((await anonymous('en').get('/accessibility')).text, /If you meet a barrier, tell us/, 'English has no version: the built-in text');
});

test(`[${BACKEND}] the history is in keyset pages`, async () => {
  const values = Array.from({ length: 24 }, (_, i) => `('privacy', 'en', ${i + 1}, 'Text ${i + 1}', NULL, NULL, ${1700000000 + i})`);
  sql(`INSERT INTO content_page_versions (slug, lang, version, body_md, author_id, restored_from, created_at) VALUES ${values.join(', ')}`);
  const page = await admin.get('/admin/pages/privacy');
  const shown = (text) => [...text.matchAll(/>Version (\d+)<\/a><\/td>/g)].map((m) => Number(m[1]));
  assert.deepEqual(shown(page.text), Array.from({ length: 20 }, (_, i) => 24 - i));
  assert.match(page.text, /<td>Englisch<\/td><td>[^<]+<\/td><td>kein Konto<\/td><\/tr>/, 'a version without its account');
  const next = page.text.match(/<a href="([^"]+)" rel="next">/)[1].replace(/&amp;/g, '&');
  assert.match(next, /^\/admin\/pages\/privacy\?after=\d+#history$/);
  const second = await admin.get(next.replace(/#.*/, ''));
  assert.deepEqual(shown(second.text), [4, 3, 2, 1]);
  assert.match(second.text, /<a href="\/admin\/pages\/privacy#history">/, 'a link back to the first page');
  assert.doesNotMatch(second.text, /rel="next"/);
  assert.equal((await admin.get('/admin/pages/privacy?after=x')).status, 400);
  assert.match((await anonymous('en').get('/privacy')).text, /<p>Text 24<\/p>/, 'the newest version is shown');
});
