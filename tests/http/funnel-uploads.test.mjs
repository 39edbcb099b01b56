// Pictures of ideas: sniffed by content, limited in size and pixels,
// re-encoded without metadata (EXIF with a GPS position, comments, PNG
// text), scaled, with thumbnails, stored once per content and served with
// their type and long caching.  SQLite and PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, BACKEND } from './lib.mjs';
import { person, createChallenge, png } from './funnel-helpers.mjs';

let srv;
let challenge;
let user;
before(async () => {
  srv = await startServer({ seed: false }); // default limits: uploads take up to 8 MiB
  const admin = await person(srv, { role: 'admin' });
  challenge = await createChallenge(admin, { title: 'Bilderbuch' });
  user = await person(srv);
});
after(async () => { await srv.stop(); });

// ---- pictures made here, with metadata that must not survive ----

// A 16x16 JPEG (made with libvips), to which EXIF and a comment are added.
const JPEG = Buffer.from('/9j/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAQABADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwD5ZVakVacq1Kq0RkEZH//Z', 'base64');

// EXIF (little-endian TIFF): IFD0 with Make and a GPS IFD with a position.
function exif() {
  const t = Buffer.alloc(150);
  t.write('II', 0, 'latin1'); t.writeUInt16LE(42, 2); t.writeUInt32LE(8, 4);
  const entry = (at, tag, type, count, value) => {
    t.writeUInt16LE(tag, at); t.writeUInt16LE(type, at + 2); t.writeUInt32LE(count, at + 4); t.writeUInt32LE(value, at + 8);
  };
  t.writeUInt16LE(2, 8);
  entry(10, 0x010f, 2, 10, 38); // Make -> "SECRETCAM\0" at 38
  entry(22, 0x8825, 4, 1, 48); // GPSInfo IFD at 48
  t.writeUInt32LE(0, 34);
  t.write('SECRETCAM\0', 38, 'latin1');
  t.writeUInt16LE(4, 48);
  entry(50, 0x0001, 2, 2, 0x4e); // GPSLatitudeRef "N"
  entry(62, 0x0002, 5, 3, 102); // GPSLatitude
  entry(74, 0x0003, 2, 2, 0x45); // GPSLongitudeRef "E"
  entry(86, 0x0004, 5, 3, 126); // GPSLongitude
  t.writeUInt32LE(0, 98);
  [[52, 1], [1, 1], [4872, 100], [8, 1], [31, 1], [5700, 100]].forEach(([n, d], i) => {
    t.writeUInt32LE(n, 102 + i * 8); t.writeUInt32LE(d, 106 + i * 8);
  });
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), t]);
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

function jpegWithMetadata() {
  const comment = Buffer.from('SECRET-COMMENT lat 52.0302 lon 8.5325', 'latin1');
  const com = Buffer.concat([Buffer.from([0xff, 0xfe, 0, comment.length + 2]), comment]);
  return Buffer.concat([JPEG.subarray(0, 2), exif(), com, JPEG.subarray(2)]);
}

// ---- helpers ----

async function send(c, fields, file) {
  const form = new FormData();
  form.set('_csrf', await c.csrf(`/challenges/${challenge}/ideas/new`));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('image', new Blob([file.bytes], { type: file.type || 'image/png' }), file.name || 'bild.png');
  return c.request('POST', `/challenges/${challenge}/ideas/new`, { body: form });
}

async function bytes(path) {
  const res = await fetch(srv.base + path);
  return { status: res.status, type: res.headers.get('content-type'), cache: res.headers.get('cache-control'), body: Buffer.from(await res.arrayBuffer()) };
}

const idea = { title: 'Ein Bild sagt mehr', body: 'Eine Idee mit einem Bild, das sie zeigt.', step: 'submit' };

test(`[${BACKEND}] a JPEG loses its EXIF, GPS position and comments; a thumbnail is made`, async () => {
  const original = jpegWithMetadata();
  assert.ok(original.includes('SECRETCAM') && original.includes('SECRET-COMMENT'), 'the test picture carries metadata');
  const r = await send(user, idea, { bytes: original, type: 'image/jpeg', name: 'IMG_0001.JPG' });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  const page = await new Client(srv.base).get(r.headers.get('location'));
  const id = Number(page.text.match(/<img src="\/uploads\/(\d+)\/thumb"/)[1]);
  const full = await bytes(`/uploads/${id}`);
  assert.equal(full.status, 200);
  assert.equal(full.type, 'image/jpeg');
  assert.match(full.cache, /max-age=31536000/);
  assert.deepEqual([...full.body.subarray(0, 3)], [0xff, 0xd8, 0xff]);
  for (const secret of ['SECRETCAM', 'SECRET-COMMENT', 'Exif']) assert.ok(!full.body.includes(secret), `no ${secret}`);
  assert.ok(!full.body.includes(Buffer.from([0xff, 0xe1])), 'no APP1 segment at all');
  const thumb = await bytes(`/uploads/${id}/thumb`);
  assert.equal(thumb.status, 200);
  assert.equal(thumb.type, 'image/jpeg');
  assert.ok(!thumb.body.includes('SECRETCAM'));
  // The list shows the thumbnail too.
  assert.match((await new Client(srv.base).get(`/challenges/${challenge}`)).text, new RegExp(`src="/uploads/${id}/thumb"`));
});

