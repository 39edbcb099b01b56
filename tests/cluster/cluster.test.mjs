// Several stateless nodes: PostgreSQL + three oic nodes + Debian's nginx as
// load balancer, all on loopback.  Sessions made on one node work on the
// others; concurrent writes spread over the nodes are counted exactly
// once; a node killed with SIGKILL under load loses no acknowledged write
// and nginx keeps serving through the others.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, Client, freePort, oic, uniqueEmail } from '../http/lib.mjs';

const PG = process.env.OIC_TEST_PG_URL;
const NGINX = process.env.NGINX || '/usr/sbin/nginx';
const dbName = `oic_cluster_${process.pid}`;
const dbUrl = `${PG}/${dbName}`;
let dir;
let nodes = [];
let nginx;
let lbPort;

function psql(sql) {
  const r = spawnSync('psql', [dbUrl, '-qAtc', sql], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

async function waitHealthy(port) {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200) return;
    } catch { /* starting */ }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`node on ${port} did not start`);
}

async function startNode() {
  const port = await freePort();
  const child = spawn(BIN, ['serve', '--port', String(port), '--db', dbUrl], {
    env: { ...process.env, OIC_ACCESS_LOG: '0', OIC_TRUST_PROXY: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
  await waitHealthy(port);
  return { port, child, exited, stderr: () => stderr, base: `http://127.0.0.1:${port}` };
}

before(async () => {
  assert.ok(PG, 'OIC_TEST_PG_URL must name the test cluster');
  spawnSync('psql', [`${PG}/postgres`, '-qAtc', `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`]);
  assert.equal(spawnSync('psql', [`${PG}/postgres`, '-qAtc', `CREATE DATABASE ${dbName}`]).status, 0);
  assert.equal(oic(['migrate', '--db', dbUrl]).code, 0);
  assert.equal(oic(['seed', '--demo', '--db', dbUrl]).code, 0);
  nodes = [await startNode(), await startNode(), await startNode()];

  dir = mkdtempSync(path.join(os.tmpdir(), 'oic-nginx-'));
  chmodSync(dir, 0o755);
  lbPort = await freePort();
  const root = process.getuid && process.getuid() === 0;
  writeFileSync(path.join(dir, 'nginx.conf'), `
${root ? 'user root;' : ''}
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream oic_nodes {
${nodes.map((n) => `    server 127.0.0.1:${n.port} max_fails=1 fail_timeout=10s;`).join('\n')}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${lbPort};
    client_max_body_size 2m;
    location / {
      proxy_pass http://oic_nodes;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Real-IP $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_next_upstream error timeout http_502;
      proxy_connect_timeout 1s;
    }
  }
}
`);
  nginx = spawn(NGINX, ['-c', path.join(dir, 'nginx.conf'), '-p', dir, '-g', 'daemon off;'], { stdio: 'ignore' });
  await waitHealthy(lbPort);
});

after(async () => {
  if (nginx) nginx.kill('SIGQUIT');
  for (const n of nodes) {
    if (n.child.exitCode === null && n.child.signalCode === null) n.child.kill('SIGTERM');
    await n.exited;
  }
  spawnSync('psql', [`${PG}/postgres`, '-qAtc', `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a session made through one node works through every other', async () => {
  const email = uniqueEmail('roam');
  const a = new Client(nodes[0].base);
  assert.equal((await a.register({ email, name: 'Wandernde Person' })).status, 303);
  for (const n of nodes.slice(1)) {
    const b = new Client(n.base);
    b.cookies = new Map(a.cookies);
    const r = await b.get('/account');
    assert.equal(r.status, 200, `node ${n.port} knows the session`);
    assert.match(r.text, /Wandernde Person/);
  }
  // A form token issued by node 1 is accepted by node 3 (shared secret).
  const page = await a.get('/account');
  const token = page.text.match(/name="_csrf" value="([^"]+)"/)[1];
  const c = new Client(nodes[2].base);
  c.cookies = new Map(a.cookies);
  const r = await c.post('/account/settings', { _csrf: token, language: 'en' });
  assert.equal(r.status, 303);
  assert.equal(psql(`SELECT lang FROM users WHERE email = '${email}'`), 'en');
  // Logout on node 2 ends the session everywhere.
  const d = new Client(nodes[1].base);
  d.cookies = new Map(a.cookies);
  assert.equal((await d.post('/account/logout', { _csrf: token })).status, 303);
  assert.equal((await a.get('/account')).status, 303);
});

test('concurrent registrations through nginx are all counted, exactly once', async () => {
  const before = Number(psql("SELECT count(*) FROM users WHERE email LIKE 'burst.%'"));
  const emails = Array.from({ length: 48 }, (_, i) => `burst.${i}.${Date.now()}@example.org`);
  const results = await Promise.all(emails.map(async (email) => {
    const c = new Client(`http://127.0.0.1:${lbPort}`);
    return (await c.register({ email, name: 'Burst' })).status;
  }));
  assert.deepEqual(results.filter((s) => s !== 303), [], 'every registration acknowledged');
  assert.equal(Number(psql("SELECT count(*) FROM users WHERE email LIKE 'burst.%'")) - before, emails.length);
  // The same addresses again, concurrently: all refused, none doubled.
  const again = await Promise.all(emails.slice(0, 12).map(async (email) =>
    (await new Client(`http://127.0.0.1:${lbPort}`).register({ email, name: 'Again' })).status));
  assert.ok(again.every((s) => s === 422));
  assert.equal(Number(psql("SELECT count(*) FROM users WHERE email LIKE 'burst.%'")) - before, emails.length);
});

test('a node killed with SIGKILL under load loses no acknowledged write', async () => {
  const lb = `http://127.0.0.1:${lbPort}`;
  const victim = nodes[1];
  const stamp = Date.now();
  const emails = Array.from({ length: 60 }, (_, i) => `kill.${i}.${stamp}@example.org`);
  let started = 0;
  const jobs = emails.map(async (email, i) => {
    await new Promise((r) => setTimeout(r, i * 15)); // spread over ~1 s
    started++;
    try {
      const c = new Client(lb);
      const r = await c.register({ email, name: 'Load' });
      return { email, status: r.status };
    } catch (e) {
      return { email, status: 0 };
    }
  });
  // Kill a node while registrations are on their way.
  while (started < 20) await new Promise((r) => setTimeout(r, 10));
  victim.child.kill('SIGKILL');
  const results = await Promise.all(jobs);
  const acked = results.filter((r) => r.status === 303).map((r) => r.email);
  assert.ok(acked.length >= 30, `most writes succeed through the other nodes (${acked.length} of ${emails.length})`);
  const stored = new Set(psql(`SELECT email FROM users WHERE email LIKE 'kill.%.${stamp}@example.org'`).split('\n').filter(Boolean));
  for (const email of acked) assert.ok(stored.has(email), `acknowledged ${email} is stored`);
  assert.equal(stored.size, new Set(stored).size);
  assert.equal((await victim.exited).signal, 'SIGKILL');
  // nginx keeps serving pages through the remaining nodes.
  for (let i = 0; i < 20; i++) {
    const r = await fetch(`${lb}/`);
    assert.equal(r.status, 200, `request ${i} after the kill`);
    await r.text();
  }
});
