// Files on ideas and challenges: PDF attachments of ideas (sniffed by
// content, opened by a real PDF parser, limited in size and number, kept
// through the preview, listed on the idea page, served as downloads with
// safe headers, withheld with a hidden idea, in the API), and cover
// pictures of challenges (same pipeline as idea pictures, with a text
// alternative unless decorative; on the challenge page, in the list and
// on the home page).  Every refused input changes nothing, asserted in
// the store.  SQLite and PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, BACKEND, execSql } from './lib.mjs';
import { person, createChallenge, png, pdf } from './funnel-helpers.mjs';

let srv;
let admin;
let challenge;
let user;
let userEn;
before(async () => {
  srv = await startServer({ seed: false }); // uploads take up to 8 MiB
  admin = await person(srv, { role: 'admin' });
  challenge = await createChallenge(admin, { title: 'Dokumentenmappe' });
  user = await person(srv);
  userEn = await person(srv, { lang: 'en' });
});
after(async () => { await srv.stop(); });

const sql = (q) => execSql(srv.store.url, q);
const count = (table) => Number(sql(`SELECT count(*) FROM ${table}`));
const counts = () => ({ ideas: count('ideas'), attachments: count('idea_attachments'), uploads: count('uploads') });

// Send the idea form with fields (arrays repeat a field) and PDF files.
async function send(c, fields, files = []) {
  const form = new FormData();
  form.set('_csrf', await c.csrf(`/challenges/${challenge}/ideas/new`));
  for (const [k, v] of Object.entries(fields)) {
    for (const one of [].concat(v)) form.append(k, one);
  }
  for (const f of files) form.append('attachments', new Blob([f.bytes], { type: f.type || 'application/pdf' }), f.name ?? 'doc.pdf');
  return c.request('POST', `/challenges/${challenge}/ideas/new`, { body: form });
}

