// socio.js - the section "Kondisi sosial ekonomi" of a household: the PMT variables
// (docs/internals/pmt.md), the decile, the explanation of the score and its history.
import { get, patch } from './api.js';
import { date } from './fmt.js';
import { h, field, showError, clearErrors, notify, table } from './ui.js';

const YESNO = [['', '—'], ['true', 'Ya'], ['false', 'Tidak']];
const opt = (...pairs) => [['', '—'], ...pairs];
// code: [label, kind ('opt' | 'num' | 'yn'), options]
export const VARS = {
  status_bangunan: ['Status penguasaan bangunan', 'opt', opt(['milik_sendiri', 'Milik sendiri'], ['kontrak_sewa', 'Kontrak/sewa'], ['bebas_sewa', 'Bebas sewa'], ['dinas', 'Dinas'], ['lainnya', 'Lainnya'])],
  luas_lantai: ['Luas lantai (m²)', 'num'],
  lantai: ['Jenis lantai terluas', 'opt', opt(['marmer_granit', 'Marmer/granit'], ['keramik', 'Keramik'], ['parket_vinil', 'Parket/vinil/karpet'], ['ubin_tegel', 'Ubin/tegel/teraso'], ['kayu_papan', 'Kayu/papan'], ['semen_bata', 'Semen/bata merah'], ['bambu', 'Bambu'], ['tanah', 'Tanah'], ['lainnya', 'Lainnya'])],
  dinding: ['Jenis dinding terluas', 'opt', opt(['tembok', 'Tembok'], ['plesteran_bambu', 'Plesteran anyaman bambu/kawat'], ['kayu_papan', 'Kayu/papan'], ['anyaman_bambu', 'Anyaman bambu'], ['batang_kayu', 'Batang kayu'], ['bambu', 'Bambu'], ['lainnya', 'Lainnya'])],
  atap: ['Jenis atap terluas', 'opt', opt(['beton', 'Beton'], ['genteng', 'Genteng'], ['seng', 'Seng'], ['asbes', 'Asbes'], ['kayu_sirap', 'Kayu/sirap'], ['bambu', 'Bambu'], ['jerami_ijuk_daun', 'Jerami/ijuk/daun/rumbia'], ['lainnya', 'Lainnya'])],
  sumber_air: ['Sumber air minum utama', 'opt', opt(['kemasan_isi_ulang', 'Air kemasan/isi ulang'], ['leding', 'Leding'], ['sumur_bor', 'Sumur bor/pompa'], ['sumur_terlindung', 'Sumur terlindung'], ['sumur_tak_terlindung', 'Sumur tak terlindung'], ['mata_air_terlindung', 'Mata air terlindung'], ['mata_air_tak_terlindung', 'Mata air tak terlindung'], ['air_permukaan', 'Air permukaan'], ['air_hujan', 'Air hujan'], ['lainnya', 'Lainnya'])],
  fasilitas_bab: ['Fasilitas buang air besar', 'opt', opt(['sendiri', 'Sendiri'], ['bersama', 'Bersama rumah tangga lain'], ['umum', 'MCK umum'], ['tidak_ada', 'Tidak ada'])],
  penerangan: ['Sumber penerangan utama', 'opt', opt(['pln_meteran', 'Listrik PLN dengan meteran'], ['pln_tanpa_meteran', 'Listrik PLN tanpa meteran'], ['listrik_non_pln', 'Listrik non-PLN'], ['bukan_listrik', 'Bukan listrik'])],
  bahan_bakar: ['Bahan bakar utama memasak', 'opt', opt(['listrik', 'Listrik'], ['elpiji_besar', 'Elpiji 5,5 kg atau lebih'], ['elpiji_3kg', 'Elpiji 3 kg'], ['gas_kota_biogas', 'Gas kota/biogas'], ['minyak_tanah', 'Minyak tanah'], ['briket_arang', 'Briket/arang'], ['kayu_bakar', 'Kayu bakar'], ['tidak_memasak', 'Tidak memasak di rumah'])],
  pendidikan_kepala: ['Pendidikan tertinggi kepala keluarga', 'opt', opt(['tidak_sekolah', 'Tidak/belum pernah sekolah'], ['tidak_tamat_sd', 'Tidak tamat SD'], ['sd', 'SD/sederajat'], ['smp', 'SMP/sederajat'], ['sma', 'SMA/SMK/sederajat'], ['diploma_sarjana', 'Diploma/sarjana atau lebih'])],
  anggota_bekerja: ['Anggota usia 15–64 yang bekerja', 'num'],
  lemari_es: ['Lemari es/kulkas', 'yn'],
  ac: ['AC', 'yn'],
  pemanas_air: ['Pemanas air', 'yn'],
  televisi: ['Televisi layar datar', 'yn'],
  komputer: ['Komputer/laptop', 'yn'],
  emas: ['Emas/perhiasan ≥ 10 gram', 'yn'],
  sepeda_motor: ['Jumlah sepeda motor', 'num'],
  mobil: ['Mobil', 'yn'],
  perahu_motor: ['Perahu motor', 'yn'],
  lahan: ['Lahan selain yang ditempati', 'yn'],
  rumah_lain: ['Rumah di tempat lain', 'yn'],
  ternak_besar: ['Ternak besar (ekor)', 'num'],
};
const COMPUTED = { jumlah_anggota: 'Jumlah anggota', luas_per_kapita: 'Luas lantai per orang (m²)', rasio_bekerja: 'Bagian usia kerja yang bekerja', rasio_tanggungan: 'Rasio tanggungan', anggota_disabilitas: 'Anggota dengan disabilitas', kepala_perempuan: 'Kepala keluarga perempuan' };

