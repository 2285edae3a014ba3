// nik.js - the NIK / No. KK rules of src/domain/nik.c, for checking as it is typed.
// Region existence and names come from the API (GET /regions/{code}).
import { get } from './api.js';
import { date as fmtDate, todayIso } from './fmt.js';

const PROVINCES = new Set(['11', '12', '13', '14', '15', '16', '17', '18', '19', '21', '31', '32', '33',
  '34', '35', '36', '51', '52', '53', '61', '62', '63', '64', '65', '71', '72', '73', '74', '75', '76',
  '81', '82', '91', '92', '93', '94', '95', '96']);

function validDate(y, m, d) {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1];
}

// Checks text as a NIK (kind 'nik') or No. KK (kind 'kk') without the region tree.
// Answers {valid, digits, problems: [message], sex, birth_date, birth_date_candidates, regency,
// district}, the shape of `pilar nik check --json`: birth_date_candidates are the real dates the
// six digits can be (19yy, 20yy), never one after today; birth_date is the latest of them
// ('YYYY-MM-DD') or null. For a No. KK the same fields hold the card's issue date.
export function checkIdNumber(text, kind = 'nik') {
  const label = kind === 'kk' ? 'No. KK' : 'NIK';
  const s = (text || '').trim();
  const out = { valid: false, digits: '', problems: [], sex: null, birth_date: null, birth_date_candidates: [], regency: '', district: '' };
  if (!s) { out.problems.push(`${label} kosong`); return out; }
  if (/^\d+([.,]\d+)?[eE]\+?\d+$/.test(s)) {
    out.problems.push(`${label} rusak oleh Excel (tertulis sebagai angka ${s}); ketik ulang sebagai teks`);
    return out;
  }
  if (/[^0-9]/.test(s)) {
    out.problems.push(`${label} hanya boleh berisi angka`);
    return out;
  }
  if (s.length !== 16) {
    out.problems.push(`${label} harus 16 digit, terisi ${s.length} digit`);
    return out;
  }
  out.digits = s;
  const d = s;
  out.regency = `${d.slice(0, 2)}.${d.slice(2, 4)}`;
  out.district = `${out.regency}.${d.slice(4, 6)}`;
  if (!PROVINCES.has(d.slice(0, 2))) out.problems.push(`kode provinsi ${d.slice(0, 2)} tidak dikenal`);
  else if (d.slice(2, 4) === '00') out.problems.push(`kode kabupaten/kota ${out.regency} tidak dikenal`);
  if (d.slice(4, 6) === '00') out.problems.push(`kode kecamatan dalam ${label} tidak boleh 00`);
  let day = Number(d.slice(6, 8));
  const month = Number(d.slice(8, 10)), yy = Number(d.slice(10, 12));
  if (kind === 'nik') {
    if (day > 40) day -= 40;
    if (day >= 1 && day <= 31) out.sex = Number(d.slice(6, 8)) > 40 ? 'P' : 'L';
  }
  const real = [];
  for (const c of [1900, 2000]) {
    const y = c + yy;
    if (validDate(y, month, day)) real.push(`${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
  }
  // A date after today is no birth (or issue) date: never offered.
  const today = todayIso();
  out.birth_date_candidates = real.filter((x) => x <= today);
  out.birth_date = out.birth_date_candidates.length ? out.birth_date_candidates[out.birth_date_candidates.length - 1] : null;
  if (real.length === 0) {
    out.problems.push(kind === 'kk'
      ? `tanggal terbit dalam No. KK (${d.slice(6, 12)}) bukan tanggal yang sah`
      : `tanggal lahir dalam NIK (${d.slice(6, 12)}) bukan tanggal yang sah`);
  }
  if (d.slice(12) === '0000') out.problems.push(`nomor urut ${label} tidak boleh 0000`);
  out.valid = out.problems.length === 0;
  return out;
}

const regionCache = new Map();
async function regionName(code) {
  if (!regionCache.has(code)) {
    regionCache.set(code, get('/regions/' + code).then((r) => r.name, (e) => (e.status === 404 ? null : undefined)));
  }
  return regionCache.get(code);
}

// Full check including the region tree; answers the object of checkIdNumber plus
// regencyName / districtName and a one-line description for the hint.
export async function describeIdNumber(text, kind = 'nik') {
  const info = checkIdNumber(text, kind);
  if (!info.digits || !PROVINCES.has(info.digits.slice(0, 2))) return info;
  const [rn, dn] = await Promise.all([regionName(info.regency), regionName(info.district)]);
  if (rn === null) {
    info.problems.push(`kode kabupaten/kota ${info.regency} tidak dikenal`);
    info.valid = false;
  }
  info.regencyName = rn || '';
  info.districtName = dn || '';
  const parts = [];
  const cands = info.birth_date_candidates;
  if (kind === 'nik' && cands.length) {
    parts.push('lahir ' + cands.map(fmtDate).join(' atau '));
    if (info.sex) parts.push(info.sex === 'P' ? 'perempuan' : 'laki-laki');
  } else if (kind === 'kk' && cands.length) {
    parts.push('terbit ' + cands.map(fmtDate).join(' atau '));
  }
  if (dn) parts.push(`Kec. ${dn}`);
  else if (dn === null && rn) parts.push(`kecamatan ${info.district} tidak ada dalam daftar wilayah (mungkin kode lama)`);
  if (rn) parts.push(rn);
  info.text = parts.join(' · ');
  return info;
}

// Wires live checking to a field() wrapper: hint shows what the number says,
// errors show at the field. onInfo(info) is called with each result.
export function liveCheck(fieldEl, kind, onInfo) {
  const input = fieldEl.input;
  const hint = fieldEl.querySelector('.hint');
  const err = fieldEl.querySelector('.error');
  const base = hint.textContent;
  let seq = 0;
  const run = async (final) => {
    const my = ++seq;
    const v = input.value.trim();
    if (!v) { hint.textContent = base; hint.classList.remove('good'); err.textContent = ''; fieldEl.classList.remove('invalid'); return; }
    if (!final && /^\d{0,15}$/.test(v)) {
      hint.textContent = `${v.length} dari 16 digit`;
      hint.classList.remove('good');
      err.textContent = ''; fieldEl.classList.remove('invalid');
      return;
    }
    const info = await describeIdNumber(v, kind);
    if (my !== seq) return;
    if (info.valid) {
      hint.textContent = info.text ? '✓ ' + info.text : '✓ format sah';
      hint.classList.add('good');
      err.textContent = '';
      fieldEl.classList.remove('invalid');
      input.setAttribute('aria-invalid', 'false');
    } else {
      hint.textContent = info.text || base;
      hint.classList.remove('good');
      const msg = info.problems.join('; ');
      err.textContent = msg[0].toUpperCase() + msg.slice(1);
      fieldEl.classList.add('invalid');
      input.setAttribute('aria-invalid', 'true');
    }
    if (onInfo) onInfo(info);
  };
  input.addEventListener('input', () => run(false));
  input.addEventListener('blur', () => run(true));
  if (input.value) run(true);
  return run;
}
