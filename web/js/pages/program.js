// Program: social-assistance programs (GET /programs), and for one program and period
// the eligibility preview (GET /programs/{code}/preview), enrolment of the eligible
// (POST /programs/{code}/enrol), who the rule refuses and why (GET .../refused) and the
// integrity findings (POST .../check, GET .../findings). Writes only for roles with
// the verify permission; the server checks again.
import { get, post, qs } from '../api.js';
import { num, count, rupiah } from '../fmt.js';
import { h, field, pageHead, table, showError, clearErrors, notify } from '../ui.js';

export const LEVELS = { pusat: 'Pusat', provinsi: 'Provinsi', 'kabupaten-kota': 'Kabupaten/kota' };
export const FREQUENCIES = { sekali: 'sekali', bulanan: 'per bulan', triwulan: 'per triwulan', tahunan: 'per tahun' };
const PERIOD_RE = /^\d{4}(-(S[12]|Q[1-4]|0[1-9]|1[0-2]))?$/;

// Names of regions, fetched once per code.
const regionNames = new Map();
export function regionName(code) {
  if (!code) return Promise.resolve('Semua wilayah');
  if (!regionNames.has(code)) regionNames.set(code, get('/regions/' + code).then((r) => r.name, () => code));
  return regionNames.get(code);
}
export async function withNames(codes) {
  const uniq = [...new Set(codes.filter(Boolean))];
  const names = await Promise.all(uniq.map(regionName));
  return new Map(uniq.map((c, i) => [c, names[i]]));
}

// The current quarter: "2026-Q3".
export function currentQuarter() {
  const d = new Date();
  return `${d.getFullYear()}-Q${Math.floor(d.getMonth() / 3) + 1}`;
}

function amountText(p) {
  return `${rupiah(p.amount)} ${FREQUENCIES[p.frequency] || p.frequency}`;
}

async function rulesText(p, cats) {
  const parts = [];
  if (p.categories) {
    const names = String(p.categories).split(/[,;]/).map((c) => (cats.get(Number(c)) || `kategori ${c}`));
    parts.push('PMKS: ' + names.join(', '));
  }
  if (p.age_min >= 0 && p.age_max >= 0) parts.push(`umur ${p.age_min}–${p.age_max} tahun`);
  else if (p.age_min >= 0) parts.push(`umur ${p.age_min} tahun ke atas`);
  else if (p.age_max >= 0) parts.push(`umur sampai ${p.age_max} tahun`);
  if (p.disability) parts.push('penyandang disabilitas');
  if (p.desil_max > 0) parts.push(`desil 1–${p.desil_max}`);
  if (p.regions) {
    const names = await withNames(String(p.regions).split(';'));
    parts.push('wilayah: ' + [...names.values()].join(', '));
  }
  if (p.requires_nik === false) parts.push('NIK tidak wajib');
  return parts.join('; ') || 'semua penduduk';
}

export async function render(view, ctx, { args, query }) {
  const cats = new Map((await ctx.pmks()).map((c) => [c.code, c.label || c.name]));
  if (args[0]) return renderOne(view, ctx, args[0], query, cats);
  view.append(pageHead('Program bantuan', 'Program bantuan sosial, syarat penerima dan besar bantuannya'));
  const { items } = await get('/programs');
  if (!items.length) {
    view.append(h('div.card', h('p.empty', 'Belum ada program tercatat.')));
    return;
  }
  const rules = await Promise.all(items.map((p) => rulesText(p, cats)));
  const rows = items.map((p, i) => ({ ...p, rules: rules[i] }));
  view.append(h('div.card', table([
    { label: 'Program', cell: (p) => h('a', { href: '#/program/' + encodeURIComponent(p.code) }, p.name) },
    { label: 'Tingkat', cell: (p) => LEVELS[p.level] || p.level },
    { label: 'Sasaran', cell: (p) => (p.household ? 'per keluarga' : 'per orang') },
    { label: 'Bantuan', cls: 'num', cell: (p) => amountText(p) },
    { label: 'Syarat', cell: (p) => p.rules },
  ], rows, { label: 'Daftar program' })));
}

