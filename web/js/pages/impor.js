// Impor: upload a CSV/XLSX/ODS, show the progress, the summary and the rejects file; offer the template.
import { upload } from '../api.js';
import { num } from '../fmt.js';
import { h, field, pageHead, showError, clearErrors, table } from '../ui.js';

export async function render(view) {
  const file = field({ name: 'file', label: 'Berkas CSV, XLSX atau ODS', type: 'file', required: true, hint: 'Kolom baku: nik, no_kk, nama, tempat_lahir, tanggal_lahir, jenis_kelamin, hubungan_keluarga, nama_ibu, alamat, rt, rw, kode_desa, pmks, …', attrs: { accept: '.csv,.xlsx,.ods,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.oasis.opendocument.spreadsheet' } });
  file.input.style.padding = '.4rem';
  const dry = h('input', { type: 'checkbox', id: 'dry-run', name: 'dry_run' });
  const bar = h('span');
  const status = h('p.muted', { 'aria-live': 'polite' });
  const progress = h('div', { hidden: true }, h('div.progress', { role: 'progressbar', 'aria-label': 'Kemajuan unggahan' }, bar), status);
  const go = h('button', { type: 'submit' }, 'Unggah dan impor');
  const form = h('form.card', { novalidate: true, 'aria-label': 'Impor berkas' }, file,
    h('div.field', h('label', { style: 'font-weight:500;display:flex;gap:.5rem;align-items:center' }, dry, 'Periksa saja (tidak menyimpan apa pun)')),
    h('div.actions', go), progress);
  const result = h('div', { 'aria-live': 'polite' });
  const tpl = h('div.card', h('div.actions',
    h('a.button#template-link', { href: '/api/v1/imports/template', download: 'templat-impor-pilar.xlsx' }, 'Unduh templat'),
    h('span.muted', 'Templat XLSX: kolom NIK dan No. KK berformat Teks (Excel menyimpan angka hanya 15 digit), satu baris contoh, dan lembar "Kode" berisi kode yang sah.')));
  view.append(pageHead('Impor data', 'Unggah daftar penerima dari Excel (XLSX), LibreOffice (ODS) atau CSV; baris di luar wilayah Anda atau yang tidak sah ditolak dan dapat diunduh'), tpl, form, result);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const f = file.input.files[0];
    if (!f) return showError(form, { field: 'file', message: 'Pilih berkas terlebih dahulu' });
    if (!/\.(csv|xlsx|ods)$/i.test(f.name)) return showError(form, { field: 'file', message: 'Berkas harus berakhiran .csv, .xlsx atau .ods' });
    go.disabled = true;
    progress.hidden = false;
    bar.style.width = '0';
    status.textContent = `Mengunggah ${f.name}…`;
    result.replaceChildren();
    try {
      const s = await upload('/imports' + (dry.checked ? '?dry_run=1' : ''), f, (x) => {
        bar.style.width = `${Math.round(x * 100)}%`;
        status.textContent = x < 1 ? `Mengunggah… ${Math.round(x * 100)}%` : 'Berkas terkirim; server sedang memeriksa dan menyimpan baris…';
      });
      bar.style.width = '100%';
      status.textContent = 'Selesai.';
      result.append(summary(s));
    } catch (e) {
      progress.hidden = true;
      showError(form, e);
    } finally {
      go.disabled = false;
    }
  });
}

function summary(s) {
  const rows = [
    ['Baris dibaca', s.read], ['Orang baru', s.inserted], ['Orang diperbarui', s.updated], ['Tidak berubah', s.unchanged],
    ['Ditolak', s.rejected], ['Perlu diperiksa (ditandai)', s.flagged], ['Bentrok', s.conflicts],
    ['Keluarga baru', s.households_inserted], ['Keluarga diperbarui', s.households_updated], ['Kategori PMKS ditambahkan', s.memberships_added],
    ['Menunggu penyelesaian', s.pending || 0],
  ];
  const card = h('div.card#import-summary', h('h2', `Hasil impor ${s.file}`),
    h('div.alert', { class: `alert ${s.rejected ? 'warn' : 'ok'}` },
      s.committed ? `Tersimpan: ${num(s.inserted + s.updated)} orang baru/diperbarui dari ${num(s.read)} baris.` : 'Pemeriksaan saja: tidak ada yang disimpan.',
      s.rejected ? ` ${num(s.rejected)} baris ditolak.` : ' Tidak ada baris yang ditolak.',
      s.pending ? ` ${num(s.pending)} baris menunggu pemeriksaan oleh kantor pemilik data.` : ''),
    table([{ label: 'Keterangan', cell: (r) => r[0] }, { label: 'Jumlah', cls: 'num', cell: (r) => num(r[1]) }], rows, { label: 'Ringkasan impor' }));
  if (s.sheet || s.header_row > 1) card.append(h('p#import-read-from', `Dibaca: ${s.sheet ? `lembar '${s.sheet}', ` : ''}baris judul ${s.header_row}`));
  if (s.signature_rows) card.append(h('p.muted#import-signature', `Baris ${s.signature_rows.from}–${s.signature_rows.to} dibaca sebagai blok tanda tangan, tidak diimpor.`));
  if (s.unknown_columns && s.unknown_columns.length) card.append(h('p.muted', `Kolom tidak dikenal (diabaikan): ${s.unknown_columns.join(', ')}`));
  if (s.rejects) {
    card.append(h('div.actions', h('a.button#rejects-link', { href: s.rejects, download: `ditolak-${s.file.replace(/\.[^.]+$/, '')}.csv` }, 'Unduh baris yang ditolak (CSV)'),
      h('span.muted', 'Berisi kolom asli ditambah kolom "alasan". Perbaiki lalu impor lagi.')));
  }
  card.append(h('p.muted', { style: 'font-size:.82rem' }, `Format ${String(s.format || '').toUpperCase()} · ${String(s.seconds.toFixed(2)).replace('.', ',')} detik`));
  return card;
}
