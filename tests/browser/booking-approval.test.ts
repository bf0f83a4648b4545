/**
 * Room booking through the H5 UI, the approval journey: demo-resident books 多功能会议室
 * (rm-centre-hall, needs approval) from the 预约 tab, demo-staff approves it in the
 * workbench's pending queue, and the resident then sees it 已通过 in 我的预约.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, loginAs, openApp, screenshot, showCommunity } from '../support/browser';
import { call, devLogin } from '../support/http';
import { nthWeekdayAfterToday } from '../support/dates';

const ROOM = 'rm-centre-hall';
const STATION = 'sn-xingfu-centre';
// A weekday inside the hall's 14-day window that tests/api/booking.test.ts does not use.
const DAY = nthWeekdayAfterToday(6);

// A journey through several pages and two users: longer than jest's default 5 s.
jest.setTimeout(60_000);

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  // Against a database an earlier run left behind: free the slot this test books.
  const resident = await devLogin('demo-resident');
  const mine = await call('GET', '/bookings/mine', { token: resident });
  for (const b of mine.body.items ?? []) {
    if (b.roomId === ROOM && b.date === DAY && b.start === '16:00' && ['pending', 'approved'].includes(b.status)) {
      await call('POST', `/bookings/${b.id}/cancel`, { token: resident, body: {} });
    }
  }
});
afterAll(() => browser?.close());

async function hasClass(page: Page, selector: string, cls: string): Promise<boolean> {
  return ((await page.locator(selector).getAttribute('class')) ?? '').split(/\s+/).includes(cls);
}

describe('booking a room that needs approval', () => {
  it('resident books, staff approves in the pending queue, resident sees 已通过', async () => {
    // ---- resident: 预约 tab → station → room → day → slots → form → confirm
    const { page, context } = await openApp(browser, '/pages/me/index');
    await loginAs(page, 'demo-resident');
    await page.locator('#my-bookings-entry-me').waitFor({ state: 'visible' });
    await page.locator('.weui-tabbar__item').nth(1).click();
    // No location in this browser: the resident picks their community.
    await (await showCommunity(page, 'cm-xingfu')).click();
    await page.locator(`#station-${STATION}`).click();
    await page.locator('#station-hours').waitFor({ state: 'visible' });
    await expect(page.locator('#station-hours').innerText()).resolves.toContain('周一');
    await page.locator(`#room-${ROOM}`).click();
    await page.locator('#room-rules').waitFor({ state: 'visible' });
    await expect(page.locator('#room-rules').innerText()).resolves.toContain('需工作人员审核');

    await page.locator(`#day-${DAY}`).click();
    await page.waitForFunction(() => document.querySelector('#slot-1600')?.className.includes('room-slot--free'));
    await page.locator('#slot-1600').click();
    await page.locator('#slot-1630').click();
    await expect(page.locator('#booking-selection').innerText()).resolves.toContain('16:00–17:00');
    expect(await hasClass(page, '#slot-1630', 'room-slot--selected')).toBe(true);

    await page.locator('#booking-purpose input').fill('楼栋议事会');
    await page.locator('#booking-attendees input').fill('12');
    const created = page.waitForResponse((r) => r.url().endsWith('/bookings') && r.request().method() === 'POST');
    await page.locator('#booking-submit').click();
    await page.locator('.taro-model__confirm').waitFor({ state: 'visible' });
    await expect(page.locator('.taro-modal__content').innerText()).resolves.toContain('16:00–17:00');
    await page.locator('.taro-model__confirm').click();
    const res = await created;
    expect(res.status()).toBe(201);
    const bookingId: string = (await res.json()).id;
    await expect(page.locator('#booking-success-status').innerText()).resolves.toBe('已提交，待审核');
    await screenshot(page, 'booking-approval-1-submitted');

    await page.locator('#booking-success-mine').click();
    await page.locator(`#booking-status-${bookingId}`).waitFor({ state: 'visible' });
    await expect(page.locator(`#booking-status-${bookingId}`).innerText()).resolves.toBe('待审核');

    // ---- staff: 我的 → 工作台 → 待审核预约 → 通过
    const staff = await openApp(browser, '/pages/me/index');
    await loginAs(staff.page, 'demo-staff');
    await staff.page.locator('#workbench-entry').click();
    await staff.page.locator(`#workbench-pending-${STATION}`).click();
    await staff.page.locator(`#approve-${bookingId}`).click();
    await staff.page.locator('.taro-model__confirm').click();
    await staff.page.waitForFunction((id) => document.querySelector(`#staff-booking-status-${id}`)?.textContent === '已通过', bookingId);
    await screenshot(staff.page, 'booking-approval-2-approved-by-staff');
    await staff.context.close();

    // ---- resident: 我的预约 shows 已通过 after a pull-to-refresh-equivalent reload
    await page.goto(`${page.url().split('#')[0]}#/pages/bookings/index`);
    await page.reload();
    await page.waitForFunction((id) => document.querySelector(`#booking-status-${id}`)?.textContent === '已通过', bookingId);
    await page.locator(`#booking-${bookingId}`).click();
    await page.locator('#booking-history').waitFor({ state: 'visible' });
    await expect(page.locator('#booking-detail-status').innerText()).resolves.toBe('已通过');
    await expect(page.locator('#booking-history').innerText()).resolves.toContain('张丽');
    await screenshot(page, 'booking-approval-3-resident-sees-approved');
    await context.close();
  });
});
