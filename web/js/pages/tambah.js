// Tambah keluarga: a household and its members in one form, saved all or none with one
// POST /households {..., members: [...]} (one transaction on the server): a refused member
// leaves nothing stored, and the error lands at that member's field.
import { get, post } from '../api.js';
import { RELATIONSHIPS, NO_NIK_REASONS, todayIso, categoryLabel } from '../fmt.js';
import { h, field, pageHead, showError, clearErrors, setFieldError, notify, ask, dateProblem, capitalize } from '../ui.js';
import { liveCheck, checkIdNumber } from '../nik.js';
import { regionPicker } from '../region-picker.js';
import { coordPicker } from '../coord-picker.js';

export async function render(view, ctx, { query }) {
  const cats = await ctx.pmks();
  const existing = query.get('kk') ? await get('/households/' + query.get('kk')) : null;
  view.append(pageHead(existing ? 'Tambah anggota keluarga' : 'Tambah keluarga',
    existing ? `No. KK ${existing.kk}` : 'Daftarkan satu keluarga (satu Kartu Keluarga) beserta anggotanya'));

  const kk = field({ name: 'kk', label: 'No. KK', required: true, value: existing ? existing.kk : '', hint: '16 angka sesuai Kartu Keluarga', attrs: { inputmode: 'numeric', maxlength: 16, autocomplete: 'off' } });
  const village = existing ? null : regionPicker({ scope: ctx.user.scope });
  const coord = existing ? null : coordPicker({ scope: ctx.user.scope });
  const address = field({ name: 'address', label: 'Alamat', value: existing ? existing.address : '' });
  const rt = field({ name: 'rt', label: 'RT', value: existing ? existing.rt : '', attrs: { inputmode: 'numeric', maxlength: 3 } });
  const rw = field({ name: 'rw', label: 'RW', value: existing ? existing.rw : '', attrs: { inputmode: 'numeric', maxlength: 3 } });
  if (existing) for (const x of [kk, address, rt, rw]) x.input.disabled = true;
  else liveCheck(kk, 'kk');
  if (village) await village.ready;

  const list = h('div');
  const members = [];
  let n = 0;
  function addMember(rel) {
    const i = n++;
    const pre = `m${i}.`;
    const mk = (o) => field({ ...o, name: pre + o.name });
    const m = {
      i,
      nik: mk({ name: 'nik', label: 'NIK', required: true, hint: '16 angka; tanggal lahir dan jenis kelamin dibaca dari NIK', attrs: { inputmode: 'numeric', maxlength: 16, autocomplete: 'off' } }),
      name: mk({ name: 'name', label: 'Nama lengkap', required: true }),
      birth_place: mk({ name: 'birth_place', label: 'Tempat lahir' }),
      birth_date: mk({ name: 'birth_date', label: 'Tanggal lahir', type: 'date', required: true }),
      sex: mk({ name: 'sex', label: 'Jenis kelamin', required: true, options: [['', '— pilih —'], ['L', 'Laki-laki'], ['P', 'Perempuan']] }),
      relationship: mk({ name: 'relationship', label: 'Hubungan', required: true, value: rel, options: RELATIONSHIPS }),
      mother_name: mk({ name: 'mother_name', label: 'Nama ibu kandung' }),
      categories: mk({ name: 'categories', label: 'Kategori PMKS (jika ada)', options: [['', '— tidak ada —'], ...cats.map((c) => [String(c.code), categoryLabel(c)])] }),
      no_nik_reason: mk({ name: 'no_nik_reason', label: 'Alasan belum punya NIK', required: true, options: [['', '— pilih alasan —'], ...NO_NIK_REASONS] }),
    };
    // "Belum punya NIK": the person is registered with a reason instead of a NIK (id Pilar).
    m.noNik = h('input', { type: 'checkbox', id: `${pre}no-nik`, name: `${pre}no_nik`, onchange: () => {
      m.nik.input.disabled = m.noNik.checked;
      m.nik.input.required = !m.noNik.checked;
      if (m.noNik.checked) { m.nik.input.value = ''; setFieldError(form, `${pre}nik`, ''); }
      m.no_nik_reason.hidden = !m.noNik.checked;
    } });
    m.no_nik_reason.hidden = true;
    m.noNikBox = h('div.field.checkbox', h('label', { for: `${pre}no-nik` }, m.noNik, ' Belum punya NIK'));
    // Fill birth date and sex from a valid NIK when still empty.
    liveCheck(m.nik, 'nik', (info) => {
      if (!info.valid) return;
      if (!m.birth_date.input.value && info.birth_date_candidates.length === 1) m.birth_date.input.value = info.birth_date;
      if (!m.sex.input.value && info.sex) m.sex.input.value = info.sex;
    });
    const remove = h('button.secondary.small', { type: 'button', onclick: () => { members.splice(members.indexOf(m), 1); m.el.remove(); renumber(); } }, 'Hapus');
    m.title = h('h3', { style: 'margin:0' });
    m.el = h('fieldset.member', { 'data-member': i }, h('legend.sr-only', 'Anggota'),
      h('div.member-head', m.title, remove),
      h('div.form-row', m.nik, m.name, m.relationship),
      h('div.form-row', m.noNikBox, m.no_nik_reason),
      h('div.form-row', m.birth_place, m.birth_date, m.sex),
      h('div.form-row', m.mother_name, m.categories));
    members.push(m);
    list.append(m.el);
    renumber();
    return m;
  }
  function renumber() {
    members.forEach((m, k) => { m.title.textContent = `Anggota ${k + 1}`; });
  }
  addMember(existing ? 'anak' : 'kepala_keluarga');

  const submit = h('button', { type: 'submit' }, existing ? 'Simpan anggota' : 'Simpan keluarga');
  const form = h('form', { novalidate: true, 'aria-label': 'Formulir keluarga' },
    h('div.card', h('h2', 'Keluarga'), h('div.form-row', kk), village, address, h('div.form-row', rt, rw), coord && coord.el),
    h('div.card', h('h2', 'Anggota keluarga'), list,
      h('button.secondary', { type: 'button', onclick: () => addMember('anak').nik.input.focus() }, '+ Tambah anggota')),
    h('div.actions', submit, h('a.button.secondary', { href: existing ? '#/keluarga/' + existing.id : '#/beranda' }, 'Batal')));
  view.append(form);

  function localCheck() {
    let first = null;
    const bad = (name, msg) => { setFieldError(form, name, msg); first = first || name; };
    if (!existing) {
      const k = checkIdNumber(kk.input.value, 'kk');
      if (!k.valid) bad('kk', capital(k.problems[0]));
      if (!village.input.value) bad('village_code', 'Pilih desa/kelurahan sampai tingkat desa');
      if (coord.check()) bad('latitude', coord.check());
    }
    if (!members.length) bad('kk', 'Tambahkan paling sedikit satu anggota');
    for (const m of members) {
      const p = `m${m.i}.`;
      if (m.noNik.checked) {
        if (!m.no_nik_reason.input.value) bad(p + 'no_nik_reason', 'Pilih alasan belum punya NIK');
      } else {
        const nk = checkIdNumber(m.nik.input.value, 'nik');
        if (!nk.valid) bad(p + 'nik', capital(nk.problems[0]));
      }
      if (!m.name.input.value.trim()) bad(p + 'name', 'Nama wajib diisi');
      if (!m.birth_date.input.value) bad(p + 'birth_date', 'Tanggal lahir wajib diisi');
      else if (dateProblem(m.birth_date.input, 'Tanggal lahir')) bad(p + 'birth_date', dateProblem(m.birth_date.input, 'Tanggal lahir'));
      else if (m.birth_date.input.value > todayIso()) bad(p + 'birth_date', 'Tanggal lahir tidak boleh di masa depan');
      if (!m.sex.input.value) bad(p + 'sex', 'Jenis kelamin wajib diisi');
    }
    if (first) {
      const el = form.querySelector(`.field[data-field="${CSS.escape(first)}"] input, .field[data-field="${CSS.escape(first)}"] select`);
      if (el) el.focus();
      form.prepend(h('div.alert.error.form-alert', { role: 'alert' }, 'Periksa isian yang ditandai merah.'));
    }
    return !first;
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    if (!localCheck()) return;
    submit.disabled = true;
    const body = {
      kk: kk.input.value.trim(),
      village_code: existing ? existing.village_code : village.input.value,
      members: members.map((m) => {
        const b = {
          nik: m.nik.input.value.trim(), name: m.name.input.value.trim(),
          birth_place: m.birth_place.input.value.trim(), birth_date: m.birth_date.input.value,
          sex: m.sex.input.value, relationship: m.relationship.input.value,
          mother_name: m.mother_name.input.value.trim(),
        };
        if (m.categories.input.value) b.categories = `${m.categories.input.value}@${todayIso()}`;
        if (m.noNik.checked) { b.nik = null; b.no_nik_reason = m.no_nik_reason.input.value; }
        return b;
      }),
    };
    if (!existing) Object.assign(body, { address: address.input.value.trim(), rt: rt.input.value.trim(), rw: rw.input.value.trim() });
    // The household's home point (map click or GPS): the family's, not each member's.
    if (coord) Object.assign(body, coord.value());
    // "members.1.birth_date" -> the form's "m<i>.birth_date" of that member.
    const mapField = (f) => {
      const x = /^members\.(\d+)\.(.+)$/.exec(f || '');
      if (!x || !members[Number(x[1])]) return null;
      return `m${members[Number(x[1])].i}.${x[2] === 'confirm' ? 'categories' : x[2] === 'no_kk' ? 'nik' : x[2]}`;
    };
    try {
      for (;;) {
        try {
          const r = await post('/households', body);
          if (r.waiting && !r.members.length) notify(`${r.waiting} data menunggu pemeriksaan oleh kantor pemilik data.`);
          else notify((existing ? 'Anggota disimpan.' : 'Keluarga disimpan.') + (r.waiting ? ` ${r.waiting} data menunggu pemeriksaan oleh kantor pemilik data.` : ''));
          const hid = (r.household && r.household.id) || (existing && existing.id);
          location.hash = hid ? '#/keluarga/' + hid : '#/cari';
          return;
        } catch (e) {
          // A PMKS category that contradicts a member (age, sex): ask, then send again confirmed.
          if (/(^|\.)confirm$/.test(e.field) && !body.confirm) {
            const who = mapField(e.field) ? members[Number(e.field.split('.')[1])].name.input.value.trim() : '';
            if (await ask(`${who ? who + ': ' : ''}${capitalize(e.message)}.`, { ok: 'Ya, data ini benar' })) { body.confirm = true; continue; }
          }
          if (e.status === 409 && !e.field) e.field = 'members.0.nik';
          showError(form, e, '', mapField);
          form.prepend(h('div.alert.warn.form-alert', { role: 'status' }, 'Belum ada yang disimpan: keluarga dan anggotanya disimpan bersama setelah semua isian benar.'));
          return;
        }
      }
    } finally {
      submit.disabled = false;
    }
  });
}

function capital(s) { return s ? s[0].toUpperCase() + s.slice(1) : s; }
