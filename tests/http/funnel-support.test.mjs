// Supports: toggling, JSON for the script, the per-challenge limit, frozen
// counts after the challenge left "open", and exactly-once counting under
// concurrent requests.  SQLite and PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, BACKEND } from './lib.mjs';
import { person, createChallenge, submitIdea, support } from './funnel-helpers.mjs';

let srv;
let admin;
before(async () => {
  srv = await startServer({ seed: false });
  admin = await person(srv, { role: 'admin' });
});
after(async () => { await srv.stop(); });

const count = async (id) => {
  const r = await new Client(srv.base).get(`/ideas/${id}`);
  return Number(r.text.match(/data-support-count>([\d.]+)</)[1].replace('.', ''));
};

async function setPhase(challenge, phase) {
  const page = await admin.get(`/challenges/${challenge}`);
  const _csrf = page.text.match(/name="_csrf" value="([^"]+)"/)[1];
  assert.equal((await admin.post(`/challenges/${challenge}/phase`, { _csrf, phase })).status, 303);
}

test(`[${BACKEND}] a support toggles: given, withdrawn, given again`, async () => {
  const c = await createChallenge(admin);
  const author = await person(srv);
  const id = await submitIdea(author, c);
  const u = await person(srv);
  let page = await u.get(`/ideas/${id}`);
  assert.match(page.text, /<button type="submit" class="button"[^>]*>Diese Idee unterstützen<\/button>/);
  let r = await support(u, id);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/ideas/${id}#support`);
  assert.equal(await count(id), 1);
  page = await u.get(`/ideas/${id}`);
  assert.match(page.text, />Unterstützung zurückziehen<\/button>/);
  assert.match(page.text, /Sie unterstützen diese Idee\./);
  assert.match((await u.get(`/challenges/${c}`)).text, /von Ihnen unterstützt/);
  r = await support(u, id);
  assert.equal(await count(id), 0);
  r = await support(u, id);
  assert.equal(await count(id), 1);
  // Anonymous: to the login (forms) or 401 (script).
  const anon = new Client(srv.base);
  const _csrf = await anon.csrf('/account/login');
  r = await anon.post(`/ideas/${id}/support`, { _csrf });
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /^\/account\/login/);
  r = await anon.post(`/ideas/${id}/support`, { _csrf }, { headers: { accept: 'application/json' } });
  assert.equal(r.status, 401);
  assert.equal(await count(id), 1);
  assert.equal((await support(u, 999999)).status, 404);
});

test(`[${BACKEND}] with Accept: application/json the answer is the new state`, async () => {
  const c = await createChallenge(admin);
  const id = await submitIdea(await person(srv), c);
  const u = await person(srv);
  let r = await support(u, id, { json: true });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /application\/json/);
  assert.deepEqual(JSON.parse(r.text), { supported: true, supports: 1 });
  const v = await person(srv);
  r = await support(v, id, { json: true });
  assert.deepEqual(JSON.parse(r.text), { supported: true, supports: 2 });
  r = await support(u, id, { json: true });
  assert.deepEqual(JSON.parse(r.text), { supported: false, supports: 1 });
});

test(`[${BACKEND}] the per-participant limit of a challenge holds, and withdrawing frees a support`, async () => {
  const c = await createChallenge(admin, { supports_per_user: '2' });
  const author = await person(srv);
  const ideas = [];
  for (let i = 0; i < 3; i++) ideas.push(await submitIdea(author, c, { title: `Begrenzt ${i} Idee` }));
  const u = await person(srv);
  assert.equal((await support(u, ideas[0])).status, 303);
  assert.equal((await support(u, ideas[1])).status, 303);
  let r = await support(u, ideas[2]);
  assert.equal(r.status, 422);
  assert.match(r.text, /Sie haben alle Unterstützungen vergeben, die diese Herausforderung erlaubt\./);
  assert.match(r.text, /id="support-error" role="alert"/);
  r = await support(u, ideas[2], { json: true });
  assert.equal(r.status, 422);
  assert.equal(JSON.parse(r.text).error.code, 'limit');
  assert.equal(await count(ideas[2]), 0);
  const page = await u.get(`/ideas/${ideas[2]}`);
  assert.doesNotMatch(page.text, /data-support-form/, 'no button while the limit is used up');
  assert.match(page.text, /Ziehen Sie eine zurück/);
  assert.match((await u.get(`/challenges/${c}`)).text, /von Ihnen vergeben: 2/);
  // Withdrawing is always possible, and frees one.
  assert.equal((await support(u, ideas[0])).status, 303);
  assert.equal((await support(u, ideas[2])).status, 303);
  assert.equal(await count(ideas[0]), 0);
  assert.equal(await count(ideas[2]), 1);
  // Another participant has a limit of their own.
  const v = await person(srv);
  assert.equal((await support(v, ideas[0])).status, 303);
  assert.equal((await support(v, ideas[1])).status, 303);
});

