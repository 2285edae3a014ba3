// Intervensi: the interventions agreed at the rakor (GET /interventions), with
// filters by region, rakor year, status and overdue; overdue rows highlighted.
import { get, qs } from '../api.js';
import { num, date, rupiah, todayIso } from '../fmt.js';
import { h, pageHead, table, field } from '../ui.js';

const STATUS = { direncanakan: 'Direncanakan', berjalan: 'Berjalan', selesai: 'Selesai', batal: 'Batal' };
const LEVEL = { pusat: 'Pusat', provinsi: 'Provinsi', 'kabupaten-kota': 'Kabupaten/kota' };
const STATUS_BADGE = { direncanakan: 'draft', berjalan: 'draft', selesai: 'verified', batal: 'rejected' };

export function isOverdue(iv, today) {
  return !!iv.due_date && iv.due_date < today && iv.status !== 'selesai' && iv.status !== 'batal';
}

export async function render(view, ctx, { query }) {
  const today = todayIso();
  const scope = ctx.user.scope || '';
  const f = {
    region: query.get('region') || '',
    year: query.get('year') || '',
    status: query.get('status') || '',
    overdue: query.get('overdue') === '1',
  };
  view.append(pageHead('Intervensi', 'Tindak lanjut yang disepakati dalam rapat koordinasi (rakor)'));

  const regionF = field({ name: 'region', label: 'Kode wilayah', value: f.region, hint: scope ? `Di dalam ${scope}; kosong = seluruh cakupan` : 'Mis. 64.74; kosong = semua', attrs: { autocomplete: 'off', inputmode: 'decimal' } });
  const yearF = field({ name: 'year', label: 'Tahun rakor', value: f.year, type: 'number', attrs: { min: 2000, max: 2100, style: 'max-width:9rem' } });
  const statusF = field({ name: 'status', label: 'Status', value: f.status, options: [['', 'Semua status'], ...Object.entries(STATUS)] });
  const overdueBox = h('input#iv-overdue', { type: 'checkbox', checked: f.overdue });
  const form = h('form.card', { novalidate: true, 'aria-label': 'Saring intervensi' },
    h('div.form-row', regionF, yearF, statusF),
    h('div.actions', { style: 'justify-content:space-between' },
      h('label.check', { for: 'iv-overdue' }, overdueBox, ' Hanya yang lewat tenggat'),
      h('button', { type: 'submit' }, 'Saring')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ctx.go('intervensi' + qs({ region: regionF.input.value.trim(), year: yearF.input.value.trim(),
      status: statusF.input.value, overdue: overdueBox.checked ? '1' : '' }));
  });
  overdueBox.addEventListener('change', () => form.requestSubmit());
  view.append(form);

  let items;
  try {
    items = (await get('/interventions' + qs({ region: f.region, year: f.year, status: f.status, overdue: f.overdue ? today : '' }))).items;
  } catch (e) {
    if (e.field) {
      const w = { region: regionF, year: yearF, status: statusF, overdue: regionF }[e.field];
      if (w) { w.classList.add('invalid'); w.querySelector('.error').textContent = e.message; }
    }
    view.append(h('div.alert.error', { role: 'alert' }, e.message));
    return;
  }
  const late = items.filter((iv) => isOverdue(iv, today)).length;
  const budget = items.reduce((s, iv) => s + (iv.budget || 0), 0);
  view.append(h('div.stats',
    h('div.stat', h('div.label', 'Intervensi'), h('div.value', num(items.length))),
    h('div.stat', h('div.label', 'Lewat tenggat'), h('div.value', num(late)), h('div.sub', 'belum selesai, tenggat terlewati')),
    h('div.stat', h('div.label', 'Jumlah anggaran'), h('div.value.small-value', rupiah(budget)))));

  const cats = new Map((await ctx.pmks().catch(() => [])).map((c) => [c.code, c.name]));
  const t = items.length ? table([
    { label: 'Uraian', cell: (iv) => [h('strong', iv.title), h('div.muted.small', `Rakor ${iv.rakor_year}${iv.category ? ` · ${cats.get(iv.category) || 'PMKS ' + iv.category}` : ''}`)] },
    { label: 'Wilayah', cell: (iv) => h('span.mono', iv.region) },
    { label: 'Tingkat', cell: (iv) => LEVEL[iv.level] || iv.level },
    { label: 'Penanggung jawab', cell: (iv) => iv.owner || '—' },
    { label: 'Anggaran', cls: 'num nowrap', cell: (iv) => rupiah(iv.budget) },
    { label: 'Tenggat', cls: 'nowrap', cell: (iv) => [date(iv.due_date), isOverdue(iv, today) ? [h('br'), h('span.badge.rejected', 'lewat tenggat')] : null] },
    { label: 'Status', cell: (iv) => h(`span.badge.${STATUS_BADGE[iv.status] || 'draft'}`, STATUS[iv.status] || iv.status) },
    { label: 'Catatan terakhir', cell: (iv) => (iv.last_note ? [h('span.muted.small', date(iv.last_note.date)), h('br'), iv.last_note.text] : h('span.muted', '—')) },
  ], items, { label: 'Daftar intervensi' }) : h('p.empty', 'Tidak ada intervensi yang cocok dengan saringan ini.');
  if (items.length) {
    const trs = t.querySelectorAll('tbody tr');
    items.forEach((iv, i) => { if (isOverdue(iv, today)) trs[i].classList.add('overdue'); });
  }
  view.append(h('div.card', h('h2', `Daftar intervensi (${num(items.length)})`), t));

  const writable = await ctx.hasRoute('POST', '/interventions');
  if (!writable) {
    view.append(h('p.muted.note', 'Intervensi dicatat dan diperbarui di server dengan perintah ',
      h('code', 'pilar intervention add'), ' dan ', h('code', 'pilar intervention update'),
      '; pencatatan lewat halaman ini belum tersedia.'));
  }
}