const shown = (v) => (v === null || v === undefined ? '—' : v === true ? 'ya' : v === false ? 'tidak' : String(v).replace('.', ','));

export async function socioCard(hid, canWrite) {
  let d = await get(`/households/${hid}/socio`);
  const card = h('section.card', { 'aria-label': 'Kondisi sosial ekonomi', 'data-section': 'socio' });
  const draw = () => {
    card.replaceChildren();
    card.append(h('h2', 'Kondisi sosial ekonomi'),
      h('p', h('strong', d.desil ? `Desil ${d.desil}` : 'Belum diperingkat'), d.desil ? ` (${d.desil_band})` : '',
        d.latest ? ` · skor ${String(d.latest.score.toFixed(3)).replace('.', ',')} · model ${d.latest.model_region} versi ${d.latest.model_version} · ${date(d.latest.at)}` : ''));
    if (d.explanation.length) card.append(h('p.muted', 'Yang paling menentukan skor:'), h('ul.explain', d.explanation.map((x) => h('li', x))));
    const f = {};
    for (const [k, [label, kind, options]] of Object.entries(VARS)) {
      const v = d.variables[k];
      f[k] = field(kind === 'num'
        ? { name: k, label, value: v ?? '', attrs: { inputmode: 'decimal' } }
        : { name: k, label, value: v === null ? '' : String(v), options: kind === 'yn' ? YESNO : options });
      f[k].input.disabled = !canWrite;
    }
    const form = h('form', { novalidate: true, 'aria-label': 'Variabel sosial ekonomi' },
      h('div.socio-grid', Object.values(f)),
      canWrite ? h('div.actions', h('button', { type: 'submit' }, 'Simpan kondisi sosial ekonomi')) : null,
      h('p.muted', `Versi ${d.version}${d.updated_at ? ' · diperbarui ' + date(d.updated_at) + ' oleh ' + d.updated_by : ''}`));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(form);
      const body = { version: d.version };
      for (const [k, el] of Object.entries(f)) {
        const v = el.input.value.trim(), old = d.variables[k];
        const oldText = old === null || old === undefined ? '' : String(old);
        if (v !== oldText) body[k] = v === '' ? null : VARS[k][1] === 'yn' ? v === 'true' : v;
      }
      if (Object.keys(body).length === 1) return notify('Tidak ada perubahan.');
      try {
        d = await patch(`/households/${hid}/socio`, body);
        notify('Kondisi sosial ekonomi disimpan.');
        draw();
      } catch (e) {
        showError(form, e.status === 409 ? { message: 'Data ini baru saja diubah orang lain. Muat ulang halaman.' } : e);
      }
    });
    card.append(form, h('h3', 'Dihitung dari anggota keluarga'),
      h('dl.computed', Object.entries(COMPUTED).map(([k, label]) => [h('dt', label), h('dd', shown(d.computed[k]))])));
    if (d.history.length) {
      card.append(h('h3', 'Riwayat pemeringkatan'), table([
        { label: 'Waktu', cell: (x) => date(x.at) },
        { label: 'Skor', cell: (x) => String(x.score.toFixed(3)).replace('.', ',') },
        { label: 'Desil', cell: (x) => x.desil },
        { label: 'Model', cell: (x) => `${x.model_region} v${x.model_version}` },
      ], d.history, { label: 'Riwayat pemeringkatan' }));
    }
  };
  draw();
  return card;
}
