// Peta: households, people by PMKS category and PSKS units on a Leaflet map from
// GET /map/points (clustered on the server for the visible box and zoom), over
// district outlines shaded by GET /map/choropleth; works without any tile server.
import { get, qs } from '../api.js';
import { num, count } from '../fmt.js';
import { h, pageHead, table } from '../ui.js';
import { outlines, makeMap, colourFor, SCALE, regionLabels, popupContent } from '../geo.js';

const LAYERS = { keluarga: 'households', orang: 'people', psks: 'psks' };
const COLOURS = { keluarga: '#0f5c6e', orang: '#b42318', psks: '#8a5a00' };

// Coverage shadings (GET /psks/coverage, district rows): the value of a district row, its
// words in the tooltip and legend. No TKSK/PSM where people are in need is the worst case.
const COVERAGE = {
  'cov-tksk': { label: 'Penduduk PMKS per TKSK', unit: 'orang PMKS per TKSK', value: (r) => ratio(r.need, r.need_per_tksk, r.tksk) },
  'cov-psm': { label: 'Penduduk PMKS per PSM', unit: 'orang PMKS per PSM', value: (r) => ratio(r.need, r.need_per_psm, r.psm) },
  'cov-none': { label: 'Desa tanpa PSKS', unit: 'desa tanpa PSKS', value: (r) => r.villages_without_psks },
  'cov-prone': { label: 'Desa rawan bencana tanpa Tagana', unit: 'desa rawan tanpa Tagana', value: (r) => r.prone_without_tagana },
};
function ratio(need, per, units) {
  if (need === null) return null; // hidden (small count)
  if (!units) return need > 0 ? Infinity : 0;
  return per;
}

function dotIcon(colour) {
  // An element, not an HTML string: a style attribute would break the Content-Security-Policy.
  return window.L.divIcon({ className: '', html: h('div.dot', { style: `background:${colour}` }), iconSize: [12, 12] });
}

function clusterIcon(count) {
  const size = count < 10 ? 28 : count < 100 ? 34 : count < 1000 ? 40 : 48;
  return window.L.divIcon({ className: '', html: h('div.cluster-srv', { style: `width:${size}px;height:${size}px` }, num(count)), iconSize: [size, size] });
}

