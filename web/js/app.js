// app.js - session, navigation and the hash router of the Pilar web UI.
import { api, get, post, setCsrf, ApiError } from './api.js';
import { ROLES } from './fmt.js';
import { h, field, showError, clearErrors } from './ui.js';

const NAV = [
  { path: 'beranda', label: 'Beranda', perm: 'aggregate' },
  { path: 'cari', label: 'Cari', perm: 'read' },
  { path: 'tambah', label: 'Tambah keluarga', perm: 'write' },
  { path: 'impor', label: 'Impor', perm: 'write' },
  { path: 'verifikasi', label: 'Verifikasi', perm: 'verify' },
  { path: 'duplikat', label: 'Duplikat', perm: 'verify' },
  { path: 'tanpa-nik', label: 'Tanpa NIK', perm: 'read' },
  { path: 'siklus', label: 'Siklus DTSEN', perm: 'read' },
  { path: 'musdes', label: 'Musdes/muskel', perm: 'read' },
  { path: 'sanggah', label: 'Sanggahan', perm: 'read' },
  { path: 'laporan', label: 'Laporan', perm: 'aggregate' },
  { path: 'program', label: 'Program', perm: 'read' },
  { path: 'penyaluran', label: 'Penyaluran', perm: 'read' },
  { path: 'indikator', label: 'Indikator', perm: 'aggregate' },
  { path: 'intervensi', label: 'Intervensi', perm: 'read' },
  { path: 'peta', label: 'Peta', perm: 'aggregate' },
  { path: 'ekspor', label: 'Ekspor', perm: 'export' },
  { path: 'kartu', label: 'Kartu disabilitas', perm: 'write' },
  { path: 'bencana', label: 'Bencana', perm: 'read' },
  { path: 'psks', label: 'PSKS', perm: 'read' },
  { path: 'cakupan', label: 'Cakupan PSKS', perm: 'aggregate' },
  { path: 'kunjungan', label: 'Kunjungan PSKS', perm: 'read' },
  { path: 'periksa', label: 'Periksa lapangan', perm: 'read' },
  { path: 'pengguna', label: 'Pengguna', perm: 'admin' },
  { path: 'audit', label: 'Log audit', perm: 'admin' },
  { path: 'kop-surat', label: 'Kop surat', perm: 'admin' },
  { path: 'sinkron', label: 'Sinkronisasi', perm: 'write' },
];

const PAGES = {
  beranda: () => import('./pages/beranda.js'),
  cari: () => import('./pages/cari.js'),
  orang: () => import('./pages/orang.js'),
  keluarga: () => import('./pages/keluarga.js'),
  tambah: () => import('./pages/tambah.js'),
  impor: () => import('./pages/impor.js'),
  verifikasi: () => import('./pages/verifikasi.js'),
  duplikat: () => import('./pages/duplikat.js'),
  'tanpa-nik': () => import('./pages/tanpa-nik.js'),
  laporan: () => import('./pages/laporan.js'),
  program: () => import('./pages/program.js'),
  penyaluran: () => import('./pages/penyaluran.js'),
  indikator: () => import('./pages/indikator.js'),
  intervensi: () => import('./pages/intervensi.js'),
  peta: () => import('./pages/peta.js'),
  pengguna: () => import('./pages/pengguna.js'),
  ekspor: () => import('./pages/ekspor.js'),
  kartu: () => import('./pages/kartu.js'),
  bencana: () => import('./pages/bencana.js'),
  psks: () => import('./pages/psks.js'),
  cakupan: () => import('./pages/cakupan.js'),
  kunjungan: () => import('./pages/kunjungan.js'),
  siklus: () => import('./pages/siklus.js'),
  musdes: () => import('./pages/musdes.js'),
  sanggah: () => import('./pages/sanggah.js'),
  periksa: () => import('./pages/periksa.js'),
  audit: () => import('./pages/audit.js'),
  'kop-surat': () => import('./pages/kop-surat.js'),
  sandi: () => import('./pages/sandi.js'),
  sinkron: () => import('./pages/sinkron.js'),
};
const PAGE_PERM = { orang: 'read', keluarga: 'read', sandi: 'aggregate' };

const ctx = {
  user: null,
  perms: new Set(),
  can(p) { return this.perms.has(p); },
  go(path) { location.hash = '#/' + path; },
  categories: null,
  async pmks() {
    if (!this.categories) this.categories = get('/categories').then((r) => r.items);
    return this.categories;
  },
  routes: null,
  async hasRoute(method, prefix) {
    if (!this.routes) this.routes = get('/routes').then((r) => r.items, () => []);
    const rs = await this.routes;
    return rs.some((r) => r.method === method && r.path.startsWith('/api/v1' + prefix));
  },
};

const main = document.getElementById('main');
let expiredNotice = false;
let renderSeq = 0;

