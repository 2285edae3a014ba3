// Impor: upload a CSV/XLSX/ODS, show the progress, the summary, the rejected rows grouped by
// reason (read from the rejects file), a warning for families whose head was rejected while
// members were stored, the rejects file named after the upload, and the user's past imports;
// offer the template.
import { upload, get, qs } from '../api.js';
import { num, dateTime } from '../fmt.js';
import { h, field, pageHead, showError, clearErrors, table, capitalize } from '../ui.js';

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
  const history = h('div.card#import-history');
  view.append(pageHead('Impor data', 'Unggah daftar penerima dari Excel (XLSX), LibreOffice (ODS) atau CSV; baris di luar wilayah Anda atau yang tidak sah ditolak dan dapat diunduh'), tpl, form, result, history);
  history.append(...(await pastImports()));

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
      const why = await rejectedRows(s);
      if (why) result.append(why);
      history.replaceChildren(...(await pastImports()));
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
      s.committed ? `Tersimpan: ${num(s.inserted + s.updated)} orang baru/diperbarui dari ${num(s.read)} baris.`
        : `Pemeriksaan saja: tidak ada yang disimpan. Bila diimpor, ${num(s.inserted)} orang akan ditambahkan dan ${num(s.updated)} orang yang sudah tersimpan akan ditimpa datanya.`,
      s.rejected ? ` ${num(s.rejected)} baris ditolak.` : ' Tidak ada baris yang ditolak.',
      s.pending ? ` ${num(s.pending)} baris menunggu pemeriksaan oleh kantor pemilik data.` : ''),
    table([{ label: 'Keterangan', cell: (r) => r[0] }, { label: 'Jumlah', cls: 'num', cell: (r) => num(r[1]) }], rows, { label: 'Ringkasan impor' }));
  if (s.sheet || s.header_row > 1) card.append(h('p#import-read-from', `Dibaca: ${s.sheet ? `lembar '${s.sheet}', ` : ''}baris judul ${s.header_row}`));
  if (s.signature_rows) card.append(h('p.muted#import-signature', `Baris ${s.signature_rows.from}–${s.signature_rows.to} dibaca sebagai blok tanda tangan, tidak diimpor.`));
  // A dry run names the stored values the import would overwrite.
  if (!s.committed && s.overwrites && s.overwrites.length) {
    const KEYS = { name: 'Nama', birth_place: 'Tempat lahir', birth_date: 'Tanggal lahir', sex: 'Jenis kelamin', relationship: 'Hubungan keluarga', mother_name: 'Nama ibu kandung', disability: 'Disabilitas', village_code: 'Desa' };
    card.append(h('div#import-overwrites', h('h3', `Nilai tersimpan yang akan ditimpa (${num(s.overwrites_total)})`),
      table([
        { label: 'Orang', cell: (o) => h('a', { href: '#/orang/' + o.id }, o.name) },
        { label: 'Isian', cell: (o) => KEYS[o.field] || o.field },
        { label: 'Tersimpan', cell: (o) => (o.hidden ? '(tidak ditampilkan)' : o.before) },
        { label: 'Dari berkas', cell: (o) => (o.hidden ? '(tidak ditampilkan)' : o.after || '(dikosongkan)') },
      ], s.overwrites, { label: 'Nilai yang akan ditimpa' }),
      s.overwrites_total > s.overwrites.length ? h('p.muted', `Ditampilkan ${num(s.overwrites.length)} pertama.`) : null));
  }
  if (s.unknown_columns && s.unknown_columns.length) card.append(h('p.muted', `Kolom tidak dikenal (diabaikan): ${s.unknown_columns.join(', ')}`));
  if (s.rejects) {
    const name = s.rejects_name || rejectsName(s.file);
    const href = s.rejects + (s.rejects_stem ? '?name=' + encodeURIComponent(s.rejects_stem) : '');
    card.append(h('div.actions', h('a.button#rejects-link', { href, download: name }, `Unduh baris yang ditolak (${name})`),
      h('span.muted', 'Berisi kolom asli ditambah kolom "alasan". Perbaiki lalu impor lagi.')));
  }
  card.append(h('p.muted', { style: 'font-size:.82rem' }, `Format ${String(s.format || '').toUpperCase()} · ${String(s.seconds.toFixed(2)).replace('.', ',')} detik`));
  return card;
}

// "ditolak-<upload name without extension>.csv" (the server names the download the same way).
function rejectsName(file) {
  return `ditolak-${String(file || 'impor').replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9._-]/g, '_')}.csv`;
}

