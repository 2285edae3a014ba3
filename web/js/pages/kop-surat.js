// Kop surat: the letterhead (office, address, logo) and signature block (place, title, name,
// NIP) an administrator sets per province or regency; the rakor report PDF and disability
// cards of a region use the nearest setting above it (docs/api.md, /settings/letterhead).
import { api, get, qs } from '../api.js';
import { date } from '../fmt.js';
import { h, field, pageHead, table, showError, clearErrors, notify, ask } from '../ui.js';

const enc = (code) => encodeURIComponent(code);

// A PNG file as base64 (without the data: prefix).
function fileBase64(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(new Error('berkas logo tidak dapat dibaca'));
    r.readAsDataURL(file);
  });
}

export async function render(view) {
  const items = (await get('/settings/letterhead')).items;
  const reload = () => { location.hash = '#/kop-surat?t=' + Date.now(); };
  view.append(pageHead('Kop surat', 'Kop surat dan tanda tangan pada laporan rakor (PDF) dan kartu disabilitas'));
  view.append(h('p.muted', { style: 'max-width:60rem' },
    'Laporan suatu wilayah memakai kop surat wilayah itu, atau kop surat provinsinya bila kabupaten/kota belum punya. ',
    'Tanpa kop surat, laporan dicetak seperti biasa.'));

  // ---- the list
  const edit = (it) => { fill(it); form.scrollIntoView({ block: 'nearest' }); };
  const remove = async (it) => {
    if (!(await ask(`Hapus kop surat ${it.region_name || it.region}? Laporan wilayah ini akan dicetak tanpa kop surat.`, { ok: 'Hapus', danger: true }))) return;
    try { await api('DELETE', '/settings/letterhead/' + enc(it.region)); notify('Kop surat dihapus.'); reload(); } catch (e) { notify(e.message, 'error'); }
  };
  view.append(h('div.card', h('h2', `Kop surat tersimpan (${items.length})`), items.length ? table([
    { label: 'Wilayah', cell: (it) => h('span', h('strong', it.region_name || it.region), ' ', h('span.mono.muted', it.region)) },
    { label: 'Kantor', cell: (it) => [it.agency ? h('div.muted', it.agency) : null, h('div', it.office_name)] },
    { label: 'Penanda tangan', cell: (it) => (it.signer_name ? [h('div', it.signer_title || ''), h('div', it.signer_name), it.signer_nip ? h('div.mono.muted', 'NIP. ' + it.signer_nip) : null] : '—') },
    { label: 'Logo', cell: (it) => (it.has_logo ? h('img', { src: `/api/v1/settings/letterhead/${enc(it.region)}/logo?v=${it.version}`, alt: `Logo ${it.office_name}`, style: 'height:2.5rem' }) : '—') },
    { label: 'Diubah', cell: (it) => `${date(it.updated_at)} oleh ${it.updated_by}` },
    { label: 'Tindakan', cell: (it) => h('div.actions', { style: 'justify-content:flex-start;margin:0;gap:.35rem' },
      h('button.small', { type: 'button', 'data-region': it.region, onclick: () => edit(it) }, 'Ubah'),
      h('button.small.secondary', { type: 'button', 'data-region': it.region, onclick: () => remove(it) }, 'Hapus')) },
  ], items, { label: 'Kop surat tersimpan' }) : h('p.muted', 'Belum ada kop surat. Semua laporan dicetak tanpa kop surat.')));

  // ---- the form
  const provinces = (await get('/regions')).items;
  const prov = field({ name: 'province', label: 'Provinsi', required: true, options: [['', '— pilih provinsi —'], ...provinces.map((r) => [r.code, r.name])] });
  const reg = field({ name: 'region', label: 'Kabupaten/kota', hint: 'Kosongkan untuk kop surat provinsi', options: [['', '— seluruh provinsi —']] });
  async function regencies(code, value = '') {
    const list = code ? (await get('/regions' + qs({ parent: code }))).items : [];
    reg.input.replaceChildren(h('option', { value: '' }, '— seluruh provinsi —'), ...list.map((r) => h('option', { value: r.code, selected: r.code === value }, r.name)));
  }
  prov.input.addEventListener('change', () => regencies(prov.input.value));
  const agency = field({ name: 'agency', label: 'Instansi induk', hint: 'Baris pertama kop, mis. Pemerintah Kota Bontang' });
  const office = field({ name: 'office_name', label: 'Nama kantor', required: true, hint: 'Mis. DINAS SOSIAL KOTA BONTANG' });
  const address = field({ name: 'address', label: 'Alamat', hint: 'Jalan, telepon, surel dalam satu baris' });
  const logo = field({ name: 'logo_png_base64', label: 'Logo (PNG)', type: 'file', hint: 'Gambar PNG paling besar 256 KB', attrs: { accept: 'image/png' } });
  const dropLogo = h('input', { type: 'checkbox', id: 'f-drop-logo', name: 'drop_logo' });
  const dropWrap = h('label.check', { for: 'f-drop-logo', style: 'display:none' }, dropLogo, ' Hapus logo yang tersimpan');
  const place = field({ name: 'place', label: 'Tempat penandatanganan', hint: 'Mis. Bontang; tanggal diisi hari pencetakan' });
  const title = field({ name: 'signer_title', label: 'Jabatan', hint: 'Mis. Kepala Dinas Sosial' });
  const name = field({ name: 'signer_name', label: 'Nama penanda tangan' });
  const nip = field({ name: 'signer_nip', label: 'NIP', hint: '18 angka, boleh dengan spasi', attrs: { inputmode: 'numeric', autocomplete: 'off' } });
  let version = 0;
  const heading = h('h2', 'Atur kop surat');
  const form = h('form.card#letterhead-form', { novalidate: true, 'aria-label': 'Atur kop surat' }, heading,
    h('div.form-row', prov, reg),
    h('h3', 'Kop surat'), h('div.form-row', agency, office), h('div.form-row', address), h('div.form-row', logo), dropWrap,
    h('h3', 'Tanda tangan'), h('div.form-row', place, title), h('div.form-row', name, nip),
    h('div.actions', h('button.secondary', { type: 'button', onclick: () => fill(null) }, 'Kosongkan'), h('button', { type: 'submit' }, 'Simpan kop surat')));
  async function fill(it) {
    clearErrors(form);
    version = it ? it.version : 0;
    heading.textContent = it ? `Ubah kop surat: ${it.region_name || it.region}` : 'Atur kop surat';
    const p = it ? it.region.slice(0, 2) : '';
    prov.input.value = p;
    await regencies(p, it && it.region.length > 2 ? it.region : '');
    for (const [f, k] of [[agency, 'agency'], [office, 'office_name'], [address, 'address'], [place, 'place'], [title, 'signer_title'], [name, 'signer_name'], [nip, 'signer_nip']]) f.input.value = it ? it[k] : '';
    logo.input.value = '';
    dropLogo.checked = false;
    dropWrap.style.display = it && it.has_logo ? '' : 'none'; /* label.check sets display */
  }
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const region = reg.input.value || prov.input.value;
    if (!region) return showError(form, { field: 'province', message: 'Pilih provinsi atau kabupaten/kota' });
    if (!office.input.value.trim()) return showError(form, { field: 'office_name', message: 'Nama kantor wajib diisi' });
    const body = { agency: agency.input.value, office_name: office.input.value, address: address.input.value, place: place.input.value,
      signer_title: title.input.value, signer_name: name.input.value, signer_nip: nip.input.value };
    if (version) body.version = version;
    const file = logo.input.files && logo.input.files[0];
    try {
      if (file) {
        if (file.size > 256 * 1024) return showError(form, { field: 'logo_png_base64', message: 'Logo lebih dari 256 KB' });
        body.logo_png_base64 = await fileBase64(file);
      } else if (dropLogo.checked) body.logo_png_base64 = '';
      await api('PUT', '/settings/letterhead/' + enc(region), body);
      notify('Kop surat disimpan.');
      reload();
    } catch (e) { showError(form, e); }
  });
  view.append(form);
}
