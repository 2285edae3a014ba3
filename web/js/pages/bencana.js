// Bencana: disaster events of the user's area; recording one (type, dates, the area as a
// loaded district/regency outline or an uploaded GeoJSON file), the people inside its area
// (vulnerable first: elderly, disabled, children under five) and the confirmation that
// records them as korban bencana alam (PMKS 21).
import { get, post, qs } from '../api.js';
import { num, date, todayIso } from '../fmt.js';
import { h, field, pageHead, table, notify, showError, clearErrors, capitalize } from '../ui.js';
import { areaSelect } from '../area-select.js';
import { regionNames, regionPath, DISASTER_TYPES, disasterLabel, parseDmy } from '../lookup.js';

const STATE = { draft: ['Belum ditetapkan', 'draft'], confirmed: ['Ditetapkan', 'verified'] };

export async function render(view, ctx, { args, query }) {
  if (args[0]) return event(view, ctx, args[0], query);
  const events = (await get('/disasters')).items;
  const names = await regionNames(events.map((e) => e.region));
  view.append(pageHead('Bencana', 'Kejadian bencana, warga rentan di area terdampak, dan penetapan korban bencana alam (PMKS 21)'));
  const list = h('div.card#disaster-list', h('h2', `Kejadian tercatat (${events.length})`));
  if (!events.length) list.append(h('div.empty', h('p', 'Belum ada kejadian bencana tercatat di wilayah Anda.')));
  else {
    list.append(table([
      { label: 'Kejadian', cell: (e) => h('a', { href: '#/bencana/' + e.id }, e.name || disasterLabel(e.type)) },
      { label: 'Jenis', cell: (e) => disasterLabel(e.type) },
      { label: 'Tanggal', cell: (e) => (e.until ? `${date(e.date)} – ${date(e.until)}` : date(e.date)) },
      { label: 'Wilayah', cell: (e) => (e.region ? names[e.region] || e.region : '—') },
      { label: 'Status', cell: (e) => h(`span.badge.${STATE[e.state][1]}`, STATE[e.state][0]) },
      { label: 'Korban ditetapkan', cls: 'num', cell: (e) => (e.state === 'confirmed' ? num(e.affected) : '—') },
    ], events, { label: 'Kejadian bencana' }));
  }
  view.append(list);
  if (ctx.can('write')) view.append(await addForm(ctx));
}

