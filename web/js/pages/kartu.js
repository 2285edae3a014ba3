// Kartu disabilitas: find a person, print their disability card (PDF with a QR code that
// opens the public check page /kartu/{token}), print it again, replace it with a new
// number (lost or damaged card) or revoke it. Operators who may change data.
import { get, post, qs, ApiError } from '../api.js';
import { date, dateTime } from '../fmt.js';
import { h, field, pageHead, table, notify, showError, clearErrors, capitalize } from '../ui.js';
import { regionNames, regionPath, disabilityLabel, saveBlob } from '../lookup.js';

export async function render(view, ctx, { args, query }) {
  if (args[0]) return person(view, ctx, args[0]);
  view.append(pageHead('Kartu disabilitas', 'Cetak, ganti dan cabut kartu penyandang disabilitas; kode QR pada kartu membuka halaman pemeriksaan kartu'));
  const nik = field({ name: 'nik', label: 'NIK', value: query.get('nik') || '', attrs: { inputmode: 'numeric', maxlength: 16, autocomplete: 'off' } });
  const name = field({ name: 'q', label: 'Nama', value: query.get('q') || '', attrs: { autocomplete: 'off' } });
  const form = h('form.card', { novalidate: true, 'aria-label': 'Cari penyandang disabilitas' }, h('h2', 'Cari orang'),
    h('div.form-row', nik, name), h('div.actions', h('button', { type: 'submit' }, 'Cari')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const n = nik.input.value.replace(/\D/g, ''), q = name.input.value.trim();
    if (!n && !q) return showError(form, { field: 'q', message: 'Isi NIK atau nama orang yang dicari' });
    if (n && n.length !== 16) return showError(form, { field: 'nik', message: 'NIK harus 16 digit' });
    location.hash = '#/kartu' + qs(n ? { nik: n } : { q });
  });
  view.append(form);
  const n = query.get('nik'), q = query.get('q');
  if (!n && !q) return;
  let items;
  try {
    items = (await get('/people' + qs(n ? { nik: n, limit: 50 } : { q, limit: 50 }))).items;
  } catch (e) {
    showError(form, e);
    return;
  }
  const names = await regionNames(items.map((p) => p.village_code));
  const card = h('div.card#card-results', h('h2', `Hasil (${items.length})`));
  if (!items.length) card.append(h('div.empty', h('p', 'Tidak ada orang yang cocok di wilayah Anda.')));
  else {
    card.append(table([
      { label: 'Nama', cell: (p) => h('a', { href: '#/kartu/' + p.id }, p.name) },
      { label: 'NIK', cell: (p) => h('span.mono', p.nik || 'tanpa NIK') },
      { label: 'Desa', cell: (p) => names[p.village_code] || p.village_code },
      { label: 'Disabilitas', cell: (p) => disabilityLabel(p.disability) || h('span.muted', 'tidak tercatat') },
      { label: 'Tindakan', cell: (p) => h('a.button.small.secondary', { href: '#/kartu/' + p.id }, 'Buka kartu') },
    ], items, { label: 'Hasil pencarian kartu' }));
  }
  view.append(card);
}

// POST that answers a PDF: saved as a download; the card's token comes back in a header.
async function postPdf(ctx, path, body) {
  const headers = { Accept: 'application/pdf, application/json', 'Content-Type': 'application/json' };
  if (ctx.user.csrf_token) headers['X-CSRF-Token'] = ctx.user.csrf_token;
  const resp = await fetch('/api/v1' + path, { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify(body || {}) });
  if (!resp.ok) {
    let e = null;
    try { e = (await resp.json()).error; } catch (_) { /* not JSON */ }
    if (resp.status === 401) window.dispatchEvent(new CustomEvent('pilar:expired'));
    throw new ApiError(resp.status, e ? e.code : 'http', (e && e.message) || `Gagal (${resp.status}).`, e ? e.field : '');
  }
  const token = resp.headers.get('X-Pilar-Card-Token') || '';
  saveBlob(await resp.blob(), `kartu-${token || 'disabilitas'}.pdf`);
  return { token, reprint: resp.headers.get('X-Pilar-Card-Reprint') === '1' };
}

