// office-analytics-daily.test.mjs - long periods of analytics come from
// the daily aggregates of the job analytics.days: eight months of
// generated activity (autumn 2022 to spring 2023, both changes of the
// clocks), the job run, and the figures of several periods, per challenge
// and platform-wide, equal to those counted from the rows, to a count of
// their own in this file, and to a week computed by hand.  A ban shows at
// once; a hidden post or a withdrawn support once the job ran again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BACKEND, execSql, startServer } from './lib.mjs';
import { person } from './funnel-helpers.mjs';

let srv;
let admin;
let api;
const sql = (q) => execSql(srv.store.url, q);
const SECTORS = ['government', 'research', 'business', 'civil'];

// The date (YYYY-MM-DD) of second t in Berlin, and the second of a Berlin time.
const dayOf = (t) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date(t * 1000));
const hourOf = (t) => Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', hour12: false }).format(new Date(t * 1000)));
function berlinTime(date, hour, minute = 0) {
  const [y, m, d] = date.split('-').map(Number);
  for (const off of [1, 2]) {
    const t = Date.UTC(y, m - 1, d, hour - off, minute) / 1000;
    if (dayOf(t) === date && hourOf(t) === hour) return t;
  }
  throw new Error(`no such time ${date} ${hour}:${minute}`);
}
const addDays = (date, n) => new Date(Date.parse(`${date}T12:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
const daysBetween = (a, b) => Math.round((Date.parse(`${b}T12:00:00Z`) - Date.parse(`${a}T12:00:00Z`)) / 86400000);

// Everything generated, to count it again here.
const rows = { users: [], ideas: [], comments: [], supports: [], registrations: [] };
let challengeA;
let challengeB;

async function jobRuns() {
  return Number(sql("SELECT count(*) FROM jobs WHERE kind = 'analytics.days' AND done_at IS NOT NULL"));
}
async function runJob() {
  const n = await jobRuns();
  sql("UPDATE jobs SET run_at = 0 WHERE kind = 'analytics.days' AND done_at IS NULL");
  for (let i = 0; i < 600 && (await jobRuns()) === n; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(await jobRuns(), n + 1, 'the job ran again');
}

before(async () => {
  srv = await startServer();
  for (let i = 0; i < 600 && (await jobRuns()) === 0; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(await jobRuns(), 1, 'the job ran at start');
  admin = await person(srv, { role: 'admin', lang: 'en' });
  const _csrf = await admin.csrf('/account/tokens');
  const token = (await admin.post('/account/tokens', { _csrf, name: 'daily' })).text.match(/<code class="token">([^<]+)<\/code>/)[1];
  api = async (q) => {
    const r = await fetch(`${srv.base}/api/v1/analytics?${q}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(r.status, 200, q);
    return r.json();
  };
  [challengeA, challengeB] = sql("SELECT id FROM challenges WHERE phase <> 'draft' ORDER BY id LIMIT 2").split('\n').map(Number);
  const events = sql('SELECT id FROM events ORDER BY id LIMIT 3').split('\n').map(Number);

  // Eight accounts, two per sector, come in over September 2022.
  for (let i = 0; i < 8; i++) {
    const created = berlinTime(addDays('2022-09-01', 3 * i), 10);
    const id = Number(sql(`INSERT INTO users (email, name, password_hash, sector, role, created)
      VALUES ('daily${i}@example.org', 'Daily ${i}', 'x', '${SECTORS[i % 4]}', 'participant', ${created}) RETURNING id`));
    rows.users.push({ id, sector: SECTORS[i % 4], created, banned: false });
  }
  let seed = 7;
  const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return (seed >> 8) % n; };
  const challenges = [challengeA, challengeB, null];
  const values = [];
  // The week of the clocks going back (Monday 24 to Sunday 30 October 2022, 25 hours) holds only what is
  // put there by hand below.
  const handWeek = (t) => dayOf(t) >= '2022-10-24' && dayOf(t) <= '2022-10-30';
  // Ideas, comments, supports over 240 days; some at 00:30 and 23:30, where a day begins and ends.
  for (let k = 0; k < 60; k++) {
    const date = addDays('2022-09-05', rnd(235));
    const hour = [0, 9, 14, 23][rnd(4)];
    const created = berlinTime(date, hour, 30);
    const author = rows.users[rnd(8)];
    const ch = challenges[rnd(3)];
    if (handWeek(created)) continue;
    const id = Number(sql(`INSERT INTO ideas (challenge_id, author_id, title, body, status, lang, created, updated)
      VALUES (${ch ?? 'NULL'}, ${author.id}, 'Tagesidee ${k}', 'Text', 'submitted', 'de', ${created}, ${created}) RETURNING id`));
    rows.ideas.push({ id, challenge: ch, author: author.id, created, hidden: false });
  }
  const dst = [
    [0, challengeA, berlinTime('2022-10-24', 0, 10)],
    [1, challengeA, berlinTime('2022-10-30', 2, 30)], // the hour that happens twice
    [2, challengeB, berlinTime('2022-10-30', 23, 30)], // the week's last half hour
  ].map(([u, ch, created]) => {
    const id = Number(sql(`INSERT INTO ideas (challenge_id, author_id, title, body, status, lang, created, updated)
      VALUES (${ch}, ${rows.users[u].id}, 'Umstellung ${u}', 'Text', 'submitted', 'de', ${created}, ${created}) RETURNING id`));
    const idea = { id, challenge: ch, author: rows.users[u].id, created, hidden: false };
    rows.ideas.push(idea);
    return idea;
  });
  for (let k = 0; k < 90; k++) {
    const idea = rows.ideas[rnd(rows.ideas.length)];
    const created = idea.created + 3600 * (1 + rnd(24 * 20));
    const author = rows.users[rnd(8)];
    if (handWeek(created)) continue;
    const id = Number(sql(`INSERT INTO comments (subject_type, subject_id, depth, author_id, body, created)
      VALUES ('idea', ${idea.id}, 0, ${author.id}, 'Ein Kommentar ${k}', ${created}) RETURNING id`));
    rows.comments.push({ id, idea: idea.id, challenge: idea.challenge, author: author.id, created, hidden: false });
  }
  const given = new Set();
  for (let k = 0; k < 150; k++) {
    const idea = rows.ideas[rnd(rows.ideas.length)];
    const user = rows.users[rnd(8)];
    if (given.has(`${idea.id}:${user.id}`)) continue;
    given.add(`${idea.id}:${user.id}`);
    const created = idea.created + 60 * (1 + rnd(60 * 24 * 30));
    if (handWeek(created)) continue;
    values.push(`(${idea.id}, ${user.id}, ${idea.challenge ?? 'NULL'}, ${created})`);
    rows.supports.push({ idea: idea.id, user: user.id, challenge: idea.challenge, created });
  }
  sql(`INSERT INTO supports (idea_id, user_id, challenge_id, created) VALUES ${values.join(', ')}`);
  // One comment hand-placed in the DST week, by account 3, on the first idea of that week.
  rows.comments.push({ id: Number(sql(`INSERT INTO comments (subject_type, subject_id, depth, author_id, body, created)
    VALUES ('idea', ${dst[0].id}, 0, ${rows.users[3].id}, 'Zur Umstellung', ${berlinTime('2022-10-27', 12)}) RETURNING id`)),
  idea: dst[0].id, challenge: challengeA, author: rows.users[3].id, created: berlinTime('2022-10-27', 12), hidden: false });
  for (let k = 0; k < 8; k++) {
    const created = berlinTime(addDays('2022-11-01', 17 * k), 18);
    const event = events[k % events.length];
    const user = rows.users[k];
    sql(`INSERT INTO event_registrations (event_id, user_id, status, created) VALUES (${event}, ${user.id}, 'registered', ${created})`);
    rows.registrations.push({ created });
  }
  assert.ok(rows.ideas.length > 50 && rows.comments.length > 80 && rows.supports.length > 120, 'enough activity');
  assert.equal(new Set(rows.supports.map((x) => x.user)).size, 8, 'every account supports');
  // A few official answers, for the funnel and the time to the first answer.
  for (const idea of rows.ideas.slice(0, 6)) {
    const at = idea.created + 86400 * (2 + (idea.id % 5));
    sql(`INSERT INTO idea_status_changes (idea_id, old_status, new_status, answer, changed_at) VALUES (${idea.id}, 'submitted', 'shortlisted', 'Gut', ${at})`);
    sql(`UPDATE ideas SET status = 'shortlisted' WHERE id = ${idea.id}`);
  }
});
after(async () => { await srv.stop(); });

