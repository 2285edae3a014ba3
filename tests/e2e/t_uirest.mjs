// t_uirest.mjs - issue 21, the parts finished last: the letterhead page (kop surat) and the
// audit of it in words, one category label on pages (the one the PDFs print), the offline base
// map (rivers and settlements without a tile server), and the person page's link to that
// person's disability cards. Desktop and phone screenshots. Facts: t_uirest.setup.sh.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const PHONE = { width: 390, height: 844 };

// A small PNG (a 32x32 teal square) for the logo upload.
function png() {
  const w = 32, h = 32;
  const raw = Buffer.concat(Array.from({ length: h }, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(w * 3, Buffer.from([0x0f, 0x5c, 0x6e]))])));
  const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
  const crc = (b) => { let c = 0xffffffff; for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (t, d) => { const len = Buffer.alloc(4); len.writeUInt32BE(d.length); const td = Buffer.concat([Buffer.from(t), d]); const c = Buffer.alloc(4); c.writeUInt32BE(crc(td)); return Buffer.concat([len, td, c]); };
  const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export default function ({ test, newPage, login, shot, assert, BASE, TMP }) {
  const F = JSON.parse(fs.readFileSync(path.join(TMP, 'uirest_facts.json'), 'utf8'));
  const api = (page, p) => page.evaluate(async (u) => (await fetch('/api/v1' + u, { credentials: 'same-origin' })).json(), p);

  test('kop surat: administrator mengatur kop dan tanda tangan, tercatat di audit dalam kata', async () => {
    const page = await newPage();
    await login(page, 'admin');
    await page.goto(BASE + '/#/kop-surat');
    await page.locator('#letterhead-form').waitFor();
    const form = page.locator('#letterhead-form');
    // the plain-language checks before anything is sent
    await form.getByRole('button', { name: 'Simpan kop surat' }).click();
    assert.match(await form.locator('[data-field="province"] .error').innerText(), /Pilih provinsi/);
    await form.getByLabel('Provinsi').selectOption('64');
    await form.locator('select[name="region"] option[value="64.74"]').waitFor({ state: 'attached' });
    await form.getByLabel('Kabupaten/kota').selectOption('64.74');
    await form.getByLabel('Instansi induk').fill('Pemerintah Kota Bontang');
    await form.getByLabel('Nama kantor').fill('DINAS SOSIAL KOTA BONTANG');
    await form.getByLabel('Alamat').fill('Jl. Moh. Roem No. 1, Bontang Lestari');
    const logo = path.join(TMP, 'uirest-logo.png');
    fs.writeFileSync(logo, png());
    await form.getByLabel('Logo (PNG)').setInputFiles(logo);
    await form.getByLabel('Tempat penandatanganan').fill('Bontang');
    await form.getByLabel('Jabatan').fill('Kepala Dinas Sosial');
    await form.getByLabel('NIP').fill('1970');
    await form.getByLabel('Nama penanda tangan').fill('Drs. Suparman, M.Si.');
    await form.getByRole('button', { name: 'Simpan kop surat' }).click();
    // the server's refusal in Indonesian, at its field
    await form.locator('[data-field="signer_nip"] .error', { hasText: /NIP harus 18 angka/ }).waitFor();
    await form.getByLabel('NIP').fill('19700101 199003 1 001');
    await form.getByRole('button', { name: 'Simpan kop surat' }).click();
    const row = page.locator('table tr', { hasText: 'DINAS SOSIAL KOTA BONTANG' });
    await row.waitFor();
    assert.match(await row.innerText(), /Drs\. Suparman, M\.Si\./);
    assert.match(await row.innerText(), /NIP\. 19700101 199003 1 001/);
    await row.locator('img').waitFor();
    assert.ok(await row.locator('img').evaluate((i) => i.complete && i.naturalWidth === 32), 'the stored logo is shown');
    const saved = await api(page, '/settings/letterhead');
    assert.equal(saved.items.length, 1);
    assert.equal(saved.items[0].region, '64.74');
    assert.equal(saved.items[0].has_logo, true);
    await shot(page, 'uirest-01-kop-surat');
    // the rakor PDF of Bontang is built with it (its text is checked in test_letterhead.sh)
    const pdf = await page.evaluate(async () => {
      const r = await fetch('/api/v1/reports/rakor?region=64.74&period=' + new Date().getFullYear() + '&format=pdf', { credentials: 'same-origin' });
      const b = new Uint8Array(await r.arrayBuffer());
      return { status: r.status, type: r.headers.get('Content-Type'), head: String.fromCharCode(...b.slice(0, 5)), size: b.length };
    });
    assert.equal(pdf.status, 200);
    assert.equal(pdf.head, '%PDF-');
    // the audit shows the change in words, not column names
    await page.goto(BASE + '/#/audit?entity=letterhead&kind=write');
    const audit = page.locator('main table').first();
    await audit.waitFor();
    const words = await audit.innerText();
    assert.match(words, /Kop surat/);
    assert.match(words, /nama kantor: DINAS SOSIAL KOTA BONTANG/);
    assert.match(words, /jabatan penanda tangan: Kepala Dinas Sosial/);
    assert.doesNotMatch(words, /office_name|signer_nip|logo_bytes/);
    await shot(page, 'uirest-02-audit-kata');
    assert.deepEqual(page.errors, []);
    await page.context().close();

    const phone = await newPage(PHONE);
    await login(phone, 'admin');
    await phone.goto(BASE + '/#/kop-surat');
    await phone.locator('table tr', { hasText: 'DINAS SOSIAL KOTA BONTANG' }).waitFor();
    await shot(phone, 'uirest-03-kop-surat-ponsel');
    // edit fills the form; removing asks first, then the report prints as before
    await phone.locator('button[data-region="64.74"]', { hasText: 'Ubah' }).click();
    await phone.waitForFunction(() => document.querySelector('#letterhead-form [name="office_name"]').value === 'DINAS SOSIAL KOTA BONTANG');
    assert.equal(await phone.locator('#letterhead-form select[name="region"]').inputValue(), '64.74');
    await phone.locator('button[data-region="64.74"]', { hasText: 'Hapus' }).click();
    await phone.locator('#ask-ok').click();
    await phone.locator('p.muted', { hasText: 'Belum ada kop surat' }).waitFor();
    assert.deepEqual(phone.errors, []);
    await phone.context().close();
  });

  test('label kategori: halaman memakai label yang sama dengan laporan dan PDF', async () => {
    const page = await newPage();
    await login(page, 'bontang');
    const cats = (await api(page, '/categories')).items;
    const label = new Map(cats.map((c) => [c.code, c.label]));
    assert.equal(label.get(16), 'Orang dengan HIV/AIDS');
    // the report (and so its PDF and XLSX) names each category by the same label
    const rep = await api(page, '/reports/counts?region=64.74');
    for (const c of rep.total.categories) assert.equal(c.label, label.get(c.category), `label kategori ${c.category}`);
    // the person page
    assert.ok(F.category_person > 0, 'a Bontang person with category 9');
    await page.goto(`${BASE}/#/orang/${F.category_person}`);
    const catTable = page.locator('table[aria-label="Kategori PMKS"], table', { hasText: label.get(9) }).first();
    await catTable.waitFor();
    // the dashboard's table
    await page.goto(BASE + '/#/beranda');
    await page.locator('main', { hasText: label.get(24) }).first().waitFor();
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('peta dasar luring: sungai dan permukiman tanpa server ubin', async () => {
    const page = await newPage();
    await login(page, 'bontang');
    await page.goto(BASE + '/#/peta');
    const map = page.locator('#map[data-basemap="offline"]');
    await map.waitFor();
    assert.ok(Number(await map.getAttribute('data-basemap-rivers')) > 0, 'rivers drawn');
    assert.ok(Number(await map.getAttribute('data-basemap-places')) > 10, 'settlements drawn');
    assert.ok(await page.locator('.leaflet-basemap-pane path').count() > 0, 'river areas in the base map pane');
    // the base map lies under the outlines (its pane below the overlay pane)
    const z = await page.evaluate(() => [getComputedStyle(document.querySelector('.leaflet-basemap-pane')).zIndex, getComputedStyle(document.querySelector('.leaflet-overlay-pane')).zIndex].map(Number));
    assert.ok(z[0] < z[1], `base map under the outlines: ${z}`);
    // settlement names from zoom 9
    await page.locator('.leaflet-control-zoom-in').click();
    await page.locator('.leaflet-control-zoom-in').click();
    await page.locator('.map-label.place').first().waitFor({ state: 'attached' });
    assert.match(await page.locator('.leaflet-control-attribution').innerText(), /OpenStreetMap/);
    await shot(page, 'uirest-04-peta-dasar');
    assert.deepEqual(page.errors, []);
    await page.context().close();

    const phone = await newPage(PHONE);
    await login(phone, 'bontang');
    await phone.goto(BASE + '/#/peta');
    await phone.locator('#map[data-basemap="offline"]').waitFor();
    await shot(phone, 'uirest-05-peta-dasar-ponsel');
    await phone.context().close();
  });

  test('orang: tautan ke kartu disabilitas orang itu', async () => {
    const page = await newPage();
    await login(page, 'bontang');
    await page.goto(`${BASE}/#/orang/${F.card_person}`);
    const box = page.locator('#person-cards');
    await box.waitFor();
    const link = box.locator('a.mono', { hasText: F.card_token });
    assert.equal(await link.getAttribute('href'), '/kartu/' + F.card_token);
    assert.match(await box.innerText(), /berlaku/);
    await shot(page, 'uirest-06-orang-kartu');
    await box.getByRole('link', { name: 'Buka halaman kartu' }).click();
    await page.waitForURL(new RegExp(`#/kartu/${F.card_person}$`));
    assert.deepEqual(page.errors, []);
    await page.context().close();

    const phone = await newPage(PHONE);
    await login(phone, 'bontang');
    await phone.goto(`${BASE}/#/orang/${F.card_person}`);
    await phone.locator('#person-cards').waitFor();
    await shot(phone, 'uirest-07-orang-kartu-ponsel');
    await phone.context().close();
  });
}
