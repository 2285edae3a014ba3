// dtsen.js - shared pieces of the DTSEN update cycle pages (siklus, musdes, periksa,
// sanggah): labels, state badges, a cycle's month in words, links to uploaded documents.
import { h } from './ui.js';

export const KINDS = [['tambah_keluarga', 'Tambah keluarga'], ['tambah_orang', 'Tambah anggota keluarga'],
  ['hapus', 'Hapus orang/keluarga'], ['ubah', 'Ubah data']];
export const REMOVALS = [['pindah', 'Pindah'], ['meninggal', 'Meninggal'], ['tidak_layak', 'Tidak layak lagi'], ['ganda', 'Data ganda']];
export const OBJECTION_KINDS = [['salah_masuk', 'Salah masuk (terdaftar padahal mampu)'], ['tidak_masuk', 'Tidak masuk (miskin tetapi belum terdaftar)']];
export const FILERS = [['warga', 'Warga'], ['psks', 'PSKS'], ['operator', 'Operator']];

// Badge colour of a proposal, check, objection or cycle state.
const TONE = {
  masuk: 'draft', cek_lapangan: 'draft', diperiksa: 'verified', ditolak: 'rejected', disahkan: 'verified',
  terbuka: 'draft', diterima: 'draft', diputus: 'verified', dijawab: 'verified', ditugaskan: 'draft', selesai: 'verified',
};
const LABEL = {
  masuk: 'Masuk', cek_lapangan: 'Cek lapangan', diperiksa: 'Diperiksa', ditolak: 'Ditolak', disahkan: 'Disahkan',
  terbuka: 'Terbuka', diterima: 'Diterima', diputus: 'Diputus', dijawab: 'Dijawab', ditugaskan: 'Ditugaskan', selesai: 'Selesai',
};

export function stateBadge(slug, label) {
  return h(`span.badge.${TONE[slug] || 'draft'}`, { 'data-state': slug }, label || LABEL[slug] || slug);
}

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

// "2026-11" -> "November 2026".
export function periodLabel(p) {
  const m = /^(\d{4})-(\d{2})$/.exec(p || '');
  return m ? `${MONTHS[Number(m[2]) - 1]} ${m[1]}` : p || '—';
}

// A link that downloads uploaded document id (minutes, SPTJM, evidence, SK scan), or null.
export function fileLink(id, text) {
  if (!id) return null;
  return h('a.file-link', { href: `/api/v1/dtsen/files/${id}`, 'data-file': id, download: '' }, text);
}

// The missing items of a proposal ("a; b; c") as a list, or "Lengkap".
export function missingList(p) {
  if (p.complete) return h('span.badge.verified', 'Lengkap');
  return h('ul.missing', p.missing.split('; ').filter(Boolean).map((m) => h('li', m)));
}

// Who or what a proposal is about, in words, with a link to the registered record.
export function subject(p) {
  const d = p.data || {};
  const name = d.name || '';
  if (p.person_id) return h('a', { href: `#/orang/${p.person_id}` }, name || `Orang #${p.person_id}`);
  if (p.household_id && p.kind !== 'tambah_orang') return h('a', { href: `#/keluarga/${p.household_id}` }, name || `Keluarga #${p.household_id}`);
  if (p.household_id) return h('span', name || 'Anggota baru', ' → ', h('a', { href: `#/keluarga/${p.household_id}` }, `keluarga #${p.household_id}`));
  return name || '—';
}

export function kindText(p) {
  return p.removal_label ? `${p.kind_label}: ${p.removal_label.toLowerCase()}` : p.kind_label;
}
