/**
 * Activities 活动 through the H5 UI (issue #9), in a community of the test's own (street,
 * community, station with a room open round the clock, its organiser and three residents).
 * Activity times are whole or half hours (shared LocalDateTime) and the API refuses past
 * activities, so with the real clock (no backdoor):
 * - The organiser publishes a 讲座 in the station's room from its free slots, in the next
 *   half hour that leaves a few minutes for signing up; its check-in (30 minutes before the
 *   start) is then open, or opens within minutes (the test waits). One of its two places goes
 *   to a neighbour over the API; the slot is then taken for room bookings too.
 * - Two residents, each in an own browser context, sign up for the last place at the same
 *   moment: one is confirmed, the other waitlisted at position 1. The confirmed one cancels
 *   (after a confirmation); the waitlisted one is promoted and sees 已报名.
 * - The organiser shows the full-screen rotating code; the promoted resident types the code
 *   read off the organiser's screen and is checked in; the organiser's list shows it; the
 *   code changes after its 30 seconds.
 * - Hours are confirmed only after an end at least 30 minutes away, so that part uses a
 *   志愿服务 of the same station that ended yesterday, written into the table as publishing
 *   and check-in leave it (as tests/api/activities.test.ts does): the promoted resident
 *   checked in, the other did not. The organiser confirms attendance in the UI (the checked-in
 *   one pre-selected), the resident sees 2 hours in 我的志愿时长 and downloads the certificate.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createUser } from '../../functions/src/auth/storage';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import type { Roles } from '../../shared/src/roles';
import { eventually, launchBrowser, loginAsOpenid, screenshot } from '../support/browser';
import { activityForm } from '../support/activities';
import { useStackTable } from '../support/ddb';
import { stackEnv } from '../support/env';
import { addDays, halfHourEnd, shanghaiToday, shanghaiWallClock } from '../support/dates';
import { call, devLogin } from '../support/http';

jest.setTimeout(420_000);

const run = randomUUID().slice(0, 8);
const plain: Roles = { resident: true, member: false, staffStationIds: [], adminCommunityIds: [] };
const allDay = Object.fromEntries(['0', '1', '2', '3', '4', '5', '6'].map((d) => [d, [{ open: '00:00', close: '24:00' }]]));

let browser: Browser;
const contexts: BrowserContext[] = [];
let stationId = '';
let roomId = '';
let communityId = '';
const openid = { staff: `act-ui-staff-${run}`, a: `act-ui-a-${run}`, b: `act-ui-b-${run}`, c: `act-ui-c-${run}` };
const names = { a: `李晓梅${run.slice(0, 2)}`, b: `陈建国${run.slice(0, 2)}` };

async function userWith(key: keyof typeof openid, nickname: string, roles: Partial<Roles> = {}): Promise<string> {
  const id = `u-${openid[key]}`;
  await createUser({ id, openid: openid[key], nickname, roles: { ...plain, ...roles }, createdAt: new Date().toISOString() });
  return id;
}

beforeAll(async () => {
  useStackTable();
  browser = await launchBrowser();
  const rootOpenid = `act-ui-root-${run}`;
  await createUser({ id: `u-${rootOpenid}`, openid: rootOpenid, nickname: '系统管理员', roles: { ...plain, root: true }, createdAt: new Date().toISOString() });
  const root = await devLogin(rootOpenid);
  const street = await call('POST', '/streets', { token: root, body: { name: `活动测试街道${run}` } });
  const community = await call('POST', `/streets/${street.body.id}/communities`, { token: root, body: { name: `活动测试社区${run}`, address: '测试路 9 号' } });
  expect([street.status, community.status]).toEqual([201, 201]);
  communityId = community.body.id;
  const adminOpenid = `act-ui-admin-${run}`;
  await createUser({ id: `u-${adminOpenid}`, openid: adminOpenid, nickname: '社区管理员', roles: { ...plain, adminCommunityIds: [community.body.id] }, createdAt: new Date().toISOString() });
  const admin = await devLogin(adminOpenid);
  const station = await call('POST', `/communities/${community.body.id}/stations`, {
    token: admin,
    body: { kind: 'centre', name: `活动测试驿站${run}`, address: '测试路 9 号', location: { lat: 31.2, lng: 121.4 }, phone: '021-12345678', openingHours: allDay },
  });
  expect(station.status).toBe(201);
  stationId = station.body.id;
  const room = await call('POST', `/stations/${stationId}/rooms`, { token: admin, body: { name: '多功能厅', capacity: 40 } });
  expect(room.status).toBe(201);
  roomId = room.body.id;
  await createUser({ id: `u-${openid.staff}`, openid: openid.staff, nickname: '周组织', roles: { ...plain, staffStationIds: [stationId] }, createdAt: new Date().toISOString() });
  await Promise.all([userWith('a', names.a), userWith('b', names.b), userWith('c', '王邻居')]);
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
});

async function phone(who: keyof typeof openid): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  contexts.push(context);
  const page = await context.newPage();
  await loginAsOpenid(page, openid[who]);
  return page;
}

const fill = (page: Page, id: string, value: string) => page.locator(`#${id} input, #${id} textarea`).first().fill(value);
async function confirmModal(page: Page, contains?: string): Promise<void> {
  await page.locator('.taro-model__confirm').waitFor({ state: 'visible' });
  if (contains) await expect(page.locator('.taro-modal__content').innerText()).resolves.toContain(contains);
  await page.locator('.taro-model__confirm').click();
  await page.locator('.taro-model__confirm').waitFor({ state: 'hidden' });
}
const textOf = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();

/** The organiser's workbench → 活动管理 → 新建活动. */
async function openNewActivity(page: Page): Promise<void> {
  await page.goto(`${stackEnv.webUrl}/#/packages/staff/pages/index/index`);
  await page.locator(`#workbench-activities-${stationId}`).click();
  await page.locator('#manage-create').click();
  await page.locator('#edit-form').waitFor({ state: 'visible' });
}

