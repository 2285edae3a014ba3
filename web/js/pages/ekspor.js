// Ekspor: people of the user's area in the canonical columns (CSV or XLSX) with the
// filters of GET /api/v1/exports: area, verification state, PMKS category.
import { qs, ApiError } from '../api.js';
import { num } from '../fmt.js';
import { h, pageHead, notify, showError, clearErrors } from '../ui.js';
import { areaSelect } from '../area-select.js';
import { saveBlob } from '../lookup.js';

const STATES = [['', 'Semua status'], ['draft', 'Draf (belum diverifikasi)'], ['verified', 'Terverifikasi'], ['rejected', 'Ditolak']];

export async function render(view, ctx) {
  const cats = await ctx.pmks();
  view.append(pageHead('Ekspor data', `Orang di ${ctx.user.scope ? 'wilayah Anda' : 'semua wilayah'} dalam kolom baku Pilar (dapat diimpor kembali)`));
  if (!ctx.can('full_nik')) {
    view.append(h('div.alert.warn', { role: 'status' },
      'Untuk peran Anda, NIK dan No. KK ditulis sebagai nama samaran (PS-…/PK-…) dan tanggal lahir sebagai tahun saja. Berkas ini tidak dapat diimpor kembali.'));
  }
  const area = areaSelect({ name: 'region', label: 'Wilayah', scope: ctx.user.scope });
  const state = h('select', { id: 'f-state', name: 'state' }, STATES.map(([v, t]) => h('option', { value: v }, t)));
  const cat = h('select', { id: 'f-category', name: 'category' }, h('option', { value: '' }, 'Semua kategori'),
    cats.map((c) => h('option', { value: c.code }, `${c.code}. ${c.label || c.name}`)));
  const fmtRadio = (v, t, checked) => h('label', { for: 'fmt-' + v },
    h('input', { type: 'radio', name: 'format', id: 'fmt-' + v, value: v, checked }), t);
  const go = h('button', { type: 'submit', id: 'export-go' }, 'Unduh');
  const result = h('div', { id: 'export-result', role: 'status' });
  const form = h('form.card', { novalidate: true, 'aria-label': 'Ekspor data' },
    h('h2', 'Pilih data'), area,
    h('div.form-row',
      h('div.field', { 'data-field': 'state' }, h('label', { for: 'f-state' }, 'Status verifikasi'), state, h('div.error', { role: 'alert' })),
      h('div.field', { 'data-field': 'category' }, h('label', { for: 'f-category' }, 'Kategori PMKS (yang berlaku hari ini)'), cat, h('div.error', { role: 'alert' }))),
    h('fieldset', { style: 'border:0;padding:0;margin:0' }, h('legend', 'Format berkas'),
      h('div.choice', fmtRadio('csv', 'CSV (teks, untuk aplikasi apa pun)', true), fmtRadio('xlsx', 'XLSX (Excel)', false))),
    h('div.actions', go), result);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    result.replaceChildren();
    const format = form.querySelector('input[name="format"]:checked').value;
    const params = { region: area.value(), state: state.value, category: cat.value, format };
    go.disabled = true;
    go.textContent = 'Menyiapkan berkas…';
    try {
      const resp = await fetch('/api/v1/exports' + qs(params), { credentials: 'same-origin' });
      if (!resp.ok) {
        let e = null;
        try { e = (await resp.json()).error; } catch (_) { /* not JSON */ }
        if (resp.status === 401) window.dispatchEvent(new CustomEvent('pilar:expired'));
        throw new ApiError(resp.status, e ? e.code : 'http', (e && e.message) || `Ekspor gagal (${resp.status}).`, e ? e.field : '');
      }
      const rows = Number(resp.headers.get('X-Pilar-Rows') || 0);
      const blob = await resp.blob();
      const where = (area.text() || ctx.user.scope || 'semua').replace(/[^\w.-]+/g, '-');
      saveBlob(blob, `pilar-${where}.${format}`);
      result.replaceChildren(h('div.alert', { class: 'alert ' + (rows ? 'ok' : 'warn') },
        rows ? `${num(rows)} orang diekspor ke berkas ${format.toUpperCase()}.` : 'Tidak ada orang yang cocok dengan pilihan ini; berkas hanya berisi judul kolom.'));
      notify(`Ekspor selesai: ${num(rows)} orang.`);
    } catch (e) {
      showError(form, e);
    } finally {
      go.disabled = false;
      go.textContent = 'Unduh';
    }
  });
  view.append(form);
  await area.ready;
}
