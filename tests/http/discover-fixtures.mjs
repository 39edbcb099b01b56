// discover-fixtures.mjs - helpers shared by the discover tests (pilot
// projects, search, map, feeds): content is made through the real
// pages, as people make it, so that every trigger and counter runs.
import assert from 'node:assert/strict';
import { Client, uniqueEmail } from './lib.mjs';

export const ADMIN = { email: 'admin@demo.oic.example', password: 'innovation-demo' };

// The CSRF token of the page at p (its first form).
export async function csrfOf(client, p) {
  const r = await client.get(p);
  const m = r.text.match(/name="_csrf" value="([^"]+)"/);
  if (!m) throw new Error(`no form on ${p} (status ${r.status})`);
  return m[1];
}

export async function adminClient(base, lang) {
  const c = new Client(base, { lang });
  const r = await c.login(ADMIN.email, ADMIN.password);
  assert.equal(r.status, 303, 'the demo administrator logs in');
  return c;
}

export async function participant(base, lang) {
  const c = new Client(base, { lang });
  const r = await c.register({ email: uniqueEmail('discover'), name: 'Paula Probe' });
  assert.equal(r.status, 303);
  return c;
}

// Submit an idea to the open idea box (or a challenge); returns its id.
export async function newIdea(client, { title, body, lat = '', lon = '', address = '', challenge } = {}) {
  const form = challenge ? `/challenges/${challenge}/ideas/new` : '/ideas/new';
  const _csrf = await csrfOf(client, form);
  const r = await client.post(form, { _csrf, title, body, lat, lon, address, step: 'submit' });
  assert.equal(r.status, 303, `idea "${title}" is created (got ${r.status})`);
  const id = Number(r.headers.get('location').match(/^\/ideas\/(\d+)$/)[1]);
  assert.ok(id > 0);
  return id;
}

// The Innovation Office answers an idea with a new status.
export async function setStatus(admin, idea, status, answer = 'Wir haben entschieden.') {
  const _csrf = await csrfOf(admin, `/ideas/${idea}`);
  const r = await admin.post(`/ideas/${idea}/status`, { _csrf, status, answer });
  assert.equal(r.status, 303, `idea ${idea} gets status ${status} (got ${r.status})`);
}

export const PROJECT = {
  title: 'Lastenräder im Quartier',
  summary: 'Zehn Lastenräder zum Ausleihen in drei Quartieren, betreut von Nachbarschaftsvereinen.',
  org: '',
  budget: '120.000',
  status: 'running',
  lang: 'de',
  lat: '52.0302',
  lon: '8.5325',
  address: 'Marktplatz 1',
};

// Start a project from a selected idea; returns the project's id.
export async function newProject(admin, idea, fields = {}) {
  const _csrf = await csrfOf(admin, `/ideas/${idea}/project`);
  const r = await admin.post(`/ideas/${idea}/project`, { _csrf, ...PROJECT, ...fields });
  assert.equal(r.status, 303, `project from idea ${idea} is created (got ${r.status})`);
  return Number(r.headers.get('location').match(/^\/projects\/(\d+)$/)[1]);
}

// An idea that the city has selected, ready to become a project.
export async function selectedIdea(author, admin, fields) {
  const id = await newIdea(author, fields);
  await setStatus(admin, id, 'selected', 'Wir setzen die Idee als Pilotprojekt um.');
  return id;
}

export function queries(r) {
  const n = Number(r.headers.get('x-queries'));
  assert.ok(Number.isInteger(n), 'the X-Queries header is set');
  return n;
}