/** 发布 → confirm; returns the published activity's id (the page then shows the organiser's view). */
async function publish(page: Page, confirmText: string): Promise<string> {
  const published = page.waitForResponse((r) => /\/activities\/[^/]+\/publish$/.test(r.url()) && r.request().method() === 'POST');
  await page.locator('#edit-publish').click();
  await confirmModal(page, confirmText);
  const res = await published;
  expect(res.status()).toBe(200);
  const id = (await res.json()).id as string;
  await page.locator('#staff-activity-status', { hasText: '报名中' }).waitFor({ state: 'visible' });
  return id;
}

/**
 * A 志愿服务 of the station that ended yesterday (2 hours credited), as publishing and check-in
 * leave it: `checkedIn` attended and checked in, `absent` held a place and never came.
 */
async function seedEndedVolunteering(checkedIn: { id: string; name: string }, absent: { id: string; name: string }): Promise<string> {
  const id = `act-ui-ended-${run}`;
  const yesterday = addDays(shanghaiToday(), -1);
  const a = {
    id,
    stationId,
    stationName: `活动测试驿站${run}`,
    communityId,
    placeName: '测试路 9 号 3 栋楼道',
    organiserId: `u-${openid.staff}`,
    organiserName: '周组织',
    title: '楼道清洁志愿服务',
    description: '',
    photos: [],
    kind: 'volunteer',
    start: `${yesterday}T09:00`,
    end: `${yesterday}T11:00`,
    place: { address: '测试路 9 号 3 栋楼道' },
    capacity: 10,
    signUpOpens: `${addDays(yesterday, -3)}T09:00`,
    signUpCloses: `${yesterday}T09:00`,
    cancelDeadline: `${yesterday}T09:00`,
    audience: 'everyone',
    hours: 2,
    status: 'published',
    taken: 2,
    waitCount: 0,
    version: 2,
    createdAt: `${addDays(yesterday, -3)}T08:00:00+08:00`,
  };
  await ddb().send(new PutCommand({ TableName: tableName(), Item: { ...keys.activity(id), ...keys.activityIndexes(a, true), entity: 'Activity', ...a } }));
  for (const [p, status] of [
    [checkedIn, 'checked_in'],
    [absent, 'confirmed'],
  ] as const) {
    await ddb().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...keys.activityRegistration(id, p.id),
          entity: 'Registration',
          id: `reg-${run}-${p.id}`.slice(0, 60),
          activityId: id,
          userId: p.id,
          userName: p.name,
          companions: 0,
          status,
          ...(status === 'checked_in' ? { checkedInAt: `${yesterday}T08:50:00+08:00` } : {}),
          clientToken: `seeded-${run}`,
          createdAt: a.createdAt,
          activityTitle: a.title,
          activityStart: a.start,
          activityEnd: a.end,
          placeName: a.placeName,
        },
      }),
    );
  }
  return id;
}