async function person(view, ctx, id) {
  const [p, cards] = await Promise.all([get('/people/' + id), get(`/people/${id}/cards`)]);
  const reload = () => { location.hash = `#/kartu/${id}?t=${Date.now()}`; };
  const where = await regionPath(p.village_code);
  const active = cards.items.find((c) => c.status === 'valid');
  view.append(pageHead(`Kartu ${p.name}`, `${p.nik || 'tanpa NIK'} · ${where}`,
    h('a.button.secondary.small', { href: '#/kartu' }, 'Cari orang lain'),
    h('a.button.secondary.small', { href: '#/orang/' + p.id }, 'Data orang')));
  const info = h('div.card', h('h2', 'Penyandang disabilitas'),
    h('p', h('strong', 'Jenis disabilitas: '), disabilityLabel(p.disability) || h('span.muted', 'tidak tercatat')),
    h('p', h('strong', 'Kartu berlaku: '), active ? h('span', h('span.badge.verified', 'berlaku'), ' ',
      h('a#check-link', { href: active.url, target: '_blank', rel: 'noopener' }, 'Periksa kartu (halaman publik)')) : h('span.muted', 'belum ada')));
  view.append(info);
  let problem = null;
  if (!p.nik) problem = 'Kartu hanya untuk orang yang sudah ber-NIK. Catat NIK-nya dahulu di halaman data orang.';
  else if (!p.disability) problem = 'Jenis disabilitas belum tercatat. Isi kolom disabilitas di halaman data orang, lalu cetak kartu.';
  else if (p.death_date) problem = `Tercatat meninggal pada ${date(p.death_date)}; kartu tidak dapat dicetak.`;

  const box = h('div', { id: 'card-actions' });
  const actions = h('div.card', h('h2', 'Tindakan'), box);
  const err = h('div', { role: 'alert' });
  const run = async (btn, fn) => {
    btn.disabled = true;
    err.replaceChildren();
    try { await fn(); } catch (e) { err.replaceChildren(h('div.alert.error', capitalize(e.message))); btn.disabled = false; }
  };
  if (problem) {
    box.append(h('div.alert.warn#card-problem', { role: 'status' }, problem));
  } else {
    const print = h('button#card-print', { type: 'button' }, active ? 'Cetak ulang kartu ini' : 'Cetak kartu');
    print.addEventListener('click', () => run(print, async () => {
      const r = await postPdf(ctx, `/people/${p.id}/card`);
      notify(r.reprint ? 'Kartu dicetak ulang (nomor tetap).' : 'Kartu baru dicetak.');
      reload();
    }));
    box.append(h('p.muted', active ? 'Mencetak ulang memakai nomor dan kode QR yang sama.' : 'Kartu baru mendapat nomor dan kode QR sendiri.'),
      h('div.actions', { style: 'justify-content:flex-start' }, print));
    if (active) {
      const reason = field({ name: 'reason', label: 'Alasan', required: true, hint: 'Mis. kartu hilang, rusak, data berubah' });
      const replace = h('button.secondary#card-reissue', { type: 'button' }, 'Ganti dengan nomor baru');
      const revoke = h('button.danger#card-revoke', { type: 'button' }, 'Cabut kartu');
      const form = h('form', { novalidate: true, 'aria-label': 'Ganti atau cabut kartu' },
        h('h3', 'Ganti atau cabut kartu'), reason, h('div.actions', { style: 'justify-content:flex-start' }, replace, revoke));
      const need = () => {
        clearErrors(form);
        if (reason.input.value.trim()) return reason.input.value.trim();
        showError(form, { field: 'reason', message: 'Alasan wajib diisi' });
        return null;
      };
      replace.addEventListener('click', () => {
        const why = need();
        if (!why) return;
        run(replace, async () => {
          await postPdf(ctx, `/people/${p.id}/card/reissue`, { reason: why });
          notify('Kartu lama dicabut; kartu baru dicetak.');
          reload();
        });
      });
      revoke.addEventListener('click', () => {
        const why = need();
        if (!why) return;
        if (!window.confirm(`Cabut kartu ${p.name}? Halaman pemeriksaan akan menampilkan kartu ini sebagai DICABUT.`)) return;
        run(revoke, async () => {
          try {
            await post(`/people/${p.id}/card/revoke`, { reason: why });
          } catch (e) { if (e.field) return showError(form, e); throw e; }
          notify('Kartu dicabut.');
          reload();
        });
      });
      form.addEventListener('submit', (ev) => ev.preventDefault());
      box.append(form);
    }
  }
  box.append(err);
  view.append(actions);

  const hist = h('div.card#card-history', h('h2', 'Riwayat kartu'));
  if (!cards.items.length) hist.append(h('p.muted', 'Belum pernah dicetak.'));
  else {
    hist.append(table([
      { label: 'Nomor kartu', cell: (c) => h('span.mono', c.token) },
      { label: 'Status', cell: (c) => (c.status === 'valid' ? h('span.badge.verified', 'berlaku') : h('span.badge.rejected', 'dicabut')) },
      { label: 'Dicetak', cell: (c) => `${dateTime(c.issued_at)} oleh ${c.issued_by}` },
      { label: 'Dicabut', cell: (c) => (c.revoked_at ? `${dateTime(c.revoked_at)} oleh ${c.revoked_by}: ${c.reason || '—'}` : '—') },
      { label: 'Pemeriksaan', cell: (c) => h('a', { href: c.url, target: '_blank', rel: 'noopener' }, 'Buka') },
    ], cards.items, { label: 'Riwayat kartu' }));
  }
  view.append(hist);
}
