// t_forms.mjs - forms that help, verification that controls quality, imports that explain
// themselves, names instead of codes (issue 21 items 2-5). Desktop and phone screenshots.
import fs from 'node:fs';
import path from 'node:path';

export default function ({ test, newPage, login, shot, assert, BASE, FACTS, TMP }) {
  const v = FACTS.village_bontang.split('.');
  const pre = `${v[0]}${v[1]}${v[2]}`;
  const HEAD = { nik: `${pre}1708780131`, name: 'Darto Lansia Uji' }; // born 17-08-1978: 48 years old
  const WIFE = { nik: `${pre}5703850131`, name: 'Sumi Istri Uji' };
  const KK = `${pre}0101250131`;
  const raw = (el) => el.evaluate((x) => Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').get.call(x));
  const api = (page, p) => page.evaluate(async (u) => (await fetch('/api/v1' + u, { credentials: 'same-origin' })).json(), p);

  async function pickVillage(page) {
    await page.locator('#village_code-l2').selectOption(`${v[0]}.${v[1]}.${v[2]}`);
    await page.locator('#village_code-l3 option[value="' + FACTS.village_bontang + '"]').waitFor({ state: 'attached' });
    await page.locator('#village_code-l3').selectOption(FACTS.village_bontang);
  }

  async function loginAs(page, user, pass) {
    await page.goto(BASE + '/#/beranda');
    await page.getByLabel('Nama pengguna').fill(user);
    await page.getByLabel('Kata sandi').fill(pass);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.locator('main .page h1').first().waitFor();
  }

  test('formulir: tanggal HH/BB/TTTT di browser berbahasa Inggris, pesan tanpa kunci, keluarga disimpan semua atau tidak sama sekali, konfirmasi lansia', async () => {
    const first = await newPage();
    const ctx = await first.context().browser().newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-US' });
    await first.context().close();
    const page = await ctx.newPage();
    page.setDefaultTimeout(10000);
    await login(page, 'bontang');
    // the user box names the area, not its code
    await page.locator('#who .role', { hasText: 'Bontang' }).waitFor();
    assert.doesNotMatch(await page.locator('#who').innerText(), /64\.74/);
    await page.goto(BASE + '/#/tambah');
    await page.locator('[data-field="kk"] input').fill(KK);
    await pickVillage(page);
    const m0 = page.locator('fieldset.member').nth(0);
    const bd0 = m0.locator('[data-field="m0.birth_date"] input');
    assert.equal(await bd0.getAttribute('placeholder'), 'HH/BB/TTTT');
    assert.equal(await bd0.getAttribute('type'), 'text');
    // typed as eight digits, shown as DD/MM/YYYY, sent as ISO
    await bd0.click();
    await page.keyboard.type('17081978');
    await bd0.blur();
    assert.equal(await raw(bd0), '17/08/1978');
    assert.equal(await bd0.evaluate((el) => el.value), '1978-08-17'); // the page reads ISO
    await m0.locator('[data-field="m0.nik"] input').fill(HEAD.nik);
    await m0.locator('[data-field="m0.name"] input').fill(HEAD.name);
    await m0.locator('[data-field="m0.nik"] input').blur();
    await m0.locator('[data-field="m0.sex"] select').selectOption('L');
    await m0.locator('[data-field="m0.categories"] select').selectOption('8');
    // the category list shows names, not numbers
    assert.ok((await m0.locator('[data-field="m0.categories"] option[value="8"]').innerText()).startsWith('Lanjut Usia Terlantar'));
    await page.getByRole('button', { name: '+ Tambah anggota' }).click();
    const m1 = page.locator('fieldset.member').nth(1);
    await m1.locator('[data-field="m1.nik"] input').fill(WIFE.nik);
    await m1.locator('[data-field="m1.nik"] input').blur();
    await m1.locator('[data-field="m1.name"] input').fill('Sumi 2 Uji'); // a digit in a name: refused by the server
    await m1.locator('[data-field="m1.relationship"] select').selectOption('istri_suami');
    assert.equal(await raw(m1.locator('[data-field="m1.birth_date"] input')), '17/03/1985');
    await page.getByRole('button', { name: 'Simpan keluarga' }).click();
    const nameErr = m1.locator('[data-field="m1.name"] .error');
    await nameErr.waitFor();
    await page.waitForFunction(() => document.querySelector('[data-field="m1.name"] .error').textContent.length > 0);
    const msg = await nameErr.innerText();
    assert.match(msg, /^Nama mengandung angka/);
    assert.doesNotMatch(msg, /^[A-Z][a-z]*(_[a-z]+)*: /, `tanpa kunci mentah: ${msg}`);
    // nothing stored: the head was valid but is not saved alone
    assert.equal((await api(page, `/people?kk=${KK}`)).items.length, 0);
    await shot(page, 'forms-01-keluarga-ditolak-semua');
    // a NIK already registered: the error links to that person; still nothing stored
    await m1.locator('[data-field="m1.name"] input').fill(WIFE.name);
    await m1.locator('[data-field="m1.nik"] input').fill(FACTS.bontang.nik);
    await m1.locator('[data-field="m1.birth_date"] input').fill('01/01/1980');
    await page.getByRole('button', { name: 'Simpan keluarga' }).click();
    const link = m1.locator('[data-field="m1.nik"] .error a', { hasText: 'Buka data orang yang sudah terdaftar' });
    await link.waitFor();
    assert.match(await link.getAttribute('href'), /^#\/orang\/\d+$/);
    assert.doesNotMatch(await m1.locator('[data-field="m1.nik"] .error').innerText(), /^Nik:/);
    assert.equal((await api(page, `/people?kk=${KK}`)).items.length, 0);
    await shot(page, 'forms-02-nik-terdaftar-tautan');
    // the right NIK: the server asks to confirm elderly neglect for a 48-year-old
    await m1.locator('[data-field="m1.nik"] input').fill(WIFE.nik);
    await m1.locator('[data-field="m1.birth_date"] input').fill('17/03/1985');
    await page.getByRole('button', { name: 'Simpan keluarga' }).click();
    const dlg = page.locator('dialog.ask');
    await dlg.waitFor();
    assert.match(await dlg.innerText(), /Lanjut Usia Terlantar.*60 tahun.*48 tahun/s);
    await shot(page, 'forms-03-konfirmasi-lansia');
    await page.locator('#ask-ok').click();
    await page.locator('h1', { hasText: `Keluarga ${HEAD.name}` }).waitFor();
    assert.equal(await page.locator('table[aria-label="Anggota keluarga"] tbody tr').count(), 2);
    // names, not codes: the household header names the village
    assert.match(await page.locator('.page-head p').innerText(), /Desa [A-Z][a-z]+/);
    await ctx.close();
  });

  test('orang: disabilitas dari daftar, kategori tidak di masa depan, akhiri dengan tanggal, riwayat dalam kata', async () => {
    const page = await newPage();
    await login(page, 'bontang');
    await page.goto(BASE + '/#/cari?nik=' + HEAD.nik);
    await page.locator('table[aria-label="Hasil pencarian"] tbody tr').first().waitFor();
    // search results name the village
    await page.waitForFunction(() => !/…/.test(document.querySelector('table[aria-label="Hasil pencarian"] [data-village]').textContent));
    assert.doesNotMatch(await page.locator('table[aria-label="Hasil pencarian"] [data-village]').first().innerText(), /^\d/);
    await page.locator('table[aria-label="Hasil pencarian"] tbody tr a', { hasText: HEAD.name }).click();
    await page.locator('h1', { hasText: HEAD.name }).waitFor();
    assert.match(await page.locator('.page-head p').innerText(), /Desa [A-Z]/);
    assert.doesNotMatch(await page.locator('.page-head p').innerText(), /\d{2}\.\d{2}\.\d{2}/);
    // disability: a list of Indonesian labels
    const dis = page.locator('[data-field="disability"] select');
    assert.ok((await dis.locator('option').allInnerTexts()).includes('Disabilitas sensorik netra'));
    await dis.selectOption({ label: 'Disabilitas sensorik netra' });
    // a birth date that disagrees with the NIK: a flag, shown in words in the history
    await page.locator('[data-field="birth_date"] input').fill('18/08/1978');
    await page.getByRole('button', { name: 'Simpan perubahan' }).click();
    await page.locator('#notice', { hasText: 'Perubahan disimpan' }).waitFor();
    await page.waitForFunction(() => /Versi 2/.test(document.body.textContent));
    // a category cannot start in the future
    const t = new Date(Date.now() + 3 * 86400000);
    const p2 = (x) => String(x).padStart(2, '0');
    await page.locator('[data-field="category"] select').selectOption('9');
    await page.locator('[data-field="valid_from"] input').fill(`${p2(t.getDate())}/${p2(t.getMonth() + 1)}/${t.getFullYear()}`);
    await page.getByRole('button', { name: 'Tambahkan kategori' }).click();
    await page.locator('[data-field="valid_from"] .error', { hasText: /masa depan/ }).waitFor();
    // ending a category asks for a date and a confirmation
    const row = page.locator('table[aria-label="Kategori PMKS"] tr', { hasText: 'Lanjut Usia Terlantar' });
    await row.getByRole('button', { name: 'Akhiri' }).click();
    const dlg = page.locator('dialog.ask');
    await dlg.waitFor();
    assert.match(await dlg.innerText(), /Akhiri kategori Lanjut Usia Terlantar/);
    await dlg.locator('input').fill('31/12/2999');
    await page.locator('#ask-ok').click();
    await dlg.locator('.error', { hasText: /masa depan/ }).waitFor();
    const today = new Date();
    await dlg.locator('input').fill(`${p2(today.getDate())}/${p2(today.getMonth() + 1)}/${today.getFullYear()}`);
    await shot(page, 'forms-04-akhiri-kategori');
    await page.locator('#ask-ok').click();
    await page.locator('#notice', { hasText: 'Keanggotaan diakhiri' }).waitFor();
    const hist = page.locator('ol.history');
    await hist.locator('li', { hasText: 'Kategori PMKS diakhiri: Lanjut Usia Terlantar' }).waitFor();
    const text = await hist.innerText();
    assert.match(text, /Kategori PMKS dimulai: Lanjut Usia Terlantar/);
    assert.match(text, /Didaftarkan/);
    assert.match(text, /tanda baru: tanggal lahir tidak cocok dengan NIK/);
    assert.match(text, /disabilitas: — → Disabilitas sensorik netra/);
    assert.doesNotMatch(text, /flags: /);
    await shot(page, 'forms-05-riwayat');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('verifikasi: saring menurut tanda, tanda dalam kata, desa bernama, tidak memverifikasi data sendiri, konfirmasi massal', async () => {
    const page = await newPage();
    await login(page, 'bontang');
    // own record: refused, a colleague must verify it
    const id = (await api(page, `/people?nik=${HEAD.nik}`)).items[0].id;
    await page.goto(BASE + '/#/orang/' + id);
    await page.locator('h1', { hasText: HEAD.name }).waitFor();
    await page.getByRole('button', { name: 'Verifikasi', exact: true }).click();
    await page.locator('.card .error', { hasText: /petugas lain/ }).waitFor();
    // the queue filtered by a flag, in words
    await page.goto(BASE + '/#/verifikasi?flag=nik_tanggal_lahir');
    const rows = page.locator('table[aria-label="Antrean verifikasi"] tbody tr');
    await rows.first().waitFor();
    for (const r of await rows.all()) assert.match(await r.innerText(), /tanggal lahir tidak cocok dengan NIK/);
    assert.equal(await page.locator('#flag-filter').inputValue(), 'nik_tanggal_lahir');
    await page.waitForFunction(() => ![...document.querySelectorAll('[data-village]')].some((x) => /…|^\d/.test(x.textContent)));
    assert.doesNotMatch(await page.locator('.page-head p').innerText(), /64\.74/);
    await shot(page, 'forms-06-verifikasi-tanda');
    // bulk action of three asks first; cancelling changes nothing
    await page.goto(BASE + '/#/verifikasi');
    const head = page.locator('.page-head p');
    await page.locator('table[aria-label="Antrean verifikasi"] tbody tr').first().waitFor();
    const before = await head.innerText();
    const boxes = page.locator('table[aria-label="Antrean verifikasi"] tbody input[type=checkbox]');
    for (const i of [0, 1, 2]) await boxes.nth(i).check();
    await page.locator('#bulk-verify').click();
    const dlg = page.locator('dialog.ask');
    await dlg.waitFor();
    assert.match(await dlg.innerText(), /Verifikasi 3 data/);
    await shot(page, 'forms-07-konfirmasi-massal');
    await page.locator('#ask-cancel').click();
    await dlg.waitFor({ state: 'detached' });
    assert.equal(await head.innerText(), before);
    // one by one: categories and village in words
    await page.goto(BASE + '/#/verifikasi?mode=satu');
    await page.locator('dl.facts dt', { hasText: 'Kategori PMKS' }).waitFor();
    assert.doesNotMatch(await page.locator('dl.facts').innerText(), /Desa\s+\d{2}\.\d{2}/);
    assert.deepEqual(page.errors, []);
    await page.context().close();
    // a colleague verifies it
    const other = await newPage();
    await loginAs(other, 'petugas-dua', 'petugas-pass-2');
    await other.goto(BASE + '/#/orang/' + id);
    await other.locator('h1', { hasText: HEAD.name }).waitFor();
    await other.getByRole('button', { name: 'Verifikasi', exact: true }).click();
    await other.locator('#notice', { hasText: 'Data diverifikasi' }).waitFor();
    await other.context().close();
  });

  test('verifikasi dan tambah di ponsel 390 px', async () => {
    const page = await newPage({ width: 390, height: 844 });
    await login(page, 'bontang');
    await page.goto(BASE + '/#/verifikasi?flag=any');
    await page.locator('#flag-filter').waitFor();
    await shot(page, 'forms-08-verifikasi-ponsel');
    await page.goto(BASE + '/#/tambah');
    await page.locator('[data-field="m0.birth_date"] input').fill('1/2/1990');
    await page.locator('[data-field="m0.birth_date"] input').blur();
    assert.equal(await raw(page.locator('[data-field="m0.birth_date"] input')), '01/02/1990');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `tidak bergulir mendatar (${overflow}px)`);
    await shot(page, 'forms-09-tambah-ponsel');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('impor: tolakan menurut alasan, nama berkas tolakan, kepala keluarga ditolak, uji coba, riwayat', async () => {
    const file = path.join(TMP, 'forms-impor.csv');
    const kk = `${pre}0101250141`;
    fs.writeFileSync(file, [
      'nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,hubungan_keluarga,nama_ibu,alamat,rt,rw,kode_desa,pmks',
      `12345,${kk},Kepala Ditolak,Bontang,1970-01-01,L,Kepala Keluarga,Ani,Jl. Uji 9,1,2,${FACTS.village_bontang},`,
      `${pre}4101950141,${kk},Anak Tersimpan,Bontang,1995-01-01,P,Anak,Ani,Jl. Uji 9,1,2,${FACTS.village_bontang},`,
      `1234567,${pre}0101250142,NIK Pendek Dua,Bontang,1970-01-01,L,Kepala Keluarga,Ani,Jl. Uji 9,1,2,${FACTS.village_bontang},`,
      `${pre}0101700143,${pre}0101250143,Lahir Nanti,Bontang,2990-01-01,L,Kepala Keluarga,Ani,Jl. Uji 9,1,2,${FACTS.village_bontang},`,
    ].join('\n') + '\n');
    const page = await newPage();
    await login(page, 'bontang');
    await page.goto(BASE + '/#/impor');
    // dry run first: says what would be added and overwritten
    await page.locator('[data-field="file"] input').setInputFiles(file);
    await page.locator('#dry-run').check();
    await page.getByRole('button', { name: 'Unggah dan impor' }).click();
    await page.locator('#import-summary', { hasText: /Pemeriksaan saja.*akan ditambahkan.*ditimpa/s }).waitFor();
    await shot(page, 'forms-10a-impor-uji-coba');
    await page.locator('#dry-run').uncheck();
    await page.getByRole('button', { name: 'Unggah dan impor' }).click();
    await page.locator('#import-summary', { hasText: /Tersimpan/ }).waitFor();
    const groups = page.locator('#rejects-grouped');
    await groups.waitFor();
    const cnt = async (re) => (await groups.locator('tbody tr', { hasText: re }).first().locator('td').nth(1).innerText()).trim();
    assert.equal(await cnt(/NIK harus 16 digit/), '2');
    assert.equal(await cnt(/tanggal lahir|tahun lahir/i), '1');
    assert.doesNotMatch(await groups.innerText(), /(^|\t)(Baris \d+: )?(nik|tanggal_lahir): /m);
    await page.locator('#head-rejected', { hasText: /Kepala keluarga Kepala Ditolak.*1 anggota keluarganya sudah tersimpan/s }).waitFor();
    const linkText = await page.locator('#rejects-link').innerText();
    assert.match(linkText, /ditolak-forms-impor\.csv/);
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('#rejects-link').click()]);
    assert.equal(dl.suggestedFilename(), 'ditolak-forms-impor.csv');
    await page.locator('#import-history tr', { hasText: 'forms-impor.csv' }).first().waitFor();
    await shot(page, 'forms-10-impor-alasan');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('impor uji coba: nilai tersimpan yang akan ditimpa', async () => {
    const file = path.join(TMP, 'forms-ubah.csv');
    fs.writeFileSync(file, 'nik,no_kk,nama,tanggal_lahir,jenis_kelamin,hubungan_keluarga,kode_desa\n' +
      `${HEAD.nik},${KK},Darto Nama Baru,1978-08-17,L,Kepala Keluarga,${FACTS.village_bontang}\n`);
    const page = await newPage();
    await login(page, 'bontang');
    await page.goto(BASE + '/#/impor');
    await page.locator('[data-field="file"] input').setInputFiles(file);
    await page.locator('#dry-run').check();
    await page.getByRole('button', { name: 'Unggah dan impor' }).click();
    const over = page.locator('#import-overwrites');
    await over.waitFor();
    const row = over.locator('tbody tr', { hasText: 'Nama' });
    assert.match(await row.innerText(), new RegExp(`${HEAD.name}[\\s\\S]*Darto Nama Baru`));
    await shot(page, 'forms-10b-impor-akan-ditimpa');
    assert.equal((await api(page, `/people?nik=${HEAD.nik}`)).items[0].name, HEAD.name);
    await page.context().close();
  });

  test('nama, bukan kode: legenda peta dan angka beranda dijelaskan', async () => {
    const page = await newPage();
    await login(page, 'bontang');
    await page.locator('.stat', { hasText: 'Keanggotaan PMKS aktif' }).locator('.sub', { hasText: 'kategori keluarga dihitung sekali per keluarga' }).waitFor();
    const wait = await page.locator('.stat', { hasText: 'Menunggu verifikasi' }).locator('.sub').innerText();
    assert.doesNotMatch(wait, /^100%/);
    await page.goto(BASE + '/#/peta');
    await page.locator('.leaflet-interactive').first().waitFor();
    await page.locator('#shade-map').selectOption('24');
    const legend = page.locator('.map-legend');
    await legend.filter({ hasText: 'Fakir Miskin' }).waitFor();
    assert.doesNotMatch(await legend.innerText(), /PMKS 24/);
    await shot(page, 'forms-11-peta-legenda');
    await page.context().close();
  });
}
