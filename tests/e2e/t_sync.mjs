// t_sync.mjs - the page Sinkronisasi of an offline instance (issue 18): what waits (counts by
// state, the refused change with the server's reason, the change not sent yet), a conflict shown
// side by side on a phone and on a desktop, resolved field by field (one value kept from here,
// one taken from the server), and the state after. The page runs on a field instance, so this
// file starts `pilar serve` on the field data base that t_sync.setup.sh made with
// `pilar sync init` (facts.json "sync") and stops it when the run ends.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const PHONE = { width: 390, height: 844 };

export default function ({ test, newPage, shot, assert, FACTS, TMP }) {
  const S = FACTS.sync;
  if (!S) return; // not set up (a run in PostgreSQL mode: t_sync.setup.sh)
  let field = null; // { base, proc }

  async function start() {
    if (field) return field.base;
    for (let i = 0; i < 8 && !field; i++) {
      const port = 30000 + Math.floor(Math.random() * 5000);
      // A port another server holds answers /healthz too: skip it.
      if (await fetch(`http://127.0.0.1:${port}/healthz`).then(() => true, () => false)) continue;
      const log = fs.openSync(path.join(TMP, 'sy-field.log'), 'a');
      const proc = spawn(S.pilar, ['serve', '--listen', `127.0.0.1:${port}`, '--web', S.web,
        '--data-dir', path.join(TMP, 'sy-data')], {
        env: { ...process.env, PILAR_DB: S.db, PILAR_PWHASH: 'fast' }, stdio: ['ignore', 'ignore', log],
      });
      fs.closeSync(log);
      let exited = false;
      proc.on('exit', () => { exited = true; });
      const base = `http://127.0.0.1:${port}`;
      for (let k = 0; k < 100 && !exited; k++) {
        try {
          if ((await fetch(base + '/healthz')).ok) { field = { base, proc }; break; }
        } catch { /* not yet */ }
        await new Promise((r) => setTimeout(r, 100));
      }
      if (!field) proc.kill();
    }
    assert.ok(field, 'the field instance serves');
    process.on('exit', () => field.proc.kill());
    return field.base;
  }

  async function login(page, base) {
    await page.goto(base + '/#/beranda');
    await page.getByLabel('Nama pengguna').fill(S.user);
    await page.getByLabel('Kata sandi').fill(S.password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.locator('#topbar').waitFor();
    await page.locator('main .page h1').first().waitFor();
  }

  const local = (page) => page.evaluate(async () => (await fetch('/api/v1/sync/local')).json());
  const counts = async (page) => (await page.locator('.sync-counts').innerText()).replace(/\s+/g, ' ');

  test('sinkronisasi (ponsel): yang menunggu dan bentrok berdampingan pada instans luring', async () => {
    const base = await start();
    const page = await newPage(PHONE);
    await login(page, base);
    await page.goto(base + '/#/sinkron');
    await page.locator('h1', { hasText: 'Sinkronisasi' }).waitFor();
    const c = await counts(page);
    assert.match(c, /Menunggu dikirim: 1\b/);
    assert.match(c, /Bentrok: 1\b/);
    assert.match(c, /Ditolak server: 1\b/);
    const card = page.locator('form.sync-conflict');
    assert.equal(await card.count(), 1);
    assert.match(await card.locator('h2').innerText(), new RegExp('Orang: ' + S.names[0]));
    const mother = card.locator('tr', { hasText: 'Nama ibu' });
    assert.match(await mother.innerText(), new RegExp(S.mothers[0] + ' Lapangan'));
    assert.match(await mother.innerText(), new RegExp(S.mothers[0] + ' Kantor'));
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling on a phone (width ${width})`);
    await shot(page, 'sync-01-ponsel');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('sinkronisasi (desktop): bentrok diselesaikan kolom per kolom, lalu keadaannya', async () => {
    const base = await start();
    const page = await newPage();
    await login(page, base);
    await page.locator('#nav a', { hasText: 'Sinkronisasi' }).click();
    await page.locator('h1', { hasText: 'Sinkronisasi' }).waitFor();
    const head = await page.locator('.page-head').innerText();
    assert.match(head, new RegExp('wilayah ' + S.village.replace(/\./g, '\\.')));
    // What waits: the refused category with the office's reason, the change not sent yet.
    const waiting = page.locator('table[aria-label="Data yang menunggu"] tbody tr');
    assert.equal(await waiting.count(), 2);
    const refused = waiting.filter({ hasText: 'Ditolak server' });
    assert.match(await refused.innerText(), /Kategori PMKS/);
    assert.match(await refused.innerText(), /periode sudah disahkan/);
    assert.match(await waiting.filter({ hasText: 'Menunggu dikirim' }).innerText(), new RegExp(S.names[2]));
    // The conflict side by side: the two differing fields, each value a choice.
    const card = page.locator('form.sync-conflict');
    const rows = card.locator('tbody tr');
    assert.equal(await rows.count(), 2);
    assert.deepEqual((await card.locator('tbody th').allTextContents()).sort(), ['Nama ibu', 'Tempat lahir']);
    const place = card.locator('tr', { hasText: 'Tempat lahir' });
    assert.match(await place.locator('td[data-label="Data di sini"]').innerText(), /Tenggarong/);
    const serverPlace = (await place.locator('td[data-label="Data di server"]').innerText()).trim();
    assert.ok(serverPlace && serverPlace !== 'Tenggarong', `the server's birth place: ${serverPlace}`);
    await shot(page, 'sync-02-bentrok');
    // Nothing chosen yet: the form is not sent, the conflict stays.
    assert.equal(await card.evaluate((f) => f.checkValidity()), false);
    await card.locator('tr', { hasText: 'Nama ibu' }).locator('td[data-label="Data di sini"] input').check();
    assert.equal(await card.evaluate((f) => f.checkValidity()), false, 'every differing field must be chosen');
    await place.locator('td[data-label="Data di server"] input').check();
    await shot(page, 'sync-03-pilihan');
    await card.getByRole('button', { name: 'Simpan pilihan' }).click();
    await page.locator('h2', { hasText: 'Bentrok (0)' }).waitFor();
    await page.getByText('Tidak ada bentrok.').waitFor();
    const c = await counts(page);
    assert.match(c, /Bentrok: 0\b/);
    assert.match(c, /Menunggu dikirim: 2\b/, 'the merged record waits to be sent (a local value kept)');
    assert.match(c, /Ditolak server: 1\b/);
    const after = page.locator('table[aria-label="Data yang menunggu"] tbody tr');
    assert.equal(await after.count(), 3);
    assert.match(await after.filter({ hasText: S.names[0] }).innerText(), /Menunggu dikirim/);
    await shot(page, 'sync-04-sesudah');
    // The record written: the mother's name kept from here, the birth place the server's.
    const d = await local(page);
    assert.equal(d.conflicts.length, 0);
    assert.equal(d.counts.conflict, 0);
    assert.equal(d.counts.to_push, 2);
    const id = d.waiting.find((w) => w.label === S.names[0]).id;
    const person = await page.evaluate(async (i) => (await fetch('/api/v1/people/' + i)).json(), id);
    assert.equal(person.mother_name, S.mothers[0] + ' Lapangan');
    assert.equal(person.birth_place, serverPlace);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}
