// run.mjs - end-to-end tests of the Pilar web UI with playwright-core and Debian's
// chromium (headless, no downloads). Started by tests/integration/test_e2e.sh with
// E2E_BASE (server URL), E2E_FACTS (demo data facts), E2E_ARTIFACTS (screenshots),
// E2E_TOTP_SECRET (the TOTP secret of the account "dua"; codes come from oathtool).
// Prints "ok N - name" / "not ok N - name" per test; exit status 1 on any failure.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

const BASE = process.env.E2E_BASE;
const FACTS = JSON.parse(fs.readFileSync(process.env.E2E_FACTS, 'utf8'));
const OUT = process.env.E2E_ARTIFACTS || 'test-artifacts/e2e';
const TMP = process.env.E2E_TMP || os.tmpdir();
const ONLY = process.env.E2E_ONLY || '';
fs.mkdirSync(OUT, { recursive: true });

const USERS = {
  admin: ['admin', 'utama-kunci-123'],
  bontang: ['bontang', 'kota-btg-kunci1'],
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
  // the change card lists the largest rises from /reports/compare
  await page.locator('#change-card .rises li').first().waitFor();
  assert.match(await page.locator('#change-card .rises li .change').first().innerText(), /^\+\d{1,3}(\.\d{3})*$/);
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
  // Both centuries in the past: both offered, the date field left for the user to choose.
  const bd = page.locator('[data-field="m0.birth_date"] input');
  await bd.fill('');
  await nik.locator('input').fill('6474010203150001');
  await nik.locator('input').blur();
  await nik.locator('.hint', { hasText: /lahir 2 Maret 1915 atau 2 Maret 2015/ }).waitFor();
  assert.equal(await bd.inputValue(), '');
  // Tomorrow's day and month: the 20yy date lies in the future and is never offered.
  const t = new Date(Date.now() + 86400000);
  const p2 = (x) => String(x).padStart(2, '0');
  const yy = p2(t.getFullYear() % 100);
  await nik.locator('input').fill(`647401${p2(t.getDate())}${p2(t.getMonth() + 1)}${yy}0001`);
  await nik.locator('input').blur();
  await nik.locator('.hint', { hasText: new RegExp(`lahir \\d+ \\S+ 19${yy} · laki-laki`) }).waitFor();
  const hint = await nik.locator('.hint').textContent();
  assert.ok(!hint.includes(`20${yy}`), hint);
  // dates are shown DD/MM/YYYY whatever the browser's language (issue 21 item 2)
  assert.equal(await bd.inputValue(), `${p2(t.getDate())}/${p2(t.getMonth() + 1)}/19${yy}`);
  await bd.fill('');
  await nik.locator('input').fill('647401');
  await page.getByRole('button', { name: 'Simpan keluarga' }).click();
  await nik.locator('.error', { hasText: /16 digit/ }).waitFor();
  await shot(page, '06-nik-salah');
  await page.context().close();
});

