/**
 * Staff work on requests 诉求 through the H5 UI, in a street of the test's own: a station staff
 * member opens the queue from the workbench (their station's cell), accepts one request and
 * dispatches it to the station, another to the member holding the category's post, adds an internal note (the reporter's timeline does not show it),
 * refers a second one to an outside body (转办, after a confirmation), marks a third a duplicate
 * of the first, marks the member-dispatched one 无法解决, a fifth 非本社区职责, opens the community's figures from the queue (each with its definition), and
 * reaches wish screening 心愿审核 from the workbench.
 */
import { useBrowser } from '../support/browser';
import { stackEnv } from '../support/env';
import { confirmModal, pageAs, requestStatus } from '../support/request-pages';
import { person, report, requestWorld } from '../support/requests';

const browser = useBrowser();
const run = Date.now().toString(36);

describe('staff request actions in the H5 mini-program', () => {
  it('station staff: queue from the workbench, dispatch to the station and to a post holder, note, 无法解决, 转办, duplicate, not ours, figures, wish screening', async () => {
    const w = await requestWorld();
    const resident = await person({}, '楼栋居民');
    const first = await report(w, resident, { text: `三单元门口垃圾桶满了没人清 ${run}` });
    const second = await report(w, resident, { text: `小区外马路的路灯不亮了 ${run}` });
    const neighbour = await person({}, '同楼邻居');
    const third = await report(w, neighbour, { text: `三单元门口的垃圾桶满了 ${run}` });
    const fourth = await report(w, resident, { text: `二单元楼下草坪有人倒建筑垃圾 ${run}` });
    const fifth = await report(w, resident, { text: `隔壁小区的广场舞太吵了 ${run}` });
    const note = `已电话联系物业主管 ${run}`;

    // The station's cell on the workbench opens the community's queue.
    const staff = await pageAs(browser(), w.staff);
    await staff.goto(`${stackEnv.webUrl}/#/packages/staff/pages/index/index`);
    await staff.locator(`#workbench-station-${w.stationId}`).click();
    await staff.locator(`#request-row-${first.id}`).click();
    await staff.locator('#request-accept').click();
    await requestStatus(staff, '已受理');
    await staff.locator('#request-dispatch-station').click();
    await staff.locator(`#request-station-${w.stationId}`).click();
    await staff.locator('#request-station-submit', { hasText: '派给测试党群服务站' }).click();
    await requestStatus(staff, '已派单');
    await staff.locator('#request-assignee', { hasText: '测试党群服务站' }).waitFor({ state: 'visible' });
    await staff.locator('#request-note-text textarea').fill(note);
    await staff.locator('#request-note-submit').click();
    await staff.locator('#request-timeline', { hasText: note }).waitFor({ state: 'visible' });

    // 环境卫生 goes to the members holding its post (卫生环境整治员).
    await staff.goBack();
    await staff.locator(`#request-row-${fourth.id}`).click();
    await staff.locator('#request-accept').click();
    await requestStatus(staff, '已受理');
    await staff.locator('#request-dispatch-member').click();
    await staff.locator('#request-member-form', { hasText: '认领「卫生环境整治员」岗位的党员' }).waitFor({ state: 'visible' });
    await staff.locator(`#request-holder-${w.member.id}`).click();
    await staff.locator('#request-member-submit', { hasText: '派给刘党员' }).click();
    await requestStatus(staff, '已派单');
    await staff.locator('#request-assignee', { hasText: '刘党员' }).waitFor({ state: 'visible' });
    // 无法解决 (dispatched, then found beyond the community's power): a reason the reporter reads, asked first.
    const unableReason = `涉及产权纠纷，社区无权处置，已告知反映人 ${run}`;
    await staff.locator('#request-unable').click();
    await staff.locator('#request-end-reason textarea').fill(unableReason);
    await staff.locator('#request-end-submit').click();
    await confirmModal(staff, '确定标为“无法解决”吗');
    await requestStatus(staff, '无法解决');
    await staff.locator('#request-outcome', { hasText: unableReason }).waitFor({ state: 'visible' });

    // 转办: the outside body's name, a confirmation in plain words, then the request ends.
    await staff.goBack();
    await staff.locator(`#request-row-${second.id}`).click();
    await requestStatus(staff, '已提交');
    await staff.locator('#request-refer').click();
    await staff.locator('#request-refer-body input').fill('区城管执法局');
    await staff.locator('#request-refer-submit').click();
    await confirmModal(staff, '确定把这条诉求转给「区城管执法局」办理吗');
    await requestStatus(staff, '已转办');
    await staff.locator('#request-outcome', { hasText: '区城管执法局' }).waitFor({ state: 'visible' });

    // 标为重复: the original is picked from the community's open requests.
    await staff.goBack();
    await staff.locator(`#request-row-${third.id}`).click();
    await requestStatus(staff, '已提交');
    await staff.locator('#request-duplicate').click();
    await staff.locator(`#request-original-${first.id}`).click();
    await staff.locator('#request-duplicate-submit').click();
    await confirmModal(staff, '确定把这条诉求标为重复吗');
    await requestStatus(staff, '重复诉求');
    await staff.locator('#request-original-link').waitFor({ state: 'visible' });

    // 非本社区职责: a reason the reporter reads, then a confirmation.
    await staff.goBack();
    await staff.locator(`#request-row-${fifth.id}`).click();
    await staff.locator('#request-not-ours').click();
    await staff.locator('#request-end-reason textarea').fill('发生在隔壁小区，已告知反映人联系对方社区');
    await staff.locator('#request-end-submit').click();
    await confirmModal(staff, '确定标为“非本社区职责”吗');
    await requestStatus(staff, '非本社区职责');

    // The figures, from the queue: every figure with its one-line definition.
    await staff.goBack();
    await staff.locator('#request-queue-figures').click();
    const response = staff.locator('#request-figure-0');
    await response.waitFor({ state: 'visible' });
    expect(await response.innerText()).toMatch(/响应率[\s\S]*100%[\s\S]*在类别规定的响应时限内/);
    const figures = await staff.locator('#request-figures-list').innerText();
    for (const label of ['解决率', '满意率', '当前超期', '响应用时中位数', '办结用时中位数']) expect(figures).toContain(label);
    expect(figures).toContain('评价为“满意”或“基本满意”的诉求');
    expect(await staff.locator('#request-figure-3').innerText()).toContain('0 件');

    // 心愿审核 from the workbench, on the station's community.
    await staff.goto(`${stackEnv.webUrl}/#/packages/staff/pages/index/index`);
    await staff.locator('#workbench-wish-screening').click();
    await staff.locator('#screening-community', { hasText: '诉求测试社区' }).waitFor({ state: 'visible' });
    await staff.locator('#screening-empty').waitFor({ state: 'visible' });

    // The first reporter sees the dispatch and the neighbour's duplicate merged in, never the internal note.
    const res = await pageAs(browser(), resident);
    await res.goto(`${stackEnv.webUrl}/#/packages/requests/pages/detail/index?id=${first.id}`);
    await requestStatus(res, '已派单');
    await res.locator('#request-timeline', { hasText: '一条相同的诉求已合并到此' }).waitFor({ state: 'visible' });
    const timeline = await res.locator('#request-timeline').innerText();
    expect(timeline).toContain('已派单给驿站');
    expect(timeline).not.toContain(note);
    expect(timeline).not.toContain('内部备注');
    await expect(res.locator('#request-note-form').count()).resolves.toBe(0);
    // …and, on the one that could not be solved, why.
    await res.goto(`${stackEnv.webUrl}/#/packages/requests/pages/detail/index?id=${fourth.id}`);
    await requestStatus(res, '无法解决');
    await res.locator('#request-outcome', { hasText: '涉及产权纠纷，社区无权处置' }).waitFor({ state: 'visible' });
  }, 90_000);
});