export async function render(view, ctx, { query, args }) {
  if (args && args[0] === 'tanpa-koordinat') return unlocatedPage(view, ctx, query);
  const cats = await ctx.pmks();
  const psksCats = await get('/categories/psks').then((r) => r.items, () => []);
  const region = query.get('region') || ctx.user.scope || '';
  const personal = ctx.can('read');
  const layerSel = h('select#layer', {},
    personal ? [h('option', { value: 'keluarga' }, 'Keluarga'), h('option', { value: 'orang' }, 'Orang per kategori PMKS'), h('option', { value: 'psks' }, 'Unit PSKS')]
      : h('option', { value: '' }, 'Batas wilayah saja'));
  const catSel = h('select#kategori', { 'aria-label': 'Kategori PMKS', hidden: true },
    h('option', { value: '' }, 'Semua kategori'), cats.map((c) => h('option', { value: c.code }, `${c.code}. ${c.label || c.name}`)));
  const psksSel = h('select#jenis-psks', { 'aria-label': 'Jenis PSKS', hidden: true },
    h('option', { value: '' }, 'Semua jenis'), psksCats.map((c) => h('option', { value: c.code }, `${c.code}. ${c.label || c.name}`)));
  const shadeSel = h('select#shade-map', {},
    h('option', { value: 'none' }, 'Tanpa pewarnaan'), h('option', { value: '' }, 'Semua orang'),
    h('optgroup', { label: 'Cakupan PSKS terhadap kebutuhan' }, Object.entries(COVERAGE).map(([v, c]) => h('option', { value: v }, c.label))),
    h('optgroup', { label: 'Kategori PMKS' }, cats.map((c) => h('option', { value: c.code }, `${c.code}. ${c.label || c.name}`))));
  const regionIn = h('input#map-region', { type: 'text', value: region, 'aria-label': 'Kode wilayah', inputmode: 'decimal' });
  const status = h('p.muted', { 'aria-live': 'polite', style: 'margin:.5rem 0 0;font-size:.88rem' });
  const mapEl = h('div.map#map', { role: 'region', 'aria-label': 'Peta' });
  const unlocatedNote = h('p#map-unlocated', { hidden: true });
  const tilesNote = (window.PILAR_CONFIG || {}).tileUrl ? null
    : h('p.muted', { style: 'font-size:.82rem;margin:.5rem 0 0' }, 'Peta dasar luring: batas dan nama kabupaten/kota dan kecamatan, sungai dan permukiman (tanpa jalan). Peta jalan dapat ditambahkan bila kantor memiliki server ubin (tileUrl di config.js).');
  view.append(pageHead('Peta', 'Sebaran keluarga, penerima PMKS dan unit PSKS'),
    h('div.card', h('div.map-controls',
      h('span.ctl', h('label', { for: 'layer' }, 'Lapisan'), layerSel), catSel, psksSel,
      h('span.ctl', h('label', { for: 'shade-map' }, 'Warna wilayah'), shadeSel),
      h('span.ctl', h('label', { for: 'map-region' }, 'Wilayah'), regionIn,
        h('button.secondary.small', { type: 'button', id: 'map-show', onclick: () => { fitRegion(); load(); unlocated(); } }, 'Tampilkan'))),
    mapEl, status, unlocatedNote, tilesNote));
  if (!personal) status.textContent = 'Peran Anda hanya melihat angka ringkas; titik rumah tangga tidak ditampilkan.';

  let showId = Number(query.get('show')) || null, openId = null;
  const popupCache = new Map();
  let lastKind = layerSel.value;
  let map = null, points = null, clusterLayer = null, districts = null, regencies = null, legend = null, seq = 0;
  const inScope = (f) => !ctx.user.scope || f.properties.code.startsWith(ctx.user.scope) || ctx.user.scope.startsWith(f.properties.code);

  // District outlines: shaded by the choropleth API, or plain from the static copy.
  async function drawDistricts() {
    const shade = shadeSel.value;
    if (COVERAGE[shade]) return drawCoverage(shade);
    let fc = null, shaded = false;
    if (shade !== 'none') {
      try {
        fc = await get('/map/choropleth' + qs({ level: 'district', category: shade }));
        shaded = true;
      } catch (_) { fc = null; }
    }
    if (!fc) fc = await outlines('district', ctx);
    const feats = fc.features.filter(inScope);
    const max = shaded ? Math.max(0, ...feats.map((f) => f.properties.count || 0)) : 0;
    if (districts) districts.remove();
    districts = window.L.geoJSON({ type: 'FeatureCollection', features: feats }, {
      style: (f) => ({ color: '#7b95a3', weight: 0.8, fillColor: shaded ? colourFor(f.properties.count || 0, max) : '#f4f7f5', fillOpacity: shaded ? 0.75 : 0.6 }),
      onEachFeature: (f, l) => l.bindTooltip(`Kec. ${f.properties.name}${shaded ? `: ${count(f.properties.count)} orang` : ''}`, { sticky: true }),
    }).addTo(map);
    districts.bringToBack();
    if (legend) { legend.remove(); legend = null; }
    if (shaded) {
      legend = window.L.control({ position: 'bottomright' });
      const cat = cats.find((c) => String(c.code) === shade);
      const what = shade ? (cat ? cat.name : `Kategori ${shade}`) : 'Semua orang';
      legend.onAdd = () => h('div.map-legend', h('strong', 'Jumlah orang per kecamatan'), h('br'), h('span', what), h('br'),
        ...[0, 2, 4, 5].flatMap((i) => [h('i', { style: `background:${SCALE[i]}` }), i === 0 ? '0' : `≤ ${num(Math.ceil((max * i) / 5))}`, h('br')]));
      legend.addTo(map);
    }
    return shaded;
  }

  // Districts shaded by PSKS coverage: figures of GET /psks/coverage joined to the outlines.
  async function drawCoverage(shade) {
    const c = COVERAGE[shade];
    const region = regionIn.value.trim() || ctx.user.scope || '';
    if (!region) {
      status.textContent = 'Isi kode wilayah (mis. 64.74) untuk melihat cakupan PSKS.';
      shadeSel.value = 'none';
      return drawDistricts();
    }
    const cov = await get('/psks/coverage' + qs({ region }));
    const rows = new Map(cov.rows.filter((r) => r.level === 3).map((r) => [r.code, r]));
    const fc = await outlines('district', ctx);
    const feats = fc.features.filter((f) => rows.has(f.properties.code));
    const vals = feats.map((f) => c.value(rows.get(f.properties.code))).filter((v) => v !== null && Number.isFinite(v));
    const max = Math.max(0, ...vals);
    const fill = (v) => (v === null ? '#d9d9d9' : v === Infinity ? '#7a0c0c' : colourFor(v, max));
    const words = (v) => (v === null ? 'disembunyikan (angka kecil)' : v === Infinity ? 'tidak ada petugas' : `${num(Math.round(v * 10) / 10)} ${c.unit}`);
    if (districts) districts.remove();
    districts = window.L.geoJSON({ type: 'FeatureCollection', features: feats }, {
      style: (f) => ({ color: '#7b95a3', weight: 0.8, fillColor: fill(c.value(rows.get(f.properties.code))), fillOpacity: 0.75 }),
      onEachFeature: (f, l) => {
        const r = rows.get(f.properties.code);
        l.bindTooltip(`Kec. ${f.properties.name}: ${words(c.value(r))} · TKSK ${r.tksk}, PSM ${r.psm}, Tagana ${r.tagana}`, { sticky: true });
      },
    }).addTo(map);
    districts.bringToBack();
    if (legend) legend.remove();
    legend = window.L.control({ position: 'bottomright' });
    legend.onAdd = () => h('div.map-legend#coverage-legend', h('strong', c.label), h('br'), h('span', `per kecamatan, ${cov.region_name}`), h('br'),
      ...[0, 2, 4, 5].flatMap((i) => [h('i', { style: `background:${SCALE[i]}` }), i === 0 ? '0' : `≤ ${num(Math.ceil((max * i) / 5))}`, h('br')]),
      shade.startsWith('cov-t') || shade === 'cov-psm' ? [h('i', { style: 'background:#7a0c0c' }), 'ada PMKS, tanpa petugas', h('br')] : null,
      cov.small_cells_hidden ? [h('i', { style: 'background:#d9d9d9' }), 'angka kecil disembunyikan'] : null);
    legend.addTo(map);
    return true;
  }

  function fitRegion() {
    const code = regionIn.value.trim();
    if (!map || !districts) return;
    const layers = [];
    for (const group of [regencies, districts]) {
      if (!group) continue;
      group.eachLayer((l) => { const c = l.feature.properties.code; if (code && (c === code || c.startsWith(code + '.'))) layers.push(l); });
    }
    const fg = layers.length ? window.L.featureGroup(layers) : (ctx.user.scope ? districts : regencies);
    const b = fg.getBounds();
    if (b.isValid()) map.fitBounds(b, { padding: [10, 10] });
  }

  async function drawOutlines() {
    map = makeMap(mapEl);
    const reg = await outlines('regency', ctx);
    await drawDistricts();
    const regFeatures = reg.features.filter(inScope);
    regencies = window.L.geoJSON({ type: 'FeatureCollection', features: regFeatures }, {
      style: { color: '#0f5c6e', weight: 2, fill: false }, interactive: false,
    }).addTo(map);
    const dis = await outlines('district', ctx);
    regionLabels(map, regFeatures, dis.features.filter(inScope));
    pointLegend();
    fitRegion();
    // #/peta?at=LAT,LON: a close look at one place (e.g. a household's point).
    const at = (query.get('at') || '').split(',').map(Number);
    if (at.length === 2 && at.every(Number.isFinite)) map.setView(at, 18);
  }

  // Points of the visible box from the server; clusters come pre-counted.
  async function load() {
    catSel.hidden = layerSel.value !== 'orang';
    psksSel.hidden = layerSel.value !== 'psks';
    if (!personal || !map) return;
    const my = ++seq;
    const kind = layerSel.value;
    const b = map.getBounds();
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((x) => x.toFixed(5)).join(',');
    const params = { bbox, layer: LAYERS[kind], zoom: map.getZoom(), region: regionIn.value.trim() };
    if (kind === 'orang') params.category = catSel.value;
    if (kind === 'psks') params.category = psksSel.value;
    status.textContent = 'Memuat titik…';
    let fc;
    try {
      fc = await get('/map/points' + qs(params));
    } catch (e) {
      if (my === seq) status.textContent = e.message || String(e);
      return;
    }
    if (my !== seq) return;
    // Opening a popup pans the map, which reloads the points: the open one is opened again.
    const reopen = kind === lastKind ? openId || showId : null;
    showId = null;
    lastKind = kind;
    if (points) points.remove();
    if (clusterLayer) clusterLayer.remove();
    // Single points may still overlap (same house): Leaflet groups those; the server's
    // counted clusters are drawn as they are.
    points = window.L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40, chunkedLoading: true });
    const clusters = window.L.layerGroup();
    clusterLayer = clusters;
    let singles = 0, grouped = 0;
    const byId = new Map();
    for (const f of fc.features) {
      const [lon, lat] = f.geometry.coordinates;
      const p = f.properties || {};
      if (p.cluster) {
        grouped += p.count;
        clusters.addLayer(window.L.marker([lat, lon], { icon: clusterIcon(p.count), title: `${num(p.count)} titik`, keyboard: true })
          .on('click', () => map.setView([lat, lon], Math.min(map.getZoom() + 2, map.getMaxZoom()))));
      } else {
        singles++;
        const href = kind === 'keluarga' ? `#/keluarga/${p.id}` : kind === 'orang' ? `#/orang/${p.id}` : null;
        const label = kind === 'keluarga' ? `Keluarga #${p.id}` : kind === 'orang' ? `Orang #${p.id}` : `Unit PSKS #${p.id}`;
        // Name, address and categories are read when the popup opens (an audited read).
        const m = window.L.marker([lat, lon], { icon: dotIcon(COLOURS[kind]), title: label, alt: label });
        m.bindPopup(h('div.popup', href ? h('a', { href }, label) : label, h('div.muted', 'Memuat…')), { minWidth: 220 });
        m.on('popupopen', async (ev) => {
          openId = p.id;
          const key = `${kind}:${p.id}`;
          if (!popupCache.has(key)) popupCache.set(key, popupContent(kind, p.id));
          ev.popup.setContent(await popupCache.get(key));
        });
        m.on('popupclose', () => {
          if (openId !== p.id) return;
          openId = null;
          if (pendingReload) { pendingReload = false; reload(); }
        });
        points.addLayer(m);
        byId.set(p.id, m);
      }
    }
    points.addTo(map);
    clusters.addTo(map);
    // The popup open before this reload, or #/peta?at=LAT,LON&show=ID: opened (out of a client
    // cluster if need be).
    const want = byId.get(reopen);
    if (want) {
      // Showing it moves the map (spiderfy, zoom): that move must not reload the points.
      reopening = true;
      setTimeout(() => { reopening = false; }, 2000);
      points.zoomToShowLayer(want, () => { want.openPopup(); reopening = false; });
    }
    const what = kind === 'keluarga' ? 'keluarga' : kind === 'orang' ? 'orang' : 'unit PSKS';
    status.textContent = fc.clustered
      ? `${num(fc.total)} ${what} di area ini, dikelompokkan (${num(grouped)} dalam kelompok, ${num(singles)} titik tunggal). Perbesar peta untuk melihat titik satu per satu.`
      : `${num(fc.total)} ${what} di area ini.`;
  }

  // What the dots and circles mean, in words.
  let pointsLegend = null;
  function pointLegend() {
    if (!personal) return;
    if (pointsLegend) pointsLegend.remove();
    const kind = layerSel.value;
    const what = kind === 'keluarga' ? 'Satu keluarga (rumah)' : kind === 'orang' ? 'Satu orang' : 'Satu unit PSKS';
    pointsLegend = window.L.control({ position: 'bottomleft' });
    pointsLegend.onAdd = () => h('div.map-key#point-legend', h('strong', 'Keterangan'), h('br'),
      h('span.legend-dot', { style: `background:${COLOURS[kind]}` }), what, h('br'),
      h('span.legend-cluster', '12'), 'Kelompok titik: angka = jumlah; klik untuk memperbesar', h('br'),
      h('span.legend-line'), 'Batas kabupaten/kota');
    pointsLegend.addTo(map);
  }

  // Households without coordinates: counted, with a link to their list.
  async function unlocated() {
    if (!personal) return;
    try {
      const r = await get('/map/unlocated' + qs({ region: regionIn.value.trim(), limit: 1 }));
      unlocatedNote.hidden = false;
      unlocatedNote.replaceChildren(r.total
        ? h('span', `${num(r.total)} keluarga belum memiliki koordinat dan tidak tampil di peta. `,
          h('a', { href: '#/peta/tanpa-koordinat' + (regionIn.value.trim() ? '?region=' + encodeURIComponent(regionIn.value.trim()) : '') }, 'Lihat daftarnya'))
        : 'Semua keluarga di wilayah ini sudah memiliki koordinat.');
    } catch (_) { unlocatedNote.hidden = true; }
  }

  let timer = null;
  // While a popup is open the map moves for it (auto-pan): the points wait until it closes.
  let pendingReload = false, reopening = false;
  const reload = () => {
    if (openId || reopening) { pendingReload = true; return; }
    clearTimeout(timer);
    timer = setTimeout(load, 250);
  };
  layerSel.addEventListener('change', () => { pointLegend(); load(); });
  catSel.addEventListener('change', load);
  psksSel.addEventListener('change', load);
  shadeSel.addEventListener('change', async () => { try { await drawDistricts(); } catch (e) { status.textContent = e.message; } });
  regionIn.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') { ev.preventDefault(); fitRegion(); load(); } });
  setTimeout(async () => {
    try { await drawOutlines(); } catch (e) { console.error(e); status.textContent = e.message || String(e); return; }
    map.on('moveend', reload);
    load();
    unlocated();
  }, 0);
}

