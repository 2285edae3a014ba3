// Sinkronisasi: on an offline instance (pilar sync init), what waits to be sent and the
// conflicts with the server, side by side; a person chooses, field by field, which value
// stays. Sending and receiving are `pilar sync` (or a package) on the instance's computer.
import { get, post } from '../api.js';
import { h, pageHead, showError, notify, table } from '../ui.js';

const STATES = {
  synced: 'Tersinkron', to_push: 'Menunggu dikirim', pushing: 'Sedang dikirim',
  conflict: 'Bentrok', refused: 'Ditolak server',
};
const ENTITY = { person: 'Orang', household: 'Keluarga', membership: 'Kategori PMKS' };
const FIELD = {
  nik: 'NIK', kk: 'No. KK', name: 'Nama', birth_place: 'Tempat lahir', birth_date: 'Tanggal lahir',
  sex: 'Jenis kelamin', relationship: 'Hubungan keluarga', mother_name: 'Nama ibu',
  death_date: 'Tanggal meninggal', disability: 'Disabilitas', lat: 'Lintang', lon: 'Bujur',
  no_nik_reason: 'Alasan tanpa NIK', household_id: 'Keluarga', village_code: 'Kode desa',
  address: 'Alamat', rt: 'RT', rw: 'RW', category: 'Kategori', valid_from: 'Mulai',
  valid_to: 'Berakhir', note: 'Catatan',
};
const show = (v) => (v === null || v === undefined || v === '' ? '(kosong)' : String(v));

function conflictCard(c, reload) {
  const form = h('form.card.sync-conflict', { 'aria-label': `Bentrok ${ENTITY[c.entity] || c.entity} ${c.id}` });
  const title = c.local.name || c.local.kk || `#${c.id}`;
  const rows = c.fields.map((f) => {
    const name = `take-${c.entity}-${c.id}-${f}`;
    const pick = (which, value) => h('label.choice',
      h('input', { type: 'radio', name, value: which, required: true }), ' ', show(value));
    return h('tr',
      h('th', { scope: 'row' }, FIELD[f] || f),
      h('td', { 'data-label': 'Data di sini' }, pick('local', c.local[f])),
      h('td', { 'data-label': 'Data di server' }, pick('server', c.server[f])));
  });
  const done = h('div', { role: 'status' });
  form.append(
    h('h2', `${ENTITY[c.entity] || c.entity}: ${title}`),
    h('p', c.message || 'Diubah di server dan di sini sejak sinkronisasi terakhir.'),
    h('div.table-wrap', h('table.responsive.side-by-side',
      h('thead', h('tr', h('th', { scope: 'col' }, 'Kolom'), h('th', { scope: 'col' }, 'Data di sini'), h('th', { scope: 'col' }, 'Data di server'))),
      h('tbody', rows))),
    h('div.actions', h('button', { type: 'submit' }, 'Simpan pilihan')), done);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const take = {};
    for (const f of c.fields) {
      const chosen = form.querySelector(`input[name="take-${c.entity}-${c.id}-${f}"]:checked`);
      if (!chosen) {
        done.replaceChildren(h('div.alert.error', `Pilih nilai untuk kolom ${FIELD[f] || f}.`));
        return;
      }
      take[f] = chosen.value;
    }
    try {
      await post('/sync/local/resolve', { entity: c.entity, id: c.id, take });
      notify('Bentrok diselesaikan; hasilnya dikirim pada sinkronisasi berikutnya.');
      reload();
    } catch (e) {
      showError(form, e);
    }
  });
  return form;
}

export async function render(view) {
  const reload = () => { view.replaceChildren(); render(view); };
  let d;
  try {
    d = await get('/sync/local');
  } catch (e) {
    view.append(pageHead('Sinkronisasi'), h('div.card', h('p', e.message)));
    return;
  }
  view.append(pageHead('Sinkronisasi', `Instans luring ${d.instance}, wilayah ${d.scope}`));
  view.append(h('div.card', h('h2', 'Keadaan data'),
    h('ul.sync-counts', Object.keys(STATES).map((k) => h('li', `${STATES[k]}: ${d.counts[k]}`))),
    h('p', `Perubahan dalam antrean kirim: ${d.outbox}. Kirim dan terima dengan 'pilar sync' (ada jaringan) atau 'pilar sync export' (tanpa jaringan).`)));
  view.append(h('h2', `Bentrok (${d.conflicts.length})`));
  if (!d.conflicts.length) view.append(h('p', 'Tidak ada bentrok.'));
  for (const c of d.conflicts) view.append(conflictCard(c, reload));
  view.append(h('h2', `Menunggu (${d.waiting.length})`));
  view.append(d.waiting.length
    ? table([
      { label: 'Jenis', cell: (w) => ENTITY[w.entity] || w.entity },
      { label: 'Data', cell: (w) => show(w.label) },
      { label: 'Keadaan', cell: (w) => STATES[w.state] || w.state },
      { label: 'Keterangan', cell: (w) => w.message || (w.server_id ? '' : 'data baru') },
    ], d.waiting, { label: 'Data yang menunggu' })
    : h('p', 'Semua data sudah tersinkron.'));
}
