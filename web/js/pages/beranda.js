// Beranda: totals of the user's scope, per PMKS category and per child region, a chart,
// and the child regions shaded by a chosen category.
import { get, qs } from '../api.js';
import { num, count, pct, percent, categoryLabel } from '../fmt.js';
import { changeCell } from './laporan.js';
import { h, pageHead, table } from '../ui.js';
import { outlines, makeMap, colourFor, SCALE } from '../geo.js';

async function pool(items, n, fn) {
  const out = new Array(items.length);
  let i = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (i < items.length) { const k = i++; out[k] = await fn(items[k], k); }
  }));
  return out;
}

export async function render(view, ctx, { query }) {
  const scope = ctx.user.scope || '';
  const region = query.get('region') || scope;
  const [summary, info] = await Promise.all([
    get('/summary' + qs({ region })),
    region ? get('/regions/' + region) : get('/regions').then((r) => ({ code: '', name: 'Indonesia', children: r.items })),
  ]);
  let children = info.children || [];
  if (!region) children = children.filter((c) => c.code === '64' || c.code === '65');
  const childSums = await pool(children, 6, (c) => get('/summary' + qs({ region: c.code })).catch(() => null));
  const cats = summary.pmks.filter((c) => c.count > 0).sort((a, b) => b.count - a.count); // hidden (null) cells are not charted
  const totalCat = summary.pmks.reduce((s, c) => s + (c.count || 0), 0);

  const crumbs = [];
  if (region && region !== scope) {
    const up = region.split('.').slice(0, -1).join('.');
    crumbs.push(h('a.button.secondary.small', { href: '#/beranda' + (up && up.length >= scope.length ? '?region=' + up : '') }, '← Naik satu tingkat'));
  }
  view.append(pageHead('Beranda', `Ringkasan ${info.name}${region ? ` (${region})` : ''}`, ...crumbs));

  const st = summary.status || {};
  const stat = (label, value, sub) => h('div.stat', h('div.label', label), h('div.value', value), sub ? h('div.sub', sub) : null);
  view.append(h('div.stats',
    stat('Keluarga', count(summary.households)),
    stat('Orang', count(summary.people), `${count(summary.people_alive)} masih hidup`),
    stat('Tanpa NIK', count(summary.without_nik), 'perlu dirujuk ke Dukcapil'),
    // A membership is one person's or one family's category: a family category (Fakir Miskin)
    // counts once here but covers every member in "orang dalam PMKS" below; said on the card.
    stat('Keanggotaan PMKS aktif', count(summary.memberships_open), 'kategori keluarga dihitung sekali per keluarga'),
    stat('Unit PSKS', num(summary.psks_units)),
    stat('Menunggu verifikasi', count(st.draft), `${pct(st.draft, summary.people)} dari ${count(summary.people)} orang`),
    stat('Terverifikasi', count(st.verified), `${count(st.rejected)} ditolak`)));

  // Last year's rakor interventions by status (the rakor's follow-up, issue 20).
  view.append(await interventionsCard(region));

  // Change since the previous period: the largest rises from /reports/compare.
  const change = h('div.card#change-card', h('h2', 'Perubahan sejak periode sebelumnya'));
  if (await ctx.hasRoute('GET', '/reports/compare')) {
    const y = new Date().getFullYear();
    const d = region ? region.split('.').length : 0;
    const roots = region ? [region] : children.map((c) => c.code);
    const level = (d || 1) + 1 <= 4 ? (d || 1) + 1 : undefined;
    try {
      const reps = await Promise.all(roots.map((r) => get('/reports/compare' + qs({ region: r, period: y, compare: y - 1, level }))));
      const names = new Map(children.map((c) => [c.code, c.name]));
      for (const rep of reps) {
        names.set(rep.region, rep.region_name);
        for (const w of rep.rows || []) names.set(w.code, w.name);
      }
      const catName = new Map(summary.pmks.map((c) => [c.category, c.label || c.name]));
      const before = reps.reduce((a, r) => a + (Number(r.total.pmks_people_compare) || 0), 0);
      const now = reps.reduce((a, r) => a + (Number(r.total.pmks_people) || 0), 0);
      const rises = reps.flatMap((r) => r.largest_changes || []).filter((x) => x.change > 0)
        .sort((a, b) => b.change - a.change).slice(0, 5);
      change.append(h('p.muted', { style: 'margin-top:0' }, `Orang dalam kategori PMKS ${y - 1}: ${num(before)} → ${y}: ${num(now)} (`, changeCell(now - before), ')'),
        h('p.muted.small', { style: 'margin-top:0' }, 'Setiap anggota keluarga penerima kategori keluarga dihitung sebagai orang; karena itu angka ini lebih besar daripada jumlah keanggotaan.'),
        rises.length ? h('ul.rises', { 'aria-label': 'Kenaikan terbesar' }, rises.map((x) => h('li',
          h('span', h('strong', catName.get(x.category) || `PMKS ${x.category}`), h('br'), h('span.muted.small', names.get(x.region) || x.region)),
          h('span', { style: 'text-align:right' }, changeCell(x.change), h('br'), h('span.muted.small', x.change_pct === null ? 'baru' : percent(x.change_pct, true))))))
          : h('p.empty', `Tidak ada kenaikan dibanding ${y - 1}.`),
        h('a.button.secondary.small', { href: '#/laporan' + qs({ region: region || undefined }) }, 'Rincian di Laporan'));
    } catch (e) {
      change.append(h('p.muted', { style: 'margin:0' }, `Perbandingan tidak dapat dimuat: ${e.message}`));
    }
  } else {
    change.append(h('p.muted', { style: 'margin:0' }, 'Perbandingan antarperiode belum tersedia: layanan laporan rakor belum dipasang di server ini.'));
  }

  // Chart of the categories.
  const canvas = h('canvas', { role: 'img', 'aria-label': 'Grafik jumlah orang per kategori PMKS' });
  const chartCard = h('div.card', h('h2', 'Orang per kategori PMKS'),
    cats.length ? h('div.chart-box', canvas) : h('p.empty', 'Belum ada keanggotaan PMKS di wilayah ini.'));

  const catTable = h('div.card', h('h2', 'Rincian kategori PMKS'), table([
    { label: 'No.', cls: 'num', cell: (c) => c.category },
    { label: 'Kategori', cell: (c) => categoryLabel(c) },
    { label: 'Jumlah', cls: 'num', cell: (c) => count(c.count) },
    { label: 'Porsi', cell: (c) => h('div.bar', { title: pct(c.count, totalCat) }, h('span', { style: `width:${totalCat ? (100 * c.count) / totalCat : 0}%` })) },
  ], summary.pmks.filter((c) => c.count > 0 || c.count === null || summary.pmks.length <= 26), { label: 'Kategori PMKS' }));

  // Per child region, with the category chosen for shading.
  const catOptions = [['', 'Semua orang'], ...summary.pmks.map((c) => [String(c.category), `${c.category}. ${c.label || c.name}`])];
  const pick = h('select#shade', { 'aria-label': 'Kategori untuk pewarnaan' }, catOptions.map(([v, t]) => h('option', { value: v }, t)));
  const valueOf = (s, cat) => (s ? (cat ? ((s.pmks.find((p) => String(p.category) === cat) || {}).count ?? 0) : s.people) : 0);
  const rows = children.map((c, i) => ({ ...c, s: childSums[i] }));
  const regionBody = h('div');
  const drawTable = () => {
    const cat = pick.value;
    regionBody.replaceChildren(rows.length ? table([
      { label: 'Wilayah', cell: (r) => (r.code.split('.').length < 4 ? h('a', { href: '#/beranda?region=' + r.code }, r.name) : r.name) },
      { label: 'Kode', cell: (r) => h('span.mono', r.code) },
      { label: 'Keluarga', cls: 'num', cell: (r) => count(r.s && r.s.households) },
      { label: 'Orang', cls: 'num', cell: (r) => count(r.s && r.s.people) },
      { label: 'Draf', cls: 'num', cell: (r) => count(r.s && r.s.status.draft) },
      { label: cat ? 'Kategori terpilih' : 'Keanggotaan PMKS', cls: 'num', cell: (r) => count(cat ? valueOf(r.s, cat) : r.s && r.s.memberships_open) },
    ], rows, { label: 'Rincian per wilayah' }) : h('p.empty', 'Tidak ada wilayah di bawah tingkat ini.'));
  };
  drawTable();
  const mapEl = h('div.map.small', { role: 'region', 'aria-label': 'Peta wilayah diwarnai menurut kategori' });
  const mapNote = h('p.muted', { style: 'font-size:.85rem;margin:.5rem 0 0' });
  view.append(h('div.grid.two', chartCard, h('div',
    h('div.card', h('div.page-head', { style: 'margin-bottom:.5rem' }, h('h2', { style: 'margin:0' }, 'Sebaran per wilayah'),
      h('div', h('label.sr-only', { for: 'shade' }, 'Kategori'), pick)), mapEl, mapNote),
    change)));
  view.append(h('div.card', h('h2', 'Rincian per wilayah'), regionBody), catTable);

  // After insertion: chart and map need sizes.
  setTimeout(async () => {
    if (cats.length && window.Chart) {
      const top = cats.slice(0, 12);
      // eslint-disable-next-line no-new
      new window.Chart(canvas, {
        type: 'bar',
        data: { labels: top.map((c) => categoryLabel(c)), datasets: [{ label: 'Orang', data: top.map((c) => c.count), backgroundColor: '#2f8a9e', borderRadius: 3 }] },
        options: {
          indexAxis: 'y', maintainAspectRatio: false, animation: false,
          plugins: { legend: { display: false }, tooltip: { callbacks: { label: (t) => ` ${num(t.raw)} orang` } } },
          scales: { x: { ticks: { callback: (v) => num(v) } }, y: { ticks: { autoSkip: false, font: { size: 11 } } } },
        },
      });
    }
    if (!window.L || !mapEl.isConnected) return;
    const depth = children.length ? children[0].code.split('.').length : 0;
    const level = depth === 3 ? 'district' : 'regency';
    if (depth === 4) { mapNote.textContent = 'Batas desa belum tersedia; tabel di bawah memuat rinciannya.'; return; }
    // Shading from /map/choropleth (counts computed by the server); without it, the
    // static outlines coloured with the per-region summaries above.
    const useApi = await ctx.hasRoute('GET', '/map/choropleth');
    let fc = null;
    if (useApi && mapEl.isConnected) {
      try { fc = await get('/map/choropleth' + qs({ level, region: region || undefined })); } catch (_) { fc = null; }
    }
    if (!mapEl.isConnected) return; // the user has moved on to another page
    const fromApi = !!fc;
    const byCat = new Map(fromApi ? [['', fc]] : []);
    if (!fc) {
      try { fc = await outlines(level, ctx); } catch (e) { mapNote.textContent = e.message; return; }
    }
    const map = makeMap(mapEl, { scrollWheelZoom: false, basemap: false });
    const keyOf = (code) => (depth === 1 ? code.slice(0, 2) : code);
    const inRegion = (f) => (fromApi ? !region || f.properties.code === region || f.properties.code.startsWith(region + '.')
      : rows.some((r) => r.code === keyOf(f.properties.code)));
    let feats = fc.features.filter(inRegion);
    if (!feats.length) {
      mapNote.textContent = 'Batas wilayah untuk tingkat ini belum tersedia.';
      return;
    }
    let layer = null;
    const legend = window.L.control({ position: 'bottomright' });
    legend.onAdd = () => h('div.map-legend');
    legend.addTo(map);
    let drawSeq = 0;
    const draw = async () => {
      const cat = pick.value;
      const my = ++drawSeq;
      let val;
      if (fromApi) {
        if (!mapEl.isConnected) return;
        let cfc = null;
        try {
          if (!byCat.has(cat)) byCat.set(cat, await get('/map/choropleth' + qs({ level, region: region || undefined, category: cat })));
          cfc = byCat.get(cat);
        } catch (e) { mapNote.textContent = e.message; }
        if (my !== drawSeq) return;
        if (cfc) feats = cfc.features.filter(inRegion);
        val = new Map(feats.map((f) => [f.properties.code, f.properties.count ?? (f.properties.hidden ? null : 0)]));
      } else {
        const byRow = new Map(rows.map((r) => [r.code, valueOf(r.s, cat)]));
        val = new Map(feats.map((f) => [f.properties.code, byRow.get(keyOf(f.properties.code))]));
      }
      const max = Math.max(0, ...[...val.values()].map((v) => v || 0));
      if (layer) layer.remove();
      layer = window.L.geoJSON({ type: 'FeatureCollection', features: feats }, {
        style: (f) => ({ color: '#41606e', weight: 1, fillOpacity: 0.85, fillColor: colourFor(val.get(f.properties.code) || 0, max) }),
        onEachFeature: (f, l) => l.bindTooltip(`${f.properties.name}: ${count(val.get(f.properties.code))}`, { sticky: true }),
      }).addTo(map);
      map.fitBounds(layer.getBounds(), { padding: [8, 8] });
      const el = legend.getContainer();
      el.replaceChildren(h('strong', cat ? 'Kategori terpilih' : 'Orang'), h('br'),
        ...[0, 2, 4, 5].flatMap((i) => [h('i', { style: `background:${SCALE[i]}` }), i === 0 ? '0' : `≤ ${num(Math.ceil((max * i) / 5))}`, h('br')]));
      drawTable();
    };
    pick.addEventListener('change', draw);
    draw();
    mapNote.textContent = depth === 1 ? 'Provinsi ditampilkan dengan batas kabupaten/kota di dalamnya.' : '';
  }, 0);
}

