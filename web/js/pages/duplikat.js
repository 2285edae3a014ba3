// Duplikat: probable duplicate pairs of the user's area (matching on arrival and
// `pilar dedup`), one pair side by side with the differences marked, and the
// decisions: merge (choose the id kept), not the same person, undo a merge.
import { get, post, qs } from '../api.js';
import { date, SEX, relationship, STATE } from '../fmt.js';
import { h, pageHead, table, notify, capitalize } from '../ui.js';

const STATUS = { open: 'Terbuka', merged: 'Digabung', not_same: 'Bukan orang yang sama' };

function score(x) {
  return (Math.round(x * 100) / 100).toFixed(2).replace('.', ',');
}

export async function render(view, ctx, { args, query }) {
  if (args[0]) return pair(view, ctx, args[0]);
  const status = query.get('status') || 'open';
  const min = query.get('min_score') || '0.8';
  const page = await get('/dedup/candidates' + qs({ status, min_score: min, limit: 200 }));
  view.append(pageHead('Duplikat',
    `${page.items.length} pasangan ${STATUS[status].toLowerCase()} di ${ctx.user.scope || 'semua wilayah'}`));

  const st = h('select', { id: 'f-status', name: 'status' },
    Object.entries(STATUS).map(([v, t]) => h('option', { value: v, selected: v === status }, t)));
  const ms = h('input', { id: 'f-min', name: 'min_score', type: 'number', min: '0', max: '1', step: '0.05', value: min });
  const filters = h('form.card', { 'aria-label': 'Saring pasangan' },
    h('div.form-row',
      h('div.field', h('label', { for: 'f-status' }, 'Status'), st),
      h('div.field', h('label', { for: 'f-min' }, 'Skor paling rendah'), ms)),
    h('div.actions', h('button', { type: 'submit' }, 'Terapkan')));
  filters.addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = '#/duplikat' + qs({ status: st.value, min_score: ms.value });
  });
  view.append(filters);
  if (!page.items.length) {
    view.append(h('div.card', h('div.empty', h('h2', 'Tidak ada pasangan'),
      h('p', status === 'open' ? 'Belum ada kemungkinan data ganda yang perlu ditinjau di wilayah Anda.' : 'Tidak ada pasangan dengan status ini.'))));
    return;
  }
  view.append(h('div.card', table([
    { label: 'Skor', cell: (c) => h('strong', score(c.score)) },
    { label: 'Orang A', cell: (c) => h('span', c.name_a, h('br'), h('span.mono.muted', `#${c.person_a} · ${c.nik_a || 'tanpa NIK'}`)) },
    { label: 'Orang B', cell: (c) => h('span', c.name_b, h('br'), h('span.mono.muted', `#${c.person_b} · ${c.nik_b || 'tanpa NIK'}`)) },
    { label: 'Desa', cell: (c) => h('span.mono', c.village_a === c.village_b ? c.village_a : `${c.village_a} / ${c.village_b}`) },
    { label: 'Alasan', cell: (c) => c.reasons || '—' },
    { label: 'Status', cell: (c) => h(`span.badge.${c.status === 'open' ? 'draft' : c.status === 'merged' ? 'verified' : 'rejected'}`, STATUS[c.status]) },
    { label: 'Tindakan', cell: (c) => h('a.button.secondary.small', { href: '#/duplikat/' + c.id }, 'Tinjau') },
  ], page.items, { label: 'Pasangan kemungkinan duplikat' })));
}

// The rows of the side-by-side table: label and the text of one person.
const FIELDS = [
  ['Nama', (p) => p.name],
  ['NIK', (p) => p.nik || 'tanpa NIK'],
  ['No. KK', (p) => p.kk || '—'],
  ['Tempat lahir', (p) => p.birth_place || '—'],
  ['Tanggal lahir', (p) => date(p.birth_date)],
  ['Jenis kelamin', (p) => SEX[p.sex] || '—'],
  ['Hubungan', (p) => relationship(p.relationship)],
  ['Nama ibu', (p) => p.mother_name || '—'],
  ['Disabilitas', (p) => p.disability || '—'],
  ['Desa', (p) => p.village_code],
  ['Alamat', (p) => (p.household ? [p.household.address, p.household.rt && `RT ${p.household.rt}`, p.household.rw && `RW ${p.household.rw}`].filter(Boolean).join(', ') : '—')],
  ['Status data', (p) => STATE[p.status] || p.status],
  ['Kategori PMKS', (p) => (p.categories.length ? p.categories.map((m) => `${m.category}. ${m.label || m.name}${m.valid_to ? ' (berakhir)' : ''}`).join('; ') : '—')],
  ['Program', (p) => (p.programs.length ? p.programs.map((e) => `${e.program} ${e.period}`).join('; ') : '—')],
];

// An in-page confirmation: the question, then "yes" and "cancel" buttons.
function confirmBox(box, question, yesLabel, yesClass, onYes) {
  const err = h('div', { role: 'alert', style: 'color:var(--danger);font-weight:600' });
  const yes = h(`button.${yesClass}`, { type: 'button', id: 'confirm-yes' }, yesLabel);
  const no = h('button.secondary', { type: 'button', onclick: () => box.replaceChildren() }, 'Batal');
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    try { await onYes(); } catch (e) { err.textContent = capitalize(e.message); yes.disabled = false; }
  });
  box.replaceChildren(h('div.alert.warn', { role: 'alertdialog', 'aria-label': 'Konfirmasi' },
    h('p', { style: 'margin-top:0' }, question), h('div.actions', yes, no), err));
  yes.focus();
}

