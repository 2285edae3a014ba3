// Periksa lapangan (#/periksa): the field checks of DTSEN proposals and objections assigned
// to a PSKS person (TKSK, PKH facilitator, PSM), phone first. Pick the unit one works as
// (remembered on this device, shared with Kunjungan PSKS), see the open checks (overdue
// first), and record the result: the date visited, findings, the phone's GPS position, a
// photo (stored with the PSKS visit the result becomes) and the recommendation.
import { get, post, upload, qs } from '../api.js';
import { num, date, todayIso } from '../fmt.js';
import { h, field, pageHead, notify, showError, clearErrors, dateProblem } from '../ui.js';
import { regionNames } from '../lookup.js';
import { stateBadge, kindText } from '../dtsen.js';

const KEY = 'pilar.psks_unit';

export async function render(view, ctx, { query }) {
  const units = (await get('/psks')).items;
  let unitId = query.get('unit') || localStorage.getItem(KEY) || '';
  if (!units.some((u) => String(u.id) === String(unitId))) unitId = units.length ? String(units[0].id) : '';
  view.append(pageHead('Periksa lapangan', 'Pemeriksaan rumah untuk usulan dan sanggahan DTSEN'));
  if (!units.length) {
    view.append(h('div.card', h('div.empty', h('p', 'Belum ada unit PSKS di wilayah Anda. Daftarkan di halaman PSKS.'))));
    return;
  }
  const sel = h('select#check-unit', { name: 'unit', 'aria-label': 'Unit PSKS' },
    units.map((u) => h('option', { value: u.id, selected: String(u.id) === unitId }, `${u.name} (${u.type_name})`)));
  sel.addEventListener('change', () => {
    localStorage.setItem(KEY, sel.value);
    location.hash = '#/periksa' + qs({ unit: sel.value });
  });
  localStorage.setItem(KEY, unitId);
  view.append(h('div.card', h('label', { for: 'check-unit' }, 'Saya bertugas sebagai'), sel));

  const [open, done] = await Promise.all([
    get('/dtsen/checks' + qs({ psks_id: unitId, status: 'ditugaskan' })).then((r) => r.items),
    get('/dtsen/checks' + qs({ psks_id: unitId, status: 'selesai' })).then((r) => r.items),
  ]);
  const details = await Promise.all(open.map((k) => get('/dtsen/checks/' + k.id).then(withSubject)));
  const names = await regionNames(details.map((k) => k.region_code));
  const today = todayIso();
  const late = (k) => k.due_date && k.due_date < today;
  details.sort((a, b) => Number(late(b)) - Number(late(a)));
  const box = h('section.card#check-list', h('h2', `Pemeriksaan yang ditugaskan (${num(details.length)})`));
  const slot = h('div#check-form-slot');
  if (!details.length) box.append(h('div.empty', h('p', 'Tidak ada pemeriksaan yang menunggu untuk unit ini.')));
  for (const k of details) {
    const s = what(k);
    box.append(h('div.assignment', { 'data-check': k.id },
      h('div', h('strong', s.title), late(k) ? h('span.badge.rejected', { style: 'margin-left:.5em' }, 'Terlambat') : null),
      h('div.muted', [s.address, names[k.region_code]].filter(Boolean).join(', ')),
      h('div', s.detail),
      h('div.muted', `Batas ${k.due_date ? date(k.due_date) : '—'} · ditugaskan ${date(k.created_at.slice(0, 10))}`),
      ctx.can('write') ? h('div.actions', { style: 'justify-content:flex-start' },
        h('button.small', { type: 'button', 'data-record': k.id, onclick: () => { slot.replaceChildren(resultForm(k, s, unitId)); slot.scrollIntoView({ block: 'start' }); } }, 'Catat hasil')) : null));
  }
  view.append(box, slot);
  if (done.length) {
    view.append(h('section.card#check-done', h('h2', `Sudah diperiksa (${num(done.length)})`),
      h('ul.plain', done.slice(-10).reverse().map((k) => h('li', { 'data-check': k.id },
        stateBadge(k.status), ` ${date(k.visited_on)}: `, h('strong', k.recommendation === 'setuju' ? 'setuju' : 'tolak'), ` — ${k.findings}`)))));
  }
}

