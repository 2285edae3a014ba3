// Cari: people and households by NIK, KK, name and region; paged results.
import { get, qs } from '../api.js';
import { num, categoryLabel } from '../fmt.js';
import { h, field, pageHead, showError, clearErrors } from '../ui.js';
import { peopleTable } from '../people.js';

export async function render(view, ctx, { query }) {
  const q = Object.fromEntries(query.entries());
  const nik = field({ name: 'nik', label: 'NIK', value: q.nik, hint: '16 angka', attrs: { inputmode: 'numeric', maxlength: 16, autocomplete: 'off' } });
  const kk = field({ name: 'kk', label: 'No. KK', value: q.kk, hint: '16 angka', attrs: { inputmode: 'numeric', maxlength: 16, autocomplete: 'off' } });
  const name = field({ name: 'q', label: 'Nama', value: q.q, hint: 'Sebagian nama, mis. "siti rahma"', attrs: { autocomplete: 'off' } });
  const region = field({ name: 'region', label: 'Kode wilayah', value: q.region, hint: `Awalan kode, mis. ${ctx.user.scope || '64.74'}.01`, attrs: { autocomplete: 'off' } });
  const state = field({ name: 'state', label: 'Status', value: q.state, options: [['', 'Semua'], ['draft', 'Draf'], ['verified', 'Terverifikasi'], ['rejected', 'Ditolak']] });
  const cats = await ctx.pmks();
  const cat = field({ name: 'category', label: 'Kategori PMKS', value: q.category, options: [['', 'Semua'], ...cats.map((c) => [String(c.code), categoryLabel(c)])] });
  const form = h('form.card', { role: 'search', novalidate: true },
    h('div.form-row', nik, kk, name), h('div.form-row', region, state, cat),
    h('div.actions', h('button', { type: 'submit' }, 'Cari'), h('button.secondary', { type: 'reset' }, 'Kosongkan')));
  const results = h('div.card', { 'aria-live': 'polite' });
  view.append(pageHead('Cari', 'Temukan orang dan keluarga dalam wilayah Anda'), form, results);

  const cursors = [''];
  let page = 0;
  let params = null;

  async function run() {
    clearErrors(form);
    results.replaceChildren(h('p.loading', 'Mencari…'));
    try {
      const r = await get('/people' + qs({ ...params, cursor: cursors[page], limit: 25 }));
      if (r.next && cursors.length === page + 1) cursors.push(r.next);
      const first = page * 25 + 1;
      const head = h('div.page-head', { style: 'margin-bottom:.5rem' },
        h('h2', { style: 'margin:0' }, r.items.length ? `Hasil ${num(first)}–${num(first + r.items.length - 1)}` : 'Hasil'));
      const extra = [];
      if (params.kk && r.items.length && r.items[0].household_id) {
        extra.push(h('p', h('a.button.secondary.small', { href: '#/keluarga/' + r.items[0].household_id }, 'Buka keluarga ini')));
      }
      results.replaceChildren(head, ...extra,
        r.items.length ? peopleTable(r.items, { label: 'Hasil pencarian' })
          : h('p.empty', 'Tidak ada orang yang cocok di wilayah Anda.'),
        h('div.pager',
          h('button.secondary', { type: 'button', disabled: page === 0, onclick: () => { page--; run(); } }, '← Sebelumnya'),
          h('span.muted', `Halaman ${page + 1}`),
          h('button.secondary', { type: 'button', disabled: !r.next, onclick: () => { page++; run(); } }, 'Berikutnya →')));
    } catch (e) {
      results.replaceChildren(h('p.muted', 'Perbaiki isian pencarian di atas.'));
      showError(form, e);
    }
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const p = { nik: nik.input.value.trim(), kk: kk.input.value.trim(), q: name.input.value.trim(), region: region.input.value.trim(), state: state.input.value, category: cat.input.value };
    clearErrors(form);
    if (p.nik && !/^\d{16}$/.test(p.nik)) return showError(form, { field: 'nik', message: `NIK harus 16 angka, terisi ${p.nik.replace(/\D/g, '').length} angka` });
    if (p.kk && !/^\d{16}$/.test(p.kk)) return showError(form, { field: 'kk', message: 'No. KK harus 16 angka' });
    params = p;
    cursors.length = 1;
    page = 0;
    history.replaceState(null, '', '#/cari' + qs(p));
    run();
  });
  form.addEventListener('reset', () => { setTimeout(() => { results.replaceChildren(h('p.muted', 'Isi salah satu kolom lalu tekan Cari.')); }, 0); });
  if (Object.values(q).some(Boolean)) {
    params = { nik: q.nik, kk: q.kk, q: q.q, region: q.region, state: q.state, category: q.category };
    await run();
  } else {
    results.append(h('p.muted', 'Isi salah satu kolom lalu tekan Cari. Tanpa isian, tekan Cari untuk melihat semua orang di wilayah Anda.'));
  }
}
