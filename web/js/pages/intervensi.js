// Intervensi: the interventions agreed at the rakor (GET /interventions), with
// filters by region, rakor year, status and overdue; overdue rows highlighted.
// Roles with the permission "plan" record new ones (POST /interventions) and change
// them (PATCH /interventions/{id}: status, owner, budget, due date, a follow-up note,
// the PSKS units and programs that carry them out), with the version read before.
import { get, post, patch, qs, getAll } from '../api.js';
import { num, date, rupiah, todayIso } from '../fmt.js';
import { h, pageHead, table, field, showError, clearErrors, notify, dateProblem, setFieldError } from '../ui.js';

const STATUS = { direncanakan: 'Direncanakan', berjalan: 'Berjalan', selesai: 'Selesai', batal: 'Batal' };
const LEVEL = { pusat: 'Pusat', provinsi: 'Provinsi', 'kabupaten-kota': 'Kabupaten/kota' };
const STATUS_BADGE = { direncanakan: 'draft', berjalan: 'draft', selesai: 'verified', batal: 'rejected' };

export function isOverdue(iv, today) {
  return !!iv.due_date && iv.due_date < today && iv.status !== 'selesai' && iv.status !== 'batal';
}

export async function render(view, ctx, { query }) {
  const today = todayIso();
  const scope = ctx.user.scope || '';
  const f = {
    region: query.get('region') || '',
    year: query.get('year') || '',
    status: query.get('status') || '',
    overdue: query.get('overdue') === '1',
  };
  view.append(pageHead('Intervensi', 'Tindak lanjut yang disepakati dalam rapat koordinasi (rakor)'));

  const regionF = field({ name: 'region', label: 'Kode wilayah', value: f.region, hint: scope ? `Di dalam ${scope}; kosong = seluruh cakupan` : 'Mis. 64.74; kosong = semua', attrs: { autocomplete: 'off', inputmode: 'decimal' } });
  const yearF = field({ name: 'year', label: 'Tahun rakor', value: f.year, type: 'number', attrs: { min: 2000, max: 2100, style: 'max-width:9rem' } });
  const statusF = field({ name: 'status', label: 'Status', value: f.status, options: [['', 'Semua status'], ...Object.entries(STATUS)] });
  const overdueBox = h('input#iv-overdue', { type: 'checkbox', checked: f.overdue });
  const form = h('form.card', { novalidate: true, 'aria-label': 'Saring intervensi' },
    h('div.form-row', regionF, yearF, statusF),
    h('div.actions', { style: 'justify-content:space-between' },
      h('label.check', { for: 'iv-overdue' }, overdueBox, ' Hanya yang lewat tenggat'),
      h('button', { type: 'submit' }, 'Saring')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ctx.go('intervensi' + qs({ region: regionF.input.value.trim(), year: yearF.input.value.trim(),
      status: statusF.input.value, overdue: overdueBox.checked ? '1' : '' }));
  });
  overdueBox.addEventListener('change', () => form.requestSubmit());
  view.append(form);

  let items;
  try {
    items = (await get('/interventions' + qs({ region: f.region, year: f.year, status: f.status, overdue: f.overdue ? today : '' }))).items;
  } catch (e) {
    if (e.field) {
      const w = { region: regionF, year: yearF, status: statusF, overdue: regionF }[e.field];
      if (w) { w.classList.add('invalid'); w.querySelector('.error').textContent = e.message; }
    }
    view.append(h('div.alert.error', { role: 'alert' }, e.message));
    return;
  }
  const late = items.filter((iv) => isOverdue(iv, today)).length;
  const budget = items.reduce((s, iv) => s + (iv.budget || 0), 0);
  view.append(h('div.stats',
    h('div.stat', h('div.label', 'Intervensi'), h('div.value', num(items.length))),
    h('div.stat', h('div.label', 'Lewat tenggat'), h('div.value', num(late)), h('div.sub', 'belum selesai, tenggat terlewati')),
    h('div.stat', h('div.label', 'Jumlah anggaran'), h('div.value.small-value', rupiah(budget)))));

  const cats = new Map((await ctx.pmks().catch(() => [])).map((c) => [c.code, c.label || c.name]));
  const writable = ctx.can('plan') && await ctx.hasRoute('POST', '/interventions');
  const editor = h('div#iv-editor');
  const cols = [
    { label: 'Uraian', cell: (iv) => [h('strong', iv.title), h('div.muted.small', `${iv.rakor_year ? `Rakor ${iv.rakor_year}` : 'Tanpa rakor'}${iv.category ? ` · ${cats.get(iv.category) || 'PMKS ' + iv.category}` : ''}`)] },
    { label: 'Wilayah', cell: (iv) => h('span.mono', iv.region) },
    { label: 'Tingkat', cell: (iv) => LEVEL[iv.level] || iv.level },
    { label: 'Penanggung jawab', cell: (iv) => iv.owner || '—' },
    { label: 'Anggaran', cls: 'num nowrap', cell: (iv) => rupiah(iv.budget) },
    { label: 'Tenggat', cls: 'nowrap', cell: (iv) => [date(iv.due_date), isOverdue(iv, today) ? [h('br'), h('span.badge.rejected', 'lewat tenggat')] : null] },
    { label: 'Status', cell: (iv) => h(`span.badge.${STATUS_BADGE[iv.status] || 'draft'}`, STATUS[iv.status] || iv.status) },
    { label: 'Catatan terakhir', cell: (iv) => (iv.last_note ? [h('span.muted.small', date(iv.last_note.date)), h('br'), iv.last_note.text] : h('span.muted', '—')) },
  ];
  if (writable) {
    cols.push({ label: 'Tindak lanjut', cell: (iv) => h('button.secondary.small', { type: 'button', 'data-iv': iv.id,
      'aria-label': `Ubah intervensi ${iv.title}`, onclick: () => openEditor(editor, ctx, iv.id) }, 'Ubah') });
  }
  const t = items.length ? table(cols, items, { label: 'Daftar intervensi' }) : h('p.empty', 'Tidak ada intervensi yang cocok dengan saringan ini.');
  if (items.length) {
    const trs = t.querySelectorAll('tbody tr');
    items.forEach((iv, i) => { if (isOverdue(iv, today)) trs[i].classList.add('overdue'); });
  }
  view.append(h('div.card', h('h2', `Daftar intervensi (${num(items.length)})`), t), editor);

  if (!writable) {
    view.append(h('p.muted.note', 'Peran Anda dapat membaca intervensi. Pencatatan dan perubahan dilakukan oleh operator kabupaten/kota, kecamatan atau provinsi (izin ',
      h('code', 'plan'), '), atau di server dengan ', h('code', 'pilar intervention add'), '.'));
    return;
  }
  view.append(createForm(ctx, scope));
  const want = query.get('ubah');
  if (want) openEditor(editor, ctx, Number(want));
}

