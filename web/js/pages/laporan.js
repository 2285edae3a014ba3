// Laporan: PMKS counts per category for a region and period against a comparison
// period (GET /reports/compare), drill-down to child regions, the regencies'
// sign-off of the period, and the rakor report as XLSX / PDF (GET /reports/rakor).
import { get, post, qs } from '../api.js';
import { num, count, signed, percent, date, dateTime, categoryLabel } from '../fmt.js';
import { h, pageHead, table, field, showError, clearErrors, notify } from '../ui.js';
import { coverageTable } from './cakupan.js';

const LEVEL_NAMES = { 1: 'Provinsi', 2: 'Kabupaten/kota', 3: 'Kecamatan', 4: 'Desa/kelurahan' };
const PERIOD_RE = /^\d{4}(-(S[12]|Q[1-4]|0[1-9]|1[0-2]))?$/;

export const depth = (code) => (code ? code.split('.').length : 0);

// The change cell: signed number with a direction class (a rise in PMKS is shown as a warning).
export function changeCell(n) {
  if (n === null || n === undefined || Number.isNaN(n)) return h('span.muted', '—'); // hidden side
  return h(`span.change.${n > 0 ? 'up' : n < 0 ? 'down' : 'same'}`, signed(n));
}

// The change in %: "baru" when the comparison period had none.
export function pctCell(p, before, change) {
  if (p === null || p === undefined) return h('span.muted', before === 0 && change > 0 ? 'baru' : '—');
  return h(`span.change.${p > 0 ? 'up' : p < 0 ? 'down' : 'same'}`, percent(p, true));
}

function defaultPeriods() {
  const y = new Date().getFullYear();
  return [String(y), String(y - 1)];
}

async function regionName(code, cache) {
  if (!code) return 'Semua wilayah';
  if (!cache.has(code)) cache.set(code, get('/regions/' + code).then((r) => r.name, () => code));
  return cache.get(code);
}