async function addForm(ctx) {
  const type = field({ name: 'type', label: 'Jenis bencana', required: true, options: [['', '— pilih —'], ...DISASTER_TYPES] });
  const name = field({ name: 'name', label: 'Nama kejadian', hint: 'Mis. Banjir Sungai Karang Mumus', attrs: { autocomplete: 'off' } });
  const day = field({ name: 'date', label: 'Tanggal kejadian', required: true, hint: 'HH/BB/TTTT, mis. 15/01/2025', attrs: { inputmode: 'numeric', placeholder: 'HH/BB/TTTT', autocomplete: 'off' } });
  const until = field({ name: 'until', label: 'Sampai tanggal', hint: 'Kosongkan bila masih berlangsung', attrs: { inputmode: 'numeric', placeholder: 'HH/BB/TTTT', autocomplete: 'off' } });
  const area = areaSelect({ name: 'boundary', label: 'Wilayah terdampak', scope: ctx.user.scope, depth: 3, required: true });
  const byOutline = h('input', { type: 'radio', name: 'area-mode', id: 'mode-outline', value: 'outline', checked: true });
  const byFile = h('input', { type: 'radio', name: 'area-mode', id: 'mode-file', value: 'file' });
  const file = field({ name: 'area', label: 'Berkas GeoJSON area terdampak', type: 'file', hint: 'Poligon area (mis. digambar di geojson.io); wilayah di atas menjadi wilayah pencatat', attrs: { accept: '.geojson,.json,application/geo+json,application/json' } });
  file.hidden = true;
  const toggle = () => { file.hidden = !byFile.checked; };
  byOutline.addEventListener('change', toggle);
  byFile.addEventListener('change', toggle);
  const btn = h('button', { type: 'submit' }, 'Catat kejadian');
  const form = h('form.card#disaster-form', { novalidate: true, 'aria-label': 'Catat kejadian bencana' }, h('h2', 'Catat kejadian'),
    h('div.form-row', type, name), h('div.form-row', day, until), area,
    h('fieldset', { style: 'border:0;padding:0;margin:0' }, h('legend', 'Area terdampak'),
      h('div.choice', h('label', { for: 'mode-outline' }, byOutline, 'Seluruh wilayah terpilih (batas wilayah)'),
        h('label', { for: 'mode-file' }, byFile, 'Unggah berkas GeoJSON'))),
    file, h('div.actions', btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const body = { type: type.input.value, name: name.input.value.trim() };
    if (!body.type) return showError(form, { field: 'type', message: 'Pilih jenis bencana' });
    const d = parseDmy(day.input.value), u = parseDmy(until.input.value);
    if (!d) return showError(form, { field: 'date', message: d === '' ? 'Tanggal kejadian wajib diisi' : 'Tanggal harus HH/BB/TTTT, mis. 15/01/2025' });
    if (u === null) return showError(form, { field: 'until', message: 'Tanggal harus HH/BB/TTTT, mis. 20/01/2025' });
    if (u && u < d) return showError(form, { field: 'until', message: 'Tanggal akhir sebelum tanggal kejadian' });
    body.date = d;
    if (u) body.until = u;
    const where = area.value();
    if (where) body.region = where;
    if (byFile.checked) {
      const f = file.input.files[0];
      if (!f) return showError(form, { field: 'area', message: 'Pilih berkas GeoJSON' });
      try { body.area = JSON.parse(await f.text()); } catch (_) {
        return showError(form, { field: 'area', message: 'Berkas bukan GeoJSON yang dapat dibaca' });
      }
    } else {
      if (!where || where.split('.').length < 2) return showError(form, { field: 'boundary', message: 'Pilih kabupaten/kota atau kecamatan yang terdampak' });
      body.boundary = where;
    }
    btn.disabled = true;
    try {
      const r = await post('/disasters', body);
      notify(`Kejadian dicatat: ${num(r.people)} orang di dalam area, ${num(r.vulnerable)} rentan.`);
      location.hash = '#/bencana/' + r.id;
    } catch (e) {
      if (e.field === 'region') e.field = 'boundary';
      if (e.field === 'area' && !byFile.checked) e.field = 'boundary';
      showError(form, e);
    } finally {
      btn.disabled = false;
    }
  });
  await area.ready;
  return form;
}

