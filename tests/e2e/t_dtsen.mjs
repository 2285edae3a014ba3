// t_dtsen.mjs - the welfare ranking in the browser (issue 19): the household page's section
// "Kondisi sosial ekonomi" (variables, decile, explanation, saving) and the public check page
// /cek-bansos (answer, refusal), at desktop and phone widths.
export default function ({ test, newPage, login, shot, assert, BASE, FACTS }) {
  const D = FACTS.dtsen;
  const PHONE = { width: 390, height: 844 };

  test('keluarga: kondisi sosial ekonomi, desil dan penjelasannya; simpan perubahan', async () => {
    const page = await newPage();
    await login(page, 'bontang');
    await page.goto(BASE + '/#/keluarga/' + D.household);
    const card = page.locator('[data-section="socio"]');
    await card.locator('h2', { hasText: 'Kondisi sosial ekonomi' }).waitFor();
    assert.equal(await card.locator('[data-field="lantai"] select').inputValue(), 'tanah');
    assert.match(await card.innerText(), /Desil \d+/);
    assert.match(await card.innerText(), /Jenis lantai terluas: Tanah \(menurunkan skor 2\)/);
    await shot(page, 'dtsen-01-keluarga-sosial-ekonomi');
    await card.locator('[data-field="lemari_es"] select').selectOption('true');
    await card.getByRole('button', { name: 'Simpan kondisi sosial ekonomi' }).click();
    await page.locator('text=Kondisi sosial ekonomi disimpan.').waitFor();
    assert.equal(await card.locator('[data-field="lemari_es"] select').inputValue(), 'true');
    assert.deepEqual(page.errors, []);
    await page.context().close();

    const phone = await newPage(PHONE);
    await login(phone, 'bontang');
    await phone.goto(BASE + '/#/keluarga/' + D.household);
    await phone.locator('[data-section="socio"] h2').waitFor();
    await shot(phone, 'dtsen-02-keluarga-sosial-ekonomi-ponsel');
    await phone.context().close();
  });

  test('cek bansos: NIK dan nama sesuai KTP, tanpa masuk; nama salah = tidak ditemukan', async () => {
    const page = await newPage();
    await page.goto(BASE + '/cek-bansos');
    await page.getByLabel('NIK (16 angka, sesuai KTP)').fill(D.nik);
    await page.getByLabel('Nama lengkap sesuai KTP').fill('  ' + D.name.toLowerCase() + ' ');
    await page.getByRole('button', { name: 'Periksa' }).click();
    await page.locator('[data-status="registered"]').waitFor();
    const text = await page.locator('body').innerText();
    assert.match(text, /Desil 1–4|Desil 5|Desil 6–10/);
    assert.match(text, /sanggahan/);
    assert.doesNotMatch(text, new RegExp(D.nik));
    await shot(page, 'dtsen-03-cek-bansos');
    await page.getByLabel('NIK (16 angka, sesuai KTP)').fill(D.nik);
    await page.getByLabel('Nama lengkap sesuai KTP').fill('Bukan Nama Ini');
    await page.getByRole('button', { name: 'Periksa' }).click();
    await page.locator('[data-status="unknown"]').waitFor();
    await page.context().close();

    const phone = await newPage(PHONE);
    await phone.goto(BASE + '/cek-bansos');
    await phone.getByLabel('NIK (16 angka, sesuai KTP)').fill(D.nik);
    await phone.getByLabel('Nama lengkap sesuai KTP').fill(D.name);
    await phone.getByRole('button', { name: 'Periksa' }).click();
    await phone.locator('[data-status="registered"]').waitFor();
    await shot(phone, 'dtsen-04-cek-bansos-ponsel');
    await phone.context().close();
  });
}