// Units and programs a form can link; loaded once per page.
let choices = null;
async function linkChoices() {
  if (!choices) {
    choices = Promise.all([
      getAll('/psks', {}, 2000).catch(() => []),
      get('/programs').then((r) => r.items, () => []),
    ]);
  }
  const [units, programs] = await choices;
  return { units, programs };
}

const PSKS_SHORT = { 2: 'PSM', 3: 'Tagana', 4: 'LKS', 11: 'TKSK' };

// Check boxes of the PSKS units and programs; picked: {psks: Set, programs: Set}.
async function linkFields(picked) {
  const { units, programs } = await linkChoices();
  const unitBoxes = units.map((u) => h('label.check', h('input', { type: 'checkbox', name: 'psks', value: u.id, checked: picked.psks.has(u.id) }),
    ` ${u.name} `, h('span.muted.small', `(${PSKS_SHORT[u.type] || u.type_name || 'PSKS'} · ${u.region})`)));
  const progBoxes = programs.map((p) => h('label.check', h('input', { type: 'checkbox', name: 'programs', value: p.code, checked: picked.programs.has(p.code) }),
    ` ${p.code} `, h('span.muted.small', p.name)));
  return h('div.form-row',
    h('fieldset.field', { 'data-field': 'psks' }, h('legend', 'Unit PSKS pelaksana'),
      h('div.checks.scroll', unitBoxes.length ? unitBoxes : h('span.muted', 'Belum ada unit PSKS di wilayah Anda.')), h('div.error', { role: 'alert' })),
    h('fieldset.field', { 'data-field': 'programs' }, h('legend', 'Program pelaksana'),
      h('div.checks', progBoxes.length ? progBoxes : h('span.muted', 'Belum ada program.')), h('div.error', { role: 'alert' })));
}

function checked(form, name) {
  return [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);
}

function budgetValue(input) {
  const t = input.value.replace(/\./g, '').replace(',', '.').trim();
  return t === '' ? null : Number(t);
}