function parseHash() {
  const parts = location.hash.replace(/^#\/?/, '').split('?');
  const segs = parts[0].split('/').filter(Boolean).map(decodeURIComponent);
  return { name: segs[0] || '', args: segs.slice(1), query: new URLSearchParams(parts[1] || '') };
}

function renderShell() {
  const top = document.getElementById('topbar');
  top.hidden = false;
  const nav = document.getElementById('nav');
  nav.replaceChildren(...NAV.filter((n) => ctx.can(n.perm)).map((n) =>
    h('a', { href: '#/' + n.path, 'data-path': n.path }, n.label)));
  const scope = ctx.user.scope ? `wilayah ${ctx.user.scope}` : 'semua wilayah';
  const role = h('span.role', { title: ctx.user.scope || '' }, `${ROLES[ctx.user.role] || ctx.user.role} · ${scope}`);
  document.getElementById('who').replaceChildren(
    h('span', h('strong', ctx.user.username), h('br'), role),
    h('a.button.small.secondary', { href: '#/sandi', id: 'password-link' }, 'Ganti kata sandi'),
    h('button.small', { type: 'button', id: 'logout', onclick: logout }, 'Keluar'));
  // The area by name ("Kota Bontang"), not its code, once the region tree answers.
  if (ctx.user.scope) {
    get('/regions/' + ctx.user.scope).then((r) => { role.textContent = `${ROLES[ctx.user.role] || ctx.user.role} · ${r.name}`; }, () => {});
  }
  const toggle = document.getElementById('menu-toggle');
  toggle.onclick = () => {
    const open = !nav.classList.contains('open');
    nav.classList.toggle('open', open);
    toggle.setAttribute('aria-expanded', String(open));
  };
}

function markNav(name) {
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.path === name) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  document.getElementById('nav').classList.remove('open');
  document.getElementById('menu-toggle').setAttribute('aria-expanded', 'false');
}

async function route() {
  const seq = ++renderSeq;
  const { name, args, query } = parseHash();
  if (!ctx.user) return showLogin();
  if (name === 'masuk' || name === '') return ctx.go('beranda');
  const loader = PAGES[name];
  const need = PAGE_PERM[name] || (NAV.find((n) => n.path === name) || {}).perm;
  markNav(name);
  if (!loader || (need && !ctx.can(need))) {
    main.replaceChildren(h('div.card', h('div.empty', h('h1', 'Halaman tidak ditemukan'),
      h('p', 'Alamat ini tidak ada atau tidak tersedia untuk peran Anda.'), h('a.button', { href: '#/beranda' }, 'Ke Beranda'))));
    return;
  }
  main.replaceChildren(h('p.loading', 'Memuat…'));
  try {
    const mod = await loader();
    const view = h('div.page', { 'data-page': name });
    await mod.render(view, ctx, { name, args, query });
    if (seq !== renderSeq) return;
    main.replaceChildren(view);
    document.title = `${(view.querySelector('h1') || {}).textContent || 'Pilar'} — Pilar`;
    main.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  } catch (e) {
    if (seq !== renderSeq) return;
    if (e instanceof ApiError && e.status === 401) return;
    main.replaceChildren(h('div.alert.error', { role: 'alert' }, e.message || String(e)));
    console.error(e);
  }
}

