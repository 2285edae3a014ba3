// t_map.mjs - the map (popups, legends in words, households without coordinates, names on the
// offline base map), the coordinate picker of a new family, and the page weight on a village
// connection (750 kbit/s, measured through the DevTools protocol). Facts: t_map.setup.sh.
import fs from 'node:fs';
import path from 'node:path';

export default function ({ test, newPage, login, shot, assert, BASE, FACTS, USERS, OUT, TMP }) {
  const MAP = JSON.parse(fs.readFileSync(path.join(TMP, 'map_facts.json'), 'utf8'));

  test('peta: popup dengan nama, alamat, kategori dan tautan; keterangan dalam kata', async () => {
    const page = await newPage();
    await login(page, 'bontang');
    const one = MAP.located_one;
    await page.goto(`${BASE}/#/peta?at=${one.lat},${one.lon}&show=${one.id}`);
    await page.locator('#map + p', { hasText: /keluarga di area ini/ }).waitFor();
    // the legend says what a dot, a numbered circle and a line are
    const legend = page.locator('#point-legend');
    assert.match(await legend.innerText(), /Satu keluarga/);
    assert.match(await legend.innerText(), /Kelompok titik/);
    // the household's dot (opened by ?show=): name, address, categories and a link to the record
    const popup = page.locator('.leaflet-popup-content .popup');
    await popup.locator('strong', { hasText: one.head }).waitFor();
    const text = await popup.innerText();
    assert.ok(text.includes(one.address), `alamat di popup: ${text}`);
    assert.match(text, /Desa\/Kel\. /);
    assert.match(text, /Kategori PMKS: |Tidak ada kategori PMKS aktif/);
    await shot(page, 'map-01-popup');
    await popup.getByRole('link', { name: 'Buka data keluarga' }).click();
    await page.waitForURL(new RegExp(`#/keluarga/${one.id}$`));
    // the choropleth legend names the category in words, not "PMKS 24"
    await page.goto(BASE + '/#/peta');
    await page.locator('#map + p', { hasText: /di area ini/ }).waitFor();
    const cats = await page.locator('#shade-map option').allInnerTexts();
    const catOpt = cats.find((t) => /^\d+\. /.test(t));
    await page.locator('#shade-map').selectOption({ label: catOpt });
    const shade = page.locator('.map-legend', { hasText: 'Jumlah orang per kecamatan' });
    await shade.waitFor();
    const words = await shade.innerText();
    assert.ok(words.includes(catOpt.replace(/^\d+\. /, '')), `nama kategori di keterangan: ${words}`);
    assert.doesNotMatch(words, /PMKS \d/);
    // names on the base map without tiles: the regency operator's view shows district names
    await page.locator('.map-label.district', { hasText: 'Bontang Utara' }).first().waitFor();
    await shot(page, 'map-02-legenda');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('peta: keluarga tanpa koordinat dihitung dan didaftar', async () => {
    const page = await newPage();
    await login(page, 'bontang');
    await page.goto(BASE + '/#/peta');
    const note = page.locator('#map-unlocated');
    await note.locator('a', { hasText: 'Lihat daftarnya' }).waitFor();
    // other tests add families without a point: the count is the data base's at this moment
    const n = await page.evaluate(async () => (await (await fetch('/api/v1/map/unlocated?limit=1')).json()).total);
    assert.ok(n >= MAP.unlocated_bontang && MAP.unlocated_bontang > 0, `data uji punya keluarga tanpa koordinat (${n})`);
    assert.match(await note.innerText(), new RegExp(`^${n} keluarga belum memiliki koordinat`));
    await note.locator('a').click();
    await page.locator('h1', { hasText: 'Keluarga tanpa koordinat' }).waitFor();
    const rows = page.locator('table[aria-label="Keluarga tanpa koordinat"] tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), Math.min(n, 50));
    const first = rows.filter({ hasText: MAP.unlocated_one.head }).first();
    await first.waitFor();
    await shot(page, 'map-03-tanpa-koordinat');
    await first.getByRole('link').click();
    await page.waitForURL(new RegExp(`#/keluarga/${MAP.unlocated_one.id}$`));
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('peta di ponsel 390 px: popup dan keterangan', async () => {
    const page = await newPage({ width: 390, height: 844 });
    await login(page, 'bontang');
    const one = MAP.located_one;
    await page.goto(`${BASE}/#/peta?at=${one.lat},${one.lon}&show=${one.id}`);
    await page.locator('#map + p', { hasText: /keluarga di area ini/ }).waitFor();
    await page.locator('.leaflet-popup-content .popup strong', { hasText: one.head }).waitFor();
    await shot(page, 'map-04-popup-ponsel');
    await page.context().close();
  });

  test('pengamat: peta tanpa titik dan tanpa nama', async () => {
    const page = await newPage();
    await login(page, 'lihat');
    const seen = [];
    page.on('request', (r) => { if (/\/api\/v1\/(map\/(points|unlocated)|households|people)/.test(r.url())) seen.push(r.url()); });
    await page.goto(BASE + '/#/peta');
    await page.locator('#map + p', { hasText: /angka ringkas/ }).waitFor();
    await page.waitForTimeout(500);
    assert.deepEqual(seen, [], 'pengamat tidak meminta titik atau data pribadi');
    assert.equal(await page.locator('#map-unlocated').isVisible(), false);
    assert.equal(await page.locator('.leaflet-marker-icon[title^="Keluarga"]').count(), 0);
    await page.context().close();
  });

  test('tambah keluarga: titik rumah dari peta dan dari GPS ponsel', async () => {
    const v = FACTS.village_bontang.split('.');
    const fill = async (page, kk, name) => {
      await page.goto(BASE + '/#/tambah');
      await page.locator('[data-field="kk"] input').fill(kk);
      await page.locator('#village_code-l2').selectOption(`${v[0]}.${v[1]}.${v[2]}`);
      await page.locator('#village_code-l3 option[value="' + FACTS.village_bontang + '"]').waitFor({ state: 'attached' });
      await page.locator('#village_code-l3').selectOption(FACTS.village_bontang);
      const m0 = page.locator('fieldset.member').nth(0);
      await m0.getByRole('checkbox', { name: 'Belum punya NIK' }).check();
      await m0.locator('[data-field="m0.no_nik_reason"] select').selectOption('kat');
      await m0.locator('[data-field="m0.name"] input').fill(name);
      await m0.locator('[data-field="m0.birth_date"] input').fill('1970-01-01');
      await m0.locator('[data-field="m0.sex"] select').selectOption('P');
    };
    const saved = async (page, name) => {
      await page.getByRole('button', { name: 'Simpan keluarga' }).click();
      await page.locator('h1', { hasText: `Keluarga ${name}` }).waitFor();
      const id = page.url().match(/#\/keluarga\/(\d+)/)[1];
      return page.evaluate(async (hid) => (await fetch(`/api/v1/households/${hid}`)).json(), id);
    };

    // desktop: one coordinate alone is refused; a click on the map sets both
    const page = await newPage();
    await login(page, 'bontang');
    await fill(page, `${v[0]}${v[1]}${v[2]}0101250071`, 'Titik Peta Uji');
    await page.locator('[data-field="latitude"] input').fill('0.13');
    await page.getByRole('button', { name: 'Simpan keluarga' }).click();
    await page.locator('[data-field="latitude"] .error', { hasText: /berdua/ }).waitFor();
    await page.getByRole('button', { name: 'Kosongkan' }).click();
    await page.locator('#coord-map-toggle').click();
    const cmap = page.locator('#coord-map');
    await cmap.locator('.leaflet-interactive, .leaflet-overlay-pane svg').first().waitFor();
    const box = await cmap.boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.locator('.coord-note', { hasText: 'Titik dipilih di peta' }).waitFor();
    const lat = Number(await page.locator('[data-field="latitude"] input').inputValue());
    const lon = Number(await page.locator('[data-field="longitude"] input').inputValue());
    assert.ok(lat > -3 && lat < 5 && lon > 113 && lon < 120, `titik di Kalimantan: ${lat},${lon}`);
    await shot(page, 'map-05-tambah-titik-peta');
    const hh = await saved(page, 'Titik Peta Uji');
    assert.ok(Math.abs(hh.latitude - lat) < 1e-5 && Math.abs(hh.longitude - lon) < 1e-5, `tersimpan: ${JSON.stringify(hh)}`);
    assert.deepEqual(page.errors, []);
    await page.context().close();

    // phone: the GPS button reads the position the browser gives
    const phone = await newPage({ width: 390, height: 844 });
    await phone.context().grantPermissions(['geolocation'], { origin: BASE });
    await phone.context().setGeolocation({ latitude: 0.1372, longitude: 117.4961, accuracy: 8 });
    await login(phone, 'bontang');
    await fill(phone, `${v[0]}${v[1]}${v[2]}0101250072`, 'Titik Gps Uji');
    await phone.locator('#coord-gps').click();
    await phone.locator('.coord-note', { hasText: /GPS.*8 m/ }).waitFor();
    assert.equal(await phone.locator('[data-field="latitude"] input').inputValue(), '0.137200');
    await shot(phone, 'map-06-tambah-gps-ponsel');
    const hg = await saved(phone, 'Titik Gps Uji');
    assert.ok(Math.abs(hg.latitude - 0.1372) < 1e-6 && Math.abs(hg.longitude - 117.4961) < 1e-6, `tersimpan: ${JSON.stringify(hg)}`);
    await phone.context().close();
  });

  // Page weight on a village connection: 750 kbit/s down, 250 kbit/s up, 150 ms latency.
  // Bytes are what crossed the wire (headers included, cache hits 0); times are printed for the
  // README but not asserted (no timing assertions in tests).
  test('koneksi desa 750 kbit/s: halaman masuk dan beranda, muat ulang hemat', async () => {
    const page = await newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 150, downloadThroughput: (750 * 1000) / 8, uploadThroughput: (250 * 1000) / 8,
    });
    let bytes = 0, requests = 0;
    const encodings = {};
    const urls = new Map(); // requestId -> URL, for the breakdown a failed weight check prints
    let byUrl = {};
    cdp.on('Network.requestWillBeSent', (e) => { urls.set(e.requestId, e.request.url.replace(BASE, '')); });
    cdp.on('Network.loadingFinished', (e) => {
      bytes += e.encodedDataLength; requests++;
      const u = urls.get(e.requestId) || '?';
      byUrl[u] = (byUrl[u] || 0) + e.encodedDataLength;
    });
    cdp.on('Network.responseReceived', (e) => {
      const enc = Object.entries(e.response.headers).find(([k]) => k.toLowerCase() === 'content-encoding');
      if (enc) encodings[enc[1]] = (encodings[enc[1]] || 0) + 1;
    });
    const measure = async (what, go, ready) => {
      bytes = 0; requests = 0; byUrl = {};
      const t0 = Date.now();
      await go();
      await ready();
      await page.waitForLoadState('networkidle');
      const top = Object.entries(byUrl).sort((a, b) => b[1] - a[1]).slice(0, 8)
        .map(([u, n]) => `${u} ${(n / 1024).toFixed(1)} KB`).join(', ');
      const r = { what, kb: Math.round(bytes / 1024), requests, seconds: (Date.now() - t0) / 1000, top };
      console.log(`# ${what}: ${r.kb} KB in ${r.requests} requests, ${r.seconds.toFixed(1)} s at 750 kbit/s`);
      return r;
    };
    const loginForm = () => page.getByLabel('Nama pengguna').waitFor();
    const dashboard = () => page.locator('main .page h1', { hasText: 'Beranda' }).waitFor();
    const res = [];
    res.push(await measure('masuk, pertama kali', () => page.goto(BASE + '/#/beranda'), loginForm));
    res.push(await measure('masuk, muat ulang', () => page.reload(), loginForm));
    await page.getByLabel('Nama pengguna').fill(USERS.bontang[0]);
    await page.getByLabel('Kata sandi').fill(USERS.bontang[1]);
    res.push(await measure('beranda setelah masuk', () => page.getByRole('button', { name: 'Masuk' }).click(), dashboard));
    res.push(await measure('beranda, muat ulang', () => page.reload(), dashboard));
    fs.writeFileSync(path.join(OUT, 'map-perf-750kbit.json'), JSON.stringify(res, null, 1));
    assert.ok(encodings.br || encodings.gzip, `berkas terkompresi: ${JSON.stringify(encodings)}`);
    // before compression and caching: 508 KB on every load and reload
    assert.ok(res[0].kb < 200, `halaman masuk pertama kali ${res[0].kb} KB: ${res[0].top}`);
    assert.ok(res[1].kb < 25, `muat ulang halaman masuk ${res[1].kb} KB: ${res[1].top}`);
    assert.ok(res[3].kb < 60, `muat ulang beranda ${res[3].kb} KB in ${res[3].requests} requests: ${res[3].top}`);
    await page.context().close();
  });
}
