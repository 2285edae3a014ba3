// sheets_fixtures.js - writes the spreadsheets of test_sheets.sh with other
// libraries than Pilar's own writer: exceljs and SheetJS (npm "xlsx"), as
// offices' files come from Excel, LibreOffice and such tools.
//   node sheets_fixtures.js OUTDIR            write every fixture
//   node sheets_fixtures.js fill TEMPLATE OUT  fill Pilar's template with exceljs
// Needs NODE_PATH (or a node_modules above) holding exceljs and xlsx.
'use strict';
const path = require('path');
const ExcelJS = require('exceljs');
const XLSX = require('xlsx');

const HDR = ['nik', 'no_kk', 'nama', 'tempat_lahir', 'tanggal_lahir', 'jenis_kelamin',
  'hubungan_keluarga', 'nama_ibu', 'alamat', 'rt', 'rw', 'kode_desa', 'pmks'];
// A valid household of Bontang (NIKs agree with birth dates and sex).
const KK = '6474011203150003';
const P1 = ['6474010101800001', KK, 'Ahmad Yani', 'Bontang', '1980-01-01', 'L', 'Kepala Keluarga',
  'Siti Maryam', 'Jl. Kapal Laut No. 5', '5', '2', '64.74.01.1001', '24'];
const P2 = ['6474014505850002', KK, 'Siti Aminah', 'Bontang', '1985-05-05', 'P', 'Istri',
  'Halimah', 'Jl. Kapal Laut No. 5', '5', '2', '64.74.01.1001', ''];
const P3 = ['6474011010100003', KK, 'Rudi', 'Bontang', '2010-10-10', 'L', 'Anak', 'Siti Aminah',
  'Jl. Kapal Laut No. 5', '5', '2', '64.74.01.1001', ''];
const KK2 = '6474011203150004';
const Q1 = ['6474010202700005', KK2, 'Budi Santoso', 'Bontang', '1970-02-02', 'L',
  'Kepala Keluarga', 'Aminah', 'Jl. Pupuk', '1', '1', '64.74.01.1001', ''];

const utc = (y, m, d) => new Date(Date.UTC(y, m - 1, d));

// exceljs: the NIK and KK columns formatted as Text ('@'), as the template asks.
function textColumns(ws) {
  ws.getColumn(1).numFmt = '@';
  ws.getColumn(2).numFmt = '@';
}

async function numberCellsExceljs(dir) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Data');
  ws.addRow(HDR);
  // Row 2: the head typed into a General column: a number (Excel would have kept 15 digits).
  ws.addRow([Number(P1[0]), P1[1], ...P1.slice(2)]);
  // Row 3: a number whose 16th digit Excel turned to 0 (serial 0000): the cause must win.
  ws.addRow([6474014505850000, P2[1], ...P2.slice(2)]);
  // Row 4: the KK as a number.
  ws.addRow([P3[0], Number(P3[1]), ...P3.slice(2)]);
  // Row 5: both as text: imported.
  ws.addRow(Q1);
  await wb.xlsx.writeFile(path.join(dir, 'num_exceljs.xlsx'));
}

function numberCellsSheetjs(dir) {
  const rows = [HDR, [Number(P1[0]), ...P1.slice(1)], [Number('6474014505850000'), ...P2.slice(1)],
    Q1];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Sheet1');
  XLSX.writeFile(wb, path.join(dir, 'num_sheetjs.xlsx'));
  XLSX.writeFile(wb, path.join(dir, 'num_sheetjs.ods'));
}

