// The map and the Atom feeds: the list of located ideas and projects
// (what browsers without JavaScript get), GeoJSON that follows RFC 7946,
// the bbox filter and its bad input, the tile server in the page's CSP
// only, and feeds parsed by a real feed parser after a strict XML check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLValidator } from 'fast-xml-parser';
import { startServer, Client, BACKEND } from './lib.mjs';
import {
  adminClient, participant, newIdea, setStatus, selectedIdea, newProject, queries,
} from './discover-fixtures.mjs';

let srv;
let admin;
let user;
const ids = {};
const BODY = 'Eine ausführliche Beschreibung der Idee mit genug Zeichen für die Prüfung.';

before(async () => {
  srv = await startServer();
  admin = await adminClient(srv.base);
  user = await participant(srv.base);
  ids.located = await newIdea(user, {
    title: 'Trinkbrunnen am <Marktplatz> & mehr', body: BODY, lat: '48.1372', lon: '11.5756', address: 'Marienplatz 1, 80331 München',
  });
  ids.elsewhere = await newIdea(user, { title: 'Bank am Südpol', body: BODY, lat: '-89.5', lon: '-179.5' });
  ids.nowhere = await newIdea(user, { title: 'Idee ohne Ort', body: BODY });
  const idea = await selectedIdea(user, admin, { title: 'Idee für ein Projekt mit Ort', body: BODY });
  ids.project = await newProject(admin, idea, { title: 'Projekt am Bahnhof', lat: '48.1402', lon: '11.5600', address: 'Bahnhofplatz 1' });
});
after(async () => { await srv.stop(); });

