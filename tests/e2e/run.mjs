// run.mjs - end-to-end tests of the Pilar web UI with playwright-core and Debian's
// chromium (headless, no downloads). Started by tests/integration/test_e2e.sh with
// E2E_BASE (server URL), E2E_FACTS (demo data facts), E2E_ARTIFACTS (screenshots).
// Prints "ok N - name" / "not ok N - name" per test; exit status 1 on any failure.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';

const BASE = process.env.E2E_BASE;
const FACTS = JSON.parse(fs.readFileSync(process.env.E2E_FACTS, 'utf8'));
const OUT = process.env.E2E_ARTIFACTS || 'test-artifacts/e2e';
const TMP = process.env.E2E_TMP || os.tmpdir();
const ONLY = process.env.E2E_ONLY || '';
fs.mkdirSync(OUT, { recursive: true });

const USERS = {
  admin: ['admin', 'admin-pass-123'],
  bontang: ['bontang', 'bontang-pass-1'],
  lihat: ['lihat', 'viewer-pass-12'],
};

const userDir = fs.mkdtempSync(path.join(TMP, 'chromium-'));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=id-ID'],
  // playwright's launch() gives the browser a fresh temporary user-data-dir of its own.
  env: { ...process.env, HOME: userDir, XDG_CONFIG_HOME: userDir, XDG_CACHE_HOME: userDir },
});

