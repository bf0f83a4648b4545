/**
 * 批量导入楼栋 in the H5 build: the community admin opens 工作台 → 批量导入楼栋, picks an
 * .xlsx through the file input, sees the dry-run table with its error row, confirms, and the
 * new buildings are there while the row in error was left out; the same file again has
 * nothing to import.
 */
import { randomUUID } from 'node:crypto';
import { createUser } from '../../functions/src/auth/storage';
import { loginAsOpenid, openApp, screenshot, useBrowser, byId } from '../support/browser';
import { useStackTable } from '../support/ddb';
import { call, callAllPages, devLogin } from '../support/http';
import { xlsxOf } from '../support/spreadsheets';

const browser = useBrowser();
beforeAll(useStackTable);

const run = randomUUID().slice(0, 8);
const plain = { resident: true as const, member: false, staffStationIds: [] as string[], adminCommunityIds: [] as string[] };
let communityId = '';
let adminOpenid = '';

// Its own street, community, two grids and admin: the demo community's buildings stay as the other suites expect them.
beforeAll(async () => {
  await createUser({ id: `u-imp-root-${run}`, openid: `imp-root-${run}`, nickname: '系统管理员', roles: { ...plain, root: true }, createdAt: new Date().toISOString() });
  const root = await devLogin(`imp-root-${run}`);
  const street = await call('POST', '/streets', { token: root, body: { name: `导入测试街道${run}` } });
  const community = await call('POST', `/streets/${street.body.id}/communities`, { token: root, body: { name: `导入测试社区${run}`, address: '测试路 9 号' } });
  expect([street.status, community.status]).toEqual([201, 201]);
  communityId = community.body.id;
  adminOpenid = `imp-admin-${run}`;
  await createUser({ id: `u-imp-admin-${run}`, openid: adminOpenid, nickname: '导入管理员', roles: { ...plain, adminCommunityIds: [communityId] }, createdAt: new Date().toISOString() });
  const admin = await devLogin(adminOpenid);
  for (const name of ['第一网格', '第二网格']) expect((await call('POST', `/communities/${communityId}/grids`, { token: admin, body: { name } })).status).toBe(201);
});

describe('bulk import of buildings 批量导入楼栋 (H5)', () => {
  it('a community admin previews a spreadsheet, sees the row in error, confirms, and the buildings exist', async () => {
    const estate = `浏览器测试小区${Date.now() % 100000}`;
    const file = await xlsxOf([
      ['小区', '楼栋', '网格', '户数'],
      [estate, '1 栋', '第一网格', 36],
      [estate, '2 栋', '第二网格', null],
      [estate, '3 栋', '不存在的网格', null],
    ]);

    const { page, context } = await openApp(browser(), '/pages/me/index');
    await loginAsOpenid(page, adminOpenid);
    await page.locator(byId('workbench-entry')).click();
    await page.locator(byId('workbench-import-buildings')).click();
    await page.locator(byId('admin-import-choose')).waitFor({ state: 'visible' });

    const chooser = page.waitForEvent('filechooser');
    await page.locator(byId('admin-import-choose')).click();
    await (await chooser).setFiles({ name: '楼栋清单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file });

    await page.locator(byId('admin-import-summary')).waitFor({ state: 'visible' });
    await expect(page.locator(byId('admin-import-totals')).innerText()).resolves.toContain('将新增 2 栋');
    await expect(page.locator(byId('admin-import-row-2-result')).innerText()).resolves.toBe('新增');
    await expect(page.locator(byId('admin-import-row-4-result')).innerText()).resolves.toBe('有误');
    await expect(page.locator(byId('admin-import-row-4-reason')).innerText()).resolves.toBe('网格“不存在的网格”不存在，请先在本社区添加该网格');
    await expect(page.locator(byId('admin-import-row-4')).innerText()).resolves.toContain(`不存在的网格 / ${estate} / 3 栋`);
    await screenshot(page, 'admin-import-1-preview');
    // The preview wrote nothing.
    const before = await callAllPages(`/communities/${communityId}/buildings`);
    expect(before.items.filter((b: { estate: string }) => b.estate === estate)).toHaveLength(0);

    await page.locator(byId('admin-import-confirm')).click();
    await page.locator('.taro-model__confirm').waitFor({ state: 'visible' });
    await expect(page.locator('.taro-modal__content').innerText()).resolves.toContain('有误的 1 行不会导入');
    const imported = page.waitForResponse((r) => r.url().endsWith('/buildings/import') && r.request().method() === 'POST');
    await page.locator('.taro-model__confirm').click();
    expect((await imported).status()).toBe(200);
    await page.locator(byId('admin-import-done')).waitFor({ state: 'visible' });
    await expect(page.locator(byId('admin-import-done-totals')).innerText()).resolves.toContain('已新增 2 栋');
    await screenshot(page, 'admin-import-2-done');

    const after = (await callAllPages(`/communities/${communityId}/buildings`)).items.filter((b: { estate: string }) => b.estate === estate);
    expect(after.map((b: { name: string }) => b.name).sort()).toEqual(['1 栋', '2 栋']);
    // 再导入同一文件: nothing to do.
    const chooser2 = page.waitForEvent('filechooser');
    await page.locator(byId('admin-import-choose')).click();
    await (await chooser2).setFiles({ name: '楼栋清单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file });
    await page.locator(byId('admin-import-summary')).waitFor({ state: 'visible' });
    await expect(page.locator(byId('admin-import-totals')).innerText()).resolves.toContain('将新增 0 栋');
    await expect(page.locator(byId('admin-import-confirm')).innerText()).resolves.toBe('没有需要导入的楼栋');
    await context.close();
  });
});