function createForm(ctx, scope) {
  const regionF = field({ name: 'region', label: 'Kode wilayah', value: scope, required: true, attrs: { autocomplete: 'off', inputmode: 'decimal' }, hint: 'Di dalam cakupan Anda' });
  const titleF = field({ name: 'title', label: 'Uraian intervensi', required: true, type: 'textarea' });
  const levelF = field({ name: 'level', label: 'Tingkat', value: scope.length > 2 ? 'kabupaten-kota' : 'provinsi', options: Object.entries(LEVEL) });
  const ownerF = field({ name: 'owner', label: 'Penanggung jawab' });
  const budgetF = field({ name: 'budget', label: 'Anggaran (Rp)', attrs: { inputmode: 'numeric' } });
  const dueF = field({ name: 'due_date', label: 'Tenggat', type: 'date' });
  const statusF = field({ name: 'status', label: 'Status', value: 'direncanakan', options: Object.entries(STATUS) });
  const yearF = field({ name: 'year', label: 'Tahun rakor', type: 'number', hint: 'Kosong = tidak terkait rakor', attrs: { min: 2000, max: 2100 } });
  const links = h('div');
  linkFields({ psks: new Set(), programs: new Set() }).then((n) => links.append(n));
  const form = h('form.card#iv-new', { novalidate: true, 'aria-label': 'Catat intervensi baru' },
    h('h2', 'Catat intervensi baru'),
    h('div.form-row', regionF, levelF, statusF, yearF),
    titleF,
    h('div.form-row', ownerF, budgetF, dueF),
    links,
    h('div.actions', h('button', { type: 'submit' }, 'Simpan intervensi')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const dp = dateProblem(dueF.input, 'Tenggat');
    if (dp) { setFieldError(form, 'due_date', dp); return; }
    const budget = budgetValue(budgetF.input);
    if (budget !== null && !(budget >= 0)) { setFieldError(form, 'budget', 'Anggaran harus angka rupiah, tidak negatif'); return; }
    const body = {
      region: regionF.input.value.trim(), title: titleF.input.value.trim(), level: levelF.input.value,
      owner: ownerF.input.value.trim(), status: statusF.input.value, budget,
      due_date: dueF.input.value || null,
      psks: checked(form, 'psks').map(Number), programs: checked(form, 'programs'),
    };
    if (yearF.input.value) body.year = Number(yearF.input.value);
    if (!body.due_date) delete body.due_date;
    try {
      const iv = await post('/interventions', body);
      notify(`Intervensi tersimpan (id ${iv.id}).`, 'ok');
      ctx.go('intervensi' + qs({ region: '', ubah: iv.id, t: Date.now() }));
    } catch (e) {
      showError(form, e, '', (f) => ({ judul: 'title', tingkat: 'level', tenggat: 'due_date', wilayah: 'region' }[f] || null));
    }
  });
  return form;
}

async function openEditor(box, ctx, id) {
  box.replaceChildren(h('p.muted', 'Memuat intervensi…'));
  let iv;
  try {
    iv = await get(`/interventions/${id}`);
  } catch (e) {
    box.replaceChildren(h('div.alert.error', { role: 'alert' }, e.message));
    return;
  }
  const statusF = field({ name: 'status', label: 'Status', value: iv.status, options: Object.entries(STATUS) });
  const ownerF = field({ name: 'owner', label: 'Penanggung jawab', value: iv.owner });
  const budgetF = field({ name: 'budget', label: 'Anggaran (Rp)', value: iv.budget == null ? '' : String(iv.budget), attrs: { inputmode: 'numeric' } });
  const dueF = field({ name: 'due_date', label: 'Tenggat', type: 'date', value: iv.due_date || '' });
  const noteF = field({ name: 'note', label: 'Catatan tindak lanjut baru', type: 'textarea', hint: 'Kosong = tanpa catatan baru' });
  const notedF = field({ name: 'noted_on', label: 'Tanggal catatan', type: 'date', value: todayIso() });
  const links = await linkFields({ psks: new Set(iv.psks.map((u) => u.psks_id)), programs: new Set(iv.programs.map((p) => p.program)) });
  const notes = iv.notes.length
    ? h('ol.notes', iv.notes.map((n) => h('li', h('span.muted.small', `${date(n.date)} · ${n.created_by}`), h('br'), n.text)))
    : h('p.muted', 'Belum ada catatan tindak lanjut.');
  const form = h('form.card#iv-edit', { novalidate: true, 'aria-label': `Ubah intervensi ${iv.title}` },
    h('h2', `Tindak lanjut: ${iv.title}`),
    h('p.muted.small', `Wilayah ${iv.region} · versi ${iv.version}`),
    h('h3', 'Catatan tindak lanjut'), notes,
    h('div.form-row', statusF, ownerF, budgetF, dueF),
    h('div.form-row', noteF, notedF),
    links,
    h('div.actions', h('button', { type: 'submit' }, 'Simpan perubahan'),
      h('button.secondary', { type: 'button', onclick: () => box.replaceChildren() }, 'Tutup')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    for (const [f, label] of [[dueF, 'Tenggat'], [notedF, 'Tanggal catatan']]) {
      const dp = dateProblem(f.input, label);
      if (dp) { setFieldError(form, f.dataset.field, dp); return; }
    }
    const budget = budgetValue(budgetF.input);
    const body = {
      version: iv.version, status: statusF.input.value, owner: ownerF.input.value.trim(),
      budget, due_date: dueF.input.value || null,
      psks: checked(form, 'psks').map(Number), programs: checked(form, 'programs'),
    };
    const note = noteF.input.value.trim();
    if (note) { body.note = note; body.noted_on = notedF.input.value; }
    try {
      const saved = await patch(`/interventions/${iv.id}`, body);
      notify(`Intervensi diperbarui (versi ${saved.version}).`, 'ok');
      ctx.go('intervensi' + qs({ ubah: iv.id, t: Date.now() }));
    } catch (e) {
      if (e.status === 409) {
        form.prepend(h('div.alert.error.form-alert', { role: 'alert' },
          'Intervensi ini sudah diubah orang lain sejak Anda membukanya. ',
          h('button.secondary.small', { type: 'button', onclick: () => openEditor(box, ctx, iv.id) }, 'Muat ulang')));
        return;
      }
      showError(form, e, '', (f) => ({ tanggal: 'noted_on', date: 'noted_on', tenggat: 'due_date' }[f] || null));
    }
  });
  box.replaceChildren(form);
  form.scrollIntoView({ block: 'start' });
}