async function newPage(viewport = { width: 1366, height: 768 }) {
  const context = await browser.newContext({ viewport, locale: 'id-ID', acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  lastPage = page;
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' && !/status of (40[1349]|422)/.test(m.text())) page.errors.push(m.text()); });
  return page;
}

async function login(page, who) {
  await page.goto(BASE + '/#/beranda');
  await page.getByLabel('Nama pengguna').fill(USERS[who][0]);
  await page.getByLabel('Kata sandi').fill(USERS[who][1]);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.locator('#topbar').waitFor();
  await page.locator('main .page h1').first().waitFor();
}

async function shot(page, name) {
  await page.waitForTimeout(150);
  await page.screenshot({ path: path.join(OUT, name + '.png'), fullPage: true });
}

const tests = [];
let lastPage = null;
const test = (name, fn) => tests.push({ name, fn });

// ------------------------------------------------------------------ tests

test('masuk: kata sandi salah menampilkan pesan jelas', async () => {
  const page = await newPage();
  await page.goto(BASE + '/');
  await page.getByLabel('Nama pengguna').fill('admin');
  await page.getByLabel('Kata sandi').fill('salah-sekali-1');
  await page.getByRole('button', { name: 'Masuk' }).click();
  const alert = page.locator('.alert.error');
  await alert.waitFor();
  assert.match(await alert.innerText(), /kata sandi salah/i);
  await shot(page, '01-masuk-salah');
  await page.context().close();
});

test('masuk dan beranda: ringkasan, grafik, peta wilayah', async () => {
  const page = await newPage();
  await login(page, 'admin');
  await page.locator('h1', { hasText: 'Beranda' }).waitFor();
  const people = await page.locator('.stat', { hasText: 'Orang' }).first().locator('.value').innerText();
  assert.match(people, /^\d{1,3}(\.\d{3})+$|^\d{1,3}$/, `jumlah orang berformat Indonesia: ${people}`);
  await page.locator('canvas').first().waitFor();
  await page.locator('.leaflet-interactive').first().waitFor();
  await shot(page, '02-beranda');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('cari: berdasarkan NIK dan berdasarkan nama', async () => {
  const page = await newPage();
  await login(page, 'admin');
  await page.goto(BASE + '/#/cari');
  await page.getByLabel('NIK', { exact: true }).fill(FACTS.bontang.nik);
  await page.getByRole('button', { name: 'Cari', exact: true }).click();
  const rows = page.locator('table[aria-label="Hasil pencarian"] tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), new RegExp(FACTS.bontang.nik));
  await shot(page, '03-cari-nik');
  await page.getByRole('button', { name: 'Kosongkan' }).click();
  const word = FACTS.samarinda.nama.replace(/^(H\.|Hj\.|Dr\.|Ir\.)\s*/, '').split(/[ ,]/)[0];
  await page.getByLabel('Nama', { exact: true }).fill(word);
  await page.getByRole('button', { name: 'Cari', exact: true }).click();
  await page.locator('.page-head h2', { hasText: /^Hasil \d/ }).waitFor();
  const text = await page.locator('table[aria-label="Hasil pencarian"]').innerText();
  assert.ok(text.toLowerCase().includes(word.toLowerCase()), `hasil memuat ${word}`);
  await shot(page, '04-cari-nama');
  // open the person page
  await rows.first().locator('a').first().click();
  await page.locator('h2', { hasText: 'Riwayat perubahan' }).waitFor();
  await shot(page, '05-orang');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('NIK salah ditampilkan di kolomnya saat diketik', async () => {
  const page = await newPage();
  await login(page, 'bontang');
  await page.goto(BASE + '/#/tambah');
  const nik = page.locator('[data-field="m0.nik"]');
  await nik.locator('input').fill('6474019913800001'); // day 99: no such date
  await nik.locator('input').blur();
  await nik.locator('.error', { hasText: /tanggal lahir dalam NIK/i }).waitFor();
  await nik.locator('input').fill('6474014512800003');
  await nik.locator('input').blur();
  await nik.locator('.hint', { hasText: /5 Desember 1980.*perempuan.*Bontang/ }).waitFor();
  await nik.locator('input').fill('647401');
  await page.getByRole('button', { name: 'Simpan keluarga' }).click();
  await nik.locator('.error', { hasText: /16 digit/ }).waitFor();
  await shot(page, '06-nik-salah');
  await page.context().close();
});

test('tambah keluarga dengan dua anggota', async () => {
  const page = await newPage();
  await login(page, 'bontang');
  await page.goto(BASE + '/#/tambah');
  const v = FACTS.village_bontang.split('.');
  await page.locator('[data-field="no_kk"] input').fill(`${v[0]}${v[1]}${v[2]}0101250077`);
  await page.locator('#kode_desa-l2').selectOption(`${v[0]}.${v[1]}.${v[2]}`);
  await page.locator('#kode_desa-l3 option[value="' + FACTS.village_bontang + '"]').waitFor({ state: 'attached' });
  await page.locator('#kode_desa-l3').selectOption(FACTS.village_bontang);
  await page.getByLabel('Alamat').fill('Jl. Merdeka No. 17');
  await page.getByLabel('RT').fill('3');
  await page.getByLabel('RW').fill('5');
  const m0 = page.locator('fieldset.member').nth(0);
  await m0.locator('[data-field="m0.nik"] input').fill(`${v[0]}${v[1]}${v[2]}1708800077`);
  await m0.locator('[data-field="m0.nama"] input').fill('Budi Santoso Uji');
  await m0.locator('[data-field="m0.nik"] input').blur();
  await m0.locator('[data-field="m0.tempat_lahir"] input').fill('Bontang');
  await page.getByRole('button', { name: '+ Tambah anggota' }).click();
  const m1 = page.locator('fieldset.member').nth(1);
  await m1.locator('[data-field="m1.nik"] input').fill(`${v[0]}${v[1]}${v[2]}5703850077`);
  await m1.locator('[data-field="m1.nama"] input').fill('Sari Wulandari Uji');
  await m1.locator('[data-field="m1.nik"] input').blur();
  await m1.locator('[data-field="m1.hubungan_keluarga"] select').selectOption('Istri/Suami');
  await m1.locator('[data-field="m1.pmks"] select').selectOption('24');
  // birth date and sex filled from the NIK
  assert.equal(await m1.locator('[data-field="m1.tanggal_lahir"] input').inputValue(), '1985-03-17');
  assert.equal(await m1.locator('[data-field="m1.jenis_kelamin"] select').inputValue(), 'P');
  await shot(page, '07-tambah-keluarga-isi');
  await page.getByRole('button', { name: 'Simpan keluarga' }).click();
  await page.locator('h1', { hasText: 'Keluarga Budi Santoso Uji' }).waitFor();
  const members = page.locator('table[aria-label="Anggota keluarga"] tbody tr');
  assert.equal(await members.count(), 2);
  await shot(page, '08-keluarga');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('impor dengan baris ditolak dan unduhan tolakan', async () => {
  const csvPath = path.join(TMP, 'impor-uji.csv');
  const b = FACTS.bontang;
  const v = FACTS.village_bontang.split('.');
  fs.writeFileSync(csvPath, [
    'nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,hubungan_keluarga,nama_ibu,alamat,rt,rw,kode_desa,pmks',
    `${v[0]}${v[1]}${v[2]}0202900088,${v[0]}${v[1]}${v[2]}0101250088,Andi Impor,Bontang,1990-02-02,L,Kepala Keluarga,Siti,Jl. Uji 1,1,2,${FACTS.village_bontang},`,
    `${v[0]}${v[1]}${v[2]}4403920088,${v[0]}${v[1]}${v[2]}0101250088,Rina Impor,Bontang,1992-03-04,P,Istri,Ani,Jl. Uji 1,1,2,${FACTS.village_bontang},`,
    `12345,${v[0]}${v[1]}${v[2]}0101250089,NIK Pendek,Bontang,1990-01-01,L,Kepala Keluarga,Ani,Jl. Uji 2,1,2,${FACTS.village_bontang},`,
    `6472010101900088,6472010101250089,Orang Samarinda,Samarinda,1990-01-01,L,Kepala Keluarga,Ani,Jl. Uji 3,1,2,64.72.01.1001,`,
  ].join('\n') + '\n');
  const page = await newPage();
  await login(page, 'bontang');
  await page.goto(BASE + '/#/impor');
  await page.getByLabel('Berkas CSV atau XLSX').setInputFiles(csvPath);
  await page.getByRole('button', { name: 'Unggah dan impor' }).click();
  const sum = page.locator('#import-summary');
  await sum.waitFor();
  const txt = await sum.innerText();
  assert.match(txt, /2 baris ditolak/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#rejects-link').click()]);
  const saved = path.join(TMP, 'tolakan.csv');
  await download.saveAs(saved);
  const rej = fs.readFileSync(saved, 'utf8');
  assert.match(rej, /alasan/);
  assert.match(rej, /NIK Pendek/);
  assert.match(rej, /Orang Samarinda/);
  assert.doesNotMatch(rej, /Andi Impor/);
  await shot(page, '09-impor');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('verifikasi: satu data dan sekaligus banyak', async () => {
  const page = await newPage();
  await login(page, 'bontang');
  await page.goto(BASE + '/#/verifikasi');
  const head = page.locator('.page-head p');
  await head.waitFor();
  const before = Number((await head.innerText()).match(/^([\d.]+)/)[1].replace(/\./g, ''));
  assert.ok(before > 3, `antrean berisi data (${before})`);
  await page.locator('table[aria-label="Antrean verifikasi"] tbody tr').first().waitFor();
  await shot(page, '10-verifikasi');
  await page.locator('table[aria-label="Antrean verifikasi"] tbody tr').first().getByRole('button', { name: 'Verifikasi' }).click();
  await page.locator('.page-head p', { hasText: new RegExp(`^${fmt(before - 1)} data`) }).waitFor();
  const boxes = page.locator('table[aria-label="Antrean verifikasi"] tbody input[type=checkbox]');
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await page.locator('#bulk-verify').click();
  await page.locator('.page-head p', { hasText: new RegExp(`^${fmt(before - 3)} data`) }).waitFor();
  await shot(page, '11-verifikasi-sesudah');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('operator Bontang tidak melihat orang Samarinda', async () => {
  const page = await newPage();
  await login(page, 'bontang');
  await page.goto(BASE + '/#/cari?nik=' + FACTS.samarinda.nik);
  await page.locator('.empty', { hasText: 'Tidak ada orang yang cocok' }).waitFor();
  const word = FACTS.samarinda.nama.replace(/^(H\.|Hj\.|Dr\.|Ir\.)\s*/, '').split(/[ ,]/)[0];
  await page.goto(BASE + '/#/cari?q=' + encodeURIComponent(word) + '&region=64.72');
  await page.locator('.empty, table[aria-label="Hasil pencarian"]').first().waitFor();
  const html = await page.locator('main').innerText();
  assert.ok(!html.includes(FACTS.samarinda.nik), 'NIK Samarinda tidak tampil');
  assert.doesNotMatch(html, /64\.72\./);
  await shot(page, '12-cakupan-bontang');
  await page.context().close();
});

test('ponsel 390 px: menu dan peta', async () => {
  const page = await newPage({ width: 390, height: 844 });
  await login(page, 'bontang');
  await page.goto(BASE + '/#/peta');
  await page.locator('.leaflet-interactive').first().waitFor();
  await page.locator('.marker-cluster, .dot').first().waitFor();
  await shot(page, '13-peta-ponsel');
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.locator('#nav a', { hasText: 'Cari' }).click();
  await page.locator('h1', { hasText: 'Cari' }).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `tidak bergulir mendatar (${overflow}px)`);
  await shot(page, '14-cari-ponsel');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('pengamat hanya melihat ringkasan; admin melihat pengguna', async () => {
  const page = await newPage();
  await login(page, 'lihat');
  const nav = await page.locator('#nav').innerText();
  assert.ok(!nav.includes('Cari') && nav.includes('Beranda'));
  await page.locator('.stat').first().waitFor();
  await page.context().close();
  const admin = await newPage();
  await login(admin, 'admin');
  await admin.goto(BASE + '/#/pengguna');
  await admin.locator('table[aria-label="Daftar akun"] tbody tr', { hasText: 'bontang' }).waitFor();
  await shot(admin, '15-pengguna');
  await admin.goto(BASE + '/#/peta');
  await admin.locator('.leaflet-interactive').first().waitFor();
  await admin.locator('.marker-cluster, .dot').first().waitFor();
  await shot(admin, '16-peta');
  await admin.goto(BASE + '/#/laporan');
  await admin.locator('h1', { hasText: 'Laporan' }).waitFor();
  await shot(admin, '17-laporan');
  assert.deepEqual(admin.errors, []);
  await admin.context().close();
});

test('keluar, dan sesi berakhir kembali ke halaman masuk', async () => {
  const page = await newPage();
  await login(page, 'admin');
  await page.locator('#logout').click();
  await page.getByRole('button', { name: 'Masuk' }).waitFor();
  await page.goto(BASE + '/#/cari');
  await page.getByRole('button', { name: 'Masuk' }).waitFor();
  // an expired session (cookie gone) while working
  await login(page, 'admin');
  await page.goto(BASE + '/#/cari');
  await page.locator('h1', { hasText: 'Cari' }).waitFor();
  await page.context().clearCookies();
  await page.getByRole('button', { name: 'Cari', exact: true }).click();
  await page.locator('.alert.warn', { hasText: 'Sesi Anda telah berakhir' }).waitFor();
  await shot(page, '18-sesi-berakhir');
  await page.context().close();
});

function fmt(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\\.'); }

// ------------------------------------------------------------------ runner
let failed = 0, n = 0;
console.log(`1..${tests.length}`);
for (const t of tests) {
  n++;
  if (ONLY && !t.name.includes(ONLY)) { console.log(`ok ${n} - ${t.name} # SKIP`); continue; }
  const t0 = Date.now();
  try {
    await t.fn();
    console.log(`ok ${n} - ${t.name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    console.log(`not ok ${n} - ${t.name}`);
    if (lastPage && !lastPage.isClosed()) {
      await lastPage.screenshot({ path: path.join(OUT, `GAGAL-${String(n).padStart(2, '0')}.png`), fullPage: true }).catch(() => {});
      if (lastPage.errors.length) console.log('  browser errors: ' + lastPage.errors.join(' | '));
      await lastPage.context().close().catch(() => {});
    }
    console.log('  ' + String(e && e.stack || e).split('\n').slice(0, 6).join('\n  '));
  }
}
await browser.close();
fs.rmSync(userDir, { recursive: true, force: true });
console.log(`screenshots in ${path.resolve(OUT)}`);
process.exit(failed ? 1 : 0);
