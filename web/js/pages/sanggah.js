// Sanggahan DTSEN (#/sanggah): objections that a household is wrongly included or wrongly left
// out, filed by a citizen at the office, a PSKS or an operator; the list with the ones past
// their time limit highlighted, and the filing form. #/sanggah/ID one objection: its field
// check, the decision with its reason, the answer (letter number) and the answer letter (PDF).
import { get, post, qs } from '../api.js';
import { num, date } from '../fmt.js';
import { h, field, pageHead, table, notify, showError, clearErrors, dateProblem } from '../ui.js';
import { regionPicker } from '../region-picker.js';
import { regionNames } from '../lookup.js';
import { OBJECTION_KINDS, FILERS, stateBadge } from '../dtsen.js';

export async function render(view, ctx, { args, query }) {
  if (args[0]) return objection(view, ctx, args[0]);
  const status = query.get('status') || '';
  const overdue = query.get('overdue') === '1';
  const items = (await get('/dtsen/objections' + qs({ status, overdue: overdue ? 1 : '' }))).items;
  const late = items.filter((o) => o.overdue).length;
  const names = await regionNames(items.map((o) => o.village));
  view.append(pageHead('Sanggahan DTSEN', 'Sanggahan warga atas keluarga yang salah masuk atau tidak masuk data, dengan batas waktu jawaban',
    h('a.button.secondary', { href: '#/siklus' }, 'Siklus DTSEN')));
  const go = (s, o) => { location.hash = '#/sanggah' + qs({ status: s, overdue: o ? 1 : '' }); };
  const pick = h('select#objection-status', { 'aria-label': 'Status', onchange: () => go(pick.value, overdue) },
    [['', 'Semua status'], ['diterima', 'Diterima'], ['cek_lapangan', 'Cek lapangan'], ['diputus', 'Diputus'], ['dijawab', 'Dijawab']]
      .map(([v, t]) => h('option', { value: v, selected: v === status }, t)));
  const onlyLate = h('input#objection-overdue', { type: 'checkbox', checked: overdue, onchange: () => go(status, onlyLate.checked) });
  view.append(h('div.card', { style: 'padding:.75rem 1rem;display:flex;gap:1.2rem;flex-wrap:wrap;align-items:center' },
    h('label', { for: 'objection-status', style: 'display:flex;gap:.5rem;align-items:center;margin:0' }, 'Status:', pick),
    h('label', { for: 'objection-overdue', style: 'display:flex;gap:.4rem;align-items:center;margin:0' }, onlyLate, 'Hanya yang lewat batas waktu')));
  const box = h('section.card#objection-list', h('h2', `Sanggahan (${num(items.length)})`, late ? h('span.badge.rejected', { style: 'margin-left:.6em' }, `${num(late)} lewat batas`) : null));
  if (items.length) {
    const t = table([
      { label: 'No.', cell: (o) => h('a', { href: `#/sanggah/${o.id}`, 'data-objection': o.id }, h('strong', String(o.id))) },
      { label: 'Diajukan', cell: (o) => date(o.filed_on) },
      { label: 'Jenis', cell: (o) => o.kind_label },
      { label: 'Sasaran', cell: (o) => o.subject_name || (o.household_id ? `Keluarga #${o.household_id}` : '—') },
      { label: 'Desa/kelurahan', cell: (o) => names[o.village] || o.village },
      { label: 'Pengaju', cell: (o) => o.filer_name },
      { label: 'Batas jawaban', cell: (o) => (o.overdue ? h('span.badge.rejected', `${date(o.due_on)} · lewat`) : date(o.due_on)) },
      { label: 'Status', cell: (o) => stateBadge(o.status, o.status_label) },
    ], items, { label: 'Daftar sanggahan' });
    t.querySelectorAll('tbody tr').forEach((tr, i) => { if (items[i].overdue) tr.classList.add('overdue'); });
    box.append(t);
  } else {
    box.append(h('p.muted', overdue ? 'Tidak ada sanggahan yang lewat batas waktu.' : 'Belum ada sanggahan.'));
  }
  view.append(box);
  if (ctx.can('write')) view.append(await fileForm(ctx));
}