/** The next half hour that leaves `leadMs` for signing up (and its local date and HH:mm). */
function nextSlot(leadMs: number): { ms: number; date: string; time: string } {
  const half = 30 * 60_000;
  const ms = Math.ceil((Date.now() + leadMs) / half) * half;
  return { ms, ...shanghaiWallClock(ms) };
}

it('publish in a room, a race for the last place, cancel and promotion, check-in with the rotating code, hours and the certificate', async () => {
  const staff = await phone('staff');

  // 1. The organiser publishes a 讲座 in the room, from its free slots, at the next half hour that leaves 4 minutes.
  const slot = nextSlot(4 * 60_000);
  const end = halfHourEnd(slot.ms);
  await openNewActivity(staff);
  await fill(staff, 'edit-title', '防诈骗知识讲座');
  await staff.locator(`#edit-date-${slot.date}`).click();
  await staff.locator(`#edit-room-${roomId}`).click();
  await staff.locator(`#edit-slot-${slot.time.replace(':', '')}`).click();
  await expect(textOf(staff, '#edit-picked-time')).resolves.toBe(`已选 ${slot.time}–${end}`);
  await fill(staff, 'edit-capacity', '2');
  const activityId = await publish(staff, `同时占用房间 ${slot.time}–${end} 的时段`);
  await expect(textOf(staff, '#staff-activity-place')).resolves.toBe(`活动测试驿站${run} · 多功能厅`);
  await expect(textOf(staff, '#staff-activity-seats')).resolves.toContain('余 2 个名额');
  // The half hour is now taken for room bookings too.
  const day = await call('GET', `/rooms/${roomId}/availability?date=${slot.date}`);
  expect(day.body.slots.find((s: { start: string }) => s.start === slot.time)?.state).toBe('taken');

  // One of the two places goes to a neighbour (over the API).
  const c = await call('POST', `/activities/${activityId}/registrations`, { token: await devLogin(openid.c), body: { companions: 0, clientToken: `fill-${run}` } });
  expect(c.body.status).toBe('confirmed');

  // 2. Two residents find it from 首页 → 社区活动 and open the sign-up sheet…
  const [pa, pb] = await Promise.all([phone('a'), phone('b')]);
  for (const p of [pa, pb]) {
    await p.goto(`${stackEnv.webUrl}/#/pages/index/index`);
    await p.locator('#home-entry-activities').click();
    await p.locator(`#activity-${activityId}`).click();
    await expect(textOf(p, '#activity-seats')).resolves.toContain('余 1 个名额');
    await expect(textOf(p, '#activity-time')).resolves.toContain(`${slot.time}–${end}`);
    await p.locator('#activity-signup').click();
    await p.locator('#signup-submit').waitFor({ state: 'visible' });
  }
  // …and tap 确认报名 at the same moment.
  const signUp = (p: Page) => p.waitForResponse((r) => r.url().endsWith(`/activities/${activityId}/registrations`) && r.request().method() === 'POST');
  const responses = Promise.all([signUp(pa), signUp(pb)]);
  await Promise.all([pa.locator('#signup-submit').click(), pb.locator('#signup-submit').click()]);
  const [ra, rb] = await Promise.all((await responses).map((r) => r.json()));
  expect([ra.status, rb.status].sort()).toEqual(['confirmed', 'waitlisted']);
  const [confirmed, waitlisted, waitKey, goneKey] = ra.status === 'confirmed' ? [pa, pb, 'b' as const, 'a' as const] : [pb, pa, 'a' as const, 'b' as const];
  expect((ra.status === 'waitlisted' ? ra : rb).position).toBe(1);
  await confirmModal(waitlisted, '候补第 1 位');
  await confirmModal(confirmed);
  await expect(textOf(waitlisted, '#my-registration-status')).resolves.toBe('候补第 1 位');
  await expect(textOf(confirmed, '#my-registration-status')).resolves.toBe('已报名');
  await screenshot(waitlisted, 'activities-waitlisted');

  // The organiser's list shows the two holding places, never the waitlisted one.
  await staff.reload();
  await staff.locator(`#attendee-u-${openid.c}`).waitFor({ state: 'visible' });
  await staff.locator(`#attendee-u-${openid[goneKey]}`).waitFor({ state: 'visible' });
  expect(await staff.locator('[id^="attendee-u-"][id$="-status"]').count()).toBe(2);
  expect(await staff.locator(`#attendee-u-${openid[waitKey]}`).count()).toBe(0);

  // 3. The confirmed one cancels (asked first); the waitlisted one is promoted and sees it.
  await confirmed.locator('#my-registration-cancel').click();
  const cancelled = confirmed.waitForResponse((r) => r.url().includes('/registrations/') && r.url().endsWith('/cancel'));
  await confirmModal(confirmed, '名额将按顺序递补');
  expect((await cancelled).status()).toBe(200);
  await confirmed.locator('#activity-signup').waitFor({ state: 'visible' });
  await waitlisted.reload();
  await expect(waitlisted.locator('#my-registration-status').textContent()).resolves.toBe('已报名');
  await waitlisted.goto(`${stackEnv.webUrl}/#/pages/me/index`);
  await waitlisted.locator('#my-activities-entry-me').click();
  await expect(textOf(waitlisted, `#my-reg-${activityId}-status`)).resolves.toBe('已报名');
  await screenshot(waitlisted, 'activities-promoted');

  // 4. Check-in opens 30 minutes before the start (now, or within minutes: wait for it).
  const opens = slot.ms - 30 * 60_000 - Date.now() + 1000;
  if (opens > 0) await staff.waitForTimeout(opens);
  await staff.reload();
  await staff.locator('#staff-code').click();
  await staff.locator('#code-text').waitFor({ state: 'visible' });
  const code = await textOf(staff, '#code-text');
  expect(code).toMatch(/^[A-Za-z0-9_-]{10}$/);
  expect(await staff.locator('#code-qr .act-qr__cell--dark').count()).toBeGreaterThan(100);
  await screenshot(staff, 'activities-check-in-code');
  await waitlisted.reload();
  await waitlisted.locator(`#my-reg-${activityId}-check-in`).click();
  await fill(waitlisted, 'check-in-scan-input', code);
  const checkedIn = waitlisted.waitForResponse((r) => r.url().endsWith(`/activities/${activityId}/check-in`));
  await waitlisted.locator('#check-in-scan-submit').click();
  expect((await checkedIn).status()).toBe(200);
  await waitlisted.locator('#check-in-done').waitFor({ state: 'visible' });
  await screenshot(waitlisted, 'activities-checked-in');
  // The code on the organiser's screen changes within 30 seconds (a photo of it soon stops working).
  await staff.waitForFunction((old) => (document.querySelector('#code-text')?.textContent ?? '').trim() !== old, code, { timeout: 40_000 });
  await staff.goto(`${stackEnv.webUrl}/#/packages/activities/pages/attendees/index?id=${activityId}`);
  await staff.locator(`#attendee-u-${openid[waitKey]}-status`, { hasText: '已签到' }).waitFor({ state: 'visible' });

  // 5. Hours: a 志愿服务 of the station that ended yesterday, where the promoted resident checked in.
  const ended = await seedEndedVolunteering({ id: `u-${openid[waitKey]}`, name: names[waitKey] }, { id: `u-${openid[goneKey]}`, name: names[goneKey] });
  await staff.goto(`${stackEnv.webUrl}/#/packages/staff/pages/index/index`);
  await staff.locator(`#workbench-activities-${stationId}`).click();
  await staff.locator(`#activity-${ended}`).click();
  await staff.locator('#staff-attendance').click();
  await staff.locator(`#attendance-u-${openid[waitKey]}[aria-checked="true"]`).waitFor({ state: 'visible' });
  await expect(staff.locator(`#attendance-u-${openid[goneKey]}`).getAttribute('aria-checked')).resolves.toBe('false');
  await staff.locator('#attendance-confirm').click();
  const settled = staff.waitForResponse((r) => r.url().endsWith(`/activities/${ended}/attendance`));
  await confirmModal(staff, '为 1 人各记入 2 小时志愿时长');
  expect((await settled).status()).toBe(200);
  await staff.locator('#staff-activity-status', { hasText: '已确认时长' }).waitFor({ state: 'visible' });

  // 6. The resident sees the hours and downloads the certificate.
  await waitlisted.goto(`${stackEnv.webUrl}/#/packages/activities/pages/mine/index`);
  await waitlisted.locator('#my-activities-hours').click();
  await expect(textOf(waitlisted, '#hours-total')).resolves.toBe('2 小时');
  await expect(textOf(waitlisted, `#hours-entry-${ended}`)).resolves.toContain('楼道清洁志愿服务');
  await screenshot(waitlisted, 'activities-hours');
  const pdf = waitlisted.waitForResponse((r) => r.url().endsWith('/me/volunteer-hours/certificate.pdf'));
  const download = waitlisted.waitForEvent('download');
  await waitlisted.locator('#hours-certificate').click();
  const res = await pdf;
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('application/pdf');
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('志愿服务时长证明.pdf');
  expect(readFileSync((await saved.path())!).subarray(0, 5).toString()).toBe('%PDF-');

  // 7. Its QR opens the public verification page: the name masked, the hours shown.
  const number = /filename="(VH\d{8}[A-Z0-9]{8})\.pdf"/.exec(res.headers()['content-disposition'] ?? '')?.[1];
  expect(number).toBeDefined();
  await waitlisted.goto(`${stackEnv.webUrl}/#/packages/activities/pages/certificate/index?n=${number}`);
  await expect(textOf(waitlisted, '#certificate-hours')).resolves.toContain('2 小时');
  const masked = `${[...names[waitKey]][0]}${'*'.repeat(Math.min([...names[waitKey]].length - 1, 3))}`;
  await expect(textOf(waitlisted, '#certificate-valid')).resolves.toContain(`姓名：${masked}`);
  expect(await textOf(waitlisted, '#certificate-valid')).not.toContain(names[waitKey]);
});

it('a draft opened for editing shows that it is loading, not an empty form, until the draft is in', async () => {
  const staff = await phone('staff');
  const title = `草稿再编辑${run}`;
  const created = await call('POST', `/stations/${stationId}/activities`, { token: await devLogin(openid.staff), body: activityForm({ title }) });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  // Hold the draft's answer while looking at the page.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await staff.route(
    (url) => url.pathname.endsWith(`/activities/${id}`),
    async (route) => {
      if (route.request().method() === 'GET') await held;
      await route.continue();
    },
  );
  await staff.goto(`${stackEnv.webUrl}/#/packages/activities/pages/edit/index?stationId=${stationId}&id=${id}`);
  await staff.locator('#edit-loading').waitFor({ state: 'visible' });
  expect(await staff.locator('#edit-form').count()).toBe(0);
  release();
  await staff.locator('#edit-form').waitFor({ state: 'visible' });
  await eventually(() => expect(staff.locator('#edit-title input').inputValue()).resolves.toBe(title));
});
