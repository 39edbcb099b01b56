#!/usr/bin/env node
// bench.mjs - `make bench`: oic measured against the physical limit.
//
// For a synthetic city (oic seed --synthetic) this
//   1. starts oic (OIC_ACCESS_LOG=0, OIC_QUERY_HEADER=1) on loopback;
//   2. fetches every public page kind of bench/pages.conf once with curl
//      (a 404 means the page kind does not exist yet: "not present");
//   3. writes those exact bytes into an nginx root and starts Debian's
//      nginx on another loopback port, serving them with the same
//      Content-Type and headers: the yardstick;
//   4. runs wrk with the same settings against both (-t1 -c64, latency),
//      one page after the other, oic then nginx, so that drift on this
//      shared 2-core machine hits both alike; oic as deployed, with its
//      page cache on (OIC_PAGE_CACHE_TTL's default), and then a second oic
//      on the same store with the cache off (OIC_PAGE_CACHE_TTL=0): the
//      uncached cost of each page, the price of every miss;
//   5. logs many synthetic accounts in (curl), and runs the write path:
//      POST /ideas/{id}/support with their cookies and CSRF tokens
//      (bench/write.lua), or POST /account/settings while the support
//      route does not exist;
//   6. samples the server's RSS (VmRSS) at rest and under load;
//   7. repeats the read pages on cities of 1,000 and 10,000 ideas (the
//      scale curve; the main city has 100,000), uncached: a cache would
//      hide how the cost grows with the city;
//   8. writes bench/results/latest.json and prints a table, with each
//      target of issue 4 marked as held or missed.
//
// Environment:
//   BENCH_QUICK=1     a small city and short runs: under a minute
//   BENCH_DB=postgres the city on a throw-away PostgreSQL cluster
//                     (scripts/pg-test.sh); default sqlite
//   BENCH_SCALE=0|1   scale curve off / on (default: on in a full run,
//                     off in a quick one)
//   BENCH_COMPARE=1   instead: home page and write path on SQLite and on
//                     PostgreSQL, same city, one run (README, issue 3);
//                     writes bench/results/compare.json
//   BENCH_DURATION    wrk duration per run (default 10s, quick 3s or
//                     less so that the whole run stays under a minute)
//   BENCH_IDEAS       ideas of the main city (default 100000; the other
//                     sizes follow in the issue's proportions)
//   BENCH_SCALE_IDEAS the scale curve's cities (default 1000,10000,100000;
//                     the one as big as the main city is the main city)
//   BENCH_SCALE_ROUNDS rounds of the scale curve, best counts (default 2)
//   BENCH_ACCOUNTS    accounts logged in for the write path (default 64;
//                     the login limit is 100 per address in 15 minutes)
//   BENCH_PAGES=a,b   measure only these pages of bench/pages.conf
//   BENCH_WRITE=0     skip the write path
//   BENCH_WRITE_ROUNDS write path runs, best counts (default 3, quick 1)
//   BENCH_KEEP=1      keep the temporary folder (databases, bodies, logs)
//   OIC_BIN           the binary (default build/bench/oic)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const env = process.env;
const QUICK = env.BENCH_QUICK === '1';
const BACKEND = env.BENCH_DB === 'postgres' ? 'postgres' : 'sqlite';
const COMPARE = env.BENCH_COMPARE === '1';
const SCALE = env.BENCH_SCALE ? env.BENCH_SCALE === '1' : !QUICK;
const BIN = path.resolve(ROOT, env.OIC_BIN || 'build/bench/oic');
const ACCOUNTS = Number(env.BENCH_ACCOUNTS || 64);
const MAIN_IDEAS = Number(env.BENCH_IDEAS || (QUICK ? 2000 : 100000));
const SCALE_IDEAS = (env.BENCH_SCALE_IDEAS || '1000,10000,100000').split(',').map(Number);
// Rounds of the scale curve: every round measures a page on every city
// back to back (uncached oic, then nginx); the best ratio of each city
// counts, so that one disturbed run on this shared machine does not make
// a page look slower (or faster) in one city than in another.
const SCALE_ROUNDS = Math.max(1, Number(env.BENCH_SCALE_ROUNDS || 2));
const CONNECTIONS = 64;
const WRITE_ROUNDS = Number(env.BENCH_WRITE_ROUNDS || (QUICK ? 1 : 3));
const SEED = 1;

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'oic-bench-'));
fs.chmodSync(TMP, 0o755); // nginx workers may run as another user
const cleanups = [];
const started = Date.now();

function log(...a) { console.log(...a); }
function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }
function round(x, d = 1) { return x == null || Number.isNaN(x) ? null : Math.round(x * 10 ** d) / 10 ** d; }

// ---- city sizes: the issue's default city, scaled by its number of ideas ----
// Accounts, supports and comments follow the ideas.  Challenges, events,
// organisations and projects have floors, so that the list pages (a page
// of challenges, projects, events; the feeds) are as full in the small
// cities as in the large one and the scale curve compares like with like.
// The events' floor is 200 so that the iCalendar feed (the next 50
// upcoming events) is full in every city: with 100, the small city had
// 33 upcoming events against 50 in the large one.
function citySizes(ideas) {
  const f = ideas / 100000;
  const n = (x, min) => String(Math.max(min, Math.round(x * f)));
  return {
    accounts: n(50000, 500), challenges: n(500, 50), ideas: String(ideas),
    supports: n(1000000, 0), comments: n(500000, 0), events: n(2000, 200),
    organisations: n(5000, 200), projects: n(200, 30),
  };
}

// ---- processes ----
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  return r;
}

function must(cmd, args, opts) {
  const r = run(cmd, args, opts);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}${r.stdout}`);
  return r;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function curl(args) {
  return run('curl', ['-sS', '--max-time', '30', ...args]);
}

async function waitHttp(url, child, what, tries = 400) {
  for (let i = 0; i < tries; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode})`);
    const r = curl(['-o', '/dev/null', '-w', '%{http_code}', url]);
    if (r.stdout === '200') return;
    await sleep(25);
  }
  throw new Error(`${what} did not answer at ${url}`);
}

function stopChild(child, signal = 'SIGTERM') {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) { resolve(); return; }
    const t = setTimeout(() => child.kill('SIGKILL'), 20000);
    child.once('exit', () => { clearTimeout(t); resolve(); });
    child.kill(signal);
  });
}

function rssMb(pid) {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
    return m ? Number(m[1]) / 1024 : null;
  } catch { return null; }
}

// Peak VmRSS of pid while fn runs, sampled every 100 ms.
async function sampleRss(pid, fn) {
  let peak = rssMb(pid) || 0;
  const timer = setInterval(() => { const v = rssMb(pid); if (v > peak) peak = v; }, 100);
  try { return { result: await fn(), peak }; } finally { clearInterval(timer); }
}

// ---- stores ----
let pgBase = null;
function pgCluster() {
  if (pgBase) return pgBase;
  if (env.BENCH_PG_URL) { pgBase = env.BENCH_PG_URL; return pgBase; }
  const dir = path.join(TMP, 'pg');
  pgBase = must(path.join(ROOT, 'scripts/pg-test.sh'), ['start', dir]).stdout.trim();
  cleanups.push(() => run(path.join(ROOT, 'scripts/pg-test.sh'), ['stop', dir]));
  log(`PostgreSQL: throw-away cluster at ${pgBase}`);
  return pgBase;
}

