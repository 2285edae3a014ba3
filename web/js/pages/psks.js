// PSKS: the registry of social-welfare potential (TKSK, PSM, Tagana, LKS, ...) of the
// user's area: filter by type and area, add a unit, change one (contact, address, the
// home area and the areas served, the end of its service), export it. #/psks/ID is a
// unit's detail (psks-unit.js), #/psks/rapat the coordination meetings (psks-rapat.js).
import { get, post, patch, qs } from '../api.js';
import { date, num } from '../fmt.js';
import { h, field, pageHead, table, notify, showError, clearErrors, setFieldError } from '../ui.js';
import { areaSelect } from '../area-select.js';
import { regionNames, parseDmy, dmy, saveBlob } from '../lookup.js';

export async function render(view, ctx, { args = [], query }) {
  if (args[0] === 'rapat') return (await import('./psks-rapat.js')).render(view, ctx, args[1]);
  if (/^\d+$/.test(args[0] || '')) return (await import('./psks-unit.js')).render(view, ctx, args[0]);
  const type = query.get('type') || '', region = query.get('region') || '';
  const [types, page] = await Promise.all([
    get('/categories/psks').then((r) => r.items),
    get('/psks' + qs({ type, region })),
  ]);
  const units = page.items;
  const names = await regionNames(units.map((u) => u.region));
  view.append(pageHead('PSKS', `Potensi dan sumber kesejahteraan sosial di ${region ? names[region] || 'wilayah terpilih' : ctx.user.scope ? 'wilayah Anda' : 'semua wilayah'}`,
    h('a.button.secondary#psks-meetings-link', { href: '#/psks/rapat' }, 'Rapat koordinasi PSKS'),
    ctx.can('export') ? h('button.secondary#psks-export-xlsx', { type: 'button', onclick: () => download('xlsx', region) }, 'Unduh XLSX') : null,
    ctx.can('export') ? h('button.secondary#psks-export-csv', { type: 'button', onclick: () => download('csv', region) }, 'Unduh CSV') : null));

  const typeSel = h('select', { id: 'f-type', name: 'type' }, h('option', { value: '' }, 'Semua jenis'),
    types.map((t) => h('option', { value: t.code, selected: String(t.code) === type }, t.name)));
  const area = areaSelect({ name: 'region', label: 'Wilayah', scope: ctx.user.scope, value: region });
  const filters = h('form.card#psks-filter', { 'aria-label': 'Saring PSKS' },
    h('div.form-row', h('div.field', h('label', { for: 'f-type' }, 'Jenis PSKS'), typeSel)), area,
    h('div.actions', h('button', { type: 'submit' }, 'Terapkan')));
  filters.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const r = area.value();
    location.hash = '#/psks' + qs({ type: typeSel.value, region: r === ctx.user.scope ? '' : r });
  });
  view.append(filters);

  const edit = h('div', { id: 'psks-edit' });
  const list = h('div.card#psks-list', h('h2', `Unit PSKS (${num(units.length)})`));
  if (!units.length) list.append(h('div.empty', h('p', 'Tidak ada unit PSKS yang cocok.')));
  else {
    const today = new Date().toISOString().slice(0, 10);
    list.append(table([
      { label: 'Nama', cell: (u) => h('a', { href: `#/psks/${u.id}`, 'data-detail': u.id }, h('strong', u.name)) },
      { label: 'Jenis', cell: (u) => u.type_name },
      { label: 'Wilayah asal', cell: (u) => names[u.region] || u.region },
      { label: 'Wilayah layanan', cell: (u) => ((u.areas || []).length ? `${num(u.areas.length)} wilayah` : '—') },
      { label: 'Telepon', cell: (u) => u.phone || '—' },
      { label: 'Alamat', cell: (u) => u.address || '—' },
      { label: 'Status', cell: (u) => (u.valid_to && u.valid_to <= today ? h('span.badge.rejected', `berakhir ${date(u.valid_to)}`) : h('span.badge.verified', 'aktif')) },
      ...(ctx.can('write') ? [{ label: 'Tindakan', cell: (u) => h('button.small.secondary', { type: 'button', 'data-unit': u.id,
        onclick: async () => { edit.replaceChildren(await unitForm(ctx, types, u)); edit.scrollIntoView({ block: 'start' }); } }, 'Ubah') }] : []),
    ], units, { label: 'Daftar unit PSKS' }));
  }
  view.append(list, edit);
  if (ctx.can('write')) view.append(await unitForm(ctx, types, null));
  await area.ready;
}

// Downloads the export of the registry (GET /psks/export) in format fmt.
async function download(fmt, region) {
  try {
    const resp = await fetch('/api/v1/psks/export' + qs({ format: fmt, region }), { credentials: 'same-origin' });
    if (!resp.ok) throw new Error((await resp.json().catch(() => ({}))).error?.message || 'Ekspor gagal');
    saveBlob(await resp.blob(), `psks.${fmt}`);
    notify(`${num(Number(resp.headers.get('X-Pilar-Rows') || 0))} unit PSKS diunduh.`);
  } catch (e) {
    notify(e.message, 'error');
  }
}