test('tanpa NIK: kotak "Belum punya NIK" dan halaman antrean Dukcapil', async () => {
  const page = await newPage();
  await login(page, 'bontang');
  await page.goto(BASE + '/#/tambah');
  const v = FACTS.village_bontang.split('.');
  await page.locator('[data-field="kk"] input').fill(`${v[0]}${v[1]}${v[2]}0101250088`);
  await page.locator('#village_code-l2').selectOption(`${v[0]}.${v[1]}.${v[2]}`);
  await page.locator('#village_code-l3 option[value="' + FACTS.village_bontang + '"]').waitFor({ state: 'attached' });
  await page.locator('#village_code-l3').selectOption(FACTS.village_bontang);
  const m0 = page.locator('fieldset.member').nth(0);
  // the reason list shows only once the box is ticked; the NIK field is then disabled
  assert.equal(await m0.locator('[data-field="m0.no_nik_reason"]').isVisible(), false);
  await m0.getByRole('checkbox', { name: 'Belum punya NIK' }).check();
  assert.equal(await m0.locator('[data-field="m0.nik"] input').isDisabled(), true);
  await m0.locator('[data-field="m0.name"] input').fill('Ama Tanpa Nik Uji');
  await m0.locator('[data-field="m0.birth_date"] input').fill('1975-06-01');
  await m0.locator('[data-field="m0.sex"] select').selectOption('L');
  // without a reason the form says so at the field
  await page.getByRole('button', { name: 'Simpan keluarga' }).click();
  await m0.locator('[data-field="m0.no_nik_reason"] .error', { hasText: 'Pilih alasan' }).waitFor();
  await m0.locator('[data-field="m0.no_nik_reason"] select').selectOption('kat');
  await shot(page, '07a-tambah-tanpa-nik');
  await page.getByRole('button', { name: 'Simpan keluarga' }).click();
  await page.locator('h1', { hasText: 'Keluarga Ama Tanpa Nik Uji' }).waitFor();
  // the queue page: menu entry, counts by reason, the person with the Pilar id, a CSV download
  await page.getByRole('link', { name: 'Tanpa NIK' }).first().click();
  await page.locator('h1', { hasText: 'Tanpa NIK' }).waitFor();
  const counts = page.locator('#nonik-counts table');
  await counts.locator('tr', { hasText: 'komunitas adat terpencil' }).waitFor();
  assert.ok(Number((await counts.locator('tr', { hasText: 'komunitas adat terpencil' }).locator('td').nth(1).innerText()).replace(/\D/g, '')) >= 1);
  await counts.locator('a', { hasText: 'komunitas adat terpencil' }).click();
  const row = page.locator('#nonik-list tr', { hasText: 'Ama Tanpa Nik Uji' });
  await row.waitFor();
  assert.match(await row.innerText(), /P-\d{6}/);
  await shot(page, '07b-tanpa-nik');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('#nonik-csv').click()]);
  const csv = fs.readFileSync(await dl.path(), 'utf8');
  assert.match(csv, /^\ufeff?id_pilar,nama,/);
  assert.match(csv, /Ama Tanpa Nik Uji/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('tambah keluarga dengan dua anggota', async () => {
  const page = await newPage();
  await login(page, 'bontang');
  await page.goto(BASE + '/#/tambah');
  const v = FACTS.village_bontang.split('.');
  await page.locator('[data-field="kk"] input').fill(`${v[0]}${v[1]}${v[2]}0101250077`);
  await page.locator('#village_code-l2').selectOption(`${v[0]}.${v[1]}.${v[2]}`);
  await page.locator('#village_code-l3 option[value="' + FACTS.village_bontang + '"]').waitFor({ state: 'attached' });
  await page.locator('#village_code-l3').selectOption(FACTS.village_bontang);
  await page.getByLabel('Alamat').fill('Jl. Merdeka No. 17');
  await page.getByLabel('RT').fill('3');
  await page.getByLabel('RW').fill('5');
  const m0 = page.locator('fieldset.member').nth(0);
  await m0.locator('[data-field="m0.nik"] input').fill(`${v[0]}${v[1]}${v[2]}1708800077`);
  await m0.locator('[data-field="m0.name"] input').fill('Budi Santoso Uji');
  await m0.locator('[data-field="m0.nik"] input').blur();
  await m0.locator('[data-field="m0.birth_place"] input').fill('Bontang');
  await page.getByRole('button', { name: '+ Tambah anggota' }).click();
  const m1 = page.locator('fieldset.member').nth(1);
  await m1.locator('[data-field="m1.nik"] input').fill(`${v[0]}${v[1]}${v[2]}5703850077`);
  await m1.locator('[data-field="m1.name"] input').fill('Sari Wulandari Uji');
  await m1.locator('[data-field="m1.nik"] input').blur();
  await m1.locator('[data-field="m1.relationship"] select').selectOption('Istri/Suami');
  await m1.locator('[data-field="m1.categories"] select').selectOption('24');
  // birth date and sex filled from the NIK
  assert.equal(await m1.locator('[data-field="m1.birth_date"] input').inputValue(), '17/03/1985');
  assert.equal(await m1.locator('[data-field="m1.sex"] select').inputValue(), 'P');
  await shot(page, '07-tambah-keluarga-isi');
  await page.getByRole('button', { name: 'Simpan keluarga' }).click();
  await page.locator('h1', { hasText: 'Keluarga Budi Santoso Uji' }).waitFor();
  const members = page.locator('table[aria-label="Anggota keluarga"] tbody tr');
  assert.equal(await members.count(), 2);
  await shot(page, '08-keluarga');
  // the person page reads and sends the API's keys: an edit round-trips, a bad date lands at its field
  await members.nth(1).locator('a', { hasText: 'Sari Wulandari Uji' }).click();
  await page.locator('h1', { hasText: 'Sari Wulandari Uji' }).waitFor();
  assert.equal(await page.locator('[data-field="birth_date"] input').inputValue(), '17/03/1985');
  await page.locator('[data-field="mother_name"] input').fill('Aminah Uji');
  await page.getByRole('button', { name: 'Simpan perubahan' }).click();
  await page.locator('#notice', { hasText: 'Perubahan disimpan' }).waitFor();
  await page.waitForFunction(() => document.querySelector('[data-field="mother_name"] input')?.value === 'Aminah Uji' &&
    /Versi 2/.test(document.body.textContent));
  await page.locator('[data-field="death_date"] input').fill('1980-01-01');
  await page.getByRole('button', { name: 'Simpan perubahan' }).click();
  await page.locator('[data-field="death_date"] .error', { hasText: /tanggal meninggal/i }).waitFor();
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
  await page.getByLabel('Berkas CSV, XLSX atau ODS').setInputFiles(csvPath);
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
  // The template: an XLSX (a zip) offered on the page.
  const [tpl] = await Promise.all([page.waitForEvent('download'), page.locator('#template-link').click()]);
  const tplPath = path.join(TMP, 'templat.xlsx');
  await tpl.saveAs(tplPath);
  assert.equal(fs.readFileSync(tplPath).subarray(0, 2).toString(), 'PK');
  // A workbook with a title row above the header (written by exceljs): the page says what was read.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Petunjuk').addRow(['Isi lembar berikutnya']);
  const ws = wb.addWorksheet('Data Desa');
  ws.addRow(['DATA PMKS DESA']);
  ws.addRow([]);
  ws.addRow(['nik', 'no_kk', 'nama', 'tempat_lahir', 'tanggal_lahir', 'jenis_kelamin', 'hubungan_keluarga', 'kode_desa']);
  ws.addRow([`${v[0]}${v[1]}${v[2]}0202900088`, `${v[0]}${v[1]}${v[2]}0101250088`, 'Andi Impor', 'Bontang', '1990-02-02', 'L', 'Kepala Keluarga', FACTS.village_bontang]);
  const xlsxPath = path.join(TMP, 'impor-judul.xlsx');
  await wb.xlsx.writeFile(xlsxPath);
  await page.getByLabel('Periksa saja (tidak menyimpan apa pun)').check();
  await page.getByLabel('Berkas CSV, XLSX atau ODS').setInputFiles(xlsxPath);
  await page.getByRole('button', { name: 'Unggah dan impor' }).click();
  await page.locator('#import-read-from').waitFor();
  assert.match(await page.locator('#import-read-from').innerText(), /Dibaca: lembar 'Data Desa', baris judul 3/);
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
  await page.locator('.marker-cluster, .dot, .cluster-srv').first().waitFor();
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
  await admin.locator('.marker-cluster, .dot, .cluster-srv').first().waitFor();
  // over 2000 people in view: the server sends counted clusters
  await admin.locator('#layer').selectOption('orang');
  await admin.locator('#map + p', { hasText: /dikelompokkan/ }).waitFor();
  await admin.locator('.cluster-srv').first().waitFor();
  assert.match(await admin.locator('.cluster-srv').first().innerText(), /^\d{1,3}(\.\d{3})*$/);
  await shot(admin, '16-peta');
  await admin.goto(BASE + '/#/laporan');
  await admin.locator('h1', { hasText: 'Laporan' }).waitFor();
  await shot(admin, '17-laporan');
  assert.deepEqual(admin.errors, []);
  await admin.context().close();
});

test('laporan: tabel per kategori, format Indonesia, rincian wilayah, unduhan XLSX', async () => {
  const page = await newPage();
  await login(page, 'admin');
  const y = new Date().getFullYear();
  await page.goto(BASE + '/#/laporan');
  const rows = page.locator('table[aria-label="Jumlah per kategori"] tbody tr');
  await rows.first().waitFor();
  assert.ok(await rows.count() >= 3, 'beberapa kategori tampil');
  // default: this year against last year
  assert.equal(await page.locator('[data-field="period"] input').inputValue(), String(y));
  assert.equal(await page.locator('[data-field="compare"] input').inputValue(), String(y - 1));
  const head = await page.locator('table[aria-label="Jumlah per kategori"] thead').innerText();
  assert.match(head, new RegExp(`${y - 1}[\\s\\S]*${y}[\\s\\S]*Perubahan`, 'i'));
  // largest rise first, signed, Indonesian digits; percentages with a comma
  const changes = await rows.locator('td:nth-child(5)').allInnerTexts();
  assert.match(changes[0].trim(), /^\+\d{1,3}(\.\d{3})*$/, `kenaikan bertanda: ${changes[0]}`);
  const asNum = (t) => Number(t.trim().replace('−', '-').replace(/\./g, '').replace('+', ''));
  for (let i = 1; i < changes.length; i++) assert.ok(asNum(changes[i - 1]) >= asNum(changes[i]), 'urut dari kenaikan terbesar');
  const pcts = (await rows.locator('td:nth-child(6)').allInnerTexts()).map((t) => t.trim()).filter((t) => /%$/.test(t));
  assert.ok(pcts.length > 0, 'ada persentase');
  for (const t of pcts) assert.match(t, /^[+−]?\d{1,3}(\.\d{3})*,\d{2}%$/, `persen Indonesia: ${t}`);
  // XLSX download of the rakor report
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-xlsx').click()]);
  const saved = path.join(TMP, 'rakor.xlsx');
  await download.saveAs(saved);
  const buf = fs.readFileSync(saved);
  assert.ok(buf.length > 1000 && buf.subarray(0, 2).toString() === 'PK', `XLSX (zip) diterima: ${buf.length} byte`);
  assert.match(download.suggestedFilename(), /^rakor-64-.*\.xlsx$/);
  await shot(page, '19-laporan');
  // drill-down: a regency row shows its districts
  const regRows = page.locator('table[aria-label="Jumlah per wilayah"] tbody tr');
  await regRows.filter({ hasText: 'Kota Bontang' }).click();
  await page.locator('h2', { hasText: 'Per kecamatan di Kota Bontang' }).waitFor();
  await page.locator('table[aria-label="Jumlah per wilayah"] tbody tr', { hasText: 'Bontang Utara' }).waitFor();
  assert.match(await page.locator('.stat', { hasText: 'Pengesahan' }).innerText(), /belum disahkan/);
  await shot(page, '20-laporan-kota');
  // sign-off of last year: Bontang has signed off
  await page.goto(BASE + `/#/laporan?region=64&period=${y - 1}&compare=${y - 2}`);
  const btg = page.locator('table[aria-label="Jumlah per wilayah"] tbody tr', { hasText: 'Kota Bontang' });
  await btg.waitFor();
  assert.match(await btg.innerText(), /disahkan/);
  assert.match(await page.locator('.stat', { hasText: 'Sudah disahkan' }).innerText(), /1 \/ \d+/);
  // a malformed period is reported at its field
  await page.locator('[data-field="period"] input').fill('2025-X');
  await page.getByRole('button', { name: 'Tampilkan' }).click();
  await page.locator('[data-field="period"] .error', { hasText: /2025-S1/ }).waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('intervensi: daftar, saringan lewat tenggat', async () => {
  const page = await newPage();
  await login(page, 'admin');
  await page.goto(BASE + '/#/intervensi');
  const rows = page.locator('table[aria-label="Daftar intervensi"] tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 2);
  const late = page.locator('table[aria-label="Daftar intervensi"] tbody tr.overdue');
  assert.equal(await late.count(), 1);
  const txt = await late.innerText();
  assert.match(txt, /Pendataan ulang lansia terlantar/);
  assert.match(txt, /Rp 125\.000\.000/);
  assert.match(txt, /30 Juni \d{4}/);
  assert.match(txt, /lewat tenggat/i);
  await shot(page, '21-intervensi');
  await page.locator('#iv-overdue').check();
  await page.locator('h2', { hasText: 'Daftar intervensi (1)' }).waitFor();
  assert.equal(await rows.count(), 1);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('peta: titik dari /map/points dan pewarnaan dari /map/choropleth', async () => {
  const page = await newPage();
  await login(page, 'bontang');
  const seen = [];
  page.on('response', async (r) => {
    if (r.url().includes('/api/v1/map/points')) seen.push(await r.json().catch(() => null));
  });
  await page.goto(BASE + '/#/peta');
  await page.locator('.leaflet-interactive').first().waitFor();
  await page.locator('.marker-cluster, .dot, .cluster-srv').first().waitFor();
  // The response handler pushes once its body is read, which may come after the markers show
  // (a CI run on PostgreSQL under load failed here with the points already drawn): wait for it.
  for (let i = 0; i < 50 && !seen.some((fc) => fc && fc.features.length > 0); i++) {
    await page.waitForTimeout(100);
  }
  assert.ok(seen.length >= 1 && seen.some((fc) => fc && fc.features.length > 0), 'titik dari /map/points');
  assert.match(await page.locator('#map + p').innerText(), /\d+ keluarga di area ini/);
  // people of a category, then zoom in: a new /map/points request for the smaller box
  await page.locator('#layer').selectOption('orang');
  await page.locator('#map + p', { hasText: /orang di area ini/ }).waitFor();
  const before = seen.length;
  await page.locator('.leaflet-control-zoom-in').click();
  for (let i = 0; i < 50 && seen.length === before; i++) await page.waitForTimeout(100);
  assert.ok(seen.length > before, 'memuat ulang saat peta diperbesar');
  // shading of districts from the choropleth API
  const [choro] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/map/choropleth')),
    page.locator('#shade-map').selectOption(''),
  ]);
  assert.equal(choro.status(), 200);
  await page.locator('.map-legend').waitFor();
  await shot(page, '22-peta-pewarnaan');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('masuk dua langkah: kode autentikator sesudah kata sandi', async () => {
  const page = await newPage();
  await page.goto(BASE + '/');
  await page.getByLabel('Nama pengguna').fill('dua');
  await page.getByLabel('Kata sandi').fill('kuda-langkah-22');
  await page.getByRole('button', { name: 'Masuk' }).click();
  const form = page.locator('#totp-form');
  await form.waitFor();
  assert.equal(await page.locator('#topbar').isVisible(), false);
  await form.getByLabel('Kode autentikator').fill('000000');
  await form.getByRole('button', { name: 'Masuk' }).click();
  await form.locator('[data-field="code"] .error', { hasText: /salah/ }).waitFor();
  await shot(page, '24-kode-totp');
  const code = execFileSync('oathtool', ['--totp', '-b', process.env.E2E_TOTP_SECRET]).toString().trim();
  await form.getByLabel('Kode autentikator').fill(code);
  await form.getByRole('button', { name: 'Masuk' }).click();
  await page.locator('#topbar').waitFor();
  await page.locator('main .page h1').first().waitFor();
  assert.deepEqual(page.errors, []);
});

test('pengguna: nonaktifkan, aktifkan kembali, ganti kata sandi', async () => {
  const page = await newPage();
  await login(page, 'admin');
  await page.goto(BASE + '/#/pengguna');
  const row = () => page.locator('table[aria-label="Daftar akun"] tbody tr', { hasText: 'lihat' });
  await row().waitFor();
  page.once('dialog', (d) => d.accept());
  await row().getByRole('button', { name: 'Nonaktifkan' }).click();
  await row().locator('.badge', { hasText: 'nonaktif' }).waitFor();
  await row().getByRole('button', { name: 'Aktifkan' }).click();
  await row().locator('.badge', { hasText: /^aktif$/ }).waitFor();
  // the admin's own account cannot be disabled from here
  assert.ok(await page.locator('table[aria-label="Daftar akun"] tbody tr', { hasText: 'admin' }).getByRole('button', { name: 'Nonaktifkan' }).isDisabled());
  await row().getByRole('button', { name: 'Ganti kata sandi' }).click();
  const form = page.locator('#password-form');
  await form.locator('input[type=password]').fill('pendek');
  await form.getByRole('button', { name: 'Simpan kata sandi' }).click();
  await form.locator('[data-field="password"] .error', { hasText: /./ }).waitFor();
  await shot(page, '23-pengguna-sandi');
  await form.locator('input[type=password]').fill('kuda-baru-123');
  await form.getByRole('button', { name: 'Simpan kata sandi' }).click();
  await page.locator('#notice', { hasText: 'Kata sandi lihat diganti' }).waitFor();
  await page.context().close();
  USERS.lihat = ['lihat', 'kuda-baru-123'];
  const v = await newPage();
  await login(v, 'lihat');
  await v.locator('.stat').first().waitFor();
  assert.deepEqual(page.errors, []);
  await v.context().close();
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

test('duplikat: daftar, pasangan berdampingan, gabungkan, tautan lama, urungkan', async () => {
  const page = await newPage();
  await login(page, 'bontang');
  await page.locator('#nav a', { hasText: 'Duplikat' }).click();
  await page.locator('h1', { hasText: 'Duplikat' }).waitFor();
  const row = page.locator('table[aria-label="Pasangan kemungkinan duplikat"] tbody tr', { hasText: FACTS.duplicate.nik });
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(FACTS.bontang.nik));
  await shot(page, '19-duplikat-daftar');
  await row.getByRole('link', { name: 'Tinjau' }).click();
  const pair = page.locator('table[aria-label="Perbandingan dua data"]');
  await pair.waitFor();
  // Fields aligned; the NIK row differs and is marked, the name row is the same.
  assert.equal(await pair.locator('tr.differs[data-field="NIK"]').count(), 1);
  assert.equal(await pair.locator('tr.differs[data-field="Nama"]').count(), 0);
  assert.ok((await page.locator('#pair-reasons').innerText()).length > 3, 'alasan tampil');
  for (const label of ['Kategori PMKS', 'Program', 'No. KK']) assert.equal(await pair.locator(`tr[data-field="${label}"]`).count(), 1);
  await shot(page, '20-duplikat-pasangan');
  // Keep the original (the one with the first NIK) and merge the other into it.
  const aNik = await pair.locator('tr[data-field="NIK"] td').nth(0).innerText();
  await page.locator(aNik.includes(FACTS.bontang.nik) ? '#keep-a' : '#keep-b').check();
  await page.locator('#merge').click();
  await page.locator('[role="alertdialog"]', { hasText: 'Gabungkan' }).waitFor();
  await page.locator('#confirm-yes').click();
  const old = page.locator('#old-link');
  await old.waitFor();
  await shot(page, '21-duplikat-digabung');
  const oldId = (await old.innerText()).replace('#', '');
  await old.click();
  const notice = page.locator('#merged-notice');
  await notice.waitFor();
  assert.match(await notice.innerText(), /Data ini telah digabung ke/);
  assert.match(await notice.innerText(), new RegExp(`#${oldId}`));
  assert.match(await page.locator('.page-head').innerText(), new RegExp(FACTS.bontang.nik));
  await shot(page, '22-duplikat-tautan-lama');
  await page.goBack();
  await page.locator('#undo').click();
  await page.locator('[role="alertdialog"]', { hasText: 'Urungkan' }).waitFor();
  await page.locator('#confirm-yes').click();
  await page.locator('.page-head p', { hasText: 'Terbuka' }).waitFor();
  await page.locator('#merge').waitFor();
  await shot(page, '23-duplikat-diurungkan');
  await page.goto(BASE + '/#/orang/' + oldId);
  await page.locator('h2', { hasText: 'Riwayat perubahan' }).waitFor();
  assert.equal(await page.locator('#merged-notice').count(), 0);
  assert.match(await page.locator('.page-head').innerText(), new RegExp(FACTS.duplicate.nik));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

function fmt(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\\.'); }

// More tests, one file per area: tests/e2e/t_<area>.mjs exports a default function that
// registers its tests with the same helpers (so engineers working on different pages do not
// edit one file). Loaded in name order, after the tests above.
const HERE = path.dirname(new URL(import.meta.url).pathname);
for (const f of fs.readdirSync(HERE).filter((x) => /^t_.*\.mjs$/.test(x)).sort()) {
  const mod = await import(path.join(HERE, f));
  mod.default({ test, newPage, login, shot, assert, BASE, FACTS, USERS, OUT, TMP, fmt });
}

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
