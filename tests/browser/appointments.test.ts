/**
 * Appointments through the H5 UI (#8): a community admin invites a staff member from 人员与任命
 * (QR poster with its link); the invitee opens the link in a second browser, logs in,
 * accepts and then works in the staff workbench; the same link opened again shows the
 * Chinese "already used" message.
 */
import { launchBrowser, loginAs, openApp, screenshot } from '../support/browser';
import { call, devLogin } from '../support/http';
import type { Browser } from 'playwright-core';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

jest.setTimeout(180_000);

const STATION = 'sn-xingfu-centre';
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  // demo-resident is a plain resident for every other suite: take the role back.
  const admin = await devLogin('demo-admin');
  await call('DELETE', `/roles/u-demo-resident/staff/${STATION}`, { token: admin });
  await browser?.close();
});

it('an admin invites a staff member, who accepts in a second browser and sees the workbench; the link then says it was used', async () => {
  const { page: adminPage, context: adminContext } = await openApp(browser, '/pages/me/index');
  await loginAs(adminPage, 'demo-admin');
  await adminPage.locator('#workbench-entry').click();
  await adminPage.locator('#workbench-people').click();
  await adminPage.locator(`#invite-station-${STATION}`).click();
  await adminPage.locator('#invite-create').click();
  await adminPage.locator('#invite-poster').waitFor({ state: 'visible' });
  await expect(adminPage.locator('#invite-poster-title').textContent()).resolves.toBe('邀请您担任幸福社区党群服务中心的驿站工作人员');
  expect(await adminPage.locator('#invite-qr .invite-poster__cell--dark').count()).toBeGreaterThan(100);
  await screenshot(adminPage, 'appointments-invite-poster');
  const url = (await adminPage.locator('#invite-url').textContent())!.trim();
  expect(url).toMatch(/#\/packages\/invite\/index\?t=[A-Za-z0-9_-]{22}$/);
  // The poster's code, as drawn on the screen, scans to that link.
  const png = PNG.sync.read(await adminPage.locator('#invite-qr').screenshot());
  expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(url);

  const invitee = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await invitee.newPage();
  await page.goto(url);
  await expect(page.locator('#invite-role').textContent()).resolves.toBe('驿站工作人员');
  await page.locator('#invite-accept').click();
  await page.locator('#demo-account-demo-resident').click();
  await page.locator('#invite-accepted').waitFor({ state: 'visible' });
  expect(await page.locator('#invite-accepted').textContent()).toContain('已成为幸福社区党群服务中心的驿站工作人员');
  await page.locator('#invite-workbench').click();
  await page.locator(`#workbench-station-${STATION}`).waitFor({ state: 'visible' });
  await screenshot(page, 'appointments-invitee-workbench');

  const again = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const second = await again.newPage();
  await second.goto(url);
  await second.locator('#invite-message').waitFor({ state: 'visible' });
  expect(await second.locator('#invite-message').textContent()).toBe('该邀请已被使用，每个邀请只能使用一次');

  // The admin's people list now shows the new staff member; 撤销 asks first, then applies at once.
  await adminPage.reload();
  await adminPage.locator(`[id="person-staff-${STATION}-u-demo-resident"]`).waitFor({ state: 'visible' });
  await adminPage.locator(`[id="revoke-staff-${STATION}-u-demo-resident"]`).click();
  await adminPage.locator('.taro-model__confirm').waitFor({ state: 'visible' });
  await expect(adminPage.locator('.taro-modal__content').innerText()).resolves.toContain('确定撤销王秀兰的幸福社区党群服务中心驿站工作人员职务吗');
  const revoked = adminPage.waitForResponse((r) => r.url().includes('/roles/u-demo-resident/staff/') && r.request().method() === 'DELETE');
  await adminPage.locator('.taro-model__confirm').click();
  expect((await revoked).status()).toBe(200);
  await adminPage.locator(`[id="person-staff-${STATION}-u-demo-resident"]`).waitFor({ state: 'detached' });
  // The next request of the former staff member already lacks the role.
  await page.reload();
  await page.locator('#workbench-empty').waitFor({ state: 'visible' });
  await Promise.all([adminContext.close(), invitee.close(), again.close()]);
});
