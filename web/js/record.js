// record.js - pieces shared by the person and household pages: history, verification,
// and the names of regions and categories (names, not codes, wherever a person reads).
import { get, post } from './api.js';
import { date, dateTime, SEX, STATE, relationship, disability, flagWords, NO_NIK_REASONS } from './fmt.js';
import { h, notify, capitalize } from './ui.js';

const regionCache = new Map();
// The name of a region code ("64.74.01.1001" -> "Bontang Kuala"); the code when unknown.
export function regionName(code) {
  if (!code) return Promise.resolve('—');
  if (!regionCache.has(code)) regionCache.set(code, get('/regions/' + code).then((r) => r.name, () => code));
  return regionCache.get(code);
}
// Names of many codes at once: Map code -> name.
export async function regionNames(codes) {
  const list = [...new Set(codes.filter(Boolean))];
  const names = await Promise.all(list.map(regionName));
  return new Map(list.map((c, i) => [c, names[i]]));
}
// "Desa Bontang Kuala, Kec. Bontang Utara" for a village code.
export async function villagePlace(code) {
  if (!code) return '—';
  const parts = code.split('.');
  const [v, d] = await Promise.all([regionName(code), parts.length >= 3 ? regionName(parts.slice(0, 3).join('.')) : null]);
  return d && d !== parts.slice(0, 3).join('.') ? `${v}, Kec. ${d}` : v;
}

let catCache = null;
// PMKS categories by code: Map code -> {code, name, ...} (GET /categories).
export function categoryMap() {
  if (!catCache) catCache = get('/categories').then((r) => new Map(r.items.map((c) => [c.code, c])), () => new Map());
  return catCache;
}

export const LABELS = { nik: 'NIK', no_kk: 'No. KK', kk: 'No. KK', name: 'nama', nama: 'nama', state: 'status', birth_date: 'tanggal lahir', birth_place: 'tempat lahir', sex: 'jenis kelamin', relationship: 'hubungan keluarga', mother_name: 'nama ibu kandung', death_date: 'tanggal meninggal', disability: 'disabilitas', village_code: 'desa', state_reason: 'alasan', no_nik_reason: 'alasan tanpa NIK', address: 'alamat', rt: 'RT', rw: 'RW', lat: 'koordinat', lon: null, latitude: 'koordinat', longitude: null, household_id: 'keluarga', flags: null, version: null, updated_at: null, created_at: null, name_norm: null, state_at: null, state_by: null, created_by: null };

// A value as a person reads it.
function word(k, v, names) {
  if (v === null || v === undefined || v === '') return '—';
  if (k === 'state') return STATE[v] || v;
  if (k === 'sex') return SEX[v] || v;
  if (k === 'relationship') return relationship(v);
  if (k === 'disability') return disability(v);
  if (k === 'village_code') return names.get(v) || v;
  if (/date$/.test(k)) return date(v);
  if (k === 'no_nik_reason') return (NO_NIK_REASONS.find(([c]) => c === v) || [])[1] || v;
  if (k === 'household_id') return 'keluarga #' + v;
  if (typeof v === 'number' && (k === 'lat' || k === 'latitude')) return v.toFixed(5);
  return String(v);
}

// The changes of one audit entry, in words.
function changes(e, names) {
  const { before, after } = e;
  if (!before || !after || typeof before !== 'object' || typeof after !== 'object') return [];
  const out = [];
  for (const k of Object.keys(after)) {
    if (LABELS[k] === null || k === 'flags') continue;
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) {
      out.push(`${LABELS[k] || k.replace(/_/g, ' ')}: ${word(k, before[k], names)} → ${word(k, after[k], names)}`);
    }
  }
  // Flags as words: which marks came and went.
  if ('flags' in after && before.flags !== after.flags) {
    const was = new Set(flagWords(before.flags)), now = new Set(flagWords(after.flags));
    for (const f of now) if (!was.has(f)) out.push(`tanda baru: ${f}`);
    for (const f of was) if (!now.has(f)) out.push(`tanda dihapus: ${f}`);
  }
  return out;
}