async function download(path, c) {
  const headers = c && c.cookies.size ? { cookie: c.cookieHeader() } : {};
  const res = await fetch(srv.base + path, { headers });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

const idea = { title: 'Ein Plan mit Unterlagen', body: 'Eine Idee mit Dokumenten, die sie genauer erklären.' };
// Kept files travel as "ID.MAC" (the MAC binds them to the session).
const keptValues = (html) => [...html.matchAll(/name="attachment_id" value="(\d+\.[^"]+)"/g)].map((m) => m[1]);
const keptIds = (html) => keptValues(html).map((v) => Number(v.split('.')[0]));

test(`[${BACKEND}] PDFs are kept through the preview, listed on the idea page and served as safe downloads`, async () => {
  const plan = pdf({ pages: 3, note: 'plan' });
  const costs = pdf({ note: 'kosten' });
  // A name with a path, a right-to-left override and a control character.
  let r = await send(user, { ...idea, step: 'preview' }, [
    { bytes: plan, name: 'C:\\Users\\anna\\Plan.pdf' },
    { bytes: costs, name: 'Kosten\u202efdp.exe\u0007.pdf' },
  ]);
  assert.equal(r.status, 200, r.text.slice(0, 800));
  assert.match(r.text, /Ihre Idee prüfen/);
  const ids = keptIds(r.text);
  const values = keptValues(r.text);
  assert.equal(ids.length, 2);
  assert.match(r.text, new RegExp(`name="attachment_title_${ids[0]}" type="text" maxlength="100" value="Plan.pdf"`));
  assert.match(r.text, new RegExp(`name="attachment_title_${ids[1]}" type="text" maxlength="100" value="Kostenfdp.exe.pdf"`), 'override and control dropped');
  assert.match(r.text, /\(PDF, 1 KB\)/);
  // The author renames one in the preview and submits; the files travel as ids.
  const before = counts();
  r = await send(user, {
    ...idea, step: 'submit', attachment_id: values,
    [`attachment_title_${ids[0]}`]: 'Plan.pdf', [`attachment_title_${ids[1]}`]: '  Kostenübersicht   2027 ',
  });
  assert.equal(r.status, 303, r.text.slice(0, 800));
  const ideaId = Number(r.headers.get('location').match(/\/ideas\/(\d+)/)[1]);
  assert.deepEqual(counts(), { ...before, ideas: before.ideas + 1, attachments: before.attachments + 2 }, 'no new upload for kept files');
  assert.equal(sql(`SELECT name FROM idea_attachments WHERE idea_id = ${ideaId} ORDER BY position`), 'Plan.pdf\nKostenübersicht 2027');

  const page = (await new Client(srv.base).get(`/ideas/${ideaId}`)).text;
  assert.match(page, /<h2 id="attachments-heading">Dokumente<\/h2>/);
  assert.match(page, new RegExp(`<a href="/ideas/${ideaId}/attachments/${ids[0]}" download><span lang="de">Plan.pdf</span> \\(PDF, 1 KB\\)</a>`));
  assert.match(page, new RegExp(`<a href="/ideas/${ideaId}/attachments/${ids[1]}" download><span lang="de">Kostenübersicht 2027</span> \\(PDF, 1 KB\\)</a>`));
  const pageEn = (await new Client(srv.base, { lang: 'en' }).get(`/ideas/${ideaId}`)).text;
  assert.match(pageEn, /<h2 id="attachments-heading">Documents<\/h2>/);
  assert.match(pageEn, /Plan.pdf<\/span> \(PDF, 1 KB\)<\/a>/);

  const d = await download(`/ideas/${ideaId}/attachments/${ids[1]}`);
  assert.equal(d.status, 200);
  assert.equal(d.headers.get('content-type'), 'application/pdf');
  assert.equal(d.headers.get('content-disposition'),
    'attachment; filename="Kosten_bersicht 2027.pdf"; filename*=UTF-8\'\'Kosten%C3%BCbersicht%202027.pdf');
  assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
  assert.match(d.headers.get('content-security-policy'), /(^|; )sandbox(;|$)/);
  assert.match(d.headers.get('content-security-policy'), /default-src 'none'/);
  assert.match(d.headers.get('cache-control'), /max-age=31536000/);
  assert.ok(d.body.equals(costs), 'the document as it was sent');
  const d0 = await download(`/ideas/${ideaId}/attachments/${ids[0]}`);
  assert.equal(d0.headers.get('content-disposition'), 'attachment; filename="Plan.pdf"; filename*=UTF-8\'\'Plan.pdf');
  assert.ok(d0.body.equals(plan));

  // Only under its own idea.
  const other = await send(user, { ...idea, title: 'Eine andere Idee ohne Dateien', step: 'submit' });
  const otherId = Number(other.headers.get('location').match(/\/ideas\/(\d+)/)[1]);
  assert.equal((await download(`/ideas/${otherId}/attachments/${ids[0]}`)).status, 404);
  assert.equal((await download(`/ideas/${ideaId}/attachments/987654`)).status, 404);

  // The API lists them, as the OpenAPI document describes (api.test.mjs validates).
  const api = await (await fetch(`${srv.base}/api/v1/ideas/${ideaId}`)).json();
  assert.deepEqual(api.attachments, [
    { id: ids[0], name: 'Plan.pdf', type: 'application/pdf', size: plan.length, url: `/ideas/${ideaId}/attachments/${ids[0]}` },
    { id: ids[1], name: 'Kostenübersicht 2027', type: 'application/pdf', size: costs.length, url: `/ideas/${ideaId}/attachments/${ids[1]}` },
  ]);
  assert.deepEqual((await (await fetch(`${srv.base}/api/v1/ideas/${otherId}`)).json()).attachments, []);

  // The data export names the person's uploads.
  const exp = JSON.parse((await user.get('/account/export')).text);
  assert.deepEqual(exp.uploads.map((u) => u.id).sort(), [...ids].sort());
  assert.ok(exp.uploads.every((u) => u.type === 'application/pdf'));

  // A hidden idea keeps its files from everyone but the moderators.
  const mod = await person(srv, { role: 'moderator' });
  const _csrf = await mod.csrf(`/ideas/${ideaId}`);
  assert.equal((await mod.post(`/ideas/${ideaId}/hide`, { _csrf })).status, 303);
  assert.equal((await download(`/ideas/${ideaId}/attachments/${ids[0]}`)).status, 404, 'anonymous');
  assert.equal((await download(`/ideas/${ideaId}/attachments/${ids[0]}`, user)).status, 404, 'a participant');
  const asMod = await download(`/ideas/${ideaId}/attachments/${ids[0]}`, mod);
  assert.equal(asMod.status, 200, 'a moderator');
  assert.ok(asMod.body.equals(plan));
});

test(`[${BACKEND}] a removed attachment stays out; the same document twice is one upload`, async () => {
  const a = pdf({ note: 'entfernen' });
  const b = pdf({ note: 'behalten' });
  let r = await send(user, { ...idea, step: 'preview' }, [{ bytes: a, name: 'weg.pdf' }, { bytes: b, name: 'bleibt.pdf' }, { bytes: b, name: 'doppelt.pdf' }]);
  assert.equal(r.status, 200);
  const [ia, ib] = keptIds(r.text);
  assert.equal(keptIds(r.text).length, 2, 'the same bytes twice: one attachment');
  r = await send(user, {
    ...idea, step: 'submit', attachment_id: keptValues(r.text), [`attachment_remove_${ia}`]: '1',
    [`attachment_title_${ia}`]: 'weg.pdf', [`attachment_title_${ib}`]: 'bleibt.pdf',
  });
  assert.equal(r.status, 303);
  const ideaId = Number(r.headers.get('location').match(/\/ideas\/(\d+)/)[1]);
  assert.equal(sql(`SELECT upload_id FROM idea_attachments WHERE idea_id = ${ideaId}`), String(ib));
});

test(`[${BACKEND}] not a PDF, empty, damaged, without pages, too large, too many: refused in the user's language, nothing written`, async () => {
  // A document another person stored (in a preview of their own).
  const other = await person(srv);
  const pre = await send(other, { ...idea, step: 'preview' }, [{ bytes: pdf({ note: 'fremd' }), name: 'fremd.pdf' }]);
  const othersUpload = keptIds(pre.text)[0];
  assert.ok(othersUpload > 0);
  const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(400)]);
  const exe = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(300)]);
  const cases = [
    { files: [{ bytes: elf, name: 'plan.pdf' }], de: /Diese Datei ist kein PDF-Dokument\./, en: /This file is not a PDF document\./ },
    { files: [{ bytes: exe, name: 'setup.pdf' }], de: /Diese Datei ist kein PDF-Dokument\./, en: /This file is not a PDF document\./ },
    { files: [{ bytes: png(16, 16), name: 'bild.pdf' }], de: /Diese Datei ist kein PDF-Dokument\./, en: /This file is not a PDF document\./ },
    { files: [{ bytes: Buffer.alloc(0), name: 'leer.pdf' }], de: /Die Datei ist leer\./, en: /The file is empty\./ },
    { files: [{ bytes: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(600, 0x41)]), name: 'kaputt.pdf' }], de: /Dieses PDF-Dokument lässt sich nicht lesen/, en: /This PDF document cannot be read/ },
    { files: [{ bytes: Buffer.concat([Buffer.from('%PDF-1.4\n'), png(16, 16)]), name: 'png-mit-kopf.pdf' }], de: /Dieses PDF-Dokument lässt sich nicht lesen/, en: /This PDF document cannot be read/ },
    { files: [{ bytes: pdf({ pages: 0 }), name: 'ohne.pdf' }], de: /Dieses PDF-Dokument hat keine Seiten\./, en: /This PDF document has no pages\./ },
    { files: [{ bytes: Buffer.concat([pdf({ note: 'gross' }), Buffer.alloc(5 * 1024 * 1024)]), name: 'gross.pdf' }], de: /Die PDF-Datei ist zu groß\. Wählen Sie eine mit höchstens 5 MB\./, en: /The PDF file is too large\. Choose one of at most 5 MB\./ },
    { files: [1, 2, 3, 4, 5, 6].map((i) => ({ bytes: pdf({ note: `sechs ${i}` }), name: `teil${i}.pdf` })), de: /Sie können höchstens 5 PDF-Dateien anhängen\./, en: /You can attach at most 5 PDF files\./ },
    { fields: { attachment_id: '987654' }, de: /Eine angehängte Datei ist nicht mehr verfügbar/, en: /An attached file is no longer available/ },
    // Someone else's upload, by its (guessable) id, with or without a made-up MAC.
    { fields: { attachment_id: String(othersUpload) }, de: /Eine angehängte Datei ist nicht mehr verfügbar/, en: /An attached file is no longer available/ },
    { fields: { attachment_id: `${othersUpload}.${'A'.repeat(43)}` }, de: /Eine angehängte Datei ist nicht mehr verfügbar/, en: /An attached file is no longer available/ },
  ];
  // One valid PDF sent along with a bad one is not stored either.
  const good = pdf({ note: 'gut, aber mit einem schlechten' });
  for (const [i, c] of cases.entries()) {
    for (const [who, lang] of [[user, 'de'], [userEn, 'en']]) {
      const before = counts();
      const files = c.files ? [{ bytes: good, name: 'gut.pdf' }, ...c.files] : [];
      const r = await send(who, { ...idea, title: `Mit falscher Datei ${i}`, step: 'submit', ...(c.fields || {}) }, files.slice(c.files && c.files.length >= 5 ? 1 : 0));
      assert.equal(r.status, 422, `case ${i} (${lang}): ${r.status}`);
      assert.match(r.text, c[lang], `case ${i} (${lang})`);
      assert.match(r.text, /id="attachments-error" class="field-error"/);
      assert.match(r.text, /<input id="attachments"[^>]* aria-invalid="true"/);
      assert.match(r.text, new RegExp(`value="Mit falscher Datei ${i}"`), 'the rest of the input is kept');
      assert.deepEqual(counts(), before, `case ${i} (${lang}): nothing written`);
    }
  }
});

