// Verifikasi: the drafts of the user's area, one by one or in bulk; filtered by the flag
// that asks for a check; flags, categories and villages in words. The server refuses an
// account verifying a record it registered itself (four eyes); bulk actions ask first.
import { get, post, qs } from '../api.js';
import { num, date, SEX, relationship, FLAGS, flagWords, categoryLabel } from '../fmt.js';
import { h, pageHead, notify, capitalize, ask } from '../ui.js';
import { peopleTable } from '../people.js';
import { regionName, villagePlace } from '../record.js';

// Selections up to this size act at once (the operator sees every row on screen); larger
// ones, and every bulk rejection, ask for a confirmation that names the count.
const BULK_CONFIRM_FROM = 3;

export async function render(view, ctx, { query }) {
  const region = query.get('region') || '';
  const mode = query.get('mode') || 'daftar';
  const flag = query.get('flag') || '';
  const [page, summary] = await Promise.all([
    get('/verification/queue' + qs({ region, flag, limit: 50, cursor: query.get('cursor') || '' })),
    get('/summary' + qs({ region })),
  ]);
  const area = region || ctx.user.scope;
  const areaName = area ? await regionName(area) : 'semua wilayah';
  const reload = () => { location.hash = `#/verifikasi${qs({ region, mode, flag })}&t=${Date.now()}`; };
  view.append(pageHead('Verifikasi', `${num(summary.status.draft)} data menunggu verifikasi di ${areaName}`,
    h('a.button.secondary.small', { href: '#/verifikasi' + qs({ region, flag, mode: mode === 'satu' ? 'daftar' : 'satu' }) },
      mode === 'satu' ? 'Tampilkan daftar' : 'Tinjau satu per satu')));
  const flagPick = h('select', { id: 'flag-filter', 'aria-label': 'Saring menurut tanda', onchange: () => { location.hash = '#/verifikasi' + qs({ region, mode, flag: flagPick.value }); } },
    h('option', { value: '' }, 'Semua data menunggu'), h('option', { value: 'any', selected: flag === 'any' }, 'Yang bertanda perlu diperiksa'),
    Object.entries(FLAGS).map(([k, v]) => h('option', { value: k, selected: flag === k }, capitalize(v))));
  view.append(h('div.card', { style: 'padding:.75rem 1rem' }, h('label', { for: 'flag-filter', style: 'display:flex;gap:.6rem;align-items:center;flex-wrap:wrap;margin:0' }, 'Tampilkan:', flagPick)));
  if (!page.items.length) {
    view.append(h('div.card', h('div.empty', h('h2', 'Antrean kosong'), h('p', flag ? 'Tidak ada data menunggu dengan tanda ini.' : 'Semua data di wilayah Anda sudah ditinjau.'))));
    return;
  }
  if (mode === 'satu') return oneByOne(view, page.items, reload);

  const picked = new Set();
  const count = h('span.muted', '0 dipilih');
  const boxes = [];
  const update = () => { count.textContent = `${picked.size} dipilih`; };
  const all = h('input', { type: 'checkbox', id: 'pick-all', onchange: () => {
    for (const b of boxes) { b.checked = all.checked; if (all.checked) picked.add(Number(b.value)); else picked.delete(Number(b.value)); }
    update();
  } });
  const reason = h('input', { type: 'text', id: 'bulk-reason', placeholder: 'Alasan (wajib untuk menolak)', 'aria-label': 'Alasan penolakan' });
  const err = h('div', { role: 'alert', style: 'color:var(--danger);font-weight:600' });
  const act = async (action) => {
    err.textContent = '';
    if (!picked.size) { err.textContent = 'Pilih paling sedikit satu data.'; return; }
    if (action === 'reject' && !reason.value.trim()) { err.textContent = 'Isi alasan penolakan.'; reason.focus(); return; }
    if ((action === 'reject' || picked.size >= BULK_CONFIRM_FROM) &&
        !await ask(`${action === 'verify' ? 'Verifikasi' : 'Tolak'} ${num(picked.size)} data yang dipilih sekaligus?`,
          { ok: action === 'verify' ? `Ya, verifikasi ${num(picked.size)} data` : `Ya, tolak ${num(picked.size)} data`, danger: action === 'reject' })) return;
    try {
      const r = await post('/verification/bulk', { ids: [...picked], action, reason: reason.value.trim() || undefined });
      notify(`${num(r.count)} data ${action === 'verify' ? 'diverifikasi' : 'ditolak'}.`);
      reload();
    } catch (e) { err.textContent = capitalize(e.message); }
  };
  const tableEl = peopleTable(page.items, {
    label: 'Antrean verifikasi',
    flags: true,
    select: (p) => {
      const b = h('input', { type: 'checkbox', value: p.id, 'aria-label': `Pilih ${p.name}`, onchange: () => { if (b.checked) picked.add(p.id); else picked.delete(p.id); update(); } });
      boxes.push(b);
      return b;
    },
    actions: (p) => h('button.ok.small', { type: 'button', onclick: async () => {
      try { await post(`/people/${p.id}/verify`); notify(`${p.name} diverifikasi.`); reload(); } catch (e) { notify(capitalize(e.message), 'error'); }
    } }, 'Verifikasi'),
  });
  view.append(h('div.card',
    h('div.actions', { style: 'margin:0 0 .75rem' }, h('label', { style: 'display:flex;gap:.4rem;align-items:center;margin:0' }, all, 'Pilih semua di halaman ini'), count),
    tableEl,
    h('div.actions', { style: 'margin-top:1rem' },
      h('button.ok', { type: 'button', id: 'bulk-verify', onclick: () => act('verify') }, 'Verifikasi yang dipilih'),
      h('div', { style: 'flex:1;min-width:200px' }, reason),
      h('button.danger', { type: 'button', id: 'bulk-reject', onclick: () => act('reject') }, 'Tolak yang dipilih')),
    err,
    page.next ? h('div.pager', h('span'), h('a.button.secondary', { href: '#/verifikasi' + qs({ region, flag, cursor: page.next }) }, 'Berikutnya →')) : null));
}