export async function render(view, ctx, { query }) {
  const scope = ctx.user.scope || '';
  const [dp, dc] = defaultPeriods();
  let region = query.get('region') || scope || '64';
  if (scope && !region.startsWith(scope)) region = scope;
  const period = query.get('period') || dp;
  const compare = query.get('compare') || dc;
  const d = depth(region);
  const level = d < 4 ? d + 1 : 0;

  view.append(pageHead('Laporan', 'Jumlah PMKS per kategori dan wilayah, dibandingkan antarperiode'));

  // Filters: region (scope and below, via breadcrumb + children), period, comparison period.
  const names = new Map();
  const crumbCodes = [];
  const parts = region.split('.');
  for (let i = Math.max(1, depth(scope)); i <= parts.length; i++) crumbCodes.push(parts.slice(0, i).join('.'));
  const crumbs = await Promise.all(crumbCodes.map(async (c) => [c, await regionName(c, names)]));

  const regionOpts = [];
  if (!scope) {
    regionOpts.push(['64', 'Kalimantan Timur (64)'], ['65', 'Kalimantan Utara (65)']);
  }
  for (const [c, n] of crumbs) if (c && !regionOpts.some(([v]) => v === c)) regionOpts.push([c, `${n} (${c})`]);
  const regionF = field({ name: 'region', label: 'Wilayah', value: region, options: regionOpts });
  const periodF = field({ name: 'period', label: 'Periode', value: period, hint: 'Tahun (2025), semester (2025-S1), triwulan (2025-Q3) atau bulan (2025-03)', attrs: { inputmode: 'text', autocomplete: 'off', style: 'max-width:12rem' } });
  const compareF = field({ name: 'compare', label: 'Periode pembanding', value: compare, hint: 'Bawaan: tahun sebelumnya', attrs: { autocomplete: 'off', style: 'max-width:12rem' } });
  const form = h('form.card.report-filter', { novalidate: true, 'aria-label': 'Pilihan laporan' },
    h('div.form-row', regionF, periodF, compareF),
    h('div.actions', h('button', { type: 'submit' }, 'Tampilkan')));
  const go = (params) => ctx.go('laporan' + qs({ region: params.region, period: params.period, compare: params.compare }));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const p = periodF.input.value.trim(), c = compareF.input.value.trim();
    let bad = false;
    for (const [f, v] of [[periodF, p], [compareF, c]]) {
      const msg = PERIOD_RE.test(v) ? '' : 'Periode harus berbentuk 2025, 2025-S1, 2025-Q3 atau 2025-03';
      f.classList.toggle('invalid', !!msg);
      f.querySelector('.error').textContent = msg;
      if (msg && !bad) { f.input.focus(); bad = true; }
    }
    if (!bad) go({ region: regionF.input.value, period: p, compare: c });
  });
  view.append(form);

  const nav = h('nav.crumbs', { 'aria-label': 'Tingkat wilayah' },
    crumbs.map(([c, n], i) => (i === crumbs.length - 1 ? h('span', { 'aria-current': 'page' }, n)
      : [h('a', { href: '#/laporan' + qs({ region: c || undefined, period, compare }) }, n), h('span.sep', { 'aria-hidden': 'true' }, ' › ')])));
  view.append(nav);

  let rep;
  try {
    rep = await get('/reports/compare' + qs({ region, period, compare, level: level || undefined }));
  } catch (e) {
    view.append(h('div.alert.error', { role: 'alert' }, e.message));
    return;
  }

  const P = rep.period, C = rep.compare;
  const tot = rep.total;
  const hiddenPair = (a, b) => a === null || b === null;
  const totChange = hiddenPair(tot.pmks_people, tot.pmks_people_compare) ? null : tot.pmks_people - tot.pmks_people_compare;
  const totPct = tot.pmks_people_compare && totChange !== null ? (100 * totChange) / tot.pmks_people_compare : null;
  const stat = (label, value, sub) => h('div.stat', h('div.label', label), h('div.value', value), sub ? h('div.sub', sub) : null);
  const kids = rep.rows || [];
  const hasSignoff = kids.some((w) => 'approved' in w) && level === 2;
  // A regency's own sign-off of the period (GET /approvals answers inside every scope).
  let ownSignoff = null, signoff = null;
  if (d === 2) {
    const list = await get('/approvals' + qs({ region, period: P })).catch(() => null);
    signoff = list && list.items.find((a) => a.region === region && a.period === P && a.active);
    ownSignoff = list ? !!signoff : null;
  }
  view.append(h('div.stats',
    stat(`PMKS (orang) ${P}`, count(tot.pmks_people), `dihitung ${date(rep.count_date)}`),
    stat(`PMKS (orang) ${C}`, count(tot.pmks_people_compare), `dihitung ${date(rep.compare_date)}`),
    stat('Perubahan', changeCell(totChange), percent(totPct, true)),
    hasSignoff ? stat('Sudah disahkan', `${num(rep.approved_count || 0)} / ${num(kids.length)}`, `kabupaten/kota, periode ${P}`) : null,
    ownSignoff !== null ? stat(`Pengesahan ${P}`, ownSignoff ? h('span.badge.verified', 'disahkan') : h('span.badge.draft', 'belum disahkan'), rep.region_name) : null));
  if (rep.small_cells_hidden) {
    view.append(h('div.alert.info', 'Angka 1–4, dan angka lain yang dapat membukanya kembali, ditampilkan sebagai "<5" untuk melindungi data pribadi.'));
  }

  if (d === 2 && ownSignoff !== null) view.append(signoffCard(ctx, region, rep.region_name, P, signoff));

  // Downloads of the rakor report.
  const file = (fmt) => '/api/v1/reports/rakor' + qs({ region, period, compare, format: fmt });
  view.append(h('div.card.downloads', h('h2', 'Unduh laporan rakor'),
    h('p.muted', `Laporan rapat koordinasi ${rep.region_name}, periode ${P} dibanding ${C}: 26 kategori per kabupaten/kota, PSKS, indikator, pengesahan dan intervensi.`),
    h('div.actions', { style: 'justify-content:flex-start' },
      h('a.button#download-xlsx', { href: file('xlsx'), download: '' }, 'Unduh XLSX'),
      h('a.button.secondary#download-pdf', { href: file('pdf'), download: '' }, 'Unduh PDF'))));

  // Per-category table, largest rise first.
  const num0 = (v) => (typeof v === 'string' ? v : count(v));
  const cats = [...tot.categories].sort((a, b) => ((b.change ?? 0) - (a.change ?? 0)) || ((b.people ?? 0) - (a.people ?? 0)) || (a.category - b.category));
  const hideZero = h('input#hide-zero', { type: 'checkbox', checked: true });
  const catBody = h('div');
  const drawCats = () => {
    const rows = hideZero.checked ? cats.filter((c) => c.people !== 0 || c.people_compare || c.change) : cats;
    catBody.replaceChildren(rows.length ? table([
      { label: 'No.', cls: 'num', cell: (c) => c.category },
      { label: 'Kategori', cell: (c) => h('span', categoryLabel(c), c.applies_to !== 'orang' ? h('span.muted', ` (${c.applies_to})`) : null) },
      { label: `${C}`, cls: 'num', cell: (c) => num0(c.people_compare) },
      { label: `${P}`, cls: 'num', cell: (c) => num0(c.people) },
      { label: 'Perubahan', cls: 'num', cell: (c) => changeCell(c.change) },
      { label: 'Perubahan %', cls: 'num', cell: (c) => pctCell(c.change_pct, c.people_compare, c.change) },
    ], rows, { label: 'Jumlah per kategori' }) : h('p.empty', 'Tidak ada PMKS tercatat pada kedua periode.'));
  };
  hideZero.addEventListener('change', drawCats);
  drawCats();
  view.append(h('div.card', h('div.page-head', { style: 'margin-bottom:.5rem' },
    h('h2', { style: 'margin:0' }, `Per kategori PMKS: ${P} dibanding ${C}`),
    h('label.check', hideZero, ' Sembunyikan kategori kosong')),
  h('p.muted', { style: 'margin-top:0' }, 'Diurutkan dari kenaikan terbesar. Jumlah orang; kategori keluarga dihitung per anggota.'), catBody));

  // Per child region, with drill-down and sign-off.
  if (level) {
    const rows = kids.map((w) => ({ ...w, change: hiddenPair(w.pmks_people, w.pmks_people_compare) ? null : w.pmks_people - w.pmks_people_compare }));
    rows.sort((a, b) => (b.change ?? 0) - (a.change ?? 0) || a.code.localeCompare(b.code));
    const drill = (w) => '#/laporan' + qs({ region: w.code, period, compare });
    const canDrill = level < 4;
    const cols = [
      { label: LEVEL_NAMES[level] || 'Wilayah', cell: (w) => (canDrill ? h('a.drill', { href: drill(w) }, w.name) : w.name) },
      { label: 'Kode', cell: (w) => h('span.mono', w.code) },
      { label: `${C}`, cls: 'num', cell: (w) => num0(w.pmks_people_compare) },
      { label: `${P}`, cls: 'num', cell: (w) => num0(w.pmks_people) },
      { label: 'Perubahan', cls: 'num', cell: (w) => changeCell(w.change) },
      { label: 'Perubahan %', cls: 'num', cell: (w) => pctCell(w.pmks_people_compare && w.change !== null ? (100 * w.change) / w.pmks_people_compare : null, w.pmks_people_compare, w.change) },
    ];
    if (hasSignoff) cols.push({ label: `Pengesahan ${P}`, cell: (w) => (w.approved ? h('span.badge.verified', 'disahkan') : h('span.badge.draft', 'belum')) });
    const t = rows.length ? table(cols, rows, { label: 'Jumlah per wilayah' }) : h('p.empty', 'Tidak ada wilayah di bawah tingkat ini.');
    if (canDrill && rows.length) {
      const trs = t.querySelectorAll('tbody tr');
      rows.forEach((w, i) => {
        trs[i].classList.add('clickable');
        trs[i].addEventListener('click', (ev) => { if (!ev.target.closest('a')) location.hash = drill(w); });
      });
    }
    view.append(h('div.card', h('h2', `Per ${(LEVEL_NAMES[level] || 'wilayah').toLowerCase()} di ${rep.region_name}`),
      canDrill ? h('p.muted', { style: 'margin-top:0' }, 'Pilih nama wilayah untuk melihat rincian di bawahnya.') : null, t));
  }

  // The rakor's PSKS section: coverage against need per district (issue 20).
  const cov = await get('/psks/coverage' + qs({ region })).catch(() => null);
  if (cov) {
    view.append(h('div.card#report-psks', h('h2', `PSKS: cakupan terhadap kebutuhan, ${rep.region_name}`),
      h('p.muted', { style: 'margin-top:0' }, `Per ${date(cov.count_date)}: penduduk PMKS per TKSK dan per PSM, desa tanpa PSKS, desa rawan bencana (kejadian sejak ${date(cov.since)}) tanpa Tagana. `,
        h('a', { href: '#/cakupan' + qs({ region }) }, 'Rincian per desa')),
      coverageTable(cov, { villages: false, label: 'Cakupan PSKS per kecamatan' })));
  }

  // Last year's interventions and where they stand (the rakor's follow-up).
  const lastYear = parseInt(P, 10) - 1;
  const ivs = Number.isFinite(lastYear) ? await get('/interventions' + qs({ region, year: lastYear })).then((r) => r.items, () => []) : [];
  const IV_STATUS = { direncanakan: ['draft', 'Direncanakan'], berjalan: ['draft', 'Berjalan'], selesai: ['verified', 'Selesai'], batal: ['rejected', 'Batal'] };
  view.append(h('div.card#report-interventions', h('h2', `Intervensi rakor ${lastYear} dan statusnya`),
    ivs.length ? table([
      { label: 'Intervensi', cell: (iv) => h('a', { href: '#/intervensi' + qs({ year: lastYear, ubah: iv.id }) }, iv.title) },
      { label: 'Wilayah', cell: (iv) => h('span.mono', iv.region) },
      { label: 'Penanggung jawab', cell: (iv) => iv.owner || '—' },
      { label: 'Tenggat', cls: 'nowrap', cell: (iv) => date(iv.due_date) },
      { label: 'Status', cell: (iv) => h(`span.badge.${(IV_STATUS[iv.status] || ['draft'])[0]}`, (IV_STATUS[iv.status] || [0, iv.status])[1]) },
      { label: 'Tindak lanjut terakhir', cell: (iv) => (iv.last_note ? `${date(iv.last_note.date)}: ${iv.last_note.text}` : '—') },
    ], ivs, { label: `Intervensi rakor ${lastYear}` }) : h('p.empty', `Tidak ada intervensi rakor ${lastYear} di wilayah ini.`)));

  // Largest rises (region × category).
  const rises = (rep.largest_changes || []).filter((x) => x.change > 0).slice(0, 10);
  const catName = new Map(tot.categories.map((c) => [c.category, c.label || c.name]));
  const kidName = new Map(kids.map((w) => [w.code, w.name]));
  if (rises.length) {
    view.append(h('div.card', h('h2', 'Kenaikan terbesar'), table([
      { label: 'Wilayah', cell: (x) => kidName.get(x.region) || x.region },
      { label: 'Kategori', cell: (x) => catName.get(x.category) || String(x.category) },
      { label: `${C}`, cls: 'num', cell: (x) => num0(x.before) },
      { label: `${P}`, cls: 'num', cell: (x) => num0(x.after) },
      { label: 'Perubahan', cls: 'num', cell: (x) => changeCell(x.change) },
      { label: 'Perubahan %', cls: 'num', cell: (x) => pctCell(x.change_pct, x.before, x.change) },
    ], rises, { label: 'Kenaikan terbesar' })));
  }
}

