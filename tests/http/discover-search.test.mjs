// Search: German and English stems ("Fahrräder" finds "Fahrrad", "bikes"
// finds "bike"), phrases, "or" and exclusions, kind filters with counts,
// highlighting that never trusts stored text, what must not be found
// (hidden ideas, comments on them), ranked pages with a cursor, bad
// queries, and a query budget that does not grow with the results; a
// word in more items than are ranked (SEARCH_CANDIDATES, 100 per kind):
// the best of its newest matches, counts capped at 100, pages that
// end after the candidates without repeating or losing one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, BACKEND, execSql } from './lib.mjs';
import {
  adminClient, participant, newIdea, selectedIdea, newProject, csrfOf, queries,
} from './discover-fixtures.mjs';

let srv;
let admin;
let de;
let en;
const ids = {};

const hits = (html) => [...html.matchAll(/<li class="search-hit">[\s\S]*?<\/li>/g)].map((m) => m[0]);
const hrefs = (html) => hits(html).map((h) => h.match(/<h3>.*?href="([^"]+)"/)?.[1]);

before(async () => {
  srv = await startServer();
  admin = await adminClient(srv.base);
  de = await participant(srv.base, 'de');
  en = await participant(srv.base, 'en');
  ids.fahrrad = await newIdea(de, {
    title: 'Ein sicheres Fahrrad für jedes Schulkind',
    body: 'Die Stadt verleiht Räder an Familien, die sich keines leisten können. Dazu gehören Helm und Schloss.',
  });
  ids.bike = await newIdea(en, {
    title: 'Protected bike lanes downtown',
    body: 'A network of protected lanes so that children can ride to school safely every single day.',
  });
  ids.xss = await newIdea(de, {
    title: '<script>alert(1)</script> Zebrastreifen vor der Schule',
    body: 'Ein Zebrastreifen mit <b>Ampel</b> & Beleuchtung vor dem Schulzentrum, damit alle sicher queren.',
  });
  ids.hidden = await newIdea(de, {
    title: 'Geheimnisvolle Fledermausbrücke',
    body: 'Diese Idee wird von der Moderation versteckt und darf in der Suche nicht erscheinen.',
  });
  // A comment on the visible idea, and one on the idea about to be hidden.
  let _csrf = await csrfOf(de, `/ideas/${ids.fahrrad}`);
  let r = await de.post(`/ideas/${ids.fahrrad}/comments`, { _csrf, body: 'Bitte auch Parkplätze für Räder am Schulhof einplanen.' });
  assert.equal(r.status, 303);
  _csrf = await csrfOf(de, `/ideas/${ids.hidden}`);
  r = await de.post(`/ideas/${ids.hidden}/comments`, { _csrf, body: 'Eine Fledermausbrücke über die Umgehungsstraße wäre toll.' });
  assert.equal(r.status, 303);
  r = await admin.post(`/ideas/${ids.hidden}/hide`, { _csrf: await csrfOf(admin, `/ideas/${ids.hidden}`) });
  assert.equal(r.status, 303);
});
after(async () => { await srv.stop(); });

