// Orang: one person: details, edit with errors at the fields, live NIK check,
// PMKS categories with dates, history, verify / reject.
import { get, post, patch, qs } from '../api.js';
import { date, SEX, RELATIONSHIPS, DISABILITIES, todayIso, flagWords, categoryLabel, parseDmy } from '../fmt.js';
import { h, field, pageHead, badge, table, showError, clearErrors, notify, ask, dateProblem, capitalize } from '../ui.js';
import { liveCheck } from '../nik.js';
import { historyCard, verifyBar, villagePlace } from '../record.js';

export async function render(view, ctx, { args }) {
  const id = args[0];
  let p = await get('/people/' + id);
  // A merged-away id answers with a pointer: show the survivor, and say so.
  let merged = null;
  if (p.merged_into) {
    merged = p;
    p = await get('/people/' + p.merged_into);
  }
  const canWrite = ctx.can('write');
  if (merged) {
    view.append(h('div.alert.warn', { role: 'status', id: 'merged-notice' },
      `Data ini telah digabung ke ${p.name} (#${p.id}). Tautan lama #${merged.id} menunjuk ke data ini.`,
      ctx.can('verify') ? [' ', h('a', { href: '#/duplikat?status=merged' }, 'Lihat penggabungan')] : null));
  }
  view.append(pageHead(p.name, null, badge(p.status),
    p.household_id ? h('a.button.secondary.small', { href: '#/keluarga/' + p.household_id }, 'Lihat keluarga') : null));
  view.querySelector('.page-head p')?.remove();
  view.querySelector('.page-head > div').append(h('p', h('span.mono', p.nik || 'tanpa NIK'), ` · Desa ${await villagePlace(p.village_code)}`));

  // --- details / edit form
  const f = {
    nik: field({ name: 'nik', label: 'NIK', value: p.nik, hint: '16 angka', attrs: { inputmode: 'numeric', maxlength: 16, autocomplete: 'off' } }),
    name: field({ name: 'name', label: 'Nama lengkap', value: p.name, required: true }),
    birth_place: field({ name: 'birth_place', label: 'Tempat lahir', value: p.birth_place }),
    birth_date: field({ name: 'birth_date', label: 'Tanggal lahir', type: 'date', value: p.birth_date, required: true }),
    sex: field({ name: 'sex', label: 'Jenis kelamin', value: p.sex, options: [['L', 'Laki-laki'], ['P', 'Perempuan']] }),
    relationship: field({ name: 'relationship', label: 'Hubungan dalam keluarga', value: p.relationship, options: RELATIONSHIPS }),
    mother_name: field({ name: 'mother_name', label: 'Nama ibu kandung', value: p.mother_name }),
    disability: field({ name: 'disability', label: 'Disabilitas', value: p.disability || '', options: [['', '— tidak ada —'], ...DISABILITIES] }),
    death_date: field({ name: 'death_date', label: 'Tanggal meninggal', type: 'date', value: p.death_date || '' }),
  };
  const ro = !canWrite || (p.nik && p.nik.includes('*'));
  for (const x of Object.values(f)) if (ro) x.input.disabled = true;
  if (!ro) liveCheck(f.nik, 'nik');
  const save = h('button', { type: 'submit' }, 'Simpan perubahan');
  const form = h('form.card', { novalidate: true, 'aria-label': 'Data orang' },
    h('h2', 'Data pribadi'),
    h('div.form-row', f.nik, f.name), h('div.form-row', f.birth_place, f.birth_date, f.sex),
    h('div.form-row', f.relationship, f.mother_name), h('div.form-row', f.disability, f.death_date),
    p.flags && p.flags.length ? h('div.alert.warn', 'Perlu diperiksa: ', flagWords(p.flags).join('; ')) : null,
    ro ? h('p.muted', 'Anda hanya dapat melihat data ini.') : h('div.actions', save),
    h('p.muted', { style: 'font-size:.82rem;margin-bottom:0' }, `Versi ${p.version} · diperbarui ${date(p.updated_at)}`));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const body = { version: p.version };
    for (const [k, el] of Object.entries(f)) {
      const v = el.input.value.trim();
      const cur = p[k] ?? '';
      if (v !== cur) body[k] = v;
    }
    if (Object.keys(body).length === 1) { notify('Tidak ada perubahan.'); return; }
    for (const [k, label] of [['birth_date', 'Tanggal lahir'], ['death_date', 'Tanggal meninggal']]) {
      const bad = dateProblem(f[k].input, label);
      if (bad) return showError(form, { field: k, message: bad });
    }
    save.disabled = true;
    try {
      p = await patch('/people/' + p.id, body);
      notify('Perubahan disimpan.');
      location.hash = '#/orang/' + p.id + '?t=' + Date.now();
    } catch (e) {
      showError(form, e.status === 409 ? { message: 'Data ini baru saja diubah orang lain. Muat ulang halaman untuk melihat versi terbaru.' } : e);
    } finally { save.disabled = false; }
  });

  // --- categories
  const cats = await ctx.pmks();
  const mem = (await get(`/people/${p.id}/categories`)).items;
  const catCard = h('div.card', h('h2', 'Kategori PMKS'));
  catCard.append(mem.length ? table([
    { label: 'Kategori', cell: (m) => categoryLabel(m) },
    { label: 'Untuk', cell: (m) => (m.household_id ? 'keluarga' : 'orang ini') },
    { label: 'Berlaku', cell: (m) => `${date(m.valid_from)} – ${m.valid_to ? date(m.valid_to) : 'sekarang'}` },
    { label: 'Catatan', cell: (m) => [m.note, m.ended_by_visit && `diakhiri oleh kunjungan PSKS #${m.ended_by_visit}`].filter(Boolean).join('; ') || '—' },
    { label: 'Tindakan', cell: (m) => (!m.valid_to && canWrite ? h('button.secondary.small', { type: 'button', onclick: () => endCategory(p, m) }, 'Akhiri') : '') },
  ], mem, { label: 'Kategori PMKS' }) : h('p.muted', 'Belum terdaftar dalam kategori PMKS.'));
  if (canWrite && !ro) {
    const kat = field({ name: 'category', label: 'Tambah kategori', options: [['', '— pilih —'], ...cats.map((c) => [String(c.code), categoryLabel(c)])] });
    const from = field({ name: 'valid_from', label: 'Berlaku dari', type: 'date', value: todayIso() });
    const note = field({ name: 'note', label: 'Catatan' });
    const addForm = h('form', { novalidate: true }, h('div.form-row', kat, from, note), h('div.actions', h('button.secondary', { type: 'submit' }, 'Tambahkan kategori')));
    addForm.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(addForm);
      if (!kat.input.value) return showError(addForm, { field: 'category', message: 'Pilih kategori' });
      const bad = dateProblem(from.input, 'Tanggal mulai');
      if (bad) return showError(addForm, { field: 'valid_from', message: bad });
      if (from.input.value > todayIso()) return showError(addForm, { field: 'valid_from', message: 'Kategori PMKS tidak dapat mulai di masa depan' });
      const body = { category: Number(kat.input.value), valid_from: from.input.value || todayIso(), note: note.input.value };
      for (;;) {
        try {
          await post(`/people/${p.id}/categories`, body);
          notify('Kategori ditambahkan.');
          location.hash = '#/orang/' + p.id + '?t=' + Date.now();
          return;
        } catch (e) {
          // The category contradicts the person (age, sex): the server asks for a confirmation.
          if (e.field === 'confirm' && !body.confirm && await ask(capitalize(e.message) + '.', { ok: 'Ya, tetap tambahkan' })) { body.confirm = true; continue; }
          return showError(addForm, e.field === 'confirm' ? { ...e, field: 'category' } : e);
        }
      }
    });
    catCard.append(h('h3', 'Tambah kategori'), addForm);
  }

  const side = [];
  if (ctx.can('verify')) side.push(verifyBar(p, (np) => { location.hash = '#/orang/' + np.id + '?t=' + Date.now(); }));
  side.push(h('div.card', h('h2', 'Ringkas'), h('dl.facts',
    h('dt', 'Lahir'), h('dd', `${p.birth_place || '—'}, ${date(p.birth_date)}`),
    h('dt', 'Jenis kelamin'), h('dd', SEX[p.sex] || '—'),
    h('dt', 'No. KK'), h('dd.mono', p.kk || '—'),
    h('dt', 'Koordinat'), h('dd', p.latitude != null ? `${p.latitude.toFixed(5)}, ${p.longitude.toFixed(5)}` : '—'),
    h('dt', 'Dibuat'), h('dd', date(p.created_at)))));
  // Disability cards: the person's cards with their state, and the card page (print, revoke,
  // re-issue). The list needs write access (GET /people/{id}/cards), as the card page does.
  if (canWrite && (p.disability || p.nik)) {
    const cards = await get(`/people/${p.id}/cards`).then((r) => r.items, () => null);
    if (cards && (cards.length || p.disability)) {
      side.push(h('div.card#person-cards', h('h2', 'Kartu disabilitas'),
        cards.length ? h('ul.plain', cards.map((c) => h('li',
          h(`span.badge.${c.status === 'valid' ? 'verified' : 'rejected'}`, c.status === 'valid' ? 'berlaku' : 'dicabut'), ' ',
          h('a.mono', { href: c.url, target: '_blank', rel: 'noopener', title: 'Halaman pemeriksaan kartu' }, c.token),
          h('span.muted', ` · terbit ${date(c.issued_at)}${c.revoked_at ? `, dicabut ${date(c.revoked_at)}` : ''}`))))
          : h('p.muted', 'Belum ada kartu.'),
        h('a.button.small.secondary', { href: '#/kartu/' + p.id }, cards.length ? 'Buka halaman kartu' : 'Cetak kartu')));
    }
  }
  side.push(await historyCard(`/people/${p.id}/history`, { created_at: p.created_at }));
  view.append(h('div.grid.two', h('div', form, catCard), h('div', side)));
}

