// Coordination meetings with PSKS (#/psks/rapat): the meetings of the user's area, the
// follow-up items past their due date, a form to record a meeting; #/psks/rapat/ID one
// meeting: participants (registered units or names), problems raised, recommendations with
// owner, due date and status, marked done with a note.
import { get, post, patch, qs } from '../api.js';
import { date, num } from '../fmt.js';
import { h, field, pageHead, table, notify, showError, clearErrors, dateProblem } from '../ui.js';
import { areaSelect } from '../area-select.js';
import { regionNames } from '../lookup.js';

export async function render(view, ctx, id) {
  if (id) return meeting(view, ctx, id);
  const [meetings, overdue, open] = await Promise.all([
    get('/psks-meetings').then((r) => r.items),
    get('/psks-meetings/followups' + qs({ overdue: 1 })).then((r) => r.items),
    get('/psks-meetings/followups').then((r) => r.items),
  ]);
  const names = await regionNames([...meetings.map((m) => m.region), ...open.map((i) => i.region)]);
  view.append(pageHead('Rapat koordinasi PSKS', 'Pertemuan dengan pilar sosial, masalah yang diangkat, dan tindak lanjut rekomendasinya',
    h('a.button.secondary', { href: '#/psks' }, '← Daftar PSKS')));

  const late = h('section.card#psks-overdue', { 'aria-labelledby': 'psks-overdue-h' },
    h('h2#psks-overdue-h', `Tindak lanjut lewat tenggat (${num(overdue.length)})`));
  late.append(overdue.length ? followupTable(overdue, names, 'Tindak lanjut lewat tenggat')
    : h('p.muted', 'Tidak ada tindak lanjut yang lewat tenggat.'));
  view.append(late);

  const list = h('section.card#psks-meeting-list', { 'aria-labelledby': 'psks-meeting-list-h' },
    h('h2#psks-meeting-list-h', `Pertemuan (${num(meetings.length)})`));
  list.append(meetings.length ? table([
    { label: 'Tanggal', cell: (m) => date(m.held_on) },
    { label: 'Tema', cell: (m) => h('a', { href: `#/psks/rapat/${m.id}`, 'data-meeting': m.id }, h('strong', m.theme)) },
    { label: 'Tempat', cell: (m) => m.place },
    { label: 'Wilayah', cell: (m) => names[m.region] || m.region },
  ], meetings, { label: 'Daftar pertemuan PSKS' }) : h('p.muted', 'Belum ada pertemuan yang dicatat.'));
  view.append(list);

  if (open.length > overdue.length) {
    view.append(h('section.card#psks-open', h('h2', `Semua tindak lanjut terbuka (${num(open.length)})`),
      followupTable(open, names, 'Tindak lanjut terbuka')));
  }
  if (ctx.can('write')) view.append(await meetingForm(ctx, null));
}

function followupTable(items, names, label) {
  const today = new Date().toISOString().slice(0, 10);
  return table([
    { label: 'Rekomendasi', cell: (i) => h('a', { href: `#/psks/rapat/${i.meeting_id}` }, i.text) },
    { label: 'Penanggung jawab', cell: (i) => i.owner },
    { label: 'Tenggat', cell: (i) => (i.due_on && i.due_on < today ? h('span.badge.rejected', date(i.due_on)) : date(i.due_on)) },
    { label: 'Pertemuan', cell: (i) => `${date(i.held_on)}, ${names[i.region] || i.region}` },
  ], items, { label });
}

// The form that records a meeting (m null) or changes meeting m.
async function meetingForm(ctx, m) {
  const f = {
    held_on: field({ name: 'held_on', label: 'Tanggal', type: 'date', required: true, value: m ? m.held_on : '' }),
    place: field({ name: 'place', label: 'Tempat', required: true, value: m ? m.place : '' }),
    theme: field({ name: 'theme', label: 'Tema', required: true, value: m ? m.theme : '' }),
  };
  const area = areaSelect({ name: 'region', label: 'Wilayah', scope: ctx.user.scope, value: m ? m.region : '', required: true, idPrefix: m ? 'meeting-edit-region' : 'meeting-region' });
  const btn = h('button', { type: 'submit' }, m ? 'Simpan perubahan' : 'Catat pertemuan');
  const form = h(m ? 'form.card#psks-meeting-edit-form' : 'form.card#psks-meeting-form', { novalidate: true, 'aria-label': m ? 'Ubah pertemuan' : 'Catat pertemuan PSKS' },
    h('h2', m ? 'Ubah pertemuan' : 'Catat pertemuan PSKS'),
    h('div.form-row', f.held_on, f.place), f.theme, area, h('div.actions', btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const body = { held_on: f.held_on.input.value, place: f.place.input.value.trim(), theme: f.theme.input.value.trim(), region: area.value() };
    const p = dateProblem(f.held_on.input, 'Tanggal');
    if (!body.held_on || p) return showError(form, { field: 'held_on', message: p || 'Tanggal wajib diisi' });
    if (!body.place) return showError(form, { field: 'place', message: 'Tempat wajib diisi' });
    if (!body.theme) return showError(form, { field: 'theme', message: 'Tema wajib diisi' });
    if (!body.region) return showError(form, { field: 'region', message: 'Pilih wilayah' });
    btn.disabled = true;
    try {
      const saved = m ? await patch('/psks-meetings/' + m.id, { ...body, version: m.version }) : await post('/psks-meetings', body);
      notify(m ? 'Pertemuan diperbarui.' : 'Pertemuan dicatat.');
      location.hash = `#/psks/rapat/${saved.id}?t=${Date.now()}`;
    } catch (e) {
      showError(form, e);
    } finally {
      btn.disabled = false;
    }
  });
  await area.ready;
  return form;
}

