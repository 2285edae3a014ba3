// Indikator: statistics office indicators (poverty rate, HDI, Gini, ...). Everyone sees
// the stored values with their source (GET /indicators); roles with the verify
// permission upload the table (POST /indicators/import, with a dry run first) and see
// each refused row with its reason.
import { get, upload } from '../api.js';
import { num } from '../fmt.js';
import { h, field, pageHead, table, showError, clearErrors } from '../ui.js';
import { withNames } from './program.js';

const COLUMNS = { kode_wilayah: 'Kode wilayah', tahun: 'Tahun', indikator: 'Indikator', nilai: 'Nilai', sumber: 'Sumber', berkas: 'Berkas', region: 'Kode wilayah', wilayah: 'Kode wilayah' };

function valueText(x) {
  return Number(x.value).toLocaleString('id-ID', { maximumFractionDigits: 3 });
}

export async function render(view, ctx) {
  view.append(pageHead('Indikator wilayah', 'Angka kemiskinan, IPM, rasio Gini dan lainnya dari BPS per wilayah dan tahun'));
  const list = h('div');
  const draw = async () => {
    const { items } = await get('/indicators');
    const names = await withNames(items.map((x) => x.region));
    list.replaceChildren(items.length ? table([
      { label: 'Wilayah', cell: (x) => names.get(x.region) || x.region },
      { label: 'Tahun', cls: 'num', cell: (x) => x.year },
      { label: 'Indikator', cell: (x) => x.label || x.name },
      { label: 'Nilai', cls: 'num', cell: valueText },
      { label: 'Sumber', cell: (x) => x.source || '—' },
    ], items, { label: 'Indikator tersimpan' }) : h('p.empty', 'Belum ada indikator tersimpan.'));
  };

  if (ctx.can('verify')) {
    const file = field({ name: 'file', label: 'Berkas indikator (CSV atau XLSX)', type: 'file', required: true,
      hint: 'Kolom: kode_wilayah, tahun, indikator, nilai, sumber (pilihan). Indikator: persentase_penduduk_miskin, jumlah_penduduk_miskin, ipm, gini, inflasi, pertumbuhan_ekonomi, tpt.',
      attrs: { accept: '.csv,.xlsx' } });
    const dry = h('input#dry-run', { type: 'checkbox', checked: true });
    const btn = h('button', { type: 'submit' }, 'Unggah');
    const out = h('div', { 'aria-live': 'polite' });
    const form = h('form.card#indicator-import', { novalidate: true, 'aria-label': 'Unggah indikator' }, h('h2', 'Unggah indikator'), file,
      h('div.field', h('label', { style: 'font-weight:500;display:flex;gap:.5rem;align-items:center' }, dry, 'Periksa saja (tidak menyimpan apa pun)')),
      h('div.actions', btn), out);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(form);
      out.replaceChildren();
      const f = file.input.files[0];
      if (!f) return showError(form, { field: 'file', message: 'Pilih berkas terlebih dahulu' });
      btn.disabled = true;
      try {
        const r = await upload('/indicators/import' + (dry.checked ? '?dry_run=1' : ''), f);
        out.append(h('div', { class: `alert ${r.rejected ? 'warn' : 'ok'}`, role: 'status', id: 'indicator-result' },
          r.dry_run ? `Pemeriksaan saja: ${num(r.stored)} baris sah (${num(r.replaced)} akan mengganti nilai lama), ${num(r.rejected)} ditolak. Tidak ada yang disimpan.`
            : `Tersimpan: ${num(r.stored)} baris (${num(r.replaced)} mengganti nilai lama), ${num(r.rejected)} ditolak.`));
        if (r.rejects.length) {
          out.append(h('h3', 'Baris yang ditolak'), table([
            { label: 'Baris', cls: 'num', cell: (x) => x.row },
            { label: 'Kolom', cell: (x) => COLUMNS[x.column] || x.column },
            { label: 'Alasan', cell: (x) => x.reason },
          ], r.rejects, { label: 'Baris yang ditolak' }));
        }
        if (!r.dry_run) await draw();
      } catch (e) {
        showError(form, e);
      } finally {
        btn.disabled = false;
      }
    });
    view.append(form);
  }
  await draw();
  view.append(h('div.card#indicators', h('h2', 'Indikator tersimpan'), list));
}
