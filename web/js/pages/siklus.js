// Siklus DTSEN (#/siklus): the monthly update cycles of the user's area (one per regency and
// month) with their cut-off date, state and proposals by state, and the cut-off settings;
// #/siklus/ID one cycle: its proposals with their completeness list, field check and
// decision, field checks assigned and proposals rejected from here, and the ratification
// form (SK number, date and scanned document) for roles that verify.
import { get, post, put, upload, qs } from '../api.js';
import { num, date, dateTime } from '../fmt.js';
import { h, field, pageHead, table, notify, showError, clearErrors, dateProblem, ask } from '../ui.js';
import { regionNames } from '../lookup.js';
import { stateBadge, periodLabel, fileLink, missingList, subject, kindText } from '../dtsen.js';

export async function render(view, ctx, { args, query }) {
  if (args[0]) return cycle(view, ctx, args[0]);
  const year = query.get('year') || '';
  const regency = query.get('regency') || '';
  const all = (await get('/dtsen/cycles' + qs({ year }))).items;
  const names = await regionNames(all.map((c) => c.regency));
  const cycles = regency ? all.filter((c) => c.regency === regency) : all;
  view.append(pageHead('Siklus DTSEN', 'Pemutakhiran bulanan Data Tunggal Sosial Ekonomi Nasional: usulan musyawarah, batas usulan, pemeriksaan dan pengesahan',
    h('a.button.secondary', { href: '#/musdes' }, 'Musyawarah desa'), h('a.button.secondary', { href: '#/sanggah' }, 'Sanggahan')));
  const now = new Date().getFullYear();
  const go = () => { location.hash = '#/siklus' + qs({ year: pick.value, regency: area ? area.value : '' }); };
  const pick = h('select#cycle-year', { 'aria-label': 'Tahun', onchange: go },
    h('option', { value: '' }, 'Semua tahun'), [now + 1, now, now - 1, now - 2].map((y) => h('option', { value: y, selected: String(y) === year }, String(y))));
  // The regencies of the area when there are several (a province or the whole country).
  const regencies = [...new Set(all.map((c) => c.regency))].sort();
  const area = regencies.length > 1 || regency ? h('select#cycle-regency', { 'aria-label': 'Kabupaten/kota', onchange: go },
    h('option', { value: '' }, 'Semua kabupaten/kota'), regencies.map((r) => h('option', { value: r, selected: r === regency }, names[r] || r))) : null;
  view.append(h('div.card', { style: 'padding:.75rem 1rem;display:flex;gap:1.2rem;flex-wrap:wrap' },
    h('label', { for: 'cycle-year', style: 'display:flex;gap:.6rem;align-items:center;margin:0' }, 'Tahun:', pick),
    area ? h('label', { for: 'cycle-regency', style: 'display:flex;gap:.6rem;align-items:center;margin:0' }, 'Kabupaten/kota:', area) : null));
  const box = h('section.card#cycle-list', h('h2', `Siklus (${num(cycles.length)})`));
  box.append(cycles.length ? table([
    { label: 'Periode', cell: (c) => h('a', { href: `#/siklus/${c.id}`, 'data-cycle': c.id }, h('strong', periodLabel(c.period))) },
    { label: 'Kabupaten/kota', cell: (c) => names[c.regency] || c.regency },
    { label: 'Batas usulan', cell: (c) => date(c.cutoff_date) },
    { label: 'Status', cell: (c) => stateBadge(c.status, c.status_label) },
    { label: 'Masuk', cls: 'num', cell: (c) => num(c.counts.masuk + c.counts.cek_lapangan) },
    { label: 'Diperiksa', cls: 'num', cell: (c) => num(c.counts.diperiksa) },
    { label: 'Ditolak', cls: 'num', cell: (c) => num(c.counts.ditolak) },
    { label: 'Disahkan', cls: 'num', cell: (c) => num(c.counts.disahkan) },
    { label: 'SK', cell: (c) => (c.sk_number ? `${c.sk_number}, ${date(c.sk_date)}` : '—') },
  ], cycles, { label: 'Daftar siklus' }) : h('p.muted', 'Belum ada siklus. Siklus dibuat otomatis saat usulan musyawarah pertama bulan itu dimasukkan.'));
  view.append(box);
  const rules = h('section.card#cycle-rules', { 'aria-labelledby': 'cycle-rules-h' });
  view.append(rules);
  await showRules(rules, regency);
  if (ctx.can('verify') && ctx.user.scope.split('.').length <= 2) view.append(settingsForm(ctx, () => showRules(rules, regency)));
}

