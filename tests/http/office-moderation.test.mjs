// office-moderation.test.mjs - reports, the moderators' queue, hiding and
// restoring with a public reason, dismissing, and the held words: a new
// post with one waits for review, seen only by its author ("held for
// review") and the moderators, counted and announced only when let
// through.  Bad input changes nothing and is explained in German.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BACKEND, Client, execSql, startServer } from './lib.mjs';
import { comment, commentId, createChallenge, person, submitIdea } from './funnel-helpers.mjs';

let srv;
let admin;
let moderator;
let challenge;
const sql = (q) => execSql(srv.store.url, q);

before(async () => {
  srv = await startServer();
  admin = await person(srv, { role: 'admin', lang: 'de' });
  moderator = await person(srv, { role: 'moderator', lang: 'de', name: 'Mona Moderatorin' });
  challenge = await createChallenge(admin);
});
after(async () => { await srv.stop(); });

const idOf = (email) => Number(sql(`SELECT id FROM users WHERE email = '${email}'`));

async function post(c, path, form = {}) {
  const _csrf = await c.csrf('/account');
  return c.post(path, { _csrf, ...form });
}
const report = (c, path, form) => post(c, `${path}/report`, form);
const openReports = (type, id) => Number(sql(`SELECT count(*) FROM reports WHERE subject_type = '${type}' AND subject_id = ${id} AND resolved_at IS NULL`));

