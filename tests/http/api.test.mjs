// The JSON API: every response validated against the OpenAPI 3.1 document
// (itself validated by a real OpenAPI validator), cursor pagination, JSON
// errors in the client's language, personal access tokens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { startServer, Client, uniqueEmail, BACKEND, execSql } from './lib.mjs';
import { person, createChallenge, submitIdea, comment, commentId, berlin } from './funnel-helpers.mjs';
import { setStatus, newProject } from './discover-fixtures.mjs';

let srv;
let doc;
let ajv;
let challengeId;
let draftId;
let projectId;
const ideaIdsMade = [];

before(async () => {
  srv = await startServer();
  // Content made through the real pages: an admin, a participant, five
  // ideas on an open challenge, a comment and a deleted reply, a draft
  // challenge, and a project with a milestone.
  const admin = await person(srv, { role: 'admin' });
  const author = await person(srv, { name: 'Ideen Person' });
  challengeId = await createChallenge(admin, { title: 'API-Herausforderung' });
  draftId = await createChallenge(admin, { title: 'Geheimer Entwurf', opens_at: berlin(30 * 86400) });
  for (let i = 1; i <= 5; i++) {
    ideaIdsMade.push(await submitIdea(author, challengeId, {
      title: `Idee Nummer ${i} für die API`, body: 'Beschreibung **fett** mit genug Text.',
      lat: '52.02', lon: '8.53', address: 'Altstadt',
    }));
  }
  const first = ideaIdsMade[0];
  const r1 = await comment(author, `/ideas/${first}`, 'Gute Idee');
  const c1 = commentId(r1);
  const r2 = await comment(admin, `/ideas/${first}`, 'weg', c1);
  const c2 = commentId(r2);
  const _csrf = await admin.csrf('/account');
  assert.equal((await admin.post(`/comments/${c2}/delete`, { _csrf })).status, 303);
  await setStatus(admin, first, 'selected');
  projectId = await newProject(admin, first, { title: 'Pilot', status: 'running' });
  const ms = await admin.post(`/projects/${projectId}/milestones`, { _csrf: await admin.csrf(`/projects/${projectId}`), title: 'Start', due_at: '2027-03-01' });
  assert.equal(ms.status, 303, `milestone: ${ms.status}`);
  doc = await (await fetch(`${srv.base}/api/v1/openapi.json`)).json();
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi.json', components: doc.components });
});

after(async () => { await srv.stop(); });

// Fetch a path under /api/v1 and validate the body against the document.
async function call(path, { status = 200, headers = {}, method = 'GET', json } = {}) {
  const init = { method, headers: { ...headers } };
  if (json !== undefined) {
    init.body = typeof json === 'string' ? json : JSON.stringify(json);
    init.headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${srv.base}/api/v1${path}`, init);
  assert.equal(res.status, status, `${path} → ${status}`);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  const body = await res.json();
  const template = Object.keys(doc.paths).find((p) => new RegExp(`^${p.replace(/\{id\}/g, '[0-9]+')}$`).test(path.split('?')[0]));
  assert.ok(template, `${path} is described in the document`);
  const response = doc.paths[template][method.toLowerCase()].responses[String(status)];
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
  const one = (await call(`/challenges/${challengeId}`)).body;
  assert.equal(one.id, challengeId);
  assert.equal(one.ideas, 5);
  assert.equal(typeof one.brief, 'string');
  await call(`/challenges/${draftId}`, { status: 404 });
  await call(`/challenges/${draftId}/ideas`, { status: 404 });
  await call('/challenges/999999', { status: 404 });
});

test(`[${BACKEND}] ideas: cursor pagination visits every idea once`, async () => {
  const seen = [];
  let cursor = null;
  let pages = 0;
  do {
    const { body } = await call(`/challenges/${challengeId}/ideas?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
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
  assert.deepEqual([...seen].sort((a, b) => a - b), [...ideaIdsMade].sort((a, b) => a - b));
  const idea = (await call(`/ideas/${ideaIdsMade[1]}`)).body;
  assert.equal(idea.challenge, challengeId);
  assert.equal(idea.location.address, 'Altstadt');
  assert.equal(idea.location.lat, 52.02);
  assert.equal(idea.body, 'Beschreibung **fett** mit genug Text.');
  assert.equal(idea.author, 'Ideen Person');
  for (const k of ['id', 'title', 'status', 'challenge', 'supports', 'comments', 'created']) assert.ok(k in idea);
});