// The cut-off day and objection limit in force this month where the user works (or in the
// chosen regency), and the stored settings behind them.
async function showRules(box, regency) {
  const r = await get('/dtsen/settings' + qs({ region: regency }));
  const names = await regionNames(r.settings.map((x) => x.region).filter(Boolean));
  box.replaceChildren(h('h2#cycle-rules-h', 'Aturan yang berlaku'),
    h('p#cycle-rules-now', `Bulan ${periodLabel(r.rules.month)}: usulan masuk sampai tanggal ${r.rules.cutoff_day}; sanggahan dijawab dalam ${r.rules.objection_days} hari.`),
    r.settings.length ? table([
      { label: 'Wilayah', cell: (x) => (x.region ? names[x.region] || x.region : 'Nasional') },
      { label: 'Bulan', cell: (x) => (x.month ? periodLabel(x.month) : 'Setiap bulan') },
      { label: 'Tanggal batas', cls: 'num', cell: (x) => (x.cutoff_day ? String(x.cutoff_day) : '—') },
      { label: 'Sanggahan (hari)', cls: 'num', cell: (x) => (x.objection_days ? String(x.objection_days) : '—') },
      { label: 'Diubah', cell: (x) => (x.updated_at ? `${dateTime(x.updated_at)} oleh ${x.updated_by}` : '—') },
    ], r.settings, { label: 'Pengaturan tersimpan' }) : h('p.muted', 'Belum ada pengaturan: tanggal batas 20 dan sanggahan 14 hari berlaku.'));
}

// The cut-off day of a province or regency (every month, or one month) and the objection limit.
function settingsForm(ctx, saved) {
  const scope = ctx.user.scope;
  const f = {
    cutoff: field({ name: 'cutoff_day', label: 'Tanggal batas usulan', type: 'number', id: 'set-cutoff', hint: 'Usulan yang masuk setelah tanggal ini ikut siklus bulan berikutnya (1–31)', attrs: { min: 1, max: 31, inputmode: 'numeric' } }),
    month: field({ name: 'month', label: 'Berlaku untuk bulan', type: 'month', id: 'set-month', hint: 'Kosongkan agar berlaku setiap bulan' }),
    days: field({ name: 'objection_days', label: 'Batas waktu jawaban sanggahan (hari)', type: 'number', id: 'set-days', hint: 'Hanya untuk setiap bulan (bulan dikosongkan)', attrs: { min: 1, max: 365, inputmode: 'numeric' } }),
    region: field({ name: 'region', label: 'Wilayah (kode provinsi atau kabupaten/kota)', id: 'set-region', value: scope, attrs: scope ? { readonly: true } : { placeholder: 'mis. 64.74; kosong = nasional' } }),
  };
  const btn = h('button', { type: 'submit' }, 'Simpan pengaturan');
  const form = h('form.card#cycle-settings', { novalidate: true, 'aria-label': 'Pengaturan batas usulan' },
    h('h2', 'Pengaturan batas usulan'), h('div.form-row', f.region, f.cutoff), h('div.form-row', f.month, f.days), h('div.actions', btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const body = { region: f.region.input.value.trim(), month: f.month.input.value || '' };
    if (f.cutoff.input.value) body.cutoff_day = Number(f.cutoff.input.value);
    if (f.days.input.value) body.objection_days = Number(f.days.input.value);
    if (!body.cutoff_day && !body.objection_days) return showError(form, { field: 'cutoff_day', message: 'Isi tanggal batas atau batas waktu sanggahan' });
    btn.disabled = true;
    try {
      const st = await put('/dtsen/settings', body);
      notify(`Pengaturan disimpan: batas tanggal ${st.cutoff_day ?? '—'}${st.month ? ' untuk ' + periodLabel(st.month) : ''}.`);
      await saved();
    } catch (e) {
      showError(form, e);
    } finally {
      btn.disabled = false;
    }
  });
  return form;
}

