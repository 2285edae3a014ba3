// t_psksreg.mjs - browser tests of the PSKS registry (issue 20, item 1) and the PSKS
// meeting record (item 7): a unit serving a village of the operator's area is listed and
// opened, its served areas shown by name; training, honorarium (added, changed) and the
// legal basis of an LKS entered with DD/MM/YYYY dates and refused with a clear message when
// wrong; a meeting recorded with a participant, a problem and a recommendation; an overdue
// follow-up marked done with a note. Desktop and phone screenshots. Data: t_psksreg.setup.sh.
const PHONE = { width: 390, height: 844 };

export default function ({ test, newPage, login, shot, assert, BASE }) {
  test('psks: unit yang melayani desa Bontang, riwayat pelatihan dan honor, dasar hukum LKS', async () => {
    const page = await newPage();
    await login(page, 'bontang');
    await page.goto(BASE + '/#/psks');
    const row = page.locator('#psks-list tr', { hasText: 'Sulastri Wulandari' });
    await row.waitFor();
    assert.match(await row.innerText(), /1 wilayah/);
    assert.equal(await page.locator('#psks-list tr', { hasText: 'Yohanes Seberang Uji' }).count(), 0, 'Samarinda-only unit hidden');
    await row.locator('a[data-detail]').click();
    await page.locator('#psks-identity').waitFor();
    const ident = await page.locator('#psks-identity').innerText();
    assert.match(ident, /Wilayah layanan/);
    assert.doesNotMatch(ident, /64\.74\.01\.1001/, 'served village by name, not code');
    // training: a wrong date is refused at its field, then the record is added
    const tr = page.locator('#psks-training-add-form');
    await tr.locator('[data-field="title"] input').fill('Diklat Pendamping Sosial');
    await tr.locator('[data-field="organiser"] input').fill('Dinsos Kaltim');
    await tr.locator('[data-field="started_on"] input').fill('31/02/2025');
    await tr.getByRole('button', { name: 'Tambah' }).click();
    await tr.locator('[data-field="started_on"] .error', { hasText: 'HH/BB/TTTT' }).waitFor();
    await tr.locator('[data-field="started_on"] input').fill('03/03/2025');
    await tr.locator('[data-field="ended_on"] input').fill('07/03/2025');
    await tr.getByRole('button', { name: 'Tambah' }).click();
    await page.locator('#psks-training tr', { hasText: 'Diklat Pendamping Sosial' }).waitFor();
    assert.match(await page.locator('#psks-training tr', { hasText: 'Diklat Pendamping Sosial' }).innerText(), /3 Maret 2025 – 7 Maret 2025/);
    // honorarium per period with its source of funds; then changed
    const pay = page.locator('#psks-pay-add-form');
    await pay.locator('[data-field="started_on"] input').fill('01/01/2025');
    await pay.locator('[data-field="ended_on"] input').fill('31/03/2025');
    await pay.locator('[data-field="amount"] input').fill('1.500.000');
    await pay.locator('[data-field="source"] select').selectOption('CSR');
    await pay.getByRole('button', { name: 'Tambah' }).click();
    const payRow = page.locator('#psks-pay tr', { hasText: 'Rp 1.500.000' });
    await payRow.waitFor();
    assert.match(await payRow.innerText(), /CSR/);
    await payRow.getByRole('button', { name: 'Ubah' }).click();
    const payEdit = page.locator('#psks-pay-edit-form');
    await payEdit.locator('[data-field="amount"] input').fill('1750000');
    await payEdit.getByRole('button', { name: 'Simpan perubahan' }).click();
    await page.locator('#psks-pay tr', { hasText: 'Rp 1.750.000' }).waitFor();
    await shot(page, 'pr-01-psks-rincian');
    assert.deepEqual(page.errors, []);

    // the LKS: legal basis
    await page.goto(BASE + '/#/psks');
    await page.locator('#psks-list tr', { hasText: 'LKS Cahaya Uji' }).locator('a[data-detail]').click();
    const legal = page.locator('#psks-legal-form');
    await legal.waitFor();
    await legal.locator('[data-field="decree_no"] input').fill('SK-88/DINSOS/2019');
    await legal.locator('[data-field="decree_date"] input').fill('17/07/2019');
    await legal.locator('[data-field="accreditation"] select').selectOption('B');
    await legal.locator('[data-field="accreditation_date"] input').fill('2/3/2022');
    await legal.getByRole('button', { name: 'Simpan dasar hukum' }).click();
    await page.locator('.notice, [role="status"]', { hasText: 'Dasar hukum disimpan' }).first().waitFor().catch(() => {});
    await page.waitForFunction(() => document.querySelector('#psks-legal-form [data-field="decree_date"] input')?.value === '2019-07-17');
    assert.equal(await page.locator('#psks-legal-form [data-field="accreditation"] select').inputValue(), 'B');
    await shot(page, 'pr-02-psks-dasar-hukum');
    assert.deepEqual(page.errors, []);
    await page.context().close();

    const phone = await newPage(PHONE);
    await login(phone, 'bontang');
    await phone.goto(BASE + '/#/psks');
    await phone.locator('#psks-list tr', { hasText: 'Sulastri Wulandari' }).locator('a[data-detail]').click();
    await phone.locator('#psks-pay tr', { hasText: 'Rp 1.750.000' }).waitFor();
    await shot(phone, 'pr-03-psks-rincian-ponsel');
    await phone.context().close();
  });

  test('rapat PSKS: tindak lanjut lewat tenggat, catat pertemuan, peserta, masalah, rekomendasi', async () => {
    const page = await newPage();
    await login(page, 'bontang');
    await page.goto(BASE + '/#/psks');
    await page.locator('#psks-meetings-link').click();
    const late = page.locator('#psks-overdue');
    await late.locator('tr', { hasText: 'Honor TKSK dibayar tepat waktu' }).waitFor();
    await shot(page, 'pr-04-rapat-daftar');
    // record a meeting: the date is refused when wrong, then kept
    const form = page.locator('#psks-meeting-form');
    await form.locator('[data-field="held_on"] input').fill('20/11/2025');
    await form.locator('[data-field="place"] input').fill('Kantor Camat Bontang Utara');
    await form.locator('[data-field="theme"] textarea, [data-field="theme"] input').fill('Evaluasi TKSK dan PSM');
    await form.getByRole('button', { name: 'Catat pertemuan' }).click();
    await page.locator('#psks-participants').waitFor();
    assert.match(await page.locator('h1').innerText(), /Evaluasi TKSK dan PSM/);
    // a participant from the registry, a problem, a recommendation
    const party = page.locator('#psks-party-form');
    await party.getByRole('button', { name: 'Tambah peserta' }).click();
    await party.locator('[data-field="unit_id"] .error', { hasText: 'Pilih unit PSKS' }).waitFor();
    await party.locator('[data-field="unit_id"] select').selectOption({ label: await party.locator('option', { hasText: 'Sulastri Wulandari' }).innerText() });
    await party.getByRole('button', { name: 'Tambah peserta' }).click();
    await page.locator('#psks-participants li', { hasText: 'Sulastri Wulandari' }).waitFor();
    await page.locator('#psks-problem-form textarea').fill('Data penerima bantuan belum diperbarui');
    await page.locator('#psks-problem-form').getByRole('button', { name: 'Catat masalah' }).click();
    await page.locator('#psks-problems li', { hasText: 'Data penerima bantuan' }).waitFor();
    const rec = page.locator('#psks-rec-form');
    await rec.locator('textarea').fill('Pemutakhiran data bersama TKSK');
    await rec.locator('[data-field="owner"] input').fill('Bidang Dayasos');
    await rec.locator('[data-field="due_on"] input').fill('31/12/2099');
    await rec.getByRole('button', { name: 'Catat rekomendasi' }).click();
    await page.locator('#psks-recommendations tr', { hasText: 'Pemutakhiran data bersama TKSK' }).waitFor();
    await shot(page, 'pr-05-rapat-rincian');
    assert.deepEqual(page.errors, []);

    // the overdue follow-up of the older meeting: done needs a note
    await page.goto(BASE + '/#/psks/rapat');
    await page.locator('#psks-overdue a', { hasText: 'Honor TKSK dibayar tepat waktu' }).click();
    const item = page.locator('#psks-recommendations tr', { hasText: 'Honor TKSK dibayar tepat waktu' });
    await item.waitFor();
    assert.match(await item.innerText(), /lewat tenggat/);
    await item.getByRole('button', { name: 'Tindak lanjut' }).click();
    const fu = page.locator('#psks-followup-form');
    await fu.locator('[data-field="status"] select').selectOption('selesai');
    await fu.getByRole('button', { name: 'Simpan tindak lanjut' }).click();
    await fu.locator('[data-field="note"] .error', { hasText: 'catatan tindak lanjut' }).waitFor();
    await fu.locator('[data-field="note"] textarea').fill('Honor triwulan dibayar 15/01');
    await fu.getByRole('button', { name: 'Simpan tindak lanjut' }).click();
    await page.locator('#psks-recommendations tr', { hasText: 'Honor TKSK dibayar tepat waktu' }).locator('.badge.verified').waitFor();
    await page.goto(BASE + '/#/psks/rapat');
    await page.locator('#psks-overdue', { hasText: 'Tidak ada tindak lanjut yang lewat tenggat' }).waitFor();
    assert.deepEqual(page.errors, []);
    await page.context().close();

    const phone = await newPage(PHONE);
    await login(phone, 'bontang');
    await phone.goto(BASE + '/#/psks/rapat');
    await phone.locator('#psks-meeting-list').waitFor();
    await shot(phone, 'pr-06-rapat-ponsel');
    await phone.context().close();
  });
}