// The figures of a period as this file counts them from what it generated.
function expected(from, to, challenge) {
  const inPeriod = (t) => { const d = dayOf(t); return d >= from && d <= to; };
  const of = (ch) => !challenge || ch === challenge;
  const banned = new Set(rows.users.filter((u) => u.banned).map((u) => u.id));
  const weeks = Array.from({ length: Math.ceil((daysBetween(from, to) + 1) / 7) }, (_, w) => ({
    start: addDays(from, 7 * w), accounts: 0, ideas: 0, comments: 0, supports: 0, registrations: 0,
  }));
  const week = (t) => weeks[Math.floor(daysBetween(from, dayOf(t)) / 7)];
  const per = new Map();
  const credit = (u) => per.set(u, (per.get(u) || 0) + 1);
  for (const u of rows.users) if (inPeriod(u.created)) week(u.created).accounts++;
  for (const i of rows.ideas) if (inPeriod(i.created) && !i.hidden && of(i.challenge)) { week(i.created).ideas++; credit(i.author); }
  for (const c of rows.comments) if (inPeriod(c.created) && !c.hidden && of(c.challenge)) { week(c.created).comments++; credit(c.author); }
  for (const s of rows.supports) {
    if (inPeriod(s.created) && !banned.has(s.user) && of(s.challenge)) { week(s.created).supports++; credit(s.user); }
  }
  for (const r of rows.registrations) if (inPeriod(r.created)) week(r.created).registrations++;
  const sectors = SECTORS.map((sector) => {
    const mine = rows.users.filter((u) => u.sector === sector && per.has(u.id));
    return { sector, active: mine.length, contributions: mine.reduce((n, u) => n + per.get(u.id), 0) };
  });
  const x = [...per.values()].sort((a, b) => a - b);
  const sum = x.reduce((a, b) => a + b, 0);
  const gini = x.length ? (2 * x.reduce((a, v, i) => a + (i + 1) * v, 0)) / (x.length * sum) - (x.length + 1) / x.length : null;
  return { weeks, sectors, gini };
}

