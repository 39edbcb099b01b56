// The JSON API: every response validated against the OpenAPI 3.1 document
// (itself validated by a real OpenAPI validator), cursor pagination, JSON
// errors in the client's language, personal access tokens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { startServer, Client, uniqueEmail, execSql, BACKEND } from './lib.mjs';

let srv;
let doc;
let ajv;

before(async () => {
  srv = await startServer();
  const url = srv.store.url;
  // A few ideas and comments, written straight into the store.
  const now = 1790000000;
  execSql(url, `INSERT INTO ideas (challenge_id, author_id, title, body, lang, created, updated, supports_count, comments_count, lat, lon, address)
    SELECT 1, 2, 'Idee Nummer ' || n, 'Beschreibung **fett**', 'de', ${now} + n, ${now} + n, n, 0, 52.02, 8.53, 'Altstadt'
    FROM (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5) AS s`);
  execSql(url, `UPDATE challenges SET ideas_count = 5 WHERE id = 1`);
  execSql(url, `INSERT INTO comments (subject_type, subject_id, parent_id, depth, author_id, body, created)
    VALUES ('idea', 1, NULL, 0, 3, 'Gute Idee', ${now})`);
  execSql(url, `INSERT INTO comments (subject_type, subject_id, parent_id, depth, author_id, body, deleted, created)
    VALUES ('idea', 1, 1, 1, 4, 'weg', 1, ${now} + 1)`);
  execSql(url, `INSERT INTO challenges (title, summary, phase, created) VALUES ('Geheimer Entwurf', 'x', 'draft', ${now})`);
  execSql(url, `INSERT INTO projects (idea_id, title, summary, progress, status, created, updated) VALUES (1, 'Pilot', 'Ein Pilot', 40, 'running', ${now}, ${now})`);
  execSql(url, `INSERT INTO milestones (project_id, title, due_at, position) VALUES (1, 'Start', ${now}, 0)`);

  doc = await (await fetch(`${srv.base}/api/v1/openapi.json`)).json();
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi.json', components: doc.components });
});

after(async () => { await srv.stop(); });

// Fetch a path under /api/v1 and validate the body against the document.
async function call(path, { status = 200, headers = {} } = {}) {
  const res = await fetch(`${srv.base}/api/v1${path}`, { headers });
  assert.equal(res.status, status, `${path} → ${status}`);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  const body = await res.json();
  const template = Object.keys(doc.paths).find((p) => new RegExp(`^${p.replace(/\{id\}/g, '[0-9]+')}$`).test(path.split('?')[0]));
  assert.ok(template, `${path} is described in the document`);
  const response = doc.paths[template].get.responses[String(status)];
  assert.ok(response, `${template} documents status ${status}`);
  const validate = ajv.compile({ $ref: `openapi.json${response.content['application/json'].schema.$ref}` });
  assert.ok(validate(body), `${path}: ${JSON.stringify(validate.errors)}`);
  return { body, res };
}

test(`[${BACKEND}] the OpenAPI document is a valid OpenAPI 3.1 document`, async () => {
  const validator = new Validator();
  const result = await validator.validate(doc);
  assert.equal(result.valid, true, JSON.stringify(result.errors));
  assert.equal(validator.version, '3.1');
});

test(`[${BACKEND}] challenges: list and one, drafts hidden`, async () => {
  const { body } = await call('/challenges');
  assert.ok(body.items.length >= 4);
  assert.ok(body.items.every((c) => c.phase !== 'draft'));
  assert.ok(!body.items.some((c) => c.title === 'Geheimer Entwurf'));
  const one = (await call('/challenges/1')).body;
  assert.equal(one.id, 1);
  assert.equal(one.ideas, 5);
  assert.equal(typeof one.brief, 'string');
  const draftId = execSql(srv.store.url, "SELECT id FROM challenges WHERE phase = 'draft'");
  await call(`/challenges/${draftId}`, { status: 404 });
  await call(`/challenges/${draftId}/ideas`, { status: 404 });
  await call('/challenges/999999', { status: 404 });
});

