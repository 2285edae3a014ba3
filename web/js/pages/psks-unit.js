// PSKS unit detail (#/psks/ID): identity, home and served areas, contact; the legal basis of
// an organisation (decree, registration, accreditation); training and certification; active
// periods; honoraria and incentives per period with their source of funds. Each section has
// a form to add a record and to change one (with its version: a stale change answers 409).
import { get, post, patch } from '../api.js';
import { date, num, rupiah } from '../fmt.js';
import { h, field, pageHead, table, notify, showError, clearErrors, dateProblem, capitalize } from '../ui.js';
import { regionNames } from '../lookup.js';
import { unitForm } from './psks.js';

const SOURCES = [['APBD', 'APBD'], ['APBN', 'APBN'], ['CSR', 'CSR'], ['lainnya', 'Lainnya']];
const GRADES = [['', '— belum diisi —'], ['A', 'A'], ['B', 'B'], ['C', 'C'], ['belum', 'Belum terakreditasi']];
const KIND_LABEL = { pelatihan: 'Pelatihan', sertifikasi: 'Sertifikasi', masa_aktif: 'Masa aktif', honor: 'Honor/insentif' };

// The sections of the history: which kinds, the route that adds, the fields of the form.
const SECTIONS = [
  {
    id: 'training', title: 'Pelatihan dan sertifikasi', route: 'trainings', kinds: ['pelatihan', 'sertifikasi'],
    fields: [
      { name: 'kind', label: 'Jenis', options: [['pelatihan', 'Pelatihan'], ['sertifikasi', 'Sertifikasi']], createOnly: true },
      { name: 'title', label: 'Nama pelatihan/sertifikat', required: true },
      { name: 'organiser', label: 'Penyelenggara' },
      { name: 'number', label: 'Nomor sertifikat' },
      { name: 'started_on', label: 'Tanggal mulai', type: 'date', required: true },
      { name: 'ended_on', label: 'Tanggal selesai/berlaku sampai', type: 'date' },
    ],
    cols: [
      { label: 'Jenis', cell: (r) => KIND_LABEL[r.kind] },
      { label: 'Nama', cell: (r) => h('strong', r.title) },
      { label: 'Penyelenggara', cell: (r) => r.organiser || '—' },
      { label: 'Tanggal', cell: (r) => span(r) },
      { label: 'Nomor', cell: (r) => r.number || '—' },
    ],
  },
  {
    id: 'period', title: 'Masa aktif', route: 'periods', kinds: ['masa_aktif'],
    fields: [
      { name: 'title', label: 'Peran/jabatan' },
      { name: 'number', label: 'Nomor SK penugasan' },
      { name: 'started_on', label: 'Mulai', type: 'date', required: true },
      { name: 'ended_on', label: 'Berakhir', type: 'date', hint: 'Kosongkan bila masih aktif' },
    ],
    cols: [
      { label: 'Peran', cell: (r) => r.title || '—' },
      { label: 'Periode', cell: (r) => span(r, 'sekarang') },
      { label: 'SK', cell: (r) => r.number || '—' },
    ],
  },
  {
    id: 'pay', title: 'Honorarium dan insentif', route: 'payments', kinds: ['honor'],
    fields: [
      { name: 'title', label: 'Jenis pembayaran', options: [['honorarium', 'Honorarium'], ['insentif', 'Insentif']] },
      { name: 'started_on', label: 'Periode dari', type: 'date', required: true },
      { name: 'ended_on', label: 'Periode sampai', type: 'date' },
      { name: 'amount', label: 'Jumlah (Rp)', required: true, attrs: { inputmode: 'numeric' } },
      { name: 'source', label: 'Sumber dana', options: SOURCES, required: true },
    ],
    cols: [
      { label: 'Jenis', cell: (r) => capitalize(r.title) },
      { label: 'Periode', cell: (r) => span(r) },
      { label: 'Jumlah', cls: 'num', cell: (r) => rupiah(r.amount) },
      { label: 'Sumber dana', cell: (r) => r.source },
    ],
  },
];

function span(r, open = '') {
  return r.ended_on ? `${date(r.started_on)} – ${date(r.ended_on)}` : open ? `${date(r.started_on)} – ${open}` : date(r.started_on);
}

