/**
 * A request 诉求 through the H5 UI, in a street of the test's own: a resident reports from the
 * building page (a photo), the community admin dispatches it from the workbench queue to the
 * grid worker, who opens it from the inbox and resolves it with an after-photo; the resident
 * reopens it, it is resolved again, and the resident confirms and rates it 满意.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Page } from 'playwright-core';
import { ensureCode, newToken } from '../../functions/src/codes/domain';
import { screenshot, useBrowser } from '../support/browser';
import { pageAs, requestStatus } from '../support/request-pages';
import { stackEnv } from '../support/env';
import { pngBytes } from '../support/uploads';
import { person, requestWorld } from '../support/requests';

const browser = useBrowser();
const run = Date.now().toString(36);

const as = pageAs;
const status = requestStatus;

async function addPhoto(page: Page, id: string, file: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.locator(`#${id}-add`).click();
  await (await chooser).setFiles(file);
  await page.locator(`#${id}-photo-0`).waitFor({ state: 'visible' });
}

async function resolveAs(page: Page, note: string, photo?: string) {
  await page.locator('#request-resolve').click();
  await page.locator('#request-pending-text textarea').fill(note);
  if (photo) await addPhoto(page, 'request-after', photo);
  await page.locator('#request-pending-submit').click();
  await status(page, '已办结待确认');
}

describe('requests in the H5 mini-program', () => {
  it('report from the building page, dispatch, resolve, reopen, resolve again, confirm and rate 满意', async () => {
    const w = await requestWorld();
    const resident = await person({}, '楼栋居民');
    const token = newToken();
    await ensureCode('building', w.buildingId, w.communityId, '诉求测试社区 · 测试家园 3 栋', token);
    const photo = join(tmpdir(), `rs-request-${run}.png`);
    writeFileSync(photo, pngBytes(64));

    // The resident scans the building code and reports.
    const res = await as(browser(), resident);
    await res.goto(`${stackEnv.webUrl}/#/pages/building/index?id=${w.buildingId}&code=${token}`);
    await res.locator('#building-report-entry').click();
    await res.locator('#report-place', { hasText: '测试家园 3 栋' }).waitFor({ state: 'visible' });
    await res.locator('#report-category-sanitation').click();
    await res.locator('#report-text textarea').fill(`三单元楼道堆满杂物，影响通行 ${run}`);
    await addPhoto(res, 'report-photos', photo);
    await res.locator('#report-submit').click();
    await status(res, '已提交');
    const requestId = new URL(res.url().replace('#', '')).searchParams.get('id')!;
    expect(requestId).toMatch(/^rq-/);
    await res.locator('#request-photos img').first().waitFor({ state: 'attached' });
    await screenshot(res, 'request-submitted');

    // The community admin opens the queue from the workbench, accepts and dispatches to the grid worker.
    const admin = await as(browser(), w.admin);
    await admin.goto(`${stackEnv.webUrl}/#/packages/staff/pages/index/index`);
    await admin.locator(`#workbench-community-${w.communityId}`).click();
    await admin.locator(`#request-row-${requestId}`).click();
    await admin.locator('#request-accept').click();
    await status(admin, '已受理');
    await admin.locator('#request-dispatch-grid').click();
    await status(admin, '已派单');
    await admin.locator('#request-assignee', { hasText: '周网格' }).waitFor({ state: 'visible' });

    // The grid worker opens it from the inbox and resolves it with an after-photo.
    const worker = await as(browser(), w.worker);
    await worker.goto(`${stackEnv.webUrl}/#/packages/inbox/pages/index/index`);
    await worker.locator('#inbox-list [id^="message-"]', { hasText: '新的诉求派单' }).first().click();
    await status(worker, '已派单');
    await resolveAs(worker, '已通知物业清理杂物', photo);
    await worker.locator('#request-after-photos img').first().waitFor({ state: 'attached' });

    // The resident finds it under 我的诉求 and reopens it with a comment.
    await res.goto(`${stackEnv.webUrl}/#/pages/me/index`);
    await res.locator('#request-mine-link').click();
    await res.locator(`#request-row-${requestId}`).click();
    await status(res, '已办结待确认');
    await res.locator('#request-reopen').click();
    await res.locator('#request-pending-text textarea').fill('二楼楼道还有杂物');
    await res.locator('#request-pending-submit').click();
    await status(res, '处理中');

    await worker.reload();
    await status(worker, '处理中');
    await resolveAs(worker, '二楼杂物也已清走');

    await res.reload();
    await status(res, '已办结待确认');
    await res.locator('#request-confirm').click();
    await status(res, '已关闭');
    await res.locator('#request-rate-satisfied').click();
    await res.locator('#request-rate-submit').click();
    await res.locator('#request-satisfaction', { hasText: '满意' }).waitFor({ state: 'visible' });
    // The timeline the resident sees: the reopen and both resolutions, no staff-only entries.
    const timeline = await res.locator('#request-timeline').innerText();
    expect(timeline).toContain('反映人认为问题未解决');
    expect(timeline).toContain('二楼楼道还有杂物');
    expect(timeline).not.toContain('内部备注');
    await screenshot(res, 'request-closed');
  }, 180_000);
});
