// funnel-helpers.mjs - shared steps of the funnel's HTTP tests: people
// with roles, challenges and ideas made through the real forms, and
// small readers for the pages.
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { Client, oic, uniqueEmail } from './lib.mjs';

export const PASSWORD = 'correct horse battery';

// A logged-in client for a new account with a role (via `oic user add`).
export async function person(srv, { role = 'participant', name, lang } = {}) {
  const email = uniqueEmail(role);
  const add = oic(['user', 'add', '--email', email, '--name', name || `${role} ${email.slice(-12, -12 + 6)}`,
    '--role', role, '--password', PASSWORD, '--db', srv.store.url]);
  assert.equal(add.code, 0, add.stderr);
  const c = new Client(srv.base, { lang });
  const r = await c.login(email, PASSWORD);
  assert.equal(r.status, 303, `login of ${email}`);
  c.email = email;
  return c;
}

// The CSRF token of a page the client may see.
export async function token(c, path = '/account') {
  return c.csrf(path);
}

export function queries(res) {
  const n = Number(res.headers.get('x-queries'));
  assert.ok(Number.isInteger(n), 'X-Queries header present');
  return n;
}

// "2026-03-01T09:00:05" in Berlin time, seconds from now.
export function berlin(secondsFromNow) {
  const d = new Date(Date.now() + secondsFromNow * 1000);
  const s = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
  }).format(d);
  return s.replace(' ', 'T');
}

// Create a challenge through the admin form; returns its id.
export async function createChallenge(admin, fields = {}) {
  const _csrf = await admin.csrf('/challenges/new');
  const form = new URLSearchParams({
    _csrf,
    title: 'Testherausforderung',
    summary: 'Eine Frage an alle in der Stadt.',
    brief: '## Hintergrund\n\nWorum es geht.',
    sponsor: '',
    lang: 'de',
    supports_per_user: '',
    opens_at: berlin(-3600),
    deadline: '',
    evaluation_at: '',
    decided_at: '',
    implementation_at: '',
    closed_at: '',
  });
  const { sectors = ['civil', 'research'], topics = [], ...rest } = fields;
  for (const [k, v] of Object.entries(rest)) form.set(k, v);
  for (const s of sectors) form.append('sectors', s);
  for (const t of topics) form.append('topics', String(t));
  const r = await admin.request('POST', '/challenges/new', {
    body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(r.status, 303, `challenge created (${r.status}): ${r.text.slice(0, 2000)}`);
  return Number(r.headers.get('location').match(/^\/challenges\/(\d+)$/)[1]);
}

// Submit an idea (final step) to a challenge, or to the idea box (id 0).
export async function submitIdea(c, challengeId, fields = {}) {
  const path = challengeId ? `/challenges/${challengeId}/ideas/new` : '/ideas/new';
  const _csrf = await c.csrf(path);
  const form = new URLSearchParams({
    _csrf, step: 'submit', title: 'Eine Idee für alle', body: 'Eine ausführliche Beschreibung der Idee.',
    lat: '', lon: '', address: '',
  });
  const { topics = [], ...rest } = fields;
  for (const [k, v] of Object.entries(rest)) form.set(k, v);
  for (const t of topics) form.append('topics', String(t));
  const r = await c.request('POST', path, {
    body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(r.status, 303, `idea submitted (${r.status}): ${r.text.slice(0, 1500)}`);
  return Number(r.headers.get('location').match(/^\/ideas\/(\d+)$/)[1]);
}

// A participant's idea in an admin's open challenge: { u, id } (u signed in).
export async function participantIdea(srv) {
  const admin = await person(srv, { role: 'admin' });
  const c = await createChallenge(admin);
  const u = await person(srv);
  return { u, id: await submitIdea(u, c) };
}

// POST a form with repeated fields (URLSearchParams keeps duplicates).
export async function postForm(c, path, form) {
  return c.request('POST', path, {
    body: new URLSearchParams(form).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

export async function support(c, ideaId, { json = false } = {}) {
  const _csrf = await c.csrf('/account');
  return c.post(`/ideas/${ideaId}/support`, { _csrf }, json ? { headers: { accept: 'application/json' } } : {});
}

export async function comment(c, subject, body, parent) {
  const _csrf = await c.csrf('/account');
  const form = { _csrf, body };
  if (parent) form.parent = String(parent);
  return c.post(`${subject}/comments`, form);
}

// The ids of the idea cards on a page, in order.
export function ideaIds(html) {
  const section = html.match(/<ul class="idea-cards">([\s\S]*?)<\/ul>/);
  if (!section) return [];
  return [...section[1].matchAll(/<a href="\/ideas\/(\d+)">/g)].map((m) => Number(m[1]));
}

// The next-page link of a list, decoded, or null.
export function nextHref(html) {
  const m = html.match(/<a href="([^"]+)" rel="next">/);
  return m ? m[1].replaceAll('&amp;', '&') : null;
}

export function commentId(res) {
  const m = res.headers.get('location').match(/#comment-(\d+)$/);
  assert.ok(m, `redirect to a comment: ${res.headers.get('location')}`);
  return Number(m[1]);
}

// ---- pictures made by the tests ----

// CRC-32 of PNG chunks (ISO 3309). zlib.crc32 is Node 20.15+; Debian 12
// ships Node 18, so the tests compute it themselves.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
export function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

// An RGB PNG (or 1-bit grey with grey1) of w x h with an optional text chunk.
export function png(w, h, { text, grey1 = false } = {}) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = grey1 ? 1 : 8;
  ihdr[9] = grey1 ? 0 : 2;
  const rowBytes = grey1 ? Math.ceil(w / 8) : w * 3;
  const raw = Buffer.alloc((rowBytes + 1) * h);
  if (!grey1) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const o = y * (rowBytes + 1) + 1 + x * 3;
        raw[o] = (x * 7) & 255; raw[o + 1] = (y * 5) & 255; raw[o + 2] = 90;
      }
    }
  }
  const chunks = [pngChunk('IHDR', ihdr)];
  if (text) chunks.push(pngChunk('tEXt', Buffer.from(`Comment\0${text}`, 'latin1')));
  chunks.push(pngChunk('IDAT', zlib.deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]);
}

// ---- PDF documents made by the tests ----

// A well-formed PDF with `pages` empty pages (0: a document without any),
// its cross-reference table at the right offsets; `note` goes into a
// content stream so that different notes give different files.
export function pdf({ pages = 1, note = 'oic test document' } = {}) {
  const objs = [];
  const kids = [];
  for (let i = 0; i < pages; i++) kids.push(`${3 + 2 * i} 0 R`);
  objs.push('<< /Type /Catalog /Pages 2 0 R >>');
  objs.push(`<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages} >>`);
  for (let i = 0; i < pages; i++) {
    const stream = `% ${note} ${i}\n0 0 m 100 100 l S\n`;
    objs.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents ${4 + 2 * i} 0 R >>`);
    objs.push(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}endstream`);
  }
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets = [];
  objs.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