// Check k with the registered person or household it is about (k.who: {name, address}), so
// that the field worker finds the house.
async function withSubject(k) {
  const p = k.proposal;
  const o = k.objection;
  let hid = (p && p.household_id) || (o && o.household_id) || 0;
  let name = '';
  try {
    if (p && p.person_id) {
      const person = await get('/people/' + p.person_id);
      name = person.name;
      hid = person.household_id || hid;
    }
    if (hid) {
      const [hh, members] = await Promise.all([get('/households/' + hid), get(`/households/${hid}/members`)]);
      const head = members.items.find((m) => m.relationship === 'kepala_keluarga');
      k.who = { name: name || (head ? `Keluarga ${head.name}` : ''), address: [hh.address, hh.rt && `RT ${hh.rt}`].filter(Boolean).join(', ') };
    }
  } catch (_) { /* the record may have moved out of the area: the check still shows */ }
  return k;
}

// What check k is about, in words: {title, address, detail}.
function what(k) {
  const who = k.who || {};
  if (k.proposal) {
    const p = k.proposal, d = p.data || {};
    const name = d.name || who.name;
    return { title: `Usulan: ${kindText(p)}${name ? ' — ' + name : ''}`, address: d.address || who.address || '',
      detail: p.note || '' };
  }
  if (k.objection) {
    const o = k.objection;
    const name = o.subject_name || who.name;
    return { title: `Sanggahan: ${o.kind_label}${name ? ' — ' + name : ''}`, address: o.subject_address || who.address || '', detail: o.statement };
  }
  return { title: `Pemeriksaan no. ${k.id}`, address: '', detail: '' };
}

// The result of check k: date, findings, GPS, photo, recommendation.
function resultForm(k, s, unitId) {
  const day = field({ name: 'visited_on', label: 'Tanggal kunjungan', type: 'date', value: todayIso(), required: true, id: 'res-date' });
  const findings = field({ name: 'findings', label: 'Temuan di lapangan', type: 'textarea', required: true, id: 'res-findings', attrs: { maxlength: 500 } });
  const rec = field({ name: 'recommendation', label: 'Rekomendasi', required: true, id: 'res-rec',
    options: [['', '— pilih —'], ['setuju', 'Setuju (usulan/sanggahan sesuai kenyataan)'], ['tolak', 'Tolak (tidak sesuai kenyataan)']] });
  const photo = field({ name: 'photo', label: 'Foto rumah', type: 'file', id: 'res-photo', hint: 'JPEG/PNG, maks. 8 MB', attrs: { accept: 'image/jpeg,image/png,image/webp', capture: 'environment' } });
  const where = h('span#check-gps-status.muted', 'Lokasi belum diambil');
  let pos = null;
  const gps = h('button.secondary.small#check-gps', { type: 'button' }, 'Ambil lokasi GPS');
  gps.addEventListener('click', () => {
    if (!navigator.geolocation) { where.textContent = 'Peramban tidak mendukung GPS'; return; }
    where.textContent = 'Mengambil lokasi…';
    navigator.geolocation.getCurrentPosition((p) => {
      pos = { lat: Number(p.coords.latitude.toFixed(6)), lon: Number(p.coords.longitude.toFixed(6)) };
      where.textContent = `${pos.lat}, ${pos.lon} (±${Math.round(p.coords.accuracy)} m)`;
    }, (e) => { where.textContent = `Lokasi tidak didapat: ${e.message || 'izin ditolak'}`; }, { enableHighAccuracy: true, timeout: 15000 });
  });
  const btn = h('button.ok', { type: 'submit' }, 'Simpan hasil pemeriksaan');
  const form = h('form.card#check-form', { novalidate: true, 'aria-label': 'Hasil pemeriksaan lapangan' },
    h('h2', s.title), day, findings, rec,
    h('div.field', h('label', 'Lokasi'), h('div', gps, ' ', where)), photo, h('div.actions', btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const prob = dateProblem(day.input, 'Tanggal kunjungan');
    if (!day.input.value || prob) return showError(form, { field: 'visited_on', message: prob || 'Tanggal wajib diisi' });
    const body = { version: k.version, visited_on: day.input.value, findings: findings.input.value.trim(), recommendation: rec.input.value, ...(pos || {}) };
    if (!body.findings) return showError(form, { field: 'findings', message: 'Tulis temuan di lapangan' });
    if (!body.recommendation) return showError(form, { field: 'recommendation', message: 'Pilih rekomendasi' });
    btn.disabled = true;
    try {
      const r = await post(`/dtsen/checks/${k.id}/result`, body);
      const f = photo.input.files[0];
      if (f && r.visit_id) await upload(`/visits/${r.visit_id}/photo`, f);
      notify(`Hasil pemeriksaan disimpan${f ? ' dengan foto' : ''}.`);
      location.hash = `#/periksa?unit=${unitId}&t=${Date.now()}`;
    } catch (e) {
      showError(form, e);
    } finally {
      btn.disabled = false;
    }
  });
  return form;
}