test(`[${BACKEND}] German and English stems: Fahrräder finds Fahrrad, bikes finds bike`, async () => {
  const c = new Client(srv.base);
  let r = await c.get('/search?q=Fahrr%C3%A4der');
  assert.equal(r.status, 200);
  assert.ok(hrefs(r.text).includes(`/ideas/${ids.fahrrad}`), 'Fahrräder finds the Fahrrad idea');
  assert.ok(!hrefs(r.text).includes(`/ideas/${ids.bike}`));
  assert.match(r.text, /<mark>Fahrrad<\/mark> für jedes Schulkind/);

  r = await c.get('/search?q=bikes');
  assert.ok(hrefs(r.text).includes(`/ideas/${ids.bike}`), 'bikes finds the bike idea');
  assert.match(r.text, /Protected <mark>bike<\/mark> lanes/);
  assert.match(r.text, /lang="en">Protected/, 'an English idea keeps its language on a German page');

  // Umlauts folded: "Rader" and "Räder" alike; "riding" finds "ride" by stem.
  r = await c.get('/search?q=Rader');
  assert.ok(hrefs(r.text).includes(`/ideas/${ids.fahrrad}`));
  r = await c.get('/search?q=riding+schools');
  assert.ok(hrefs(r.text).includes(`/ideas/${ids.bike}`));

  // Every word must occur; "or" lets either do; "-" excludes; "quotes" a phrase.
  r = await c.get('/search?q=Fahrrad+Zebrastreifen');
  assert.deepEqual(hrefs(r.text).filter((h) => h.startsWith('/ideas/')), []);
  r = await c.get('/search?q=Fahrrad+or+Zebrastreifen&kind=idea');
  assert.ok(hrefs(r.text).includes(`/ideas/${ids.fahrrad}`) && hrefs(r.text).includes(`/ideas/${ids.xss}`));
  assert.ok(!hrefs(r.text).includes(`/ideas/${ids.bike}`));
  r = await c.get('/search?q=Schule+-Zebrastreifen&kind=idea');
  assert.ok(!hrefs(r.text).includes(`/ideas/${ids.xss}`));
  r = await c.get('/search?q=%22protected+lanes%22');
  assert.ok(hrefs(r.text).includes(`/ideas/${ids.bike}`));
  r = await c.get('/search?q=%22lanes+protected%22');
  assert.ok(!hrefs(r.text).includes(`/ideas/${ids.bike}`), 'a phrase keeps its order');
});

test(`[${BACKEND}] highlighting escapes stored text before marking it`, async () => {
  const r = await new Client(srv.base).get('/search?q=Zebrastreifen');
  const hit = hits(r.text).find((h) => h.includes(`/ideas/${ids.xss}`));
  assert.ok(hit, 'found');
  assert.match(hit, /&lt;script&gt;alert\(1\)&lt;\/script&gt; <mark>Zebrastreifen<\/mark>/);
  assert.match(hit, /mit &lt;b&gt;Ampel&lt;\/b&gt; &amp; Beleuchtung/);
  assert.doesNotMatch(r.text, /<script>alert/);
  assert.doesNotMatch(r.text, /<b>Ampel/);
});

test(`[${BACKEND}] hidden ideas and their comments are not found; comments link to their place`, async () => {
  const c = new Client(srv.base);
  let r = await c.get('/search?q=Fledermausbr%C3%BCcke');
  assert.equal(hits(r.text).length, 0);
  assert.match(r.text, /<p role="status">0 Treffer<\/p>/);
  r = await c.get('/search?q=Parkplatz');
  const comment = hits(r.text).find((h) => h.includes('Kommentar zu'));
  assert.ok(comment, 'the comment is found by the stem of Parkplätze');
  assert.match(comment, new RegExp(`href="/ideas/${ids.fahrrad}#comment-\\d+"`));
  assert.match(comment, /<mark>Parkplätze<\/mark>/);
});

