// coord-picker.js - the home's point of a new household: typed, taken from the phone's GPS
// (navigator.geolocation; the server's Permissions-Policy allows it for this site only), or
// clicked on a small map of the user's area. Optional: both empty means "no point yet".
//   const c = coordPicker({ scope });   form.append(c.el)
//   c.check() -> '' or a message (field 'latitude');  c.value() -> {latitude, longitude} or {}
import { h, field } from './ui.js';
import { outlines, makeMap } from './geo.js';

// Indonesia's box, as the server checks it (domain/record.c).
const LAT = [-11.5, 6.5], LON = [94, 141.5];

export function coordPicker({ scope = '' } = {}) {
  const lat = field({ name: 'latitude', label: 'Lintang (latitude)', hint: 'mis. 0.1372', attrs: { inputmode: 'decimal', autocomplete: 'off' } });
  const lon = field({ name: 'longitude', label: 'Bujur (longitude)', hint: 'mis. 117.4961', attrs: { inputmode: 'decimal', autocomplete: 'off' } });
  const note = h('p.muted.coord-note', { 'aria-live': 'polite' });
  const mapEl = h('div.map.coord-map#coord-map', { role: 'region', 'aria-label': 'Peta untuk memilih titik rumah', hidden: true });
  let map = null, marker = null;

  function set(a, b, how) {
    lat.input.value = a.toFixed(6);
    lon.input.value = b.toFixed(6);
    note.textContent = how;
    if (map) place(a, b);
  }
  function place(a, b) {
    const L = window.L;
    if (!marker) marker = L.marker([a, b], { draggable: true, title: 'Titik rumah', keyboard: true }).addTo(map)
      .on('dragend', () => { const p = marker.getLatLng(); set(p.lat, p.lng, 'Titik digeser di peta.'); });
    else marker.setLatLng([a, b]);
  }

  const gps = h('button.secondary.small', { type: 'button', id: 'coord-gps', onclick: () => {
    if (!navigator.geolocation) { note.textContent = 'Peramban ini tidak dapat membaca lokasi (GPS).'; return; }
    note.textContent = 'Membaca lokasi…';
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const acc = Math.round(pos.coords.accuracy || 0);
        set(pos.coords.latitude, pos.coords.longitude, `Lokasi dari GPS${acc ? ` (ketelitian ± ${acc} m)` : ''}. Pastikan Anda berada di rumah keluarga ini.`);
        if (map) map.setView([pos.coords.latitude, pos.coords.longitude], 17);
      },
      (e) => { note.textContent = e.code === 1 ? 'Izin lokasi ditolak. Izinkan lokasi untuk situs ini, atau pilih titik di peta.' : 'Lokasi tidak dapat dibaca; coba lagi di tempat terbuka, atau pilih titik di peta.'; },
      { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
  } }, 'Gunakan lokasi saya (GPS)');

  const pick = h('button.secondary.small', { type: 'button', id: 'coord-map-toggle', onclick: async () => {
    mapEl.hidden = !mapEl.hidden;
    pick.textContent = mapEl.hidden ? 'Pilih di peta' : 'Tutup peta';
    if (mapEl.hidden || map) { if (map) map.invalidateSize(); return; }
    map = makeMap(mapEl);
    try {
      const fc = await outlines('district');
      const feats = fc.features.filter((f) => !scope || f.properties.code.startsWith(scope) || scope.startsWith(f.properties.code));
      const layer = window.L.geoJSON({ type: 'FeatureCollection', features: feats }, { style: { color: '#7b95a3', weight: 0.8, fillColor: '#f4f7f5', fillOpacity: 0.6 }, interactive: false }).addTo(map);
      const a = parseFloat(lat.input.value), b = parseFloat(lon.input.value);
      if (Number.isFinite(a) && Number.isFinite(b)) { map.setView([a, b], 16); place(a, b); } else if (layer.getBounds().isValid()) map.fitBounds(layer.getBounds());
    } catch (_) { /* the map still takes clicks without outlines */ }
    map.on('click', (ev) => set(ev.latlng.lat, ev.latlng.lng, 'Titik dipilih di peta; geser penanda bila perlu.'));
    note.textContent = 'Klik letak rumah di peta (perbesar dulu agar tepat).';
  } }, 'Pilih di peta');

  const clear = h('button.secondary.small', { type: 'button', onclick: () => {
    lat.input.value = ''; lon.input.value = ''; note.textContent = '';
    if (marker) { marker.remove(); marker = null; }
  } }, 'Kosongkan');

  const el = h('fieldset.coord-picker', h('legend', 'Titik rumah (boleh dikosongkan)'),
    h('div.form-row', lat, lon), h('div.coord-actions', gps, pick, clear), note, mapEl);

  const num = (s) => (s.trim() === '' ? null : Number(s.trim().replace(',', '.')));
  return {
    el,
    check() {
      const a = num(lat.input.value), b = num(lon.input.value);
      if (a === null && b === null) return '';
      if (a === null || b === null) return 'Isi lintang dan bujur berdua, atau kosongkan keduanya';
      if (!Number.isFinite(a) || !Number.isFinite(b)) return 'Lintang dan bujur harus berupa angka';
      if (a < LAT[0] || a > LAT[1] || b < LON[0] || b > LON[1]) return 'Titik di luar wilayah Indonesia (lintang dan bujur tertukar?)';
      return '';
    },
    value() {
      const a = num(lat.input.value), b = num(lon.input.value);
      return a === null || b === null ? {} : { latitude: String(a), longitude: String(b) };
    },
  };
}