async function fileForm(ctx) {
  const village = regionPicker({ name: 'village', label: 'Desa/kelurahan', scope: ctx.user.scope });
  const f = {
    kind: field({ name: 'kind', label: 'Jenis sanggahan', id: 'ob-kind', options: OBJECTION_KINDS }),
    household_id: field({ name: 'household_id', label: 'ID keluarga (bila terdaftar)', id: 'ob-household', attrs: { inputmode: 'numeric', autocomplete: 'off' } }),
    subject_name: field({ name: 'subject_name', label: 'Nama keluarga/orang yang disanggah', id: 'ob-subject' }),
    subject_address: field({ name: 'subject_address', label: 'Alamat yang disanggah', id: 'ob-subject-address' }),
    filer_kind: field({ name: 'filer_kind', label: 'Pengaju', id: 'ob-filer-kind', options: FILERS }),
    filer_name: field({ name: 'filer_name', label: 'Nama pengaju', required: true, id: 'ob-filer-name' }),
    filer_contact: field({ name: 'filer_contact', label: 'Telepon/WA pengaju', id: 'ob-filer-contact', attrs: { inputmode: 'tel' } }),
    filer_address: field({ name: 'filer_address', label: 'Alamat pengaju', id: 'ob-filer-address', hint: 'Alamat surat jawaban' }),
    statement: field({ name: 'statement', label: 'Isi sanggahan', type: 'textarea', required: true, id: 'ob-statement' }),
  };
  const btn = h('button', { type: 'submit' }, 'Ajukan sanggahan');
  const form = h('form.card#objection-form', { novalidate: true, 'aria-label': 'Ajukan sanggahan' },
    h('h2', 'Ajukan sanggahan'), village, h('div.form-row', f.kind, f.household_id),
    h('div.form-row', f.subject_name, f.subject_address), h('div.form-row', f.filer_kind, f.filer_name, f.filer_contact),
    f.filer_address, f.statement, h('div.actions', btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const body = {};
    for (const [k, fl] of Object.entries(f)) if (k !== 'household_id') body[k] = fl.input.value.trim();
    const hid = Number(f.household_id.input.value || 0);
    if (hid) body.household_id = hid;
    if (village.input.value) body.village = village.input.value;
    if (!body.village && !hid) return showError(form, { field: 'village', message: 'Pilih desa/kelurahan atau isi ID keluarga' });
    if (!body.filer_name) return showError(form, { field: 'filer_name', message: 'Nama pengaju wajib diisi' });
    if (!body.statement) return showError(form, { field: 'statement', message: 'Isi sanggahan wajib diisi' });
    btn.disabled = true;
    try {
      const o = await post('/dtsen/objections', body);
      notify(`Sanggahan no. ${o.id} dicatat; batas jawaban ${date(o.due_on)}.`);
      location.hash = `#/sanggah/${o.id}`;
    } catch (e) {
      showError(form, e);
    } finally {
      btn.disabled = false;
    }
  });
  await village.ready;
  return form;
}

async function objection(view, ctx, id) {
  const o = await get('/dtsen/objections/' + id);
  const [names, checks] = await Promise.all([regionNames([o.village]),
    get('/dtsen/checks' + qs({ region: o.village })).then((r) => r.items.filter((k) => k.objection_id === o.id))]);
  const reload = () => { location.hash = `#/sanggah/${id}?t=${Date.now()}`; };
  view.append(pageHead(`Sanggahan no. ${o.id}`, `${o.kind_label} · ${names[o.village] || o.village}`,
    h('a.button.secondary', { href: '#/sanggah' }, '← Semua sanggahan')));
  view.append(h('section.card#objection-facts', h('dl.facts',
    h('dt', 'Status'), h('dd', stateBadge(o.status, o.status_label), o.overdue ? h('span.badge.rejected', { style: 'margin-left:.5em' }, 'Lewat batas waktu') : null),
    h('dt', 'Sasaran'), h('dd', o.household_id ? h('a', { href: `#/keluarga/${o.household_id}` }, o.subject_name || `Keluarga #${o.household_id}`) : o.subject_name || '—'),
    h('dt', 'Alamat'), h('dd', o.subject_address || '—'),
    h('dt', 'Pengaju'), h('dd', `${o.filer_name} (${(FILERS.find(([k]) => k === o.filer_kind) || [0, o.filer_kind])[1]})${o.filer_contact ? ', ' + o.filer_contact : ''}`),
    h('dt', 'Isi sanggahan'), h('dd', o.statement),
    h('dt', 'Diajukan'), h('dd', `${date(o.filed_on)}, batas jawaban ${date(o.due_on)}`),
    h('dt', 'Cek lapangan'), h('dd', checks.length ? checks.map((k) => h('div', { 'data-check': k.id }, stateBadge(k.status), ` ${k.psks_name}`,
      k.status === 'selesai' ? `: ${date(k.visited_on)}, ${k.recommendation} — ${k.findings}` : k.due_date ? `, batas ${date(k.due_date)}` : '')) : '—'),
    h('dt', 'Keputusan'), h('dd#objection-decision', o.decision ? `${o.decision === 'dikabulkan' ? 'Dikabulkan' : 'Ditolak'} (${date(o.decided_on)}): ${o.decision_reason}` : '—'),
    h('dt', 'Jawaban'), h('dd', o.answer_number ? `Surat no. ${o.answer_number}, ${date(o.answered_on)}` : '—'))));

  if (o.decision) {
    view.append(h('section.card#objection-letter', h('h2', 'Surat jawaban'),
      h('p', 'Surat jawaban kepada pengaju (PDF A4, dengan kop surat wilayah bila sudah diatur).'),
      h('a.button#letter-pdf', { href: `/api/v1/dtsen/objections/${o.id}/letter`, download: '' }, 'Unduh surat jawaban (PDF)')));
  }
  const openCheck = checks.some((k) => k.status !== 'selesai');
  if (ctx.can('write') && !o.decision && !openCheck) view.append(await assignForm(o, reload));
  if (ctx.can('verify') && !o.decision && !openCheck) view.append(decideForm(o, reload));
  if (ctx.can('verify') && o.status === 'diputus') view.append(answerForm(o, reload));
}

