/**
 * 码上通 in the H5 build: a building's code URL — exactly what the poster's plain QR encodes
 * (functions/src/codes/poster.ts scanUrl with the stack's WEB_BASE_URL) — opens the scan
 * page, lands on the building page with the opted-in demo member's phone masked; after
 * logging in, 联系TA reveals the full number.
 */
import type { Browser } from 'playwright-core';
import { scanUrl } from '../../functions/src/codes/poster';
import { DEMO_CODES } from '../../functions/src/demo/data';
import { launchBrowser, openApp, screenshot } from '../support/browser';
import { stackEnv } from '../support/env';

const FULL_PHONE = '13912345678'; // 李建国 (demo-member), functions/src/demo/data.ts
const MASKED = '139****5678';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const byId = (id: string) => `[id="${id}"]`;

describe('building code 楼栋码 in H5', () => {
  it('shows the demo member masked, then reveals the number after login', async () => {
    const token = DEMO_CODES.find((c) => c.kind === 'building' && c.targetId === 'bd-xingfu-1')!.token;
    const url = scanUrl(stackEnv.webUrl, token);
    const prefix = `${stackEnv.webUrl}/#`;
    expect(url.startsWith(prefix)).toBe(true);
    const { page, context } = await openApp(browser, url.slice(prefix.length));

    // The scan page resolves the code and redirects to the building page. (The address is read
    // after the redirect: read at once, it could already be the building's when the API answered
    // before the page's load event.)
    await page.locator(byId('page-building')).waitFor({ state: 'visible' });
    expect(page.url()).toBe(`${prefix}/pages/building/index?id=bd-xingfu-1&code=${encodeURIComponent(token)}`);
    await page.locator(byId('member-u-demo-member')).waitFor({ state: 'visible' });
    await expect(page.locator(byId('building-name')).innerText()).resolves.toContain('幸福家园 1 栋');
    await expect(page.locator(byId('building-grid')).innerText()).resolves.toContain('赵晓燕');
    await expect(page.locator(byId('member-u-demo-member-name')).innerText()).resolves.toBe('李建国');
    await expect(page.locator(byId('member-u-demo-member-phone')).innerText()).resolves.toContain(MASKED);
    await expect(page.locator(byId('member-u-demo-member-posts')).innerText()).resolves.not.toBe('');
    await page.locator(byId('building-station-sn-xingfu-centre')).waitFor({ state: 'visible' });
    // No full number anywhere on the page before a reveal.
    await expect(page.locator('body').innerText()).resolves.not.toContain(FULL_PHONE);
    await screenshot(page, 'building-masked');

    // 联系TA while logged out → the login sheet → demo-resident → the number.
    await page.locator(byId('member-u-demo-member-contact')).click();
    await page.locator(byId('login-sheet')).waitFor({ state: 'visible' });
    await page.locator(byId('demo-account-demo-resident')).click();
    await page.locator(byId('member-u-demo-member-phone'), { hasText: FULL_PHONE }).waitFor({ state: 'visible' });
    await page.locator(byId('member-u-demo-member-call')).waitFor({ state: 'visible' });
    await screenshot(page, 'building-revealed');
    await context.close();
  });

  it('a token that is not a code shows a friendly message and the paste box', async () => {
    const { page, context } = await openApp(browser, '/pages/scan/index?t=AAAAAAAAAAAAAAAAAAAAAA');
    await page.locator(byId('scan-unknown')).waitFor({ state: 'visible' });
    await expect(page.locator(byId('scan-message')).innerText()).resolves.toContain('未找到该二维码');
    await page.locator(byId('scan-box-input')).waitFor({ state: 'visible' });
    await context.close();
  });
});
