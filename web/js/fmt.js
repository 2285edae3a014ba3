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

export function pct(part, whole) {
  if (!whole) return '0%';
  return (Math.round((part / whole) * 1000) / 10).toString().replace('.', ',') + '%';
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
