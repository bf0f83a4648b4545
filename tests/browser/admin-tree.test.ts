/**
 * 组织架构 in the H5 build (#8): a street admin of an empty street (made like the command
 * line would: by the system admin) opens 我的 → 组织架构, creates a community, a grid, a
 * building, a station and a room through the forms, sees each in the tree, renames the
 * building, and the building's page (opened from its code) shows the new name.
 */
import { randomUUID } from 'node:crypto';
import { createUser } from '../../functions/src/auth/storage';
import type { Roles } from '../../shared/src/roles';
import { scanUrl } from '../../functions/src/codes/poster';
import { useStackTable } from '../support/ddb';
import { stackEnv } from '../support/env';
import { call, callAllPages, devLogin } from '../support/http';
import { byId, screenshot, useBrowser } from '../support/browser';

jest.setTimeout(240_000);

const browserOf = useBrowser(useStackTable);
const plain: Roles = { resident: true, member: false, staffStationIds: [], adminCommunityIds: [] };

it('a street admin builds a community through the forms and a rename reaches the building page', async () => {
  const run = randomUUID().slice(0, 8);
  await createUser({ id: `u-ui-root-${run}`, openid: `ui-root-${run}`, nickname: '系统管理员', roles: { ...plain, root: true }, createdAt: new Date().toISOString() });
  const street = await call('POST', '/streets', { token: await devLogin(`ui-root-${run}`), body: { name: `界面街道${run}` } });
  expect(street.status).toBe(201);
  const streetId = street.body.id;
  await createUser({ id: `u-ui-street-${run}`, openid: `ui-street-${run}`, nickname: '街道管理员', roles: { ...plain, streetIds: [streetId] }, createdAt: new Date().toISOString() });
  const login = await call('POST', '/auth/dev-login', { body: { openid: `ui-street-${run}` } });

  const context = await browserOf().newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await context.addInitScript((session) => localStorage.setItem('rs.session', JSON.stringify({ data: session })), login.body);
  const page = await context.newPage();
  await page.goto(`${stackEnv.webUrl}/#/pages/me/index`);
  await page.locator(byId(`admin-tree-street-${streetId}`)).click();
  await page.locator(byId('tree-add-community')).click();

  const fill = async (field: string, value: string) => page.locator(`${byId(`field-${field}`)} input`).fill(value);
  const save = async () => {
    await page.locator(byId('admin-save')).click();
    await page.locator(byId('page-admin-tree')).waitFor({ state: 'visible' });
  };
  await fill('name', '界面社区');
  await fill('address', '界面路 1 号');
  await save();
  const toggle = page.locator('[id^="tree-community-"][id$="-toggle"]', { hasText: '界面社区' });
  await toggle.waitFor({ state: 'visible' });
  const communityId = (await toggle.getAttribute('id'))!.replace(/^tree-community-/, '').replace(/-toggle$/, '');
  await toggle.click();

  await page.locator(byId(`tree-grids-${communityId}-add`)).click();
  await fill('name', '第一网格');
  await fill('branchName', '第一网格党支部');
  await save();
  const grid = page.locator('[id^="tree-grid-"]', { hasText: '第一网格' });
  await grid.first().waitFor({ state: 'visible' });
  const gridId = (await grid.first().getAttribute('id'))!.replace(/^tree-grid-/, '');

  await page.locator(byId(`tree-buildings-${communityId}-add`)).click();
  await page.locator(byId(`field-gridId-${gridId}`)).click();
  await fill('estate', '界面小区');
  await fill('name', '1 号楼');
  await save();
  const building = page.locator('[id^="tree-building-"]', { hasText: '界面小区 1 号楼' });
  await building.waitFor({ state: 'visible' });
  const buildingId = (await building.getAttribute('id'))!.replace(/^tree-building-/, '');

  await page.locator(byId(`tree-stations-${communityId}-add`)).click();
  await page.locator(byId('field-kind-centre')).click();
  await fill('name', '界面党群服务中心');
  await fill('address', '界面路 1 号');
  await fill('location.lat', '31.23');
  await fill('location.lng', '121.47');
  await fill('phone', '021-55556666');
  await save();
  const station = page.locator('[id^="tree-station-"]', { hasText: '界面党群服务中心' });
  await station.first().waitFor({ state: 'visible' });
  const stationId = (await station.first().getAttribute('id'))!.replace(/^tree-station-/, '');

  await page.locator(byId(`tree-station-${stationId}-add-room`)).click();
  await fill('name', '多功能室');
  // A bad capacity comes back with the server's Chinese message under the field.
  await fill('capacity', '0');
  await page.locator(byId('admin-save')).click();
  await expect(page.locator(byId('error-capacity')).innerText()).resolves.toBe('容纳人数至少为 1');
  await fill('capacity', '30');
  await save();
  await page.locator('[id^="tree-room-"]', { hasText: '多功能室' }).waitFor({ state: 'visible' });
  await screenshot(page, 'admin-tree');

  // Rename the building through its form.
  await page.locator(byId(`tree-building-${buildingId}`)).click();
  await fill('name', '1 号楼（东）');
  await save();
  await page.locator(byId(`tree-building-${buildingId}`), { hasText: '1 号楼（东）' }).waitFor({ state: 'visible' });

  // The building's poster code opens its page with the new name.
  const codes = await callAllPages(`/communities/${communityId}/codes`, { token: login.body.token });
  const token = codes.items.find((c: { targetId: string }) => c.targetId === buildingId).token;
  const visitor = await browserOf().newPage();
  await visitor.goto(scanUrl(stackEnv.webUrl, token));
  await visitor.locator(byId('page-building')).waitFor({ state: 'visible' });
  await expect(visitor.locator(byId('building-name')).innerText()).resolves.toContain('1 号楼（东）');
  await visitor.close();
  await context.close();
});
