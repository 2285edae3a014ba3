// Tanpa NIK: people registered without a NIK, counted by reason, listed for referral to the
// civil registry office (Dukcapil), with a CSV download of the whole list.
import { get, getAll, qs } from '../api.js';
import { num, date, SEX, NO_NIK_REASONS } from '../fmt.js';
import { h, pageHead, table, badge } from '../ui.js';

const LABEL = Object.fromEntries(NO_NIK_REASONS);

// One CSV field, quoted when needed; text starting like a formula gets an apostrophe.
function csvField(v) {
  let s = v == null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

export async function render(view, ctx, { query }) {
  const region = query.get('region') || '';
  const reason = query.get('reason') || '';
  const page = await get('/people/without-nik' + qs({ region, reason, limit: 50, cursor: query.get('cursor') || '' }));
  view.append(pageHead('Tanpa NIK', `${num(page.without_nik)} orang belum punya NIK di ${region || ctx.user.scope || 'semua wilayah'}; rujuk ke Dukcapil untuk perekaman`));

  const counts = NO_NIK_REASONS.map(([code, label]) => ({ code, label, n: page.by_reason[code] || 0 }));
  view.append(h('div.card#nonik-counts', h('h2', 'Jumlah menurut alasan'),
    table([
      { label: 'Alasan', cell: (r) => h('a', { href: '#/tanpa-nik' + qs({ region, reason: r.code }) }, r.label) },
      { label: 'Jumlah', cls: 'num', cell: (r) => num(r.n) },
    ], [...counts, { code: '', label: 'Semua alasan', n: page.without_nik }], { label: 'Jumlah orang tanpa NIK menurut alasan' })));

  const download = h('button.secondary#nonik-csv', { type: 'button', onclick: async () => {
    download.disabled = true;
    try {
      const items = await getAll('/people/without-nik', { region, reason });
      const head = ['id_pilar', 'nama', 'jenis_kelamin', 'tanggal_lahir', 'no_kk', 'kode_desa', 'alasan_tanpa_nik', 'alasan', 'status'];
      const lines = [head.join(',')].concat(items.map((p) => [p.pilar_id, p.name, p.sex, p.birth_date, p.kk, p.village_code,
        p.no_nik_reason, LABEL[p.no_nik_reason] || '', p.status].map(csvField).join(',')));
      const blob = new Blob(['\ufeff' + lines.join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' });
      const a = h('a', { href: URL.createObjectURL(blob), download: `tanpa-nik${region ? '-' + region : ''}.csv` });
      document.body.append(a);
      a.click();
      setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    } finally {
      download.disabled = false;
    }
  } }, 'Unduh daftar (CSV)');

  const card = h('div.card#nonik-list', h('h2', reason ? `Daftar: ${LABEL[reason] || reason}` : 'Daftar untuk dirujuk ke Dukcapil'));
  if (!page.items.length) {
    card.append(h('div.empty', h('p', 'Tidak ada orang tanpa NIK di wilayah ini.')));
  } else {
    card.append(table([
      { label: 'Id Pilar', cell: (p) => h('a.mono', { href: '#/orang/' + p.id }, p.pilar_id) },
      { label: 'Nama', cell: (p) => h('a', { href: '#/orang/' + p.id }, p.name) },
      { label: 'JK', cell: (p) => SEX[p.sex] || '—' },
      { label: 'Lahir', cell: (p) => date(p.birth_date) },
      { label: 'No. KK', cell: (p) => h('span.mono', p.kk || '—') },
      { label: 'Desa', cell: (p) => h('span.mono', p.village_code) },
      { label: 'Alasan', cell: (p) => p.no_nik_reason_label || '—' },
      { label: 'Status', cell: (p) => badge(p.status) },
    ], page.items, { label: 'Daftar orang tanpa NIK' }));
  }
  const nav = h('div.actions', download);
  if (page.next) nav.append(h('a.button.secondary', { href: '#/tanpa-nik' + qs({ region, reason, cursor: page.next }) }, 'Berikutnya →'));
  card.append(nav);
  view.append(card);
}