// Parses CSV text (RFC 4180: quotes, doubled quotes, CRLF) into rows of cells.
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', q = false;
  text = text.replace(/^\ufeff/, '');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') q = false; else cell += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n') { row.push(cell.replace(/\r$/, '')); rows.push(row); row = []; cell = ''; } else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

// One reason as a person reads it: "baris 5: tanggal_lahir: tanggal lahir 2030-01-01 di masa
// depan" -> "Tanggal lahir 2030-01-01 di masa depan"; grouped on its wording without the values.
function reasonText(r) {
  return capitalize(r.trim().replace(/^baris \d+:\s*/i, '').replace(/^[a-z_]+:\s*/, '').trim());
}
function reasonKey(t) {
  return t.replace(/'[^']*'/g, '…').replace(/\d[\d.,/-]*/g, '#');
}

// The rejected rows on screen: grouped by reason with counts and examples, and a warning
// for each family whose head was rejected while other members of it were stored.
async function rejectedRows(s) {
  if (!s.rejects || !s.rejected) return null;
  let rows;
  try {
    const resp = await fetch(s.rejects, { credentials: 'same-origin' });
    if (!resp.ok) return null;
    rows = parseCsv(await resp.text());
  } catch (_) { return null; }
  const head = rows.shift() || [];
  const col = (n) => head.indexOf(n);
  const [iWhy, iName, iKk, iRel] = [col('alasan'), col('nama'), col('no_kk'), col('hubungan_keluarga')];
  const groups = new Map();
  for (const r of rows) {
    if (!r.length || r.every((x) => !x)) continue;
    for (const part of String(r[iWhy] || 'tanpa alasan').split(/;\s*/)) {
      if (!part.trim()) continue;
      const t = reasonText(part);
      const k = reasonKey(t);
      if (!groups.has(k)) groups.set(k, { text: t, n: 0, names: [] });
      const g = groups.get(k);
      g.n++;
      if (g.names.length < 3 && iName >= 0 && r[iName]) g.names.push(r[iName]);
    }
  }
  const list = [...groups.values()].sort((a, b) => b.n - a.n);
  const card = h('div.card#rejects-grouped', h('h2', `Baris yang ditolak menurut alasan (${num(s.rejected)} baris)`),
    table([
      { label: 'Alasan', cell: (g) => g.text },
      { label: 'Baris', cls: 'num', cell: (g) => num(g.n) },
      { label: 'Contoh', cell: (g) => g.names.join(', ') || '—' },
    ], list, { label: 'Alasan penolakan' }),
    h('p.muted', 'Satu baris dapat ditolak karena beberapa alasan sekaligus. Perbaiki baris di berkas tolakan lalu impor lagi.'));
  // Heads of families rejected while members of the same KK were stored: the family is incomplete.
  if (s.committed && iKk >= 0 && iRel >= 0) {
    const heads = rows.filter((r) => /kepala/i.test(r[iRel] || '') && /^\d{16}$/.test(r[iKk] || '')).slice(0, 20);
    const warn = [];
    for (const r of heads) {
      try {
        const got = await get('/people' + qs({ kk: r[iKk], limit: 100 }));
        if (got.items.length) warn.push(h('li', `Kepala keluarga ${r[iName] || ''} (No. KK ${r[iKk]}) ditolak, tetapi ${num(got.items.length)} anggota keluarganya sudah tersimpan. `,
          h('a', { href: '#/keluarga/' + got.items[0].household_id }, 'Buka keluarga')));
      } catch (_) { /* no NIK search for this role: nothing to say */ }
    }
    if (warn.length) card.prepend(h('div.alert.warn#head-rejected', { role: 'alert' }, h('strong', 'Keluarga tanpa kepala keluarga: '), h('ul', warn)));
  }
  return card;
}

// The user's past imports (GET /imports): when, which file, what happened.
async function pastImports() {
  let items = [];
  try { items = (await get('/imports?limit=20')).items; } catch (_) { return []; }
  return [h('h2', 'Riwayat impor'), items.length ? table([
    { label: 'Waktu', cell: (x) => dateTime(x.at) },
    { label: 'Berkas', cell: (x) => x.file || '—' },
    { label: 'Oleh', cell: (x) => x.actor },
    { label: 'Dibaca', cls: 'num', cell: (x) => num(x.read) },
    { label: 'Baru', cls: 'num', cell: (x) => num(x.inserted) },
    { label: 'Diperbarui', cls: 'num', cell: (x) => num(x.updated) },
    { label: 'Ditolak', cls: 'num', cell: (x) => num(x.rejected) },
  ], items, { label: 'Riwayat impor' }) : h('p.muted', 'Belum ada impor.')];
}