test(`[${BACKEND}] kinds filter the results; counts per kind stay visible`, async () => {
  const c = new Client(srv.base);
  const idea = await selectedIdea(de, admin, {
    title: 'Radstation am Hauptbahnhof', body: 'Eine bewachte Radstation mit Werkstatt direkt am Hauptbahnhof.',
  });
  const project = await newProject(admin, idea, { title: 'Radstation Hauptbahnhof', summary: 'Die Radstation entsteht im alten Postgebäude neben dem Bahnhof.' });
  let r = await c.get('/search?q=Radstation');
  assert.ok(hrefs(r.text).includes(`/ideas/${idea}`));
  assert.ok(hrefs(r.text).includes(`/projects/${project}`));
  r = await c.get('/search?q=Radstation&kind=project');
  assert.deepEqual(hrefs(r.text), [`/projects/${project}`]);
  assert.match(r.text, /id="kind-project" name="kind" value="project" checked/);
  assert.match(r.text, /Ideen \(1\)/, 'the count of other kinds is still shown');
  assert.match(r.text, /Pilotprojekte \(1\)/);
  assert.match(r.text, /<p role="status">1 Treffer<\/p>/);
  r = await c.get('/search?q=Radstation&kind=project&kind=idea');
  assert.equal(hits(r.text).length, 2);
  // Events, challenges and organisations from the demo city.
  r = await c.get('/search?q=Hackathon');
  assert.ok(hrefs(r.text).some((h) => /^\/events\/\d+$/.test(h)));
  r = await c.get('/search?q=Stadtwerke&kind=organisation');
  assert.ok(hits(r.text).length >= 1);
  assert.match(r.text, /Organisation<\/p>/);
  assert.ok(hrefs(r.text).some((h) => /^\/organisations\/\d+$/.test(h)), 'a hit links to the organisation\'s page');
  r = await c.get('/search?q=Klimaneutral&kind=challenge');
  assert.ok(hrefs(r.text).some((h) => /^\/challenges\/\d+$/.test(h)));
  assert.equal((await c.get('/search?q=Rad&kind=ideas')).status, 400);
});

test(`[${BACKEND}] ranked pages continue by cursor; queries do not grow with results`, async () => {
  const c = new Client(srv.base);
  let r = await c.get('/search?q=Quartiersgarten');
  assert.equal(hits(r.text).length, 0);
  const q0 = queries(r);
  for (let i = 1; i <= 23; i++) {
    await newIdea(de, {
      title: `Quartiersgarten Nummer ${i}`,
      body: `Ein Gemeinschaftsgarten ${'mit Beeten '.repeat(i)}für die Nachbarschaft im Quartier.`,
    });
  }
  r = await c.get('/search?q=Quartiersgarten&kind=idea');
  assert.equal(queries(r), q0, 'a full page runs as many queries as an empty one');
  const first = hrefs(r.text);
  assert.equal(first.length, 20);
  assert.match(r.text, /<p role="status">23 Treffer<\/p>/);
  const next = r.text.match(/href="(\/search\?[^"]*after=[0-9a-f]{16}_\d_\d+)" rel="next"/)[1].replace(/&amp;/g, '&');
  assert.match(next, /kind=idea/, 'the filter is kept');
  r = await c.get(next);
  const second = hrefs(r.text);
  assert.equal(second.length, 3);
  assert.equal(new Set([...first, ...second]).size, 23, 'no result twice, none lost');
  assert.doesNotMatch(r.text, /rel="next"/);
  assert.match(r.text, /Erste Seite/);
  assert.equal((await c.get('/search?q=Quartiersgarten&after=zz')).status, 400);
});

test(`[${BACKEND}] bad queries get a clear answer in the page's language`, async () => {
  const c = new Client(srv.base, { lang: 'en' });
  let r = await c.get('/search');
  assert.equal(r.status, 200);
  assert.doesNotMatch(r.text, /results-heading/);
  assert.match(r.text, /<a href="\/search" aria-current="page">Search<\/a>/, 'in the main navigation');
  r = await c.get(`/search?q=${'x'.repeat(201)}`);
  assert.equal(r.status, 422);
  assert.match(r.text, /A search can have at most 200 characters\./);
  assert.match(r.text, /aria-invalid="true"/);
  assert.match(r.text, /value="x{201}"/, 'the query is kept');
  r = await c.get('/search?q=the+and+und');
  assert.equal(r.status, 422);
  assert.match(r.text, /very common words like “and” are not searched/);
  r = await c.get('/search?q=-Fahrrad');
  assert.equal(r.status, 422);
  // FTS5 syntax in the input is only text.
  r = await c.get('/search?q=%22Fahrrad%22%22+NEAR(x+y)+OR+*+col%3Aa');
  assert.equal(r.status, 200);
  r = await c.get('/search?q=%E2%80%94%E2%80%A6');
  assert.equal(r.status, 422);
});

