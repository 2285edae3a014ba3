// Tambah keluarga: a household and its members in one form. Each member is
// registered with POST /people (the first one creates the household from the KK);
// members saved before an error are not sent again on the next try.
import { get, post } from '../api.js';
import { RELATIONSHIPS, NO_NIK_REASONS, todayIso } from '../fmt.js';
import { h, field, pageHead, showError, clearErrors, setFieldError, notify } from '../ui.js';
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
      categories: mk({ name: 'categories', label: 'Kategori PMKS (jika ada)', options: [['', '— tidak ada —'], ...cats.map((c) => [String(c.code), `${c.code}. ${c.name}`])] }),
      no_nik_reason: mk({ name: 'no_nik_reason', label: 'Alasan belum punya NIK', required: true, options: [['', '— pilih alasan —'], ...NO_NIK_REASONS] }),
      saved: null,
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
    members.forEach((m, k) => { m.title.textContent = `Anggota ${k + 1}${m.saved ? ' (tersimpan)' : ''}`; });
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
      if (m.saved) continue;
      const p = `m${m.i}.`;
      if (m.noNik.checked) {
        if (!m.no_nik_reason.input.value) bad(p + 'no_nik_reason', 'Pilih alasan belum punya NIK');
      } else {
        const nk = checkIdNumber(m.nik.input.value, 'nik');
        if (!nk.valid) bad(p + 'nik', capital(nk.problems[0]));
      }
      if (!m.name.input.value.trim()) bad(p + 'name', 'Nama wajib diisi');
      if (!m.birth_date.input.value) bad(p + 'birth_date', 'Tanggal lahir wajib diisi');
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
    let last = null, waiting = 0;
    try {
      for (const m of members) {
        if (m.saved) continue;
        const body = {
          nik: m.nik.input.value.trim(), kk: kk.input.value.trim(), name: m.name.input.value.trim(),
          birth_place: m.birth_place.input.value.trim(), birth_date: m.birth_date.input.value,
          sex: m.sex.input.value, relationship: m.relationship.input.value,
          mother_name: m.mother_name.input.value.trim(), address: address.input.value.trim(), rt: rt.input.value.trim(), rw: rw.input.value.trim(),
          village_code: existing ? existing.village_code : village.input.value,
        };
        if (coord) Object.assign(body, coord.value());
        if (m.categories.input.value) body.categories = `${m.categories.input.value}@${todayIso()}`;
        if (m.noNik.checked) { body.nik = null; body.no_nik_reason = m.no_nik_reason.input.value; }
        try {
          m.saved = await post('/people', body);
          // 202: the NIK or KK is held outside the caller's area; the data wait for its owner.
          if (m.saved.status === 'menunggu') waiting++;
          else last = m.saved;
          for (const x of m.el.querySelectorAll('input,select')) x.disabled = true;
          renumber();
        } catch (e) {
          const hhFields = ['kk', 'village_code', 'address', 'rt', 'rw', 'latitude', 'longitude'];
          const prefixed = e.field && !hhFields.includes(e.field) ? { ...e, message: e.message, field: `m${m.i}.${e.field}` } : e;
          if (e.status === 409 && !e.field) prefixed.field = `m${m.i}.nik`;
          showError(form, prefixed);
          if (members.some((x) => x.saved)) form.prepend(h('div.alert.warn.form-alert', 'Anggota yang bertanda "tersimpan" sudah terdaftar; perbaiki isian yang lain lalu simpan lagi.'));
          return;
        }
      }
      if (waiting) notify(`${waiting} data menunggu pemeriksaan oleh kantor pemilik data.`);
      else notify(existing ? 'Anggota disimpan.' : 'Keluarga disimpan.');
      const hid = (last && last.household_id) || (existing && existing.id);
      location.hash = hid ? '#/keluarga/' + hid : '#/cari';
    } finally {
      submit.disabled = false;
    }
  });
}

function capital(s) { return s ? s[0].toUpperCase() + s.slice(1) : s; }
