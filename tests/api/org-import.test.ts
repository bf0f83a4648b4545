import { call, devLogin } from '../support/http';
import { csvOf, xlsxOf, type Table } from '../support/spreadsheets';

const PATH = '/communities/cm-xingfu/buildings/import';
const TABLE: Table = [
  ['网格', '小区', '楼栋', '户数'],
  ['幸福社区第一网格', '幸福家园', '1 栋', null],
  ['幸福社区第一网格', '接口测试小区', '9 栋', 30],
  ['不存在的网格', '接口测试小区', '10 栋', null],
];
const body = async (table: Table, dryRun = true) => ({ fileName: '楼栋.xlsx', contentBase64: (await xlsxOf(table)).toString('base64'), dryRun });

describe('POST /communities/{id}/buildings/import', () => {
  let admin: string;
  beforeAll(async () => {
    admin = await devLogin('demo-admin');
  });

  it('a dry run answers per row with the row number and a Chinese reason, and writes nothing', async () => {
    const res = await call('POST', PATH, { token: admin, body: await body(TABLE) });
    expect(res.status).toBe(200);
    expect(res.body.rows.map((r: { row: number; result: string; reason?: string }) => [r.row, r.result, r.reason])).toEqual([
      [2, 'unchanged', undefined],
      [3, 'created', undefined],
      [4, 'error', '网格“不存在的网格”不存在，请先在本社区添加该网格'],
    ]);
    expect(res.body.totals).toEqual({ created: 1, unchanged: 1, updated: 0, error: 1, pending: 0, skippedEmpty: 0 });
    const listed = await call('GET', '/communities/cm-xingfu/buildings?limit=50');
    expect(listed.body.items.some((b: { estate: string }) => b.estate === '接口测试小区')).toBe(false);
  });

  it('takes a .csv too', async () => {
    const res = await call('POST', PATH, { token: admin, body: { fileName: '楼栋.CSV', contentBase64: (await csvOf(TABLE)).toString('base64'), dryRun: true } });
    expect([res.status, res.body.totals?.created]).toEqual([200, 1]);
  });

  it('is refused with 403 to a resident, station staff and the admin of another community; 401 without login', async () => {
    const file = await body(TABLE);
    for (const openid of ['demo-resident', 'demo-staff', 'demo-member']) {
      const res = await call('POST', PATH, { token: await devLogin(openid), body: file });
      expect([openid, res.status]).toEqual([openid, 403]);
    }
    const other = await call('POST', '/communities/cm-hexie/buildings/import', { token: admin, body: file });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect((await call('POST', PATH, { body: file })).status).toBe(401);
  });

  it('answers a file that is not a spreadsheet, too big, or without the columns with a 4xx in Chinese naming the field', async () => {
    const pdf = await call('POST', PATH, { token: admin, body: { fileName: '楼栋.xlsx', contentBase64: Buffer.from('%PDF-1.7 …').toString('base64'), dryRun: true } });
    expect([pdf.status, pdf.body.error.code, pdf.body.error.fields?.[0]?.path]).toEqual([422, 'IMPORT_FILE_UNREADABLE', 'contentBase64']);
    expect(pdf.body.error.message).toBe('无法读取该文件，请上传 Excel（.xlsx）或 CSV 表格');

    const xls = await call('POST', PATH, { token: admin, body: { fileName: '楼栋.xls', contentBase64: 'AAAA', dryRun: true } });
    expect([xls.status, xls.body.error.fields]).toEqual([400, [{ path: 'fileName', message: '请上传 .xlsx 或 .csv 表格' }]]);

    const big = await call('POST', PATH, { token: admin, body: { fileName: '楼栋.csv', contentBase64: 'A'.repeat(3 * 1024 * 1024), dryRun: true } });
    expect([big.status, big.body.error.fields]).toEqual([400, [{ path: 'contentBase64', message: '文件不超过 2 MB' }]]);

    const columns = await call('POST', PATH, { token: admin, body: await body([['网格', '楼号'], ['幸福社区第一网格', '1 栋']]) });
    expect([columns.status, columns.body.error.code]).toEqual([422, 'IMPORT_COLUMNS_MISSING']);
    expect(columns.body.error.message).toContain('表格缺少列：小区、楼栋');

    const noDryRun = await call('POST', PATH, { token: admin, body: { fileName: '楼栋.csv', contentBase64: 'AAAA' } });
    expect([noDryRun.status, noDryRun.body.error.fields[0].path]).toEqual([400, 'dryRun']);

    expect((await call('POST', '/communities/cm-nowhere/buildings/import', { token: admin, body: await body(TABLE) })).status).toBe(403);
  });
});