// The sign-off card of a regency's period: its state, signing off (verify permission)
// and re-opening with a reason (admin); POST /approvals and /approvals/reopen.
function signoffCard(ctx, region, name, period, signoff) {
  const card = h('div.card#signoff', h('h2', `Pengesahan periode ${period}`));
  const reload = () => window.dispatchEvent(new HashChangeEvent('hashchange'));
  if (signoff) {
    card.append(h('p', h('span.badge.verified', 'disahkan'), ` ${name}, ${date(signoff.date_from)} s.d. ${date(signoff.date_to)}, oleh ${signoff.approved_by} pada ${dateTime(signoff.approved_at)}.`,
      signoff.note ? ` Catatan: ${signoff.note}.` : ''),
    h('p.muted', 'Data bertanggal di dalam periode ini terkunci sampai periode dibuka kembali.'));
    if (ctx.can('admin')) {
      const reasonF = field({ name: 'reason', label: 'Alasan membuka kembali', required: true, hint: 'Tercatat di riwayat pengesahan', attrs: { autocomplete: 'off' } });
      const btn = h('button.secondary', { type: 'submit' }, 'Buka kembali periode');
      const form = h('form#reopen', { novalidate: true, 'aria-label': 'Buka kembali periode' }, reasonF, h('div.actions', { style: 'justify-content:flex-start' }, btn));
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        clearErrors(form);
        const reason = reasonF.input.value.trim();
        if (!reason) return showError(form, { field: 'reason', message: 'Alasan wajib diisi' });
        if (!confirm(`Buka kembali periode ${period} untuk ${name}? Data periode ini dapat diubah lagi.`)) return;
        btn.disabled = true;
        try {
          await post('/approvals/reopen', { region, period, reason });
          notify(`Periode ${period} untuk ${name} dibuka kembali`, 'ok');
          reload();
        } catch (e) {
          showError(form, e);
          btn.disabled = false;
        }
      });
      card.append(form);
    }
    return card;
  }
  card.append(h('p', h('span.badge.draft', 'belum disahkan'), ` ${name} belum mengesahkan data periode ${period}.`));
  if (ctx.can('verify')) {
    const noteF = field({ name: 'note', label: 'Catatan (pilihan)', attrs: { autocomplete: 'off' } });
    const btn = h('button', { type: 'submit' }, 'Sahkan periode');
    const form = h('form#sign', { novalidate: true, 'aria-label': 'Sahkan periode' }, noteF, h('div.actions', { style: 'justify-content:flex-start' }, btn));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(form);
      if (!confirm(`Sahkan periode ${period} untuk ${name}? Data bertanggal di dalam periode ini akan terkunci.`)) return;
      btn.disabled = true;
      try {
        await post('/approvals', { region, period, note: noteF.input.value.trim() });
        notify(`Periode ${period} untuk ${name} disahkan`, 'ok');
        reload();
      } catch (e) {
        showError(form, e);
        btn.disabled = false;
      }
    });
    card.append(h('p.muted', 'Setelah disahkan, data bertanggal di dalam periode ini terkunci sampai dibuka kembali oleh administrator.'), form);
  }
  return card;
}