// #/peta/tanpa-koordinat: households without coordinates, a page of 50 at a time, each linked to
// its record (where its point can be set).
async function unlocatedPage(view, ctx, query) {
  const region = query.get('region') || '';
  view.append(pageHead('Keluarga tanpa koordinat', 'Keluarga ini tidak tampil di peta sampai titik rumahnya diisi',
    h('a.button.secondary', { href: '#/peta' }, 'Kembali ke peta')));
  const card = h('div.card');
  const status = h('p', { 'aria-live': 'polite' });
  const more = h('button.secondary', { type: 'button', hidden: true }, 'Muat lagi');
  const body = h('div');
  card.append(status, body, more);
  view.append(card);
  let after = 0, shown = 0;
  async function page() {
    const r = await get('/map/unlocated' + qs({ region, after, limit: 50 }));
    shown += r.items.length;
    status.textContent = `${num(r.total)} keluarga belum memiliki koordinat${region ? ` di wilayah ${region}` : ''}; ${num(shown)} ditampilkan.`;
    body.append(table([
      { label: 'Kepala keluarga', cell: (x) => h('a', { href: `#/keluarga/${x.id}` }, x.head_name || `Keluarga #${x.id}`) },
      { label: 'No. KK', cell: (x) => x.kk },
      { label: 'Alamat', cell: (x) => [x.address, x.rt || x.rw ? `RT ${x.rt || '-'}/RW ${x.rw || '-'}` : ''].filter(Boolean).join(', ') || '—' },
      { label: 'Desa/Kelurahan', cell: (x) => x.village_name || x.village_code },
    ], r.items, { label: 'Keluarga tanpa koordinat' }));
    after = r.next_after || 0;
    more.hidden = !r.next_after;
  }
  more.addEventListener('click', () => page().catch((e) => { status.textContent = e.message; }));
  await page();
}
