// ui.js - small DOM helpers: element builder, field errors, notices, tables.
import { STATE, dmy, parseDmy } from './fmt.js';

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
  } else if (opts.type === 'date') {
    input = dateInput(common, opts.value);
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

// A date typed and shown as DD/MM/YYYY whatever the browser's language (a native date input
// follows the browser's locale). Like a native date input, its value property is the ISO date
// "YYYY-MM-DD" (what the API takes; text that is no date is answered as typed, for the checks
// to refuse), and setting value accepts an ISO date.
const nativeValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
function dateInput(attrs, value) {
  const input = h('input', { ...attrs, type: 'text', inputmode: 'numeric', autocomplete: 'off', maxlength: 10, placeholder: 'HH/BB/TTTT', 'data-date': '' });
  Object.defineProperty(input, 'value', {
    configurable: true,
    get() { const t = nativeValue.get.call(this).trim(); return parseDmy(t) || t; },
    set(v) { nativeValue.set.call(this, dmy(v == null ? '' : String(v))); },
  });
  input.value = value ?? '';
  // Slashes come by themselves while typing digits; the text is tidied on leaving the field.
  input.addEventListener('input', (ev) => {
    const t = nativeValue.get.call(input);
    if (ev.inputType && ev.inputType.startsWith('delete')) return;
    if (/^\d{2}$/.test(t) || /^\d{2}\/\d{2}$/.test(t)) nativeValue.set.call(input, t + '/');
  });
  input.addEventListener('blur', () => {
    const iso = parseDmy(nativeValue.get.call(input));
    if (iso) nativeValue.set.call(input, dmy(iso));
  });
  return input;
}

// Whether a date field holds a real date (or is empty); the message to show when not.
export function dateProblem(input, label) {
  const v = input.value;
  if (!v) return '';
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? '' : `${label} harus tanggal yang sah, ditulis HH/BB/TTTT (mis. 17/08/1980)`;
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

// A link to the person an error is about (a NIK already registered: 409 with "id").
function personLink(err) {
  if (!err.id || err.status !== 409) return null;
  return h('a.error-link', { href: '#/orang/' + err.id }, 'Buka data orang yang sudah terdaftar →');
}

// Puts an API error next to its field, or above the form when it names none. Each of
// err.problems (every refused value of a record) goes to its own field; mapField(field)
// may rename an API field to the form's (answer null to keep it).
export function showError(form, err, prefix = '', mapField = null) {
  const name = (f) => (mapField && mapField(f)) || prefix + f;
  let first = null;
  for (const p of err.problems || []) {
    if (setFieldError(form, name(p.field), capitalize(p.message))) first = first || name(p.field);
  }
  const msg = capitalize(err.message || String(err));
  if (!first && err.field && setFieldError(form, name(err.field), msg)) first = name(err.field);
  if (first) {
    const f = form.querySelector(`.field[data-field="${CSS.escape(first)}"]`);
    const link = personLink(err);
    if (f && link) f.querySelector('.error').append(' ', link);
    const input = f && f.querySelector('input, select, textarea');
    if (input) input.focus();
    return;
  }
  const box = h('div.alert.error.form-alert', { role: 'alert' }, msg, personLink(err) ? [' ', personLink(err)] : null);
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

// A question in a modal dialog (keyboard and screen-reader friendly <dialog>); answers a
// promise of true (confirmed) or false. opts: {ok, cancel, danger, body: extra nodes}.
export function ask(question, opts = {}) {
  return new Promise((resolve) => {
    const okBtn = h(opts.danger ? 'button.danger' : 'button', { type: 'submit', value: 'ok', id: 'ask-ok' }, opts.ok || 'Ya, lanjutkan');
    const dlg = h('dialog.ask', { 'aria-labelledby': 'ask-q' },
      h('form', { method: 'dialog' },
        h('p#ask-q', question),
        opts.body || null,
        h('div.actions', okBtn, h('button.secondary', { type: 'submit', value: 'cancel', id: 'ask-cancel' }, opts.cancel || 'Batal'))));
    dlg.addEventListener('close', () => { dlg.remove(); resolve(dlg.returnValue === 'ok'); });
    document.body.append(dlg);
    dlg.showModal();
    okBtn.focus();
  });
}
