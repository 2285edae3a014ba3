// ui.js - small DOM helpers: element builder, field errors, notices, tables.
import { STATE } from './fmt.js';

// h('tag.class#id', {attrs, on*: handler}, ...children)
export function h(spec, attrs, ...kids) {
  const m = /^([a-z0-9]+)?((?:[.#][\w-]+)*)$/i.exec(spec);
  const el = document.createElement((m && m[1]) || 'div');
  if (m && m[2]) for (const part of m[2].match(/[.#][\w-]+/g)) {
    if (part[0] === '.') el.classList.add(part.slice(1)); else el.id = part.slice(1);
  }
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    kids.unshift(attrs);
    attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'html') el.innerHTML = v;
    // CSSOM, not a style attribute: the Content-Security-Policy refuses inline style attributes.
    else if (k === 'style') el.style.cssText = v;
    else if (k === 'value') el.value = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  append(el, kids);
  return el;
}

function append(el, kids) {
  for (const k of kids) {
    if (k === null || k === undefined || k === false) continue;
    if (Array.isArray(k)) append(el, k);
    else el.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
}

let uid = 0;

// A labelled form field; opts: {name, label, type, value, hint, required, options, attrs}
export function field(opts) {
  const id = opts.id || `f-${opts.name}-${++uid}`;
  const errId = id + '-err', hintId = id + '-hint';
  let input;
  const common = { id, name: opts.name, 'aria-describedby': `${hintId} ${errId}`, required: opts.required, ...(opts.attrs || {}) };
  if (opts.options) {
    input = h('select', common, opts.options.map(([v, t]) =>
      h('option', { value: v, selected: String(v) === String(opts.value ?? '') }, t)));
  } else if (opts.type === 'textarea') {
    input = h('textarea', { ...common, rows: 3 }, opts.value || '');
  } else {
    input = h('input', { ...common, type: opts.type || 'text', value: opts.value ?? '' });
  }
  const wrap = h('div.field', { 'data-field': opts.name },
    h('label', { for: id }, opts.label, opts.required ? h('span.muted', { 'aria-hidden': 'true' }, ' *') : null),
    input,
    h('div.hint', { id: hintId }, opts.hint || ''),
    h('div.error', { id: errId, role: 'alert' }));
  wrap.input = input;
  return wrap;
}

// Shows message at the field named name inside root; answers whether one was found.
export function setFieldError(root, name, message) {
  const f = root.querySelector(`.field[data-field="${CSS.escape(name)}"]`);
  if (!f) return false;
  f.classList.toggle('invalid', !!message);
  f.querySelector('.error').textContent = message || '';
  const input = f.querySelector('input,select,textarea');
  if (input) input.setAttribute('aria-invalid', message ? 'true' : 'false');
  return true;
}

export function clearErrors(root) {
  for (const f of root.querySelectorAll('.field.invalid')) setFieldError(f.parentElement, f.dataset.field, '');
  for (const a of root.querySelectorAll('.form-alert')) a.remove();
}

// Puts an API error next to its field, or above the form when it names none.
export function showError(form, err, prefix = '') {
  const msg = capitalize(err.message || String(err));
  if (err.field && setFieldError(form, prefix + err.field, msg)) {
    const input = form.querySelector(`.field[data-field="${CSS.escape(prefix + err.field)}"] input, .field[data-field="${CSS.escape(prefix + err.field)}"] select`);
    if (input) input.focus();
    return;
  }
  const box = h('div.alert.error.form-alert', { role: 'alert' }, msg);
  form.prepend(box);
  box.scrollIntoView({ block: 'nearest' });
}

export function capitalize(s) {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

let noticeTimer = null;
export function notify(message, kind = '') {
  const n = document.getElementById('notice');
  n.textContent = message;
  n.className = 'notice ' + kind;
  n.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { n.hidden = true; }, 5000);
}

export function badge(state) {
  return h(`span.badge.${state}`, STATE[state] || state);
}

export function pageHead(title, sub, ...right) {
  return h('div.page-head', h('div', h('h1', title), sub ? h('p', sub) : null), right.length ? h('div.actions', right) : null);
}

// A table; cols: [{label, cls, cell(row) -> node|string}]
export function table(cols, rows, opts = {}) {
  return h('div.table-wrap', h('table.responsive', { 'aria-label': opts.label },
    h('thead', h('tr', cols.map((c) => h('th', { class: c.cls, scope: 'col' }, c.label)))),
    h('tbody', rows.map((r) => h('tr', cols.map((c) => h('td', { class: c.cls, 'data-label': c.label }, c.cell(r))))))));
}

export function unavailable(what) {
  return h('div.card', h('div.empty',
    h('h2', `${what} belum tersedia`),
    h('p', 'Fitur ini bergantung pada layanan server yang belum dipasang pada versi ini. Halaman akan aktif otomatis setelah layanannya tersedia.')));
}