// The bound: a word in 1,250 ideas.  Only the newest 100 public matches of
// a kind are ranked (features/discover/rules.h, SEARCH_CANDIDATES), so a page costs
// the same in any city.
const CANDIDATES = 100;
test(`[${BACKEND}] a very common word: the best of the newest ${CANDIDATES} per kind, counts 100+, pages consistent`, async () => {
  const url = srv.store.url;
  // The best match of all, but older than the candidates; then 1,250 more,
  // of which number 1,200 (inside the newest 100) is the best of those.
  execSql(url, "INSERT INTO ideas (title, body, lang, created, updated) VALUES ('Zisterne Zisterne Zisterne Zisterne', 'Zisterne Zisterne Zisterne Zisterne Zisterne.', 'de', 1700000000, 1700000000)");
  const oldBest = Number(execSql(url, "SELECT max(id) FROM ideas WHERE title LIKE 'Zisterne Zisterne%'"));
  execSql(url, "INSERT INTO ideas (title, body, lang, created, updated) WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 1250) "
    + "SELECT CASE WHEN k = 1200 THEN 'Zisterne Zisterne am Rathaus' ELSE 'Zisterne Nummer ' || k END, "
    + "CASE WHEN k = 1200 THEN 'Zisterne Zisterne Zisterne im Hof.' ELSE 'Regenwasser im Hof sammeln, Beet ' || k || '.' END, "
    + "'de', 1700000000 + k, 1700000000 + k FROM n");
  const newBest = Number(execSql(url, "SELECT id FROM ideas WHERE title = 'Zisterne Zisterne am Rathaus'"));
  // One of the newest is hidden: it is left out before the 100 are taken.
  const hidden = Number(execSql(url, "SELECT max(id) FROM ideas WHERE title LIKE 'Zisterne Nummer%'"));
  execSql(url, `UPDATE ideas SET hidden = 1 WHERE id = ${hidden}`);
  const window = execSql(url, `SELECT id FROM ideas WHERE title LIKE 'Zisterne%' AND hidden = 0 ORDER BY id DESC LIMIT ${CANDIDATES}`)
    .split('\n').map((x) => `/ideas/${x}`);
  assert.equal(window.length, CANDIDATES);

  const c = new Client(srv.base);
  let r = await c.get('/search?q=Zisterne');
  assert.equal(r.status, 200);
  assert.match(r.text, /Ideen \(100\+\)/, 'the count stops at the 100 that can be paged through, and says so');
  assert.match(r.text, /<p role="status">100\+ Treffer<\/p>/);
  const q0 = queries(r);
  assert.equal(hrefs(r.text)[0], `/ideas/${newBest}`, 'the best-ranked of the candidates comes first');
  assert.ok(!hrefs(r.text).includes(`/ideas/${oldBest}`), 'an older match is not ranked');

  // Every page of ideas: 100 in all, each once, all from the newest 100.
  let next = '/search?q=Zisterne&kind=idea';
  const seen = [];
  let pages = 0;
  while (next) {
    r = await c.get(next);
    assert.equal(r.status, 200);
    assert.equal(queries(r), q0, 'every page costs the same queries');
    seen.push(...hrefs(r.text));
    pages++;
    next = r.text.match(/href="(\/search\?[^"]*after=[^"]+)" rel="next"/)?.[1].replace(/&amp;/g, '&');
  }
  assert.equal(pages, CANDIDATES / 20);
  assert.equal(seen.length, CANDIDATES);
  assert.equal(new Set(seen).size, CANDIDATES, 'no result twice');
  assert.deepEqual([...seen].sort(), [...window].sort(), `exactly the newest ${CANDIDATES} public matches`);
  assert.ok(!seen.includes(`/ideas/${hidden}`));
  assert.ok(!seen.includes(`/ideas/${oldBest}`));

  // A rarer word among them is still ranked over all of its matches.
  r = await c.get('/search?q=Rathaus+Zisterne&kind=idea');
  assert.deepEqual(hrefs(r.text), [`/ideas/${newBest}`]);
  execSql(url, `UPDATE ideas SET hidden = 1 WHERE title LIKE 'Zisterne%'`);
});

