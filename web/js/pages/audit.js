// Log audit (administrators): who changed or read what and when, over the write audit
// and the read audit, filtered by user, kind of record and a day range, page by page.
import { get, qs } from '../api.js';
import { dateTime } from '../fmt.js';
import { h, field, pageHead, table, showError, clearErrors } from '../ui.js';
import { parseDmy, dmy } from '../lookup.js';
import { LABELS } from '../record.js';

const ENTITIES = [
  ['person', 'Orang'], ['household', 'Keluarga'], ['membership', 'Keanggotaan PMKS'],
  ['psks_unit', 'Unit PSKS'], ['card', 'Kartu disabilitas'], ['disaster_event', 'Kejadian bencana'],
  ['app_user', 'Akun pengguna'], ['file', 'Berkas impor/ekspor'], ['dedup_candidate', 'Pasangan duplikat'],
  ['merge_log', 'Penggabungan data'], ['program', 'Program'], ['enrolment', 'Kepesertaan program'],
  ['bank_account', 'Rekening'], ['disbursement_batch', 'Batch penyaluran'], ['batch_item', 'Butir penyaluran'],
  ['period_approval', 'Pengesahan periode'], ['intervention_note', 'Catatan intervensi'],
  ['rakor_problem', 'Masalah rakor'], ['boundary', 'Batas wilayah'], ['region', 'Pohon wilayah'],
  ['audit_read', 'Audit baca'], ['letterhead', 'Kop surat'],
];
const ENTITY = Object.fromEntries(ENTITIES);
const ACTIONS = {
  insert: 'menambah', update: 'mengubah', delete: 'menghapus', read: 'membaca', login: 'masuk',
  login_failed: 'gagal masuk', logout: 'keluar', import: 'mengimpor', export: 'mengekspor',
  confirm: 'menetapkan',
  purge_read_audit: 'membersihkan audit baca', region_import: 'mengimpor wilayah',
};
const KINDS = [['all', 'Perubahan dan pembacaan'], ['write', 'Perubahan saja'], ['read', 'Pembacaan saja']];

// Column names of the audit images in words (the person/household words are the record
// history's, record.js LABELS); a name missing here is shown with its underscores as spaces.
const FIELDS = {
  ...Object.fromEntries(Object.entries(LABELS).filter(([, v]) => v)),
  lon: 'koordinat', flags: 'tanda pemeriksaan', person_id: 'orang', category: 'kategori PMKS',
  valid_from: 'berlaku dari', valid_to: 'berlaku sampai', note: 'catatan', type: 'jenis', kind: 'jenis',
  area_code: 'wilayah layanan', phone: 'telepon', email: 'surel', username: 'nama pengguna', role: 'peran',
  scope: 'cakupan wilayah', disabled: 'nonaktif', status: 'status', reason: 'alasan', amount: 'jumlah',
  reference: 'referensi', account: 'rekening', program: 'program', period: 'periode', region: 'wilayah',
  agency: 'instansi induk', office_name: 'nama kantor', place: 'tempat', signer_title: 'jabatan penanda tangan',
  signer_name: 'nama penanda tangan', signer_nip: 'NIP penanda tangan', logo_bytes: 'logo (bait)',
  token: 'nomor kartu', revoked_at: 'dicabut pada', revoke_reason: 'alasan pencabutan', recovery_codes: 'kode pemulihan',
  title: 'judul', owner: 'penanggung jawab', due_date: 'tenggat', level: 'tingkat', year: 'tahun',
};
export function fieldWord(k) {
  return FIELDS[k] || k.replace(/_/g, ' ');
}