// ---- cover pictures of challenges ----

async function sendChallenge(c, path, fields, cover) {
  const form = new FormData();
  form.set('_csrf', await c.csrf('/account'));
  const base = {
    title: 'Mit Titelbild', summary: 'Eine Frage an alle in der Stadt.', brief: 'Worum es geht.',
    sponsor: '', lang: 'de', supports_per_user: '', opens_at: '2026-01-01T09:00', deadline: '',
    evaluation_at: '', decided_at: '', implementation_at: '', closed_at: '',
  };
  for (const [k, v] of Object.entries({ ...base, ...fields })) form.set(k, v);
  form.append('sectors', 'civil');
  if (cover) form.set('cover', new Blob([cover.bytes], { type: cover.type || 'image/png' }), cover.name || 'titel.png');
  return c.request('POST', path, { body: form });
}

const coverOf = (id) => sql(`SELECT coalesce(cover_upload_id, 0) || '|' || cover_alt FROM challenges WHERE id = ${id}`);

test(`[${BACKEND}] admins set, replace, mark decorative and remove a cover picture; it shows on the page, in the list and at home`, async () => {
  let r = await sendChallenge(admin, '/challenges/new', { cover_alt: 'Kinder auf einem Spielplatz im Park' }, { bytes: png(800, 450, { text: 'SECRET-COVER' }) });
  assert.equal(r.status, 303, r.text.slice(0, 800));
  const id = Number(r.headers.get('location').match(/\/challenges\/(\d+)/)[1]);
  const cover = Number(coverOf(id).split('|')[0]);
  assert.ok(cover > 0);
  const anon = new Client(srv.base);
  let page = (await anon.get(`/challenges/${id}`)).text;
  assert.match(page, new RegExp(`<img src="/uploads/${cover}" alt="Kinder auf einem Spielplatz im Park">`));
  const full = await download(`/uploads/${cover}`);
  assert.equal(full.headers.get('content-type'), 'image/png');
  assert.ok(!full.body.includes('SECRET-COVER'), 're-encoded without metadata');
  assert.equal((await download(`/uploads/${cover}/thumb`)).status, 200);
  assert.match((await anon.get('/challenges')).text, new RegExp(`<img class="card-cover" src="/uploads/${cover}/thumb" alt=""`));
  assert.match((await anon.get('/')).text, new RegExp(`<img class="card-cover" src="/uploads/${cover}/thumb" alt=""`), 'open challenges at home');

  // The edit form shows it; saving without a new file keeps it.
  const edit = (await admin.get(`/challenges/${id}/edit`)).text;
  assert.match(edit, new RegExp(`name="cover_id" value="${cover}"`));
  assert.match(edit, /id="cover_alt" name="cover_alt" type="text" maxlength="250" value="Kinder auf einem Spielplatz im Park"/);
  r = await sendChallenge(admin, `/challenges/${id}/edit`, { cover_id: String(cover), cover_alt: 'Kinder auf einem Spielplatz im Park' });
  assert.equal(r.status, 303);
  assert.equal(coverOf(id), `${cover}|Kinder auf einem Spielplatz im Park`);

  // Replaced by another, decorative: alt="".
  r = await sendChallenge(admin, `/challenges/${id}/edit`, { cover_id: String(cover), cover_alt: '', cover_decorative: '1' }, { bytes: png(640, 360) });
  assert.equal(r.status, 303, r.text.slice(0, 600));
  const second = Number(coverOf(id).split('|')[0]);
  assert.ok(second > 0 && second !== cover);
  assert.equal(coverOf(id), `${second}|`);
  page = (await anon.get(`/challenges/${id}`)).text;
  assert.match(page, new RegExp(`<img src="/uploads/${second}" alt="">`));
  assert.match((await admin.get(`/challenges/${id}/edit`)).text, /id="cover_decorative" name="cover_decorative" value="1" checked/);

  // Removed.
  r = await sendChallenge(admin, `/challenges/${id}/edit`, { cover_id: String(second), cover_remove: '1', cover_alt: '' });
  assert.equal(r.status, 303);
  assert.equal(coverOf(id), '0|');
  assert.doesNotMatch((await anon.get(`/challenges/${id}`)).text, /challenge-cover/);
});