async function pair(view, ctx, id) {
  const c = await get('/dedup/candidates/' + id);
  const reload = () => { location.hash = `#/duplikat/${c.id}?t=${Date.now()}`; };
  const canDecide = ctx.can('verify');
  view.append(pageHead(`Pasangan #${c.id}`, `Skor ${score(c.score)}${c.exact ? ' (persis sama)' : ''} · ${STATUS[c.status]}`,
    h('a.button.secondary.small', { href: '#/duplikat' }, 'Kembali ke daftar')));
  view.append(h('div.card', h('h2', 'Alasan'), h('p', { id: 'pair-reasons' }, c.reasons || '—'),
    c.status !== 'open' && c.decided_by ? h('p.muted', `Diputuskan oleh ${c.decided_by} · ${date(c.decided_at)}`) : null));

  const head = (p, side) => h('a', { href: '#/orang/' + p.id }, `${side} · #${p.id}`);
  const rows = FIELDS.map(([label, get1]) => ({ label, a: get1(c.a), b: get1(c.b) }));
  const tbl = h('div.table-wrap', h('table.pair', { 'aria-label': 'Perbandingan dua data' },
    h('thead', h('tr', h('th', { scope: 'col' }, 'Isian'), h('th', { scope: 'col' }, head(c.a, 'A')), h('th', { scope: 'col' }, head(c.b, 'B')))),
    h('tbody', rows.map((r) => h(r.a === r.b ? 'tr' : 'tr.differs', { 'data-field': r.label },
      h('th', { scope: 'row' }, r.label, r.a === r.b ? null : h('span.sr-only', ' (berbeda)')),
      h('td', r.a), h('td', r.b))))));
  view.append(h('div.card', h('h2', 'Dua data berdampingan'),
    h('p.muted', 'Baris yang berbeda ditandai.'), tbl,
    h('p', c.a.household_id ? h('a', { href: '#/keluarga/' + c.a.household_id }, 'Keluarga A') : null,
      c.a.household_id && c.b.household_id ? ' · ' : null,
      c.b.household_id ? h('a', { href: '#/keluarga/' + c.b.household_id }, 'Keluarga B') : null)));

  if (!canDecide) return;
  const box = h('div', { id: 'confirm' });
  const card = h('div.card', h('h2', 'Keputusan'));
  if (c.status === 'merged') {
    const gone = c.survivor_id === c.person_a ? c.person_b : c.person_a;
    card.append(h('p', `Data #${gone} telah digabung ke #${c.survivor_id}. Tautan lama `,
      h('a', { href: '#/orang/' + gone, id: 'old-link' }, `#${gone}`), ' tetap terbuka dan menunjuk ke data yang dipertahankan.'),
    h('div.actions', h('button.danger', { type: 'button', id: 'undo', onclick: () => confirmBox(box,
      `Urungkan penggabungan? Data #${gone} dan #${c.survivor_id} kembali terpisah seperti sebelumnya.`,
      'Ya, urungkan', 'danger', async () => {
        await post(`/dedup/candidates/${c.id}/undo`);
        notify('Penggabungan diurungkan.');
        reload();
      }) }, 'Urungkan')), box);
  } else {
    const keepA = h('input', { type: 'radio', name: 'survivor', id: 'keep-a', value: c.person_a, checked: true });
    const keepB = h('input', { type: 'radio', name: 'survivor', id: 'keep-b', value: c.person_b });
    const reason = h('input', { type: 'text', id: 'distinct-reason', placeholder: 'Catatan (mis. kembar, beda orang)', 'aria-label': 'Catatan bukan orang yang sama' });
    card.append(
      h('fieldset', { style: 'border:0;padding:0;margin:0 0 .75rem' }, h('legend', 'Data yang dipertahankan (id tetap)'),
        h('label', { for: 'keep-a', style: 'display:flex;gap:.4rem;align-items:center' }, keepA, `A · #${c.person_a} ${c.a.name}`),
        h('label', { for: 'keep-b', style: 'display:flex;gap:.4rem;align-items:center' }, keepB, `B · #${c.person_b} ${c.b.name}`)),
      h('div.actions',
        h('button.ok', { type: 'button', id: 'merge', onclick: () => {
          const keep = keepB.checked ? c.b : c.a, gone = keepB.checked ? c.a : c.b;
          confirmBox(box, `Gabungkan #${gone.id} ${gone.name} ke #${keep.id} ${keep.name}? Id #${keep.id} dipertahankan; tautan ke #${gone.id} akan menunjuk ke sana. Dapat diurungkan.`,
            'Ya, gabungkan', 'ok', async () => {
              await post(`/dedup/candidates/${c.id}/merge`, { survivor: keep.id });
              notify(`Data #${gone.id} digabung ke #${keep.id}.`);
              reload();
            });
        } }, 'Gabungkan'),
        c.status === 'open' ? h('div', { style: 'flex:1;min-width:200px' }, reason) : null,
        c.status === 'open' ? h('button.secondary', { type: 'button', id: 'distinct', onclick: () => confirmBox(box,
          'Tandai kedua data ini bukan orang yang sama? Pasangan ini tidak akan diusulkan lagi.',
          'Ya, bukan orang yang sama', 'secondary', async () => {
            await post(`/dedup/candidates/${c.id}/distinct`, { reason: reason.value.trim() });
            notify('Ditandai bukan orang yang sama.');
            reload();
          }) }, 'Bukan orang yang sama') : null),
      box);
  }
  view.append(card);
}