let storeCounter = 0;
function newStore(backend) {
  if (backend === 'postgres') {
    const base = pgCluster();
    const name = `oic_bench_${process.pid}_${storeCounter++}`;
    must('psql', [`${base}/postgres`, '-qAtc', `CREATE DATABASE ${name}`]);
    const url = `${base}/${name}`;
    cleanups.push(() => run('psql', [`${base}/postgres`, '-qAtc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]));
    return { backend, url, sql: (q) => must('psql', [url, '-qAtc', q]).stdout.trim() };
  }
  const file = path.join(TMP, `city-${storeCounter++}.db`);
  return { backend, url: `sqlite:${file}`, sql: (q) => must('sqlite3', ['-readonly', file, q]).stdout.trim() };
}

function seedCity(store, ideas) {
  must(BIN, ['migrate', '--db', store.url]);
  const sizes = citySizes(ideas);
  const args = ['seed', '--synthetic', '--db', store.url, '--seed', String(SEED)];
  for (const [k, v] of Object.entries(sizes)) args.push(`--${k}`, v);
  const t0 = Date.now();
  const r = must(BIN, args);
  const wall = (Date.now() - t0) / 1000;
  process.stdout.write(r.stdout.split('\n').filter((l) => l.startsWith('  ')).map((l) => `  seed${l}\n`).join(''));
  const m = r.stdout.match(/ in ([\d.]+) s$/m);
  return { sizes, seed_s: m ? Number(m[1]) : wall, line: r.stdout.match(/^synthetic city: .*$/m)?.[0] };
}

// ---- the page table ----
function readPages() {
  const ids = {};
  const pages = [];
  for (const raw of fs.readFileSync(path.join(HERE, 'pages.conf'), 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = line.match(/^(id|page)\s+(\S+)\s+(.+)$/);
    if (!m) throw new Error(`pages.conf: cannot read "${line}"`);
    if (m[1] === 'id') {
      ids[m[2]] = m[3];
      continue;
    }
    const w = m[3].match(/^(\S+)(?:\s+(worst))?(?:\s+as=(admin))?$/);
    if (!w) throw new Error(`pages.conf: cannot read "${line}"`);
    pages.push({ name: m[2], template: w[1], worst: w[2] === 'worst', as: w[3] || null });
  }
  return { ids, pages };
}

const WORST_CASE = new Set(readPages().pages.filter((p) => p.worst).map((p) => p.name));

function resolvePages(store, table) {
  const values = {};
  for (const [k, q] of Object.entries(table.ids)) values[k] = store.sql(q).split('\n')[0] || '';
  return table.pages.map((p) => {
    let missing = null;
    const url = p.template.replace(/\{(\w+)\}/g, (_, k) => {
      if (!values[k]) missing = k;
      return values[k] || '0';
    });
    return { name: p.name, path: url, missing, as: p.as };
  });
}

// ---- oic ----
async function startOic(store, extraEnv = {}) {
  const port = await freePort();
  const child = spawn(BIN, ['serve', '--port', String(port), '--db', store.url], {
    env: { ...env, OIC_ACCESS_LOG: '0', OIC_QUERY_HEADER: '1', ...extraEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; if (stderr.length > 1e6) stderr = stderr.slice(-5e5); });
  cleanups.push(() => child.kill('SIGKILL'));
  const base = `http://127.0.0.1:${port}`;
  await waitHttp(`${base}/healthz`, child, 'oic');
  return { child, port, base, stderr: () => stderr };
}

function headerValue(headers, name) {
  const m = headers.match(new RegExp(`^${name}:\\s*(.*?)\\r?$`, 'im'));
  return m ? m[1] : null;
}

// A page measured as a logged-in visitor (as=admin in pages.conf) sends
// that visitor's session cookie: curl's -b, wrk's -H.
function cookieArgs(p) { return p.cookie ? ['-b', p.cookie] : []; }
function wrkHeaders(p) { return p.cookie ? ['-H', `Cookie: ${p.cookie}`] : []; }

// Fetch each page once: status, the exact body bytes, type, headers, queries.
function fetchPages(oic, pages, dir) {
  fs.mkdirSync(path.join(dir, 'p'), { recursive: true });
  for (const p of pages) {
    const body = path.join(dir, 'p', p.name);
    const hdr = path.join(dir, `${p.name}.headers`);
    const r = curl(['-o', body, '-D', hdr, '-w', '%{http_code}', ...cookieArgs(p), `${oic.base}${p.path}`]);
    p.status = Number(r.stdout);
    if (p.status === 404) { p.present = false; fs.rmSync(body, { force: true }); continue; }
    const headers = fs.readFileSync(hdr, 'utf8');
    p.present = true;
    p.content_type = headerValue(headers, 'Content-Type');
    p.queries = headerValue(headers, 'X-Queries') != null ? Number(headerValue(headers, 'X-Queries')) : null;
    p.bytes = fs.statSync(body).size;
    // Every header oic sends, for nginx to send too (same bytes on the wire).
    p.headers = headers.split(/\r?\n/).slice(1).filter((l) => l.includes(':')).map((l) => {
      const i = l.indexOf(':');
      return [l.slice(0, i).trim(), l.slice(i + 1).trim()];
    }).filter(([k]) => !/^(content-type|content-length|date|connection|keep-alive|server|transfer-encoding|x-queries|etag)$/i.test(k));
  }
}

// ---- nginx ----
function nginxQuote(s) { return `"${s.replace(/[\\"$]/g, (c) => `\\${c}`)}"`; }

async function startNginx(pages, dir) {
  const port = await freePort();
  const locations = pages.filter((p) => p.present && p.status === 200).map((p) => [
    `\t\tlocation = /p/${p.name} {`,
    `\t\t\tdefault_type ${nginxQuote(p.content_type || 'application/octet-stream')};`,
    ...p.headers.map(([k, v]) => `\t\t\tadd_header ${k} ${nginxQuote(v)} always;`),
    '\t\t}',
  ].join('\n')).join('\n');
  const conf = fs.readFileSync(path.join(HERE, 'nginx.conf.in'), 'utf8')
    .replaceAll('@WORKERS@', String(os.cpus().length))
    .replaceAll('@DIR@', dir)
    .replaceAll('@ROOT@', dir)
    .replaceAll('@PORT@', String(port))
    .replaceAll('@USER@', process.getuid() === 0 ? 'user root;' : '')
    .replace('@LOCATIONS@', locations);
  const confPath = path.join(dir, 'nginx.conf');
  fs.writeFileSync(confPath, conf);
  const child = spawn('nginx', ['-c', confPath, '-p', `${dir}/`, '-e', `${dir}/nginx-error.log`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  cleanups.push(() => child.kill('SIGKILL'));
  const base = `http://127.0.0.1:${port}`;
  const first = pages.find((p) => p.present && p.status === 200);
  try {
    await waitHttp(`${base}/p/${first.name}`, child, 'nginx');
  } catch (e) {
    throw new Error(`${e.message}\n${stderr}\n${fs.existsSync(`${dir}/nginx-error.log`) ? fs.readFileSync(`${dir}/nginx-error.log`, 'utf8') : ''}`);
  }
  // The yardstick must serve the very bytes oic sent, as the same type.
  for (const p of pages.filter((q) => q.present && q.status === 200)) {
    const out = path.join(dir, `${p.name}.nginx`);
    const r = curl(['-o', out, '-D', `${out}.headers`, '-w', '%{http_code}', `${base}/p/${p.name}`]);
    const same = Buffer.compare(fs.readFileSync(out), fs.readFileSync(path.join(dir, 'p', p.name))) === 0;
    const type = headerValue(fs.readFileSync(`${out}.headers`, 'utf8'), 'Content-Type');
    if (r.stdout !== '200' || !same || type !== p.content_type) {
      throw new Error(`nginx does not serve the same response for ${p.name} (status ${r.stdout}, same bytes ${same}, type ${type})`);
    }
  }
  return { child, port, base };
}

// ---- wrk ----
// CPU time (user + system) a process has used, in microseconds: around a
// wrk run it gives the server's cost per request, which neither wrk's
// share of the two cores nor the machine's drift between runs changes.
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
function cpuUs(pid) {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' '); // fields from 3 on
    return (Number(rest[11]) + Number(rest[12])) * 1e6 / CLK_TCK;
  } catch { return null; }
}

// wrk against url; with pid, also that server's CPU microseconds per request.
async function wrkCpu(url, seconds, script, pid, extra = []) {
  const before = cpuUs(pid);
  const r = await wrk(url, seconds, script, [], extra);
  const after = cpuUs(pid);
  r.cpu_us = before != null && after != null && r.requests > 0 ? (after - before) / r.requests : null;
  return r;
}

function wrk(url, seconds, script, scriptArgs = [], extra = []) {
  const args = ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', ...extra, '-s', script, url];
  if (scriptArgs.length) args.push('--', ...scriptArgs);
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const guard = setTimeout(() => child.kill('SIGKILL'), (seconds + 30) * 1000);
    child.on('exit', (code) => {
      clearTimeout(guard);
      const m = out.match(/^BENCH (\{.*\})$/m);
      if (code !== 0 || !m) { reject(new Error(`wrk ${args.join(' ')} failed (${code}):\n${out}`)); return; }
      const j = JSON.parse(m[1]);
      const secs = j.duration_us / 1e6;
      resolve({
        requests: j.requests,
        ok: j.requests - j.status_errors,
        rps: j.requests / secs,
        ok_rps: (j.requests - j.status_errors) / secs,
        p50_ms: j.p50_us / 1000, p90_ms: j.p90_us / 1000, p99_ms: j.p99_us / 1000, max_ms: j.max_us / 1000,
        status_errors: j.status_errors, socket_errors: j.socket_errors,
        mb_per_s: j.bytes / secs / 1e6, statuses: j.statuses,
      });
    });
  });
}

// ---- the write path ----
// The yardstick of durable writes: how many 4 KiB write + fdatasync pairs
// the disk under the store takes per second, measured just before the
// write path.  An acknowledged write must have reached the disk, and the
// SQLite driver syncs once per transaction, so this bounds supports/s
// unless commits are grouped.
function fsyncRate(dir, seconds = 2) {
  const file = path.join(dir, 'fsync-probe');
  const fd = fs.openSync(file, 'w');
  const block = Buffer.alloc(4096, 7);
  let n = 0;
  const end = Date.now() + seconds * 1000;
  const t0 = process.hrtime.bigint();
  while (Date.now() < end) {
    fs.writeSync(fd, block, 0, block.length, (n % 64) * 4096);
    fs.fdatasyncSync(fd);
    n++;
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  fs.closeSync(fd);
  fs.rmSync(file, { force: true });
  return n / secs;
}

// Log synthetic account n in: its session cookie ("name=value") and form token.
async function loginOne(oic, dir, n) {
  const jar = path.join(dir, `jar-${n}`);
  const email = `synthetic-${n}@oic.example`;
  const page = curl(['-c', jar, '-b', jar, `${oic.base}/account/login`]).stdout;
  const token = page.match(/name="_csrf" value="([^"]+)"/)?.[1];
  if (!token) throw new Error('no CSRF token on the login page');
  const r = await new Promise((resolve) => {
    const c = spawn('curl', ['-sS', '--max-time', '60', '-o', '/dev/null', '-w', '%{http_code}', '-c', jar, '-b', jar,
      '--data-urlencode', `_csrf=${token}`, '--data-urlencode', `email=${email}`,
      '--data-urlencode', 'password=synthetic-city', `${oic.base}/account/login`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let o = '';
    c.stdout.on('data', (d) => { o += d; });
    c.on('close', () => resolve(o));
  });
  if (r !== '303') throw new Error(`login of ${email} answered ${r}`);
  const account = curl(['-b', jar, `${oic.base}/account`]).stdout;
  const csrf = account.match(/name="_csrf" value="([^"]+)"/)?.[1];
  const cookie = fs.readFileSync(jar, 'utf8').split('\n').find((l) => /\toic_session\t/.test(l) || /\t__Host-oic_session\t/.test(l));
  if (!csrf || !cookie) throw new Error(`no session for ${email}`);
  const f = cookie.split('\t');
  return { cookie: `${f[5]}=${f[6]}`, csrf };
}

async function loginAccounts(oic, count, dir) {
  const sessions = [];
  const jobs = [];
  for (let i = 0; i < count; i++) jobs.push(i + 2); // account 1 is the administrator
  const one = async (n) => {
    const { cookie, csrf } = await loginOne(oic, dir, n);
    sessions.push(`${cookie}\t${encodeURIComponent(csrf)}`);
  };
  // Logins hash with Argon2id on the server's worker pool: a few at a time.
  const queue = [...jobs];
  await Promise.all([0, 1, 2, 3].map(async () => { while (queue.length) await one(queue.shift()); }));
  const file = path.join(dir, 'sessions.txt');
  fs.writeFileSync(file, `${sessions.join('\n')}\n`);
  return file;
}

// Log the accounts in and find the write path: the support route, or
// the account settings while the support route does not exist.
async function prepareWrite(city) {
  const { oic, store, dir } = city;
  const ids = store.sql("SELECT i.id FROM ideas i LEFT JOIN challenges c ON c.id = i.challenge_id WHERE i.hidden = 0 AND (i.challenge_id IS NULL OR c.phase = 'open') ORDER BY i.id LIMIT 5000");
  const idsFile = path.join(dir, 'ideas.txt');
  fs.writeFileSync(idsFile, `${ids}\n`);
  const t0 = Date.now();
  const sessions = await loginAccounts(oic, ACCOUNTS, dir);
  const loginS = (Date.now() - t0) / 1000;
  const [cookie, token] = fs.readFileSync(sessions, 'utf8').split('\n')[0].split('\t');
  const first = ids.split('\n')[0];
  const probe = (p, body) => {
    const hdr = path.join(dir, 'probe.headers');
    const r = curl(['-o', '/dev/null', '-D', hdr, '-w', '%{http_code}', '-b', cookie, '--data', body, `${oic.base}${p}`]);
    return { status: Number(r.stdout), queries: Number(headerValue(fs.readFileSync(hdr, 'utf8'), 'X-Queries')) };
  };
  let mode = 'support';
  let route = 'POST /ideas/{id}/support';
  let pr = probe(`/ideas/${first}/support`, `_csrf=${token}`);
  if (pr.status === 404 || pr.status === 405) {
    mode = 'settings';
    route = 'POST /account/settings';
    pr = probe('/account/settings', `_csrf=${token}&language=de`);
  }
  if (pr.status >= 400) throw new Error(`the write path ${route} answered ${pr.status} to a logged-in, CSRF-checked request`);
  city.writePlan = { sessions, idsFile, mode, route, queries: pr.queries, loginS };
}

async function measureWrite(city, seconds) {
  const { oic, store } = city;
  const w = city.writePlan;
  const fsyncs = fsyncRate(city.dir);
  const before = store.sql('SELECT count(*) FROM supports');
  const { result, peak } = await sampleRss(oic.child.pid,
    () => wrk(oic.base, seconds, path.join(HERE, 'write.lua'), [w.sessions, w.idsFile, w.mode]));
  const after = store.sql('SELECT count(*) FROM supports');
  const consistent = store.sql('SELECT CASE WHEN (SELECT count(*) FROM supports) = (SELECT coalesce(sum(supports_count), 0) FROM ideas) THEN 1 ELSE 0 END') === '1';
  return {
    route: w.route, mode: w.mode, accounts: ACCOUNTS, login_s: round(w.loginS, 1), queries: w.queries,
    writes_per_s: round(result.ok_rps, 0), requests: result.requests, ok: result.ok,
    p50_ms: round(result.p50_ms, 2), p99_ms: round(result.p99_ms, 2),
    status_errors: result.status_errors, socket_errors: result.socket_errors, statuses: result.statuses,
    supports_before: Number(before), supports_after: Number(after),
    counters_consistent: w.mode === 'support' ? consistent : null,
    rss_mb: round(peak, 1), disk_fsync_per_s: round(fsyncs, 0),
  };
}

// The write path WRITE_ROUNDS times: the disk is shared with the other
// programs on the machine, and its sync latency swings more than the CPU.
// The best round counts (what the store can do when the disk lets it);
// every round is kept.
async function measureWriteRounds(city, seconds) {
  const rounds = [];
  for (let i = 0; i < WRITE_ROUNDS; i++) {
    rounds.push(await measureWrite(city, seconds));
    city.write = rounds.at(-1);
    logWrite(city);
  }
  const best = rounds.reduce((a, b) => (b.writes_per_s > a.writes_per_s ? b : a));
  return { ...best, rss_mb: Math.max(...rounds.map((r) => r.rss_mb)), rounds: rounds.map((r) => ({
    writes_per_s: r.writes_per_s, p50_ms: r.p50_ms, p99_ms: r.p99_ms, disk_fsync_per_s: r.disk_fsync_per_s })) };
}

function logWrite(city) {
  const w = city.write;
  log(`  write ${w.route}: ${w.writes_per_s} writes/s, p50 ${w.p50_ms} ms, p99 ${w.p99_ms} ms (disk: ${w.disk_fsync_per_s} fsync/s), statuses ${JSON.stringify(w.statuses)}` +
    (w.counters_consistent != null ? `, counters consistent: ${w.counters_consistent}` : ''));
}

// A city ready to measure: seeded, served by oic, its pages fetched, and
// (unless withNginx is false) the yardstick serving the same bytes.
//   cache: 'both'  oic as deployed (page cache on) and a second oic with
//                  the cache off, measured after it (the main city);
//          'off'   only an oic with the cache off (the scale curve);
//          'on'    only oic as deployed (BENCH_COMPARE).
async function prepareCity({ label, backend, ideas, withNginx = true, only = null, cache = 'on' }) {
  const dir = path.join(TMP, label);
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, 0o755);
  const store = newStore(backend);
  log(`\n== ${label}: ${backend}, ${ideas} ideas ==`);
  const seeded = seedCity(store, ideas);
  log(`  ${seeded.line} (${seeded.seed_s} s)`);
  const chosen = only || (env.BENCH_PAGES ? env.BENCH_PAGES.split(',') : null);
  const pages = resolvePages(store, readPages()).filter((p) => !chosen || chosen.includes(p.name));
  const off = { OIC_PAGE_CACHE_TTL: '0' };
  const oic = await startOic(store, cache === 'off' ? off : {});
  const oicUncached = cache === 'both' ? await startOic(store, off) : null;
  if (pages.some((p) => p.as === 'admin')) {
    // Sessions live in the store: one login serves both servers.
    const { cookie } = await loginOne(oic, dir, 1); // account 1 is the administrator
    for (const p of pages.filter((q) => q.as === 'admin')) p.cookie = cookie;
    // /admin/analytics is the hourly snapshot of its job (run at start), a long period the daily
    // aggregates of analytics.days (run at start too): measured once both are there.
    const t0 = Date.now();
    while (store.sql('SELECT count(*) FROM analytics_snapshots') === '0' && Date.now() - t0 < 120000) await sleep(200);
    while (store.sql("SELECT count(*) FROM jobs WHERE kind = 'analytics.days' AND done_at IS NOT NULL") === '0'
      && Date.now() - t0 < 300000) await sleep(500);
  }
  // A challenge's matches and an actor's suggestions come from the job matching.refresh (run at start).
  const t1 = Date.now();
  while (store.sql('SELECT refreshed FROM matching_state') === '0' && Date.now() - t1 < 120000) await sleep(200);
  fetchPages(oic, pages, dir);
  // Each page once more, so that caches are as warm as they will be; the
  // queries of this second request are the steady state (the first may
  // also fill a cache, as the home page's figures).  Asked of the oic
  // without page cache, where there is one: a cached answer would repeat
  // the first request's count.
  for (const p of pages.filter((q) => q.present)) {
    const r = curl(['-o', '/dev/null', '-D', '-', ...cookieArgs(p), `${(oicUncached || oic).base}${p.path}`]);
    const n = headerValue(r.stdout, 'X-Queries');
    if (n != null && Number(n) !== p.queries) {
      p.queries_first = p.queries;
      p.queries = Number(n);
    }
  }
  const rssRest = rssMb(oic.child.pid);
  const present = pages.filter((p) => p.present && p.status === 200);
  for (const p of pages.filter((q) => q.present && q.status !== 200)) log(`  ${p.name}: ${p.path} answered ${p.status}, not measured`);
  const ngx = withNginx && present.length ? await startNginx(pages, dir) : null;
  return { label, backend, dir, store, seeded, pages, present, oic, oicUncached, cache, ngx, rssRest, peak: rssRest, write: null };
}

// wrk on one page: oic, then nginx serving the same bytes.
async function measurePage(city, p, seconds) {
  const { oic, ngx } = city;
  const s = await sampleRss(oic.child.pid, () => wrkCpu(`${oic.base}${p.path}`, seconds, path.join(HERE, 'report.lua'), oic.child.pid, wrkHeaders(p)));
  city.peak = Math.max(city.peak, s.peak);
  const o = s.result;
  const n = ngx ? await wrk(`${ngx.base}/p/${p.name}`, seconds, path.join(HERE, 'report.lua')) : null;
  const u = city.oicUncached ? await wrkCpu(`${city.oicUncached.base}${p.path}`, seconds, path.join(HERE, 'report.lua'), city.oicUncached.child.pid, wrkHeaders(p)) : null;
  Object.assign(p, {
    page_cache: city.cache !== 'off',
    rps: round(o.rps, 0), p50_ms: round(o.p50_ms, 2), p99_ms: round(o.p99_ms, 2),
    cpu_us: round(o.cpu_us, 1),
    errors: o.status_errors + o.socket_errors,
    nginx_rps: n ? round(n.rps, 0) : null, nginx_p50_ms: n ? round(n.p50_ms, 2) : null,
    nginx_p99_ms: n ? round(n.p99_ms, 2) : null, ratio: n ? round(o.rps / n.rps, 4) : null,
  });
  if (u) {
    Object.assign(p, {
      uncached_rps: round(u.rps, 0), uncached_p50_ms: round(u.p50_ms, 2), uncached_p99_ms: round(u.p99_ms, 2),
      uncached_cpu_us: round(u.cpu_us, 1),
      uncached_errors: u.status_errors + u.socket_errors, uncached_ratio: n ? round(u.rps / n.rps, 4) : null,
    });
  }
  log(`  ${`${p.name}${city.label === 'main' ? '' : ` @${city.label}`}`.padEnd(24)} ${String(p.rps).padStart(7)} req/s  p50 ${String(p.p50_ms).padStart(6)} ms  p99 ${String(p.p99_ms).padStart(6)} ms` +
    (n ? `  nginx ${String(p.nginx_rps).padStart(7)} req/s  ratio ${p.ratio.toFixed(2)}` : '') +
    (u ? `  uncached ${String(p.uncached_rps).padStart(6)} req/s p99 ${String(p.uncached_p99_ms).padStart(6)} ms` : '') +
    (city.cache === 'off' ? '  (uncached)' : '') + `  queries ${p.queries}`);
}

// One more scale-curve sample of a page: the city's uncached oic, then its
// nginx with the same bytes, right after each other.
async function scaleSample(city, p, seconds) {
  const srv = city.oicUncached || city.oic;
  const o = await wrkCpu(`${srv.base}${p.path}`, seconds, path.join(HERE, 'report.lua'), srv.child.pid, wrkHeaders(p));
  const n = city.ngx ? await wrk(`${city.ngx.base}/p/${p.name}`, seconds, path.join(HERE, 'report.lua')) : null;
  (p.scale_samples ??= []).push({ rps: round(o.rps, 0), p99_ms: round(o.p99_ms, 2), cpu_us: round(o.cpu_us, 1), nginx_rps: n ? round(n.rps, 0) : null });
  log(`  ${`${p.name} @${city.label}`.padEnd(24)} ${String(round(o.rps, 0)).padStart(7)} req/s uncached` +
    (n ? `  nginx ${String(round(n.rps, 0)).padStart(7)} req/s` : '') + '  (scale round)');
}

// Every page of a city, one after the other.
async function measurePages(city, seconds) {
  log(`  ${city.label}: wrk -t1 -c${CONNECTIONS} -d${seconds}s, ${city.present.length} pages`);
  for (const p of city.present) await measurePage(city, p, seconds);
}

async function stopCity(city) {
  city.rssEnd = rssMb(city.oic.child.pid);
  await stopChild(city.oic.child);
  if (city.oicUncached) await stopChild(city.oicUncached.child);
  if (city.ngx) await stopChild(city.ngx.child, 'SIGTERM');
  const err = city.oic.stderr();
  if (/level=(error|warn)|assert/i.test(err)) log(`  oic stderr (last lines):\n${err.trim().split('\n').slice(-5).join('\n')}`);
}

// ---- instructions per request (callgrind) ----
// oic's CPU time per request moves by a fifth between runs of one binary
// on this shared machine; the number of instructions a request executes
// does not (the SQLite developers measure their speed the same way, with
// cachegrind).  It leaves out what the machine adds (caches, memory,
// neighbours), so it is shown next to the CPU time, not instead of it.
// Each city's oic runs once more under valgrind --tool=callgrind, page
// cache off, counting only while a page is asked INSTR_REQUESTS times in
// a row, after INSTR_WARM requests that prepare statements and fill caches.
const INSTR = env.BENCH_INSTRUCTIONS ? env.BENCH_INSTRUCTIONS === '1' : SCALE;
const INSTR_REQUESTS = 10;
const INSTR_WARM = 3;

async function getBody(url) {
  const r = await fetch(url);
  await r.arrayBuffer();
  return r.status;
}

async function measureInstructions(city) {
  const dir = fs.mkdtempSync(path.join(TMP, `callgrind-${city.label}-`));
  const out = path.join(dir, 'callgrind.out');
  const port = await freePort();
  const child = spawn('valgrind', ['--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${out}`,
    BIN, 'serve', '--port', String(port), '--db', city.store.url], {
    env: { ...env, OIC_ACCESS_LOG: '0', OIC_PAGE_CACHE_TTL: '0' }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.on('data', () => {});
  cleanups.push(() => child.kill('SIGKILL'));
  const base = `http://127.0.0.1:${port}`;
  await waitHttp(`${base}/healthz`, child, 'oic under callgrind', 4000);
  const control = (arg) => must('callgrind_control', [arg, String(child.pid)]);
  // The job thread runs in the same process: the jobs due at start (and
  // one that falls due on the way) would be counted with a page.  So each
  // page waits until no job is due, and is counted again if one ran.
  const seconds = () => Math.floor(Date.now() / 1000);
  const jobsDue = () => Number(city.store.sql(`SELECT count(*) FROM jobs WHERE done_at IS NULL AND run_at <= ${seconds()}`));
  const jobsDoneSince = (t) => Number(city.store.sql(`SELECT count(*) FROM jobs WHERE done_at >= ${t}`));
  const t0 = Date.now();
  let dumps = 0;
  for (const p of city.present) {
    for (let attempt = 0; attempt < 3; attempt++) {
      for (let i = 0; i < INSTR_WARM; i++) await getBody(`${base}${p.path}`);
      for (let i = 0; i < 600 && jobsDue() > 0; i++) await sleep(100);
      const since = seconds();
      control('--zero');
      control('--instr=on');
      for (let i = 0; i < INSTR_REQUESTS; i++) await getBody(`${base}${p.path}`);
      control('--instr=off');
      control(`--dump=${p.name}`);
      const text = fs.readFileSync(`${out}.${++dumps}`, 'utf8');
      const m = text.match(/^totals:\s+(\d+)/m);
      p.instructions = m ? Math.round(Number(m[1]) / INSTR_REQUESTS) : null;
      if (jobsDoneSince(since) === 0) break;
    }
  }
  await stopChild(child);
  log(`  ${city.label}: instructions per request of ${city.present.length} pages (callgrind, ${round((Date.now() - t0) / 1000, 0)} s)`);
}

function cityResult(city, seconds) {
  return {
    label: city.label, backend: city.backend, city: city.seeded.sizes, seed_s: city.seeded.seed_s,
    rss_rest_mb: round(city.rssRest, 1), rss_load_mb: round(city.peak, 1), rss_end_mb: round(city.rssEnd, 1),
    pages: city.pages.map(({ headers, missing, cookie, ...rest }) => rest), write: city.write, seconds,
  };
}

// ---- report ----
function table(rows, cols) {
  const w = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[cols.indexOf(c)] ?? '').length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c ?? '').padEnd(w[i]) : String(c ?? '').padStart(w[i]))).join('  ');
  return [line(cols), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n');
}

// The command that reproduces this run: make bench with the BENCH_*
// settings it had.
function commandLine() {
  const vars = Object.keys(env).filter((k) => k.startsWith('BENCH_') && k !== 'BENCH_KEEP').sort();
  return ['make bench', ...vars.map((k) => `${k}=${env[k]}`)].join(' ');
}

function gitVersion() {
  const r = run('git', ['-C', ROOT, 'describe', '--tags', '--always', '--dirty']);
  return r.status === 0 ? r.stdout.trim() : 'unknown';
}

function machine() {
  const cpu = os.cpus();
  return { cores: cpu.length, cpu: cpu[0]?.model, kernel: os.release(), memory_gb: round(os.totalmem() / 2 ** 30, 1) };
}

function quickSeconds(pageCount) {
  if (env.BENCH_DURATION) return Number.parseFloat(env.BENCH_DURATION);
  if (!QUICK) return 10;
  // 3 s per run, fewer when there are many pages: the quick run's whole
  // wrk time (three runs per page -- cached, nginx, uncached -- plus the
  // write path) stays near 40 s.
  return Math.max(1, Math.min(3, Math.floor(40 / (3 * pageCount + 1))));
}

function targets(main, scale) {
  const t = [];
  // Issue 4's targets are those of anonymous readers, whom the page cache
  // serves; a logged-in page (as=admin) never comes from it and is shown
  // as information (its speed is the logged-in participants' issue).
  const read = main.pages.filter((p) => p.rps != null && !p.as);
  const low = read.filter((p) => p.ratio != null && p.ratio < 0.5);
  t.push({ target: 'every read page >= 0.5 x nginx req/s', holds: low.length === 0,
    detail: low.length ? `below: ${low.map((p) => `${p.name} ${p.ratio}`).join(', ')}` : `lowest ${Math.min(...read.map((p) => p.ratio)).toFixed(2)}` });
  const slow = read.filter((p) => p.p99_ms >= 10);
  t.push({ target: 'p99 < 10 ms at 64 connections', holds: slow.length === 0,
    detail: slow.length ? `above: ${slow.map((p) => `${p.name} ${p.p99_ms} ms`).join(', ')}` : `highest ${Math.max(...read.map((p) => p.p99_ms))} ms` });
  // Not a target of its own: what the same pages cost when every request
  // misses the page cache (a fresh page after a write, a rare URL).
  const unc = read.filter((p) => p.uncached_rps != null);
  if (unc.length) {
    const ulow = unc.filter((p) => p.uncached_ratio != null && p.uncached_ratio < 0.5);
    const uslow = unc.filter((p) => p.uncached_p99_ms >= 10);
    t.push({ target: 'the same without the page cache (OIC_PAGE_CACHE_TTL=0; information, the targets are judged as deployed)', holds: null,
      detail: `lowest ratio ${Math.min(...unc.map((p) => p.uncached_ratio ?? 1)).toFixed(2)}, ${ulow.length} of ${unc.length} pages below 0.5 x nginx, ` +
        `p99 >= 10 ms: ${uslow.length ? uslow.map((p) => `${p.name} ${p.uncached_p99_ms} ms`).join(', ') : 'none'}` });
  }
  const logged = main.pages.filter((p) => p.rps != null && p.as);
  if (logged.length) {
    t.push({ target: 'pages logged in as the administrator (information: never from the page cache)', holds: null,
      detail: logged.map((p) => `${p.name} ${p.rps} req/s, ratio ${p.ratio}, p99 ${p.p99_ms} ms, ${p.queries} queries`).join('; ') });
  }
  if (main.write) {
    const isSupport = main.write.mode === 'support';
    t.push({ target: `>= 5,000 supports/s on SQLite, durable${isSupport ? '' : ' (measured on POST /account/settings: the support route does not exist yet)'}`,
      holds: main.backend === 'sqlite' ? main.write.writes_per_s >= 5000 : null,
      detail: `${main.write.writes_per_s} writes/s on ${main.backend}` });
  }
  const full = Number(main.city.ideas) >= 100000;
  t.push({ target: 'RSS < 100 MB with the 100,000-idea city', holds: full ? Math.max(main.rss_load_mb, main.write?.rss_mb || 0) < 100 : null,
    detail: `${main.city.ideas} ideas: ${main.rss_rest_mb} MB at rest, ${main.rss_load_mb} MB under read load, ${main.write?.rss_mb ?? '-'} MB under write load` });
  if (scale) {
    // Judged on oic's CPU time per request (the least of the rounds in each
    // city): what a page costs, which is what grows with data.  The req/s
    // ratio against nginx of the same moment, judged until 26 November
    // 2026, stays as information: on this shared 2-core machine it swung
    // up to 1.7 x between cities on a page without a single query
    // (imprint), more than the 1.5 x it is meant to resolve.
    const from = SCALE_IDEAS[0].toLocaleString('en');
    const to = SCALE_IDEAS.at(-1).toLocaleString('en');
    // A worst case (pages.conf) is the largest object of each city: its
    // content grows with the city, so it is shown but not judged.
    const judged = scale.pages.filter((p) => p.cpu_slowdown != null && !p.worst_case);
    const over = judged.filter((p) => p.cpu_slowdown > 1.5);
    t.push({ target: `no page slower than 1.5 x from ${from} to ${to} ideas (CPU time per request)`,
      holds: judged.length ? over.length === 0 : null,
      detail: (over.length ? `slower: ${over.map((p) => `${p.name} ${p.cpu_slowdown}x`).join(', ')}`
        : `worst ${Math.max(...judged.map((p) => p.cpu_slowdown))}x`) +
        scale.pages.filter((p) => p.worst_case).map((p) => `; not judged (worst case, content grows): ${p.name} ${p.cpu_slowdown}x, ${p.bytes.join('/')} bytes`).join('') });
    const irJudged = judged.filter((p) => p.instructions_growth != null);
    if (irJudged.length) {
      const irOver = irJudged.filter((p) => p.instructions_growth > 1.5);
      t.push({ target: 'the same by instructions per request (callgrind; information: no noise, but no caches or memory either)', holds: null,
        detail: irOver.length ? `above 1.5 x: ${irOver.map((p) => `${p.name} ${p.instructions_growth}x`).join(', ')}`
          : `worst ${Math.max(...irJudged.map((p) => p.instructions_growth))}x` });
    }
    const thr = (p) => p.slowdown_vs_nginx ?? p.slowdown;
    const tover = scale.pages.filter((p) => thr(p) != null && thr(p) > 1.5);
    t.push({ target: `the same by req/s against nginx of the same moment (information: noisier than the target)`, holds: null,
      detail: tover.length ? `above 1.5 x: ${tover.map((p) => `${p.name} ${thr(p)}x`).join(', ')}` : `worst ${Math.max(...scale.pages.map((p) => thr(p) ?? 0))}x` });
  }
  return t;
}

async function mainRun() {
  // All cities are seeded and served first; then each page is measured on
  // every city in turn (100,000, 1,000, 10,000 ideas), so that the scale
  // curve compares measurements minutes, not a quarter of an hour, apart.
  const mainCity = await prepareCity({ label: 'main', backend: BACKEND, ideas: MAIN_IDEAS, cache: 'both' });
  const others = [];
  if (SCALE) {
    for (const ideas of SCALE_IDEAS) {
      if (ideas !== MAIN_IDEAS) others.push(await prepareCity({ label: `${ideas}`, backend: BACKEND, ideas, cache: 'off' }));
    }
  }
  const seconds = quickSeconds(mainCity.present.length);
  const scaleSeconds = Math.min(seconds, 5);
  log(`\n  wrk -t1 -c${CONNECTIONS} -d${seconds}s on the main city${others.length ? `, -d${scaleSeconds}s on the others` : ''}, ${mainCity.present.length} pages`);
  for (const p of mainCity.present) {
    await measurePage(mainCity, p, seconds);
    for (const c of others) {
      const q = c.present.find((x) => x.name === p.name);
      if (q) await measurePage(c, q, scaleSeconds);
    }
    for (let r = 1; others.length && r < SCALE_ROUNDS; r++) {
      for (const c of [mainCity, ...others]) {
        const q = c.present.find((x) => x.name === p.name);
        if (q) await scaleSample(c, q, scaleSeconds);
      }
    }
  }
  if (env.BENCH_WRITE !== '0') {
    await prepareWrite(mainCity);
    mainCity.write = await measureWriteRounds(mainCity, seconds);
  }
  for (const c of [mainCity, ...others]) await stopCity(c);
  if (SCALE && INSTR) {
    log('');
    for (const c of [mainCity, ...others]) await measureInstructions(c);
  }
  const mainResult = cityResult(mainCity, seconds);
  let scale = null;
  if (SCALE) {
    const cities = SCALE_IDEAS.map((n) => (n === MAIN_IDEAS ? mainResult : cityResult(others.find((c) => c.label === `${n}`), scaleSeconds)));
    scale = {
      ideas: SCALE_IDEAS,
      rounds: SCALE_ROUNDS,
      seed_s: cities.map((c) => c.seed_s),
      rss_load_mb: cities.map((c) => c.rss_load_mb),
      page_cache: false,
      pages: mainResult.pages.filter((p) => p.rps != null).map((p) => {
        // The uncached path in every city: the main city's second oic.
        const at = cities.map((c) => c.pages.find((q) => q.name === p.name)).map((q) => (q && q.uncached_rps != null
          ? { ...q, rps: q.uncached_rps, p99_ms: q.uncached_p99_ms, cpu_us: q.uncached_cpu_us } : q));
        // Every sample of the city (first run and SCALE_ROUNDS - 1 more).
        const samples = at.map((q) => (q?.rps != null ? [{ rps: q.rps, nginx_rps: q.nginx_rps, cpu_us: q.cpu_us }, ...(q.scale_samples || [])] : []));
        // oic's CPU time per request, the least of the rounds: the cost of
        // the page in that city, what the scale target is judged by.
        const cpu = samples.map((xs) => {
          const c = xs.map((x) => x.cpu_us).filter((x) => x != null);
          return c.length ? Math.min(...c) : null;
        });
        const rps = samples.map((xs) => (xs.length ? Math.max(...xs.map((x) => x.rps)) : null));
        // req/s over nginx's req/s of the same moment: the machine's drift
        // cancels; the best of the rounds.
        const norm = samples.map((xs) => {
          const r = xs.filter((x) => x.nginx_rps).map((x) => x.rps / x.nginx_rps);
          return r.length ? Math.max(...r) : null;
        });
        const bytes = at.map((q) => q?.bytes ?? null);
        const instructions = at.map((q) => q?.instructions ?? null);
        const p99 = at.map((q) => q?.p99_ms ?? null);
        const queries = at.map((q) => q?.queries ?? null);
        const first = 0;
        const last = SCALE_IDEAS.length - 1;
        return {
          name: p.name, worst_case: WORST_CASE.has(p.name) || undefined,
          rps, ratio_to_nginx: norm.map((x) => round(x, 4)), cpu_us: cpu, p99_ms: p99, queries, bytes,
          cpu_slowdown: cpu[first] && cpu[last] ? round(cpu[last] / cpu[first], 2) : null,
          instructions,
          instructions_growth: instructions[first] && instructions[last] ? round(instructions[last] / instructions[first], 2) : null,
          slowdown: rps[first] && rps[last] ? round(rps[first] / rps[last], 2) : null,
          slowdown_vs_nginx: norm[first] && norm[last] ? round(norm[first] / norm[last], 2) : null,
        };
      }),
    };
  }
  const main = mainResult;
  const result = {
    generated: new Date().toISOString(), version: gitVersion(), machine: machine(),
    command: commandLine(),
    backend: BACKEND, quick: QUICK,
    // rps, p50_ms, p99_ms, ratio: oic as deployed, its page cache on with
    // this TTL; uncached_*: a second oic on the same store with the cache off.
    page_cache: { ttl_s: env.OIC_PAGE_CACHE_TTL ?? '1 (default)', uncached_field_prefix: 'uncached_' },
    wrk: { threads: 1, connections: CONNECTIONS, duration_s: seconds },
    city: main.city, seed_s: main.seed_s,
    rss_mb: round(Math.max(main.rss_load_mb, main.write?.rss_mb || 0), 1),
    rss_rest_mb: main.rss_rest_mb, rss_load_mb: main.rss_load_mb, rss_write_mb: main.write?.rss_mb ?? null,
    supports_per_s: main.write?.mode === 'support' ? main.write.writes_per_s : null,
    writes_per_s: main.write?.writes_per_s ?? null,
    write: main.write,
    pages: main.pages.filter((p) => p.rps != null),
    not_present: main.pages.filter((p) => p.present === false).map((p) => ({ name: p.name, path: p.path })),
    not_measured: main.pages.filter((p) => p.present && p.status !== 200).map((p) => ({ name: p.name, path: p.path, status: p.status })),
    scale,
  };
  result.targets = targets(main, scale);
  result.run_s = round((Date.now() - started) / 1000, 0);
  fs.mkdirSync(path.join(HERE, 'results'), { recursive: true });
  fs.writeFileSync(path.join(HERE, 'results/latest.json'), `${JSON.stringify(result, null, 2)}\n`);

  log(`\n==== oic ${result.version} on ${BACKEND}, ${main.city.ideas} ideas, wrk -t1 -c${CONNECTIONS} -d${seconds}s ====\n`);
  log('req/s, p50, p99, ratio: as deployed (page cache on); uncached: the same pages with OIC_PAGE_CACHE_TTL=0\n');
  log(table(result.pages.map((p) => [p.name, p.rps, p.p50_ms, p.p99_ms, p.nginx_rps, p.ratio?.toFixed(2),
    p.uncached_rps, p.uncached_p99_ms, p.uncached_ratio?.toFixed(2), p.queries, p.bytes]),
  ['page', 'req/s', 'p50 ms', 'p99 ms', 'nginx req/s', 'ratio', 'uncached req/s', 'uncached p99', 'uncached ratio', 'queries', 'bytes']));
  if (result.not_present.length) log(`\nnot present (404): ${result.not_present.map((p) => `${p.name} ${p.path}`).join(', ')}`);
  if (result.not_measured.length) log(`not measured: ${result.not_measured.map((p) => `${p.name} ${p.path} (${p.status})`).join(', ')}`);
  if (main.write) {
    log(`\nwrite path ${main.write.route}${main.write.mode === 'settings' ? ' (stand-in: POST /ideas/{id}/support does not exist yet)' : ''}: ` +
      `${main.write.writes_per_s} writes/s (best of ${main.write.rounds?.length ?? 1}), p50 ${main.write.p50_ms} ms, p99 ${main.write.p99_ms} ms, ${main.write.queries} queries, ` +
      `disk ${main.write.disk_fsync_per_s} fsync/s, ` +
      `${main.write.accounts} accounts, statuses ${JSON.stringify(main.write.statuses)}` +
      (main.write.counters_consistent != null ? `, counters consistent: ${main.write.counters_consistent}` : ''));
  }
  log(`RSS: ${result.rss_rest_mb} MB at rest, ${result.rss_load_mb} MB under read load, ${result.rss_write_mb ?? '-'} MB under write load; seeding ${result.seed_s} s`);
  if (scale) {
    log(`\nscale curve, without the page cache (req/s at ${SCALE_IDEAS.join(' / ')} ideas; slowdown = req/s at ${SCALE_IDEAS[0]} / at ${SCALE_IDEAS.at(-1)}, also against nginx of the same run; us@N = oic's CPU microseconds per request, cpu slowdown = us at ${SCALE_IDEAS.at(-1)} / at ${SCALE_IDEAS[0]} (the target); best of ${SCALE_ROUNDS} round(s)):`);
    log(table(scale.pages.map((p) => [p.worst_case ? `${p.name} (worst case, not judged)` : p.name, ...p.rps, p.slowdown, p.slowdown_vs_nginx, ...p.cpu_us.map((x) => (x == null ? '-' : x.toFixed(0))), p.cpu_slowdown ?? '-',
      p.instructions.map((x) => (x == null ? '-' : `${round(x / 1e6, 2)}M`)).join('/'), p.instructions_growth ?? '-', p.queries.join('/'), p.bytes.join('/')]),
      ['page', ...SCALE_IDEAS.map((n) => `${n}`), 'slowdown', 'vs nginx', ...SCALE_IDEAS.map((n) => `us@${n}`), 'cpu slowdown', 'instructions', 'growth', 'queries', 'bytes']));
    log(`seeding: ${scale.seed_s.join(' / ')} s`);
  }
  log('\ntargets (issue 4):');
  for (const t of result.targets) log(`  [${t.holds === null ? ' - ' : t.holds ? 'yes' : 'NO '}] ${t.target}: ${t.detail}`);
  log(`\nwritten: bench/results/latest.json (${result.run_s} s)`);
}

// SQLite against PostgreSQL: the same city on both, home page and write
// path (issue 3).  Both cities are prepared first, then measured in turns
// (home SQLite, home PostgreSQL, write SQLite, write PostgreSQL), ROUNDS
// times, so that the machine's drift hits both alike; the best round of
// each counts (what the store can do when the machine lets it), every
// round is in the JSON.
async function compareRun() {
  const seconds = env.BENCH_DURATION ? Number.parseFloat(env.BENCH_DURATION) : QUICK ? 3 : 10;
  const rounds = Number(env.BENCH_ROUNDS || (QUICK ? 1 : 3));
  const out = { generated: new Date().toISOString(), version: gitVersion(), machine: machine(),
    command: commandLine(),
    wrk: { threads: 1, connections: CONNECTIONS, duration_s: seconds }, rounds, ideas: MAIN_IDEAS, backends: {} };
  const cities = [];
  for (const backend of ['sqlite', 'postgres']) {
    const city = await prepareCity({ label: `compare-${backend}`, backend, ideas: MAIN_IDEAS, only: ['home'] });
    await prepareWrite(city);
    cities.push(city);
  }
  const runs = Object.fromEntries(cities.map((c) => [c.backend, { home: [], write: [] }]));
  for (let r = 0; r < rounds; r++) {
    for (const c of cities) {
      await measurePages(c, seconds);
      runs[c.backend].home.push({ ...c.present[0] });
    }
    for (const c of cities) {
      c.write = await measureWrite(c, seconds);
      logWrite(c);
      runs[c.backend].write.push(c.write);
    }
  }
  for (const c of cities) {
    await stopCity(c);
    const best = (xs, key) => xs.reduce((a, b) => (b[key] > a[key] ? b : a));
    const home = best(runs[c.backend].home, 'rps');
    out.backends[c.backend] = {
      seed_s: c.seeded.seed_s,
      home: { rps: home.rps, p50_ms: home.p50_ms, p99_ms: home.p99_ms, nginx_rps: home.nginx_rps, ratio: home.ratio, queries: home.queries },
      write: best(runs[c.backend].write, 'writes_per_s'),
      rounds: runs[c.backend], rss_load_mb: round(c.peak, 1),
    };
  }
  fs.mkdirSync(path.join(HERE, 'results'), { recursive: true });
  fs.writeFileSync(path.join(HERE, 'results/compare.json'), `${JSON.stringify(out, null, 2)}\n`);
  const rows = Object.entries(out.backends).map(([k, v]) => [k, v.home.rps, v.home.p99_ms, v.home.ratio?.toFixed(2), v.write.route, v.write.writes_per_s, v.write.p99_ms, v.seed_s]);
  log(`\n==== SQLite against PostgreSQL, ${MAIN_IDEAS} ideas, wrk -t1 -c${CONNECTIONS} -d${seconds}s, best of ${rounds} ====\n`);
  log(table(rows, ['store', 'home req/s', 'home p99 ms', 'vs nginx', 'write path', 'writes/s', 'write p99 ms', 'seed s']));
  log('\nwritten: bench/results/compare.json');
}

async function cleanup() {
  for (const f of cleanups.reverse()) { try { f(); } catch { /* best effort */ } }
  if (env.BENCH_KEEP === '1') log(`kept: ${TMP}`);
  else fs.rmSync(TMP, { recursive: true, force: true });
}

for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, async () => { await cleanup(); process.exit(130); });

try {
  const tools = ['wrk', 'nginx', 'curl'];
  if (COMPARE || BACKEND === 'sqlite') tools.push('sqlite3');
  if (COMPARE || BACKEND === 'postgres') tools.push('psql');
  for (const tool of tools) {
    if (run('sh', ['-c', `command -v ${tool}`]).status !== 0) throw new Error(`${tool} is missing (scripts/deps.sh installs it)`);
  }
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} does not exist (make VARIANT=bench)`);
  if (COMPARE) await compareRun(); else await mainRun();
  await cleanup();
} catch (e) {
  console.error(`bench: ${e.stack || e.message}`);
  await cleanup();
  process.exit(1);
}
