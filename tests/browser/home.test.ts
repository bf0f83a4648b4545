/**
 * 我家 in the H5 build (#11): a community admin posts a pinned notice through 我的 → 社区公告;
 * a resident scans the building's poster code, taps 设为我家 on the building page, goes to
 * 首页 and sees that community's notices (pinned first) and their next booking. Everything
 * is written in this test's own street and community, none in the demo world.
 */
import { randomUUID } from 'node:crypto';
import type { BrowserContext } from 'playwright-core';
import { createUser } from '../../functions/src/auth/storage';
import { scanUrl } from '../../functions/src/codes/poster';
import type { Roles } from '../../shared/src/roles';
import { useStackTable } from '../support/ddb';
import { nthWeekdayAfterToday } from '../support/dates';
import { stackEnv } from '../support/env';
import { call, callAllPages, devLogin } from '../support/http';
import { byId, loadUntil, screenshot, useBrowser } from '../support/browser';

jest.setTimeout(240_000);

const browserOf = useBrowser(useStackTable);
const plain: Roles = { resident: true, member: false, staffStationIds: [], adminCommunityIds: [] };
const run = randomUUID().slice(0, 8);

async function userWith(name: string, roles: Partial<Roles>): Promise<{ openid: string; token: string }> {
  const openid = `ui-home-${name}-${run}`;
  await createUser({ id: `u-ui-home-${name}-${run}`, openid, nickname: name, roles: { ...plain, ...roles }, createdAt: new Date().toISOString() });
  return { openid, token: await devLogin(openid) };
}

