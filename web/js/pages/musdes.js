// Musyawarah desa/kelurahan (#/musdes): the village meetings of the user's area that propose
// DTSEN changes, and a form to record one with its minutes (PDF or photo) or an SPTJM letter;
// #/musdes/ID one meeting: its documents (upload, download), its proposals (add a household
// or a person, remove one, change data) with their completeness list, entered with evidence
// and changed while their cycle is open. Nothing changes in the registry until ratification.
import { get, post, patch, upload, qs } from '../api.js';
import { num, date, todayIso, SEX, RELATIONSHIPS, NO_NIK_REASONS } from '../fmt.js';
import { h, field, pageHead, table, notify, showError, clearErrors, dateProblem } from '../ui.js';
import { regionPicker } from '../region-picker.js';
import { regionNames } from '../lookup.js';
import { KINDS, REMOVALS, stateBadge, periodLabel, fileLink, missingList, subject, kindText } from '../dtsen.js';

const DOC_ACCEPT = 'application/pdf,image/jpeg,image/png,image/webp';

export async function render(view, ctx, { args }) {
  if (args[0]) return meeting(view, ctx, args[0]);
  const meetings = (await get('/dtsen/meetings')).items;
  const names = await regionNames(meetings.map((m) => m.village));
  view.append(pageHead('Musyawarah desa/kelurahan', 'Musdes dan muskel yang mengusulkan perubahan DTSEN, berita acara atau SPTJM, dan usulannya',
    h('a.button.secondary', { href: '#/siklus' }, 'Siklus DTSEN')));
  const box = h('section.card#meeting-list', h('h2', `Musyawarah (${num(meetings.length)})`));
  box.append(meetings.length ? table([
    { label: 'Tanggal', cell: (m) => h('a', { href: `#/musdes/${m.id}`, 'data-meeting': m.id }, h('strong', date(m.held_on))) },
    { label: 'Jenis', cell: (m) => (m.kind === 'muskel' ? 'Muskel' : 'Musdes') },
    { label: 'Desa/kelurahan', cell: (m) => names[m.village] || m.village },
    { label: 'Peserta', cls: 'num', cell: (m) => num(m.participants) },
    { label: 'Berita acara/SPTJM', cell: (m) => (m.has_minutes ? h('span.badge.verified', 'Ada') : h('span.badge.rejected', 'Belum ada')) },
    { label: 'Usulan', cls: 'num', cell: (m) => num(m.proposals) },
  ], meetings, { label: 'Daftar musyawarah' }) : h('p.muted', 'Belum ada musyawarah yang dicatat.'));
  view.append(box);
  if (ctx.can('write')) view.append(await meetingForm(ctx));
}

async function meetingForm(ctx) {
  const village = regionPicker({ name: 'village', label: 'Desa/kelurahan', scope: ctx.user.scope });
  const f = {
    kind: field({ name: 'kind', label: 'Jenis', id: 'mt-kind', options: [['musdes', 'Musyawarah desa (musdes)'], ['muskel', 'Musyawarah kelurahan (muskel)']] }),
    held_on: field({ name: 'held_on', label: 'Tanggal', type: 'date', required: true, id: 'mt-date', value: todayIso() }),
    participants: field({ name: 'participants', label: 'Jumlah peserta', type: 'number', id: 'mt-participants', attrs: { min: 0, inputmode: 'numeric' } }),
    note: field({ name: 'participants_note', label: 'Unsur peserta', id: 'mt-note', hint: 'Mis. kepala desa, BPD, RT/RW, tokoh masyarakat, pendamping PKH' }),
    minutes: field({ name: 'minutes', label: 'Berita acara', type: 'file', id: 'mt-minutes', hint: 'PDF atau foto, maks. 10 MB', attrs: { accept: DOC_ACCEPT } }),
    sptjm: field({ name: 'sptjm', label: 'Atau surat SPTJM', type: 'file', id: 'mt-sptjm', hint: 'Bila tidak ada berita acara', attrs: { accept: DOC_ACCEPT } }),
    sptjm_number: field({ name: 'sptjm_number', label: 'Nomor SPTJM', id: 'mt-sptjm-number' }),
  };
  const btn = h('button', { type: 'submit' }, 'Catat musyawarah');
  const form = h('form.card#meeting-form', { novalidate: true, 'aria-label': 'Catat musyawarah' },
    h('h2', 'Catat musyawarah'), village, h('div.form-row', f.kind, f.held_on, f.participants), f.note,
    h('div.form-row', f.minutes, f.sptjm, f.sptjm_number), h('div.actions', btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const body = { village: village.input.value, kind: f.kind.input.value, held_on: f.held_on.input.value,
      participants: Number(f.participants.input.value || 0), participants_note: f.note.input.value.trim() };
    if (!body.village) return showError(form, { field: 'village', message: 'Pilih desa/kelurahan' });
    const prob = dateProblem(f.held_on.input, 'Tanggal');
    if (!body.held_on || prob) return showError(form, { field: 'held_on', message: prob || 'Tanggal wajib diisi' });
    btn.disabled = true;
    try {
      const m = await post('/dtsen/meetings', body);
      await attach(m.id, f.minutes.input.files[0], f.sptjm.input.files[0], f.sptjm_number.input.value.trim());
      notify('Musyawarah dicatat.');
      location.hash = `#/musdes/${m.id}`;
    } catch (e) {
      showError(form, e);
    } finally {
      btn.disabled = false;
    }
  });
  await village.ready;
  return form;
}