// Served areas: a list of chips with a picker of a district or village to add.
function servedAreas(ctx, codes, names, idPrefix) {
  const list = h('ul.chips', { 'aria-label': 'Wilayah layanan' });
  const chosen = new Set(codes || []);
  const draw = () => list.replaceChildren(...[...chosen].sort().map((c) => h('li.chip', names[c] || c, ' ',
    h('button.small.secondary', { type: 'button', 'aria-label': `Hapus ${names[c] || c}`, onclick: () => { chosen.delete(c); draw(); } }, '×'))));
  const pick = areaSelect({ name: 'areas', label: 'Wilayah layanan (kecamatan atau desa)', scope: ctx.user.scope, idPrefix });
  const add = h('button.small.secondary', { type: 'button', id: `${idPrefix}-add` }, 'Tambahkan wilayah layanan');
  add.addEventListener('click', async () => {
    const c = pick.value();
    if (!c || c.split('.').length < 3) return setFieldError(pick.parentElement, 'areas', 'Pilih kecamatan atau desa/kelurahan');
    setFieldError(pick.parentElement, 'areas', '');
    Object.assign(names, await regionNames([c]));
    chosen.add(c);
    draw();
  });
  draw();
  const wrap = h('div.served', pick, h('div.actions', add), list);
  wrap.value = () => [...chosen];
  wrap.ready = pick.ready;
  return wrap;
}

// The form that adds a unit (u null) or changes unit u (also used by the detail page).
export async function unitForm(ctx, types, u, onSaved = null) {
  const f = {
    type: field({ name: 'type', label: 'Jenis PSKS', required: true, value: u ? u.type : '', options: [['', '— pilih —'], ...types.map((t) => [t.code, t.name])] }),
    name: field({ name: 'name', label: 'Nama orang atau lembaga', required: true, value: u ? u.name : '', attrs: { autocomplete: 'off' } }),
    nik: field({ name: 'nik', label: 'NIK (untuk orang)', value: u ? u.nik || '' : '', attrs: { inputmode: 'numeric', maxlength: 16, autocomplete: 'off' } }),
    phone: field({ name: 'phone', label: 'Telepon', value: u ? u.phone : '', attrs: { inputmode: 'tel', autocomplete: 'off' } }),
    email: field({ name: 'email', label: 'Surel', type: 'email', value: u ? u.email : '', attrs: { autocomplete: 'off' } }),
    address: field({ name: 'address', label: 'Alamat', value: u ? u.address : '', attrs: { autocomplete: 'off' } }),
  };
  const until = u ? field({ name: 'valid_to', label: 'Berakhir pada', value: dmy(u.valid_to), hint: 'HH/BB/TTTT; kosongkan bila masih aktif', attrs: { placeholder: 'HH/BB/TTTT', inputmode: 'numeric', autocomplete: 'off' } }) : null;
  const area = areaSelect({ name: 'region', label: 'Wilayah asal', scope: ctx.user.scope, value: u ? u.region : '', required: true, idPrefix: u ? 'edit-region' : 'add-region' });
  const served = servedAreas(ctx, u ? u.areas : [], await regionNames(u ? u.areas || [] : []), u ? 'edit-served' : 'add-served');
  const btn = h('button', { type: 'submit' }, u ? 'Simpan perubahan' : 'Tambah unit');
  const form = h(u ? 'form.card#psks-edit-form' : 'form.card#psks-add-form', { novalidate: true, 'aria-label': u ? `Ubah ${u.name}` : 'Tambah unit PSKS' },
    h('h2', u ? `Ubah: ${u.name}` : 'Tambah unit PSKS'),
    h('div.form-row', f.type, f.name), h('div.form-row', f.nik, f.phone), h('div.form-row', f.email, f.address),
    area, served, until ? h('div.form-row', until) : null,
    h('div.actions', u ? h('button.secondary', { type: 'button', onclick: () => form.remove() }, 'Batal') : null, btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const body = {
      type: f.type.input.value, name: f.name.input.value.trim(), region: area.value(), areas: served.value(),
      nik: f.nik.input.value.trim(), phone: f.phone.input.value.trim(), email: f.email.input.value.trim(), address: f.address.input.value.trim(),
    };
    // A unit living outside the user's area (serving a village inside it) keeps its home area.
    const sc = ctx.user.scope;
    if (u && sc && u.region !== sc && !u.region.startsWith(sc + '.')) body.region = u.region;
    if (!body.type) return showError(form, { field: 'type', message: 'Pilih jenis PSKS' });
    if (!body.name) return showError(form, { field: 'name', message: 'Nama wajib diisi' });
    if (!body.region) return showError(form, { field: 'region', message: 'Pilih wilayah yang dilayani' });
    if (until) {
      const d = parseDmy(until.input.value);
      if (d === null) return showError(form, { field: 'valid_to', message: 'Tanggal harus HH/BB/TTTT, mis. 31/12/2025' });
      body.valid_to = d;
    }
    btn.disabled = true;
    try {
      if (u) {
        if (!body.nik) body.nik = null;
        await patch('/psks/' + u.id, { ...body, version: u.version });
        notify(`${body.name} diperbarui.`);
        if (onSaved) return onSaved();
      } else {
        if (!body.nik) delete body.nik;
        await post('/psks', body);
        notify(`${body.name} ditambahkan.`);
      }
      location.hash = `#/psks?t=${Date.now()}`;
    } catch (e) {
      showError(form, e);
    } finally {
      btn.disabled = false;
    }
  });
  await Promise.all([area.ready, served.ready]);
  return form;
}
