// lib.mjs - helpers for the HTTP tests: start the real oic binary on a
// free loopback port with a fresh database (SQLite file or a new
// PostgreSQL database in the test cluster), and talk to it like a browser.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const BIN = process.env.OIC_BIN || path.resolve('build/release/oic');
export const BACKEND = process.env.OIC_TEST_BACKEND || 'sqlite';
export const SANITIZER = !!process.env.OIC_TEST_SANITIZER;
const STEM_LIBRARY = process.env.OIC_STEM_LIBRARY
  || path.join(SANITIZER ? path.resolve('build/release') : path.dirname(BIN), 'oic_stem');

let dbCounter = 0;

// The Set-Cookie lines of a fetch response. Headers.getSetCookie() is
// Node 19.7+; Debian 12 ships Node 18, whose fetch joins the lines with
// ", " in headers.get('set-cookie'). Split where a new "name=" begins: an
// Expires date (", 01 Jan 2027 …") never looks like that. One path on every
// Node, so the one the tests run here is the one a fresh Debian runs.
export function setCookieLines(headers) {
  const joined = headers.get('set-cookie');
  return joined ? joined.split(/,\s*(?=[^;,=\s]+=)/) : [];
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// A fresh, empty store: returns { url, cleanup }.
export function freshStore() {
  if (BACKEND === 'postgres') {
    const base = process.env.OIC_TEST_PG_URL;
    if (!base) throw new Error('OIC_TEST_PG_URL is not set');
    const name = `oic_t${process.pid}_${Date.now() % 100000}_${dbCounter++}`;
    const r = spawnSync('psql', [`${base}/postgres`, '-qAtc', `CREATE DATABASE ${name}`], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`createdb failed: ${r.stderr}`);
    return {
      url: `${base}/${name}`,
      cleanup() {
        spawnSync('psql', [`${base}/postgres`, '-qAtc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
      },
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oic-test-'));
  return { url: `sqlite:${dir}/oic.db`, dir, cleanup() { rmSync(dir, { recursive: true, force: true }); } };
}

// Run the oic command line synchronously.
export function oic(args, env = {}) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

// Start a server: migrate (+ optional demo seed), serve on a free port.
export async function startServer({ seed = true, env = {}, store } = {}) {
  const st = store || freshStore();
  const baseEnv = { OIC_ACCESS_LOG: '0', OIC_QUERY_HEADER: '1', ...env };
  let r = oic(['migrate', '--db', st.url], baseEnv);
  if (r.code !== 0) throw new Error(`migrate failed: ${r.stderr}`);
  if (seed) {
    r = oic(['seed', '--demo', '--db', st.url], baseEnv);
    if (r.code !== 0) throw new Error(`seed failed: ${r.stderr}`);
  }
  const port = await freePort();
  const child = spawn(BIN, ['serve', '--port', String(port), '--db', st.url], {
    env: { ...process.env, ...baseEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  child.stdout.on('data', () => {});
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.status === 200) break;
    } catch { /* not up yet */ }
    await new Promise((r2) => setTimeout(r2, 25));
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
  }
  return {
    base, port, child, store: st, exited,
    stderr: () => stderr,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      const result = await exited;
      st.cleanup();
      if (SANITIZER && /(AddressSanitizer|LeakSanitizer|runtime error:)/.test(stderr)) {
        throw new Error(`sanitizer report:\n${stderr}`);
      }
      return result;
    },
  };
}

// A browser-like client with a cookie jar.
export class Client {
  constructor(base, { lang } = {}) {
    this.base = base;
    this.cookies = new Map();
    this.lang = lang;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method, p, { form, headers = {}, redirect = 'manual', body } = {}) {
    const h = { ...headers };
    if (this.cookies.size) h.cookie = this.cookieHeader();
    if (this.lang && !h['accept-language']) h['accept-language'] = this.lang;
    let data = body;
    if (form) {
      data = new URLSearchParams(form).toString();
      h['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(this.base + p, { method, headers: h, body: data, redirect });
    for (const c of setCookieLines(res.headers)) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const maxAge = attrs.find((a) => a.trim().toLowerCase().startsWith('max-age='));
      if (value === '' || (maxAge && maxAge.trim().slice(8) === '0')) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    return { status: res.status, headers: res.headers, text };
  }

  get(p, opts) { return this.request('GET', p, opts); }
  post(p, form, opts = {}) { return this.request('POST', p, { ...opts, form }); }

  // GET a page with a form and return its CSRF token.
  async csrf(p) {
    const r = await this.get(p);
    const m = r.text.match(/name="_csrf" value="([^"]+)"/);
    if (!m) throw new Error(`no CSRF token on ${p} (status ${r.status})`);
    return m[1];
  }

  async register({ email, name = 'Test Person', password = 'correct horse battery', sector = 'civil', organisation = '' }) {
    const _csrf = await this.csrf('/account/register');
    return this.post('/account/register', { _csrf, email, name, password, sector, organisation });
  }

  async login(email, password) {
    const _csrf = await this.csrf('/account/login');
    return this.post('/account/login', { _csrf, email, password });
  }
}

// Send raw bytes and collect the whole answer until the server closes
// or timeoutMs passes.
export function rawRequest(port, data, timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let out = '';
    const timer = setTimeout(() => { sock.destroy(); resolve({ text: out, closed: false }); }, timeoutMs);
    sock.on('data', (d) => { out += d.toString('latin1'); });
    sock.on('end', () => { clearTimeout(timer); resolve({ text: out, closed: true }); });
    sock.on('error', (e) => { clearTimeout(timer); if (out) resolve({ text: out, closed: true }); else reject(e); });
    sock.write(data);
  });
}

export function uniqueEmail(tag = 'user') {
  return `${tag}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.org`;
}

// Run SQL directly against a test store (sqlite3 or psql), for tests that
// need rows no page can create yet, or that check what was stored.
export function execSql(storeUrl, sql) {
  const r = storeUrl.startsWith('sqlite:')
    // The search triggers need oic's tokenizer.  The sqlite3 shell is not
    // built with sanitizers, so it loads the release build's library even
    // when the tests run against a sanitizer build of oic.
    // The server may hold the write lock for a moment (its job thread):
    // wait for it like the server's own connections do.
    ? spawnSync('sqlite3', ['-batch', '-cmd', '.timeout 5000', '-cmd', `.load ${STEM_LIBRARY}`,
      storeUrl.slice(7), sql], { encoding: 'utf8' })
    : spawnSync('psql', [storeUrl, '-qAt', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`SQL failed: ${r.stderr}`);
  return r.stdout.trim();
}

// CSV rows, RFC 4180 (quoted fields may hold commas, quotes and line breaks).
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += c;
  }
  if (field !== '') throw new Error('the CSV file does not end with CRLF');
  return rows;
}
