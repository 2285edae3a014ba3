// geo.js - region outlines (GeoJSON) and shared Leaflet helpers.
import { get, getAll, qs } from './api.js';
import { h } from './ui.js';

const cache = {};

// Outlines of regencies ('regency') or districts ('district') of Kaltim/Kaltara:
// from the API when it has /boundaries, else the copy in web/data (see its SOURCE.md).
export async function outlines(level, ctx) {
  if (!cache[level]) {
    cache[level] = (async () => {
      if (ctx && await ctx.hasRoute('GET', '/boundaries')) {
        try {
          const fc = await get('/boundaries' + qs({ level }));
          if (fc && fc.type === 'FeatureCollection') return fc;
        } catch (_) { /* fall back to the static copy */ }
      }
      // Beside this module, so the versioned path (/v/<version>/data/...) is cached for good.
      const file = level === 'district' ? '../data/districts-64-65.geojson' : '../data/regencies-64-65.geojson';
      const r = await fetch(new URL(file, import.meta.url));
      if (!r.ok) throw new Error('Batas wilayah tidak dapat dimuat');
      return r.json();
    })();
  }
  return cache[level];
}

let baseData = null;
// The offline base map of Kaltim/Kaltara (rivers and settlements; web/data/SOURCE.md), once.
function baseMapData() {
  if (!baseData) {
    baseData = fetch(new URL('../data/basemap-64-65.geojson', import.meta.url))
      .then((r) => (r.ok ? r.json() : null), () => null);
  }
  return baseData;
}

// Draws the offline base map in its own pane under the outlines and points: rivers as light
// blue areas, settlements as dots, their names from zoom 9. Nothing on it takes clicks.
async function drawBaseMap(map) {
  const L = window.L;
  const fc = await baseMapData();
  if (!fc || !map.getContainer().isConnected) return;
  const pane = map.createPane('basemap');
  pane.style.zIndex = 350; /* under overlayPane (400): outlines and points stay on top */
  pane.style.pointerEvents = 'none';
  const rivers = fc.features.filter((f) => f.properties.kind === 'river');
  const places = fc.features.filter((f) => f.properties.kind === 'settlement');
  L.geoJSON(rivers, { pane: 'basemap', interactive: false, style: { stroke: false, fillColor: '#7fb6d9', fillOpacity: 0.85 } }).addTo(map);
  L.layerGroup(places.map((f) => L.circleMarker([f.geometry.coordinates[1], f.geometry.coordinates[0]],
    { pane: 'basemap', interactive: false, radius: 2.5, weight: 1, color: '#5b5b5b', fillColor: '#ffffff', fillOpacity: 1 }))).addTo(map);
  const names = L.layerGroup(places.map((f) => L.marker([f.geometry.coordinates[1], f.geometry.coordinates[0]],
    { pane: 'basemap', interactive: false, keyboard: false, icon: L.divIcon({ className: 'map-label place', html: h('span', f.properties.name), iconSize: null, iconAnchor: [-4, 6] }) })));
  const update = () => { if (map.getZoom() >= 9) names.addTo(map); else names.remove(); };
  map.on('zoomend', update);
  update();
  map.attributionControl.addAttribution('Sungai: &copy; kontributor OpenStreetMap (ODbL); permukiman: GeoNames (CC BY 4.0)');
  markBaseMap(map, rivers.length, places.length);
}

// Marks the map's element with what the base map drew (read by the browser tests).
function markBaseMap(map, rivers, places) {
  const el = map.getContainer();
  el.dataset.basemap = 'offline';
  el.dataset.basemapRivers = String(rivers);
  el.dataset.basemapPlaces = String(places);
}

// A Leaflet map without network needs: tiles when PILAR_CONFIG.tileUrl is set, else the
// offline base map (rivers and settlements shipped in web/data) under the outlines.
// opts.basemap false: no offline base map (the dashboard's small overview map).
export function makeMap(el, opts = {}) {
  const L = window.L;
  const { basemap = true, ...mapOpts } = opts;
  const map = L.map(el, { zoomControl: true, attributionControl: true, minZoom: 4, maxZoom: (window.PILAR_CONFIG || {}).tileMaxZoom || 18, ...mapOpts });
  const cfg = window.PILAR_CONFIG || {};
  if (cfg.tileUrl) {
    L.tileLayer(cfg.tileUrl, { maxZoom: cfg.tileMaxZoom || 18, attribution: cfg.tileAttribution || '' }).addTo(map);
    el.dataset.basemap = 'tiles';
  } else if (basemap) {
    drawBaseMap(map);
  }
  map.attributionControl.setPrefix('Batas wilayah: cahyadsn/wilayah_boundaries (MIT)');
  map.setView([0.5, 116.5], 6);
  return map;
}

// Sequential colour scale (calm teal), 6 steps.
export const SCALE = ['#eef6f7', '#cfe6ea', '#9fcdd6', '#66aebd', '#2f8a9e', '#0f5c6e'];
export function colourFor(v, max) {
  if (!v || !max) return SCALE[0];
  const i = Math.min(SCALE.length - 1, 1 + Math.floor((v / max) * (SCALE.length - 1.0001)));
  return SCALE[i];
}

