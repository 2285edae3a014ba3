// area-select.js - cascaded selects province > regency > district > village where any
// level may be the answer (filters, the area of a disaster), limited to the user's scope:
// the value is the deepest region chosen, or the scope when nothing is chosen.
import { get, qs } from './api.js';
import { h } from './ui.js';

const LEVELS = ['Provinsi', 'Kabupaten/kota', 'Kecamatan', 'Desa/kelurahan'];

// opts: {name, label, scope, value, depth (deepest level offered, 1..4), idPrefix (of the
// selects' ids, default name: two pickers of one name on a page need their own)}.
export function areaSelect({ name = 'region', label = 'Wilayah', scope = '', value = '', depth = 4, required = false, idPrefix = name }) {
  const wrap = h('div.field', { 'data-field': name });
  const row = h('div.form-row');
  const err = h('div.error', { role: 'alert' });
  const legend = h('span', { style: 'display:block;font-weight:600;font-size:.88rem;margin-bottom:.25rem' }, label,
    required ? h('span.muted', ' *') : null);
  wrap.append(legend, row, err);
  const selects = [];
  const fixed = scope ? scope.split('.') : [];
  wrap.value = () => {
    for (let i = selects.length - 1; i >= 0; i--) if (selects[i].value) return selects[i].value;
    return scope;
  };
  // The name of the chosen region ("" for everything).
  wrap.text = () => {
    for (let i = selects.length - 1; i >= 0; i--) {
      const s = selects[i];
      if (s.value) return s.options[s.selectedIndex].textContent;
    }
    return '';
  };
  async function fill(level, parent, preset) {
    for (const s of selects.splice(level)) s.parentElement.remove();
    if (level >= depth) return;
    const items = (await get('/regions' + qs({ parent }))).items;
    const id = `${idPrefix}-a${level}`;
    const sel = h('select', { id, 'aria-label': LEVELS[level] },
      h('option', { value: '' }, level < fixed.length ? '' : `— semua ${LEVELS[level].toLowerCase()} —`),
      items.map((r) => h('option', { value: r.code }, r.name)));
    selects.push(sel);
    row.append(h('div.field', h('label', { for: id, style: 'font-weight:500' }, LEVELS[level]), sel));
    sel.addEventListener('change', async () => {
      if (sel.value) await fill(level + 1, sel.value);
      else for (const s of selects.splice(level + 1)) s.parentElement.remove();
      wrap.dispatchEvent(new Event('change'));
    });
    if (preset && preset[level]) {
      sel.value = preset[level];
      if (level < fixed.length) sel.disabled = true;
      await fill(level + 1, sel.value, preset);
    }
  }
  const parts = (value || scope).split('.').filter(Boolean);
  const preset = parts.map((_, i) => parts.slice(0, i + 1).join('.'));
  wrap.ready = fill(0, '', preset);
  return wrap;
}
