// people.js - shared pieces for lists of people.
import { date, SEX, relationship } from './fmt.js';
import { h, badge, table } from './ui.js';

export function peopleTable(items, opts = {}) {
  const cols = [];
  if (opts.select) cols.push({ label: h('span.sr-only', 'Pilih'), cell: opts.select });
  cols.push(
    { label: 'Nama', cell: (p) => h('a', { href: '#/orang/' + p.id }, p.nama) },
    { label: 'NIK', cell: (p) => h('span.mono', p.nik || '—') },
    { label: 'No. KK', cell: (p) => (p.household_id ? h('a.mono', { href: '#/keluarga/' + p.household_id }, p.no_kk || '—') : h('span.mono', p.no_kk || '—')) },
    { label: 'Lahir', cell: (p) => `${p.tempat_lahir ? p.tempat_lahir + ', ' : ''}${date(p.tanggal_lahir)}` },
    { label: 'JK', cell: (p) => SEX[p.jenis_kelamin] || '—' },
    opts.relationship ? { label: 'Hubungan', cell: (p) => relationship(p.hubungan_keluarga) } : null,
    { label: 'Desa', cell: (p) => h('span.mono', p.kode_desa) },
    { label: 'Status', cell: (p) => badge(p.status) });
  if (opts.actions) cols.push({ label: 'Tindakan', cell: opts.actions });
  return table(cols.filter(Boolean), items, { label: opts.label || 'Daftar orang' });
}
