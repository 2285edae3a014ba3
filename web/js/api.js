// api.js - the JSON API client: session cookie + X-CSRF-Token, one error type.

let csrfToken = null;

export function setCsrf(token) {
  csrfToken = token || null;
}

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field || '';
  }
}

const fallback = {
  0: 'Server tidak dapat dihubungi. Periksa jaringan lalu coba lagi.',
  401: 'Sesi Anda telah berakhir. Silakan masuk kembali.',
  403: 'Anda tidak berhak melakukan tindakan ini.',
  404: 'Data tidak ditemukan.',
  413: 'Berkas atau isian terlalu besar.',
  500: 'Terjadi kesalahan di server. Coba lagi sebentar lagi.',
};

async function toError(resp) {
  let body = null;
  try { body = await resp.json(); } catch (_) { /* not JSON */ }
  const e = body && body.error;
  const msg = (e && e.message) || fallback[resp.status] || `Permintaan gagal (${resp.status}).`;
  return withDetail(new ApiError(resp.status, e ? e.code : 'http', msg, e ? e.field : ''), e);
}

// The error's extras: problems (each refused value at its field) and id (the record it is about).
function withDetail(err, e) {
  err.problems = (e && Array.isArray(e.problems)) ? e.problems : [];
  err.id = (e && e.id) || null;
  return err;
}

function expired(path) {
  if (!path.startsWith('/login')) window.dispatchEvent(new CustomEvent('pilar:expired'));
}

// Calls /api/v1 + path; body (object) sent as JSON; answers the parsed JSON.
export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let resp;
  try {
    resp = await fetch('/api/v1' + path, {
      method, headers, credentials: 'same-origin',
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch (_) {
    throw new ApiError(0, 'network', fallback[0]);
  }
  if (!resp.ok) {
    if (resp.status === 401) expired(path);
    throw await toError(resp);
  }
  if (resp.status === 204) return null;
  return resp.json();
}

// POSTs to /api/v1 + path and answers the file of the reply: {blob, name, rows}.
export async function postForFile(path) {
  const headers = {};
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let resp;
  try {
    resp = await fetch('/api/v1' + path, { method: 'POST', headers, credentials: 'same-origin' });
  } catch (_) {
    throw new ApiError(0, 'network', fallback[0]);
  }
  if (!resp.ok) {
    if (resp.status === 401) expired(path);
    throw await toError(resp);
  }
  const name = /filename="([^"]+)"/.exec(resp.headers.get('Content-Disposition') || '');
  return { blob: await resp.blob(), name: name ? name[1] : 'berkas.csv', rows: Number(resp.headers.get('X-Pilar-Rows') || 0) };
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body === undefined ? {} : body);
export const patch = (path, body) => api('PATCH', path, body);
export const put = (path, body) => api('PUT', path, body);

// Builds "?a=1&b=2" from the non-empty members of params.
export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, v);
  const s = u.toString();
  return s ? '?' + s : '';
}

// Uploads a file as multipart field "file"; onProgress(fraction) while sending.
export function upload(path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', '/api/v1' + path);
    x.responseType = 'text';
    if (csrfToken) x.setRequestHeader('X-CSRF-Token', csrfToken);
    x.setRequestHeader('Accept', 'application/json');
    x.upload.onprogress = (ev) => { if (ev.lengthComputable && onProgress) onProgress(ev.loaded / ev.total); };
    x.upload.onload = () => onProgress && onProgress(1);
    x.onerror = () => reject(new ApiError(0, 'network', fallback[0]));
    x.onload = () => {
      let body = null;
      try { body = JSON.parse(x.responseText); } catch (_) { /* not JSON */ }
      if (x.status >= 200 && x.status < 300) return resolve(body);
      if (x.status === 401) expired(path);
      const e = body && body.error;
      reject(withDetail(new ApiError(x.status, e ? e.code : 'http',
        (e && e.message) || fallback[x.status] || `Unggahan gagal (${x.status}).`, e ? e.field : ''), e));
    };
    const fd = new FormData();
    fd.append('file', file, file.name);
    x.send(fd);
  });
}

// Fetches all pages of a list (up to max items).
export async function getAll(path, params, max = 5000) {
  const items = [];
  let cursor = '';
  for (;;) {
    const page = await get(path + qs({ ...params, limit: 1000, cursor }));
    items.push(...page.items);
    if (!page.next || items.length >= max) return items;
    cursor = page.next;
  }
}
