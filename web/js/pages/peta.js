// Peta: households, people by PMKS category and PSKS units on a Leaflet map,
// clustered, over region outlines; works without any tile server.
import { get, getAll, qs } from '../api.js';
import { num } from '../fmt.js';
import { h, pageHead } from '../ui.js';
import { outlines, makeMap } from '../geo.js';

const MAX_POINTS = 5000;
const MAX_HOUSEHOLDS = 1500;

async function pool(items, n, fn) {
  let i = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (i < items.length) await fn(items[i++]);
  }));
}

function dotIcon(colour) {
  return window.L.divIcon({ className: '', html: `<div class="dot" style="background:${colour}"></div>`, iconSize: [12, 12] });
}

export async function render(view, ctx, { query }) {
  const cats = await ctx.pmks();
  const region = query.get('region') || ctx.user.scope || '';
  const personal = ctx.can('read');
  const layerSel = h('select#layer', { style: 'width:auto' },
    personal ? [h('option', { value: 'keluarga' }, 'Keluarga'), h('option', { value: 'orang' }, 'Orang per kategori PMKS'), h('option', { value: 'psks' }, 'Unit PSKS')]
      : h('option', { value: '' }, 'Batas wilayah saja'));
  const catSel = h('select#kategori', { 'aria-label': 'Kategori PMKS', hidden: true, style: 'width:auto;max-width:100%' }, cats.map((c) => h('option', { value: c.code }, `${c.code}. ${c.name}`)));
  const regionIn = h('input#map-region', { type: 'text', value: region, 'aria-label': 'Kode wilayah', style: 'max-width:140px' });
  const status = h('p.muted', { 'aria-live': 'polite', style: 'margin:.5rem 0 0;font-size:.88rem' });
  const mapEl = h('div.map#map', { role: 'region', 'aria-label': 'Peta' });
  const tilesNote = (window.PILAR_CONFIG || {}).tileUrl ? null
    : h('p.muted', { style: 'font-size:.82rem;margin:.5rem 0 0' }, 'Peta dasar (ubin) tidak aktif: hanya batas wilayah dan titik yang ditampilkan. Atur tileUrl di config.js bila kantor memiliki server ubin.');
  view.append(pageHead('Peta', 'Sebaran keluarga, penerima PMKS dan unit PSKS'),
    h('div.card', h('div.actions', { style: 'margin:0 0 .75rem' },
      h('label', { for: 'layer', style: 'margin:0' }, 'Lapisan'), layerSel, catSel,
      h('label', { for: 'map-region', style: 'margin:0' }, 'Wilayah'), regionIn,
      h('button.secondary.small', { type: 'button', id: 'map-show', onclick: () => load() }, 'Tampilkan')),
    mapEl, status, tilesNote));
  if (!personal) status.textContent = 'Peran Anda hanya melihat angka ringkas; titik rumah tangga tidak ditampilkan.';

  let map = null, points = null;
  async function drawOutlines() {
    map = makeMap(mapEl);
    const [reg, dis] = await Promise.all([outlines('regency', ctx), outlines('district', ctx)]);
    const inScope = (f) => !ctx.user.scope || f.properties.code.startsWith(ctx.user.scope) || ctx.user.scope.startsWith(f.properties.code);
    const d = window.L.geoJSON({ type: 'FeatureCollection', features: dis.features.filter(inScope) }, {
      style: { color: '#7b95a3', weight: 0.8, fillColor: '#f4f7f5', fillOpacity: 0.6 },
      onEachFeature: (f, l) => l.bindTooltip(`Kec. ${f.properties.name}`, { sticky: true }),
    }).addTo(map);
    const r = window.L.geoJSON({ type: 'FeatureCollection', features: reg.features.filter(inScope) }, {
      style: { color: '#0f5c6e', weight: 2, fill: false }, interactive: false,
    }).addTo(map);
    const b = (ctx.user.scope ? d : r).getBounds();
    if (b.isValid()) map.fitBounds(b, { padding: [10, 10] });
  }

  async function load() {
    catSel.hidden = layerSel.value !== 'orang';
    if (!personal || !map) return;
    if (points) points.remove();
    points = window.L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50, chunkedLoading: true });
    status.textContent = 'Memuat titik…';
    const reg = regionIn.value.trim();
    try {
      let n = 0, skipped = 0;
      if (layerSel.value === 'psks') {
        const items = await getAll('/psks', { region: reg }, MAX_POINTS);
        for (const u of items) {
          if (u.latitude == null) { skipped++; continue; }
          points.addLayer(window.L.marker([u.latitude, u.longitude], { icon: dotIcon('#8a5a00'), title: u.nama }).bindPopup(`<strong>${esc(u.nama)}</strong><br>${esc(u.jenis_nama)}`));
          n++;
        }
        status.textContent = `${num(n)} unit PSKS dengan koordinat${skipped ? `, ${num(skipped)} tanpa koordinat` : ''}.`;
      } else {
        const params = { region: reg };
        if (layerSel.value === 'orang') params.category = catSel.value;
        const items = await getAll('/people', params, MAX_POINTS);
        // People carry coordinates when surveyed; otherwise the household's are used
        // (fetched one by one: the API has no household list with coordinates yet).
        const hhCoord = new Map();
        const need = [...new Set(items.filter((p) => p.latitude == null && p.household_id).map((p) => p.household_id))].slice(0, MAX_HOUSEHOLDS);
        let done = 0;
        await pool(need, 8, async (id) => {
          try { const hh = await get('/households/' + id); if (hh.latitude != null) hhCoord.set(id, [hh.latitude, hh.longitude]); } catch (_) { /* skip */ }
          if (++done % 50 === 0) status.textContent = `Memuat koordinat keluarga… ${num(done)} / ${num(need.length)}`;
        });
        const seen = new Set();
        for (const p of items) {
          const at = p.latitude != null ? [p.latitude, p.longitude] : hhCoord.get(p.household_id);
          if (!at) { skipped++; continue; }
          if (layerSel.value === 'keluarga') {
            if (seen.has(p.household_id)) continue;
            seen.add(p.household_id);
          }
          const label = layerSel.value === 'keluarga' ? `Keluarga KK ${esc(p.no_kk || '')}` : esc(p.nama);
          const href = layerSel.value === 'keluarga' ? `#/keluarga/${p.household_id}` : `#/orang/${p.id}`;
          points.addLayer(window.L.marker(at, { icon: dotIcon(layerSel.value === 'keluarga' ? '#0f5c6e' : '#b42318'), title: layerSel.value === 'keluarga' ? '' : p.nama })
            .bindPopup(`<a href="${href}">${label}</a><br>Desa ${esc(p.kode_desa)}`));
          n++;
        }
        const what = layerSel.value === 'keluarga' ? 'keluarga' : 'orang';
        const capped = items.length >= MAX_POINTS || need.length >= MAX_HOUSEHOLDS;
        status.textContent = `${num(n)} ${what} ditampilkan${capped ? ' (dibatasi; persempit wilayah untuk melihat semuanya)' : ''}${skipped ? `; ${num(skipped)} orang tanpa koordinat` : ''}.`;
      }
      points.addTo(map);
    } catch (e) {
      console.error(e);
      status.textContent = e.message || String(e);
    }
  }
  layerSel.addEventListener('change', load);
  catSel.addEventListener('change', load);
  setTimeout(async () => {
    try { await drawOutlines(); } catch (e) { console.error(e); status.textContent = e.message || String(e); return; }
    load();
  }, 0);
}

function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