// The figures counted from the rows alone: the job's days set aside for one request.
async function live(q) {
  sql('CREATE TABLE day_runs_aside AS SELECT * FROM analytics_day_runs');
  sql('DELETE FROM analytics_day_runs');
  try {
    return await api(q);
  } finally {
    sql('INSERT INTO analytics_day_runs SELECT * FROM day_runs_aside');
    sql('DROP TABLE day_runs_aside');
  }
}

function assertAsCounted(j, from, to, challenge, what) {
  const e = expected(from, to, challenge);
  assert.deepEqual(j.weeks, e.weeks, `${what}: the weeks`);
  assert.deepEqual(j.sectors.map(({ sector, active, contributions }) => ({ sector, active, contributions })), e.sectors, `${what}: the sectors`);
  if (e.gini === null) assert.equal(j.gini, null, what);
  else assert.ok(Math.abs(j.gini - e.gini) < 1e-9, `${what}: Gini ${j.gini} against ${e.gini}`);
}

const today = dayOf(Date.now() / 1000);
const PERIODS = [
  ['2022-09-01', '2023-04-30'], // all of it, both changes of the clocks
  ['2022-10-24', '2022-10-30'], // the week of 25 hours
  ['2022-10-01', '2022-12-31'],
  ['2022-08-01', '2023-03-31'], // begins before the first row
  [addDays(today, -399), today], // ends today: today from the rows
];

