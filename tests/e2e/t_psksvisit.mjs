// t_psksvisit.mjs - browser tests of the work of PSKS units (issue 20): the field worker's
// page Kunjungan PSKS on a phone (assignments with the overdue one first, a visit logged
// with the browser's GPS position and a photo, the monthly report as PDF) and on a desktop
// (assigning someone to the suggested unit), and Tagana on the disaster page (deploy,
// log what was done). Data: t_psksvisit.setup.sh.
const PHONE = { width: 390, height: 844 };
// A 1x1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

export default function ({ test, newPage, login, shot, assert, BASE, FACTS }) {
  const PV = FACTS.psksvisit;

  test('kunjungan psks (ponsel): penugasan, kunjungan dengan GPS dan foto, laporan bulanan PDF', async () => {
    const page = await newPage(PHONE);
    await page.context().grantPermissions(['geolocation'], { origin: BASE });
    await page.context().setGeolocation({ latitude: 0.131234, longitude: 117.481234, accuracy: 8 });
    await login(page, 'bontang');
    await page.goto(BASE + '/#/kunjungan?unit=' + PV.unit);
    await page.locator('h1', { hasText: 'Kunjungan PSKS' }).waitFor();
    const items = page.locator('#assignment-list .assignment');
    await items.first().waitFor();
    assert.equal(await items.count(), 2);
    assert.match(await items.first().innerText(), /Terlambat/, 'the overdue assignment comes first');
    assert.match(await items.first().innerText(), /Rumah tidak layak huni/);
    assert.equal(await page.locator('#visit-unit').inputValue(), String(PV.unit));
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling on a phone (width ${width})`);
    await shot(page, 'pv-01-kunjungan-ponsel');

    const mine = items.filter({ hasText: PV.person_name });
    await mine.getByRole('button', { name: 'Catat kunjungan' }).click();
    const form = page.locator('#visit-form');
    await form.waitFor();
    await form.getByLabel('Kegiatan').selectOption('bantuan');
    await form.locator('#gps').click();
    await page.locator('#gps-status', { hasText: '0.131234, 117.481234' }).waitFor();
    await form.locator('input[type="file"]').setInputFiles({ name: 'rumah.png', mimeType: 'image/png', buffer: PNG });
    await form.getByLabel('Catatan').fill('Paket sembako diserahkan');
    await shot(page, 'pv-02-kunjungan-form-ponsel');
    await form.getByRole('button', { name: 'Simpan kunjungan' }).click();
    await page.locator('#assignment-list .assignment', { hasText: PV.person_name }).filter({ hasText: '1 kunjungan' }).waitFor();
    const visits = await page.evaluate(async (u) => (await (await fetch('/api/v1/visits?psks_id=' + u)).json()).items, PV.unit);
    assert.equal(visits.length, 1);
    assert.equal(visits[0].action, 'bantuan');
    assert.equal(visits[0].latitude, 0.131234);
    assert.equal(visits[0].longitude, 117.481234);
    assert.equal(visits[0].note, 'Paket sembako diserahkan');
    assert.ok(visits[0].photo && visits[0].photo.type === 'image/png' && visits[0].photo.size === PNG.length, 'photo stored');
    assert.equal(visits[0].subject.name, PV.person_name);

    // The monthly report of this month: the visit counted, the PDF downloads.
    const now = new Date();
    const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
    await page.locator('#report-month').fill(month);
    await page.locator('#report-month').dispatchEvent('change');
    await page.locator('#report-summary', { hasText: '1 kegiatan, 1 sasaran' }).waitFor();
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('#report-pdf').click()]);
    const chunks = [];
    for await (const c of await dl.createReadStream()) chunks.push(c);
    assert.equal(Buffer.concat(chunks).subarray(0, 5).toString(), '%PDF-');
    assert.match(dl.suggestedFilename(), new RegExp(`kegiatan-psks-${PV.unit}-${month}\\.pdf`));
    await shot(page, 'pv-03-kunjungan-laporan-ponsel');
    assert.deepEqual(page.errors, []);
  });

  test('kunjungan psks (desktop): tugaskan ke TKSK/PSM usulan; id kosong ditolak', async () => {
    const page = await newPage();
    await login(page, 'bontang');
    await page.locator('#nav a', { hasText: 'Kunjungan PSKS' }).click();
    await page.locator('#assign-form').waitFor();
    await page.locator('#visit-unit').selectOption(String(PV.unit));
    await page.locator('#assignment-list').waitFor();
    const form = page.locator('#assign-form');
    await form.getByRole('button', { name: 'Tugaskan' }).click();
    await form.locator('[data-field="subject"] .error', { hasText: 'Isi id orang atau keluarga' }).waitFor();
    await form.getByLabel('ID orang/keluarga').fill(String(PV.person));
    await form.getByLabel('Unit').selectOption('suggest');
    await form.getByLabel('Keterangan').fill('Tindak lanjut rakor');
    await form.getByRole('button', { name: 'Tugaskan' }).click();
    await page.locator('#assignment-list .assignment', { hasText: 'Tindak lanjut rakor' }).waitFor();
    const list = await page.evaluate(async () => (await (await fetch('/api/v1/assignments')).json()).items);
    const made = list.find((a) => a.reason === 'Tindak lanjut rakor');
    assert.ok(made && made.suggested, 'assigned to the suggested unit');
    assert.ok(['TKSK', 'PSM'].includes(made.unit.type_name), `a TKSK or PSM (${made.unit.type_name})`);
    await shot(page, 'pv-04-kunjungan-desktop');
    assert.deepEqual(page.errors, []);
  });

  test('bencana: Tagana terdekat, kerahkan, catat kegiatan', async () => {
    const page = await newPage();
    await login(page, 'bontang');
    await page.goto(BASE + '/#/bencana/' + PV.event);
    const card = page.locator('#disaster-psks');
    await card.locator('table[aria-label="PSKS di sekitar bencana"]').waitFor();
    const rows = card.locator('table[aria-label="PSKS di sekitar bencana"] tbody tr');
    assert.match(await rows.first().innerText(), new RegExp(PV.tagana_name));
    assert.match(await rows.first().innerText(), /di dalam area/);
    await rows.first().getByRole('button', { name: 'Kerahkan' }).click();
    await card.locator('tbody tr', { hasText: PV.tagana_name }).getByRole('button', { name: 'Catat kegiatan' }).click();
    const log = page.locator('#psks-log-form');
    await log.getByLabel('Kegiatan').selectOption('bantuan');
    await log.getByLabel('Catatan').fill('Dapur umum di posko');
    await log.getByRole('button', { name: 'Simpan' }).click();
    await card.locator('table[aria-label="Kegiatan PSKS dalam bencana"]', { hasText: 'Dapur umum di posko' }).waitFor();
    assert.match(await card.locator('tbody tr', { hasText: PV.tagana_name }).first().innerText(), /\b1\b/);
    await shot(page, 'pv-05-bencana-tagana');
    const phone = await newPage(PHONE);
    await login(phone, 'bontang');
    await phone.goto(BASE + '/#/bencana/' + PV.event);
    await phone.locator('#disaster-psks table[aria-label="PSKS di sekitar bencana"]').waitFor();
    await shot(phone, 'pv-06-bencana-tagana-ponsel');
    assert.deepEqual(page.errors, []);
  });
}