async function cycle(view, ctx, id) {
  const c = await get('/dtsen/cycles/' + id);
  const [names, checks] = await Promise.all([
    regionNames([c.regency, ...c.proposals.map((p) => p.village)]),
    get('/dtsen/checks' + qs({ region: ctx.user.scope.length > c.regency.length ? ctx.user.scope : c.regency })).then((r) => r.items),
  ]);
  const byProposal = {};
  for (const k of checks) if (k.proposal_id) (byProposal[k.proposal_id] = byProposal[k.proposal_id] || []).push(k);
  const open = c.status === 'terbuka';
  const reload = () => { location.hash = `#/siklus/${id}?t=${Date.now()}`; };
  view.append(pageHead(`Siklus ${periodLabel(c.period)} — ${names[c.regency] || c.regency}`,
    `Batas usulan ${date(c.cutoff_date)} · ${c.status_label}`, h('a.button.secondary', { href: '#/siklus' }, '← Semua siklus')));

  const facts = h('dl.facts',
    h('dt', 'Status'), h('dd', stateBadge(c.status, c.status_label)),
    h('dt', 'Batas usulan'), h('dd', `${date(c.cutoff_date)} (tanggal ${c.cutoff_day})`),
    h('dt', 'Usulan'), h('dd', `${num(c.counts.masuk)} masuk, ${num(c.counts.cek_lapangan)} menunggu cek lapangan, ${num(c.counts.diperiksa)} diperiksa, ${num(c.counts.ditolak)} ditolak, ${num(c.counts.disahkan)} disahkan`));
  if (!open) {
    facts.append(h('dt', 'SK'), h('dd#cycle-sk', `${c.sk_number}, ${date(c.sk_date)} `, fileLink(c.sk_file_id, 'Unduh pindaian SK')),
      h('dt', 'Disahkan'), h('dd', `${dateTime(c.ratified_at)} oleh ${c.ratified_by}`),
      h('dt', 'Hasil'), h('dd', `${num(c.applied)} diterapkan, ${num(c.rejected)} ditolak, ${num(c.carried)} dibawa ke siklus berikutnya`),
      c.score_note ? [h('dt', 'Peringkat'), h('dd', c.score_note)] : null);
  } else if (c.sk_file_id) {
    facts.append(h('dt', 'Pindaian SK'), h('dd', fileLink(c.sk_file_id, 'Unduh pindaian SK yang sudah diunggah')));
  }
  view.append(h('section.card#cycle-facts', facts));

  const slot = h('div#proposal-action');
  const list = h('section.card#cycle-proposals', { 'aria-labelledby': 'cycle-proposals-h' },
    h('h2#cycle-proposals-h', `Usulan (${num(c.proposals.length)})`));
  const units = open && ctx.can('write') ? await get('/psks').then((r) => r.items, () => []) : [];
  list.append(c.proposals.length ? table([
    { label: 'No.', cell: (p) => String(p.id) },
    { label: 'Jenis', cell: (p) => kindText(p) },
    { label: 'Sasaran', cell: (p) => subject(p) },
    { label: 'Desa/kelurahan', cell: (p) => names[p.village] || p.village },
    { label: 'Dimasukkan', cell: (p) => date(p.entered_on) },
    { label: 'Kelengkapan', cell: (p) => h('div', missingList(p), p.duplicates ? h('div.muted', p.duplicates) : null, fileLink(p.evidence_file_id, 'Dokumen pendukung')) },
    { label: 'Cek lapangan', cell: (p) => checkCell(byProposal[p.id]) },
    { label: 'Keputusan', cell: (p) => h('div', stateBadge(p.status, p.status_label), p.reject_reason ? h('div.muted', p.reject_reason) : null) },
    ...(open && (ctx.can('write') || ctx.can('verify')) ? [{ label: 'Tindakan', cell: (p) => actions(ctx, p, byProposal[p.id], units, slot, reload) }] : []),
  ], c.proposals, { label: 'Usulan siklus' }) : h('p.muted', 'Belum ada usulan pada siklus ini.'));
  list.append(slot);
  view.append(list);
  if (open && ctx.can('verify')) view.append(ratifyForm(c, reload));
}

function checkCell(ks) {
  if (!ks || !ks.length) return h('span.muted', '—');
  return h('div', ks.map((k) => h('div.check', { 'data-check': k.id },
    stateBadge(k.status), ' ', k.psks_name,
    k.status === 'selesai' ? h('div.muted', `${date(k.visited_on)}: ${k.recommendation === 'setuju' ? 'setuju' : 'tolak'} — ${k.findings}`)
      : h('div.muted', k.due_date ? `batas ${date(k.due_date)}` : 'tanpa batas'))));
}

function actions(ctx, p, ks, units, slot, reload) {
  const undecided = p.status === 'masuk' || p.status === 'diperiksa' || p.status === 'cek_lapangan';
  if (!undecided) return '—';
  const openCheck = (ks || []).some((k) => k.status !== 'selesai');
  const out = h('div.actions', { style: 'justify-content:flex-start' });
  if (ctx.can('write') && !openCheck) {
    out.append(h('button.small.secondary', { type: 'button', 'data-assign': p.id, onclick: () => { slot.replaceChildren(assignForm(p, units, reload)); slot.scrollIntoView({ block: 'nearest' }); } }, 'Tugaskan cek lapangan'));
  }
  if (ctx.can('verify')) {
    out.append(h('button.small.danger', { type: 'button', 'data-reject': p.id, onclick: () => { slot.replaceChildren(rejectForm(p, reload)); slot.scrollIntoView({ block: 'nearest' }); } }, 'Tolak'));
  }
  return out;
}