// What one audit entry did, in a sentence.
function sentence(e, cats) {
  const a = e.after || {}, b = e.before || {};
  if (e.entity === 'membership') {
    const c = cats.get(a.category ?? b.category);
    const name = c ? (c.label || c.name) : `kategori ${a.category ?? b.category}`;
    const who = a.household_id ? ' (untuk keluarga)' : '';
    if (e.action === 'insert') return [`Kategori PMKS dimulai: ${name}${who}`, `berlaku dari ${date(a.valid_from)}`];
    if (e.action === 'update' && a.valid_to && !b.valid_to) return [`Kategori PMKS diakhiri: ${name}${who}`, `berakhir ${date(a.valid_to)}`];
    if (e.action === 'update' && a.ended_by_visit && !b.ended_by_visit) return [`Kategori PMKS diakhiri oleh kunjungan PSKS: ${name}${who}`, `kunjungan #${a.ended_by_visit}`];
    if (e.action === 'delete') return [`Kategori PMKS dihapus: ${name}${who}`, null];
    return [`Kategori PMKS diubah: ${name}${who}`, null];
  }
  if (e.action === 'insert') return [e.entity === 'household' ? 'Keluarga didaftarkan' : 'Didaftarkan', a.state ? `status ${word('state', a.state)}` : null];
  if (e.action === 'update' && a.state && b.state && a.state !== b.state) {
    return [a.state === 'verified' ? 'Diverifikasi' : a.state === 'rejected' ? 'Ditolak' : 'Status diubah', null];
  }
  return [{ update: 'Diubah', delete: 'Dihapus', verify: 'Diverifikasi', reject: 'Ditolak' }[e.action] || capitalize(e.action), null];
}

// The history card of a record: writes listed in words (creation, changes, PMKS categories
// started and ended, flags), reads counted. opts.created_at: when the record was made, shown
// as its registration when the audit has no entry for it (bulk imports write one audit row
// per file, not per person).
export async function historyCard(path, opts = {}) {
  const card = h('div.card', h('h2', 'Riwayat perubahan'));
  try {
    const [r, cats] = await Promise.all([get(path + '?limit=1000'), categoryMap()]);
    const writes = r.items.filter((e) => e.action !== 'read');
    const reads = r.reads ?? r.items.length - writes.length;
    const codes = [];
    for (const e of writes) for (const x of [e.before, e.after]) if (x && x.village_code) codes.push(x.village_code);
    const names = await regionNames(codes);
    const items = writes.slice().reverse().map((e) => {
      const [what, extra] = sentence(e, cats);
      const diff = e.entity === 'membership' ? [] : changes(e, names);
      return h('li', h('strong', what), extra ? ` (${extra})` : null, ' oleh ', h('span', e.actor || '—'), h('span.muted', ` · ${dateTime(e.at)}`),
        diff.length ? h('div.diff', diff.join('; ')) : null);
    });
    if (opts.created_at && !writes.some((e) => e.action === 'insert' && e.entity !== 'membership')) {
      items.push(h('li', h('strong', 'Didaftarkan'), ' (lewat impor berkas)', h('span.muted', ` · ${dateTime(opts.created_at)}`)));
    }
    card.append(items.length ? h('ol.history', items) : h('p.muted', 'Belum ada perubahan tercatat.'));
    if (reads) card.append(h('p.muted', { style: 'font-size:.85rem' }, `Dibuka ${reads} kali (tercatat di audit).`));
  } catch (e) {
    card.append(h('p.muted', e.message));
  }
  return card;
}

// Verify / reject buttons for a person; onDone(person) after a change.
export function verifyBar(person, onDone) {
  const reason = h('input', { type: 'text', id: 'reject-reason', placeholder: 'Alasan penolakan', 'aria-label': 'Alasan penolakan' });
  const err = h('div.error', { role: 'alert', style: 'color:var(--danger);font-weight:600;font-size:.85rem' });
  const verify = h('button.ok', { type: 'button', onclick: async () => {
    try { const p = await post(`/people/${person.id}/verify`); notify('Data diverifikasi.'); onDone(p); } catch (e) { err.textContent = capitalize(e.message); }
  } }, 'Verifikasi');
  const reject = h('button.danger', { type: 'button', onclick: async () => {
    if (!reason.value.trim()) { err.textContent = 'Isi alasan penolakan terlebih dahulu.'; reason.focus(); return; }
    try { const p = await post(`/people/${person.id}/reject`, { reason: reason.value.trim() }); notify('Data ditolak.'); onDone(p); } catch (e) { err.textContent = capitalize(e.message); }
  } }, 'Tolak');
  return h('div.card', h('h2', 'Verifikasi'),
    person.status !== 'draft' ? h('p.muted', `Status saat ini: ${person.status === 'verified' ? 'terverifikasi' : 'ditolak'}${person.status_by ? ' oleh ' + person.status_by : ''}${person.status_reason ? ' (' + person.status_reason + ')' : ''}.`) : null,
    h('div.actions', verify, h('div', { style: 'flex:1;min-width:180px' }, reason), reject), err);
}
