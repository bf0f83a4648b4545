/**
 * Setting up a real street through the H5 UI, end to end (#8): the first system
 * administrator is made with the real admin CLI (`scripts/admin.ts grant … root`) against
 * the test stack; everything after that is clicked like a person would:
 *
 * 1. root: 我的 → 组织架构 → 新建街道, then 街道管理员 → 邀请街道管理员 (poster link);
 * 2. the street admin accepts in a second browser context, opens 组织架构 of the empty street,
 *    creates a community and a grid, imports the buildings from an .xlsx (file input), creates
 *    a station and a room that needs approval with a photo, and invites a staff member;
 * 3. the staff member accepts in a third context;
 * 4. a resident (fourth context) scans the room's code, books a slot;
 * 5. the new staff member approves it in the workbench's pending queue.
 * Fresh ids and names per run: the demo world is not touched.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { scanUrl } from '../../functions/src/codes/poster';
import { byId, loadUntil, loginAsOpenid, screenshot, useBrowser } from '../support/browser';
import { useStackTable } from '../support/ddb';
import { addDays, shanghaiToday } from '../support/dates';
import { stackEnv } from '../support/env';
import { call, callAllPages, devLogin } from '../support/http';
import { xlsxOf } from '../support/spreadsheets';
import { pngBytes } from '../support/uploads';

jest.setTimeout(420_000);

const browserOf = useBrowser(useStackTable);
const exec = promisify(execFile);
const run = randomUUID().slice(0, 8);
const openids = { root: `e2e-root-${run}`, street: `e2e-street-${run}`, staff: `e2e-staff-${run}`, resident: `e2e-resident-${run}` };

/** The real admin CLI, pointed at the test stack's DynamoDB Local and table. */
async function adminCli(...args: string[]): Promise<string> {
  const { stdout } = await exec('npx', ['tsx', 'scripts/admin.ts', ...args], {
    env: { ...process.env, DYNAMODB_ENDPOINT: stackEnv.dynamoEndpoint, TABLE_NAME: stackEnv.tableName, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  return stdout;
}

/** A phone-sized context logged in as `openid` (the dev login, as a WeChat login would). */
async function personAs(browser: Browser, openid: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  await loginAsOpenid(page, openid);
  return { context, page };
}

const fill = (page: Page, field: string, value: string) => page.locator(`${byId(`field-${field}`)} input`).fill(value);
async function saveForm(page: Page): Promise<void> {
  await page.locator(byId('admin-save')).click();
  await page.locator(byId('page-admin-tree')).waitFor({ state: 'visible' });
}
/** The id inside an element id of the form `<prefix><id><suffix>`. */
const idIn = async (page: Page, selector: string, prefix: string, suffix = '') => ((await page.locator(selector).first().getAttribute('id')) ?? '').slice(prefix.length, suffix ? -suffix.length : undefined);

/** Opens an invitation link in a logged-in context and accepts it. */
async function accept(page: Page, url: string, expected: string): Promise<void> {
  await page.goto(url);
  await page.locator(byId('invite-accept')).click();
  await page.locator(byId('invite-accepted')).waitFor({ state: 'visible' });
  await expect(page.locator(byId('invite-accepted')).innerText()).resolves.toContain(expected);
}

it('from an empty street made with the CLI to a booking approved by staff the street admin appointed', async () => {
  const browser = browserOf();
  const streetName = `新建街道${run}`;
  const communityName = `新社区${run}`;

  // ---- the first system administrator, made with the admin CLI
  expect(await adminCli('grant', openids.root, 'root')).toContain('已任命');
  expect(await adminCli('who', openids.root)).toContain('系统管理员');

  // ---- root: 组织架构 → 新建街道 → 邀请街道管理员
  const root = await personAs(browser, openids.root);
  await root.page.locator(byId('admin-tree-root')).click();
  await root.page.locator(byId('tree-add-street')).click();
  await fill(root.page, 'name', streetName);
  await saveForm(root.page);
  const streetRow = root.page.locator('[id^="tree-street-"]', { hasText: streetName });
  // Streets list in id order and other suites add streets: ours may be on a later page.
  await loadUntil(root.page, 'tree-streets-more', streetRow);
  const streetId = await idIn(root.page, `[id^="tree-street-"]:has-text("${streetName}")`, 'tree-street-');
  expect(streetId).toMatch(/^st-/);
  await root.page.locator(byId(`tree-street-${streetId}-people`)).click();
  await root.page.locator(byId('invite-street-admin')).click();
  await root.page.locator(byId('invite-poster')).waitFor({ state: 'visible' });
  await expect(root.page.locator(byId('invite-poster-title')).innerText()).resolves.toBe(`邀请您担任${streetName}的街道管理员`);
  const streetInvite = (await root.page.locator(byId('invite-url')).innerText()).trim();
  await screenshot(root.page, 'street-setup-1-root-invites');

  // ---- the street admin accepts in a second context and opens the (empty) street
  const admin = await personAs(browser, openids.street);
  await accept(admin.page, streetInvite, `已成为${streetName}的街道管理员`);
  await loginAsOpenid(admin.page, openids.street);
  await admin.page.locator(byId(`admin-tree-street-${streetId}`)).click();
  await admin.page.locator(byId('tree-add-community')).waitFor({ state: 'visible' });
  await admin.page.locator(byId('tree-street-name'), { hasText: streetName }).waitFor({ state: 'visible' });
  await admin.page.getByText('这个街道还没有社区').waitFor({ state: 'visible' });
  // root sees the new street admin in the street's list.
  await root.page.reload();
  await root.page.locator('[id^="person-street-"]').first().waitFor({ state: 'visible' });

  // community and grid
  const page = admin.page;
  await page.locator(byId('tree-add-community')).click();
  await fill(page, 'name', communityName);
  await fill(page, 'address', '新街 8 号');
  await saveForm(page);
  const toggleSel = `[id^="tree-community-"][id$="-toggle"]:has-text("${communityName}")`;
  await page.locator(toggleSel).waitFor({ state: 'visible' });
  const communityId = await idIn(page, toggleSel, 'tree-community-', '-toggle');
  await page.locator(toggleSel).click();
  await page.locator(byId(`tree-grids-${communityId}-add`)).click();
  await fill(page, 'name', '第一网格');
  await saveForm(page);
  await page.locator('[id^="tree-grid-"]', { hasText: '第一网格' }).first().waitFor({ state: 'visible' });

  // buildings from the office's spreadsheet (file input on H5)
  const file = await xlsxOf([
    ['网格', '小区', '楼栋', '户数'],
    ['第一网格', '新苑', '1 号楼', 24],
    ['第一网格', '新苑', '2 号楼', 24],
    ['第一网格', '新苑', '3 号楼', null],
  ]);
  await page.locator(byId(`tree-community-${communityId}-import`)).click();
  await page.locator(byId('admin-import-choose')).waitFor({ state: 'visible' });
  await expect(page.locator(byId(`admin-import-community-${communityId}`)).getAttribute('aria-checked')).resolves.toBe('true');
  const chooser = page.waitForEvent('filechooser');
  await page.locator(byId('admin-import-choose')).click();
  await (await chooser).setFiles({ name: '楼栋清单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file });
  await page.locator(byId('admin-import-summary')).waitFor({ state: 'visible' });
  await expect(page.locator(byId('admin-import-totals')).innerText()).resolves.toContain('将新增 3 栋');
  await page.locator(byId('admin-import-confirm')).click();
  await page.locator('.taro-model__confirm').click();
  await page.locator(byId('admin-import-done')).waitFor({ state: 'visible' });
  await expect(page.locator(byId('admin-import-done-totals')).innerText()).resolves.toContain('已新增 3 栋');
  await page.goBack();
  await page.locator(byId('page-admin-tree')).waitFor({ state: 'visible' });
  if (!(await page.locator(byId(`tree-buildings-${communityId}`)).isVisible())) await page.locator(toggleSel).click();
  await page.locator('[id^="tree-building-"]', { hasText: '新苑 3 号楼' }).waitFor({ state: 'visible' });

  // a station, and a room that needs approval, with a photo
  await page.locator(byId(`tree-stations-${communityId}-add`)).click();
  await page.locator(byId('field-kind-centre')).click();
  await fill(page, 'name', `新社区党群服务中心${run}`);
  await fill(page, 'address', '新街 8 号');
  await fill(page, 'location.lat', '31.2');
  await fill(page, 'location.lng', '121.4');
  await fill(page, 'phone', '021-66667777');
  await saveForm(page);
  const stationSel = `[id^="tree-station-"]:not([id$="-add-room"]):has-text("新社区党群服务中心${run}")`;
  await page.locator(stationSel).first().waitFor({ state: 'visible' });
  const stationId = await idIn(page, stationSel, 'tree-station-');
  await page.locator(byId(`tree-station-${stationId}-add-room`)).click();
  await fill(page, 'name', '议事厅');
  await fill(page, 'capacity', '20');
  await page.locator(byId('field-requiresApproval')).click();
  const photo = join(tmpdir(), `rs-room-${run}.png`);
  writeFileSync(photo, pngBytes(96));
  const photoChooser = page.waitForEvent('filechooser');
  await page.locator(byId('field-photos-add')).click();
  await (await photoChooser).setFiles(photo);
  await page.locator(byId('field-photos-photo-0')).waitFor({ state: 'visible' });
  await screenshot(page, 'street-setup-2-room-form');
  await saveForm(page);
  const roomSel = `[id^="tree-room-"]:has-text("议事厅")`;
  await page.locator(roomSel).first().waitFor({ state: 'visible' });
  const roomId = await idIn(page, roomSel, 'tree-room-');
  const room = await call('GET', `/rooms/${roomId}`);
  expect(room.body).toMatchObject({ requiresApproval: true, photoKeys: [expect.stringMatching(/^room\//)] });
  expect((await fetch(room.body.photos[0])).status).toBe(200);

  // invite a staff member of the new station
  await page.locator(byId(`tree-community-${communityId}-people`)).click();
  await page.locator(byId(`people-community-${communityId}`)).click();
  await page.locator(byId('invite-role-staff')).click();
  await page.locator(byId(`invite-station-${stationId}`)).click();
  await page.locator(byId('invite-create')).click();
  await page.locator(byId('invite-poster')).waitFor({ state: 'visible' });
  const staffInvite = (await page.locator(byId('invite-url')).innerText()).trim();
  await screenshot(page, 'street-setup-3-staff-invite');

  // ---- the staff member accepts in a third context
  const staff = await personAs(browser, openids.staff);
  await accept(staff.page, staffInvite, `已成为新社区党群服务中心${run}的驿站工作人员`);

  // ---- a resident scans the room's code and books
  const token = await devLogin(openids.street);
  const codes = await callAllPages(`/communities/${communityId}/codes`, { token });
  const roomCode = codes.items.find((c: { targetId: string }) => c.targetId === roomId);
  expect(roomCode).toBeDefined();
  const resident = await personAs(browser, openids.resident);
  await resident.page.goto(scanUrl(stackEnv.webUrl, roomCode.token));
  await resident.page.locator(byId('scan-room-book')).click();
  await resident.page.locator(byId('room-rules')).waitFor({ state: 'visible' });
  const day = addDays(shanghaiToday(), 2);
  await resident.page.locator(byId(`day-${day}`)).click();
  await resident.page.waitForFunction(() => document.querySelector('#slot-1000')?.className.includes('room-slot--free'));
  await resident.page.locator(byId('slot-1000')).click();
  await resident.page.locator(byId('slot-1030')).click();
  await resident.page.locator('#booking-purpose input').fill('楼组长会议');
  await resident.page.locator('#booking-attendees input').fill('8');
  const created = resident.page.waitForResponse((r) => r.url().endsWith('/bookings') && r.request().method() === 'POST');
  await resident.page.locator(byId('booking-submit')).click();
  await resident.page.locator('.taro-model__confirm').click();
  const booked = await created;
  expect(booked.status()).toBe(201);
  const bookingId: string = (await booked.json()).id;
  await expect(resident.page.locator(byId('booking-success-status')).innerText()).resolves.toBe('已提交，待审核');

  // ---- the new staff member approves it in the workbench
  await loginAsOpenid(staff.page, openids.staff);
  await staff.page.locator(byId('workbench-entry')).click();
  await staff.page.locator(byId(`workbench-pending-${stationId}`)).click();
  await staff.page.locator(byId(`approve-${bookingId}`)).click();
  await staff.page.locator('.taro-model__confirm').click();
  await staff.page.waitForFunction((id) => document.querySelector(`#staff-booking-status-${id}`)?.textContent === '已通过', bookingId);
  await screenshot(staff.page, 'street-setup-4-staff-approved');
  const seen = await call('GET', `/bookings/${bookingId}`, { token: await devLogin(openids.resident) });
  expect(seen.body.status).toBe('approved');

  await Promise.all([root.context.close(), admin.context.close(), staff.context.close(), resident.context.close()]);
});
