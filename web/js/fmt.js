// fmt.js - Indonesian number and date formats (1.234.567; 17 Agustus 2025).

export const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli',
  'Agustus', 'September', 'Oktober', 'November', 'Desember'];

export function num(n) {
  if (n === null || n === undefined || Number.isNaN(Number(n))) return '—';
  const neg = n < 0;
  const s = String(Math.abs(Math.trunc(n))).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return (neg ? '−' : '') + s;
}

// A count from an aggregate route: null is a cell hidden from callers without
// personal access (small counts and their complements, "hidden": true).
export function count(n) {
  return n === null ? '<5' : num(n);
}

// A share with one decimal: 12,5%. Never rounds a part short of the whole up to 100% (2 of
// 20.000 verified is not "100% waiting") nor a non-zero part down to 0%.
export function pct(part, whole) {
  if (!whole) return '0%';
  const x = Math.round((part / whole) * 1000) / 10;
  if (x >= 100 && part < whole) return '>99,9%';
  if (x <= 0 && part > 0) return '<0,1%';
  return x.toString().replace('.', ',') + '%';
}

// "2025-08-17" (or a timestamp starting so) -> "17 Agustus 2025".
export function date(s) {
  if (!s) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (!m) return s;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

// "2025-08-17T09:05:00Z" / "2025-08-17 09:05:00" -> "17 Agustus 2025, 09.05".
export function dateTime(s) {
  if (!s) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})/.exec(s);
  if (!m) return date(s);
  return `${date(s)}, ${m[4]}.${m[5]}`;
}

// "17/08/2025" (the form fields' text) from "2025-08-17"; other text as it is.
export function dmy(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s || '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : (s || '');
}

// "YYYY-MM-DD" from what a person types: 17/08/2025, 17-8-2025, 17.08.2025, 17082025 or
// 2025-08-17; null when it is no real date.
export function parseDmy(text) {
  const s = String(text || '').trim();
  let m, y, mo, d;
  if ((m = /^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$/.exec(s))) [d, mo, y] = [m[1], m[2], m[3]];
  else if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s))) [y, mo, d] = [m[1], m[2], m[3]];
  else if ((m = /^(\d{2})(\d{2})(\d{4})$/.exec(s))) [d, mo, y] = [m[1], m[2], m[3]];
  else return null;
  [y, mo, d] = [Number(y), Number(mo), Number(d)];
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (y < 1800 || mo < 1 || mo > 12 || d < 1 || d > days[mo - 1]) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function todayIso() {
  const d = new Date();
  const p = (x) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export const SEX = { L: 'Laki-laki', P: 'Perempuan' };
export const STATE = { draft: 'Draf', verified: 'Terverifikasi', rejected: 'Ditolak' };
export const ROLES = {
  admin: 'Administrator', province: 'Analis provinsi', regency: 'Operator kabupaten/kota',
  district: 'Operator kecamatan', village: 'Operator desa', viewer: 'Pengamat',
};
// [slug as the API answers it, label]; the API also accepts the labels.
export const RELATIONSHIPS = [['kepala_keluarga', 'Kepala Keluarga'], ['istri_suami', 'Istri/Suami'],
  ['anak', 'Anak'], ['menantu', 'Menantu'], ['cucu', 'Cucu'], ['orang_tua', 'Orang Tua'],
  ['mertua', 'Mertua'], ['famili_lain', 'Famili Lain'], ['lainnya', 'Lainnya']];
export function relationship(slug) {
  const r = RELATIONSHIPS.find(([s, l]) => s === slug || l === slug);
  return r ? r[1] : slug || '—';
}

// Signed change: +1.234 / −56 / 0.
export function signed(n) {
  if (n === null || n === undefined || Number.isNaN(Number(n))) return '—';
  return (n > 0 ? '+' : '') + num(n);
}

// A percentage with two decimals, Indonesian comma: 6,68%; sign=true gives +6,68% / −3,10%.
export function percent(x, sign = false) {
  if (x === null || x === undefined || !Number.isFinite(Number(x))) return '—';
  const s = Math.abs(x).toFixed(2).replace('.', ',') + '%';
  if (x < 0) return '−' + s;
  return (sign && x > 0 ? '+' : '') + s;
}

// Rupiah without decimals: Rp 125.000.000.
export function rupiah(n) {
  if (n === null || n === undefined) return '—';
  return 'Rp ' + num(Math.round(n));
}

// Reasons for a person registered without a NIK (domain/nonik.h): code and label.
export const NO_NIK_REASONS = [
  ['belum_rekam_ktp_el', 'belum rekam KTP-el'],
  ['anak_belum_ber_nik', 'anak belum ber-NIK'],
  ['kat', 'komunitas adat terpencil'],
  ['tunawisma', 'tunawisma / tanpa tempat tinggal tetap'],
  ['tidak_diketahui', 'tidak diketahui'],
  ['lainnya', 'lainnya'],
];

// Disability types (domain/category.c): slug as stored, Indonesian label.
export const DISABILITIES = [
  ['fisik', 'Disabilitas fisik'],
  ['intelektual', 'Disabilitas intelektual'],
  ['mental', 'Disabilitas mental'],
  ['sensorik_netra', 'Disabilitas sensorik netra'],
  ['sensorik_rungu', 'Disabilitas sensorik rungu'],
  ['sensorik_wicara', 'Disabilitas sensorik wicara'],
  ['ganda', 'Disabilitas ganda (multi)'],
];
export function disability(slug) {
  const r = DISABILITIES.find(([s]) => s === slug);
  return r ? r[1] : slug || '—';
}

// What a person record's flags (GET /people "flags") mean, in words.
export const FLAGS = {
  nik_tanggal_lahir: 'tanggal lahir tidak cocok dengan NIK',
  nik_jenis_kelamin: 'jenis kelamin tidak cocok dengan NIK',
  nik_kode_lama: 'NIK memakai kode wilayah lama',
  koordinat_di_luar_wilayah: 'koordinat di luar wilayah desanya',
  tanpa_nik: 'tanpa NIK',
};
// The same flags as the store's bits (audit history shows the number).
export const FLAG_BITS = [[1, 'nik_tanggal_lahir'], [2, 'nik_jenis_kelamin'], [4, 'nik_kode_lama'],
  [8, 'tanpa_nik'], [16, 'koordinat_di_luar_wilayah']];
export function flagWords(flags) {
  const list = Array.isArray(flags) ? flags : FLAG_BITS.filter(([b]) => (Number(flags) || 0) & b).map(([, n]) => n);
  return list.map((f) => FLAGS[f] || f.replace(/_/g, ' '));
}

// One label per PMKS category everywhere a person reads it, the same the reports and PDFs print
// (the domain's pl_category.label, sent as "label": "Fakir Miskin", "Orang dengan HIV/AIDS"),
// never its number or an abbreviation. c: an item of GET /categories, or a membership / summary
// / report row.
export function categoryLabel(c) {
  return (c && (c.label || c.name)) || '—';
}