/** A browser context already logged in as `openid` (the session the login sheet would store). */
async function contextAs(openid: string): Promise<BrowserContext> {
  const login = await call('POST', '/auth/dev-login', { body: { openid } });
  const context = await browserOf().newContext({ viewport: { width: 414, height: 896 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await context.addInitScript((session) => localStorage.setItem('rs.session', JSON.stringify({ data: session })), login.body);
  return context;
}

it('设为我家 from a scanned building code, then 首页 shows that community’s notices and my next booking', async () => {
  // Our own street, community, grid, building, station and room, made as the admins would.
  const root = await userWith('root', { root: true });
  const street = await call('POST', '/streets', { token: root.token, body: { name: `我家街道${run}` } });
  const streetAdmin = await userWith('street', { streetIds: [street.body.id] });
  const community = await call('POST', `/streets/${street.body.id}/communities`, { token: streetAdmin.token, body: { name: '我家社区', address: '我家路 1 号' } });
  const communityId = community.body.id as string;
  const grid = await call('POST', `/communities/${communityId}/grids`, { token: streetAdmin.token, body: { name: '第一网格' } });
  const building = await call('POST', `/communities/${communityId}/buildings`, { token: streetAdmin.token, body: { gridId: grid.body.id, estate: '我家小区', name: '3 栋' } });
  expect(building.status).toBe(201);
  const station = await call('POST', `/communities/${communityId}/stations`, {
    token: streetAdmin.token,
    body: { kind: 'centre', name: '我家党群服务中心', address: '我家路 2 号', location: { lat: 31.2, lng: 121.4 }, phone: '021-12345678' },
  });
  const room = await call('POST', `/stations/${station.body.id}/rooms`, { token: streetAdmin.token, body: { name: '议事厅', capacity: 30, facilities: [] } });
  expect(room.status).toBe(201);

  // The resident's booking (their next one), and an older, unpinned notice posted over the API.
  const resident = await userWith('resident', {});
  const date = nthWeekdayAfterToday(2);
  const booking = await call('POST', '/bookings', { token: resident.token, body: { roomId: room.body.id, date, start: '10:00', end: '11:00', purpose: '楼组议事', attendees: 8 } });
  expect(booking.status).toBe(201);
  const admin = await userWith('admin', { adminCommunityIds: [communityId] });
  expect((await call('POST', `/communities/${communityId}/notices`, { token: admin.token, body: { title: '垃圾分类宣传周', body: '本周每晚 7 点在小区广场' } })).status).toBe(201);

  // The admin posts a pinned notice through 我的 → 社区公告.
  const adminContext = await contextAs(admin.openid);
  const adminPage = await adminContext.newPage();
  await adminPage.goto(`${stackEnv.webUrl}/#/pages/me/index`);
  await adminPage.locator(byId(`admin-notices-${communityId}`)).click();
  await adminPage.locator(byId('page-admin-notices')).waitFor({ state: 'visible' });
  await adminPage.locator(byId('notices-empty')).or(adminPage.locator('[id^="notice-"][class*="a-item"]').first()).waitFor({ state: 'visible' });
  await adminPage.locator(`${byId('notice-title')} input`).fill('停水通知');
  await adminPage.locator(`${byId('notice-body')} textarea`).fill('12 月 3 日 9:00—12:00 停水，请提前储水。');
  await adminPage.locator(byId('notice-pinned')).click();
  await adminPage.locator(byId('notice-save')).click();
  await adminPage.locator('[id^="notice-"]', { hasText: '【置顶】停水通知' }).first().waitFor({ state: 'visible' });
  await screenshot(adminPage, 'home-admin-notices');
  await adminContext.close();

  // The resident scans the building's poster code (the token its poster carries) and taps 设为我家.
  const codes = await callAllPages(`/communities/${communityId}/codes`, { token: admin.token });
  const token = codes.items.find((c: { targetId: string }) => c.targetId === building.body.id).token;
  const context = await contextAs(resident.openid);
  const page = await context.newPage();
  await page.goto(scanUrl(stackEnv.webUrl, token));
  await page.locator(byId('page-building')).waitFor({ state: 'visible' });
  await expect(page.locator(byId('building-name')).innerText()).resolves.toContain('我家小区 3 栋');
  await page.locator(byId('building-set-home')).click();
  await page.locator('.taro__toast', { hasText: '已设为我家' }).first().waitFor({ state: 'attached' });
  expect((await call('GET', '/me/home', { token: resident.token })).body.home).toMatchObject({ buildingId: building.body.id, communityId });

  // 首页: the community's notices, pinned first, and the next booking.
  await page.locator(byId('building-home')).click();
  await page.locator(byId('home-feed')).waitFor({ state: 'visible' });
  await expect(page.locator(byId('home-name')).innerText()).resolves.toContain('我家社区');
  const notices = page.locator('[id^="home-notices-"][class*="ui-cell"]');
  await notices.nth(1).waitFor({ state: 'visible' });
  expect((await notices.allInnerTexts()).map((t) => t.split('\n')[0])).toEqual(['【置顶】停水通知', '垃圾分类宣传周']);
  const next = page.locator(byId(`home-booking-${booking.body.id}`));
  await next.waitFor({ state: 'visible' });
  await expect(next.innerText()).resolves.toContain('我家党群服务中心 · 议事厅');
  await expect(next.innerText()).resolves.toContain(`${date} 10:00-11:00`);
  await screenshot(page, 'home-feed');

  // 我的 shows the home and offers to change it.
  await page.goto(`${stackEnv.webUrl}/#/pages/me/index`);
  // (The page shows the stored session at first and the home once GET /me answers.)
  await page.locator(byId('me-home'), { hasText: '我家社区 · 我家小区 3 栋' }).waitFor({ state: 'visible' });
  await context.close();
});

it('without a home, 首页 asks to choose one; the picker sets it from the community list', async () => {
  const street = await call('POST', '/streets', { token: (await userWith('root2', { root: true })).token, body: { name: `选家街道${run}` } });
  const streetAdmin = await userWith('street2', { streetIds: [street.body.id] });
  const community = await call('POST', `/streets/${street.body.id}/communities`, { token: streetAdmin.token, body: { name: `选家社区${run}`, address: '选家路 1 号' } });
  const grid = await call('POST', `/communities/${community.body.id}/grids`, { token: streetAdmin.token, body: { name: '网格' } });
  const building = await call('POST', `/communities/${community.body.id}/buildings`, { token: streetAdmin.token, body: { gridId: grid.body.id, estate: '选家小区', name: '8 栋' } });
  const resident = await userWith('resident2', {});

  const context = await contextAs(resident.openid);
  const page = await context.newPage();
  await page.goto(`${stackEnv.webUrl}/#/pages/index/index`);
  await page.locator(byId('home-choose-button')).click();
  await page.locator(byId('page-pick-home')).waitFor({ state: 'visible' });
  // The community list pages; ours may be on a later page.
  const ours = page.locator(byId(`pick-community-${community.body.id}`));
  await loadUntil(page, 'pick-more', ours);
  await ours.click();
  await page.locator(byId(`pick-building-${building.body.id}`)).click();
  await page.locator(byId('home-feed')).waitFor({ state: 'visible' });
  await expect(page.locator(byId('home-name')).innerText()).resolves.toContain(`选家社区${run}`);
  await page.locator(byId('home-notices-note'), { hasText: '暂无公告' }).waitFor({ state: 'visible' });
  await context.close();
});
