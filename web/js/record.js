// record.js - pieces shared by the person and household pages: history, verification.
import { get, post } from './api.js';
import { dateTime } from './fmt.js';
import { h, notify, capitalize } from './ui.js';

const ACTIONS = { insert: 'Dibuat', update: 'Diubah', delete: 'Dihapus', read: 'Dibaca', verify: 'Diverifikasi', reject: 'Ditolak' };
const LABELS = { nik: 'NIK', no_kk: 'No. KK', kk: 'No. KK', name: 'nama', nama: 'nama', state: 'status', birth_date: 'tanggal lahir', sex: 'jenis kelamin', version: null, updated_at: null, created_at: null, name_norm: null, state_at: null };

function changes(before, after) {
  if (!before || !after || typeof before !== 'object' || typeof after !== 'object') return '';
  const out = [];
  for (const k of Object.keys(after)) {
    if (LABELS[k] === null) continue;
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) {
      out.push(`${LABELS[k] || k.replace(/_/g, ' ')}: ${before[k] ?? '—'} → ${after[k] ?? '—'}`);
    }
  }
  return out.join('; ');
}

// The history card of a record: writes listed, reads counted.
export async function historyCard(path) {
  const card = h('div.card', h('h2', 'Riwayat perubahan'));
  try {
    const r = await get(path + '?limit=1000');
    const writes = r.items.filter((e) => e.action !== 'read');
    const reads = r.reads ?? r.items.length - writes.length;
    card.append(writes.length ? h('ol.history', writes.slice().reverse().map((e) => h('li',
      h('strong', ACTIONS[e.action] || capitalize(e.action)), ' oleh ', h('span', e.actor || '—'), h('span.muted', ` · ${dateTime(e.at)}`),
      changes(e.before, e.after) ? h('div.diff', changes(e.before, e.after)) : null)))
      : h('p.muted', 'Belum ada perubahan tercatat.'));
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