function oneByOne(view, items, reload) {
  let i = 0;
  const box = h('div.card');
  const show = async () => {
    const p = items[i];
    if (!p) { box.replaceChildren(h('div.empty', h('h2', 'Selesai'), h('p', 'Halaman antrean ini sudah ditinjau.'), h('button', { type: 'button', onclick: reload }, 'Muat antrean berikutnya'))); return; }
    const reason = h('input', { type: 'text', placeholder: 'Alasan penolakan', 'aria-label': 'Alasan penolakan' });
    const err = h('div', { role: 'alert', style: 'color:var(--danger);font-weight:600' });
    const done = (msg) => { notify(msg); i++; show(); };
    const [place, cats] = await Promise.all([villagePlace(p.village_code), get(`/people/${p.id}/categories`).then((r) => r.items, () => [])]);
    box.replaceChildren(
      h('p.muted', `Data ${i + 1} dari ${items.length} di halaman ini`),
      h('h2', h('a', { href: '#/orang/' + p.id }, p.name)),
      h('dl.facts', h('dt', 'NIK'), h('dd.mono', p.nik || '—'), h('dt', 'No. KK'), h('dd.mono', p.kk || '—'),
        h('dt', 'Lahir'), h('dd', `${p.birth_place || '—'}, ${date(p.birth_date)}`), h('dt', 'Jenis kelamin'), h('dd', SEX[p.sex] || '—'),
        h('dt', 'Hubungan'), h('dd', relationship(p.relationship)), h('dt', 'Ibu kandung'), h('dd', p.mother_name || '—'), h('dt', 'Desa'), h('dd', place),
        h('dt', 'Kategori PMKS'), h('dd', cats.length ? cats.map((m) => `${categoryLabel(m)}${m.valid_to ? ' (berakhir)' : ''}`).join('; ') : 'tidak ada'),
        h('dt', 'Perlu diperiksa'), h('dd', p.flags.length ? flagWords(p.flags).join('; ') : 'tidak ada')),
      h('div.actions', { style: 'margin-top:1rem' },
        h('button.ok', { type: 'button', onclick: async () => { try { await post(`/people/${p.id}/verify`); done(`${p.name} diverifikasi.`); } catch (e) { err.textContent = capitalize(e.message); } } }, 'Verifikasi'),
        h('div', { style: 'flex:1;min-width:180px' }, reason),
        h('button.danger', { type: 'button', onclick: async () => {
          if (!reason.value.trim()) { err.textContent = 'Isi alasan penolakan.'; reason.focus(); return; }
          try { await post(`/people/${p.id}/reject`, { reason: reason.value.trim() }); done(`${p.name} ditolak.`); } catch (e) { err.textContent = capitalize(e.message); }
        } }, 'Tolak'),
        h('button.secondary', { type: 'button', onclick: () => { i++; show(); } }, 'Lewati')),
      err);
    box.querySelector('button.ok').focus();
  };
  view.append(box);
  setTimeout(show, 0);
}
