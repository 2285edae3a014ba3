// Cakupan PSKS: coverage against need (GET /psks/coverage) per district and village:
// people in need per TKSK and per PSM, villages without any PSKS unit, Tagana in
// disaster-prone villages. Small counts of people arrive hidden ("<5") for roles
// without personal access. Also used by the report page (coverageTable).
import { get, qs } from '../api.js';
import { num, count, date } from '../fmt.js';
import { h, pageHead, table, field } from '../ui.js';

function ratio(v) {
  return v === null || v === undefined ? '—' : v.toLocaleString('id-ID', { maximumFractionDigits: 1 });
}

// A ratio cell: "—" when it cannot be computed, a warning when people wait without a worker.
function perCell(need, per, units) {
  if (!units && need) return h('span.cov-none', 'tidak ada');
  return ratio(per);
}

// The coverage rows as a table; opts.villages false keeps the district rows only.
export function coverageTable(cov, opts = {}) {
  const rows = [...cov.rows.filter((r) => opts.villages !== false || r.level <= 3), { ...cov.total, total: true }];
  const t = table([
    { label: 'Wilayah', cell: (r) => (r.total ? h('strong', `Jumlah ${cov.region_name}`)
      : r.level === 4 ? h('span', { style: 'padding-left:1rem' }, r.name) : h('strong', `Kec. ${r.name}`)) },
    { label: 'Penduduk PMKS', cls: 'num', cell: (r) => count(r.need) },
    { label: 'TKSK', cls: 'num', cell: (r) => num(r.tksk) },
    { label: 'PMKS per TKSK', cls: 'num', cell: (r) => perCell(r.need, r.need_per_tksk, r.tksk) },
    { label: 'PSM', cls: 'num', cell: (r) => num(r.psm) },
    { label: 'PMKS per PSM', cls: 'num', cell: (r) => perCell(r.need, r.need_per_psm, r.psm) },
    { label: 'Unit PSKS', cls: 'num', cell: (r) => (r.level === 4 && !r.total && !r.units ? h('span.cov-none', 'tanpa PSKS') : num(r.units)) },
    { label: 'Desa tanpa PSKS', cls: 'num', cell: (r) => (r.level === 4 && !r.total ? '' : num(r.villages_without_psks)) },
    { label: 'Rawan bencana', cell: (r) => (r.level === 4 && !r.total
      ? (r.prone_villages ? [`${num(r.disasters)} kejadian`, r.tagana ? ` · Tagana ${num(r.tagana)}` : h('span.cov-none', ' · tanpa Tagana')] : '')
      : `${num(r.prone_villages)} desa, ${num(r.prone_without_tagana)} tanpa Tagana`) },
  ], rows, { label: opts.label || 'Cakupan PSKS per wilayah' });
  t.querySelectorAll('tbody tr').forEach((tr, i) => { if (rows[i].level <= 3 || rows[i].total) tr.classList.add('group-row'); });
  return t;
}

export async function render(view, ctx, { query }) {
  const scope = ctx.user.scope || '';
  const region = query.get('region') || scope || '';
  const years = query.get('years') || '5';
  view.append(pageHead('Cakupan PSKS', 'Pilar sosial dibanding kebutuhan: penduduk PMKS per TKSK dan PSM, desa tanpa PSKS, Tagana di desa rawan bencana'));
  const regionF = field({ name: 'region', label: 'Kode wilayah', value: region, hint: scope ? `Di dalam ${scope}` : 'Mis. 64.74 (kabupaten/kota) atau 64.74.01 (kecamatan)', attrs: { autocomplete: 'off', inputmode: 'decimal' } });
  const yearsF = field({ name: 'years', label: 'Rawan bencana: kejadian dalam (tahun)', value: years, type: 'number', attrs: { min: 1, max: 50, style: 'max-width:9rem' } });
  const form = h('form.card', { novalidate: true, 'aria-label': 'Pilih wilayah cakupan' },
    h('div.form-row', regionF, yearsF), h('div.actions', h('button', { type: 'submit' }, 'Tampilkan')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ctx.go('cakupan' + qs({ region: regionF.input.value.trim(), years: yearsF.input.value.trim() }));
  });
  view.append(form);
  if (!region) {
    view.append(h('p.muted', 'Isi kode wilayah lalu pilih Tampilkan.'));
    return;
  }
  let cov;
  try {
    cov = await get('/psks/coverage' + qs({ region, years }));
  } catch (e) {
    const w = { region: regionF, years: yearsF }[e.field];
    if (w) { w.classList.add('invalid'); w.querySelector('.error').textContent = e.message; }
    view.append(h('div.alert.error', { role: 'alert' }, e.message));
    return;
  }
  const tot = cov.total;
  const stat = (label, value, sub) => h('div.stat', h('div.label', label), h('div.value', value), sub ? h('div.sub', sub) : null);
  view.append(h('div.stats#coverage-stats',
    stat('Penduduk PMKS', count(tot.need), `per ${date(cov.count_date)}`),
    stat('PMKS per TKSK', perCell(tot.need, tot.need_per_tksk, tot.tksk), `${num(tot.tksk)} TKSK aktif`),
    stat('PMKS per PSM', perCell(tot.need, tot.need_per_psm, tot.psm), `${num(tot.psm)} PSM aktif`),
    stat('Desa tanpa PSKS', `${num(tot.villages_without_psks)} / ${num(tot.villages)}`, 'desa/kelurahan'),
    stat('Desa rawan tanpa Tagana', `${num(tot.prone_without_tagana)} / ${num(tot.prone_villages)}`, `bencana sejak ${date(cov.since)}`)));
  if (cov.small_cells_hidden) {
    view.append(h('div.alert.info', 'Jumlah penduduk 1–4 ditampilkan sebagai "<5" untuk melindungi data pribadi; rasionya juga disembunyikan.'));
  }
  const file = (fmt) => '/api/v1/psks/coverage' + qs({ region, years, format: fmt });
  view.append(h('div.card', h('div.page-head', { style: 'margin-bottom:.5rem' },
    h('h2', { style: 'margin:0' }, `Per kecamatan dan desa: ${cov.region_name}`),
    h('div.actions', h('a.button.secondary.small#coverage-csv', { href: file('csv'), download: '' }, 'CSV'),
      h('a.button.secondary.small#coverage-xlsx', { href: file('xlsx'), download: '' }, 'XLSX'),
      h('a.button.secondary.small', { href: '#/peta' + qs({ region }) }, 'Lihat di peta'))),
  h('p.muted', { style: 'margin-top:0' }, 'TKSK, PSM dan Tagana: unit aktif yang melayani wilayah itu (TKSK kecamatan melayani semua desanya). Unit PSKS: unit yang terdaftar di wilayah itu sendiri.'),
  coverageTable(cov)));
}