test(`[${BACKEND}] comments: deleted ones keep their place without text`, async () => {
  const { body } = await call(`/ideas/${ideaIdsMade[0]}/comments`);
  assert.equal(body.items.length, 2);
  assert.equal(body.items[0].body, 'Gute Idee');
  assert.equal(body.items[1].parent, body.items[0].id);
  assert.equal(body.items[1].deleted, true);
  assert.equal(body.items[1].body, null);
  await call('/ideas/424242/comments', { status: 404 });
});

test(`[${BACKEND}] projects with milestones`, async () => {
  const list = (await call('/projects')).body;
  assert.ok(list.items.some((p) => p.id === projectId && p.title === 'Pilot'));
  const p = (await call(`/projects/${projectId}`)).body;
  assert.equal(p.idea, ideaIdsMade[0]);
  assert.equal(p.status, 'running');
  assert.equal(p.milestones.length, 1);
  assert.equal(p.milestones[0].title, 'Start');
  const idea = (await call(`/ideas/${ideaIdsMade[0]}`)).body;
  assert.equal(idea.status, 'piloting', 'the idea became a pilot');
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
  for (const p of ['/challenges', '/ideas?limit=100', '/ideas?limit=1', `/challenges/${challengeId}/ideas`, '/projects', `/ideas/${ideaIdsMade[0]}/comments`, `/projects/${projectId}/comments`]) {
    const r = await fetch(`${srv.base}/api/v1${p}`);
    assert.ok(Number(r.headers.get('x-queries')) <= 2, `${p}: ${r.headers.get('x-queries')} queries`);
  }
});

