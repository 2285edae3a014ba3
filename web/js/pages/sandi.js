// Ganti kata sandi: a signed-in user changes their own password (the current one first,
// the new one twice). Every role.
import { post } from '../api.js';
import { h, field, pageHead, showError, clearErrors, notify } from '../ui.js';

export async function render(view, ctx) {
  view.append(pageHead('Ganti kata sandi', `Akun ${ctx.user.username}`));
  const cur = field({ name: 'current_password', label: 'Kata sandi saat ini', type: 'password', required: true, attrs: { autocomplete: 'current-password' } });
  const next = field({ name: 'new_password', label: 'Kata sandi baru', type: 'password', required: true, hint: 'Paling sedikit 10 karakter; bukan kata sandi umum, tanpa nama pengguna', attrs: { autocomplete: 'new-password' } });
  const again = field({ name: 'new_password2', label: 'Ulangi kata sandi baru', type: 'password', required: true, attrs: { autocomplete: 'new-password' } });
  const btn = h('button', { type: 'submit' }, 'Simpan kata sandi baru');
  const done = h('div', { role: 'status' });
  const form = h('form.card#password-form', { novalidate: true, 'aria-label': 'Ganti kata sandi' },
    cur, next, again, h('div.actions', btn), done);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    done.replaceChildren();
    const c = cur.input.value, n = next.input.value, n2 = again.input.value;
    if (!c) return showError(form, { field: 'current_password', message: 'Kata sandi saat ini wajib diisi' });
    if (n.length < 10) return showError(form, { field: 'new_password', message: 'Kata sandi baru paling sedikit 10 karakter' });
    if (n !== n2) return showError(form, { field: 'new_password2', message: 'Kedua isian kata sandi baru tidak sama' });
    btn.disabled = true;
    try {
      await post('/me/password', { current_password: c, new_password: n });
      for (const f of [cur, next, again]) f.input.value = '';
      done.replaceChildren(h('div.alert.ok', 'Kata sandi diganti. Sesi lain akun ini berakhir dan token API-nya dicabut; pakai kata sandi baru saat masuk berikutnya.'));
      notify('Kata sandi diganti.');
    } catch (e) {
      if (e.field === 'current_password') cur.input.value = '';
      if (e.field === 'password') e.field = 'new_password';
      showError(form, e);
    } finally {
      btn.disabled = false;
    }
  });
  view.append(form);
  cur.input.focus();
}