export async function render(view, ctx, id) {
  const [u, types] = await Promise.all([get('/psks/' + id), get('/categories/psks').then((r) => r.items)]);
  const names = await regionNames([u.region, ...(u.areas || [])]);
  const reload = () => { location.hash = `#/psks/${id}?t=${Date.now()}`; };
  view.append(pageHead(u.name, `${u.type_name} · ${u.kind === 'lembaga' ? 'lembaga' : 'perorangan'}`,
    h('a.button.secondary', { href: '#/psks' }, '← Daftar PSKS')));

  const today = new Date().toISOString().slice(0, 10);
  const edit = h('div#psks-unit-edit');
  view.append(h('section.card#psks-identity', { 'aria-labelledby': 'psks-identity-h' },
    h('h2#psks-identity-h', 'Identitas dan wilayah'),
    h('dl.facts',
      h('dt', 'Wilayah asal'), h('dd', names[u.region] || u.region),
      h('dt', 'Wilayah layanan'), h('dd', (u.areas || []).length ? u.areas.map((c) => names[c] || c).join(', ') : '—'),
      u.nik ? [h('dt', 'NIK'), h('dd', u.nik)] : null,
      h('dt', 'Telepon'), h('dd', u.phone || '—'),
      h('dt', 'Surel'), h('dd', u.email || '—'),
      h('dt', 'Alamat'), h('dd', u.address || '—'),
      h('dt', 'Status'), h('dd', u.valid_to && u.valid_to <= today ? `berakhir ${date(u.valid_to)}` : 'aktif')),
    ctx.can('write') ? h('div.actions', h('button.secondary#psks-unit-edit-btn', { type: 'button',
      onclick: async () => { edit.replaceChildren(await unitForm(ctx, types, u, reload)); edit.scrollIntoView({ block: 'start' }); } }, 'Ubah identitas dan wilayah')) : null,
    edit));

  if (u.kind === 'lembaga') view.append(legalCard(ctx, u, reload));
  for (const sec of SECTIONS) view.append(section(ctx, u, sec, reload));
}

// The legal basis of an organisation, shown and (for writers) edited in place.
function legalCard(ctx, u, reload) {
  const f = {
    decree_no: field({ name: 'decree_no', label: 'Nomor SK pendirian/penetapan', value: u.decree_no }),
    decree_date: field({ name: 'decree_date', label: 'Tanggal SK', type: 'date', value: u.decree_date }),
    reg_no: field({ name: 'reg_no', label: 'Nomor registrasi/tanda daftar', value: u.reg_no }),
    accreditation: field({ name: 'accreditation', label: 'Akreditasi (LKS)', value: u.accreditation, options: GRADES }),
    accreditation_date: field({ name: 'accreditation_date', label: 'Tanggal akreditasi', type: 'date', value: u.accreditation_date }),
  };
  const card = h('section.card#psks-legal', { 'aria-labelledby': 'psks-legal-h' }, h('h2#psks-legal-h', 'Dasar hukum'));
  if (!ctx.can('write')) {
    card.append(h('dl.facts',
      h('dt', 'SK'), h('dd', u.decree_no ? `${u.decree_no}${u.decree_date ? ', ' + date(u.decree_date) : ''}` : '—'),
      h('dt', 'Registrasi'), h('dd', u.reg_no || '—'),
      h('dt', 'Akreditasi'), h('dd', u.accreditation ? `${u.accreditation}${u.accreditation_date ? ', ' + date(u.accreditation_date) : ''}` : '—')));
    return card;
  }
  const btn = h('button', { type: 'submit' }, 'Simpan dasar hukum');
  const form = h('form#psks-legal-form', { novalidate: true, 'aria-label': 'Dasar hukum' },
    h('div.form-row', f.decree_no, f.decree_date), h('div.form-row', f.reg_no),
    h('div.form-row', f.accreditation, f.accreditation_date), h('div.actions', btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    for (const k of ['decree_date', 'accreditation_date']) {
      const p = dateProblem(f[k].input, k === 'decree_date' ? 'Tanggal SK' : 'Tanggal akreditasi');
      if (p) return showError(form, { field: k, message: p });
    }
    btn.disabled = true;
    try {
      await patch('/psks/' + u.id, {
        version: u.version, decree_no: f.decree_no.input.value.trim(), reg_no: f.reg_no.input.value.trim(),
        decree_date: f.decree_date.input.value || null, accreditation: f.accreditation.input.value,
        accreditation_date: f.accreditation_date.input.value || null,
      });
      notify('Dasar hukum disimpan.');
      reload();
    } catch (e) {
      showError(form, e);
    } finally {
      btn.disabled = false;
    }
  });
  card.append(form);
  return card;
}

