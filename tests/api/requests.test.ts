import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import { closeResolved } from '../../functions/src/requests/closer';
import { calendarYears, resolveDue } from '../../functions/src/requests/due';
import { requestRoutes } from '../../shared/src/api/requests';
import { call, callAllPages } from '../support/http';
import { uploadOverHttp } from '../support/uploads';
import { act, person, report, requestWorld, type Person, type World } from '../support/requests';

let w: World;
beforeAll(async () => {
  w = await requestWorld();
}, 60_000);

const REPORTER_NAME = '赵秀芬隐私测试';
const REPORTER_PHONE = '13912345678';

const messagesOf = async (p: Person) => (await call('GET', '/me/messages?limit=50', { token: p.token })).body.items as { kind: string; body: string; link: string }[];
const timelineOf = async (p: Person, id: string) => (await callAllPages(`/requests/${id}/timeline`, { token: p.token })).items;

describe('requests: who may call what', () => {
  it('every route answers 401 without a token', async () => {
    for (const [name, def] of Object.entries(requestRoutes)) {
      const path = def.path.replace('{streetId}', w.streetId).replace('{year}', '2027').replace('{communityId}', w.communityId).replace('{requestId}', 'rq-x');
      const res = await call(def.method.toUpperCase(), path, { body: def.method === 'get' ? undefined : {} });
      expect([name, res.status]).toEqual([name, 401]);
    }
  });

  it('bad input names its field: 400 with the path, 422 for a category or building that does not fit', async () => {
    const resident = await person();
    const noPlace = await call('POST', '/requests', { token: resident.token, body: { communityId: w.communityId, categoryId: 'repair', text: '路灯坏了三天了' } });
    expect(noPlace.status).toBe(400);
    expect(noPlace.body.error.fields).toEqual([{ path: 'location', message: '请选择楼栋或填写位置' }]);
    const many = await call('POST', '/requests', {
      token: resident.token,
      body: { communityId: w.communityId, categoryId: 'repair', text: '短', location: '东门', photos: Array(7).fill('https://img.example.cn/a.png'), extra: 1 },
    });
    expect(many.status).toBe(400);
    expect(many.body.error.fields.map((f: any) => f.path).sort()).toEqual(['extra', 'photos', 'text']);
    const category = await call('POST', '/requests', { token: resident.token, body: { communityId: w.communityId, categoryId: 'nope', text: '路灯坏了三天了', location: '东门' } });
    expect(category.status).toBe(422);
    expect(category.body.error.fields).toEqual([{ path: 'categoryId', message: '类别不存在' }]);
    const building = await call('POST', '/requests', { token: resident.token, body: { communityId: w.otherCommunityId, categoryId: 'repair', text: '路灯坏了三天了', buildingId: w.buildingId } });
    expect(building.status).toBe(422);
    expect(building.body.error.fields[0].path).toBe('buildingId');
    expect((await call('POST', '/requests', { token: resident.token, body: { communityId: 'cm-none', categoryId: 'repair', text: '路灯坏了三天了', location: '东门' } })).status).toBe(404);
    expect((await call('GET', '/requests/rq-none', { token: resident.token })).status).toBe(404);
    const dispatch = await act(w.staff, 'rq-x', 'dispatch', { kind: 'station' });
    expect(dispatch.status).toBe(400);
    expect(dispatch.body.error.fields).toEqual([{ path: 'id', message: '请选择派给谁' }]);
    const reopen = await act(resident, 'rq-x', 'reopen', {});
    expect(reopen.status).toBe(400);
    expect(reopen.body.error.fields[0].path).toBe('comment');
  });
});