// The search indexes of ideas and challenges hold only public rows on
// SQLite (migration 0010: triggers add and remove them); on PostgreSQL the
// rows are filtered.  Either way search must follow every change of state.
test(`[${BACKEND}] hiding, showing again, editing while hidden, drafts and deletion keep search to what is public`, async () => {
  const c = de; // signed in: never served from the page cache, which SQL writes would not clear
  const url = srv.store.url;
  const found = async (q) => hrefs((await c.get(`/search?q=${encodeURIComponent(q)}`)).text);
  const id = await newIdea(de, {
    title: 'Quellwasserspender am Marktplatz', body: 'Ein Trinkbrunnen mit Quellwasser für heiße Sommertage.',
  });
  assert.deepEqual(await found('Quellwasserspender'), [`/ideas/${id}`]);
  const hide = async () => {
    const r = await admin.post(`/ideas/${id}/hide`, { _csrf: await csrfOf(admin, `/ideas/${id}`) });
    assert.equal(r.status, 303);
  };
  await hide();
  assert.deepEqual(await found('Quellwasserspender'), [], 'hidden: not found');
  assert.match((await c.get('/search?q=Quellwasserspender')).text, /Ideen \(0\)/, 'and not counted');
  await hide(); // shown again
  assert.deepEqual(await found('Quellwasserspender'), [`/ideas/${id}`], 'shown again: found again');

  // Edited while hidden: shown again, it is found by its new words only.
  await hide();
  execSql(url, `UPDATE ideas SET title = 'Regenwasserspeicher am Marktplatz' WHERE id = ${id}`);
  await hide();
  assert.deepEqual(await found('Regenwasserspeicher'), [`/ideas/${id}`]);
  assert.deepEqual(await found('Quellwasserspender'), [], 'the old title is gone from the index');

  // A challenge back in draft leaves search, published again it returns.
  const ch = Number(execSql(url, "SELECT id FROM challenges WHERE phase <> 'draft' ORDER BY id LIMIT 1"));
  const [title, phase] = execSql(url, `SELECT title, phase FROM challenges WHERE id = ${ch}`).split('|');
  const word = title.split(/\s+/).find((w) => w.length > 6);
  const challengeHits = async () => (await found(word)).filter((h) => h === `/challenges/${ch}`);
  assert.equal((await challengeHits()).length, 1, `"${word}" finds the challenge`);
  execSql(url, `UPDATE challenges SET phase = 'draft' WHERE id = ${ch}`);
  assert.equal((await challengeHits()).length, 0, 'a draft is not found');
  execSql(url, `UPDATE challenges SET phase = '${phase}' WHERE id = ${ch}`);
  assert.equal((await challengeHits()).length, 1, 'published again: found again');

  // Deleting a hidden idea and a visible one leaves the index consistent.
  await hide();
  execSql(url, `DELETE FROM ideas WHERE id = ${id}`);
  const other = await newIdea(de, { title: 'Quellwasserspender am Bahnhof', body: 'Noch ein Trinkbrunnen.' });
  assert.deepEqual(await found('Quellwasserspender'), [`/ideas/${other}`]);
  execSql(url, `DELETE FROM ideas WHERE id = ${other}`);
  assert.deepEqual(await found('Quellwasserspender'), []);
  if (BACKEND === 'sqlite') {
    // One index entry per public row, and none for any other.
    for (const [fts, where] of [['ideas_fts', 'FROM ideas WHERE hidden = 0'], ['challenges_fts', "FROM challenges WHERE phase <> 'draft'"]]) {
      assert.equal(execSql(url, `SELECT group_concat(id) FROM (SELECT id FROM ${fts}_docsize ORDER BY id)`),
        execSql(url, `SELECT group_concat(id) FROM (SELECT id ${where} ORDER BY id)`), `${fts} holds exactly the public rows`);
    }
  }
});
