// Penyaluran: non-cash disbursement batches (GET /batches): create one for a program
// and period (POST /programs/{code}/batches), approve it (POST /batches/{id}/approve),
// download the bank's transfer file (POST /batches/{id}/transfer-file) and upload the
// bank's status file (POST /batches/{id}/reconcile). Writes need the verify permission.
import { get, post, qs, upload, postForFile } from '../api.js';
import { num, rupiah, dateTime } from '../fmt.js';
import { h, field, pageHead, table, showError, clearErrors, notify } from '../ui.js';
import { currentQuarter, withNames } from './program.js';

export const BATCH_STATUS = {
  draft: 'Draf', approved: 'Disetujui', exported: 'Berkas transfer dibuat', reconciled: 'Selesai direkonsiliasi',
};
export const PAY_STATUS = { pending: 'Menunggu', paid: 'Dibayar', failed: 'Gagal', returned: 'Dikembalikan' };
const BADGE = { draft: 'draft', approved: 'verified', exported: 'verified', reconciled: 'verified' };
const PERIOD_RE = /^\d{4}(-(S[12]|Q[1-4]|0[1-9]|1[0-2]))?$/;

function save(blob, name) {
  const a = h('a', { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

export async function render(view, ctx, { query }) {
  const { items: programs } = await get('/programs');
  const progName = new Map(programs.map((p) => [p.code, p.name]));
  const canWrite = ctx.can('verify');
  view.append(pageHead('Penyaluran bantuan', 'Batch pembayaran nontunai per program dan periode: setujui, unduh berkas transfer, unggah status dari bank'));

  if (canWrite) {
    const progF = field({ name: 'program', label: 'Program', options: programs.map((p) => [p.code, p.name]), value: query.get('program') || '' });
    const periodF = field({ name: 'period', label: 'Periode', value: query.get('period') || currentQuarter(), hint: 'Mis. 2026-Q3', attrs: { autocomplete: 'off', style: 'max-width:12rem' } });
    const btn = h('button', { type: 'submit' }, 'Buat batch');
    const form = h('form.card#batch-create', { novalidate: true, 'aria-label': 'Buat batch' }, h('h2', 'Buat batch baru'),
      h('p.muted', 'Batch memuat penerima periode itu yang punya rekening dan tanpa temuan integritas; pemeriksaan integritas dijalankan lebih dulu.'),
      h('div.form-row', progF, periodF), h('div.actions', btn));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(form);
      const period = periodF.input.value.trim();
      if (!PERIOD_RE.test(period)) return showError(form, { field: 'period', message: 'Periode harus berbentuk 2026, 2026-S1, 2026-Q3 atau 2026-03' });
      btn.disabled = true;
      try {
        const b = await post(`/programs/${encodeURIComponent(progF.input.value)}/batches`, { period });
        notify(`Batch #${b.id} dibuat: ${num(b.items)} penerima, ${rupiah(b.total)}`, 'ok');
        ctx.go('penyaluran' + qs({ batch: b.id, skipped: `${b.skipped_findings}.${b.skipped_no_account}` }));
      } catch (e) {
        showError(form, e);
      } finally {
        btn.disabled = false;
      }
    });
    view.append(form);
  }

  const { items } = await get('/batches');
  const open = Number(query.get('batch') || (items[0] && items[0].id) || 0);
  view.append(h('div.card', h('h2', 'Daftar batch'), items.length ? table([
    { label: 'No.', cell: (b) => h('a', { href: '#/penyaluran' + qs({ batch: b.id }) }, `#${b.id}`) },
    { label: 'Program', cell: (b) => progName.get(b.program) || b.program },
    { label: 'Periode', cell: (b) => b.period },
    { label: 'Status', cell: (b) => h(`span.badge.${BADGE[b.status] || 'draft'}`, BATCH_STATUS[b.status] || b.status) },
    { label: 'Penerima', cls: 'num', cell: (b) => num(b.items) },
    { label: 'Jumlah', cls: 'num', cell: (b) => rupiah(b.total) },
  ], items, { label: 'Daftar batch' }) : h('p.empty', 'Belum ada batch.')));

  if (open) await renderBatch(view, ctx, open, progName, query.get('skipped'));
}

async function renderBatch(view, ctx, id, progName, skipped) {
  const box = h('div.card#batch', { 'data-batch': id });
  view.append(box);
  let b;
  try {
    b = await get('/batches/' + id);
  } catch (e) {
    box.append(h('div.alert.error', { role: 'alert' }, e.message));
    return;
  }
  const names = await withNames(b.totals.map((t) => t.region));
  const stat = (label, value, sub) => h('div.stat', h('div.label', label), h('div.value', value), sub ? h('div.sub', sub) : null);
  const notice = h('div', { 'aria-live': 'polite' });
  const actions = h('div.actions', { style: 'justify-content:flex-start' });
  const badge = h(`span.badge.${BADGE[b.status] || 'draft'}`, BATCH_STATUS[b.status] || b.status);
  box.append(h('h2', `Batch #${b.id}: ${progName.get(b.program) || b.program}, periode ${b.period}`),
    h('div.stats', stat('Status', badge,
      b.approved_at ? `disetujui ${dateTime(b.approved_at)} oleh ${b.approved_by}` : 'belum disetujui'),
    stat('Penerima', num(b.items)), stat('Jumlah', rupiah(b.total))),
    ...(skipped ? [h('p.muted', `Tidak dimasukkan: ${num(Number(skipped.split('.')[0]))} karena temuan integritas, ${num(Number(skipped.split('.')[1]))} tanpa rekening.`)] : []),
    notice, actions);
  const totals = h('div');
  const drawTotals = (list) => totals.replaceChildren(list.length ? table([
    { label: 'Kabupaten/kota', cell: (t) => names.get(t.region) || t.region },
    { label: 'Status pembayaran', cell: (t) => PAY_STATUS[t.status] || t.status },
    { label: 'Penerima', cls: 'num', cell: (t) => num(t.items) },
    { label: 'Jumlah', cls: 'num', cell: (t) => rupiah(t.amount) },
  ], list, { label: 'Rincian per wilayah dan status' }) : h('p.empty', 'Batch ini kosong.'));
  drawTotals(b.totals);
  box.append(h('h3', 'Per wilayah dan status pembayaran'), totals);
  if (!ctx.can('verify')) return;

  const reload = () => { location.hash = '#/penyaluran' + qs({ batch: id, t: Date.now() }); };
  const fail = (e) => notice.replaceChildren(h('div.alert.error', { role: 'alert' }, e.message));
  if (b.status === 'draft') {
    const approve = h('button#approve', { type: 'button' }, 'Setujui batch');
    approve.addEventListener('click', async () => {
      if (!confirm(`Setujui batch #${b.id} (${num(b.items)} penerima, ${rupiah(b.total)})? Isinya tidak dapat diubah lagi.`)) return;
      approve.disabled = true;
      try {
        await post(`/batches/${b.id}/approve`);
        notify(`Batch #${b.id} disetujui`, 'ok');
        reload();
      } catch (e) {
        fail(e);
        approve.disabled = false;
      }
    });
    actions.append(approve);
  }
  if (b.status === 'approved' || b.status === 'exported' || b.status === 'reconciled') {
    const dl = h('button.secondary#transfer-file', { type: 'button' }, 'Unduh berkas transfer (CSV)');
    dl.addEventListener('click', async () => {
      dl.disabled = true;
      try {
        const f = await postForFile(`/batches/${b.id}/transfer-file`);
        save(f.blob, f.name);
        notice.replaceChildren(h('div.alert.ok', { role: 'status' }, `Berkas ${f.name} diunduh: ${num(f.rows)} baris. Kirim ke bank penyalur.`));
        if (b.status === 'approved') setTimeout(reload, 1200);
      } catch (e) {
        fail(e);
      } finally {
        dl.disabled = false;
      }
    });
    actions.append(dl);
  }
  if (b.status === 'exported') {
    const file = field({ name: 'file', label: 'Berkas status dari bank (CSV atau XLSX)', type: 'file', required: true, hint: 'Kolom: referensi, status (paid, failed atau returned), alasan', attrs: { accept: '.csv,.xlsx' } });
    const btn = h('button', { type: 'submit' }, 'Unggah status bank');
    const form = h('form#reconcile', { novalidate: true, 'aria-label': 'Unggah status bank' }, h('h3', 'Rekonsiliasi'), file, h('div.actions', btn));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(form);
      const f = file.input.files[0];
      if (!f) return showError(form, { field: 'file', message: 'Pilih berkas status dari bank terlebih dahulu' });
      btn.disabled = true;
      try {
        const r = await upload(`/batches/${b.id}/reconcile`, f);
        const x = r.reconcile;
        notice.replaceChildren(h('div.alert', { class: `alert ${x.failed || x.returned || x.unknown ? 'warn' : 'ok'}`, role: 'status', id: 'reconcile-result' },
          `Status bank diterapkan: ${num(x.paid)} dibayar, ${num(x.failed)} gagal, ${num(x.returned)} dikembalikan`,
          x.unknown ? `, ${num(x.unknown)} referensi tidak dikenal` : '',
          `; ${num(x.pending)} masih menunggu.`, x.reconciled ? ' Batch selesai direkonsiliasi.' : ''));
        // Who was not paid, how much and why (the bank's reason).
        const unpaid = r.unpaid || [];
        if (unpaid.length) {
          const unpaidNames = await withNames(unpaid.map((it) => it.village));
          notice.append(h('div#reconcile-unpaid', h('h3', `Tidak terbayar (${num(unpaid.length)})`), table([
            { label: 'Penerima', cell: (it) => h('strong', it.name) },
            { label: 'Desa', cell: (it) => unpaidNames.get(it.village) || it.village },
            { label: 'Jumlah', cls: 'num', cell: (it) => rupiah(it.amount) },
            { label: 'Status', cell: (it) => PAY_STATUS[it.status] || it.status },
            { label: 'Alasan dari bank', cell: (it) => it.reason || h('span.muted', 'tidak disebutkan') },
            { label: 'Referensi', cell: (it) => h('span.mono', it.reference) },
          ], unpaid, { label: 'Penerima yang tidak terbayar' })));
        }
        drawTotals(r.totals);
        badge.textContent = BATCH_STATUS[r.status] || r.status;
        form.remove();
      } catch (e) {
        showError(form, e);
      } finally {
        btn.disabled = false;
      }
    });
    box.append(form);
  }
}