describe('categories and the working-day calendar (street admin)', () => {
  it('the default list until the street saves its own; only its street admin edits; a stale version is 409', async () => {
    const resident = await person();
    const defaults = await call('GET', `/request-categories?communityId=${w.communityId}`, { token: resident.token });
    expect(defaults.body).toMatchObject({ streetId: w.streetId, version: 0, isDefault: true });
    expect(defaults.body.categories.map((c: any) => c.name)).toEqual(['环境卫生', '设施维修', '治安', '邻里纠纷', '政策咨询', '投诉建议', '其他']);
    expect((await call('GET', '/request-categories', { token: resident.token })).body.error.fields[0].path).toBe('communityId');
    const categories = [...defaults.body.categories, { id: 'parking', name: '停车管理', respondHours: 12, resolveDays: 2 }];
    expect((await call('PUT', `/streets/${w.streetId}/request-categories`, { token: w.admin.token, body: { categories, version: 0 } })).status).toBe(403);
    const bad = await call('PUT', `/streets/${w.streetId}/request-categories`, { token: w.streetAdmin.token, body: { categories: [{ ...categories[0], respondHours: 0 }], version: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('categories.0.respondHours');
    const saved = await call('PUT', `/streets/${w.streetId}/request-categories`, { token: w.streetAdmin.token, body: { categories, version: 0 } });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 1, isDefault: false });
    expect((await call('PUT', `/streets/${w.streetId}/request-categories`, { token: w.streetAdmin.token, body: { categories, version: 0 } })).status).toBe(409);
    const byStreet = await call('GET', `/request-categories?streetId=${w.streetId}`, { token: resident.token });
    expect(byStreet.body.categories.map((c: any) => c.id)).toContain('parking');
  });

  it('the calendar: holidays on weekdays, make-up days on weekends, inside the year; due times count on it', async () => {
    const year = 2027;
    const empty = await call('GET', `/streets/${w.streetId}/work-calendar/${year}`, { token: w.staff.token });
    expect(empty.body).toEqual({ streetId: w.streetId, year, holidays: [], makeupDays: [], version: 0 });
    expect((await call('GET', `/streets/${w.streetId}/work-calendar/abc`, { token: w.staff.token })).body.error.fields[0].path).toBe('year');
    const body = { holidays: ['2027-02-08', '2027-02-09'], makeupDays: ['2027-02-06'], version: 0 };
    expect((await call('PUT', `/streets/${w.streetId}/work-calendar/${year}`, { token: w.admin.token, body })).status).toBe(403);
    const wrong = await call('PUT', `/streets/${w.streetId}/work-calendar/${year}`, { token: w.streetAdmin.token, body: { ...body, makeupDays: ['2027-02-05'], holidays: ['2026-12-31', '2027-02-30'] } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields).toEqual([{ path: 'holidays.1', message: '日期不存在' }]);
    const rule = await call('PUT', `/streets/${w.streetId}/work-calendar/${year}`, { token: w.streetAdmin.token, body: { ...body, makeupDays: ['2027-02-05'], holidays: ['2026-12-31'] } });
    expect(rule.status).toBe(422);
    expect(rule.body.error.fields.map((f: any) => f.path)).toEqual(['holidays.0', 'makeupDays.0']);
    const saved = await call('PUT', `/streets/${w.streetId}/work-calendar/${year}`, { token: w.streetAdmin.token, body });
    expect(saved.body).toMatchObject({ holidays: ['2027-02-08', '2027-02-09'], makeupDays: ['2027-02-06'], version: 1 });
    expect((await call('PUT', `/streets/${w.streetId}/work-calendar/${year}`, { token: w.streetAdmin.token, body })).status).toBe(409);
  });

  it('an accepted request is due on the street calendar: holidays next week push the resolve due time', async () => {
    const reporter = await person();
    // Mark the next ten days' weekdays as holidays in this year's (and next year's) calendar.
    const today = new Date();
    const days = Array.from({ length: 10 }, (_, i) => new Date(today.getTime() + (i + 1) * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10));
    const weekdays = days.filter((d) => ![0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay()));
    for (const y of [...new Set(weekdays.map((d) => Number(d.slice(0, 4))))]) {
      const cur = await call('GET', `/streets/${w.streetId}/work-calendar/${y}`, { token: w.streetAdmin.token });
      const holidays = [...new Set([...cur.body.holidays, ...weekdays.filter((d) => d.startsWith(`${y}-`))])];
      const res = await call('PUT', `/streets/${w.streetId}/work-calendar/${y}`, { token: w.streetAdmin.token, body: { holidays, makeupDays: cur.body.makeupDays, version: cur.body.version } });
      expect(res.status).toBe(200);
    }
    const r = await report(w, reporter, { categoryId: 'repair', location: '东门路灯', buildingId: undefined });
    const accepted = await act(w.staff, r.id, 'accept', { version: r.version });
    expect(accepted.status).toBe(200);
    // Due on the street's calendar as saved: these holidays, and what the test above saved in
    // 2027 (holidays 8–9 February, make-up day 6 February), within reach from mid-January 2027.
    const saved = await Promise.all(calendarYears(new Date()).map((y) => call('GET', `/streets/${w.streetId}/work-calendar/${y}`, { token: w.streetAdmin.token })));
    const holidays = new Set<string>(saved.flatMap((c) => c.body.holidays));
    for (const d of weekdays) expect(holidays).toContain(d);
    const expected = resolveDue(new Date(), 5, { holidays, makeupDays: new Set(saved.flatMap((c) => c.body.makeupDays)) });
    expect(accepted.body.resolveDueAt).toBe(expected.toISOString());
    // Five working days after ten days of holidays: more than ten days away.
    expect(new Date(accepted.body.resolveDueAt).getTime() - Date.now()).toBeGreaterThan(10 * 86_400_000);
  });
});

describe('a request from report to closed', () => {
  it('report with a photo, 我也遇到了, accept, dispatch, return, re-dispatch, resolve, reopen, resolve, confirm, rate', async () => {
    const reporter = await person({}, REPORTER_NAME);
    const neighbour = await person();
    const photo = await uploadOverHttp(reporter.token, 'request');
    const r = await report(w, reporter, { photos: [photo], contactPhone: REPORTER_PHONE, public: true });
    expect(r).toMatchObject({ status: 'submitted', statusLabel: '已提交', categoryName: '环境卫生', placeName: '测试家园 3 栋', mine: true, version: 1, reporterName: REPORTER_NAME });
    expect(r.photos[0]).toMatch(/^http/);
    expect(new Date(r.respondDueAt).getTime() - new Date(r.createdAt).getTime()).toBe(24 * 3_600_000);

    // Before submitting the same thing, a neighbour sees it and follows instead.
    const similar = await call('GET', `/requests/similar?communityId=${w.communityId}&buildingId=${w.buildingId}&categoryId=sanitation`, { token: neighbour.token });
    expect(similar.body.items.map((x: any) => x.id)).toContain(r.id);
    const followed = await call('POST', `/requests/${r.id}/follow`, { token: neighbour.token, body: {} });
    expect(followed.body).toMatchObject({ following: true, followers: 1 });
    expect((await call('POST', `/requests/${r.id}/follow`, { token: neighbour.token, body: {} })).body.followers).toBe(1);
    expect((await call('POST', `/requests/${r.id}/follow`, { token: reporter.token, body: {} })).status).toBe(422);

    // Staff of another community may not; staff of this one accept; a second accept is 409.
    expect((await act(w.outsider, r.id, 'accept', {})).status).toBe(403);
    expect((await act(neighbour, r.id, 'accept', {})).status).toBe(403);
    const accepted = await act(w.staff, r.id, 'accept', { version: 2 });
    expect(accepted.body).toMatchObject({ status: 'accepted', version: 3, canHandle: true });
    expect(accepted.body.resolveDueAt).toBeDefined();
    const stale = await act(w.admin, r.id, 'accept', { version: 2 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('STATUS_CHANGED');
    expect((await act(w.admin, r.id, 'reject', { reason: '重复' })).status).toBe(409);

    // Dispatch to the building's grid worker, who returns it; the return is staff-only on the timeline.
    const toWorker = await act(w.staff, r.id, 'dispatch', { kind: 'grid_worker', note: '请尽快处理' });
    expect(toWorker.body).toMatchObject({ status: 'dispatched', assignee: { kind: 'grid_worker', id: w.worker.id, name: '网格员 周网格' } });
    expect((await messagesOf(w.worker)).map((m) => m.kind)).toContain('request_assigned');
    const assigned = await call('GET', '/requests/assigned', { token: w.worker.token });
    expect(assigned.body.items.map((x: any) => x.id)).toContain(r.id);
    expect(assigned.body.items.find((x: any) => x.id === r.id)).toMatchObject({ isAssignee: true, reporterName: REPORTER_NAME });
    expect((await act(w.staff, r.id, 'return', { reason: '不是我的网格' })).status).toBe(403);
    const returned = await act(w.worker, r.id, 'return', { reason: '需要物业配合，我处理不了' });
    expect(returned.body).toMatchObject({ status: 'accepted', isAssignee: false });
    expect(returned.body.assignee).toBeUndefined();
    expect((await call('GET', '/requests/assigned', { token: w.worker.token })).body.items.map((x: any) => x.id)).not.toContain(r.id);

    // Re-dispatch to the member holding the 卫生环境整治员 post; a member without it is refused.
    const noPost = await act(w.staff, r.id, 'dispatch', { kind: 'member', id: neighbour.id });
    expect(noPost.status).toBe(422);
    expect(noPost.body.error.fields[0].path).toBe('id');
    const otherStation = await act(w.staff, r.id, 'dispatch', { kind: 'station', id: 'sn-xingfu-centre' });
    expect(otherStation.status).toBe(422);
    const toMember = await act(w.staff, r.id, 'dispatch', { kind: 'member', id: w.member.id });
    expect(toMember.body.assignee).toEqual({ kind: 'member', id: w.member.id, name: '刘党员' });
    expect((await act(w.worker, r.id, 'start', {})).status).toBe(403);
    expect((await act(w.member, r.id, 'start', {})).body.status).toBe('in_progress');
    const note = await call('POST', `/requests/${r.id}/notes`, { token: w.admin.token, body: { note: '物业经理电话已给党员' } });
    expect(note.status).toBe(200);
    expect((await call('POST', `/requests/${r.id}/notes`, { token: reporter.token, body: { note: '我想加备注' } })).status).toBe(403);

    // A photo of someone else's upload is refused with its field.
    const notMine = await act(w.member, r.id, 'resolve', { note: '已处理', photos: [await uploadOverHttp(reporter.token, 'request')] });
    expect(notMine.status).toBe(422);
    expect(notMine.body.error.fields[0].path).toBe('photos.0');
    const after1 = await uploadOverHttp(w.member.token, 'request');
    const resolved = await act(w.member, r.id, 'resolve', { note: '已联系物业清运', photos: [after1] });
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: { note: '已联系物业清运' } });
    expect(resolved.body.resolution.photos).toHaveLength(1);
    expect(resolved.body.confirmBy).toBeDefined();
    expect((await act(w.member, r.id, 'resolve', { note: '再次办结' })).status).toBe(409);

    // The reporter reopens (comment required), the member resolves again, the reporter confirms and rates.
    expect((await act(neighbour, r.id, 'reopen', { comment: '还是很脏' })).status).toBe(403);
    expect((await act(w.staff, r.id, 'confirm', {})).status).toBe(403);
    const reopened = await act(reporter, r.id, 'reopen', { comment: '楼梯间还是很脏' });
    expect(reopened.body).toMatchObject({ status: 'in_progress', reopenCount: 1 });
    expect((await act(reporter, r.id, 'rate', { value: 'satisfied' })).status).toBe(409);
    const again = await act(w.member, r.id, 'resolve', { note: '楼梯间已打扫干净' });
    expect(again.body.status).toBe('resolved');
    const closed = await act(reporter, r.id, 'confirm', {});
    expect(closed.body).toMatchObject({ status: 'closed', reopenCount: 1 });
    expect((await act(reporter, r.id, 'reopen', { comment: '又脏了' })).status).toBe(409);
    const rated = await act(reporter, r.id, 'rate', { value: 'satisfied', comment: '处理及时' });
    expect(rated.body.satisfaction).toMatchObject({ value: 'satisfied', comment: '处理及时' });
    expect((await act(reporter, r.id, 'rate', { value: 'unsatisfied' })).status).toBe(409);
    expect((await act(reporter, r.id, 'rate', { value: 'great' })).body.error.fields[0].path).toBe('value');

    // The reporter's timeline: every step but the internal ones (return, note).
    const seen = await timelineOf(reporter, r.id);
    expect(seen.map((e: any) => e.action)).toEqual(['submit', 'follow', 'accept', 'dispatch', 'dispatch', 'start', 'resolve', 'reopen', 'resolve', 'confirm', 'rate']);
    expect(seen.every((e: any) => e.internal === false)).toBe(true);
    const staffView = await timelineOf(w.staff, r.id);
    expect(staffView.filter((e: any) => e.internal).map((e: any) => [e.action, e.comment])).toEqual([
      ['return', '需要物业配合，我处理不了'],
      ['note', '物业经理电话已给党员'],
    ]);
    // Inbox: the reporter and the follower hear of the steps; the member hears of the reopen and the confirmation.
    const reporterKinds = (await messagesOf(reporter)).map((m) => m.body);
    expect(reporterKinds.some((b) => b.includes('已受理'))).toBe(true);
    expect(reporterKinds.some((b) => b.includes('已办结'))).toBe(true);
    expect((await messagesOf(neighbour)).filter((m) => m.kind === 'request_update').length).toBeGreaterThanOrEqual(4);
    const memberBodies = (await messagesOf(w.member)).map((m) => m.body);
    expect(memberBodies.some((b) => b.includes('未解决'))).toBe(true);
    expect(memberBodies.some((b) => b.includes('已确认'))).toBe(true);

    // 我的诉求
    const mine = await call('GET', '/requests/mine?limit=5', { token: reporter.token });
    expect(mine.body.items[0]).toMatchObject({ id: r.id, status: 'closed', mine: true });
  });

  it('terminal branches: reject, refer, not ours, unable to fix; a duplicate makes its reporter follow the original', async () => {
    const a = await person();
    const b = await person();
    const rejected = await act(w.staff, (await report(w, a)).id, 'reject', { reason: '描述不清，请补充' });
    expect(rejected.body).toMatchObject({ status: 'rejected', outcome: '描述不清，请补充' });
    const referred = await act(w.admin, (await report(w, a)).id, 'refer', { body: '区城管局', reason: '属于市政道路' });
    expect(referred.body).toMatchObject({ status: 'referred', outcome: '区城管局' });
    const notOurs = await act(w.staff, (await report(w, a)).id, 'not-ours', { reason: '属于物业合同范围' });
    expect(notOurs.body.status).toBe('not_ours');
    const u = await report(w, a);
    await act(w.staff, u.id, 'accept', {});
    expect((await act(w.staff, u.id, 'unable', { reason: '需要全楼业主表决' })).body.status).toBe('unable_to_fix');
    expect((await act(w.staff, u.id, 'accept', {})).status).toBe(409);

    const original = await report(w, a);
    const dup = await report(w, b);
    expect((await act(w.staff, dup.id, 'duplicate', { originalId: dup.id })).status).toBe(422);
    const marked = await act(w.staff, dup.id, 'duplicate', { originalId: original.id });
    expect(marked.body).toMatchObject({ status: 'duplicate', duplicateOf: original.id });
    const seenByB = await call('GET', `/requests/${original.id}`, { token: b.token });
    expect(seenByB.body).toMatchObject({ following: true, followers: 1 });
    await act(w.staff, original.id, 'accept', {});
    const bodies = (await messagesOf(b)).filter((m) => m.link.includes(original.id)).map((m) => m.body);
    expect(bodies.some((x) => x.includes('已受理'))).toBe(true);
  });

  it('a station dispatch makes that station’s staff the assignee', async () => {
    const reporter = await person();
    const r = await report(w, reporter, { categoryId: 'repair' });
    await act(w.admin, r.id, 'accept', {});
    const d = await act(w.admin, r.id, 'dispatch', { kind: 'station', id: w.stationId });
    expect(d.body.assignee).toEqual({ kind: 'station', id: w.stationId, name: '测试党群服务站' });
    expect((await messagesOf(w.staff)).some((m) => m.kind === 'request_assigned' && m.link.includes(r.id))).toBe(true);
    const start = await act(w.staff, r.id, 'start', {});
    expect(start.body).toMatchObject({ status: 'in_progress', isAssignee: true });
    // The grid worker of a building-less request cannot be found.
    const noBuilding = await report(w, reporter, { buildingId: undefined, location: '社区东门' });
    await act(w.admin, noBuilding.id, 'accept', {});
    const none = await act(w.admin, noBuilding.id, 'dispatch', { kind: 'grid_worker' });
    expect(none.status).toBe(422);
    expect(none.body.error.code).toBe('NO_GRID_WORKER');
  });
});

describe('staff queue and community figures', () => {
  it('the queue sorts by due time, flags the overdue, pages, and is for staff of the community only', async () => {
    const reporter = await person();
    const late = await report(w, reporter);
    // Make it overdue: due an hour ago (as if submitted long ago), index key included.
    const dueMs = Date.now() - 3_600_000;
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.request(late.id),
        UpdateExpression: 'SET respondDueAt = :d, gsi4sk = :k',
        ExpressionAttributeValues: { ':d': new Date(dueMs).toISOString(), ':k': keys.requestQueue(w.communityId, dueMs, late.id).gsi4sk },
      }),
    );
    const all = await callAllPages(`/communities/${w.communityId}/requests/queue`, { token: w.staff.token, limit: 2 });
    expect(all.pages).toBeGreaterThan(1);
    const due = all.items.map((x: any) => new Date(x.dueAt).getTime());
    expect(due).toEqual([...due].sort((x, y) => x - y));
    expect(all.items[0]).toMatchObject({ id: late.id, overdue: true });
    expect(all.items.slice(1).every((x: any) => !x.overdue)).toBe(true);
    const overdue = await call('GET', `/communities/${w.communityId}/requests/queue?overdueOnly=true`, { token: w.admin.token });
    expect(overdue.body.items.map((x: any) => x.id)).toEqual([late.id]);
    expect((await call('GET', `/communities/${w.communityId}/requests/queue`, { token: w.outsider.token })).status).toBe(403);
    expect((await call('GET', `/communities/${w.communityId}/requests/queue`, { token: reporter.token })).status).toBe(403);
    expect((await call('GET', `/communities/${w.communityId}/requests/queue?limit=51`, { token: w.staff.token })).body.error.fields[0].path).toBe('limit');
    const figures = await call('GET', `/communities/${w.communityId}/requests/figures`, { token: w.streetAdmin.token });
    expect(figures.status).toBe(200);
    const byLabel = Object.fromEntries(figures.body.figures.map((f: any) => [f.label, f]));
    expect(Object.keys(byLabel)).toEqual(['响应率', '解决率', '满意率', '当前超期', '响应用时中位数', '办结用时中位数']);
    expect(byLabel['当前超期'].value).toBe(1);
    for (const f of figures.body.figures) expect(f.definition.length).toBeGreaterThan(10);
    expect((await call('GET', `/communities/${w.communityId}/requests/figures`, { token: reporter.token })).status).toBe(403);
  });

  it('figures come from the counters of the changes: solved counts confirmations only, satisfaction counts ratings', async () => {
    const before = (await call('GET', `/communities/${w.communityId}/requests/figures`, { token: w.admin.token })).body.counts;
    const reporter = await person();
    const r = await report(w, reporter);
    await act(w.staff, r.id, 'accept', {});
    await act(w.staff, r.id, 'dispatch', { kind: 'grid_worker' });
    await act(w.worker, r.id, 'resolve', { note: '已清理' });
    await act(reporter, r.id, 'confirm', {});
    await act(reporter, r.id, 'rate', { value: 'basic' });
    const after = (await call('GET', `/communities/${w.communityId}/requests/figures`, { token: w.admin.token })).body.counts;
    const d = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
    expect([d('submitted'), d('responded'), d('respondedOnTime'), d('resolvedFirst'), d('confirmed'), d('finished'), d('rated'), d('sat_basic')]).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(d('r0')).toBe(1); // responded within 15 minutes
    expect(d('s0')).toBe(1); // resolved within 4 hours
  });
});