test(`[${BACKEND}] writing with a token: submit an idea, comment, support`, async () => {
  const c = new Client(srv.base);
  await c.register({ email: uniqueEmail('writer'), name: 'API Schreiberin' });
  const csrf = await c.csrf('/account/tokens');
  const made = await c.post('/account/tokens', { _csrf: csrf, name: 'Schreiben' });
  const token = made.text.match(/<code class="token">([^<]+)<\/code>/)[1];
  const auth = { authorization: `Bearer ${token}`, 'accept-language': 'en' };

  // Without a token: 401, nothing written.
  await call(`/challenges/${challengeId}/ideas`, { method: 'POST', status: 401, json: { title: 'x', body: 'y' } });
  // Bad JSON and bad fields: 400 / 422 with a message.
  await call(`/challenges/${challengeId}/ideas`, { method: 'POST', status: 400, headers: auth, json: '{"title": ' });
  let r = await call(`/challenges/${challengeId}/ideas`, { method: 'POST', status: 422, headers: auth, json: { title: 'ab', body: 'zu kurz' } });
  assert.equal(r.body.error.code, 'invalid');
  const before = (await call(`/challenges/${challengeId}`)).body.ideas;

  r = await call(`/challenges/${challengeId}/ideas`, {
    method: 'POST', status: 201, headers: auth,
    json: { title: 'Idee über die API', body: 'Eine Idee, die ein Programm eingereicht hat.', lat: '52.03', lon: '8.53' },
  });
  const id = r.body.id;
  assert.equal(r.res.headers.get('location'), `/ideas/${id}`);
  assert.equal(r.body.held, false, 'public at once');
  const idea = (await call(`/ideas/${id}`)).body;
  assert.equal(idea.title, 'Idee über die API');
  assert.equal(idea.author, 'API Schreiberin');
  assert.equal((await call(`/challenges/${challengeId}`)).body.ideas, before + 1);

  r = await call(`/ideas/${id}/comments`, { method: 'POST', status: 201, headers: auth, json: { body: 'Ein Kommentar per API' } });
  const reply = await call(`/ideas/${id}/comments`, { method: 'POST', status: 201, headers: auth, json: { body: 'Antwort', parent: String(r.body.id) } });
  const comments = (await call(`/ideas/${id}/comments`)).body.items;
  assert.deepEqual(comments.map((x) => x.body), ['Ein Kommentar per API', 'Antwort']);
  assert.equal(comments[1].parent, r.body.id);
  assert.ok(reply.body.id > r.body.id);
  assert.equal(r.body.held, false);
  await call(`/ideas/${id}/comments`, { method: 'POST', status: 422, headers: auth, json: { body: '' } });

  // A post with one of the moderators' held words: 201, and the answer says it is held.
  execSql(srv.store.url, "INSERT INTO settings (key, value) VALUES ('moderation.held_words', 'schwachkopf')");
  try {
    const heldComment = await call(`/ideas/${id}/comments`, { method: 'POST', status: 201, headers: auth, json: { body: 'Du Schwachkopf' } });
    assert.equal(heldComment.body.held, true);
    assert.doesNotMatch(JSON.stringify((await call(`/ideas/${id}/comments`)).body), /Schwachkopf/, 'not public');
    const heldIdea = await call(`/challenges/${challengeId}/ideas`, {
      method: 'POST', status: 201, headers: auth, json: { title: 'Schwachkopf-Idee', body: 'Eine Idee, die warten muss, bis jemand sie prüft.' },
    });
    assert.equal(heldIdea.body.held, true);
    assert.equal((await fetch(`${srv.base}/api/v1/ideas/${heldIdea.body.id}`)).status, 404, 'not public');
  } finally {
    execSql(srv.store.url, "DELETE FROM settings WHERE key = 'moderation.held_words'");
  }
  await call('/ideas/999999/comments', { method: 'POST', status: 404, headers: auth, json: { body: 'x' } });

  // Support toggles; form-encoded bodies work too.
  r = await call(`/ideas/${id}/support`, { method: 'POST', headers: auth });
  assert.deepEqual(r.body, { supported: true, supports: 1 });
  r = await call(`/ideas/${id}/support`, { method: 'POST', headers: auth });
  assert.deepEqual(r.body, { supported: false, supports: 0 });
  await call('/ideas/999999/support', { method: 'POST', status: 404, headers: auth });
  assert.equal((await call(`/ideas/${id}`)).body.supports, 0);
});

