// t_cycle.mjs - the DTSEN update cycle in the browser (issue 19): the field check of a proposal
// recorded on a phone (GPS, photo, recommendation that overturns it), the musdes page and a
// cycle's proposals with their completeness list on a desktop, the cycle ratified with the
// SK number, date and scan (the address change applied, the scan downloaded back), and an
// objection filed, decided and answered with its letter (PDF) downloaded; the overdue one
// highlighted. Data: t_cycle.setup.sh.
const PHONE = { width: 390, height: 844 };
// A 1x1 PNG and a tiny PDF.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n% SK Wali Kota Bontang tentang penetapan DTSEN\n%%EOF\n');

async function bytes(dl) {
  const chunks = [];
  for await (const c of await dl.createReadStream()) chunks.push(c);
  return Buffer.concat(chunks);
}

const dmy = (d) => `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;

export default function ({ test, newPage, login, shot, assert, BASE, FACTS }) {
  const C = FACTS.cycle;
  const api = (page, path) => page.evaluate(async (p) => (await fetch('/api/v1' + p)).json(), path);

  test('siklus dtsen: periksa lapangan (ponsel): hasil pemeriksaan dengan GPS dan foto menolak usulan', async () => {
    const page = await newPage(PHONE);
    await page.context().grantPermissions(['geolocation'], { origin: BASE });
    await page.context().setGeolocation({ latitude: 0.132345, longitude: 117.482345, accuracy: 6 });
    await login(page, 'bontang');
    await page.goto(BASE + '/#/periksa?unit=' + C.unit);
    await page.locator('h1', { hasText: 'Periksa lapangan' }).waitFor();
    assert.equal(await page.locator('#check-unit').inputValue(), String(C.unit));
    const items = page.locator('#check-list .assignment');
    await items.first().waitFor();
    assert.equal(await items.count(), 1);
    assert.match(await items.first().innerText(), /Hapus: pindah/);
    assert.match(await items.first().innerText(), /Dilaporkan pindah ke Samarinda/);
    assert.ok((await items.first().innerText()).includes('Keluarga ' + C.removed_name), 'the household head named');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling on a phone (width ${width})`);
    await shot(page, 'cycle-01-periksa-ponsel');

    await items.first().getByRole('button', { name: 'Catat hasil' }).click();
    const form = page.locator('#check-form');
    await form.waitFor();
    await form.getByRole('button', { name: 'Simpan hasil pemeriksaan' }).click();
    await form.locator('[data-field="findings"] .error', { hasText: 'Tulis temuan di lapangan' }).waitFor();
    await form.getByLabel('Temuan di lapangan').fill('Keluarga masih tinggal di rumah ini, tidak pindah');
    await form.getByLabel('Rekomendasi').selectOption('tolak');
    await form.locator('#check-gps').click();
    await page.locator('#check-gps-status', { hasText: '0.132345, 117.482345' }).waitFor();
    await form.locator('input[type="file"]').setInputFiles({ name: 'rumah.png', mimeType: 'image/png', buffer: PNG });
    await shot(page, 'cycle-02-periksa-form-ponsel');
    await form.getByRole('button', { name: 'Simpan hasil pemeriksaan' }).click();
    await page.locator('#check-list .empty', { hasText: 'Tidak ada pemeriksaan yang menunggu' }).waitFor();
    await page.locator('#check-done li', { hasText: 'tidak pindah' }).waitFor();
    await shot(page, 'cycle-03-periksa-selesai-ponsel');

    const k = await api(page, '/dtsen/checks/' + C.check);
    assert.equal(k.status, 'selesai');
    assert.equal(k.recommendation, 'tolak');
    assert.ok(k.visit_id, 'the result is a PSKS visit');
    const visit = (await api(page, '/visits?psks_id=' + C.unit)).items.find((v) => v.id === k.visit_id);
    assert.equal(visit.latitude, 0.132345);
    assert.equal(visit.longitude, 117.482345);
    assert.ok(visit.photo && visit.photo.size === PNG.length, 'photo stored with the visit');
    const p = await api(page, '/dtsen/proposals/' + C.remove);
    assert.equal(p.status, 'ditolak');
    assert.match(p.reject_reason, /tidak pindah/);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('siklus dtsen: musdes dan siklus (desktop): daftar usulan, kelengkapan, pengesahan dengan SK', async () => {
    const page = await newPage();
    await login(page, 'bontang');
    // The meeting: its minutes and its three proposals.
    await page.locator('#nav a', { hasText: 'Musdes/muskel' }).click();
    await page.locator(`#meeting-list a[data-meeting="${C.meeting}"]`).click();
    await page.locator('#meeting-proposals').waitFor();
    assert.equal(await page.locator('#meeting-proposals tbody tr').count(), 3);
    const [minutes] = await Promise.all([page.waitForEvent('download'), page.locator('#meeting-docs a.file-link').first().click()]);
    assert.equal((await bytes(minutes)).subarray(0, 5).toString(), '%PDF-');
    await shot(page, 'cycle-04-musdes');

    // A new musdes with its minutes, and a proposal entered on it without its document.
    await page.locator('#nav a', { hasText: 'Musdes/muskel' }).click();
    const mf = page.locator('#meeting-form');
    await mf.locator('#village-l2').selectOption(C.village.split('.').slice(0, 3).join('.'));
    await mf.locator('#village-l3').selectOption(C.village);
    await mf.getByLabel('Jumlah peserta').fill('18');
    await mf.getByLabel('Berita acara', { exact: true }).setInputFiles({ name: 'ba-musdes.pdf', mimeType: 'application/pdf', buffer: PDF });
    await mf.getByRole('button', { name: 'Catat musyawarah' }).click();
    await page.locator('#meeting-docs a.file-link', { hasText: 'Unduh berita acara' }).waitFor();
    const pf = page.locator('#proposal-form');
    await pf.getByLabel('Jenis usulan').selectOption('tambah_keluarga');
    assert.ok(await pf.locator('[data-field="removal"]').isHidden(), 'no removal reason for an addition');
    await pf.getByLabel('No. KK').fill('6474010101950002');
    await pf.getByLabel('NIK', { exact: true }).fill('6474014107950002');
    await pf.getByLabel('Nama lengkap').fill('Wulan Pemutakhiran');
    await pf.getByLabel('Jenis kelamin').selectOption('P');
    await pf.getByLabel('Hubungan keluarga').selectOption('kepala_keluarga');
    await pf.getByLabel('Tanggal lahir').fill('01/07/1995');
    await pf.getByLabel('Nama ibu kandung').fill('Suwarni');
    await pf.getByLabel('Alamat').fill('Jl. Cempaka 3');
    await pf.getByRole('button', { name: 'Masukkan usulan' }).click();
    const entered = page.locator('#meeting-proposals tbody tr', { hasText: 'Wulan Pemutakhiran' });
    await entered.waitFor();
    assert.match(await entered.locator('ul.missing').innerText(), /dokumen pendukung/);
    // Changed while its cycle is open: a note added, still waiting for its document.
    await entered.getByRole('button', { name: 'Ubah / lengkapi' }).click();
    const ef = page.locator('#proposal-edit-form');
    await ef.getByLabel('Keterangan').fill('KK asli dibawa minggu depan');
    await ef.getByRole('button', { name: 'Simpan perubahan usulan' }).click();
    await page.locator('#notice', { hasText: 'diperbarui' }).waitFor();
    const pid = Number(await entered.locator('td').first().innerText());
    const changed = await api(page, '/dtsen/proposals/' + pid);
    assert.equal(changed.note, 'KK asli dibawa minggu depan');
    assert.equal(changed.data.name, 'Wulan Pemutakhiran');
    assert.equal(changed.status, 'masuk');
    await shot(page, 'cycle-05-musdes-usulan-baru');

    await page.locator('#nav a', { hasText: 'Siklus DTSEN' }).click();
    await page.locator(`#cycle-list a[data-cycle="${C.cycle}"]`).click();
    const rows = page.locator('#cycle-proposals tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 4);
    const change = rows.filter({ hasText: 'Ubah data' });
    assert.match(await change.innerText(), /Lengkap/);
    assert.match(await change.innerText(), /Diperiksa/);
    const add = rows.filter({ hasText: 'Tambah anggota keluarga' });
    assert.match(await add.locator('ul.missing').innerText(), /dokumen pendukung \(foto KK\/KTP\) belum dilampirkan/);
    const removed = rows.filter({ hasText: 'Hapus: pindah' });
    assert.match(await removed.innerText(), /Ditolak/);
    assert.match(await removed.innerText(), /Sari Pemeriksa/);
    assert.match(await removed.innerText(), /tidak pindah/);
    await shot(page, 'cycle-06-siklus-usulan');

    const form = page.locator('#ratify-form');
    await form.getByRole('button', { name: 'Sahkan siklus' }).click();
    await form.locator('[data-field="sk_number"] .error', { hasText: 'Nomor SK wajib diisi' }).waitFor();
    await form.getByLabel('Nomor SK bupati/wali kota').fill('400.9/77/DTSEN/2026');
    await form.getByLabel('Tanggal SK').fill(dmy(new Date()));
    await form.getByLabel('Pindaian SK').setInputFiles({ name: 'sk-walikota.pdf', mimeType: 'application/pdf', buffer: PDF });
    await form.getByRole('button', { name: 'Sahkan siklus' }).click();
    await page.locator('#ask-ok').click();
    await page.locator('#cycle-sk', { hasText: '400.9/77/DTSEN/2026' }).waitFor();
    assert.ok(!(await page.locator('#ratify-form').count()), 'no ratification form on a ratified cycle');
    const [scan] = await Promise.all([page.waitForEvent('download'), page.locator('#cycle-sk a.file-link').click()]);
    assert.deepEqual(await bytes(scan), PDF);
    assert.match(scan.suggestedFilename(), /^dtsen-sk-\d+\.pdf$/);
    await shot(page, 'cycle-07-siklus-disahkan');

    // The cut-off day of the regency from the cycle list.
    await page.locator('#nav a', { hasText: 'Siklus DTSEN' }).click();
    const set = page.locator('#cycle-settings');
    assert.equal(await set.getByLabel('Wilayah (kode provinsi atau kabupaten/kota)').inputValue(), '64.74');
    await set.getByLabel('Tanggal batas usulan').fill('40');
    await set.getByRole('button', { name: 'Simpan pengaturan' }).click();
    await set.locator('[data-field="cutoff_day"] .error', { hasText: /1 sampai 31/ }).waitFor();
    await set.getByLabel('Tanggal batas usulan').fill('25');
    await set.getByRole('button', { name: 'Simpan pengaturan' }).click();
    await page.locator('#notice', { hasText: 'Pengaturan disimpan: batas tanggal 25' }).waitFor();
    // the rules in force follow at once, with the stored setting behind them
    await page.locator('#cycle-rules-now', { hasText: /usulan masuk sampai tanggal 25; sanggahan dijawab dalam \d+ hari/ }).waitFor();
    assert.ok(await page.locator('#cycle-rules tr', { hasText: 'Setiap bulan' }).filter({ hasText: '25' }).count() >= 1, 'the stored setting listed');
    await shot(page, 'cycle-07b-aturan-batas');
    const c = await api(page, '/dtsen/cycles/' + C.cycle);
    assert.equal(c.status, 'disahkan');
    assert.equal(c.applied, 1);
    assert.equal(c.carried, 2, 'the two incomplete ones go to the next cycle');
    assert.equal((await api(page, '/households/' + C.changed_household)).address, 'Jl. Pemutakhiran DTSEN 7');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('siklus dtsen: sanggahan yang lewat batas ditandai; ajukan, putuskan, jawab, unduh surat jawaban', async () => {
    const page = await newPage();
    await login(page, 'bontang');
    await page.locator('#nav a', { hasText: 'Sanggahan' }).click();
    await page.locator('#objection-list').waitFor();
    const late = page.locator(`#objection-list tr.overdue:has(a[data-objection="${C.late_objection}"])`);
    await late.waitFor();
    assert.match(await late.innerText(), /lewat/);
    await shot(page, 'cycle-08-sanggahan-daftar');

    const form = page.locator('#objection-form');
    const district = C.village.split('.').slice(0, 3).join('.');
    await form.locator('#village-l2').selectOption(district);
    await form.locator('#village-l3').selectOption(C.village);
    await form.getByLabel('Jenis sanggahan').selectOption('tidak_masuk');
    await form.getByLabel('Nama keluarga/orang yang disanggah').fill('Keluarga Suparman');
    await form.getByLabel('Alamat yang disanggah').fill('Jl. Kakap 12, RT 004');
    await form.getByLabel('Pengaju', { exact: true }).selectOption('warga');
    await form.getByLabel('Nama pengaju').fill('Siti Rahmawati');
    await form.getByLabel('Alamat pengaju').fill('Jl. Kakap 10, Bontang');
    await form.getByLabel('Isi sanggahan').fill('Keluarga Suparman miskin, rumah berdinding papan, belum terdaftar');
    await form.getByRole('button', { name: 'Ajukan sanggahan' }).click();
    await page.locator('h1', { hasText: /^Sanggahan no\. \d+$/ }).waitFor();
    const id = Number((await page.locator('h1').innerText()).replace(/\D/g, ''));

    const decide = page.locator('#objection-decide-form');
    await decide.getByLabel('Keputusan').selectOption('dikabulkan');
    await decide.getByLabel('Alasan').fill('Keluarga diusulkan masuk pada musyawarah desa berikutnya');
    await decide.getByRole('button', { name: 'Simpan keputusan' }).click();
    const answer = page.locator('#objection-answer-form');
    await answer.getByLabel('Nomor surat jawaban').fill('400.9/88/Dinsos');
    await answer.getByRole('button', { name: 'Catat jawaban' }).click();
    await page.locator('#objection-facts dd', { hasText: 'Surat no. 400.9/88/Dinsos' }).waitFor();
    const [letter] = await Promise.all([page.waitForEvent('download'), page.locator('#letter-pdf').click()]);
    assert.equal((await bytes(letter)).subarray(0, 5).toString(), '%PDF-');
    assert.equal(letter.suggestedFilename(), `jawaban-sanggahan-${id}.pdf`);
    await shot(page, 'cycle-09-sanggahan-jawaban');
    const o = await api(page, '/dtsen/objections/' + id);
    assert.equal(o.status, 'dijawab');
    assert.equal(o.decision, 'dikabulkan');
    assert.equal(o.filer_name, 'Siti Rahmawati');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}