// The members that differ between the before and after images, in words.
function changes(e) {
  const b = e.before || {}, a = e.after || {};
  if (e.action === 'read') return '';
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => k !== 'version' && k !== 'updated_at' && JSON.stringify(b[k]) !== JSON.stringify(a[k]));
  // Two keys in one word (lat, lon: "koordinat") are shown once.
  const seen = new Set();
  const shown = keys.filter((k) => { const w = fieldWord(k); if (seen.has(w)) return false; seen.add(w); return true; });
  const val = (img, k) => (k === 'lat' || k === 'lon' ? coords(img) : fmtVal(img[k]));
  if (!e.before && e.after) return shown.slice(0, 6).map((k) => `${fieldWord(k)}: ${val(a, k)}`).join('; ') + (shown.length > 6 ? ' …' : '');
  return shown.slice(0, 6).map((k) => `${fieldWord(k)}: ${val(b, k)} → ${val(a, k)}`).join('; ') + (shown.length > 6 ? ' …' : '');
}
function coords(img) {
  return img.lat == null || img.lon == null ? '—' : `${img.lat}, ${img.lon}`;
}
function fmtVal(v) {
  if (v === null || v === undefined || v === '') return '—';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function record(e) {
  const label = ENTITY[e.entity] || e.entity;
  if (!e.entity_id) return label;
  const href = e.entity === 'person' ? '#/orang/' + e.entity_id : e.entity === 'household' ? '#/keluarga/' + e.entity_id : null;
  return href ? h('a', { href }, `${label} #${e.entity_id}`) : `${label} #${e.entity_id}`;
}

export async function render(view, ctx, { query }) {
  const p = {
    kind: query.get('kind') || 'all', actor: query.get('actor') || '', entity: query.get('entity') || '',
    entity_id: query.get('entity_id') || '', from: query.get('from') || '', to: query.get('to') || '',
  };
  const cursor = query.get('cursor') || '';
  const users = (await get('/users')).items;
  view.append(pageHead('Log audit', 'Siapa mengubah atau membaca data apa, dan kapan; yang terbaru di atas'));

  const kind = field({ name: 'kind', label: 'Jenis catatan', value: p.kind, options: KINDS });
  const actor = field({ name: 'actor', label: 'Pengguna', value: p.actor, hint: 'Kosong = semua; nama akun, atau pengguna sistem untuk perintah pilar', attrs: { list: 'actor-list', autocomplete: 'off' } });
  actor.append(h('datalist#actor-list', users.map((u) => h('option', { value: u.username }))));
  const entity = field({ name: 'entity', label: 'Jenis data', value: p.entity, options: [['', 'Semua jenis data'], ...ENTITIES] });
  const eid = field({ name: 'entity_id', label: 'Nomor data (id)', value: p.entity_id, hint: 'Bersama jenis data: riwayat satu data', attrs: { inputmode: 'numeric', autocomplete: 'off' } });
  const from = field({ name: 'from', label: 'Dari tanggal', value: dmy(p.from), hint: 'HH/BB/TTTT', attrs: { placeholder: 'HH/BB/TTTT', inputmode: 'numeric', autocomplete: 'off' } });
  const to = field({ name: 'to', label: 'Sampai tanggal', value: dmy(p.to), hint: 'HH/BB/TTTT', attrs: { placeholder: 'HH/BB/TTTT', inputmode: 'numeric', autocomplete: 'off' } });
  const form = h('form.card#audit-filter', { novalidate: true, 'aria-label': 'Saring log audit' },
    h('div.form-row', kind, actor, entity), h('div.form-row', eid, from, to),
    h('div.actions', h('a.button.secondary', { href: '#/audit' }, 'Kosongkan'), h('button', { type: 'submit' }, 'Terapkan')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const f = parseDmy(from.input.value), t = parseDmy(to.input.value);
    if (f === null) return showError(form, { field: 'from', message: 'Tanggal harus HH/BB/TTTT, mis. 01/08/2025' });
    if (t === null) return showError(form, { field: 'to', message: 'Tanggal harus HH/BB/TTTT, mis. 31/08/2025' });
    if (f && t && t < f) return showError(form, { field: 'to', message: 'Tanggal akhir sebelum tanggal awal' });
    const id = eid.input.value.trim();
    if (id && !/^\d+$/.test(id)) return showError(form, { field: 'entity_id', message: 'Nomor data berupa angka' });
    if (id && !entity.input.value) return showError(form, { field: 'entity', message: 'Pilih jenis data untuk nomor data' });
    location.hash = '#/audit' + qs({ kind: kind.input.value === 'all' ? '' : kind.input.value, actor: actor.input.value.trim(),
      entity: entity.input.value, entity_id: id, from: f, to: t });
  });
  view.append(form);

  let page;
  try {
    page = await get('/audit' + qs({ ...p, kind: p.kind === 'all' ? '' : p.kind, limit: 50, cursor }));
  } catch (e) {
    showError(form, e);
    return;
  }
  const list = h('div.card#audit-list', h('h2', 'Catatan'));
  if (!page.items.length) list.append(h('div.empty', h('p', 'Tidak ada catatan yang cocok dengan saringan ini.')));
  else {
    list.append(table([
      { label: 'Waktu', cell: (e) => dateTime(e.at) },
      { label: 'Pengguna', cell: (e) => h('strong', e.actor) },
      { label: 'Tindakan', cell: (e) => ACTIONS[e.action] || e.action },
      { label: 'Data', cell: (e) => record(e) },
      { label: 'Alamat klien', cell: (e) => h('span.mono', e.client || '—') },
      { label: 'Perubahan', cell: (e) => h('span.audit-change', changes(e) || '—') },
    ], page.items, { label: 'Catatan audit' }));
  }
  const nav = h('div.actions');
  if (cursor) nav.append(h('a.button.secondary', { href: '#/audit' + qs({ ...p, kind: p.kind === 'all' ? '' : p.kind }) }, '← Terbaru'));
  if (page.next) nav.append(h('a.button.secondary#audit-next', { href: '#/audit' + qs({ ...p, kind: p.kind === 'all' ? '' : p.kind, cursor: page.next }) }, 'Berikutnya →'));
  list.append(nav);
  view.append(list);
}
