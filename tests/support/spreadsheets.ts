import ExcelJS from 'exceljs';

/** A spreadsheet as a test writes it: the header row, then the data rows (null = blank cell). */
export type Table = (string | number | null)[][];

/** The table as the bytes of an .xlsx file, written by exceljs (as Excel or WPS would save it). */
export async function xlsxOf(table: Table): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('楼栋');
  for (const row of table) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The table as the bytes of a UTF-8 .csv file, written by exceljs. */
export async function csvOf(table: Table): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('楼栋');
  for (const row of table) sheet.addRow(row);
  return Buffer.from(await workbook.csv.writeBuffer());
}

/** `rows` buildings 1…rows of one estate in one grid, with counts: a community office's list. */
export function buildingTable(grid: string, estate: string, rows: number, counts = true): Table {
  const header = counts ? ['网格', '小区', '楼栋', '单元数', '户数'] : ['网格', '小区', '楼栋'];
  return [header, ...Array.from({ length: rows }, (_, i) => (counts ? [grid, estate, `${i + 1} 栋`, 2, 48] : [grid, estate, `${i + 1} 栋`]))];
}
