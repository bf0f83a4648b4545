/**
 * A street admin keeps the street's request categories and working-day calendar through the
 * H5 UI (a street of the test's own): from the workbench, a respond time too long is refused
 * under its field, a concurrent edit (409) is said in words and the latest list loaded, then
 * 环境卫生 gets 12 hours / 3 working days, a new category is added and removed; on the calendar of next year, a day that does not
 * fit the chosen list is refused under the date, and the day is added to the list it fits.
 */
import { useBrowser } from '../support/browser';
import { stackEnv } from '../support/env';
import { call } from '../support/http';
import { confirmModal, pageAs } from '../support/request-pages';
import { requestWorld } from '../support/requests';

const browser = useBrowser();

describe('street admin pages for requests', () => {
  it('edits a category (field error, 409 in words) and adds a day to next year’s calendar, then removes it (asked first)', async () => {
    const w = await requestWorld();
    const admin = await pageAs(browser(), w.streetAdmin);
    await admin.goto(`${stackEnv.webUrl}/#/packages/staff/pages/index/index`);
    await admin.locator(`#workbench-street-categories-${w.streetId}`).click();
    await admin.locator('#category-row-sanitation').waitFor({ state: 'visible' });

    // Another admin saves meanwhile: the page's save answers 409, said in words, list reloaded.
    const api = await call('GET', `/request-categories?streetId=${w.streetId}`, { token: w.streetAdmin.token });
    const renamed = api.body.categories.map((c: { id: string }) => (c.id === 'other' ? { ...c, name: '其他事项' } : c));
    expect((await call('PUT', `/streets/${w.streetId}/request-categories`, { token: w.streetAdmin.token, body: { categories: renamed, version: api.body.version } })).status).toBe(200);
    await admin.locator('#category-edit-sanitation').click();
    await admin.locator('#category-respondHours input').fill('12');
    await admin.locator('#category-save').click();
    await admin.locator('#categories-notice', { hasText: '刚刚被其他管理员修改过' }).waitFor({ state: 'visible' });
    await admin.locator('#category-row-other', { hasText: '其他事项' }).waitFor({ state: 'visible' });

    // Too long a respond time: the server's reason under the field; then a valid one saves.
    await admin.locator('#category-edit-sanitation').click();
    await admin.locator('#category-respondHours input').fill('200');
    await admin.locator('#category-save').click();
    await admin.locator('#category-respondHours-error', { hasText: '响应时限不超过 168 小时' }).waitFor({ state: 'visible' });
    await admin.locator('#category-respondHours input').fill('12');
    await admin.locator('#category-resolveDays input').fill('3');
    await admin.locator('#category-save').click();
    await admin.locator('#category-row-sanitation', { hasText: '12 小时内响应 · 3 个工作日内办结' }).waitFor({ state: 'visible' });

    // A new category, then removed again after a confirmation.
    await admin.locator('#category-add').click();
    await admin.locator('#category-name input').fill('垃圾分类');
    await admin.locator('#category-post-4').click();
    await admin.locator('#category-save').click();
    const added = admin.locator('[id^="category-row-"]', { hasText: '垃圾分类' });
    await added.waitFor({ state: 'visible' });
    expect(await added.innerText()).toContain('24 小时内响应 · 5 个工作日内办结 · 可派给卫生环境整治员');
    const addedId = (await added.getAttribute('id'))!.replace('category-row-', '');
    await admin.locator(`#category-remove-${addedId}`).click();
    await confirmModal(admin, '确定删除类别「垃圾分类」吗');
    await added.waitFor({ state: 'detached' });

    // The calendar of next year: the date shown first is 1 January.
    await admin.goBack();
    await admin.locator(`#workbench-street-calendar-${w.streetId}`).click();
    const next = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4)) + 1;
    const day = `${next}-01-01`;
    const weekend = [0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay());
    const [wrong, right] = weekend ? (['holidays', 'makeupDays'] as const) : (['makeupDays', 'holidays'] as const);
    await admin.locator(`#calendar-year-${next}`).click();
    await admin.locator('#calendar-date', { hasText: day }).waitFor({ state: 'visible' });
    await admin.locator(`#calendar-kind-${wrong}`).click();
    await admin.locator('#calendar-add-submit').click();
    await admin.locator('#calendar-date-error', { hasText: weekend ? '周末本就休息' : '调休上班日应为周六或周日' }).waitFor({ state: 'visible' });
    await admin.locator(`#calendar-kind-${right}`).click();
    await admin.locator('#calendar-add-submit').click();
    await admin.locator(`#calendar-${right}-${day}`).waitFor({ state: 'visible' });
    const saved = await call('GET', `/streets/${w.streetId}/work-calendar/${next}`, { token: w.streetAdmin.token });
    expect(saved.body[right]).toEqual([day]);

    // Removing it asks first; 再想想 keeps it, 删除 takes it off.
    await admin.locator(`#calendar-remove-${right}-${day}`).click();
    await admin.locator('.taro-modal__content', { hasText: `确定把 ${day}` }).waitFor({ state: 'visible' });
    await admin.locator('.taro-model__cancel').click();
    await admin.locator('.taro-modal__content').waitFor({ state: 'hidden' });
    await admin.locator(`#calendar-${right}-${day}`).waitFor({ state: 'visible' });
    await admin.locator(`#calendar-remove-${right}-${day}`).click();
    const removed = admin.waitForResponse((r) => r.url().endsWith(`/streets/${w.streetId}/work-calendar/${next}`) && r.request().method() === 'PUT');
    await confirmModal(admin, '从');
    expect((await removed).status()).toBe(200);
    await admin.locator(`#calendar-${right}-${day}`).waitFor({ state: 'detached' });
    expect((await call('GET', `/streets/${w.streetId}/work-calendar/${next}`, { token: w.streetAdmin.token })).body[right]).toEqual([]);
  }, 90_000);
});