async function meeting(view, ctx, id) {
  const [m, units] = await Promise.all([get('/psks-meetings/' + id), get('/psks').then((r) => r.items)]);
  const names = await regionNames([m.region]);
  const reload = () => { location.hash = `#/psks/rapat/${id}?t=${Date.now()}`; };
  view.append(pageHead(m.theme, `${date(m.held_on)} · ${m.place} · ${names[m.region] || m.region}`,
    h('a.button.secondary', { href: '#/psks/rapat' }, '← Rapat koordinasi')));
  const write = ctx.can('write');

  const parties = h('section.card#psks-participants', { 'aria-labelledby': 'psks-participants-h' },
    h('h2#psks-participants-h', `Peserta (${num(m.participants.length)})`),
    m.participants.length ? h('ul', m.participants.map((p) => h('li', p.unit_id ? h('a', { href: `#/psks/${p.unit_id}` }, p.name) : p.name)))
      : h('p.muted', 'Belum ada peserta.'));
  if (write) {
    const unit = field({ name: 'unit_id', label: 'Unit PSKS', id: 'party-unit', options: [['', '— pilih unit —'], ...units.map((u) => [u.id, `${u.name} (${u.type_name})`])] });
    const name = field({ name: 'name', label: 'Atau nama peserta lain', id: 'party-name', hint: 'Mis. wakil forum CSR, dinas, undangan' });
    const btn = h('button', { type: 'submit' }, 'Tambah peserta');
    const form = h('form#psks-party-form', { novalidate: true, 'aria-label': 'Tambah peserta' }, h('div.form-row', unit, name), h('div.actions', btn));
    form.addEventListener('submit', (ev) => submit(ev, form, btn, async () => {
      const body = unit.input.value ? { unit_id: Number(unit.input.value) } : { name: name.input.value.trim() };
      if (!body.unit_id && !body.name) throw { field: 'unit_id', message: 'Pilih unit PSKS atau tulis nama peserta' };
      await post(`/psks-meetings/${id}/participants`, body);
      notify('Peserta ditambahkan.');
      reload();
    }));
    parties.append(form);
  }
  view.append(parties);

  const problems = m.items.filter((i) => i.kind === 'masalah'), recs = m.items.filter((i) => i.kind === 'rekomendasi');
  const prob = h('section.card#psks-problems', { 'aria-labelledby': 'psks-problems-h' },
    h('h2#psks-problems-h', `Masalah yang diangkat (${num(problems.length)})`),
    problems.length ? h('ol', problems.map((p) => h('li', p.text))) : h('p.muted', 'Belum ada masalah dicatat.'));
  if (write) {
    const text = field({ name: 'text', label: 'Masalah', type: 'textarea', required: true, id: 'problem-text' });
    const btn = h('button', { type: 'submit' }, 'Catat masalah');
    const form = h('form#psks-problem-form', { novalidate: true, 'aria-label': 'Catat masalah' }, text, h('div.actions', btn));
    form.addEventListener('submit', (ev) => submit(ev, form, btn, async () => {
      const t = text.input.value.trim();
      if (!t) throw { field: 'text', message: 'Isi masalah wajib diisi' };
      await post(`/psks-meetings/${id}/items`, { kind: 'masalah', text: t });
      notify('Masalah dicatat.');
      reload();
    }));
    prob.append(form);
  }
  view.append(prob);

  const today = new Date().toISOString().slice(0, 10);
  const slot = h('div#psks-followup-edit');
  const rec = h('section.card#psks-recommendations', { 'aria-labelledby': 'psks-recommendations-h' },
    h('h2#psks-recommendations-h', `Rekomendasi dan tindak lanjut (${num(recs.length)})`));
  rec.append(recs.length ? table([
    { label: 'Rekomendasi', cell: (i) => i.text },
    { label: 'Penanggung jawab', cell: (i) => i.owner },
    { label: 'Tenggat', cell: (i) => date(i.due_on) },
    { label: 'Status', cell: (i) => (i.status === 'selesai' ? h('span.badge.verified', `selesai ${date(i.done_on)}`)
      : i.due_on && i.due_on < today ? h('span.badge.rejected', 'lewat tenggat') : h('span.badge.draft', 'terbuka')) },
    { label: 'Catatan', cell: (i) => i.note || '—' },
    ...(write ? [{ label: 'Tindakan', cell: (i) => h('button.small.secondary', { type: 'button', 'data-item': i.id,
      onclick: () => { slot.replaceChildren(followupForm(id, i, reload)); slot.scrollIntoView({ block: 'nearest' }); } }, 'Tindak lanjut') }] : []),
  ], recs, { label: 'Rekomendasi' }) : h('p.muted', 'Belum ada rekomendasi.'));
  rec.append(slot);
  if (write) {
    const f = {
      text: field({ name: 'text', label: 'Rekomendasi', type: 'textarea', required: true, id: 'rec-text' }),
      owner: field({ name: 'owner', label: 'Penanggung jawab', required: true, id: 'rec-owner' }),
      due_on: field({ name: 'due_on', label: 'Tenggat', type: 'date', id: 'rec-due' }),
    };
    const btn = h('button', { type: 'submit' }, 'Catat rekomendasi');
    const form = h('form#psks-rec-form', { novalidate: true, 'aria-label': 'Catat rekomendasi' }, f.text, h('div.form-row', f.owner, f.due_on), h('div.actions', btn));
    form.addEventListener('submit', (ev) => submit(ev, form, btn, async () => {
      const body = { kind: 'rekomendasi', text: f.text.input.value.trim(), owner: f.owner.input.value.trim() };
      if (!body.text) throw { field: 'text', message: 'Isi rekomendasi wajib diisi' };
      if (!body.owner) throw { field: 'owner', message: 'Penanggung jawab wajib diisi' };
      const p = dateProblem(f.due_on.input, 'Tenggat');
      if (p) throw { field: 'due_on', message: p };
      if (f.due_on.input.value) body.due_on = f.due_on.input.value;
      await post(`/psks-meetings/${id}/items`, body);
      notify('Rekomendasi dicatat.');
      reload();
    }));
    rec.append(form);
  }
  view.append(rec);
  if (write) view.append(await meetingForm(ctx, m));
}

