// Kunjungan PSKS: the field worker's page, phone first. Pick the PSKS unit one works as
// (remembered on this device), see its assignments (overdue first), log a visit with the
// phone's GPS position and a photo, and print the monthly activity report (PDF) or the
// district roll-up (PDF/XLSX). Operators also assign a person or household to a unit (or
// to the suggested nearest TKSK/PSM).
import { get, post, upload, qs } from '../api.js';
import { num, date, todayIso } from '../fmt.js';
import { h, field, pageHead, notify, showError, clearErrors, capitalize } from '../ui.js';

const KEY = 'pilar.psks_unit';
const ACTIONS = [['kunjungan_rumah', 'Kunjungan rumah'], ['bantuan', 'Bantuan diserahkan'],
  ['rujukan', 'Rujukan ke layanan'], ['konseling', 'Konseling'], ['lainnya', 'Lainnya']];
const STATUS = { aktif: ['Aktif', 'draft'], selesai: ['Selesai', 'verified'], batal: ['Batal', 'rejected'] };

export async function render(view, ctx, { query }) {
  const units = (await get('/psks')).items;
  let unitId = query.get('unit') || localStorage.getItem(KEY) || '';
  if (!units.some((u) => String(u.id) === String(unitId))) unitId = units.length ? String(units[0].id) : '';
  view.append(pageHead('Kunjungan PSKS', 'Penugasan, kunjungan dan laporan bulanan pendamping (TKSK, PSM, Tagana, ...)'));
  if (!units.length) {
    view.append(h('div.card', h('div.empty', h('p', 'Belum ada unit PSKS di wilayah Anda. Daftarkan di halaman PSKS.'))));
    return;
  }
  const sel = h('select#visit-unit', { name: 'unit', 'aria-label': 'Unit PSKS' },
    units.map((u) => h('option', { value: u.id, selected: String(u.id) === unitId }, `${u.name} (${u.type_name})`)));
  sel.addEventListener('change', () => {
    localStorage.setItem(KEY, sel.value);
    location.hash = '#/kunjungan' + qs({ unit: sel.value });
  });
  localStorage.setItem(KEY, unitId);
  view.append(h('div.card#visit-who', h('label', { for: 'visit-unit' }, 'Saya bertugas sebagai'), sel));

  const today = todayIso();
  const list = (await get('/assignments' + qs({ psks_id: unitId, status: 'aktif' }))).items;
  const overdue = (a) => a.due_date && a.due_date < today && !a.visits;
  list.sort((a, b) => Number(overdue(b)) - Number(overdue(a)));
  const box = h('div.card#assignment-list', h('h2', `Penugasan aktif (${num(list.length)})`));
  const formSlot = h('div#visit-form-slot');
  if (!list.length) box.append(h('div.empty', h('p', 'Tidak ada penugasan aktif untuk unit ini.')));
  for (const a of list) {
    const s = a.subject || {};
    const item = h('div.assignment', { 'data-assignment': a.id },
      h('div', h('strong', s.name || (s.kind === 'household' ? 'Keluarga' : 'Orang') + ` #${s.id}`),
        overdue(a) ? h('span.badge.rejected', { style: 'margin-left:.5em' }, 'Terlambat') : null),
      h('div.muted', [s.address, s.rt && `RT ${s.rt}`, s.village_name].filter(Boolean).join(', ')),
      h('div.muted', `${a.reason || 'Tanpa keterangan'} · batas ${a.due_date ? date(a.due_date) : '—'} · ${num(a.visits)} kunjungan${a.last_visit ? `, terakhir ${date(a.last_visit)}` : ''}`),
      ctx.can('write') ? h('div.actions', { style: 'justify-content:flex-start' },
        h('button.small', { type: 'button', 'data-log': a.id, onclick: () => { formSlot.replaceChildren(visitForm(a)); formSlot.scrollIntoView({ block: 'start' }); } }, 'Catat kunjungan')) : null);
    box.append(item);
  }
  view.append(box, formSlot, reportCard(ctx, unitId, units.find((u) => String(u.id) === unitId)));
  if (ctx.can('write')) view.append(assignForm(unitId));
}