test(`[${BACKEND}] reports reach the queue, most reported first; the same report twice and one's own are refused in German`, async () => {
  const author = await person(srv, { name: 'Anna Autorin' });
  const idea = await submitIdea(author, challenge, { title: 'Werbung für ein Möbelhaus', body: 'Kaufen Sie jetzt bei uns ein, es lohnt sich sehr.' });
  const c = commentId(await comment(author, `/ideas/${idea}`, 'Ein Kommentar, den zwei melden'));
  const r1 = await person(srv, { lang: 'de' });
  const r2 = await person(srv, { lang: 'de' });

  // The form: the idea's title, the reasons, a link to report the account instead.
  const form = await r1.get(`/ideas/${idea}/report`);
  assert.equal(form.status, 200);
  assert.match(form.text, /Werbung für ein Möbelhaus/);
  assert.match(form.text, /name="reason" value="spam"/);
  assert.match(form.text, new RegExp(`/accounts/${idOf(author.email)}/report`));
  // The idea page links to it for others, not for its author or anonymous visitors.
  assert.match((await r1.get(`/ideas/${idea}`)).text, new RegExp(`href="/ideas/${idea}/report"`));
  assert.doesNotMatch((await author.get(`/ideas/${idea}`)).text, /\/report"/);
  assert.doesNotMatch((await new Client(srv.base).get(`/ideas/${idea}`)).text, /\/report"/);
  // And each comment has its report link.
  assert.match((await r1.get(`/ideas/${idea}`)).text, new RegExp(`href="/comments/${c}/report"`));

  let r = await report(r1, `/ideas/${idea}`, { reason: 'spam', details: '' });
  assert.equal(r.status, 200);
  assert.match(r.text, /Danke\. Die Moderation sieht sich Ihre Meldung an/);
  // Twice while the first is open: refused, nothing stored.
  r = await report(r1, `/ideas/${idea}`, { reason: 'insult', details: 'Noch einmal' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Sie haben das schon gemeldet/);
  assert.match(r.text, /id="reason-error"/);
  assert.equal(openReports('idea', idea), 1);
  // Bad input: no reason, an unknown one, "other" without a description, too long.
  for (const [form, msg] of [
    [{ details: 'x' }, /Wählen Sie, warum Sie das melden/],
    [{ reason: 'boring', details: '' }, /Wählen Sie, warum Sie das melden/],
    [{ reason: 'other', details: '   ' }, /Beschreiben Sie, was nicht stimmt/],
    [{ reason: 'other', details: 'x'.repeat(1001) }, /höchstens 1000 Zeichen/],
  ]) {
    r = await report(r2, `/ideas/${idea}`, form);
    assert.equal(r.status, 422, JSON.stringify(form).slice(0, 80));
    assert.match(r.text, msg);
  }
  assert.equal(openReports('idea', idea), 1);
  // One's own idea: refused on the form and on a forged POST.
  assert.equal((await author.get(`/ideas/${idea}/report`)).status, 403);
  r = await report(author, `/ideas/${idea}`, { reason: 'spam' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Ihre eigene Idee können Sie nicht melden/);
  assert.equal(openReports('idea', idea), 1);
  // Anonymous visitors are sent to log in; nothing to report is 404.
  assert.equal((await new Client(srv.base).get(`/ideas/${idea}/report`)).status, 303);
  assert.equal((await r1.get('/ideas/999999/report')).status, 404);

  // The comment twice (two people), the account once.
  assert.equal((await report(r1, `/comments/${c}`, { reason: 'insult', details: 'Beleidigend' })).status, 200);
  assert.equal((await report(r2, `/comments/${c}`, { reason: 'other', details: 'Persönlicher Angriff' })).status, 200);
  assert.equal((await report(r2, `/accounts/${idOf(author.email)}`, { reason: 'spam' })).status, 200);
  assert.equal((await report(author, `/accounts/${idOf(author.email)}`, { reason: 'spam' })).status, 422);

  // The overview counts what waits, for moderators.
  const overview = await moderator.get('/admin');
  const reported = Number(sql('SELECT count(*) FROM report_subjects WHERE open_reports > 0'));
  assert.ok(reported >= 3);
  assert.match(overview.text, new RegExp(`<a href="/admin/moderation"><span class="figure">${reported}</span> gemeldete Beiträge und Konten</a>`));
  const queue = await moderator.get('/admin/moderation');
  assert.equal(queue.status, 200);
  const ci = queue.text.indexOf(`/comments/${c}/hide`);
  const ii = queue.text.indexOf(`/ideas/${idea}/hide`);
  assert.ok(ci > 0 && ii > 0 && ci < ii, 'the comment (2 reports) comes before the idea (1)');
  assert.match(queue.text, /Persönlicher Angriff/, 'the newest reason and its text');
  // The reporters are not named in the queue.
  assert.doesNotMatch(queue.text, new RegExp(r1.email));
});

test(`[${BACKEND}] hiding shows the public reason in place of the post to everybody; restoring brings it back; dismissing leaves it`, async () => {
  const author = await person(srv, { name: 'Bernd Beitrag' });
  const idea = await submitIdea(author, challenge, { title: 'Eine Idee, die ausgeblendet wird', body: 'Der Text, den bald niemand mehr liest.' });
  const c = commentId(await comment(author, `/ideas/${idea}`, 'Ein Kommentar mit persönlichen Daten'));
  const reporter = await person(srv);
  assert.equal((await report(reporter, `/comments/${c}`, { reason: 'personal_data' })).status, 200);
  assert.equal((await report(reporter, `/ideas/${idea}`, { reason: 'off_topic' })).status, 200);
  const anon = new Client(srv.base);
  const counts = () => sql(`SELECT comments_count || ' ' || supports_count FROM ideas WHERE id = ${idea}`);
  const before = counts();

  // A hide without a reason: 422 at the field, in German, nothing changed.
  let r = await post(moderator, `/admin/moderation/comments/${c}/hide`, { reason: '  ' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Geben Sie die öffentliche Begründung an/);
  assert.match(r.text, new RegExp(`id="reason-comments-${c}-error"`));
  r = await post(moderator, `/admin/moderation/comments/${c}/hide`, { reason: 'x'.repeat(301) });
  assert.equal(r.status, 422);
  assert.match(r.text, /höchstens 300 Zeichen/);
  assert.equal(sql(`SELECT hidden FROM comments WHERE id = ${c}`), '0');
  assert.equal(openReports('comment', c), 1);

  r = await post(moderator, `/admin/moderation/comments/${c}/hide`, { reason: 'Enthielt eine Telefonnummer.' });
  assert.equal(r.status, 303);
  assert.equal(openReports('comment', c), 0);
  assert.equal(sql(`SELECT resolution FROM reports WHERE subject_type = 'comment' AND subject_id = ${c}`), 'hidden');
  let page = await anon.get(`/ideas/${idea}`);
  assert.match(page.text, /Von der Moderation ausgeblendet\. Begründung: Enthielt eine Telefonnummer\./);
  assert.doesNotMatch(page.text, /Ein Kommentar mit persönlichen Daten/);
  // Moderators still read it, marked.
  assert.match((await moderator.get(`/ideas/${idea}`)).text, /comment-text-hidden[^>]*>Ein Kommentar mit persönlichen Daten/);
  // Nobody votes on or replies to it; the counters did not move.
  assert.equal((await post(reporter, `/comments/${c}/vote`, { value: 'up' })).status, 403);
  assert.equal(counts(), before);
  // Hiding twice: 409, the audit log has one entry.
  assert.equal((await post(moderator, `/admin/moderation/comments/${c}/hide`, { reason: 'Noch einmal' })).status, 409);
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'moderation.hide' AND subject = 'comment:${c}'`), '1');
  assert.match(sql(`SELECT after_value FROM audit_log WHERE action = 'moderation.hide' AND subject = 'comment:${c}'`), /hidden: Enthielt eine Telefonnummer/);

  // Restore: public again, the reason gone.
  assert.equal((await post(moderator, `/admin/moderation/comments/${c}/restore`)).status, 303);
  page = await anon.get(`/ideas/${idea}`);
  assert.match(page.text, /Ein Kommentar mit persönlichen Daten/);
  assert.doesNotMatch(page.text, /Enthielt eine Telefonnummer/);
  assert.equal((await post(moderator, `/admin/moderation/comments/${c}/restore`)).status, 409);

  // The idea: hidden, its page says so with the reason (410), it leaves the lists and search.
  assert.equal((await post(moderator, `/admin/moderation/ideas/${idea}/hide`, { reason: 'Gehört nicht zu dieser Herausforderung.' })).status, 303);
  page = await anon.get(`/ideas/${idea}`);
  assert.equal(page.status, 410);
  assert.match(page.text, /Idee ausgeblendet/);
  assert.match(page.text, /Gehört nicht zu dieser Herausforderung\./);
  assert.doesNotMatch(page.text, /Der Text, den bald niemand mehr liest/);
  assert.doesNotMatch((await anon.get(`/challenges/${challenge}`)).text, new RegExp(`href="/ideas/${idea}"`));
  assert.equal(counts(), before, 'hiding moves no counter');
  assert.equal((await post(moderator, `/admin/moderation/ideas/${idea}/restore`)).status, 303);
  assert.equal((await anon.get(`/ideas/${idea}`)).status, 200);

  // Dismiss: the reports close, the post stays; twice is 409.
  const rs = Number(sql(`SELECT id FROM report_subjects WHERE subject_type = 'idea' AND subject_id = ${idea}`));
  assert.equal(openReports('idea', idea), 0, 'hiding resolved the idea\'s report');
  assert.equal((await report(reporter, `/ideas/${idea}`, { reason: 'spam' })).status, 200, 'a new report after the first was resolved');
  assert.equal((await post(moderator, `/admin/moderation/${rs}/dismiss`)).status, 303);
  assert.equal(openReports('idea', idea), 0);
  assert.equal((await anon.get(`/ideas/${idea}`)).status, 200);
  assert.equal((await post(moderator, `/admin/moderation/${rs}/dismiss`)).status, 409);
  assert.equal((await post(moderator, '/admin/moderation/999999/dismiss')).status, 404);
  assert.doesNotMatch((await moderator.get('/admin/moderation')).text, new RegExp(`/ideas/${idea}/hide`));
});

test(`[${BACKEND}] a post with a held word waits for review: its author sees "held", others nothing, no counter moves until it is let through`, async () => {
  // Bad input first: an entry too long, or without a letter.
  let r = await post(moderator, '/admin/moderation/words', { words: `gut\n${'x'.repeat(61)}` });
  assert.equal(r.status, 422);
  assert.match(r.text, /höchstens 60 Zeichen/);
  r = await post(moderator, '/admin/moderation/words', { words: 'gut\n***' });
  assert.equal(r.status, 422);
  assert.equal(sql(`SELECT count(*) FROM settings WHERE key = 'moderation.held_words'`), '0');
  r = await post(moderator, '/admin/moderation/words', { words: ' Schwachkopf \r\nidiot*, Schwachkopf\n\n' });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT value FROM settings WHERE key = 'moderation.held_words'`), 'Schwachkopf\nidiot*');
  assert.match((await moderator.get('/admin/moderation/words')).text, /Schwachkopf\nidiot\*/);
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'moderation.held_words'`), '1');
  // Saved again unchanged: no second audit row.
  assert.equal((await post(moderator, '/admin/moderation/words', { words: 'Schwachkopf\nidiot*' })).status, 303);
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'moderation.held_words'`), '1');

  const author = await person(srv, { name: 'Hanna Hitzig' });
  const other = await person(srv);
  const anon = new Client(srv.base);
  const ideasCount = () => Number(sql(`SELECT ideas_count FROM challenges WHERE id = ${challenge}`));
  const n0 = ideasCount();
  const idea = await submitIdea(author, challenge, { title: 'Lauter Idioten hier', body: 'Eine Idee voller Ärger über die Verwaltung.' });
  assert.equal(sql(`SELECT hidden || ' ' || held FROM ideas WHERE id = ${idea}`), '1 1');
  assert.equal(ideasCount(), n0, 'a held idea is not counted yet');
  const own = await author.get(`/ideas/${idea}`);
  assert.equal(own.status, 200);
  assert.match(own.text, /Zur Prüfung zurückgehalten/);
  assert.equal((await other.get(`/ideas/${idea}`)).status, 404);
  assert.equal((await anon.get(`/ideas/${idea}`)).status, 404);
  assert.match((await moderator.get(`/ideas/${idea}`)).text, /Zur Prüfung zurückgehalten/);

  // A held comment: on a public idea, seen by its author and moderators only.
  const host = await submitIdea(other, challenge, { title: 'Eine friedliche Idee', body: 'Bäume für den Kesselbrink pflanzen.' });
  const commentsCount = () => Number(sql(`SELECT comments_count FROM ideas WHERE id = ${host}`));
  const unread = () => Number(sql(`SELECT unread_notifications FROM users WHERE email = '${other.email}'`));
  const c0 = commentsCount();
  const u0 = unread();
  const held = commentId(await comment(author, `/ideas/${host}`, 'Du SCHWACHKOPF!'));
  assert.equal(commentsCount(), c0);
  assert.equal(unread(), u0, 'the idea\'s author hears nothing of a held comment');
  assert.match((await author.get(`/ideas/${host}`)).text, /Zur Prüfung zurückgehalten: Nur Sie und die Moderation sehen diesen Kommentar/);
  assert.doesNotMatch((await other.get(`/ideas/${host}`)).text, /SCHWACHKOPF/);
  assert.doesNotMatch((await anon.get(`/ideas/${host}`)).text, /SCHWACHKOPF/);
  assert.doesNotMatch((await anon.get(`/api/v1/ideas/${host}/comments`)).text, /SCHWACHKOPF/);
  // Words inside others do not hold ("Schwachkopfigkeit"); a held word in an edit is sent back.
  const fine = commentId(await comment(author, `/ideas/${host}`, 'Das ist keine Schwachkopfigkeit, sondern Kritik.'));
  assert.equal(sql(`SELECT held FROM comments WHERE id = ${fine}`), '0');
  r = await post(author, `/comments/${fine}/edit`, { body: 'Ihr Schwachkopf' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Wort, das die Moderation prüft/);
  assert.match(sql(`SELECT body FROM comments WHERE id = ${fine}`), /keine Schwachkopfigkeit/);

  // The queue of held posts lists both.
  const queue = await moderator.get('/admin/moderation?view=held');
  assert.equal(queue.status, 200);
  assert.match(queue.text, new RegExp(`/admin/moderation/ideas/${idea}/restore`));
  assert.match(queue.text, new RegExp(`/admin/moderation/comments/${held}/restore`));
  // A held idea cannot be toggled on its page; it is dealt with in the queue.
  assert.equal((await post(moderator, `/ideas/${idea}/hide`)).status, 409);

  // Let the comment through: counted and announced now, public.
  assert.equal((await post(moderator, `/admin/moderation/comments/${held}/restore`, { back: 'held' })).status, 303);
  assert.equal(commentsCount(), c0 + 2);
  assert.equal(unread(), u0 + 2, 'the idea\'s author hears of both comments now');
  assert.match((await anon.get(`/ideas/${host}`)).text, /Du SCHWACHKOPF!/);
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'moderation.release' AND subject = 'comment:${held}'`), '1');

  // Refuse the idea: it stays out of sight; its author reads why; no counter moved.
  r = await post(moderator, `/admin/moderation/ideas/${idea}/hide`, { reason: '', back: 'held' });
  assert.equal(r.status, 422);
  assert.match(r.text, new RegExp(`id="reason-ideas-${idea}-error"`));
  assert.equal((await post(moderator, `/admin/moderation/ideas/${idea}/hide`, { reason: 'Beleidigt andere.', back: 'held' })).status, 303);
  assert.equal((await anon.get(`/ideas/${idea}`)).status, 404);
  assert.match((await author.get(`/ideas/${idea}`)).text, /Beleidigt andere\./);
  assert.equal(ideasCount(), n0 + 1, 'only the peaceful idea counts');
  assert.doesNotMatch((await moderator.get('/admin/moderation?view=held')).text, new RegExp(`/ideas/${idea}/restore`));
  // Let it through after all: counted then.
  assert.equal((await post(moderator, `/admin/moderation/ideas/${idea}/restore`)).status, 303);
  assert.equal(ideasCount(), n0 + 2);
  assert.equal((await anon.get(`/ideas/${idea}`)).status, 200);
  assert.equal(sql(`DELETE FROM settings WHERE key = 'moderation.held_words'`), '');
});

test(`[${BACKEND}] only moderators and administrators moderate; a participant's forged POST is 403 and changes nothing`, async () => {
  const author = await person(srv);
  const idea = await submitIdea(author, challenge, { title: 'Eine Idee, die bleibt', body: 'Niemand ohne Rolle blendet sie aus.' });
  const c = commentId(await comment(author, `/ideas/${idea}`, 'Ein Kommentar, der bleibt'));
  const p = await person(srv);
  const evaluator = await person(srv, { role: 'evaluator' });
  assert.equal((await report(p, `/ideas/${idea}`, { reason: 'spam' })).status, 200);
  const rs = Number(sql(`SELECT id FROM report_subjects WHERE subject_type = 'idea' AND subject_id = ${idea}`));
  for (const who of [p, evaluator]) {
    assert.equal((await who.get('/admin/moderation')).status, 403);
    assert.equal((await who.get('/admin/moderation/words')).status, 403);
    assert.equal((await post(who, `/admin/moderation/ideas/${idea}/hide`, { reason: 'Weg damit' })).status, 403);
    assert.equal((await post(who, `/admin/moderation/comments/${c}/hide`, { reason: 'Weg damit' })).status, 403);
    assert.equal((await post(who, `/admin/moderation/${rs}/dismiss`)).status, 403);
    assert.equal((await post(who, '/admin/moderation/words', { words: 'alles' })).status, 403);
  }
  assert.equal(sql(`SELECT hidden FROM ideas WHERE id = ${idea}`), '0');
  assert.equal(sql(`SELECT hidden FROM comments WHERE id = ${c}`), '0');
  assert.equal(openReports('idea', idea), 1);
  // Administrators may; the queue links the author's account for a ban.
  const q = await admin.get('/admin/moderation');
  assert.equal(q.status, 200);
  assert.match(q.text, new RegExp(`/admin/accounts/${idOf(author.email)}`));
  assert.doesNotMatch((await moderator.get('/admin/moderation')).text, new RegExp(`/admin/accounts/${idOf(author.email)}"`));
});