// Title rows, merged cells, a header on row 4, date cells with a date style, a blank row,
// a bad row and a place-and-signature block under the table.
async function titledExceljs(dir) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Data');
  textColumns(ws);
  ws.addRow(['DATA PMKS KELURAHAN BONTANG BARU']);
  ws.mergeCells('A1:M1');
  ws.addRow([]);
  ws.addRow(['Tahun 2025']);
  ws.mergeCells('A3:M3');
  ws.addRow(HDR); // row 4
  const dated = (p, y, m, d) => [...p.slice(0, 4), utc(y, m, d), ...p.slice(5)];
  ws.addRow(dated(P1, 1980, 1, 1)); // row 5
  ws.addRow(dated(P2, 1985, 5, 5)); // row 6
  ws.addRow([]); // row 7: empty, skipped without a word
  ws.addRow(dated(P3, 2010, 10, 10)); // row 8
  ws.addRow(['6474010303900006', KK2, 'Tanpa Desa', 'Bontang', utc(1990, 3, 3), 'L', 'Anak', '',
    'Jl. Pupuk', '1', '1', '99.99.99.9999', '']); // row 9: rejected, unknown village
  ws.getColumn(5).numFmt = 'dd/mm/yyyy';
  ws.addRow([]); // row 10
  ws.addRow(['', '', '', '', '', '', '', '', 'Bontang, 12 Maret 2025']); // row 11
  ws.addRow(['', '', '', '', '', '', '', '', 'Kepala Desa Bontang Baru']); // row 12
  ws.addRow([]);
  ws.addRow(['', '', '', '', '', '', '', '', '( SUPARMAN )']); // row 14
  ws.addRow(['', '', '', '', '', '', '', '', 'NIP. 19700101 199003 1 001']); // row 15
  await wb.xlsx.writeFile(path.join(dir, 'titled_exceljs.xlsx'));
}

// A cover sheet first; the data on the second sheet, header on row 2.
async function coverExceljs(dir) {
  const wb = new ExcelJS.Workbook();
  const cover = wb.addWorksheet('Petunjuk');
  cover.addRow(['Petunjuk pengisian']);
  cover.addRow(['Isi lembar Data. Kolom NIK dan No. KK berformat Teks.']);
  const ws = wb.addWorksheet('Data Warga');
  textColumns(ws);
  ws.addRow(['Rekap warga']);
  ws.addRow(HDR);
  ws.addRow(P1);
  ws.addRow(P2);
  await wb.xlsx.writeFile(path.join(dir, 'cover_exceljs.xlsx'));
  // No sheet has a header: the error lists the sheets.
  const wb2 = new ExcelJS.Workbook();
  wb2.addWorksheet('Sampul').addRow(['Laporan']);
  wb2.addWorksheet('Rekap').addRow(['Jumlah', 3]);
  await wb2.xlsx.writeFile(path.join(dir, 'noheader_exceljs.xlsx'));
}

// SheetJS: ISO date cells (t="d"), a title row merged over the header, a cover sheet; the same
// workbook as ODS (SheetJS writes content.xml with covered cells and date-value cells).
function datesSheetjs(dir) {
  const d = (p, y, m, dd) => [...p.slice(0, 4), utc(y, m, dd), ...p.slice(5)];
  const rows = [['DATA PMKS DESA'], [], HDR, d(P1, 1980, 1, 1), d(P2, 1985, 5, 5),
    [Number(P3[0]), ...P3.slice(1)], ['Bontang, 12 Maret 2025'], ['Mengetahui,'],
    ['Kepala Desa']];
  const ws = XLSX.utils.aoa_to_sheet(rows, { cellDates: true });
  ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 12 } }];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['Sampul laporan']]), 'Sampul');
  XLSX.utils.book_append_sheet(wb, ws, 'Data');
  XLSX.writeFile(wb, path.join(dir, 'dates_sheetjs.xlsx'), { cellDates: true });
  XLSX.writeFile(wb, path.join(dir, 'dates_sheetjs.ods'));
}

// Fills Pilar's template (its first sheet) below the example row with exceljs, as a clerk
// would, keeping the template's Text columns; the example row is replaced by P1.
async function fill(template, out) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(template);
  const ws = wb.worksheets[0];
  const header = ws.getRow(1).values.slice(1);
  const put = (rowNo, p) => {
    const row = ws.getRow(rowNo);
    HDR.forEach((h, i) => {
      const col = header.indexOf(h) + 1;
      if (col > 0)
        row.getCell(col).value = p[i];
    });
    row.commit();
  };
  put(2, P1);
  put(3, P2);
  put(4, P3);
  await wb.xlsx.writeFile(out);
}

async function main() {
  if (process.argv[2] === 'fill')
    return fill(process.argv[3], process.argv[4]);
  const dir = process.argv[2];
  await numberCellsExceljs(dir);
  numberCellsSheetjs(dir);
  await titledExceljs(dir);
  await coverExceljs(dir);
  datesSheetjs(dir);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