// The form that logs a visit for assignment a: action, date, GPS, photo, note.
function visitForm(a) {
  const action = field({ name: 'action', label: 'Kegiatan', required: true, options: ACTIONS });
  const day = field({ name: 'date', label: 'Tanggal', type: 'date', value: todayIso(), required: true });
  const note = field({ name: 'note', label: 'Catatan', type: 'textarea', attrs: { maxlength: 500 } });
  const photo = field({ name: 'photo', label: 'Foto', type: 'file', hint: 'JPEG/PNG, maks. 8 MB', attrs: { accept: 'image/jpeg,image/png,image/webp', capture: 'environment' } });
  const where = h('span#gps-status.muted', 'Lokasi belum diambil');
  let pos = null;
  const gps = h('button.secondary.small#gps', { type: 'button' }, 'Ambil lokasi GPS');
  gps.addEventListener('click', () => {
    if (!navigator.geolocation) { where.textContent = 'Peramban tidak mendukung GPS'; return; }
    where.textContent = 'Mengambil lokasi…';
    navigator.geolocation.getCurrentPosition((p) => {
      pos = { latitude: Number(p.coords.latitude.toFixed(6)), longitude: Number(p.coords.longitude.toFixed(6)) };
      where.textContent = `${pos.latitude}, ${pos.longitude} (±${Math.round(p.coords.accuracy)} m)`;
    }, (e) => { where.textContent = `Lokasi tidak didapat: ${e.message || 'izin ditolak'}`; }, { enableHighAccuracy: true, timeout: 15000 });
  });
  const btn = h('button.ok', { type: 'submit' }, 'Simpan kunjungan');
  const s = a.subject || {};
  const form = h('form.card#visit-form', { novalidate: true, 'aria-label': 'Catat kunjungan' },
    h('h2', `Kunjungan: ${s.name || 'penugasan ' + a.id}`), action, day,
    h('div.field', h('label', 'Lokasi'), h('div', gps, ' ', where)), photo, note, h('div.actions', btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const d = day.input.value;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return showError(form, { field: 'date', message: 'Tanggal harus HH/BB/TTTT' });
    const body = { assignment_id: a.id, action: action.input.value, date: d, note: note.input.value.trim(), ...(pos || {}) };
    btn.disabled = true;
    try {
      const v = await post('/visits', body);
      const f = photo.input.files[0];
      if (f) await upload(`/visits/${v.id}/photo`, f);
      notify(`Kunjungan dicatat${f ? ' dengan foto' : ''}.`);
      location.hash = `#/kunjungan?unit=${a.psks_id}&t=${Date.now()}`;
    } catch (e) {
      showError(form, e);
    } finally {
      btn.disabled = false;
    }
  });
  return form;
}

// The monthly report of the unit (PDF) and the roll-up of its district (PDF/XLSX).
function reportCard(ctx, unitId, unit) {
  const now = new Date();
  const prev = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  const m = `${prev.getFullYear()}-${String(prev.getMonth() + 1).padStart(2, '0')}`;
  const month = h('input#report-month', { type: 'month', value: m, 'aria-label': 'Bulan laporan' });
  const district = unit && unit.region ? unit.region.split('.').slice(0, 3).join('.') : '';
  const pdf = h('a.button#report-pdf', { download: '' }, 'Laporan bulanan (PDF)');
  const rollPdf = h('a.button.secondary#rollup-pdf', { download: '' }, 'Rekap kecamatan (PDF)');
  const rollXlsx = h('a.button.secondary#rollup-xlsx', { download: '' }, 'Rekap kecamatan (XLSX)');
  const sum = h('div#report-summary.muted');
  const update = async () => {
    const v = month.value;
    pdf.href = `/api/v1/psks/${unitId}/activity` + qs({ month: v, format: 'pdf' });
    rollPdf.href = '/api/v1/reports/psks-activity' + qs({ region: district, month: v, format: 'pdf' });
    rollXlsx.href = '/api/v1/reports/psks-activity' + qs({ region: district, month: v, format: 'xlsx' });
    try {
      const r = await get(`/psks/${unitId}/activity` + qs({ month: v }));
      sum.textContent = `${num(r.visits)} kegiatan, ${num(r.subjects)} sasaran di ${num(r.places.length)} desa/kelurahan.`;
    } catch (e) { sum.textContent = capitalize(e.message); }
  };
  month.addEventListener('change', update);
  update();
  return h('div.card#report-card', h('h2', 'Laporan kegiatan'),
    h('div.field', h('label', { for: 'report-month' }, 'Bulan'), month), sum,
    h('div.actions', { style: 'justify-content:flex-start;flex-wrap:wrap' }, pdf, rollPdf, rollXlsx));
}

// Assigns a person or household (by id) to this unit or to the suggested one.
function assignForm(unitId) {
  const kind = field({ name: 'kind', label: 'Sasaran', options: [['person_id', 'Orang'], ['household_id', 'Keluarga']] });
  const id = field({ name: 'subject', label: 'ID orang/keluarga', required: true, hint: 'Nomor id di halaman orang atau keluarga', attrs: { inputmode: 'numeric', autocomplete: 'off' } });
  const who = field({ name: 'psks_id', label: 'Unit', options: [['this', 'Unit ini'], ['suggest', 'Usulan: TKSK/PSM terdekat']] });
  const due = field({ name: 'due_date', label: 'Batas kunjungan', type: 'date' });
  const reason = field({ name: 'reason', label: 'Keterangan', attrs: { maxlength: 255 } });
  const btn = h('button', { type: 'submit' }, 'Tugaskan');
  const form = h('form.card#assign-form', { novalidate: true, 'aria-label': 'Tugaskan PSKS' }, h('h2', 'Tugaskan pendampingan'),
    h('div.form-row', kind, id), h('div.form-row', who, due), reason, h('div.actions', btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const n = Number(id.input.value);
    if (!Number.isInteger(n) || n < 1) return showError(form, { field: 'subject', message: 'Isi id orang atau keluarga' });
    const body = { [kind.input.value]: n, reason: reason.input.value.trim() };
    if (who.input.value === 'this') body.psks_id = Number(unitId);
    if (due.input.value) body.due_date = due.input.value;
    btn.disabled = true;
    try {
      const a = await post('/assignments', body);
      notify(`Ditugaskan ke ${a.unit.name}${a.suggested ? ' (usulan)' : ''}.`);
      location.hash = `#/kunjungan?unit=${a.psks_id}&t=${Date.now()}`;
    } catch (e) {
      if (e.field === 'person_id' || e.field === 'household_id') e.field = 'subject';
      showError(form, e);
    } finally {
      btn.disabled = false;
    }
  });
  return form;
}