test(`[${BACKEND}] a PNG loses its text; large ones are scaled; the same picture is stored once`, async () => {
  const pic = png(3000, 12, { text: 'SECRET-PNG-TEXT' });
  let r = await send(user, { ...idea, step: 'preview' }, { bytes: pic });
  assert.equal(r.status, 200);
  assert.match(r.text, /Ihre Idee prüfen/);
  const id = Number(r.text.match(/name="image_id" value="(\d+)"/)[1]);
  assert.match(r.text, new RegExp(`<img src="/uploads/${id}/thumb" alt="Das ausgewählte Bild"`));
  const full = await bytes(`/uploads/${id}`);
  assert.equal(full.type, 'image/png');
  assert.ok(!full.body.includes('SECRET-PNG-TEXT'));
  assert.ok(!full.body.includes('tEXt'));
  assert.equal(full.body.readUInt32BE(16), 2560, 'scaled to 2560 pixels wide');
  const thumb = await bytes(`/uploads/${id}/thumb`);
  assert.equal(thumb.type, 'image/png');
  const [tw, th] = [thumb.body.readUInt32BE(16), thumb.body.readUInt32BE(20)];
  assert.ok(tw <= 320 && th <= 12, `a thin picture is not blown up: ${tw}x${th}`);
  // The final step sends the kept id, not the file again.
  r = await send(user, { ...idea, image_id: String(id) });
  assert.equal(r.status, 303);
  const page = await new Client(srv.base).get(r.headers.get('location'));
  assert.match(page.text, new RegExp(`<a href="/uploads/${id}"><img src="/uploads/${id}/thumb"`));
  // The same picture again: the same stored upload.
  r = await send(user, { ...idea, step: 'preview' }, { bytes: pic });
  assert.equal(Number(r.text.match(/name="image_id" value="(\d+)"/)[1]), id);
  // A square thumbnail from a big enough picture.
  r = await send(user, { ...idea, step: 'preview' }, { bytes: png(640, 480) });
  const sq = Number(r.text.match(/name="image_id" value="(\d+)"/)[1]);
  const t2 = await bytes(`/uploads/${sq}/thumb`);
  assert.deepEqual([t2.body.readUInt32BE(16), t2.body.readUInt32BE(20)], [320, 320]);
});

test(`[${BACKEND}] not a picture, a damaged one, too many pixels, too many bytes: refused, nothing written`, async () => {
  const before = (await new Client(srv.base).get(`/challenges/${challenge}`)).text.match(/<dt>Ideen<\/dt><dd>(\d+)<\/dd>/)[1];
  const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(400)]);
  let r = await send(user, { ...idea, title: 'Mit Programm statt Bild' }, { bytes: elf, type: 'image/png', name: 'foto.png' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Diese Datei ist kein PNG-, JPEG- oder WebP-Bild\./);
  assert.match(r.text, /id="image-error" class="field-error"/);
  assert.match(r.text, /value="Mit Programm statt Bild"/, 'the rest of the input is kept');
  const damaged = Buffer.concat([png(32, 32).subarray(0, 60), Buffer.alloc(40, 0x41)]);
  r = await send(user, idea, { bytes: damaged });
  assert.equal(r.status, 422);
  assert.match(r.text, /Dieses Bild lässt sich nicht lesen/);
  r = await send(user, idea, { bytes: png(8000, 6000, { grey1: true }) });
  assert.equal(r.status, 422);
  assert.match(r.text, /zu viele Pixel/);
  const huge = Buffer.concat([png(8, 8), Buffer.alloc(5 * 1024 * 1024)]);
  r = await send(user, idea, { bytes: huge });
  assert.equal(r.status, 422);
  assert.match(r.text, /Das Bild ist zu groß/);
  r = await send(user, { ...idea, image_id: '987654' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Das Bild ist nicht mehr verfügbar/);
  const after = (await new Client(srv.base).get(`/challenges/${challenge}`)).text.match(/<dt>Ideen<\/dt><dd>(\d+)<\/dd>/)[1];
  assert.equal(after, before);
  assert.equal((await bytes('/uploads/987654')).status, 404);
  assert.equal((await bytes('/uploads/987654/thumb')).status, 404);
});