// Uploads the minutes and/or the SPTJM letter of meeting id.
async function attach(id, minutes, sptjm, number) {
  if (minutes) await upload(`/dtsen/meetings/${id}/minutes` + qs({ kind: 'notulen', name: minutes.name }), minutes);
  if (sptjm) await upload(`/dtsen/meetings/${id}/minutes` + qs({ kind: 'sptjm', number, name: sptjm.name }), sptjm);
}

async function meeting(view, ctx, id) {
  const [m, proposals] = await Promise.all([
    get('/dtsen/meetings/' + id),
    get('/dtsen/proposals' + qs({ meeting_id: id })).then((r) => r.items),
  ]);
  const names = await regionNames([m.village]);
  const write = ctx.can('write');
  const reload = () => { location.hash = `#/musdes/${id}?t=${Date.now()}`; };
  view.append(pageHead(`${m.kind === 'muskel' ? 'Muskel' : 'Musdes'} ${names[m.village] || m.village}, ${date(m.held_on)}`,
    `${num(m.participants)} peserta${m.participants_note ? ' · ' + m.participants_note : ''}`,
    h('a.button.secondary', { href: '#/musdes' }, '← Semua musyawarah')));

  const docs = h('section.card#meeting-docs', h('h2', 'Dokumen'),
    h('dl.facts',
      h('dt', 'Berita acara'), h('dd', fileLink(m.minutes_file_id, 'Unduh berita acara') || h('span.muted', 'belum diunggah')),
      h('dt', 'SPTJM'), h('dd', m.sptjm_file_id ? [fileLink(m.sptjm_file_id, 'Unduh SPTJM'), m.sptjm_number ? ` (no. ${m.sptjm_number})` : ''] : h('span.muted', 'belum diunggah'))));
  if (write) {
    const which = field({ name: 'which', label: 'Dokumen', id: 'doc-kind', options: [['notulen', 'Berita acara'], ['sptjm', 'SPTJM']] });
    const file = field({ name: 'file', label: 'Berkas', type: 'file', id: 'doc-file', hint: 'PDF atau foto, maks. 10 MB', attrs: { accept: DOC_ACCEPT } });
    const number = field({ name: 'number', label: 'Nomor SPTJM', id: 'doc-number' });
    const btn = h('button.secondary', { type: 'submit' }, 'Unggah dokumen');
    const form = h('form#doc-form', { novalidate: true, 'aria-label': 'Unggah dokumen musyawarah' }, h('div.form-row', which, file, number), h('div.actions', btn));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(form);
      const fl = file.input.files[0];
      if (!fl) return showError(form, { field: 'file', message: 'Pilih berkas' });
      btn.disabled = true;
      try {
        if (which.input.value === 'sptjm') await attach(id, null, fl, number.input.value.trim());
        else await attach(id, fl, null, '');
        notify('Dokumen diunggah.');
        reload();
      } catch (e) {
        showError(form, e);
      } finally {
        btn.disabled = false;
      }
    });
    docs.append(form);
  }
  view.append(docs);

  const slot = h('div#proposal-edit');
  const list = h('section.card#meeting-proposals', { 'aria-labelledby': 'meeting-proposals-h' },
    h('h2#meeting-proposals-h', `Usulan (${num(proposals.length)})`));
  list.append(proposals.length ? table([
    { label: 'No.', cell: (p) => String(p.id) },
    { label: 'Jenis', cell: (p) => kindText(p) },
    { label: 'Sasaran', cell: (p) => subject(p) },
    { label: 'Siklus', cell: (p) => h('a', { href: `#/siklus/${p.cycle_id}` }, periodLabel(p.period)) },
    { label: 'Kelengkapan', cell: (p) => h('div', missingList(p), fileLink(p.evidence_file_id, 'Dokumen pendukung')) },
    { label: 'Status', cell: (p) => h('div', stateBadge(p.status, p.status_label), p.reject_reason ? h('div.muted', p.reject_reason) : null) },
    ...(write ? [{ label: 'Tindakan', cell: (p) => ((p.status === 'masuk' || p.status === 'diperiksa') && p.cycle_status !== 'disahkan'
      ? h('button.small.secondary', { type: 'button', 'data-edit': p.id, onclick: () => { slot.replaceChildren(proposalForm(m, p, reload)); slot.scrollIntoView({ block: 'nearest' }); } }, 'Ubah / lengkapi') : '—') }] : []),
  ], proposals, { label: 'Usulan musyawarah' }) : h('p.muted', 'Belum ada usulan dari musyawarah ini.'));
  list.append(slot);
  view.append(list);
  if (write) view.append(proposalForm(m, null, reload));
}

