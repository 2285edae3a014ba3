// Laporan and Intervensi: the rakor report pages, shown when the server has the
// reports API (GET /api/v1/reports...); otherwise a clear "belum tersedia".
import { get } from '../api.js';
import { h, pageHead, unavailable, table } from '../ui.js';

export async function render(view, ctx, { name }) {
  const isReport = name === 'laporan';
  const title = isReport ? 'Laporan rakor' : 'Intervensi';
  const prefix = isReport ? '/reports/rakor' : '/interventions';
  view.append(pageHead(title, isReport ? 'Laporan rapat koordinasi per periode dan wilayah' : 'Program dan bantuan yang diberikan kepada penerima'));
  if (!(await ctx.hasRoute('GET', prefix))) {
    view.append(unavailable(title));
    return;
  }
  try {
    const r = await get(prefix);
    const items = Array.isArray(r.items) ? r.items : (Array.isArray(r.rows) ? r.rows : []);
    const keys = items.length ? Object.keys(items[0]).filter((k) => typeof items[0][k] !== 'object').slice(0, 7) : [];
    view.append(h('div.card', items.length ? table(keys.map((k) => ({ label: k.replace(/_/g, ' '), cell: (x) => String(x[k] ?? '—') })), items, { label: title })
      : h('p.empty', 'Belum ada data.')));
  } catch (e) {
    view.append(h('div.alert.warn', `Data ${title.toLowerCase()} tidak dapat dimuat: ${e.message}`), unavailable(title));
  }
}
