// lookup.js - names for codes a person reads: regions by name (cached per page load),
// disability types and disaster types by their Indonesian label, DD/MM/YYYY dates.
import { get } from './api.js';

const regions = new Map();

// The name of region code (province .. village), or the code when unknown.
export function regionName(code) {
  if (!code) return Promise.resolve('');
  if (!regions.has(code)) {
    regions.set(code, get('/regions/' + encodeURIComponent(code)).then((r) => r.name, () => code));
  }
  return regions.get(code);
}

// {code: name} for every distinct code of codes.
export async function regionNames(codes) {
  const uniq = [...new Set(codes.filter(Boolean))];
  const names = await Promise.all(uniq.map(regionName));
  return Object.fromEntries(uniq.map((c, i) => [c, names[i]]));
}

// "Bontang Utara, Kota Bontang" style: the region's name and its parent's.
export async function regionPath(code) {
  if (!code) return '';
  const parts = code.split('.');
  if (parts.length <= 1) return regionName(code);
  const [own, parent] = await Promise.all([regionName(code), regionName(parts.slice(0, -1).join('.'))]);
  return `${own}, ${parent}`;
}

// Disability types (domain/category.c): slug and label.
export const DISABILITIES = [
  ['fisik', 'Disabilitas fisik'],
  ['intelektual', 'Disabilitas intelektual'],
  ['mental', 'Disabilitas mental'],
  ['sensorik_netra', 'Disabilitas sensorik netra'],
  ['sensorik_rungu', 'Disabilitas sensorik rungu'],
  ['sensorik_wicara', 'Disabilitas sensorik wicara'],
  ['ganda', 'Disabilitas ganda (multi)'],
];
export function disabilityLabel(slug) {
  const d = DISABILITIES.find(([s, l]) => s === slug || l === slug);
  return d ? d[1] : slug || '';
}

// Disaster types (service/disaster.c): slug and label.
export const DISASTER_TYPES = [
  ['banjir', 'Banjir'], ['kebakaran', 'Kebakaran'], ['longsor', 'Tanah longsor'],
  ['gempa', 'Gempa bumi'], ['tsunami', 'Tsunami'], ['angin_puting_beliung', 'Angin puting beliung'],
  ['kekeringan', 'Kekeringan'], ['abrasi', 'Abrasi'], ['erupsi', 'Erupsi gunung api'], ['lainnya', 'Lainnya'],
];
export function disasterLabel(slug) {
  const d = DISASTER_TYPES.find(([s]) => s === slug);
  return d ? d[1] : slug || '';
}

// "17/08/2025" (also 17-8-2025, 17.08.2025) -> "2025-08-17"; "" stays ""; null when invalid.
export function parseDmy(text) {
  const s = (text || '').trim();
  if (!s) return '';
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null;
  const p = (x) => String(x).padStart(2, '0');
  return `${y}-${p(mo)}-${p(d)}`;
}

// "2025-08-17" -> "17/08/2025".
export function dmy(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

// Saves blob as a file named name (a download the browser shows).
export function saveBlob(blob, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}