function showLogin() {
  document.getElementById('topbar').hidden = true;
  document.title = 'Masuk — Pilar';
  const user = field({ name: 'username', label: 'Nama pengguna', required: true, attrs: { autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false' } });
  const pass = field({ name: 'password', label: 'Kata sandi', type: 'password', required: true, attrs: { autocomplete: 'current-password' } });
  const btn = h('button', { type: 'submit' }, 'Masuk');
  const form = h('form', { novalidate: true, 'aria-label': 'Masuk' }, user, pass, h('div.actions', btn));
  const box = h('div.card.login',
    h('div.brand-big', h('img', { src: new URL('../img/pilar.svg', import.meta.url).href, alt: '' }),
      h('div', h('h1', 'Masuk ke Pilar'), h('p.muted', { style: 'margin:0' }, 'Sistem Informasi Kesejahteraan Sosial'))),
    expiredNotice ? h('div.alert.warn', { role: 'status' }, 'Sesi Anda telah berakhir. Silakan masuk kembali.') : null,
    form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const username = user.input.value.trim(), password = pass.input.value;
    if (!username) return showError(form, { field: 'username', message: 'Nama pengguna wajib diisi' });
    if (!password) return showError(form, { field: 'password', message: 'Kata sandi wajib diisi' });
    btn.disabled = true;
    btn.textContent = 'Memeriksa…';
    try {
      const r = await post('/login', { username, password });
      if (r.status === 'totp_required' || r.status === 'totp_enrol_required') return showTotp(r);
      await signedIn(r);
    } catch (e) {
      const msg = e.status === 401 ? 'Nama pengguna atau kata sandi salah. Periksa lalu coba lagi.' : e.message;
      showError(form, { message: msg });
      pass.input.value = '';
      pass.input.focus();
    } finally {
      btn.disabled = false;
      btn.textContent = 'Masuk';
    }
  });
  main.replaceChildren(h('div.login-wrap', box));
  user.input.focus();
}

/* After a completed login: the CSRF token, the caller, the shell, the page asked for. */
async function signedIn(r) {
  setCsrf(r.csrf_token);
  await loadMe();
  expiredNotice = false;
  renderShell();
  const { name } = parseHash();
  if (!name || name === 'masuk') ctx.go('beranda'); else route();
}

/*
 * The second step of a login: the code of the authenticator app (or a
 * recovery code). An administrator without TOTP first sees the new secret
 * as a QR code and as text; the code of the app enrols it, and the recovery
 * codes are shown once before going on.
 */
function showTotp(r) {
  const enrol = r.status === 'totp_enrol_required';
  const code = field({ name: 'code', label: 'Kode autentikator', required: true,
    hint: enrol ? 'Kode 6 angka dari aplikasi setelah rahasia di atas ditambahkan.' : 'Kode 6 angka dari aplikasi autentikator, atau satu kode pemulihan.',
    attrs: { autocomplete: 'one-time-code', inputmode: enrol ? 'numeric' : 'text', spellcheck: 'false' } });
  const btn = h('button', { type: 'submit' }, enrol ? 'Aktifkan dan masuk' : 'Masuk');
  const form = h('form#totp-form', { novalidate: true, 'aria-label': 'Kode autentikator' }, code, h('div.actions', btn));
  const setup = enrol ? h('div.totp-setup',
    h('p', 'Akun administrator wajib memakai verifikasi dua langkah. Pindai kode QR ini dengan aplikasi autentikator (mis. Google Authenticator, FreeOTP, Aegis), atau ketik rahasianya.'),
    r.qr_svg ? h('img.totp-qr', { src: 'data:image/svg+xml,' + encodeURIComponent(r.qr_svg), alt: 'Kode QR rahasia TOTP', width: 200, height: 200 }) : null,
    h('p', 'Rahasia: ', h('code#totp-secret', r.secret))) : null;
  const box = h('div.card.login',
    h('h1', enrol ? 'Aktifkan verifikasi dua langkah' : 'Verifikasi dua langkah'),
    setup, form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const value = code.input.value.trim();
    if (!value) return showError(form, { field: 'code', message: 'Kode wajib diisi' });
    btn.disabled = true;
    try {
      const done = await post('/login/totp', { challenge: r.challenge, code: value });
      if (done.recovery_codes) return showRecovery(done);
      await signedIn(done);
    } catch (e) {
      if (e.status === 401 && /berakhir|masuk lagi/.test(e.message || '')) {
        showLogin();
        return;
      }
      showError(form, { field: 'code', message: e.message });
      code.input.value = '';
      code.input.focus();
    } finally {
      btn.disabled = false;
    }
  });
  main.replaceChildren(h('div.login-wrap', box));
  code.input.focus();
}

/* The recovery codes of a new enrolment, shown once. */
function showRecovery(done) {
  const next = h('button', { type: 'button' }, 'Saya sudah menyimpannya, lanjut');
  const box = h('div.card.login',
    h('h1', 'Kode pemulihan'),
    h('p', 'Simpan kode ini di tempat aman. Masing-masing dapat dipakai sekali untuk masuk bila ponsel hilang. Kode tidak akan ditampilkan lagi.'),
    h('ul#recovery-codes', done.recovery_codes.map((c) => h('li', h('code', c)))),
    h('div.actions', next));
  next.addEventListener('click', () => signedIn(done));
  main.replaceChildren(h('div.login-wrap', box));
  next.focus();
}

async function loadMe() {
  const me = await get('/me');
  ctx.user = me;
  ctx.perms = new Set(me.permissions || []);
  setCsrf(me.csrf_token);
  ctx.routes = null;
}

async function logout() {
  try { await post('/logout'); } catch (_) { /* the session may be gone already */ }
  ctx.user = null;
  setCsrf(null);
  location.hash = '#/masuk';
  showLogin();
}

window.addEventListener('pilar:expired', () => {
  if (!ctx.user) return;
  ctx.user = null;
  setCsrf(null);
  expiredNotice = true;
  showLogin();
});
window.addEventListener('hashchange', route);

(async function start() {
  try {
    await loadMe();
    renderShell();
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) {
      main.replaceChildren(h('div.alert.error', e.message));
      return;
    }
  }
  route();
}());

export { api };