test(`[${BACKEND}] ideas: cursor pagination visits every idea once`, async () => {
  const seen = [];
  let cursor = null;
  let pages = 0;
  do {
    const { body } = await call(`/challenges/1/ideas?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    seen.push(...body.items.map((i) => i.id));
    cursor = body.next;
    pages++;
  } while (cursor !== null && pages < 10);
  assert.equal(pages, 3);
  assert.equal(seen.length, 5);
  assert.equal(new Set(seen).size, 5);
  assert.deepEqual(seen, [...seen].sort((a, b) => b - a), 'newest first');
  const all = (await call('/ideas?limit=100')).body;
  assert.equal(all.next, null);
  assert.ok(all.items.length >= 5);
  const idea = (await call('/ideas/1')).body;
  assert.equal(idea.challenge, 1);
  assert.equal(idea.location.address, 'Altstadt');
  assert.equal(idea.body, 'Beschreibung **fett**');
  for (const k of ['id', 'title', 'status', 'challenge', 'supports', 'comments', 'created']) assert.ok(k in idea);
});

test(`[${BACKEND}] comments: deleted ones keep their place without text`, async () => {
  const { body } = await call('/ideas/1/comments');
  assert.equal(body.items.length, 2);
  assert.equal(body.items[0].body, 'Gute Idee');
  assert.equal(body.items[1].parent, body.items[0].id);
  assert.equal(body.items[1].deleted, true);
  assert.equal(body.items[1].body, null);
  await call('/ideas/424242/comments', { status: 404 });
});

test(`[${BACKEND}] projects with milestones`, async () => {
  const list = (await call('/projects')).body;
  assert.equal(list.items[0].title, 'Pilot');
  const p = (await call('/projects/1')).body;
  assert.equal(p.progress, 40);
  assert.equal(p.milestones.length, 1);
});

test(`[${BACKEND}] bad parameters get JSON errors in the client's language`, async () => {
  let r = await call('/ideas?cursor=abc', { status: 400, headers: { 'accept-language': 'de' } });
  assert.equal(r.body.error.code, 'bad_request');
  assert.match(r.body.error.message, /Cursor/);
  r = await call('/ideas?limit=0', { status: 400, headers: { 'accept-language': 'en' } });
  assert.match(r.body.error.message, /from 1 to 100/);
  await call('/ideas?limit=101', { status: 400 });
  r = await call('/ideas/9999', { status: 404, headers: { 'accept-language': 'en' } });
  assert.equal(r.body.error.code, 'not_found');
  assert.match(r.body.error.message, /no idea/);
});

test(`[${BACKEND}] personal access tokens: made on /account/tokens, shown once, revocable`, async () => {
  const c = new Client(srv.base);
  await c.register({ email: uniqueEmail('api'), name: 'API Person', sector: 'business' });
  const page = await c.get('/account/tokens');
  assert.equal(page.status, 200);
  const csrf = page.text.match(/name="_csrf" value="([^"]+)"/)[1];
  let r = await c.post('/account/tokens', { _csrf: csrf, name: '' });
  assert.equal(r.status, 422);
  r = await c.post('/account/tokens', { _csrf: csrf, name: 'Mein Skript' });
  assert.equal(r.status, 201);
  assert.match(r.headers.get('cache-control'), /no-store/);
  const token = r.text.match(/<code class="token">([^<]+)<\/code>/)[1];
  assert.equal(token.length, 43);
  assert.doesNotMatch((await c.get('/account/tokens')).text, new RegExp(token), 'shown only once');

  const me = (await call('/me', { headers: { authorization: `Bearer ${token}` } })).body;
  assert.equal(me.name, 'API Person');
  assert.equal(me.sector, 'business');
  await call('/me', { status: 401 });
  await call('/me', { status: 401, headers: { authorization: 'Bearer nonsense' } });
  // Cookies do not authenticate the API.
  const cookieOnly = await fetch(`${srv.base}/api/v1/me`, { headers: { cookie: c.cookieHeader() } });
  assert.equal(cookieOnly.status, 401);
  // Revoke it.
  const id = (await c.get('/account/tokens')).text.match(/action="\/account\/tokens\/(\d+)\/delete"/)[1];
  r = await c.post(`/account/tokens/${id}/delete`, { _csrf: csrf });
  assert.equal(r.status, 303);
  await call('/me', { status: 401, headers: { authorization: `Bearer ${token}` } });
  // Someone else's token cannot be deleted.
  r = await new Client(srv.base).get('/account/tokens');
  assert.equal(r.status, 303, 'login needed');
});

test(`[${BACKEND}] list endpoints run a bounded number of queries`, async () => {
  for (const p of ['/challenges', '/ideas?limit=100', '/ideas?limit=1', '/challenges/1/ideas', '/projects', '/ideas/1/comments']) {
    const r = await fetch(`${srv.base}/api/v1${p}`);
    assert.ok(Number(r.headers.get('x-queries')) <= 2, `${p}: ${r.headers.get('x-queries')} queries`);
  }
});