// The proposal form: a new proposal of meeting m (p null) or changes to proposal p.
function proposalForm(m, p, reload) {
  const pre = p ? `ed-` : 'pr-';
  const d = (p && p.data) || {};
  const kind = field({ name: 'kind', label: 'Jenis usulan', id: pre + 'kind', options: KINDS, value: p ? p.kind : 'tambah_keluarga', attrs: p ? { disabled: true } : {} });
  const removal = field({ name: 'removal', label: 'Alasan penghapusan', id: pre + 'removal', options: REMOVALS, value: p ? p.removal : '' });
  const person = field({ name: 'person_id', label: 'ID orang', id: pre + 'person', value: p && p.person_id ? p.person_id : '', hint: 'Nomor id di halaman orang', attrs: { inputmode: 'numeric', autocomplete: 'off', ...(p ? { readonly: true } : {}) } });
  const household = field({ name: 'household_id', label: 'ID keluarga', id: pre + 'household', value: p && p.household_id ? p.household_id : '', hint: 'Keluarga yang dituju atau dihapus', attrs: { inputmode: 'numeric', autocomplete: 'off', ...(p ? { readonly: true } : {}) } });
  const death = field({ name: 'death_date', label: 'Tanggal meninggal', type: 'date', id: pre + 'death', value: p ? p.death_date : '' });
  const data = {
    kk: field({ name: 'kk', label: 'No. KK', id: pre + 'kk', value: d.kk, attrs: { inputmode: 'numeric', maxlength: 16 } }),
    nik: field({ name: 'nik', label: 'NIK', id: pre + 'nik', value: d.nik, attrs: { inputmode: 'numeric', maxlength: 16 } }),
    name: field({ name: 'name', label: 'Nama lengkap', id: pre + 'name', value: d.name }),
    birth_place: field({ name: 'birth_place', label: 'Tempat lahir', id: pre + 'birth-place', value: d.birth_place }),
    birth_date: field({ name: 'birth_date', label: 'Tanggal lahir', type: 'date', id: pre + 'birth-date', value: d.birth_date }),
    sex: field({ name: 'sex', label: 'Jenis kelamin', id: pre + 'sex', options: [['', '—'], ...Object.entries(SEX)], value: d.sex }),
    relationship: field({ name: 'relationship', label: 'Hubungan keluarga', id: pre + 'relationship', options: [['', '—'], ...RELATIONSHIPS], value: d.relationship }),
    mother_name: field({ name: 'mother_name', label: 'Nama ibu kandung', id: pre + 'mother', value: d.mother_name }),
    address: field({ name: 'address', label: 'Alamat', id: pre + 'address', value: d.address }),
    no_nik_reason: field({ name: 'no_nik_reason', label: 'Alasan tanpa NIK', id: pre + 'nonik', options: [['', '—'], ...NO_NIK_REASONS], value: d.no_nik_reason }),
  };
  const note = field({ name: 'note', label: 'Keterangan', type: 'textarea', id: pre + 'note', value: p ? p.note : '' });
  const evidence = field({ name: 'evidence', label: 'Dokumen pendukung', type: 'file', id: pre + 'evidence',
    hint: p && p.evidence_file_id ? 'Sudah ada; unggah lagi untuk mengganti' : 'KK untuk penambahan, akta kematian atau surat pindah untuk penghapusan, dokumen perubahan (PDF atau foto)', attrs: { accept: DOC_ACCEPT } });
  const dataBox = h('fieldset.data', h('legend', 'Data yang diusulkan'),
    h('div.form-row', data.kk, data.nik, data.no_nik_reason), h('div.form-row', data.name, data.sex, data.relationship),
    h('div.form-row', data.birth_place, data.birth_date, data.mother_name), data.address);
  const subjectRow = h('div.form-row', person, household);
  const btn = h('button', { type: 'submit' }, p ? 'Simpan perubahan usulan' : 'Masukkan usulan');
  const form = h(p ? 'form.card#proposal-edit-form' : 'form.card#proposal-form', { novalidate: true, 'aria-label': p ? 'Ubah usulan' : 'Masukkan usulan' },
    h('h2', p ? `Ubah usulan no. ${p.id}: ${kindText(p)}` : 'Masukkan usulan'),
    kind, removal, subjectRow, death, dataBox, note, evidence,
    h('div.actions', p ? h('button.secondary', { type: 'button', onclick: () => form.remove() }, 'Batal') : null, btn));
  const sync = () => {
    const k = kind.input.value;
    removal.hidden = k !== 'hapus';
    death.hidden = !(k === 'hapus' && removal.input.value === 'meninggal');
    dataBox.hidden = k === 'hapus';
    subjectRow.hidden = k === 'tambah_keluarga';
    person.hidden = k === 'tambah_orang';
    data.kk.hidden = k !== 'tambah_keluarga';
  };
  kind.input.addEventListener('change', sync);
  removal.input.addEventListener('change', sync);
  sync();
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const k = kind.input.value;
    const body = { note: note.input.value.trim() };
    const values = {};
    if (k !== 'hapus') {
      // A change sends only what was changed: a NIK shown as a pseudonym to a role without
      // full-NIK access must never come back as the proposed value.
      for (const [key, f] of Object.entries(data)) {
        if (f.hidden) continue;
        const v = f.input.value.trim();
        if (v && (!p || v !== String(d[key] ?? ''))) values[key] = v;
      }
      const bp = dateProblem(data.birth_date.input, 'Tanggal lahir');
      if (bp) return showError(form, { field: 'birth_date', message: bp });
      body.data = values;
    } else {
      body.removal = removal.input.value;
      if (body.removal === 'meninggal') {
        const dp = dateProblem(death.input, 'Tanggal meninggal');
        if (dp) return showError(form, { field: 'death_date', message: dp });
        if (death.input.value) body.death_date = death.input.value;
      }
    }
    if (!p) {
      body.meeting_id = m.id;
      body.kind = k;
      const pid = Number(person.input.value || 0), hid = Number(household.input.value || 0);
      if (k !== 'tambah_keluarga') {
        if (pid && k !== 'tambah_orang') body.person_id = pid;
        if (hid) body.household_id = hid;
        if (!body.person_id && !body.household_id) return showError(form, { field: k === 'tambah_orang' ? 'household_id' : 'person_id', message: k === 'tambah_orang' ? 'Isi ID keluarga yang dituju' : 'Isi ID orang atau ID keluarga' });
      }
    } else {
      body.version = p.version;
    }
    btn.disabled = true;
    try {
      const saved = p ? await patch(`/dtsen/proposals/${p.id}`, body) : await post('/dtsen/proposals', body);
      const file = evidence.input.files[0];
      const last = file ? await upload(`/dtsen/proposals/${saved.id}/evidence` + qs({ name: file.name }), file) : saved;
      notify(`Usulan no. ${saved.id} ${p ? 'diperbarui' : 'dimasukkan'} ke siklus ${periodLabel(last.period)}: ${last.complete ? 'lengkap' : 'belum lengkap'}.`);
      reload();
    } catch (e) {
      showError(form, e, '', (fl) => (fl === 'file' ? 'evidence' : ['nik', 'kk', 'name', 'birth_date', 'sex', 'relationship', 'mother_name', 'address', 'birth_place'].includes(fl) ? fl : null));
    } finally {
      btn.disabled = false;
    }
  });
  return form;
}