async function event(view, ctx, id, query) {
  const all = query.get('all') === '1';
  const r = await get(`/disasters/${id}/affected` + qs({ all: all ? 1 : '' }));
  const e = r.event, s = r.inside;
  const where = e.region ? await regionPath(e.region) : 'tanpa wilayah';
  view.append(pageHead(e.name || disasterLabel(e.type),
    `${disasterLabel(e.type)} · ${e.until ? `${date(e.date)} – ${date(e.until)}` : date(e.date)} · ${where}`,
    h('a.button.secondary.small', { href: '#/bencana' }, 'Kembali ke daftar')));
  view.append(h('div.stats#disaster-stats',
    [['Orang di area', s.people], ['Rentan', s.vulnerable], ['Lansia 60+', s.elderly], ['Disabilitas', s.disabled], ['Balita', s.children_under_5]]
      .map(([label, n]) => h('div.stat', h('div.label', label), h('div.value', num(n))))));
  view.append(h('p.muted', 'Dihitung dari orang yang tinggal di dalam area dan di wilayah Anda. Terbaring di tempat tidur dan hamil belum tercatat di Pilar.'));

  const conf = h('div.card#disaster-confirm', h('h2', 'Penetapan korban'));
  if (e.state === 'confirmed') {
    conf.append(h('div.alert.ok', { role: 'status' }, `Ditetapkan pada ${date(e.confirmed_at)}: ${num(e.affected)} orang dicatat sebagai korban bencana alam (PMKS 21).`));
  } else if (ctx.can('verify')) {
    const box = h('div');
    const btn = h('button.ok#confirm-open', { type: 'button' }, 'Tetapkan korban');
    btn.addEventListener('click', () => {
      const yes = h('button.ok#confirm-yes', { type: 'button' }, `Ya, tetapkan ${num(s.people)} orang`);
      const no = h('button.secondary', { type: 'button', onclick: () => box.replaceChildren() }, 'Batal');
      const err = h('div', { role: 'alert' });
      yes.addEventListener('click', async () => {
        yes.disabled = true;
        try {
          const res = await post(`/disasters/${e.id}/confirm`);
          notify(`${num(res.affected)} orang dicatat sebagai korban bencana alam.`);
          location.hash = `#/bencana/${e.id}?t=${Date.now()}`;
        } catch (x) { err.replaceChildren(h('div.alert.error', capitalize(x.message))); yes.disabled = false; }
      });
      box.replaceChildren(h('div.alert.warn', { role: 'alertdialog', 'aria-label': 'Konfirmasi' },
        h('p', { style: 'margin-top:0' }, `Semua ${num(s.people)} orang yang masih hidup di dalam area (wilayah Anda) akan dicatat sebagai korban bencana alam (PMKS 21) mulai ${date(e.date)}${e.until ? ` sampai ${date(e.until)}` : ''}. Lanjutkan?`),
        h('div.actions', yes, no), err));
      yes.focus();
    });
    conf.append(h('p', 'Belum ditetapkan. Periksa daftar di bawah, lalu tetapkan warga di area sebagai korban bencana alam.'), h('div.actions', { style: 'justify-content:flex-start' }, btn), box);
  } else {
    conf.append(h('p.muted', 'Belum ditetapkan. Penetapan dilakukan operator kabupaten/kota.'));
  }
  view.append(conf);
  view.append(await psksCard(ctx, e, query));

  const list = h('div.card#affected-list', h('h2', all ? `Semua orang di area (${num(r.items.length)})` : `Warga rentan di area (${num(r.items.length)})`),
    h('div.tabs', h('a', { href: `#/bencana/${e.id}`, 'aria-current': all ? null : 'page' }, 'Rentan'),
      ' · ', h('a', { href: `#/bencana/${e.id}?all=1`, 'aria-current': all ? 'page' : null }, 'Semua')));
  if (!r.items.length) list.append(h('div.empty', h('p', 'Tidak ada orang di dalam area ini di wilayah Anda.')));
  else {
    list.append(table([
      { label: 'Nama', cell: (p) => h('a', { href: '#/orang/' + p.person_id }, p.name) },
      { label: 'NIK', cell: (p) => h('span.mono', p.nik || 'tanpa NIK') },
      { label: 'Umur', cls: 'num', cell: (p) => (p.age === null ? '—' : `${p.age} th`) },
      { label: 'Kerentanan', cell: (p) => p.vulnerability || '—' },
      { label: 'Disabilitas', cell: (p) => p.disability || '—' },
      { label: 'Desa', cell: (p) => p.village },
      { label: 'Alamat', cell: (p) => [p.address, p.rt && `RT ${p.rt}`, p.rw && `RW ${p.rw}`].filter(Boolean).join(', ') || '—' },
    ], r.items, { label: 'Orang di area bencana' }));
    if (r.truncated) list.append(h('p.muted', 'Daftar dipotong pada 5.000 orang.'));
  }
  view.append(list);
}

