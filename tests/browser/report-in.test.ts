/**
 * 报到 in the H5 build: a fresh member (made and confirmed over the API) opens the community
 * code's URL, reports in through the form; demo-staff confirms it in 工作台 → 党员与报到;
 * the member then sees 已报到.
 */
import type { Browser, Page } from 'playwright-core';
import { scanUrl } from '../../functions/src/codes/poster';
import { DEMO_CODES } from '../../functions/src/demo/data';
import { launchBrowser, loginAs, openApp, screenshot } from '../support/browser';
import { stackEnv } from '../support/env';
import { call, devLogin } from '../support/http';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const byId = (id: string) => `[id="${id}"]`;

/** Puts a session into H5 storage the way src/auth/session.ts does (Taro wraps values as {data}). */
async function injectSession(page: Page, session: unknown, openid: string): Promise<void> {
  await page.evaluate(
    ([s, o]) => {
      localStorage.setItem('rs.session', JSON.stringify({ data: s }));
      localStorage.setItem('rs.demoOpenid', JSON.stringify({ data: o }));
    },
    [session, openid] as const,
  );
}

describe('report-in 报到 confirmed by staff', () => {
  it('a confirmed member reports in through the UI, staff confirms, the member sees 已报到', async () => {
    // A new user who is a confirmed party member (apply over the API, demo-admin confirms).
    const openid = `browser-reportin-${Date.now()}`;
    const first = await call('POST', '/auth/dev-login', { body: { openid } });
    expect(first.status).toBe(200);
    const userId: string = first.body.user.id;
    const applied = await call('POST', '/members/apply', {
      token: first.body.token,
      body: { communityId: 'cm-xingfu', name: '韩卫东', branch: '市供电局第三党支部', phone: '13700002222' },
    });
    expect(applied.status).toBe(201);
    const admin = await devLogin('demo-admin');
    expect((await call('POST', `/members/${userId}/review`, { token: admin, body: { decision: 'confirm' } })).status).toBe(200);
    const session = (await call('POST', '/auth/dev-login', { body: { openid } })).body;

    // The member opens the community code's URL and reports in.
    const { page, context } = await openApp(browser);
    await page.locator(byId('page-index')).waitFor();
    await injectSession(page, session, openid);
    const community = DEMO_CODES.find((c) => c.kind === 'community' && c.targetId === 'cm-xingfu')!.token;
    await page.goto(scanUrl(stackEnv.webUrl, community));
    await page.reload();
    await page.locator(byId('scan-result-community')).waitFor({ state: 'visible' });
    await page.locator(byId('scan-reportin-button')).click();
    await page.locator(byId('reportin-community')).waitFor({ state: 'visible' });
    await page.locator(byId('reportin-building-bd-xingfu-2')).click();
    await page.locator(`${byId('reportin-skills')} input`).fill('电器维修、法律咨询');
    await page.locator(byId('reportin-time-1')).click();
    await page.locator(byId('reportin-submit')).click();
    await page.locator(byId('reportin-status'), { hasText: '待确认' }).waitFor({ state: 'visible' });
    await screenshot(page, 'reportin-pending');

    // demo-staff confirms it: 我的 → 工作台 → 党员与报到.
    const staff = await openApp(browser, '/pages/me/index');
    await loginAs(staff.page, 'demo-staff');
    await staff.page.locator(byId('workbench-entry')).click();
    await staff.page.locator(byId('workbench-members')).click();
    const item = staff.page.locator(byId(`reportin-${userId}`));
    await item.waitFor({ state: 'visible' });
    await expect(item.innerText()).resolves.toContain('韩卫东');
    await expect(item.innerText()).resolves.toContain('137****2222');
    await expect(item.innerText()).resolves.toContain('幸福家园 2 栋');
    await screenshot(staff.page, 'reportin-staff');
    await staff.page.locator(byId(`reportin-${userId}-confirm`)).click();
    await item.waitFor({ state: 'detached' });
    await staff.context.close();

    // The member sees 已报到 in 党员中心.
    await page.goto(`${stackEnv.webUrl}/#/packages/member/pages/index/index`);
    await page.reload();
    await page.locator(byId('member-reportin-status'), { hasText: '已报到' }).waitFor({ state: 'visible' });
    await expect(page.locator(byId('member-status')).innerText()).resolves.toBe('已认证');
    await screenshot(page, 'reportin-confirmed');
    await context.close();
  });
});
