// Pengguna: accounts for admins: list and add.
import { get, post } from '../api.js';
import { date, ROLES } from '../fmt.js';
import { h, field, pageHead, table, showError, clearErrors, notify } from '../ui.js';

export async function render(view) {
  const users = (await get('/users')).items;
  view.append(pageHead('Pengguna', 'Akun, peran dan cakupan wilayah'));
  view.append(h('div.card', h('h2', `Daftar akun (${users.length})`), table([
    { label: 'Nama pengguna', cell: (u) => h('strong', u.username) },
    { label: 'Peran', cell: (u) => ROLES[u.role] || u.role },
    { label: 'Cakupan', cell: (u) => (u.scope ? h('span.mono', u.scope) : 'semua wilayah') },
    { label: 'Status', cell: (u) => (u.disabled ? h('span.badge.rejected', 'nonaktif') : h('span.badge.verified', 'aktif')) },
    { label: 'Dibuat', cell: (u) => date(u.created_at) },
  ], users, { label: 'Daftar akun' })));

  const name = field({ name: 'username', label: 'Nama pengguna', required: true, hint: 'Huruf kecil, angka, titik, garis bawah', attrs: { autocomplete: 'off' } });
  const role = field({ name: 'role', label: 'Peran', required: true, options: Object.entries(ROLES) });
  const scope = field({ name: 'scope', label: 'Cakupan wilayah', hint: 'Kode wilayah sesuai peran, mis. 64 (provinsi), 64.74 (kota), kosong = semua', attrs: { autocomplete: 'off' } });
  const pass = field({ name: 'password', label: 'Kata sandi awal', type: 'password', required: true, hint: 'Paling sedikit 10 karakter; sampaikan secara langsung kepada pemilik akun', attrs: { autocomplete: 'new-password' } });
  const form = h('form.card', { novalidate: true, 'aria-label': 'Tambah akun' }, h('h2', 'Tambah akun'),
    h('div.form-row', name, role), h('div.form-row', scope, pass), h('div.actions', h('button', { type: 'submit' }, 'Buat akun')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    try {
      await post('/users', { username: name.input.value.trim(), role: role.input.value, scope: scope.input.value.trim(), password: pass.input.value });
      notify('Akun dibuat.');
      location.hash = '#/pengguna?t=' + Date.now();
    } catch (e) { showError(form, e); }
  });
  view.append(form,
    h('p.muted', { style: 'font-size:.85rem' }, 'Menonaktifkan akun dan mengganti kata sandi saat ini dilakukan dengan perintah pilar user disable / passwd di server.'));
}