// Changes a recommendation: status, note, owner, due date.
function followupForm(id, i, reload) {
  const f = {
    status: field({ name: 'status', label: 'Status', id: 'fu-status', value: i.status, options: [['terbuka', 'Terbuka'], ['selesai', 'Selesai']] }),
    note: field({ name: 'note', label: 'Catatan tindak lanjut', id: 'fu-note', type: 'textarea', value: i.note, hint: 'Wajib bila selesai: apa yang sudah dilakukan' }),
    owner: field({ name: 'owner', label: 'Penanggung jawab', id: 'fu-owner', value: i.owner }),
    due_on: field({ name: 'due_on', label: 'Tenggat', id: 'fu-due', type: 'date', value: i.due_on }),
  };
  const btn = h('button', { type: 'submit' }, 'Simpan tindak lanjut');
  const form = h('form.card#psks-followup-form', { novalidate: true, 'aria-label': 'Tindak lanjut rekomendasi' },
    h('h3', i.text), h('div.form-row', f.status, f.owner, f.due_on), f.note,
    h('div.actions', h('button.secondary', { type: 'button', onclick: () => form.remove() }, 'Batal'), btn));
  form.addEventListener('submit', (ev) => submit(ev, form, btn, async () => {
    const body = { version: i.version, status: f.status.input.value, note: f.note.input.value.trim(), owner: f.owner.input.value.trim() };
    const p = dateProblem(f.due_on.input, 'Tenggat');
    if (p) throw { field: 'due_on', message: p };
    body.due_on = f.due_on.input.value || null;
    if (body.status === 'selesai' && !body.note) throw { field: 'note', message: 'Tulis catatan tindak lanjut sebelum menandai selesai' };
    await patch(`/psks-meetings/${id}/items/${i.id}`, body);
    notify('Tindak lanjut disimpan.');
    reload();
  }));
  return form;
}

// Runs work for a form's submit: errors (thrown {field, message} or API errors) at their field.
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
