import type { Browser } from 'playwright-core';
import { launchBrowser, loginAs, openApp, screenshot, showCommunity } from '../support/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('the H5 mini-program against the local stack', () => {
  it('shows the communities on 首页 from the real API', async () => {
    const { page, context } = await openApp(browser);
    await showCommunity(page, 'cm-xingfu');
    await expect(page.locator('#community-list').innerText()).resolves.toContain('幸福社区');
    await context.close();
  });

  it('demo-resident logs in and sees their name and role on 我的, then logs out after confirming', async () => {
    const { page, context } = await openApp(browser, '/pages/me/index');
    await loginAs(page, 'demo-resident');
    await expect(page.locator('#me-nickname').innerText()).resolves.toBe('王秀兰');
    await expect(page.locator('#me-roles').innerText()).resolves.toContain('居民');
    await expect(page.locator('#workbench-entry').count()).resolves.toBe(0);
    await screenshot(page, 'me-demo-resident');

    await page.locator('#logout-button').click();
    await page.locator('.taro-model__confirm').click();
    await page.locator('#login-button').waitFor({ state: 'visible' });
    await context.close();
  });

  it('demo-staff sees their station and reaches the 工作台 subpackage', async () => {
    const { page, context } = await openApp(browser, '/pages/me/index');
    await loginAs(page, 'demo-staff');
    await expect(page.locator('#me-scopes').innerText()).resolves.toContain('幸福社区党群服务中心');
    await page.locator('#workbench-entry').click();
    await page.locator('#workbench-station-sn-xingfu-centre').waitFor({ state: 'visible' });
    await context.close();
  });
});