async function renderOne(view, ctx, code, query, cats) {
  const p = await get('/programs/' + encodeURIComponent(code));
  const period = query.get('period') || currentQuarter();
  const scope = ctx.user.scope || '';
  view.append(pageHead(p.name, `${LEVELS[p.level] || p.level} · ${p.household ? 'per keluarga' : 'per orang'} · ${amountText(p)}`,
    h('a.button.secondary', { href: '#/program' }, 'Semua program')));
  view.append(h('p.muted', 'Syarat: ' + await rulesText(p, cats)));

  const periodF = field({ name: 'period', label: 'Periode', value: period, hint: 'Tahun (2026), semester (2026-S1), triwulan (2026-Q3) atau bulan (2026-03)', attrs: { autocomplete: 'off', style: 'max-width:12rem' } });
  const form = h('form.card', { novalidate: true, 'aria-label': 'Pilih periode' }, h('div.form-row', periodF), h('div.actions', h('button', { type: 'submit' }, 'Tampilkan')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const v = periodF.input.value.trim();
    if (!PERIOD_RE.test(v)) return showError(form, { field: 'period', message: 'Periode harus berbentuk 2026, 2026-S1, 2026-Q3 atau 2026-03' });
    ctx.go('program/' + encodeURIComponent(code) + qs({ period: v }));
  });
  view.append(form);

  // Preview: eligible per region, refused per rule part (in words).
  const pv = await get(`/programs/${encodeURIComponent(code)}/preview` + qs({ period }));
  const names = await withNames(pv.by_region.map((r) => r.region));
  const stat = (label, value, sub) => h('div.stat', h('div.label', label), h('div.value', value), sub ? h('div.sub', sub) : null);
  view.append(h('div.stats#preview-stats',
    stat('Calon diperiksa', count(pv.candidates)),
    stat('Memenuhi syarat', count(pv.eligible), `periode ${period}`),
    stat('Bantuan per penerima', rupiah(p.amount), FREQUENCIES[p.frequency] || p.frequency)));
  const failed = (pv.failed_reasons || []).filter((f) => f.count !== 0);
  view.append(h('div.card#preview',
    h('h2', `Pratinjau penerima ${period}`),
    pv.by_region.length ? table([
      { label: 'Wilayah', cell: (r) => names.get(r.region) || r.region },
      { label: 'Memenuhi syarat', cls: 'num', cell: (r) => count(r.eligible) },
    ], pv.by_region, { label: 'Memenuhi syarat per wilayah' }) : h('p.empty', 'Tidak ada yang memenuhi syarat pada periode ini.'),
    failed.length ? [h('h3', 'Tidak lolos, menurut syarat'), table([
      { label: 'Alasan', cell: (f) => f.reason },
      { label: 'Jumlah calon', cls: 'num', cell: (f) => count(f.count) },
    ], failed, { label: 'Tidak lolos per syarat' })] : null));

  // Enrolment (verify permission).
  if (ctx.can('verify')) {
    const reasonF = field({ name: 'reason', label: 'Dasar penetapan', required: true, hint: 'Mis. nomor SK penetapan penerima; tercatat pada setiap penerima', attrs: { autocomplete: 'off' } });
    const btn = h('button', { type: 'submit' }, 'Tetapkan penerima yang memenuhi syarat');
    const out = h('div', { 'aria-live': 'polite' });
    const ef = h('form.card#enrol', { novalidate: true, 'aria-label': 'Penetapan penerima' },
      h('h2', 'Penetapan penerima'),
      h('p.muted', `Semua yang memenuhi syarat di ${scope ? await regionName(scope) : 'semua wilayah'} untuk periode ${period} dicatat sebagai penerima; yang sudah tercatat dilewati.`),
      reasonF, h('div.actions', btn), out);
    ef.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(ef);
      const reason = reasonF.input.value.trim();
      if (!reason) return showError(ef, { field: 'reason', message: 'Dasar penetapan wajib diisi' });
      if (!confirm(`Tetapkan ${count(pv.eligible)} penerima ${p.name} periode ${period}?`)) return;
      btn.disabled = true;
      try {
        const r = await post(`/programs/${encodeURIComponent(code)}/enrol`, { period, reason });
        out.replaceChildren(h('div.alert.ok', { role: 'status' }, `${num(r.enrolled)} penerima baru dicatat; ${num(r.already)} sudah tercatat sebelumnya.`));
        notify('Penetapan penerima tersimpan', 'ok');
      } catch (e) {
        showError(ef, e);
      } finally {
        btn.disabled = false;
      }
    });
    view.append(ef);
  }

  // Who the rule refuses (personal: read permission).
  if (ctx.can('read')) {
    const rf = await get(`/programs/${encodeURIComponent(code)}/refused` + qs({ period }));
    const rn = await withNames(rf.items.map((x) => x.village));
    view.append(h('div.card#refused', h('h2', `Tidak memenuhi syarat (${num(rf.total)})`),
      rf.total > rf.items.length ? h('p.muted', `Ditampilkan ${num(rf.items.length)} pertama.`) : null,
      rf.items.length ? table([
        { label: 'Nama', cell: (x) => h('a', { href: '#/orang/' + x.person_id }, x.name) },
        { label: 'Desa/kelurahan', cell: (x) => rn.get(x.village) || x.village },
        { label: 'Alasan', cell: (x) => x.reasons },
      ], rf.items, { label: 'Tidak memenuhi syarat' }) : h('p.empty', 'Semua calon memenuhi syarat.')));

    // Integrity findings.
    const fbox = h('div');
    const drawFindings = async () => {
      const f = await get(`/programs/${encodeURIComponent(code)}/findings` + qs({ period }));
      const fn = await withNames(f.items.map((x) => x.village));
      fbox.replaceChildren(f.items.length ? table([
        { label: 'Temuan', cell: (x) => x.rule_name || x.rule },
        { label: 'Nama', cell: (x) => h('a', { href: '#/orang/' + x.person_id }, x.name) },
        { label: 'Desa/kelurahan', cell: (x) => fn.get(x.village) || x.village },
        { label: 'Keterangan', cell: (x) => x.detail },
      ], f.items, { label: 'Temuan integritas' }) : h('p.empty', 'Tidak ada temuan tersimpan untuk periode ini.'));
    };
    const checkBtn = ctx.can('verify') ? h('button.secondary#run-check', { type: 'button' }, 'Jalankan pemeriksaan') : null;
    if (checkBtn) {
      checkBtn.addEventListener('click', async () => {
        checkBtn.disabled = true;
        try {
          await post(`/programs/${encodeURIComponent(code)}/check`, { period });
          await drawFindings();
          notify('Pemeriksaan integritas selesai', 'ok');
        } catch (e) {
          fbox.prepend(h('div.alert.error', { role: 'alert' }, e.message));
        } finally {
          checkBtn.disabled = false;
        }
      });
    }
    await drawFindings();
    view.append(h('div.card#findings', h('div.page-head', { style: 'margin-bottom:.5rem' },
      h('h2', { style: 'margin:0' }, 'Temuan integritas'), checkBtn),
    h('p.muted', { style: 'margin-top:0' }, 'Penerima yang sudah meninggal, data ganda, belum diverifikasi, rekening bersama dan lainnya; penerima bertemuan tidak dimasukkan ke batch penyaluran.'),
    fbox));
  }
}