test(`[${BACKEND}] a cover that is a PDF, an empty one, or one without a description: refused in the user's language, nothing changed`, async () => {
  const adminEn = await person(srv, { role: 'admin', lang: 'en' });
  const existing = await createChallenge(admin, { title: 'Bleibt wie sie ist' });
  const cases = [
    { cover: { bytes: pdf(), name: 'titel.png', type: 'image/png' }, fields: { cover_alt: 'Ein Bild' }, de: /Diese Datei ist kein PNG-, JPEG- oder WebP-Bild\./, en: /This file is not a PNG, JPEG or WebP picture\./, field: 'cover' },
    { cover: { bytes: Buffer.alloc(0), name: 'leer.png' }, fields: { cover_alt: 'Ein Bild' }, de: /Die Datei ist leer\. Wählen Sie ein PNG-, JPEG- oder WebP-Bild\./, en: /The file is empty\. Choose a PNG, JPEG or WebP picture\./, field: 'cover' },
    { cover: { bytes: png(64, 64) }, fields: { cover_alt: '   ' }, de: /Beschreiben Sie das Titelbild für Menschen, die es nicht sehen können, oder kennzeichnen Sie es als dekorativ\./, en: /Describe the cover picture for people who cannot see it, or mark it as decorative\./, field: 'cover_alt' },
    { cover: { bytes: png(64, 64) }, fields: { cover_alt: 'x'.repeat(251) }, de: /höchstens 250 Zeichen/, en: /at most 250 characters/, field: 'cover_alt' },
  ];
  for (const [i, c] of cases.entries()) {
    for (const [who, lang] of [[admin, 'de'], [adminEn, 'en']]) {
      for (const path of ['/challenges/new', `/challenges/${existing}/edit`]) {
        const challenges = count('challenges');
        const before = coverOf(existing);
        const r = await sendChallenge(who, path, { title: `Neu ${i}`, ...c.fields }, c.cover);
        assert.equal(r.status, 422, `case ${i} ${lang} ${path}`);
        assert.match(r.text, c[lang], `case ${i} ${lang} ${path}`);
        assert.match(r.text, new RegExp(`<li><a href="#${c.field}">`), 'the summary links to the field');
        assert.match(r.text, new RegExp(`id="${c.field}-error" class="field-error"`));
        assert.match(r.text, new RegExp(`<input id="${c.field}"[^>]* aria-invalid="true"`));
        assert.equal(count('challenges'), challenges, 'no challenge made');
        assert.equal(coverOf(existing), before, 'the cover unchanged');
        assert.equal(sql(`SELECT title FROM challenges WHERE id = ${existing}`), 'Bleibt wie sie ist');
      }
    }
  }
  // The picture of a refused form is kept for the correction, not lost.
  const r = await sendChallenge(admin, '/challenges/new', { title: 'Zweiter Anlauf', cover_alt: '' }, { bytes: png(96, 96) });
  assert.equal(r.status, 422);
  const kept = Number(r.text.match(/name="cover_id" value="(\d+)"/)[1]);
  const ok = await sendChallenge(admin, '/challenges/new', { title: 'Zweiter Anlauf', cover_id: String(kept), cover_alt: 'Ein Quadrat in Farbverläufen' });
  assert.equal(ok.status, 303);
  const id = Number(ok.headers.get('location').match(/\/challenges\/(\d+)/)[1]);
  assert.equal(coverOf(id), `${kept}|Ein Quadrat in Farbverläufen`);
  // Only the Innovation Office; a participant's picture is not even stored.
  const uploads = count('uploads');
  const other = await sendChallenge(user, '/challenges/new', { cover_alt: 'Ein Bild' }, { bytes: png(48, 40) });
  assert.equal(other.status, 403);
  assert.equal(count('uploads'), uploads);
});