test(`[${BACKEND}] the map page lists located ideas and projects with addresses and links`, async () => {
  const c = new Client(srv.base);
  const r = await c.get('/map');
  assert.equal(r.status, 200);
  const list = r.text.slice(r.text.indexOf('id="places-heading"'));
  assert.match(list, new RegExp(`href="/ideas/${ids.located}" lang="de">Trinkbrunnen am &lt;Marktplatz&gt; &amp; mehr</a>`));
  assert.match(list, /Marienplatz 1, 80331 München<\/span> · 48,1372° N, 11,5756° O/);
  assert.match(list, new RegExp(`href="/projects/${ids.project}"`));
  assert.match(list, /89,5000° S, 179,5000° W/);
  assert.doesNotMatch(list, /Idee ohne Ort/);
  // The map itself waits for JavaScript; the scripts are files, never inline.
  assert.match(r.text, /<div id="map" class="map" hidden data-tiles="https:\/\/tile\.openstreetmap\.org\/\{z\}\/\{x\}\/\{y\}\.png" data-geojson="\/map\.geojson"/);
  assert.match(r.text, /<script src="\/static\/vendor\/leaflet\/leaflet\.[0-9a-f]{16}\.js" defer><\/script>/);
  assert.match(r.text, /<script src="\/static\/js\/map\.[0-9a-f]{16}\.js" defer><\/script>/);
  assert.doesNotMatch(r.text, /<script>/);
  // Only this page lets images come from the tile server.
  const csp = r.headers.get('content-security-policy');
  assert.match(csp, /img-src 'self' data: https:\/\/tile\.openstreetmap\.org;/);
  assert.match(csp, /script-src 'self';/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(r.headers.get('content-security-policy').split(',').length, 1, 'one policy, not two');
  const home = await c.get('/');
  assert.match(home.headers.get('content-security-policy'), /img-src 'self' data:;/);
  // The vendored library is served from our origin.
  const js = await c.get(r.text.match(/src="(\/static\/vendor\/leaflet\/[^"]+)"/)[1]);
  assert.equal(js.status, 200);
  assert.match(js.text, /Leaflet 1\.9\.4/);

  const en = await new Client(srv.base, { lang: 'en' }).get('/map');
  assert.match(en.text, /48\.1372° N, 11\.5756° E/);
});

test(`[${BACKEND}] the map list is paginated and its queries do not grow`, async () => {
  const c = new Client(srv.base);
  const q0 = queries(await c.get('/map'));
  for (let i = 0; i < 50; i++) {
    await newIdea(user, { title: `Ort Nummer ${i}`, body: BODY, lat: String(50 + i / 100), lon: '7.5' });
  }
  let r = await c.get('/map');
  assert.equal(queries(r), q0);
  assert.equal([...r.text.matchAll(/<li class="card">/g)].length, 50);
  const next = r.text.match(/href="(\/map\?after=\d+_[01]_\d+)#places-heading" rel="next"/)[1];
  r = await c.get(next);
  assert.equal(r.status, 200);
  const rest = [...r.text.matchAll(/<li class="card">/g)].length;
  assert.ok(rest >= 4, `the rest on page two (${rest})`);
  assert.match(r.text, /Trinkbrunnen am/, 'the oldest come last');
  assert.equal((await c.get('/map?after=x')).status, 400);
});

test(`[${BACKEND}] /map.geojson is valid GeoJSON, bounded, and filtered by bbox`, async () => {
  const c = new Client(srv.base);
  let r = await c.get('/map.geojson');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/geo+json');
  const fc = JSON.parse(r.text);
  assert.equal(fc.type, 'FeatureCollection');
  assert.ok(fc.features.length >= 3 && fc.features.length <= 500);
  for (const f of fc.features) {
    assert.equal(f.type, 'Feature');
    assert.equal(f.geometry.type, 'Point');
    const [lon, lat] = f.geometry.coordinates;
    assert.ok(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90, 'positions are [lon, lat]');
    assert.match(f.properties.url, /^\/(ideas|projects)\/\d+$/);
    assert.ok(['idea', 'project'].includes(f.properties.kind));
  }
  const located = fc.features.find((f) => f.properties.url === `/ideas/${ids.located}`);
  assert.deepEqual(located.geometry.coordinates, [11.5756, 48.1372]);
  assert.equal(located.properties.title, 'Trinkbrunnen am <Marktplatz> & mehr');
  assert.equal(located.properties.address, 'Marienplatz 1, 80331 München');
  assert.ok(fc.features.some((f) => f.properties.url === `/projects/${ids.project}`));
  assert.ok(!fc.features.some((f) => f.properties.title === 'Idee ohne Ort'));

  r = await c.get('/map.geojson?bbox=-180,-90,-170,-80');
  assert.deepEqual(JSON.parse(r.text).features.map((f) => f.properties.title), ['Bank am Südpol']);
  r = await c.get('/map.geojson?bbox=11.55,48.13,11.58,48.15');
  assert.deepEqual(new Set(JSON.parse(r.text).features.map((f) => f.properties.url)),
    new Set([`/ideas/${ids.located}`, `/projects/${ids.project}`]));
  for (const bad of ['1,2,3', '10,0,5,1', '0,10,1,5', '0,0,181,1', 'a,b,c,d', '0,0,1,1,', 'nan,0,1,1']) {
    r = await c.get(`/map.geojson?bbox=${bad}`);
    assert.equal(r.status, 400, `bbox=${bad} is refused`);
    assert.equal(JSON.parse(r.text).error.code, 'bad_request');
  }
  // Ideas and projects, two statements merged newest first, at any size.
  assert.ok(queries(await c.get('/map.geojson')) <= 2);
});

test(`[${BACKEND}] the tile server is configurable, or off`, async () => {
  const custom = await startServer({ seed: false, env: { OIC_MAP_TILES: 'https://{s}.tiles.example.org/osm/{z}/{x}/{y}.png', OIC_MAP_ATTRIBUTION: '© Beispiel <Karten>' } });
  try {
    const r = await new Client(custom.base).get('/map');
    assert.match(r.headers.get('content-security-policy'), /img-src 'self' data: https:\/\/\*\.tiles\.example\.org;/);
    assert.match(r.text, /data-tiles="https:\/\/\{s\}\.tiles\.example\.org\/osm\/\{z\}\/\{x\}\/\{y\}\.png"/);
    assert.match(r.text, /data-attribution="© Beispiel &lt;Karten&gt;"/);
  } finally { await custom.stop(); }
  for (const tiles of ['off', "https://evil.example.org/{z}/{x}/{y}.png; script-src *", 'ftp://x.org/{z}/{x}/{y}', 'https://x.org/tiles.png']) {
    const off = await startServer({ seed: false, env: { OIC_MAP_TILES: tiles } });
    try {
      const r = await new Client(off.base).get('/map');
      assert.equal(r.status, 200);
      assert.doesNotMatch(r.text, /id="map"/, `no map with OIC_MAP_TILES=${tiles}`);
      assert.match(r.text, /Noch hat keine Idee und kein Projekt einen Ort\./);
      assert.match(r.headers.get('content-security-policy'), /img-src 'self' data:;/);
    } finally { await off.stop(); }
  }
});

// Parse an Atom document strictly: well-formed XML first, then the feed.
function atom(text) {
  const valid = XMLValidator.validate(text);
  assert.equal(valid, true, `well-formed XML: ${JSON.stringify(valid)}`);
  return parseFeed(text);
}

function checkFeed(feed, selfPath, xml) {
  assert.equal(feed.meta.type, 'atom');
  assert.match(xml, /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom" xml:lang="(de|en)">\n<id>tag:127\.0\.0\.1,2026:[a-z0-9:-]+<\/id>/);
  assert.ok(feed.updated instanceof Date && !Number.isNaN(feed.updated.getTime()));
  assert.equal(feed.self, `${srv.base}${selfPath}`);
  const seen = new Set();
  for (const e of feed.items) {
    assert.match(e.id, /^tag:127\.0\.0\.1,2026:[a-z-]+:\d+$/);
    assert.ok(!seen.has(e.id), 'ids are unique');
    seen.add(e.id);
    assert.ok(e.updated instanceof Date && !Number.isNaN(e.updated.getTime()));
    assert.match(e.url, new RegExp(`^${srv.base}/`));
    assert.ok(e.title.length > 0);
  }
}

test(`[${BACKEND}] /feeds/challenges.atom lists the published challenges`, async () => {
  const r = await new Client(srv.base).get('/feeds/challenges.atom');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/atom+xml; charset=utf-8');
  const feed = atom(r.text);
  checkFeed(feed, '/feeds/challenges.atom', r.text);
  assert.match(feed.title, /^Neue Herausforderungen/);
  assert.ok(feed.items.length >= 4);
  const mobility = feed.items.find((e) => e.title.startsWith('Mobilität 2035'));
  assert.ok(mobility);
  assert.match(mobility.id, /^tag:127\.0\.0\.1,2026:challenge:\d+$/);
  assert.equal(mobility.authors[0].name, 'Stadtwerke');
  assert.match(mobility.description, /Weniger Staus/);
  const en = atom((await new Client(srv.base, { lang: 'en' }).get('/feeds/challenges.atom')).text);
  assert.match(en.title, /^New challenges/);
  assert.equal(en.language, 'en');
});

test(`[${BACKEND}] /challenges/{id}/ideas.atom lists a challenge's new ideas, escaped`, async () => {
  const c = new Client(srv.base);
  const feedOf = await c.get('/feeds/challenges.atom');
  const challenge = atom(feedOf.text).items.find((e) => e.title.startsWith('Mobilität 2035')).url.match(/(\d+)$/)[1];
  const idea = await newIdea(user, {
    challenge, title: 'Fahrradstraßen <b>jetzt</b> & "sofort"', body: 'Ringförmige Fahrradstraßen um die Altstadt, mit Vorrang für Räder & Busse.',
  });
  const r = await c.get(`/challenges/${challenge}/ideas.atom`);
  assert.equal(r.status, 200);
  assert.match(r.text, /Fahrradstraßen &lt;b&gt;jetzt&lt;\/b&gt; &amp; &quot;sofort&quot;/);
  const feed = atom(r.text);
  checkFeed(feed, `/challenges/${challenge}/ideas.atom`, r.text);
  assert.equal(feed.items[0].title, 'Fahrradstraßen <b>jetzt</b> & "sofort"', 'newest first, text intact');
  assert.equal(feed.items[0].id, `tag:127.0.0.1,2026:idea:${idea}`);
  assert.equal(feed.items[0].url, `${srv.base}/ideas/${idea}`);
  assert.equal(feed.items[0].authors[0].name, 'Paula Probe');
  assert.match(feed.items[0].description, /Vorrang für Räder & Busse/);
  assert.ok(feed.items.every((e) => /\/ideas\/\d+$/.test(e.url)));
  assert.equal((await c.get('/challenges/987654/ideas.atom')).status, 404);
  assert.ok(queries(r) <= 2);
});

test(`[${BACKEND}] /feeds/status.atom carries status changes with the official answer`, async () => {
  const idea = await newIdea(user, { title: 'Idee für den Status-Feed', body: BODY });
  await setStatus(admin, idea, 'shortlisted', 'In der engeren Wahl: wir prüfen <Kosten> & Nutzen.');
  const r = await new Client(srv.base).get('/feeds/status.atom');
  const feed = atom(r.text);
  checkFeed(feed, '/feeds/status.atom', r.text);
  assert.match(feed.title, /^Entscheidungen über Ideen/);
  const e = feed.items[0];
  assert.match(e.title, /^Idee für den Status-Feed: /);
  assert.equal(e.url, `${srv.base}/ideas/${idea}`);
  assert.equal(e.description, 'In der engeren Wahl: wir prüfen <Kosten> & Nutzen.');
  assert.match(e.id, /^tag:127\.0\.0\.1,2026:idea-status:\d+$/);
  // A hidden idea's decisions leave the feed.
  const r2 = await admin.post(`/ideas/${idea}/hide`, { _csrf: (await admin.get(`/ideas/${idea}`)).text.match(/name="_csrf" value="([^"]+)"/)[1] });
  assert.equal(r2.status, 303);
  const after = atom((await new Client(srv.base).get('/feeds/status.atom')).text);
  assert.ok(!after.items.some((x) => x.url.endsWith(`/ideas/${idea}`)));
});
