// Keluarga: one household: address, members, socio-economic conditions, history; add a member.
import { get, patch } from '../api.js';
import { date } from '../fmt.js';
import { h, field, pageHead, badge, showError, clearErrors, notify } from '../ui.js';
import { peopleTable } from '../people.js';
import { historyCard, villagePlace } from '../record.js';
import { socioCard } from '../socio.js';

export async function render(view, ctx, { args }) {
  let hh = await get('/households/' + args[0]);
  const members = await get(`/households/${hh.id}/members`).then((r) => r.items);
  const head = members.find((m) => m.relationship === 'kepala_keluarga');
  view.append(pageHead(`Keluarga ${head ? head.name : hh.kk}`, null, badge(hh.status),
    ctx.can('write') ? h('a.button.small', { href: `#/tambah?kk=${hh.id}` }, '+ Tambah anggota') : null));
  view.querySelector('.page-head > div').append(h('p', 'No. KK ', h('span.mono', hh.kk), ` · Desa ${await villagePlace(hh.village_code)}`));

  const canWrite = ctx.can('write') && !String(hh.kk).includes('*');
  const f = {
    address: field({ name: 'address', label: 'Alamat', value: hh.address }),
    rt: field({ name: 'rt', label: 'RT', value: hh.rt, attrs: { inputmode: 'numeric', maxlength: 3 } }),
    rw: field({ name: 'rw', label: 'RW', value: hh.rw, attrs: { inputmode: 'numeric', maxlength: 3 } }),
    latitude: field({ name: 'latitude', label: 'Lintang (latitude)', value: hh.latitude ?? '', attrs: { inputmode: 'decimal' } }),
    longitude: field({ name: 'longitude', label: 'Bujur (longitude)', value: hh.longitude ?? '', attrs: { inputmode: 'decimal' } }),
  };
  for (const x of Object.values(f)) x.input.disabled = !canWrite;
  const form = h('form.card', { novalidate: true, 'aria-label': 'Alamat keluarga' }, h('h2', 'Alamat'),
    f.address, h('div.form-row', f.rt, f.rw), h('div.form-row', f.latitude, f.longitude),
    canWrite ? h('div.actions', h('button', { type: 'submit' }, 'Simpan alamat')) : null,
    h('p.muted', { style: 'font-size:.82rem;margin-bottom:0' }, `Versi ${hh.version} · diperbarui ${date(hh.updated_at)}`));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const body = { version: hh.version };
    for (const [k, el] of Object.entries(f)) {
      const v = el.input.value.trim();
      if (v !== String(hh[k] ?? '')) body[k] = (k === 'latitude' || k === 'longitude') ? (v === '' ? null : v) : v;
    }
    if (Object.keys(body).length === 1) return notify('Tidak ada perubahan.');
    try {
      hh = await patch('/households/' + hh.id, body);
      notify('Alamat disimpan.');
      location.hash = '#/keluarga/' + hh.id + '?t=' + Date.now();
    } catch (e) {
      showError(form, e.status === 409 ? { message: 'Data ini baru saja diubah orang lain. Muat ulang halaman.' } : e);
    }
  });
  const memberCard = h('div.card', h('h2', `Anggota keluarga (${members.length})`),
    members.length ? peopleTable(members, { label: 'Anggota keluarga', relationship: true }) : h('p.muted', 'Belum ada anggota.'));
  view.append(memberCard, await socioCard(hh.id, canWrite),
    h('div.grid.two', form, await historyCard(`/households/${hh.id}/history`, { created_at: hh.created_at })));
}