async function assignForm(o, reload) {
  const units = await get('/psks').then((r) => r.items, () => []);
  const unit = field({ name: 'psks_id', label: 'Petugas PSKS', id: 'ob-check-unit', options: [['', '— usulan: TKSK/PSM wilayahnya —'], ...units.map((u) => [u.id, `${u.name} (${u.type_name})`])] });
  const due = field({ name: 'due_date', label: 'Batas pemeriksaan', type: 'date', id: 'ob-check-due', value: o.due_on });
  const btn = h('button.secondary', { type: 'submit' }, 'Tugaskan cek lapangan');
  const form = h('form.card#objection-check-form', { novalidate: true, 'aria-label': 'Tugaskan cek lapangan' },
    h('h2', 'Cek lapangan'), h('div.form-row', unit, due), h('div.actions', btn));
  form.addEventListener('submit', (ev) => submit(ev, form, btn, async () => {
    const body = {};
    if (unit.input.value) body.psks_id = Number(unit.input.value);
    const p = dateProblem(due.input, 'Batas pemeriksaan');
    if (p) throw { field: 'due_date', message: p };
    if (due.input.value) body.due_date = due.input.value;
    const k = await post(`/dtsen/objections/${o.id}/check`, body);
    notify(`Cek lapangan ditugaskan ke ${k.psks_name}.`);
    reload();
  }));
  return form;
}

function decideForm(o, reload) {
  const decision = field({ name: 'decision', label: 'Keputusan', id: 'ob-decision', options: [['', '— pilih —'], ['dikabulkan', 'Dikabulkan'], ['ditolak', 'Ditolak']] });
  const reason = field({ name: 'reason', label: 'Alasan', type: 'textarea', required: true, id: 'ob-reason', hint: 'Ditulis dalam surat jawaban' });
  const btn = h('button', { type: 'submit' }, 'Simpan keputusan');
  const form = h('form.card#objection-decide-form', { novalidate: true, 'aria-label': 'Putuskan sanggahan' },
    h('h2', 'Keputusan'), decision, reason, h('div.actions', btn));
  form.addEventListener('submit', (ev) => submit(ev, form, btn, async () => {
    if (!decision.input.value) throw { field: 'decision', message: 'Pilih keputusan' };
    if (!reason.input.value.trim()) throw { field: 'reason', message: 'Alasan wajib diisi' };
    await post(`/dtsen/objections/${o.id}/decide`, { version: o.version, decision: decision.input.value, reason: reason.input.value.trim() });
    notify('Keputusan disimpan.');
    reload();
  }));
  return form;
}

function answerForm(o, reload) {
  const number = field({ name: 'answer_number', label: 'Nomor surat jawaban', required: true, id: 'ob-answer-number' });
  const btn = h('button', { type: 'submit' }, 'Catat jawaban');
  const form = h('form.card#objection-answer-form', { novalidate: true, 'aria-label': 'Jawaban sanggahan' },
    h('h2', 'Jawaban kepada pengaju'), number, h('div.actions', btn));
  form.addEventListener('submit', (ev) => submit(ev, form, btn, async () => {
    if (!number.input.value.trim()) throw { field: 'answer_number', message: 'Nomor surat wajib diisi' };
    await post(`/dtsen/objections/${o.id}/answer`, { version: o.version, answer_number: number.input.value.trim() });
    notify('Jawaban dicatat.');
    reload();
  }));
  return form;
}

async function submit(ev, form, btn, work) {
  ev.preventDefault();
  clearErrors(form);
  btn.disabled = true;
  try {
    await work();
  } catch (e) {
    showError(form, e);
  } finally {
    btn.disabled = false;
  }
}