// Tagana and other PSKS near the event's area: who is deployed and what they did (visits
// linked to the event); operators deploy a unit and log its work.
async function psksCard(ctx, e, query) {
  const km = Number(query.get('km')) || 10;
  const r = await get(`/disasters/${e.id}/psks` + qs({ km }));
  const card = h('div.card#disaster-psks', h('h2', `Tagana dan PSKS terdekat (${num(r.items.length)})`),
    h('p.muted', `Unit aktif berkoordinat di dalam area atau dalam ${num(km)} km darinya, Tagana lebih dulu, ditambah unit yang sudah dikerahkan.`));
  const kmSel = h('select#psks-km', { 'aria-label': 'Jarak' }, [5, 10, 25, 50].map((k) => h('option', { value: k, selected: k === km }, `${k} km`)));
  kmSel.addEventListener('change', () => { location.hash = `#/bencana/${e.id}?km=${kmSel.value}`; });
  card.append(h('div.actions', { style: 'justify-content:flex-start' }, h('label', { for: 'psks-km' }, 'Jarak '), kmSel));
  const slot = h('div#psks-action');
  const reload = () => { location.hash = `#/bencana/${e.id}?km=${km}&t=${Date.now()}`; };
  if (!r.items.length) card.append(h('div.empty', h('p', 'Tidak ada PSKS berkoordinat di sekitar area ini.')));
  else {
    card.append(table([
      { label: 'Nama', cell: (u) => h('strong', u.name) },
      { label: 'Jenis', cell: (u) => u.type_name },
      { label: 'Jarak', cls: 'num', cell: (u) => (u.distance_m === null ? '—' : u.distance_m === 0 ? 'di dalam area' : `${(u.distance_m / 1000).toFixed(1).replace('.', ',')} km`) },
      { label: 'Telepon', cell: (u) => u.phone || '—' },
      { label: 'Dikerahkan', cell: (u) => (u.deployed ? h('span.badge.verified', date(u.deployed_on)) : '—') },
      { label: 'Kegiatan', cls: 'num', cell: (u) => num(u.visits) },
      ...(ctx.can('write') ? [{ label: 'Tindakan', cell: (u) => (u.deployed
        ? h('button.small.secondary', { type: 'button', 'data-log-unit': u.id, onclick: () => slot.replaceChildren(logForm(e, u, reload)) }, 'Catat kegiatan')
        : h('button.small', { type: 'button', 'data-deploy': u.id, onclick: async (ev) => {
          ev.target.disabled = true;
          try { await post(`/disasters/${e.id}/deployments`, { psks_id: u.id }); notify(`${u.name} dikerahkan.`); reload(); } catch (x) { notify(capitalize(x.message), 'error'); ev.target.disabled = false; }
        } }, 'Kerahkan')) }] : []),
    ], r.items, { label: 'PSKS di sekitar bencana' }));
  }
  card.append(slot);
  if (r.visits.length) {
    const units = Object.fromEntries(r.items.map((u) => [u.id, u.name]));
    card.append(h('h3', 'Kegiatan tercatat'), table([
      { label: 'Tanggal', cell: (v) => date(v.date) },
      { label: 'Unit', cell: (v) => units[v.psks_id] || (v.unit && v.unit.name) || v.psks_id },
      { label: 'Kegiatan', cell: (v) => v.action_label },
      { label: 'Catatan', cell: (v) => v.note || '—' },
    ], r.visits, { label: 'Kegiatan PSKS dalam bencana' }));
  }
  return card;
}

function logForm(e, u, done) {
  const action = field({ name: 'action', label: 'Kegiatan', required: true, options: [['bantuan', 'Bantuan diserahkan'], ['kunjungan_rumah', 'Kunjungan rumah'], ['rujukan', 'Rujukan ke layanan'], ['konseling', 'Konseling'], ['lainnya', 'Lainnya']] });
  const day = field({ name: 'date', label: 'Tanggal', type: 'date', value: todayIso(), required: true });
  const note = field({ name: 'note', label: 'Catatan', attrs: { maxlength: 500 } });
  const btn = h('button.ok', { type: 'submit' }, 'Simpan');
  const form = h('form.card#psks-log-form', { novalidate: true, 'aria-label': 'Catat kegiatan PSKS' }, h('h3', `Kegiatan ${u.name}`), h('div.form-row', action, day), note, h('div.actions', btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    btn.disabled = true;
    try {
      await post('/visits', { psks_id: u.id, disaster_id: e.id, action: action.input.value, date: day.input.value, note: note.input.value.trim() });
      notify('Kegiatan dicatat.');
      done();
    } catch (x) { showError(form, x); } finally { btn.disabled = false; }
  });
  return form;
}