function assignForm(p, units, reload) {
  const unit = field({ name: 'psks_id', label: 'Petugas PSKS', id: 'check-unit', options: [['', '— pilih TKSK/PKH/PSM —'], ...units.map((u) => [u.id, `${u.name} (${u.type_name})`])] });
  const due = field({ name: 'due_date', label: 'Batas pemeriksaan', type: 'date', id: 'check-due' });
  const btn = h('button', { type: 'submit' }, 'Tugaskan');
  const form = h('form.card#assign-check-form', { novalidate: true, 'aria-label': 'Tugaskan cek lapangan' },
    h('h3', `Cek lapangan usulan no. ${p.id}`), h('div.form-row', unit, due),
    h('div.actions', h('button.secondary', { type: 'button', onclick: () => form.remove() }, 'Batal'), btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const body = {};
    if (unit.input.value) body.psks_id = Number(unit.input.value);
    const prob = dateProblem(due.input, 'Batas pemeriksaan');
    if (prob) return showError(form, { field: 'due_date', message: prob });
    if (due.input.value) body.due_date = due.input.value;
    btn.disabled = true;
    try {
      const k = await post(`/dtsen/proposals/${p.id}/check`, body);
      notify(`Cek lapangan ditugaskan ke ${k.psks_name}.`);
      reload();
    } catch (e) {
      showError(form, e);
    } finally {
      btn.disabled = false;
    }
  });
  return form;
}

function rejectForm(p, reload) {
  const reason = field({ name: 'reason', label: 'Alasan penolakan', type: 'textarea', required: true, id: 'reject-reason' });
  const btn = h('button.danger', { type: 'submit' }, 'Tolak usulan');
  const form = h('form.card#reject-form', { novalidate: true, 'aria-label': 'Tolak usulan' },
    h('h3', `Tolak usulan no. ${p.id}: ${kindText(p)}`), reason,
    h('div.actions', h('button.secondary', { type: 'button', onclick: () => form.remove() }, 'Batal'), btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const r = reason.input.value.trim();
    if (!r) return showError(form, { field: 'reason', message: 'Alasan penolakan wajib diisi' });
    btn.disabled = true;
    try {
      await post(`/dtsen/proposals/${p.id}/reject`, { reason: r });
      notify(`Usulan no. ${p.id} ditolak.`);
      reload();
    } catch (e) {
      showError(form, e);
    } finally {
      btn.disabled = false;
    }
  });
  return form;
}

// The regent's or mayor's decision: SK number, date and its scan; ratifies the cycle.
function ratifyForm(c, reload) {
  const f = {
    number: field({ name: 'sk_number', label: 'Nomor SK bupati/wali kota', required: true, id: 'sk-number' }),
    day: field({ name: 'sk_date', label: 'Tanggal SK', type: 'date', required: true, id: 'sk-date' }),
    scan: field({ name: 'sk', label: 'Pindaian SK', type: 'file', id: 'sk-scan', hint: 'PDF atau foto, maks. 10 MB', attrs: { accept: 'application/pdf,image/jpeg,image/png,image/webp' } }),
  };
  const waiting = c.counts.masuk + c.counts.cek_lapangan;
  const btn = h('button.ok', { type: 'submit' }, 'Sahkan siklus');
  const form = h('form.card#ratify-form', { novalidate: true, 'aria-label': 'Pengesahan siklus' },
    h('h2', 'Pengesahan'),
    h('p', `Pengesahan menerapkan ${num(c.counts.diperiksa)} usulan yang sudah diperiksa ke data terpadu, membawa ${num(waiting)} usulan yang belum selesai ke siklus berikutnya, lalu mengunci siklus ini.`),
    h('div.form-row', f.number, f.day), f.scan, h('div.actions', btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const body = { version: c.version, sk_number: f.number.input.value.trim(), sk_date: f.day.input.value };
    if (!body.sk_number) return showError(form, { field: 'sk_number', message: 'Nomor SK wajib diisi' });
    const prob = dateProblem(f.day.input, 'Tanggal SK');
    if (!body.sk_date || prob) return showError(form, { field: 'sk_date', message: prob || 'Tanggal SK wajib diisi' });
    const file = f.scan.input.files[0];
    if (!file && !c.sk_file_id) return showError(form, { field: 'sk', message: 'Unggah pindaian SK' });
    if (!await ask(`Sahkan siklus ${periodLabel(c.period)}? ${num(c.counts.diperiksa)} usulan diterapkan dan siklus dikunci.`, { ok: 'Ya, sahkan' })) return;
    btn.disabled = true;
    try {
      if (file) {
        const up = await upload(`/dtsen/cycles/${c.id}/sk` + qs({ name: file.name }), file);
        body.version = up.version;
      }
      const done = await post(`/dtsen/cycles/${c.id}/ratify`, body);
      notify(`Siklus disahkan: ${num(done.applied)} usulan diterapkan, ${num(done.carried)} dibawa ke siklus berikutnya.`);
      reload();
    } catch (e) {
      showError(form, e, '', (fld) => (fld === 'file' ? 'sk' : null));
    } finally {
      btn.disabled = false;
    }
  });
  return form;
}