// Ends a PMKS category after asking for the date it ended and a confirmation.
async function endCategory(p, m) {
  const when = field({ name: 'valid_to', label: 'Tanggal berakhir', type: 'date', value: todayIso(), required: true });
  const err = h('div.error', { role: 'alert' });
  // The PSKS visits to this person or household that may have ended it (issue 20).
  let visits = [];
  try {
    visits = (await get('/visits' + qs({ person_id: p.id }))).items;
    if (p.household_id) visits = visits.concat((await get('/visits' + qs({ household_id: p.household_id }))).items);
  } catch (_) { /* no visits route or no access: end without citing one */ }
  const visit = field({ name: 'visit_id', label: 'Diakhiri oleh kunjungan PSKS', options: [['', '— tidak ada —'],
    ...visits.map((v) => [String(v.id), `${date(v.date)} · ${v.action_label}${v.unit ? ' · ' + v.unit.name : ''}`])] });
  for (;;) {
    const ok = await ask(`Akhiri kategori ${categoryLabel(m)} untuk ${m.household_id ? 'keluarga' : p.name}? Keanggotaan tetap tercatat dalam riwayat.`,
      { ok: 'Ya, akhiri', danger: true, body: visits.length ? [when, visit, err] : [when, err] });
    if (!ok) return;
    const v = parseDmy(when.input.value) || '';
    const problem = !v ? 'Isi tanggal berakhir (HH/BB/TTTT)' : v > todayIso() ? 'Tanggal berakhir tidak dapat di masa depan'
      : v < m.valid_from ? `Tanggal berakhir tidak dapat sebelum tanggal mulai (${date(m.valid_from)})` : '';
    if (problem) { err.textContent = problem; continue; }
    try {
      const body = { valid_to: v };
      if (visit.input.value) body.visit_id = Number(visit.input.value);
      await post(`/people/${p.id}/categories/${m.id}/end`, body);
      notify('Keanggotaan diakhiri.');
      location.hash = '#/orang/' + p.id + '?t=' + Date.now();
    } catch (e) { notify(capitalize(e.message), 'error'); }
    return;
  }
}
