// people.js - shared pieces for lists of people.
import { date, SEX, relationship, flagWords } from './fmt.js';
import { h, badge, table } from './ui.js';
import { regionNames } from './record.js';

export function peopleTable(items, opts = {}) {
  const cols = [];
  if (opts.select) cols.push({ label: h('span.sr-only', 'Pilih'), cell: opts.select });
  cols.push(
    { label: 'Nama', cell: (p) => h('a', { href: '#/orang/' + p.id }, p.name) },
    { label: 'NIK', cell: (p) => h('span.mono', p.nik || (p.no_nik_reason ? p.pilar_id : '—')) },
    { label: 'No. KK', cell: (p) => (p.household_id ? h('a.mono', { href: '#/keluarga/' + p.household_id }, p.kk || '—') : h('span.mono', p.kk || '—')) },
    { label: 'Lahir', cell: (p) => `${p.birth_place ? p.birth_place + ', ' : ''}${date(p.birth_date)}` },
    { label: 'JK', cell: (p) => SEX[p.sex] || '—' },
    opts.relationship ? { label: 'Hubungan', cell: (p) => relationship(p.relationship) } : null,
    { label: 'Desa', cell: (p) => h('span.village', { 'data-village': p.village_code, title: p.village_code }, '…') },
    opts.flags ? { label: 'Perlu diperiksa', cell: (p) => (p.flags && p.flags.length ? flagWords(p.flags).join('; ') : '—') } : null,
    { label: 'Status', cell: (p) => badge(p.status) });
  if (opts.actions) cols.push({ label: 'Tindakan', cell: opts.actions });
  const el = table(cols.filter(Boolean), items, { label: opts.label || 'Daftar orang' });
  // Villages by name, not code: filled in as the names arrive (cached per code).
  regionNames(items.map((p) => p.village_code)).then((names) => {
    for (const s of el.querySelectorAll('[data-village]')) s.textContent = names.get(s.dataset.village) || s.dataset.village;
  });
  return el;
}
