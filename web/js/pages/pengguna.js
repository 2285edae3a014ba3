// Pengguna: accounts for admins: list, add, disable / re-enable, set a new password.
import { get, post, patch } from '../api.js';
import { date, ROLES } from '../fmt.js';
import { h, field, pageHead, table, showError, clearErrors, notify } from '../ui.js';

export async function render(view, ctx) {
  const users = (await get('/users')).items;
  const canPatch = await ctx.hasRoute('PATCH', '/users/');
  const reload = () => { location.hash = '#/pengguna?t=' + Date.now(); };
  const toggle = async (u, btn) => {
    const verb = u.disabled ? 'mengaktifkan kembali' : 'menonaktifkan';
    if (!u.disabled && !window.confirm(`Nonaktifkan akun ${u.username}? Sesinya yang sedang berjalan akan berakhir.`)) return;
    btn.disabled = true;
    try {
      await patch('/users/' + u.id, { disabled: !u.disabled });
      notify(`Akun ${u.username} ${u.disabled ? 'diaktifkan kembali' : 'dinonaktifkan'}.`);
      reload();
    } catch (e) {
      btn.disabled = false;
      notify(`Gagal ${verb} ${u.username}: ${e.message}`, 'error');
    }
  };
  const actions = (u) => {
    if (!canPatch) return '—';
    const self = ctx.user && ctx.user.id === u.id;
    const tb = h('button.small', { type: 'button', class: u.disabled ? 'small ok' : 'small secondary', disabled: self,
      title: self ? 'Akun yang sedang dipakai tidak dapat dinonaktifkan' : null, 'data-user': u.username }, u.disabled ? 'Aktifkan' : 'Nonaktifkan');
    tb.addEventListener('click', () => toggle(u, tb));
    const pw = h('button.small.secondary', { type: 'button', 'data-user': u.username }, 'Ganti kata sandi');
    pw.addEventListener('click', () => openPassword(u));
    return h('div.actions', { style: 'justify-content:flex-start;margin:0;gap:.35rem' }, tb, pw);
  };
  view.append(pageHead('Pengguna', 'Akun, peran dan cakupan wilayah'));
  view.append(h('div.card', h('h2', `Daftar akun (${users.length})`), table([
    { label: 'Nama pengguna', cell: (u) => h('strong', u.username) },
    { label: 'Peran', cell: (u) => ROLES[u.role] || u.role },
    { label: 'Cakupan', cell: (u) => (u.scope ? h('span.mono', u.scope) : 'semua wilayah') },
    { label: 'Status', cell: (u) => (u.disabled ? h('span.badge.rejected', 'nonaktif') : h('span.badge.verified', 'aktif')) },
    { label: 'Dibuat', cell: (u) => date(u.created_at) },
    { label: 'Tindakan', cell: actions },
  ], users, { label: 'Daftar akun' })));

  // Password of one account (PATCH /users/{id} {"password"}).
  const pwField = field({ name: 'password', label: 'Kata sandi baru', type: 'password', required: true, hint: 'Paling sedikit 8 karakter; sampaikan secara langsung kepada pemilik akun', attrs: { autocomplete: 'new-password' } });
  const pwTitle = h('h2', 'Ganti kata sandi');
  let pwUser = null;
  const pwForm = h('form.card#password-form', { novalidate: true, 'aria-label': 'Ganti kata sandi', hidden: true }, pwTitle,
    h('div.form-row', pwField), h('div.actions', h('button.secondary', { type: 'button', onclick: () => { pwForm.hidden = true; } }, 'Batal'), h('button', { type: 'submit' }, 'Simpan kata sandi')));
  function openPassword(u) {
    pwUser = u;
    pwTitle.textContent = `Ganti kata sandi: ${u.username}`;
    pwField.input.value = '';
    clearErrors(pwForm);
    pwForm.hidden = false;
    pwForm.scrollIntoView({ block: 'nearest' });
    pwField.input.focus();
  }
  pwForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(pwForm);
    if (!pwField.input.value) return showError(pwForm, { field: 'password', message: 'Kata sandi baru wajib diisi' });
    try {
      await patch('/users/' + pwUser.id, { password: pwField.input.value });
      notify(`Kata sandi ${pwUser.username} diganti.`);
      pwForm.hidden = true;
      pwField.input.value = '';
    } catch (e) { showError(pwForm, e); }
  });
  view.append(pwForm);

  const name = field({ name: 'username', label: 'Nama pengguna', required: true, hint: 'Huruf kecil, angka, titik, garis bawah', attrs: { autocomplete: 'off' } });
  const role = field({ name: 'role', label: 'Peran', required: true, options: Object.entries(ROLES) });
  const scope = field({ name: 'scope', label: 'Cakupan wilayah', hint: 'Kode wilayah sesuai peran, mis. 64 (provinsi), 64.74 (kota), kosong = semua', attrs: { autocomplete: 'off' } });
  const pass = field({ name: 'password', label: 'Kata sandi awal', type: 'password', required: true, hint: 'Paling sedikit 8 karakter; sampaikan secara langsung kepada pemilik akun', attrs: { autocomplete: 'new-password' } });
  const form = h('form.card', { novalidate: true, 'aria-label': 'Tambah akun' }, h('h2', 'Tambah akun'),
    h('div.form-row', name, role), h('div.form-row', scope, pass), h('div.actions', h('button', { type: 'submit' }, 'Buat akun')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    try {
      await post('/users', { username: name.input.value.trim(), role: role.input.value, scope: scope.input.value.trim(), password: pass.input.value });
      notify('Akun dibuat.');
      reload();
    } catch (e) { showError(form, e); }
  });
  view.append(form);
  if (!canPatch) {
    view.append(h('p.muted', { style: 'font-size:.85rem' }, 'Menonaktifkan akun dan mengganti kata sandi dilakukan dengan perintah pilar user disable / passwd di server.'));
  }
}
