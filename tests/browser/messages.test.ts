/**
 * 消息 through the H5 UI (#11): demo-resident books 多功能会议室 (needs approval); demo-staff,
 * in a second browser, sees the unread badge on the 我的 tab and the new-booking message in
 * 消息, opens it (the pending queue) and approves; the resident's 我的 tab then shows 1, the
 * message reads 未读 until tapped, and tapping it opens the booking's detail.
 */
import type { Page } from 'playwright-core';
import { byId, eventually, loginAs, openApp, screenshot, useBrowser, showCommunity } from '../support/browser';
import { call, devLogin } from '../support/http';
import { nthWeekdayAfterToday } from '../support/dates';

const ROOM = 'rm-centre-hall';
const STATION = 'sn-xingfu-centre';
// A weekday inside the hall's 14-day window, at an hour the other booking tests do not use.
const DAY = nthWeekdayAfterToday(8);
const PURPOSE = `消息测试${Date.now() % 100000}`;

jest.setTimeout(90_000);
const browserOf = useBrowser();

beforeAll(async () => {
  const resident = await devLogin('demo-resident');
  const staff = await devLogin('demo-staff');
  // Against a database an earlier run left behind: free the slot, and start from empty badges.
  const mine = await call('GET', '/bookings/mine', { token: resident });
  for (const b of mine.body.items ?? []) {
    if (b.roomId === ROOM && b.date === DAY && b.start === '10:00' && ['pending', 'approved'].includes(b.status)) {
      await call('POST', `/bookings/${b.id}/cancel`, { token: resident, body: {} });
    }
  }
  for (const token of [resident, staff]) await call('POST', '/me/messages/read', { token, body: { all: true } });
});

/** Waits until the 我的 tab (the fourth) shows `text` as its badge, or none for null. */
async function waitForBadge(page: Page, text: string | null): Promise<void> {
  await page.waitForFunction((want) => {
    const badge = document.querySelectorAll('.weui-tabbar__item')[3]?.querySelector<HTMLElement>('.taro-tabbar-badge');
    const shown = badge && badge.offsetParent !== null ? (badge.textContent ?? '').trim() : null;
    return shown === want;
  }, text);
}

describe('消息: the unread badge on 我的 and the inbox', () => {
  it('staff is told of a new booking and approves it from the message; the resident is told of the approval', async () => {
    const browser = browserOf();
    // ---- resident books the hall (预约 tab → community → station → room → slots → submit)
    const resident = await openApp(browser, '/pages/me/index');
    const page = resident.page;
    await loginAs(page, 'demo-resident');
    await waitForBadge(page, null);
    await page.locator('.weui-tabbar__item').nth(1).click();
    await (await showCommunity(page, 'cm-xingfu')).click();
    await page.locator(`#station-${STATION}`).click();
    await page.locator(`#room-${ROOM}`).click();
    await page.locator(`#day-${DAY}`).click();
    await page.waitForFunction(() => document.querySelector('#slot-1000')?.className.includes('room-slot--free'));
    await page.locator('#slot-1000').click();
    await page.locator('#booking-purpose input').fill(PURPOSE);
    await page.locator('#booking-attendees input').fill('6');
    const created = page.waitForResponse((r) => r.url().endsWith('/bookings') && r.request().method() === 'POST');
    await page.locator('#booking-submit').click();
    await page.locator('.taro-model__confirm').click();
    const res = await created;
    expect(res.status()).toBe(201);
    const bookingId: string = (await res.json()).id;

    // ---- staff: the badge on 我的, the message in 消息, opened: the pending queue, 通过
    const staff = await openApp(browser, '/pages/me/index');
    await loginAs(staff.page, 'demo-staff');
    await waitForBadge(staff.page, '1');
    // 我的 sets the tab badge before its own count (the count's state lands a render later).
    await eventually(() => expect(staff.page.locator('#inbox-entry').innerText()).resolves.toContain('1 条未读'));
    await screenshot(staff.page, 'messages-1-staff-badge');
    await staff.page.locator('#inbox-entry').click();
    const staffMessage = staff.page.locator('.inbox-item', { hasText: PURPOSE });
    await staffMessage.waitFor({ state: 'visible' });
    await expect(staffMessage.innerText()).resolves.toContain('新的场地预约待审核');
    await expect(staffMessage.innerText()).resolves.toContain('未读');
    await screenshot(staff.page, 'messages-2-staff-inbox');
    await staffMessage.click();
    await staff.page.locator(byId(`approve-${bookingId}`)).click();
    await staff.page.locator('.taro-model__confirm').click();
    await staff.page.waitForFunction((id) => document.querySelector(`#staff-booking-status-${id}`)?.textContent === '已通过', bookingId);
    // Back in 消息 the message reads as read, and 我的 has no badge any more.
    await staff.page.goBack();
    await staffMessage.locator('.inbox-item__flag').waitFor({ state: 'detached' });
    await staff.page.goto(staff.page.url().replace(/#.*$/, '#/pages/me/index'));
    await waitForBadge(staff.page, null);
    await staff.context.close();

    // ---- resident: back on 我的 (the app comes to the front again), badge 1; the message opens the booking
    await page.goto(page.url().replace(/#.*$/, '#/pages/me/index'));
    await page.reload();
    await waitForBadge(page, '1');
    await page.locator('#inbox-entry').click();
    const approved = page.locator('.inbox-item', { hasText: '预约已通过' }).first();
    await approved.waitFor({ state: 'visible' });
    await expect(approved.innerText()).resolves.toContain('未读');
    await screenshot(page, 'messages-3-resident-inbox');
    await approved.click();
    await page.locator('#booking-history').waitFor({ state: 'visible' });
    expect(page.url()).toContain(`id=${bookingId}`);
    await expect(page.locator('#booking-detail-status').innerText()).resolves.toBe('已通过');
    await screenshot(page, 'messages-4-resident-booking');
    const { body } = await call('GET', '/me/messages/unread-count', { token: await devLogin('demo-resident') });
    expect(body.unread).toBe(0);
    await resident.context.close();
  });
});