describe('auto-close 7 days after resolution', () => {
  it('two runs at once close a request exactly once', async () => {
    const reporter = await person();
    const r = await report(w, reporter);
    await act(w.staff, r.id, 'accept', {});
    await act(w.staff, r.id, 'dispatch', { kind: 'grid_worker' });
    await act(w.worker, r.id, 'resolve', { note: '已处理' });
    const statsBefore = (await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.requestStats(w.communityId) }))).Item ?? {};
    // Not yet: inside the window nothing closes.
    expect((await closeResolved(new Date(Date.now() + 6 * 86_400_000))).closed).not.toContain(r.id);
    const later = new Date(Date.now() + 7 * 86_400_000 + 60_000);
    const [a, b] = await Promise.all([closeResolved(later), closeResolved(later)]);
    expect([...a.closed, ...b.closed].filter((id) => id === r.id)).toHaveLength(1);
    expect(a.errors + b.errors).toBe(0);
    const closed = await call('GET', `/requests/${r.id}`, { token: reporter.token });
    expect(closed.body.status).toBe('closed');
    const events = await ddb().send(
      new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': keys.requestPartition(r.id), ':p': 'EVENT#' } }),
    );
    expect(events.Items!.filter((e) => e.action === 'autoClose')).toHaveLength(1);
    const statsAfter = (await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.requestStats(w.communityId) }))).Item ?? {};
    expect((statsAfter.autoClosed ?? 0) - (statsBefore.autoClosed ?? 0)).toBeGreaterThanOrEqual(1);
    expect((statsAfter.confirmed ?? 0) - (statsBefore.confirmed ?? 0)).toBe(0);
    expect((await messagesOf(reporter)).filter((m) => m.body.includes('自动关闭'))).toHaveLength(1);
    // A third run finds nothing of it, and the reporter may no longer reopen.
    expect((await closeResolved(later)).closed).not.toContain(r.id);
    expect((await act(reporter, r.id, 'reopen', { comment: '还没好' })).status).toBe(409);
  });
});