test(`[${BACKEND}] the aggregates give the figures counting the rows gives, for long and short periods, per challenge and in all`, async () => {
  const before = {};
  for (const [from, to] of PERIODS) {
    for (const ch of [0, challengeA, challengeB]) {
      const q = `from=${from}&to=${to}${ch ? `&challenge=${ch}` : ''}`;
      before[q] = await api(q);
    }
  }
  await runJob();
  const first = Number(sql("SELECT min(day) FROM analytics_day_runs"));
  assert.equal(new Date(first * 86400000).toISOString().slice(0, 10), '2022-09-01', 'the job starts at the first day with a row');
  assert.equal(sql('SELECT max(day) - min(day) + 1 - count(*) FROM analytics_day_runs'), '0', 'every day to yesterday, no gap');
  assert.equal(Number(sql('SELECT max(day) FROM analytics_day_runs')), daysBetween('1970-01-01', today) - 1, 'up to yesterday');
  for (const [from, to] of PERIODS) {
    for (const ch of [0, challengeA, challengeB]) {
      const q = `from=${from}&to=${to}${ch ? `&challenge=${ch}` : ''}`;
      const agg = await api(q);
      assert.deepEqual(agg, await live(q), `${q}: aggregates = rows`);
      assert.deepEqual(agg, before[q], `${q}: the same as before the job saw these rows`);
      if (to < '2024-01-01') assertAsCounted(agg, from, to, ch, q);
    }
  }
  // The aggregates are what the page reads: a change there shows (and the job puts it right).
  const sum = (j) => j.weeks.reduce((n, w) => n + w.ideas, 0);
  const all = `from=${PERIODS[0][0]}&to=${PERIODS[0][1]}`;
  const ideas = sum(await api(all));
  sql(`UPDATE analytics_days SET ideas = ideas + 1000 WHERE day = ${daysBetween('1970-01-01', '2022-10-24')}`);
  assert.equal(sum(await api(all)) - ideas, 1000 * Number(sql(`SELECT count(*) FROM analytics_days WHERE day = ${daysBetween('1970-01-01', '2022-10-24')}`)));
  const tables = () => sql('SELECT (SELECT count(*) FROM analytics_days) || \' \' || (SELECT sum(ideas + comments + supports) FROM analytics_days) || \' \' || (SELECT count(*) FROM analytics_account_days) || \' \' || (SELECT sum(posts + supports) FROM analytics_account_days)');
  await runJob();
  assert.equal(sum(await api(all)), ideas, 'the next run wrote the day again');
  const once = tables();
  await runJob();
  assert.equal(tables(), once, 'a run again writes the same');
  // A long run stops after 40 s and queues the rest ("from=DAY"): that run writes only those days.
  const cut = daysBetween('1970-01-01', '2023-01-01');
  const stamps = () => sql(`SELECT count(DISTINCT computed_at) || ' ' || min(computed_at) FROM analytics_day_runs WHERE day < ${cut}`);
  const old = stamps();
  await new Promise((r) => setTimeout(r, 1100));
  sql(`INSERT INTO jobs (kind, payload, run_at) VALUES ('analytics.days', 'from=${cut}', 0)`);
  for (let i = 0; i < 600 && sql(`SELECT count(*) FROM jobs WHERE payload = 'from=${cut}' AND done_at IS NOT NULL`) === '0'; i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(sql(`SELECT count(*) FROM jobs WHERE payload = 'from=${cut}' AND done_at IS NOT NULL`), '1');
  assert.equal(stamps(), old, 'the days before it stay as they were');
  assert.equal(sql(`SELECT count(*) FROM analytics_day_runs WHERE day >= ${cut} AND computed_at <= ${old.split(' ')[1]}`), '0', 'those after it are written again');
  assert.equal(tables(), once);
  // A page of two years runs a bounded number of queries.
  const page = await admin.get(`/admin/analytics?from=${addDays(today, -730)}&to=${today}`);
  assert.equal(page.status, 200);
  assert.ok(Number(page.headers.get('x-queries')) <= 16, `queries: ${page.headers.get('x-queries')}`);
});

test(`[${BACKEND}] the week the clocks go back, by hand`, async () => {
  // Ideas of accounts 0 and 1 (challenge A: Monday 00:10, Sunday 02:30, the hour that happens twice)
  // and 2 (challenge B: Sunday 23:30, the week's 169th hour), account 3's comment on account 0's idea.
  const sectors = (j) => j.sectors.map((x) => [x.active, x.contributions]);
  const all = await api('from=2022-10-24&to=2022-10-30');
  assert.deepEqual(all.weeks, [{ start: '2022-10-24', accounts: 0, ideas: 3, comments: 1, supports: 0, registrations: 0 }]);
  assert.deepEqual(sectors(all), [[1, 1], [1, 1], [1, 1], [1, 1]]);
  assert.equal(all.balance_ratio_active, 1);
  assert.equal(all.gini, 0);
  const a = await api(`from=2022-10-24&to=2022-10-30&challenge=${challengeA}`);
  assert.deepEqual(a.weeks.map((w) => [w.ideas, w.comments]), [[2, 1]]);
  assert.deepEqual(sectors(a), [[1, 1], [1, 1], [0, 0], [1, 1]]);
  assert.equal(a.balance_ratio_active, 0, 'business is missing');
  const b = await api(`from=2022-10-24&to=2022-10-30&challenge=${challengeB}`);
  assert.equal(b.weeks[0].ideas, 1, 'Sunday 23:30 is in the week of its day');
  const sunday = await api('from=2022-10-30&to=2022-10-30');
  assert.deepEqual(sunday.weeks.map((w) => [w.start, w.ideas]), [['2022-10-30', 2]], 'Sunday: 25 hours, two ideas');
  const monday = await api('from=2022-10-31&to=2022-11-06');
  assert.equal(monday.weeks[0].ideas, rows.ideas.filter((i) => dayOf(i.created) >= '2022-10-31' && dayOf(i.created) <= '2022-11-06').length);
});

test(`[${BACKEND}] a ban counts at once; a hidden comment and a withdrawn support once the job ran again`, async () => {
  const q = `from=${PERIODS[0][0]}&to=${PERIODS[0][1]}`;
  const qa = `${q}&challenge=${challengeA}`;
  // The account with the most supports in the period.
  const inP = (t) => dayOf(t) >= PERIODS[0][0] && dayOf(t) <= PERIODS[0][1];
  const counts = new Map();
  for (const s of rows.supports.filter((x) => inP(x.created))) counts.set(s.user, (counts.get(s.user) || 0) + 1);
  const [bannedId] = [...counts.entries()].sort((x, y) => y[1] - x[1])[0];
  const supports = (j) => j.weeks.reduce((n, w) => n + w.supports, 0);
  const beforeBan = await api(q);
  const _csrf = await admin.csrf('/account');
  const r = await admin.post(`/admin/accounts/${bannedId}/ban`, { _csrf, reason: 'Test der Tageszahlen' });
  assert.equal(r.status, 303);
  rows.users.find((u) => u.id === bannedId).banned = true;
  const banned = await api(q);
  assert.equal(supports(banned), supports(beforeBan) - counts.get(bannedId), 'the supports drop at once, without the job');
  assert.deepEqual(banned, await live(q), 'equal to counting the rows');
  assert.deepEqual(await api(qa), await live(qa), 'per challenge too');
  assertAsCounted(banned, PERIODS[0][0], PERIODS[0][1], 0, 'banned');
  const _csrf2 = await admin.csrf('/account');
  assert.equal((await admin.post(`/admin/accounts/${bannedId}/unban`, { _csrf: _csrf2 })).status, 303);
  rows.users.find((u) => u.id === bannedId).banned = false;
  assert.deepEqual(await api(q), beforeBan, 'the unban puts them back at once');

  // Hiding an old comment and withdrawing an old support change days the job has written: they
  // count until it writes them again (the next run, daily), then not.
  const comment = rows.comments.find((c) => inP(c.created));
  sql(`UPDATE comments SET hidden = 1 WHERE id = ${comment.id}`);
  comment.hidden = true;
  const gone = rows.supports.find((x) => inP(x.created) && x.user !== bannedId);
  rows.supports.splice(rows.supports.indexOf(gone), 1);
  sql(`DELETE FROM supports WHERE idea_id = ${gone.idea} AND user_id = ${gone.user}`);
  const stale = await api(q);
  assert.deepEqual(stale, beforeBan, 'until the job runs, the aggregates still count them');
  const counted = await live(q);
  assert.notDeepEqual(counted, stale);
  await runJob();
  const fresh = await api(q);
  assert.deepEqual(fresh, counted, 'after the run: equal to the rows');
  assertAsCounted(fresh, PERIODS[0][0], PERIODS[0][1], 0, 'after the run');
  assert.deepEqual(await api(qa), await live(qa));
});

test(`[${BACKEND}] the figures of a period the job aggregated wholly are kept, until the job writes again, an account's sector or ban or an idea's status changes`, async () => {
  const q = `from=${PERIODS[2][0]}&to=${PERIODS[2][1]}`;
  const kept = () => sql("SELECT key || ' ' || body FROM analytics_snapshots WHERE key LIKE 'kept:%' ORDER BY key");
  await runJob();
  assert.equal(kept(), '', 'the job forgets what was kept');
  const first = await api(q);
  const row = kept();
  assert.match(row, /^kept:0:\d+:\d+ \d+:\d+ (\d+ ){15}[-0-9.e]+ [-0-9.e]+$/, 'kept after the first view');
  assert.deepEqual(await api(q), first, 'the second view reads it: the same figures');
  assert.equal(kept(), row);
  // It is what the page reads: a changed body shows (the generation still fits) ...
  const [gen, ...nums] = row.split(' ').slice(1);
  nums[0] = String(Number(nums[0]) + 1000);
  sql(`UPDATE analytics_snapshots SET body = '${[gen, ...nums].join(' ')}' WHERE key LIKE 'kept:%'`);
  assert.equal((await api(q)).sectors[0].active, first.sectors[0].active + 1000, 'the kept figures are read');
  // ... until an account's sector changes: a new generation, counted again.
  const someone = rows.users.find((u) => u.sector === 'government');
  sql(`UPDATE users SET sector = 'civil' WHERE id = ${someone.id}`);
  someone.sector = 'civil';
  const moved = await api(q);
  assert.deepEqual(moved, await live(q), 'counted again after a sector changed');
  assertAsCounted(moved, PERIODS[2][0], PERIODS[2][1], 0, 'after the sector changed');
  // An official answer to an idea of the period moves the generation too: the funnel counts it.
  // (The first six ideas have an answer already.)
  const idea = rows.ideas.slice(6).find((i) => !i.hidden && dayOf(i.created) >= PERIODS[2][0] && dayOf(i.created) <= PERIODS[2][1]);
  const reviewed = (j) => j.funnel.find((f) => f.status === 'in_review').reached;
  const _csrf = await admin.csrf('/admin/ideas');
  const form = new URLSearchParams({ _csrf, challenge: '', state: '', sector: '', sort: 'newest', ids: String(idea.id), to: 'in_review', answer: 'Wir prüfen die Idee.' });
  const answer = await admin.request('POST', '/admin/ideas/status', { body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(answer.status, 303, 'the office answered');
  const answered = await api(q);
  assert.deepEqual(answered, await live(q), 'counted again after an answer');
  assert.equal(reviewed(answered), reviewed(moved) + 1, 'the answered idea reached review');
  // A broken body is not used either.
  sql("UPDATE analytics_snapshots SET body = 'x' WHERE key LIKE 'kept:%'");
  assert.deepEqual(await api(q), answered);
  // A period that ends today is never kept (today comes from the rows).
  await api(`from=${addDays(today, -30)}&to=${today}`);
  assert.equal(kept().split('\n').filter((l) => l).length, 1);
  sql(`UPDATE users SET sector = 'government' WHERE id = ${someone.id}`);
  someone.sector = 'government';
});