// Names on the base map, drawn from the outlines themselves (no tiles needed): regency names
// when zoomed out, district names from zoom 9. features: GeoJSON features with code and name.
export function regionLabels(map, regencyFeatures, districtFeatures) {
  const L = window.L;
  const mk = (f, cls) => {
    const p = f.properties || {};
    let at = (p.lat != null && p.lng != null) ? [p.lat, p.lng] : null;
    if (!at) {
      const b = L.geoJSON(f).getBounds();
      if (!b.isValid()) return null;
      const c = b.getCenter();
      at = [c.lat, c.lng];
    }
    return L.marker(at, { icon: L.divIcon({ className: `map-label ${cls}`, html: h('span', p.name || ''), iconSize: null }), interactive: false, keyboard: false });
  };
  const reg = L.layerGroup(regencyFeatures.map((f) => mk(f, 'regency')).filter(Boolean));
  const dis = L.layerGroup(districtFeatures.map((f) => mk(f, 'district')).filter(Boolean));
  const update = () => {
    const z = map.getZoom();
    if (z >= 9) { reg.remove(); dis.addTo(map); } else { dis.remove(); reg.addTo(map); }
  };
  map.on('zoomend', update);
  update();
  return { remove() { map.off('zoomend', update); reg.remove(); dis.remove(); } };
}

const regionNames = {};
// A region's name by code ("" when unknown), from GET /regions/{code}, remembered.
export async function regionName(code) {
  if (!code) return '';
  if (!regionNames[code]) regionNames[code] = get('/regions/' + encodeURIComponent(code)).then((r) => r.name || '', () => '');
  return regionNames[code];
}

const today = () => new Date().toISOString().slice(0, 10);
const open = (m) => !m.valid_to || m.valid_to > today();

// The content of a map point's popup: name, address, PMKS categories in words and a link to the
// record. Only roles that read personal data see points at all; the record routes apply their
// masking (and audit the read) as on the record pages.
// One PSKS unit for a popup: GET /psks/{id} where the server has it, else from the list of
// units inside the scope (fetched once per page load).
let psksList = null, psksById = null;
async function psksUnit(id) {
  if (!psksById) psksById = get('/routes').then((r) => r.items.some((x) => x.method === 'GET' && x.path === '/api/v1/psks/{id}'), () => false);
  if (await psksById) return get(`/psks/${id}`);
  if (!psksList) psksList = getAll('/psks', {}, 5000).catch(() => []);
  return (await psksList).find((u) => u.id === id) || null;
}

export async function popupContent(kind, id) {
  try {
    if (kind === 'keluarga') {
      const [hh, members] = await Promise.all([get(`/households/${id}`), get(`/households/${id}/members`).then((r) => r.items)]);
      const head = members.find((m) => m.relationship === 'kepala_keluarga') || members[0];
      const cats = new Map();
      await Promise.all(members.slice(0, 12).map((m) => get(`/people/${m.id}/categories`).then((r) => {
        for (const c of r.items) if (open(c)) cats.set(c.category, c.label || c.name);
      }, () => {})));
      const village = await regionName(hh.village_code);
      return popupBox(head ? `Keluarga ${head.name}` : `Keluarga #${id}`, address(hh, village),
        [...cats.values()], `#/keluarga/${id}`, 'Buka data keluarga', `${members.length} anggota`);
    }
    if (kind === 'orang') {
      const p = await get(`/people/${id}`);
      const [hh, mem] = await Promise.all([
        p.household_id ? get(`/households/${p.household_id}`).catch(() => null) : null,
        get(`/people/${id}/categories`).then((r) => r.items, () => []),
      ]);
      const village = await regionName(p.village_code);
      return popupBox(p.name, address(hh || {}, village), mem.filter(open).map((c) => c.name), `#/orang/${id}`, 'Buka data orang');
    }
    const u = await psksUnit(id);
    if (!u) return popupBox(`Unit PSKS #${id}`, '', [], null, null);
    const area = await regionName(u.region);
    return h('div.popup', h('strong', u.name),
      h('div', `${u.type_name || 'PSKS'} · melayani ${area || u.region}`),
      u.phone ? h('div.muted', `Telp. ${u.phone}`) : null,
      u.valid_to ? h('div.muted', `Masa layanan sampai ${u.valid_to}`) : null,
      h('a', { href: `#/psks?region=${encodeURIComponent(u.region)}` }, 'Buka daftar PSKS'));
  } catch (e) {
    return h('div.popup', e.message || 'Data tidak dapat dimuat');
  }
}

function address(hh, village) {
  const parts = [hh.address, hh.rt || hh.rw ? `RT ${hh.rt || '-'}/RW ${hh.rw || '-'}` : '', village ? `Desa/Kel. ${village}` : ''];
  return parts.filter(Boolean).join(', ');
}

function popupBox(title, addr, categories, href, linkText, extra) {
  return h('div.popup',
    h('strong', title),
    extra ? h('div.muted', extra) : null,
    addr ? h('div', addr) : h('div.muted', 'Alamat belum diisi'),
    h('div', categories.length ? `Kategori PMKS: ${categories.join('; ')}` : 'Tidak ada kategori PMKS aktif'),
    href ? h('a', { href }, linkText) : null);
}
