/**
 * Check-in through the H5 UI (issue #13 item 1), from the door poster: the room's poster PNG
 * is fetched as the admin prints it, its QR decoded, and the page that QR opens is visited.
 * - demo-resident, with a booking of 党员活动室 that starts within 15 minutes, scans it:
 *   the scan page offers 签到, one tap checks in, 我的预约 shows 已签到.
 * - demo-member's booking of 多功能会议室 in its window: staff check it in from 今日安排
 *   (签到核销), and the workbench no longer lists 签到核销 as 即将开放.
 * The bookings are written straight into the table (the API refuses to book a slot that has
 * already started or is too soon), with the same insertBooking the API uses.
 */
import { randomUUID } from 'node:crypto';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Browser } from 'playwright-core';
import { checkInDeadline, isoWeek } from '../../functions/src/booking/rules';
import type { BookingRecord } from '../../functions/src/booking/model';
import { insertBooking } from '../../functions/src/booking/storage';
import { launchBrowser, loginAs, openApp, screenshot } from '../support/browser';
import { useStackTable } from '../support/ddb';
import { stackEnv } from '../support/env';
import { call, callAllPages, devLogin } from '../support/http';
import { checkInSlot } from '../support/dates';

jest.setTimeout(90_000);

let browser: Browser;
beforeAll(async () => {
  useStackTable();
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** What a test does after booking, with the slack of a loaded CI machine: the window must stay open this long. */
const WINDOW_LEFT_MS = 90_000;
/** The longest wait for a window: past xx:14 / xx:44 for the next one, and from 23:43:30 to midnight for today's. */
const MAX_WAIT_MS = { today: WINDOW_LEFT_MS + 15 * 60_000 + 5000, any: WINDOW_LEFT_MS + 2000 };

/**
 * An approved booking of `roomId` for the user behind `token`, starting at a half hour whose
 * check-in window is open now (today's, unless `today` is false).
 */
async function bookingInWindow(token: string, roomId: string, station: { id: string; name: string }, roomName: string, today = true): Promise<string> {
  const me = await call('GET', '/me', { token });
  let slot = checkInSlot(Date.now(), { leftMs: WINDOW_LEFT_MS, today });
  while ('waitMs' in slot) {
    const { waitMs } = slot;
    await new Promise((r) => setTimeout(r, waitMs));
    slot = checkInSlot(Date.now(), { leftMs: WINDOW_LEFT_MS, today });
  }
  const { date, start, end } = slot;
  const now = new Date();
  const record: BookingRecord = {
    id: randomUUID(),
    roomId,
    roomName,
    stationId: station.id,
    stationName: station.name,
    communityId: 'cm-xingfu',
    userId: me.body.user.id,
    userName: me.body.user.nickname,
    date,
    start,
    end,
    purpose: '支部学习',
    attendees: 5,
    contactPhone: '13800138000',
    status: 'approved',
    history: [{ status: 'approved', at: now.toISOString(), byUserId: 'system', byName: '系统' }],
    createdAt: now.toISOString(),
    checkInDeadline: checkInDeadline(date, start),
    quotaWeek: isoWeek(date),
  };
  expect(await insertBooking(record, 50, now)).toBe('created');
  return record.id;
}

/** What the QR on a room's door poster says, read off the poster PNG the admin prints. */
async function roomPosterQrText(roomId: string): Promise<string> {
  const admin = await devLogin('demo-admin');
  const codes = await callAllPages('/communities/cm-xingfu/codes', { token: admin });
  const code = codes.items.find((c: { kind: string; targetId: string }) => c.kind === 'room' && c.targetId === roomId);
  const res = await fetch(`${stackEnv.apiUrl}/codes/${code.token}/poster.png`);
  expect(res.status).toBe(200);
  const img = PNG.sync.read(Buffer.from(await res.arrayBuffer()));
  const text = jsQR(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height)?.data;
  expect(text).toBeDefined();
  return text!;
}

/** The H5 route a scanned poster QR opens: WeChat opens pages/scan/index with its `scene`. */
function routeOf(qrText: string): string {
  if (qrText.startsWith(`${stackEnv.webUrl}/#`)) return qrText.slice(`${stackEnv.webUrl}/#`.length);
  const m = /pages\/scan\/index\?(.*)$/.exec(qrText);
  expect(m).not.toBeNull();
  return `/pages/scan/index?${m![1]}`;
}

const CENTRE = { id: 'sn-xingfu-centre', name: '幸福社区党群服务中心' };

describe('check-in 签到', () => {
  it('the resident scans the room’s door poster inside the window and checks in', async () => {
    const resident = await devLogin('demo-resident');
    const bookingId = await bookingInWindow(resident, 'rm-centre-party', CENTRE, '党员活动室');
    const qr = await roomPosterQrText('rm-centre-party');

    const { page, context } = await openApp(browser, routeOf(qr));
    await page.locator('#scan-result-room').waitFor({ state: 'visible' });
    await expect(page.locator('#scan-result-label').innerText()).resolves.toContain('党员活动室');
    // Logged out: the page cannot know the booking yet, and says how to get to 签到.
    await page.locator('#scan-room-login').click();
    await page.locator('#demo-account-demo-resident').click();
    await page.locator('#scan-checkin-button').waitFor({ state: 'visible' });
    await expect(page.locator('#scan-checkin-booking').innerText()).resolves.toContain('支部学习');
    await screenshot(page, 'check-in-1-scan-offers');
    const checked = page.waitForResponse((r) => r.url().endsWith(`/bookings/${bookingId}/check-in`));
    await page.locator('#scan-checkin-button').click();
    expect((await checked).status()).toBe(200);
    await page.locator('#scan-checkin-done').waitFor({ state: 'visible' });
    await expect(page.locator('#scan-checkin-done-text').innerText()).resolves.toContain('签到成功');

    await page.locator('#scan-checkin-detail').click();
    await page.waitForFunction(() => document.querySelector('#booking-detail-status')?.textContent === '已签到');
    await expect(page.locator('#booking-history').innerText()).resolves.toContain('扫房间二维码签到');
    await screenshot(page, 'check-in-2-checked-in');
    await context.close();
  }, 90_000 + MAX_WAIT_MS.today);

  it('a booking of another room is not offered 签到 on this room’s poster', async () => {
    const member = await devLogin('demo-member');
    await bookingInWindow(member, 'rm-centre-reading', CENTRE, '阅览室', false);
    const qr = await roomPosterQrText('rm-centre-party');
    const { page, context } = await openApp(browser, '/pages/me/index');
    await loginAs(page, 'demo-member');
    await page.goto(`${stackEnv.webUrl}/#${routeOf(qr)}`);
    await page.reload();
    await page.locator('#scan-room-book').waitFor({ state: 'visible' });
    await page.waitForLoadState('networkidle');
    await expect(page.locator('#scan-checkin-button').count()).resolves.toBe(0);
    await context.close();
  }, 90_000 + MAX_WAIT_MS.any);

  it('staff check a person in from 今日安排 (签到核销)', async () => {
    const member = await devLogin('demo-member');
    const bookingId = await bookingInWindow(member, 'rm-centre-hall', CENTRE, '多功能会议室');

    const { page, context } = await openApp(browser, '/pages/me/index');
    await loginAs(page, 'demo-staff');
    await page.locator('#workbench-entry').click();
    await page.locator('#workbench-today-sn-xingfu-centre').waitFor({ state: 'visible' });
    await expect(page.locator('#page-workbench').innerText()).resolves.not.toMatch(/签到核销：.*\n?即将开放/);
    await page.locator('#workbench-today-sn-xingfu-centre').click();
    await page.locator(`#staff-checkin-${bookingId}`).click();
    await page.locator('.taro-model__confirm').click();
    await page.waitForFunction((id) => document.querySelector(`#staff-booking-status-${id}`)?.textContent === '已签到', bookingId);
    await expect(page.locator(`#staff-checkin-${bookingId}`).count()).resolves.toBe(0);
    await screenshot(page, 'check-in-3-staff');
    await context.close();

    const after = await call('GET', `/bookings/${bookingId}`, { token: member });
    expect(after.body.history.at(-1)).toMatchObject({ status: 'checked_in', byName: '张丽', reason: '工作人员核销签到' });
  }, 90_000 + MAX_WAIT_MS.today);
});