test(`[${BACKEND}] concurrent requests never pass the limit, and count exactly once`, async () => {
  const c = await createChallenge(admin, { supports_per_user: '2' });
  const author = await person(srv);
  const ideas = [];
  for (let i = 0; i < 5; i++) ideas.push(await submitIdea(author, c, { title: `Parallel ${i} Idee` }));
  const u = await person(srv);
  const _csrf = await u.csrf('/account');
  const results = await Promise.all(ideas.map((id) => u.post(`/ideas/${id}/support`, { _csrf },
    { headers: { accept: 'application/json' } })));
  const ok = results.filter((r) => r.status === 200).length;
  assert.equal(ok, 2, `statuses: ${results.map((r) => r.status)}`);
  assert.ok(results.every((r) => r.status === 200 || r.status === 422));
  const counts = await Promise.all(ideas.map(count));
  assert.equal(counts.reduce((a, b) => a + b, 0), 2);
  // Many toggles of one idea at once: the count equals what was kept.
  const w = await person(srv);
  const wt = await w.csrf('/account');
  const toggles = await Promise.all(Array.from({ length: 7 }, () => w.post(`/ideas/${ideas[4]}/support`,
    { _csrf: wt }, { headers: { accept: 'application/json' } })));
  assert.ok(toggles.every((r) => r.status === 200));
  const final = JSON.parse(toggles.map((r) => r.text).sort((a, b) => JSON.parse(a).supports - JSON.parse(b).supports)[0]);
  const before = counts[4];
  const now = await count(ideas[4]);
  const mine = (await w.get(`/ideas/${ideas[4]}`)).text.includes('Sie unterstützen diese Idee.</p>');
  assert.equal(now, before + (mine ? 1 : 0), 'the count matches the stored support');
  assert.ok(final.supports >= before);
  assert.equal(mine, true, 'seven toggles: an odd number leaves it given');
});

test(`[${BACKEND}] after "open" the counts are frozen both ways`, async () => {
  const c = await createChallenge(admin);
  const id = await submitIdea(await person(srv), c);
  const u = await person(srv);
  const v = await person(srv);
  assert.equal((await support(u, id)).status, 303);
  await setPhase(c, 'evaluation');
  let r = await support(v, id);
  assert.equal(r.status, 422);
  assert.match(r.text, /Diese Herausforderung ist nicht mehr offen/);
  r = await support(u, id);
  assert.equal(r.status, 422, 'withdrawing is refused too');
  r = await support(u, id, { json: true });
  assert.equal(JSON.parse(r.text).error.code, 'closed');
  assert.equal(await count(id), 1);
  const page = await v.get(`/ideas/${id}`);
  assert.doesNotMatch(page.text, /data-support-form/);
  await setPhase(c, 'open');
  assert.equal((await support(v, id)).status, 303);
  assert.equal(await count(id), 2);
});

test(`[${BACKEND}] ideas of the open idea box take supports without a limit`, async () => {
  const id = await submitIdea(await person(srv), 0, { title: 'Kastenidee zum Unterstützen' });
  const u = await person(srv);
  assert.equal((await support(u, id)).status, 303);
  assert.equal(await count(id), 1);
  assert.match((await new Client(srv.base).get('/ideas?order=supported')).text, /Unterstützungen: 1/);
});