// One history section: its records, a change button on each, and the form that adds one.
function section(ctx, u, sec, reload) {
  const rows = (u.records || []).filter((r) => sec.kinds.includes(r.kind));
  const slot = h('div', { id: `psks-${sec.id}-edit` });
  const card = h('section.card', { id: `psks-${sec.id}`, 'aria-labelledby': `psks-${sec.id}-h` },
    h('h2', { id: `psks-${sec.id}-h` }, `${sec.title} (${num(rows.length)})`));
  if (!rows.length) card.append(h('p.muted', 'Belum ada catatan.'));
  else {
    card.append(table([...sec.cols, { label: 'Catatan', cell: (r) => r.note || '—' },
      ...(ctx.can('write') ? [{ label: 'Tindakan', cell: (r) => h('button.small.secondary', { type: 'button', 'data-record': r.id,
        onclick: () => { slot.replaceChildren(recordForm(u, sec, r, reload)); slot.scrollIntoView({ block: 'nearest' }); } }, 'Ubah') }] : [])],
    rows, { label: sec.title }));
  }
  card.append(slot);
  if (ctx.can('write')) card.append(recordForm(u, sec, null, reload));
  return card;
}

// The form that adds a record of a section (r null) or changes record r.
function recordForm(u, sec, r, reload) {
  const fields = sec.fields.filter((d) => !(r && d.createOnly)).map((d) => field({
    ...d, value: r ? (r[d.name] ?? '') : '', id: `${sec.id}-${r ? 'e' : 'n'}-${d.name}`,
  }));
  fields.push(field({ name: 'note', label: 'Catatan', value: r ? r.note : '', id: `${sec.id}-${r ? 'e' : 'n'}-note` }));
  const btn = h('button', { type: 'submit' }, r ? 'Simpan perubahan' : 'Tambah');
  const rowsOf = [];
  for (let i = 0; i < fields.length; i += 2) rowsOf.push(h('div.form-row', fields.slice(i, i + 2)));
  const form = h('form', { id: `psks-${sec.id}-${r ? 'edit' : 'add'}-form`, novalidate: true, 'aria-label': r ? `Ubah ${sec.title}` : `Tambah ${sec.title}` },
    h('h3', r ? 'Ubah catatan' : 'Tambah catatan'), rowsOf,
    h('div.actions', r ? h('button.secondary', { type: 'button', onclick: () => form.remove() }, 'Batal') : null, btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const body = {};
    for (const f of fields) {
      const name = f.dataset.field, d = sec.fields.find((x) => x.name === name) || {};
      const v = f.input.value.trim();
      if (d.type === 'date') {
        const p = dateProblem(f.input, d.label);
        if (p) return showError(form, { field: name, message: p });
      }
      if (d.required && !v) return showError(form, { field: name, message: `${d.label} wajib diisi` });
      if (name === 'amount') {
        if (!/^\d+$/.test(v.replace(/\./g, ''))) return showError(form, { field: name, message: 'Jumlah harus bilangan rupiah, mis. 1500000' });
        body.amount = Number(v.replace(/\./g, ''));
      } else if (name === 'ended_on') body.ended_on = v || (r ? null : undefined);
      else body[name] = v;
    }
    if (body.ended_on === undefined) delete body.ended_on;
    btn.disabled = true;
    try {
      if (r) await patch(`/psks/${u.id}/records/${r.id}`, { ...body, version: r.version });
      else await post(`/psks/${u.id}/${sec.route}`, body);
      notify(r ? 'Catatan diperbarui.' : 'Catatan ditambahkan.');
      reload();
    } catch (e) {
      showError(form, e);
    } finally {
      btn.disabled = false;
    }
  });
  return form;
}
