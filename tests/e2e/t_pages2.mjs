// t_pages2.mjs - browser tests of the pages for what was CLI-only (issue 21 item 1):
// Program (preview, enrolment, refusals, integrity findings), Penyaluran (batch create,
// approve, transfer file, bank status upload), Laporan's sign-off card (sign off as a
// regency operator without any 403, re-open as administrator) and Indikator (upload with
// a dry run, stored values with their source). Data: t_pages2.setup.sh.
import fs from 'node:fs';
import path from 'node:path';

const PHONE = { width: 390, height: 844 };

export default function ({ test, newPage, login, shot, assert, BASE, FACTS, TMP }) {
  const P2 = FACTS.pages2;

  // Every 403 the page receives (the Laporan page used to fetch a province report).
  const forbidden = (page) => {
    const seen = [];
    page.on('response', (r) => { if (r.status() === 403) seen.push(r.url()); });
    return seen;
  };

  test('program: daftar, pratinjau, penetapan penerima, yang ditolak dan temuan (operator kota)', async () => {
    const page = await newPage();
    const denied = forbidden(page);
    page.on('dialog', (d) => d.accept());
    await login(page, 'bontang');
    await page.locator('#nav a', { hasText: 'Program' }).click();
    await page.locator('h1', { hasText: 'Program bantuan' }).waitFor();
    const list = page.locator('table[aria-label="Daftar program"]');
    await list.locator('a', { hasText: P2.program_name }).waitFor();
    assert.match(await list.innerText(), /Rp 300\.000 per bulan/);
    assert.match(await list.innerText(), /Lanjut Usia Terlantar|Fakir Miskin/, 'categories by name');
    assert.match(await list.innerText(), /wilayah: .*Bontang/i, 'regions by name');
    await shot(page, 'p2-01-program-daftar');
    await list.locator('a', { hasText: P2.program_name }).click();
    await page.locator('#preview h2', { hasText: 'Pratinjau penerima' }).waitFor();
    const stats = await page.locator('#preview-stats').innerText();
    assert.match(stats, /Memenuhi syarat\s*\n?\s*\d/);
    assert.match(await page.locator('#preview').innerText(), /Bontang/);
    // Refusal: no reason given.
    await page.getByRole('button', { name: 'Tetapkan penerima yang memenuhi syarat' }).click();
    await page.locator('#enrol [data-field="reason"] .error', { hasText: 'Dasar penetapan wajib diisi' }).waitFor();
    // Happy path.
    await page.getByLabel('Dasar penetapan').fill('SK Wali Kota 7/2026');
    await page.getByRole('button', { name: 'Tetapkan penerima yang memenuhi syarat' }).click();
    await page.locator('#enrol .alert.ok', { hasText: /penerima baru dicatat/ }).waitFor();
    // Those the rule refuses, by name and in words (or none), and the findings.
    await page.locator('#refused h2', { hasText: /Tidak memenuhi syarat/ }).waitFor();
    const refused = await page.locator('#refused').innerText();
    assert.ok(/di luar|bukan|meninggal|desil|NIK|Semua calon memenuhi syarat/.test(refused), refused.slice(0, 200));
    await page.getByRole('button', { name: 'Jalankan pemeriksaan' }).click();
    await page.locator('#findings table, #findings .empty').first().waitFor();
    const findings = await page.locator('#findings').innerText();
    assert.ok(!/\bunverified\b|\bshared_account\b|\bduplicate_/.test(findings), 'rules in words, not codes');
    await shot(page, 'p2-02-program-penetapan');
    // A program whose rule refuses people: by name, with the reason in words.
    await page.goto(BASE + '/#/program/' + P2.national);
    const refusedTable = page.locator('table[aria-label="Tidak memenuhi syarat"]');
    await refusedTable.waitFor();
    assert.match(await refusedTable.innerText(), /desil kesejahteraan di atas batas atau tidak diketahui/);
    assert.match(await page.locator('#preview').innerText(), /Tidak lolos, menurut syarat[\s\S]*desil kesejahteraan/);
    await shot(page, 'p2-02b-program-ditolak');
    assert.deepEqual(denied, []);
    assert.deepEqual(page.errors, []);
    await page.context().close();

    const phone = await newPage(PHONE);
    await login(phone, 'bontang');
    await phone.goto(BASE + '/#/program/' + P2.program);
    await phone.locator('#preview').waitFor();
    await shot(phone, 'p2-03-program-ponsel');
    await phone.context().close();
  });

  test('program: pengamat tidak melihat menu Program dan halamannya ditolak', async () => {
    const page = await newPage();
    await login(page, 'lihat');
    assert.equal(await page.locator('#nav a', { hasText: 'Program' }).count(), 0);
    assert.equal(await page.locator('#nav a', { hasText: 'Penyaluran' }).count(), 0);
    await page.goto(BASE + '/#/program');
    await page.locator('h1', { hasText: 'Halaman tidak ditemukan' }).waitFor();
    await page.context().close();
  });

  test('penyaluran: buat batch, setujui, unduh berkas transfer, unggah status bank', async () => {
    const page = await newPage();
    page.on('dialog', (d) => d.accept());
    await login(page, 'bontang');
    await page.locator('#nav a', { hasText: 'Penyaluran' }).click();
    await page.locator('h1', { hasText: 'Penyaluran bantuan' }).waitFor();
    // Refusal: a national program spans regions outside the scope.
    await page.getByLabel('Program').selectOption(P2.national);
    await page.getByLabel('Periode').fill(P2.batch_period);
    await page.getByRole('button', { name: 'Buat batch' }).click();
    await page.locator('#batch-create [data-field="program"] .error', { hasText: `program ${P2.national_name} mencakup wilayah di luar cakupan Anda` }).waitFor();
    // Happy path.
    await page.getByLabel('Program').selectOption(P2.program);
    await page.getByRole('button', { name: 'Buat batch' }).click();
    await page.locator('#batch h2', { hasText: P2.program_name }).waitFor();
    const box = page.locator('#batch');
    assert.match(await box.innerText(), /Draf/);
    assert.match(await box.innerText(), /Rp \d{1,3}(\.\d{3})+/, 'amounts in Rupiah');
    assert.match(await box.innerText(), /Bontang/, 'regions by name');
    await shot(page, 'p2-04-penyaluran-draf');
    await page.getByRole('button', { name: 'Setujui batch' }).click();
    await page.locator('#batch .badge', { hasText: 'Disetujui' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Unduh berkas transfer (CSV)' }).click(),
    ]);
    const file = path.join(TMP, 'transfer-e2e.csv');
    await download.saveAs(file);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'rekening,nama,nominal,referensi');
    assert.ok(lines.length > 1, 'the file lists beneficiaries');
    await page.locator('#batch .badge', { hasText: 'Berkas transfer dibuat' }).waitFor();
    // The bank's answer: the first paid, the rest failed.
    const refs = lines.slice(1).map((l) => l.split(',').pop());
    const status = path.join(TMP, 'status-bank.csv');
    fs.writeFileSync(status, 'referensi,status,alasan\n' + refs.map((r, i) => `${r},${i ? 'failed' : 'paid'},${i ? 'rekening ditutup' : ''}`).join('\n') + '\n');
    const bad = path.join(TMP, 'status-salah.csv');
    fs.writeFileSync(bad, `referensi,status\n${refs[0]},lunas\n`);
    await page.locator('#reconcile input[type=file]').setInputFiles(bad);
    await page.getByRole('button', { name: 'Unggah status bank' }).click();
    await page.locator('#reconcile .form-alert, #reconcile .field.invalid').first().waitFor();
    assert.match(await page.locator('#reconcile').innerText(), /baris 2/i);
    await page.locator('#reconcile input[type=file]').setInputFiles(status);
    await page.getByRole('button', { name: 'Unggah status bank' }).click();
    const result = page.locator('#reconcile-result');
    await result.waitFor();
    assert.match(await result.innerText(), new RegExp(`1 dibayar, ${refs.length - 1} gagal`));
    assert.match(await result.innerText(), /selesai direkonsiliasi/);
    // The batch box reloads after the result shows: wait for its new state before reading it.
    await page.locator('#batch .badge', { hasText: 'Selesai direkonsiliasi' }).waitFor();
    await page.locator('#batch table[aria-label="Rincian per wilayah dan status"]', { hasText: 'Dibayar' }).waitFor();
    // Who was not paid, how much and why (issue 21: the failed items are listed).
    const unpaid = await page.locator('#reconcile-unpaid').innerText();
    assert.match(unpaid, new RegExp(`Tidak terbayar \\(${refs.length - 1}\\)`));
    assert.match(unpaid, /rekening ditutup/);
    assert.match(unpaid, /Rp/);
    await page.locator('#batch .badge', { hasText: 'Selesai direkonsiliasi' }).waitFor();
    assert.ok(!/\bnull\b|undefined/.test(await page.locator('#batch').innerText()));
    await shot(page, 'p2-05-penyaluran-rekonsiliasi');
    assert.deepEqual(page.errors, []);
    await page.context().close();

    const phone = await newPage(PHONE);
    await login(phone, 'bontang');
    await phone.goto(BASE + '/#/penyaluran');
    await phone.locator('#batch h2').waitFor();
    await shot(phone, 'p2-06-penyaluran-ponsel');
    await phone.context().close();
  });

  test('laporan: operator kota mengesahkan periode tanpa 403, administrator membukanya kembali', async () => {
    const Y = P2.signoff_period;
    const url = BASE + `/#/laporan?region=64.74&period=${Y}&compare=${Number(Y) - 1}`;
    const page = await newPage();
    const denied = forbidden(page);
    page.on('dialog', (d) => d.accept());
    await login(page, 'bontang');
    await page.goto(url);
    const card = page.locator('#signoff');
    await card.locator('.badge', { hasText: 'belum disahkan' }).waitFor();
    await page.getByRole('button', { name: 'Sahkan periode' }).click();
    await card.locator('.badge', { hasText: /^disahkan$/ }).waitFor();
    assert.match(await card.innerText(), /oleh bontang/);
    assert.equal(await page.getByRole('button', { name: 'Buka kembali periode' }).count(), 0, 'a regency operator does not re-open');
    await shot(page, 'p2-07-laporan-disahkan');
    assert.deepEqual(denied, [], 'no request answered 403');
    await page.context().close();

    const admin = await newPage();
    admin.on('dialog', (d) => d.accept());
    await login(admin, 'admin');
    await admin.goto(url);
    const c2 = admin.locator('#signoff');
    await c2.locator('.badge', { hasText: /^disahkan$/ }).waitFor();
    // Refusal: no reason.
    await admin.getByRole('button', { name: 'Buka kembali periode' }).click();
    await c2.locator('[data-field="reason"] .error', { hasText: 'Alasan wajib diisi' }).waitFor();
    await admin.getByLabel('Alasan membuka kembali').fill('Koreksi data lansia');
    await admin.getByRole('button', { name: 'Buka kembali periode' }).click();
    await c2.locator('.badge', { hasText: 'belum disahkan' }).waitFor();
    await shot(admin, 'p2-08-laporan-dibuka');
    await admin.context().close();

    const viewer = await newPage(PHONE);
    await login(viewer, 'lihat');
    await viewer.goto(url);
    await viewer.locator('#signoff .badge').waitFor();
    assert.equal(await viewer.getByRole('button', { name: 'Sahkan periode' }).count(), 0, 'a viewer does not sign off');
    await shot(viewer, 'p2-09-laporan-pengamat-ponsel');
    await viewer.context().close();
  });

  test('indikator: unggah dengan periksa saja, baris ditolak beralasan, lalu simpan', async () => {
    const csv = path.join(TMP, 'indikator.csv');
    fs.writeFileSync(csv, 'kode_wilayah,tahun,indikator,nilai,sumber\n' +
      '64.74,2024,persentase_penduduk_miskin,"4,56",BPS Kota Bontang\n' +
      '64.72,2024,ipm,80.1,BPS\n' +
      '64.74,2024,kemiskinan,3,BPS\n');
    const page = await newPage();
    await login(page, 'bontang');
    await page.locator('#nav a', { hasText: 'Indikator' }).click();
    await page.locator('h1', { hasText: 'Indikator wilayah' }).waitFor();
    // Refusal: no file.
    await page.getByRole('button', { name: 'Unggah' }).click();
    await page.locator('[data-field="file"] .error', { hasText: 'Pilih berkas' }).waitFor();
    await page.locator('#indicator-import input[type=file]').setInputFiles(csv);
    await page.getByRole('button', { name: 'Unggah' }).click();
    const res = page.locator('#indicator-result');
    await res.waitFor();
    assert.match(await res.innerText(), /Pemeriksaan saja: 1 baris sah.*2 ditolak/);
    const rej = await page.locator('table[aria-label="Baris yang ditolak"]').innerText();
    assert.match(rej, /Kode wilayah/);
    assert.match(rej, /indikator 'kemiskinan' tidak dikenal/);
    assert.ok(!(await page.locator('#indicators').innerText()).includes('BPS Kota Bontang'), 'dry run stores nothing');
    await shot(page, 'p2-10-indikator-periksa');
    await page.locator('#dry-run').uncheck();
    await page.getByRole('button', { name: 'Unggah' }).click();
    await res.filter({ hasText: /Tersimpan: 1 baris/ }).waitFor();
    const stored = page.locator('table[aria-label="Indikator tersimpan"]');
    await stored.waitFor();
    assert.match(await stored.innerText(), /Bontang.*2024.*Persentase penduduk miskin.*4,56.*BPS Kota Bontang/s);
    await shot(page, 'p2-11-indikator-tersimpan');
    assert.deepEqual(page.errors, []);
    await page.context().close();

    const viewer = await newPage(PHONE);
    await login(viewer, 'lihat');
    await viewer.goto(BASE + '/#/indikator');
    await viewer.locator('table[aria-label="Indikator tersimpan"]').waitFor();
    assert.equal(await viewer.locator('#indicator-import').count(), 0, 'a viewer does not upload');
    await shot(viewer, 'p2-12-indikator-pengamat-ponsel');
    await viewer.context().close();
  });
}