test(`[${BACKEND}] pilot projects' discussion: read and write with a token, the same rules`, async () => {
  const c = new Client(srv.base);
  await c.register({ email: uniqueEmail('projectwriter'), name: 'Projekt Schreiber' });
  const csrf = await c.csrf('/account/tokens');
  const made = await c.post('/account/tokens', { _csrf: csrf, name: 'Projekte' });
  const token = made.text.match(/<code class="token">([^<]+)<\/code>/)[1];
  const auth = { authorization: `Bearer ${token}`, 'accept-language': 'en' };

  const before = (await call(`/projects/${projectId}/comments`)).body.items.length;
  await call(`/projects/${projectId}/comments`, { method: 'POST', status: 401, json: { body: 'ohne Token' } });
  let r = await call(`/projects/${projectId}/comments`, { method: 'POST', status: 422, headers: auth, json: { body: '  ' } });
  assert.match(r.body.error.message, /Write a comment first\./);
  r = await call(`/projects/${projectId}/comments`, { method: 'POST', status: 422, headers: { ...auth, 'accept-language': 'de' }, json: { body: '' } });
  assert.match(r.body.error.message, /Schreiben Sie zuerst einen Kommentar\./);
  r = await call('/projects/987654/comments', { method: 'POST', status: 404, headers: auth, json: { body: 'x' } });
  assert.match(r.body.error.message, /This pilot project does not exist\./);
  await call('/projects/987654/comments', { status: 404 });
  assert.equal((await call(`/projects/${projectId}/comments`)).body.items.length, before, 'nothing written');

  r = await call(`/projects/${projectId}/comments`, { method: 'POST', status: 201, headers: auth, json: { body: 'Ein Kommentar zum Pilot' } });
  assert.equal(r.res.headers.get('location'), `/projects/${projectId}#comment-${r.body.id}`);
  await call(`/projects/${projectId}/comments`, { method: 'POST', status: 201, headers: auth, json: { body: 'Eine Antwort', parent: String(r.body.id) } });
  const items = (await call(`/projects/${projectId}/comments?limit=100`)).body.items;
  assert.deepEqual(items.slice(-2).map((x) => [x.body, x.author, x.depth]), [['Ein Kommentar zum Pilot', 'Projekt Schreiber', 0], ['Eine Antwort', 'Projekt Schreiber', 1]]);
  assert.equal(items.at(-1).parent, r.body.id);
  // A reply to a project's comment sent to an idea is refused.
  await call(`/ideas/${ideaIdsMade[0]}/comments`, { method: 'POST', status: 404, headers: auth, json: { body: 'falsch', parent: String(r.body.id) } });
});

test(`[${BACKEND}] actors: listed ones only, a person's public fields only, no address`, async () => {
  const sql = (q) => execSql(srv.store.url, q);
  const all = [];
  let cursor = null;
  let pages = 0;
  do {
    const { body } = await call(`/actors?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    all.push(...body.items);
    cursor = body.next;
    pages++;
  } while (cursor !== null && pages < 50);
  assert.equal(all.length, Number(sql('SELECT count(*) FROM actors WHERE listed = 1')));
  assert.ok(all.some((a) => a.kind === 'organisation' && a.competencies.length > 0));
  const lena = all.find((a) => a.name === 'Lena Hoffmann');
  assert.ok(lena, 'a listed demo person');
  const pub = Number(sql(`SELECT public_fields FROM actors WHERE id = ${lena.id}`));
  assert.equal(lena.sector === null, (pub & 1) === 0, 'her sector only when public');
  assert.equal(lena.website === null || (pub & 32) !== 0, true);
  const one = (await call(`/actors/${lena.id}`)).body;
  assert.deepEqual(one, lena);
  const hidden = Number(sql('SELECT coalesce(max(id), 0) FROM actors WHERE listed = 0'));
  if (hidden) await call(`/actors/${hidden}`, { status: 404 });
  await call('/actors/999999', { status: 404 });
  const text = JSON.stringify(all);
  for (const email of sql('SELECT email FROM users').split('\n').filter(Boolean))
    assert.ok(!text.includes(email), `no address in the API: ${email}`);
});

test(`[${BACKEND}] opportunities: open ones by keyset, the archived ones, one; bodies as the document says`, async () => {
  const open = (await call('/opportunities?limit=2')).body;
  assert.equal(open.items.length, 2);
  assert.ok(open.items.every((o) => o.archived === false));
  const next = (await call(`/opportunities?limit=2&cursor=${open.next}`)).body;
  assert.ok(next.items.every((o) => o.id < open.items[1].id));
  const archived = (await call('/opportunities?archived=1')).body;
  assert.ok(archived.items.length >= 1 && archived.items.every((o) => o.archived === true));
  const one = (await call(`/opportunities/${open.items[0].id}`)).body;
  assert.equal(typeof one.description, 'string');
  await call(`/opportunities/${archived.items[0].id}`);
  await call('/opportunities/999999', { status: 404 });
  await call('/opportunities?archived=2', { status: 400 });
});
