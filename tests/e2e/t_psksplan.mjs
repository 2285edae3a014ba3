// t_psksplan.mjs - issue 20, items 4 and 6 in the browser: the PSKS coverage page (desktop and
// phone), coverage on the map (shading and the PSKS layer's popup), the report's PSKS and
// last-year-interventions sections, the dashboard's interventions card, and interventions
// written in the UI (create with a PSKS unit, change with a follow-up note, a stale version
// answered with a reload offer). Facts: t_psksplan.setup.sh.
import fs from 'node:fs';
import path from 'node:path';

export default function ({ test, newPage, login, shot, assert, BASE, TMP }) {
  const F = JSON.parse(fs.readFileSync(path.join(TMP, 'psksplan_facts.json'), 'utf8'));
  const year = new Date().getFullYear();

  test('PSKS & rakor · cakupan PSKS: angka per kecamatan dan desa sama dengan API', async () => {
    const page = await newPage();
    await login(page, 'bontang');
    await page.goto(BASE + '/#/cakupan');
    await page.locator('#coverage-stats').waitFor();
    const api = await page.evaluate(async () => (await (await fetch('/api/v1/psks/coverage?region=64.74')).json()));
    const utara = api.rows.find((r) => r.code === '64.74.01');
    // other areas' set-ups add units too: at least ours, and the page shows what the API says
    assert.ok(utara.tksk >= 1 && utara.psm >= 1, `TKSK ${utara.tksk}, PSM ${utara.psm}`);
    const row = page.locator('table[aria-label="Cakupan PSKS per wilayah"] tbody tr', { hasText: 'Kec. Bontang Utara' });
    await row.waitFor();
    const cells = await row.locator('td').allInnerTexts();
    assert.equal(cells[2], String(utara.tksk), `TKSK Bontang Utara: ${cells}`);
    assert.equal(cells[4], String(utara.psm), `PSM Bontang Utara: ${cells}`);
    assert.equal(cells[6], String(utara.units), `unit PSKS Bontang Utara: ${cells}`);
    assert.ok(utara.prone_villages >= 1, 'Bontang Baru rawan bencana');
    assert.equal(cells[8], `${utara.prone_villages} desa, ${utara.prone_without_tagana} tanpa Tagana`);
    // a village without any unit is marked; the prone village is named with its Tagana state
    await page.locator('td', { hasText: 'tanpa PSKS' }).first().waitFor();
    const baru = page.locator('tbody tr', { hasText: 'Bontang Baru' });
    assert.match(await baru.innerText(), /1 kejadian/);
    await shot(page, 'psksplan-01-cakupan');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('PSKS & rakor · cakupan PSKS di ponsel 390 px', async () => {
    const page = await newPage({ width: 390, height: 844 });
    await login(page, 'bontang');
    await page.goto(BASE + '/#/cakupan?region=64.74.01');
    await page.locator('#coverage-stats').waitFor();
    await page.locator('tbody tr', { hasText: 'Bontang Kuala' }).waitFor();
    // the table stacks into labelled cards: no sideways scrolling of the page
    const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert.equal(wide, false, 'halaman tidak melebar di ponsel');
    await shot(page, 'psksplan-02-cakupan-ponsel');
    await page.context().close();
  });

  test('PSKS & rakor · peta: pewarnaan cakupan PSKS dan popup unit PSKS', async () => {
    const page = await newPage();
    await login(page, 'bontang');
    await page.goto(`${BASE}/#/peta?at=${F.lat},${F.lon}`);
    await page.locator('#map + p', { hasText: /di area ini/ }).waitFor();
    await page.locator('#shade-map').selectOption({ label: 'Penduduk PMKS per TKSK' });
    const legend = page.locator('#coverage-legend');
    await legend.waitFor();
    assert.match(await legend.innerText(), /Penduduk PMKS per TKSK/);
    await page.locator('#layer').selectOption('psks');
    await page.locator('#map + p', { hasText: /unit PSKS di area ini/ }).waitFor();
    const marker = page.locator(`.leaflet-marker-icon[title="Unit PSKS #${F.tksk}"]`);
    await marker.waitFor();
    await marker.click();
    const popup = page.locator('.leaflet-popup-content .popup');
    await popup.locator('strong', { hasText: F.tksk_name }).waitFor();
    assert.match(await popup.innerText(), /Tenaga Kesejahteraan Sosial Kecamatan · melayani Bontang Utara/);
    await shot(page, 'psksplan-03-peta');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('PSKS & rakor · laporan dan beranda: bagian PSKS dan intervensi tahun lalu', async () => {
    const page = await newPage();
    await login(page, 'bontang');
    const card = page.locator('#interventions-card');
    await card.waitFor();
    assert.match(await card.innerText(), new RegExp(`Intervensi rakor ${year - 1}`));
    // "Pendataan ulang lansia terlantar" (berjalan, due last June) is overdue
    await card.locator('a', { hasText: 'Pendataan ulang lansia terlantar' }).waitFor();
    await shot(page, 'psksplan-04-beranda');
    await page.goto(`${BASE}/#/laporan?region=64.74&period=${year}&compare=${year - 1}`);
    const psks = page.locator('#report-psks');
    await psks.waitFor();
    await psks.locator('tbody tr', { hasText: 'Kec. Bontang Utara' }).waitFor();
    const ivs = page.locator('#report-interventions');
    await ivs.locator('tbody tr', { hasText: 'Pendataan ulang lansia terlantar' }).waitFor();
    assert.match(await ivs.innerText(), /Berjalan/);
    await shot(page, 'psksplan-05-laporan');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('PSKS & rakor · intervensi: catat, tindak lanjut, versi basi', async () => {
    const page = await newPage();
    await login(page, 'bontang');
    await page.goto(BASE + '/#/intervensi');
    const form = page.locator('#iv-new');
    await form.waitFor();
    await form.getByLabel('Uraian intervensi').fill('Pendampingan PSM untuk lansia Bontang Kuala');
    await form.getByLabel('Penanggung jawab').fill('Dinas Sosial Bontang');
    await form.getByLabel('Anggaran (Rp)').fill('15.000.000');
    await form.getByLabel('Tenggat').fill(`30/09/${year}`);
    await form.locator(`input[name="psks"][value="${F.tksk}"]`).check();
    await shot(page, 'psksplan-06-intervensi-baru');
    await form.getByRole('button', { name: 'Simpan intervensi' }).click();
    const editor = page.locator('#iv-edit');
    await editor.waitFor();
    assert.match(await editor.innerText(), /Pendampingan PSM untuk lansia Bontang Kuala/);
    assert.ok(await editor.locator(`input[name="psks"][value="${F.tksk}"]`).isChecked(), 'unit PSKS tertaut');
    await editor.getByLabel('Status').selectOption('berjalan');
    await editor.getByLabel('Catatan tindak lanjut baru').fill('PSM sudah mengunjungi 12 lansia');
    await editor.getByRole('button', { name: 'Simpan perubahan' }).click();
    await page.locator('#iv-edit ol.notes li', { hasText: 'PSM sudah mengunjungi 12 lansia' }).waitFor();
    const row = page.locator('tbody tr', { hasText: 'Pendampingan PSM untuk lansia Bontang Kuala' });
    assert.match(await row.innerText(), /Berjalan/);
    // someone else changes it meanwhile: saving the open form answers with a reload offer
    const id = Number(await page.evaluate(() => new URLSearchParams(location.hash.split('?')[1]).get('ubah')));
    const st = await page.evaluate(async (id) => {
      const me = await (await fetch('/api/v1/me')).json();
      const iv = await (await fetch(`/api/v1/interventions/${id}`)).json();
      const r = await fetch(`/api/v1/interventions/${id}`, {
        method: 'PATCH', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
        body: JSON.stringify({ version: iv.version, owner: 'Bidang Linjamsos' }) });
      return r.status;
    }, id);
    assert.equal(st, 200, 'perubahan orang lain tersimpan');
    await page.locator('#iv-edit').getByLabel('Status').selectOption('selesai');
    await page.locator('#iv-edit').getByRole('button', { name: 'Simpan perubahan' }).click();
    const alert = page.locator('#iv-edit .alert.error');
    await alert.waitFor();
    assert.match(await alert.innerText(), /sudah diubah orang lain/);
    await shot(page, 'psksplan-07-intervensi-konflik');
    await alert.getByRole('button', { name: 'Muat ulang' }).click();
    await page.locator('#iv-edit', { hasText: 'versi 3' }).waitFor();
    assert.equal(await page.locator('#iv-edit').getByLabel('Penanggung jawab').inputValue(), 'Bidang Linjamsos');
    await page.context().close();
  });

  test('PSKS & rakor · intervensi di ponsel 390 px: tindak lanjut', async () => {
    const page = await newPage({ width: 390, height: 844 });
    await login(page, 'bontang');
    await page.goto(BASE + '/#/intervensi?year=' + (year - 1));
    await page.locator('button[data-iv]').first().click();
    const editor = page.locator('#iv-edit');
    await editor.waitFor();
    await editor.getByLabel('Catatan tindak lanjut baru').waitFor();
    await shot(page, 'psksplan-08-intervensi-ponsel');
    await page.context().close();
  });

  test('PSKS & rakor · intervensi: pemirsa hanya membaca', async () => {
    const page = await newPage();
    await login(page, 'lihat');
    await page.goto(BASE + '/#/cakupan?region=64.74');
    await page.locator('#coverage-stats').waitFor();
    // a viewer gets the public view: small counts of people hidden
    const api = await page.evaluate(async () => (await (await fetch('/api/v1/psks/coverage?region=64.74')).json()));
    assert.equal(api.small_cells_hidden, true);
    await page.context().close();
  });
}
