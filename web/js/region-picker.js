// region-picker.js - cascaded selects province > regency > district > village,
// limited to the user's scope; the village code is the value.
import { get, qs } from './api.js';
import { h } from './ui.js';

const LEVELS = ['Provinsi', 'Kabupaten/kota', 'Kecamatan', 'Desa/kelurahan'];

export function regionPicker({ name = 'village_code', label = 'Desa/kelurahan', scope = '', value = '' }) {
  const wrap = h('div.field', { 'data-field': name });
  const hidden = h('input', { type: 'hidden', name, value });
  const row = h('div.form-row');
  const err = h('div.error', { role: 'alert' });
  wrap.append(h('span', { style: 'display:block;font-weight:600;font-size:.88rem;margin-bottom:.25rem' }, label, h('span.muted', ' *')), row, hidden, err);
  wrap.input = hidden;
  const selects = [];
  const fixed = scope ? scope.split('.') : [];
  async function fill(level, parent, preset) {
    for (const s of selects.splice(level)) s.parentElement.remove();
    hidden.value = '';
    if (level > 3) return;
    const items = (await get('/regions' + qs({ parent }))).items;
    const id = `${name}-l${level}`;
    const sel = h('select', { id, 'aria-label': LEVELS[level] },
      h('option', { value: '' }, `— ${LEVELS[level]} —`), items.map((r) => h('option', { value: r.code }, r.name)));
    selects.push(sel);
    row.append(h('div.field', h('label', { for: id, style: 'font-weight:500' }, LEVELS[level]), sel));
    sel.addEventListener('change', () => {
      if (level === 3) { hidden.value = sel.value; hidden.dispatchEvent(new Event('change')); return; }
      if (sel.value) fill(level + 1, sel.value);
      else for (const s of selects.splice(level + 1)) s.parentElement.remove();
    });
    if (preset && preset[level]) {
      sel.value = preset[level];
      if (level === 3) hidden.value = sel.value; else await fill(level + 1, sel.value, preset);
    }
    if (level < fixed.length) sel.disabled = true;
  }
  // Preset: the scope's levels (fixed) and the value's levels.
  const parts = (value || scope).split('.').filter(Boolean);
  const preset = parts.map((_, i) => parts.slice(0, i + 1).join('.'));
  wrap.ready = fill(0, '', preset);
  return wrap;
}
