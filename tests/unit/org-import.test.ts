import { Buffer } from 'node:buffer';
import { importedBuildingId, planImport, readSheet, type SheetRow } from '../../functions/src/org/import';
import type { Building, Grid } from '../../functions/src/org/model';
import { importToTheEnd, mergeImportRounds } from '../../shared/src/import-rounds';
import type { BuildingImportResponse } from '../../shared/src/api/org';
import { csvOf, xlsxOf, type Table } from '../support/spreadsheets';

const grid = (id: string, name: string): Grid => ({ id, communityId: 'cm-a', name, branchName: '支部', secretaryName: '甲', workerName: '乙', workerPhone: '13800000000' });
const GRIDS = [grid('gd-1', '第一网格'), grid('gd-2', '第二网格')];
const row = (n: number, grid: string, estate: string, name: string, units = '', households = ''): SheetRow => ({ row: n, grid, estate, name, units, households });
const plan = (rows: SheetRow[], existing: Building[] = []) => planImport('cm-a', rows, GRIDS, existing);

describe('reading the file 读取表格', () => {
  const table: Table = [
    ['楼栋', '户数', '网格', '备注', '小区', '单元数'],
    [' 1 栋 ', 48, '第一网格', '新楼', '幸福家园 ', 2],
    [null, null, null, null, null, null],
    ['1-2', null, '第二网格', null, '阳光花园', null],
  ];

  it.each([
    ['xlsx', xlsxOf],
    ['csv', csvOf],
  ])('finds the columns by name in any order, trims cells, skips blank rows, keeps "1-2" as text (%s)', async (kind, write) => {
    const sheet = await readSheet(`楼栋.${kind}`, await write(table));
    expect(sheet.rows).toEqual([
      { row: 2, grid: '第一网格', estate: '幸福家园', name: '1 栋', units: '2', households: '48' },
      { row: 4, grid: '第二网格', estate: '阳光花园', name: '1-2', units: '', households: '' },
    ]);
  });

  it('reads a CSV saved by Excel on a Chinese Windows (GB18030) and one with a BOM', async () => {
    const text = '网格,小区,楼栋\r\n第一网格,幸福家园,3 栋\r\n';
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    expect((await readSheet('a.csv', bom)).rows[0]).toMatchObject({ grid: '第一网格', estate: '幸福家园', name: '3 栋' });
    // 网格,小区,楼栋 / 第一网格,幸福家园,3 栋 in GB18030 bytes.
    const gb = Buffer.from('cdf8b8f12cd0a1c7f82cc2a5b6b00d0ab5dad2bbcdf8b8f12cd0d2b8a3bcd2d4b02c3320b6b00d0a', 'hex');
    expect((await readSheet('a.csv', gb)).rows[0]).toMatchObject({ grid: '第一网格', estate: '幸福家园', name: '3 栋' });
  });

  it('names the missing columns', async () => {
    await expect(readSheet('a.xlsx', await xlsxOf([['网格', '楼号'], ['第一网格', '1 栋']]))).rejects.toMatchObject({
      status: 422,
      code: 'IMPORT_COLUMNS_MISSING',
      message: expect.stringContaining('表格缺少列：小区、楼栋'),
    });
  });

  it('refuses what is not a spreadsheet, an empty sheet, and more than 2,000 rows', async () => {
    await expect(readSheet('a.xlsx', Buffer.from('%PDF-1.7 not a spreadsheet'))).rejects.toMatchObject({ status: 422, code: 'IMPORT_FILE_UNREADABLE', message: expect.stringContaining('无法读取该文件') });
    await expect(readSheet('a.xlsx', Buffer.from('PK\u0003\u0004 broken zip'))).rejects.toMatchObject({ code: 'IMPORT_FILE_UNREADABLE' });
    await expect(readSheet('a.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]))).rejects.toMatchObject({ code: 'IMPORT_FILE_UNREADABLE' });
    await expect(readSheet('a.xlsx', await xlsxOf([['网格', '小区', '楼栋']]))).rejects.toMatchObject({ code: 'IMPORT_EMPTY', message: '表格中没有楼栋数据' });
    const many: Table = [['网格', '小区', '楼栋'], ...Array.from({ length: 2001 }, (_, i) => ['第一网格', '幸福家园', `${i} 栋`])];
    await expect(readSheet('a.csv', await csvOf(many))).rejects.toMatchObject({ code: 'IMPORT_TOO_MANY_ROWS', message: '每次最多导入 2000 行，请拆分后分批导入' });
    expect((await readSheet('a.csv', await csvOf(many.slice(0, 2001)))).rows).toHaveLength(2000);
  });
});

describe('the plan 导入预览', () => {
  it('creates what is new, with an id derived from community, grid, estate and name', () => {
    const [r] = plan([row(2, '第一网格', '幸福家园', '1 栋', '2', '48')]);
    expect(r).toMatchObject({ row: 2, result: 'created', units: 2, households: 48 });
    expect(r!.create).toEqual({ id: importedBuildingId('cm-a', 'gd-1', '幸福家园', '1 栋'), communityId: 'cm-a', gridId: 'gd-1', estate: '幸福家园', name: '1 栋', units: 2, households: 48 });
    expect(importedBuildingId('cm-a', 'gd-1', '幸福家园', '1 栋')).not.toBe(importedBuildingId('cm-a', 'gd-2', '幸福家园', '1 栋'));
  });

  it('is unchanged for a building as stored, updated when a count differs (a blank count changes nothing)', () => {
    const stored: Building[] = [
      { id: 'bd-1', communityId: 'cm-a', gridId: 'gd-1', estate: '幸福家园', name: '1 栋', units: 2, households: 48 },
      { id: 'bd-2', communityId: 'cm-a', gridId: 'gd-1', estate: '幸福家园', name: '2 栋' },
    ];
    const out = plan(
      [row(2, '第一网格', '幸福家园', '1 栋', '2', '48'), row(3, '第一网格', '幸福家园', '1 栋 ', '', ''), row(4, '第一网格', '幸福家园', '2 栋', '3', ''), row(5, '第二网格', '幸福家园', '1 栋')],
      stored,
    );
    expect(out.map((r) => [r.row, r.result, r.reason, r.buildingId])).toEqual([
      [2, 'unchanged', undefined, 'bd-1'],
      [3, 'created', undefined, importedBuildingId('cm-a', 'gd-1', '幸福家园', '1 栋 ')],
      [4, 'updated', '单元数 未填 → 3', 'bd-2'],
      [5, 'created', undefined, importedBuildingId('cm-a', 'gd-2', '幸福家园', '1 栋')],
    ]);
    expect(plan([row(2, '第一网格', '幸福家园', '1 栋', '3', '60')], stored)[0]).toMatchObject({ result: 'updated', reason: '单元数 2 → 3，户数 48 → 60', update: { after: { units: 3, households: 60 } } });
  });

  it('reports each reason in Chinese with the row it is on', () => {
    const long = '很'.repeat(41);
    const out = plan([
      row(2, '', '幸福家园', '1 栋'),
      row(3, '第九网格', '幸福家园', '1 栋'),
      row(4, '第一网格', '', '1 栋'),
      row(5, '第一网格', '幸福家园', ''),
      row(6, '第一网格', long, '1 栋'),
      row(7, '第一网格', '幸福家园', long),
      row(8, '第一网格', '幸福家园', '8 栋', '0', '1.5'),
      row(9, '第一网格', '幸福家园', '9 栋', '100', '10000'),
      row(10, '第一网格', '幸福家园', '\u202e9 栋'),
      row(11, '第一网格', '幸福家园', '1 栋'),
      row(12, '第一网格', '幸福家园', '1 栋'),
    ]);
    expect(out.map((r) => [r.row, r.result, r.reason])).toEqual([
      [2, 'error', '请填写网格'],
      [3, 'error', '网格“第九网格”不存在，请先在本社区添加该网格'],
      [4, 'error', '请填写小区'],
      [5, 'error', '请填写楼栋'],
      [6, 'error', '小区名称不超过 40 个字（现有 41 个）'],
      [7, 'error', '楼栋名称不超过 40 个字（现有 41 个）'],
      [8, 'error', '单元数应为 1–99 的整数；户数应为 1–9999 的整数'],
      [9, 'error', '单元数应为 1–99 的整数；户数应为 1–9999 的整数'],
      [10, 'error', '楼栋含有不可见或控制字符，请删除后重试'],
      [11, 'created', undefined],
      [12, 'error', '与第 11 行重复'],
    ]);
    expect(out.filter((r) => r.result === 'error').every((r) => !r.create && !r.update)).toBe(true);
  });

  it('refuses a grid name two grids of the community share', () => {
    const out = planImport('cm-a', [row(2, '第一网格', '幸福家园', '1 栋')], [...GRIDS, grid('gd-3', '第一网格')], []);
    expect(out[0]).toMatchObject({ result: 'error', reason: '本社区有 2 个名为“第一网格”的网格，无法确定是哪一个' });
  });
});

describe('an import told by several calls 分次导入', () => {
  const call = (results: BuildingImportResponse['rows'][number]['result'][]): BuildingImportResponse => {
    const rows = results.map((result, i) => ({ row: i + 2, grid: '第一网格', estate: '幸福家园', name: `${i + 1} 栋`, result, ...(result === 'pending' ? {} : { buildingId: `bd-${i}` }) }));
    const totals = { created: 0, unchanged: 0, updated: 0, error: 0, pending: 0, skippedEmpty: 1 };
    for (const r of rows) totals[r.result]++;
    return { dryRun: false, rows, totals };
  };

  it('keeps what the call that wrote a row said, and counts again', () => {
    const merged = mergeImportRounds(call(['created', 'updated', 'pending', 'error']), call(['unchanged', 'unchanged', 'created', 'error']));
    expect(merged.rows.map((r) => r.result)).toEqual(['created', 'updated', 'created', 'error']);
    expect(merged.totals).toEqual({ created: 2, unchanged: 0, updated: 1, error: 1, pending: 0, skippedEmpty: 1 });
  });

  it('sends the file again while rows are pending, at most 10 calls', async () => {
    const answers = [call(['created', 'pending']), call(['unchanged', 'created'])];
    const done = await importToTheEnd(async () => answers.shift()!);
    expect([done.calls, done.result.totals.created, done.result.totals.pending]).toEqual([2, 2, 0]);
    let calls = 0;
    const stuck = await importToTheEnd(async () => (calls++, call(['pending'])));
    expect([stuck.calls, calls, stuck.result.totals.pending]).toEqual([10, 10, 1]);
  });
});