describe('privacy sweep', () => {
  it('no answer to anyone but staff, the assignee and the reporter carries the reporter’s name or phone', async () => {
    const reporter = await person({}, REPORTER_NAME);
    const stranger = await person();
    const follower = await person();
    const pub = await report(w, reporter, { public: true, contactPhone: REPORTER_PHONE });
    const priv = await report(w, reporter, { public: false, contactPhone: REPORTER_PHONE, text: '邻居家漏水渗到我家，我家在三楼' });
    await call('POST', `/requests/${pub.id}/follow`, { token: follower.token, body: {} });
    await call('POST', `/requests/${priv.id}/follow`, { token: follower.token, body: {} });
    await act(w.staff, pub.id, 'accept', {});
    await call('POST', `/requests/${pub.id}/notes`, { token: w.staff.token, body: { note: `反映人 ${REPORTER_NAME} 电话 ${REPORTER_PHONE}` } });
    const answers = [
      await call('GET', `/requests/similar?communityId=${w.communityId}&buildingId=${w.buildingId}&categoryId=sanitation`, { token: stranger.token }),
      await call('GET', `/requests/${pub.id}`, { token: stranger.token }),
      await call('GET', `/requests/${pub.id}/timeline`, { token: stranger.token }),
      await call('GET', `/requests/${pub.id}`, { token: follower.token }),
      await call('GET', `/requests/${pub.id}/timeline`, { token: follower.token }),
      await call('GET', `/requests/${priv.id}`, { token: follower.token }),
      await call('GET', `/requests/${priv.id}/timeline`, { token: follower.token }),
      await call('POST', `/requests/${pub.id}/follow`, { token: stranger.token, body: {} }),
      await call('GET', '/me/messages?limit=50', { token: follower.token }),
    ];
    for (const res of answers) {
      expect(res.status).toBe(200);
      const text = JSON.stringify(res.body);
      expect(text).not.toContain(REPORTER_NAME);
      expect(text).not.toContain(REPORTER_PHONE);
      expect(text).not.toContain(reporter.id);
    }
    // A private request's text stays with those involved; a stranger does not even learn it exists.
    expect(JSON.stringify(answers[5].body)).not.toContain('三楼');
    expect((await call('GET', `/requests/${priv.id}`, { token: stranger.token })).status).toBe(404);
    expect((await call('GET', `/requests/${priv.id}/timeline`, { token: stranger.token })).status).toBe(404);
    // Staff see who reported and how to call back.
    expect((await call('GET', `/requests/${priv.id}`, { token: w.staff.token })).body).toMatchObject({ reporterName: REPORTER_NAME, contactPhone: REPORTER_PHONE });
  });
});