// A card with last year's rakor interventions inside region counted by status, the overdue
// ones named; links to the Intervensi page.
async function interventionsCard(region) {
  const year = new Date().getFullYear() - 1;
  const card = h('div.card#interventions-card', h('h2', `Intervensi rakor ${year}`));
  let items;
  try {
    items = (await get('/interventions' + qs({ region, year }))).items;
  } catch (e) {
    card.append(h('p.muted', e.message));
    return card;
  }
  if (!items.length) {
    card.append(h('p.muted', `Belum ada intervensi rakor ${year} di wilayah ini.`));
    return card;
  }
  const today = new Date().toISOString().slice(0, 10);
  const by = { direncanakan: 0, berjalan: 0, selesai: 0, batal: 0 };
  for (const iv of items) by[iv.status] = (by[iv.status] || 0) + 1;
  const late = items.filter((iv) => iv.due_date && iv.due_date < today && (iv.status === 'direncanakan' || iv.status === 'berjalan'));
  const stat = (label, value, cls) => h('div.stat', h('div.label', label), h('div.value', h(`span${cls ? '.' + cls : ''}`, num(value))));
  card.append(h('div.stats',
    stat('Selesai', by.selesai),
    stat('Berjalan', by.berjalan),
    stat('Direncanakan', by.direncanakan),
    stat('Batal', by.batal),
    stat('Lewat tenggat', late.length, late.length ? 'cov-none' : '')),
  late.length ? h('ul', late.slice(0, 5).map((iv) => h('li', h('a', { href: '#/intervensi?ubah=' + iv.id }, iv.title), h('span.muted', ` · tenggat ${iv.due_date}`)))) : null,
  h('p', h('a', { href: '#/intervensi?year=' + year + (region ? '&region=' + encodeURIComponent(region) : '') }, `Lihat semua intervensi rakor ${year} →`)));
  return card;
}
