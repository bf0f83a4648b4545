import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import { deliverAudienceFanouts, REQUEST_FOLLOWERS_IN_TRANSACTION, REQUEST_STAFF_IN_TRANSACTION } from '../../functions/src/messages/events';
import { pendingAudienceFanouts } from '../../functions/src/messages/storage';
import { DEFAULT_CATEGORIES } from '../../functions/src/requests/categories';
import type { RequestRecord } from '../../functions/src/requests/model';
import { commit, followPut, getRequest, requestCreate } from '../../functions/src/requests/storage';
import { applyChange } from '../../functions/src/requests/transitions';
import { putStationStaff } from '../../functions/src/roles/storage';
import { useStackTable } from '../support/ddb';
import { principal } from '../support/principals';

beforeAll(useStackTable);

/**
 * A request 诉求 with more followers than a change's transaction tells: the first hear of it
 * inside the change's transaction, the rest from the audience fan-out the same transaction
 * puts on the messages job's list. Everything in a community and station of this file's own.
 */
const run = randomUUID().slice(0, 8);
const COMMUNITY = `cm-rqf-${run}`;
const STATION = `sn-rqf-${run}`;
const NOW = new Date();
const later = (s: number) => new Date(NOW.getTime() + s * 1000);

const staff = principal({ adminCommunityIds: [COMMUNITY] }, '社区书记');
const reporter = principal({}, '赵大爷');
const followers = Array.from({ length: 60 }, () => principal());
const stationStaff = Array.from({ length: REQUEST_STAFF_IN_TRANSACTION + 3 }, () => principal({ staffStationIds: [STATION] }));

async function messagesOf(userId: string, kind: string) {
  const res = await ddb().send(
    new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :p AND begins_with(sk, :m)', ExpressionAttributeValues: { ':p': keys.inboxPartition(userId), ':m': 'MSG#' }, ConsistentRead: true }),
  );
  return (res.Items ?? []).filter((m) => m.kind === kind && String(m.link).includes(requestId));
}
const unread = async (userId: string) => Number((await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.inboxCounter(userId), ConsistentRead: true }))).Item?.unread ?? 0);

let requestId = '';
const pending = async () => (await pendingAudienceFanouts(100)).filter((f) => f.event.includes(requestId));

/** The messages job, twice at once, until no fan-out of this request is left (pages of 20). */
async function drain() {
  for (let i = 0; i < 10 && (await pending()).length > 0; i++) {
    await Promise.all([deliverAudienceFanouts(Date.now() + 60_000, 20), deliverAudienceFanouts(Date.now() + 60_000, 20)]);
  }
  expect(await pending()).toEqual([]);
}

beforeAll(async () => {
  await ddb().send(new PutCommand({ TableName: tableName(), Item: { ...keys.station(STATION), entity: 'Station', id: STATION, communityId: COMMUNITY, name: '关注测试驿站', address: '测试路 1 号' } }));
  for (const p of stationStaff) await putStationStaff(STATION, p.userId);
  requestId = `rq-f-${run}`;
  const r: RequestRecord = {
    id: requestId,
    communityId: COMMUNITY,
    streetId: `st-rqf-${run}`,
    category: DEFAULT_CATEGORIES[1],
    text: '小区东门的路灯坏了一个星期',
    photos: [],
    placeName: '东门',
    public: true,
    reporterId: reporter.userId,
    reporterName: reporter.user.nickname,
    status: 'submitted',
    version: 0,
    createdAt: NOW.toISOString(),
    respondDueAt: later(86_400).toISOString(),
    reopenCount: 0,
    followers: followers.length,
  };
  await commit([requestCreate(r), ...followers.map((f) => followPut(requestId, f.userId, NOW.toISOString()))]);
}, 60_000);

describe('requests: every follower hears of every change, exactly once', () => {
  it('60 followers: the first in the change\'s transaction, the rest from its fan-out (job run twice at once); a station\'s staff likewise', async () => {
    // Accept: the reporter and every follower hear it; the acting admin does not.
    let r = (await getRequest(requestId))!;
    await applyChange(r, { action: 'accept' }, ['staff'], staff, later(60));
    const told = await Promise.all(followers.map(async (f) => (await messagesOf(f.userId, 'request_update')).length));
    expect(told.filter((n) => n === 1)).toHaveLength(REQUEST_FOLLOWERS_IN_TRANSACTION);
    expect(told.filter((n) => n === 0)).toHaveLength(followers.length - REQUEST_FOLLOWERS_IN_TRANSACTION);
    expect(await pending()).toHaveLength(1);
    await drain();
    expect(await Promise.all(followers.map(async (f) => (await messagesOf(f.userId, 'request_update')).length))).toEqual(followers.map(() => 1));

    // Dispatch to a station with more staff than the transaction tells: followers hear of it, every staff member is assigned it.
    r = (await getRequest(requestId))!;
    await applyChange(r, { action: 'dispatch', kind: 'station', id: STATION }, ['staff'], staff, later(120));
    expect(await pending()).toHaveLength(2);
    await drain();
    // A second pass of the job finds nothing and tells nobody again.
    await Promise.all([deliverAudienceFanouts(Date.now() + 60_000, 20), deliverAudienceFanouts(Date.now() + 60_000, 20)]);

    const updates = await Promise.all(followers.map(async (f) => (await messagesOf(f.userId, 'request_update')).map((m) => m.body)));
    expect(updates).toEqual(followers.map(() => expect.arrayContaining(['社区已受理您的诉求，将尽快派单处理', '您的诉求已派给驿站处理'])));
    expect(updates.map((u) => u.length)).toEqual(followers.map(() => 2));
    // The badge counts each message once.
    expect(await Promise.all(followers.map((f) => unread(f.userId)))).toEqual(followers.map(() => 2));
    expect((await messagesOf(reporter.userId, 'request_update')).length).toBe(2);
    expect(await Promise.all(stationStaff.map(async (s) => (await messagesOf(s.userId, 'request_assigned')).length))).toEqual(stationStaff.map(() => 1));
    expect(await messagesOf(staff.userId, 'request_update')).toEqual([]);
  }, 120_000);

  it('the reporter confirming tells a station assignee\'s staff (all of them), not the followers', async () => {
    let r = (await getRequest(requestId))!;
    await applyChange(r, { action: 'resolve', note: '已更换灯泡', photos: [] }, ['staff'], staff, later(180));
    await drain();
    r = (await getRequest(requestId))!;
    await applyChange(r, { action: 'confirm' }, ['reporter'], reporter, later(240));
    await drain();
    const confirmed = (userId: string) => messagesOf(userId, 'request_update').then((ms) => ms.filter((m) => m.body === '反映人已确认问题解决').length);
    expect(await Promise.all(stationStaff.map((s) => confirmed(s.userId)))).toEqual(stationStaff.map(() => 1));
    expect(await Promise.all(followers.map((f) => confirmed(f.userId)))).toEqual(followers.map(() => 0));
    expect(await confirmed(reporter.userId)).toBe(0);
  }, 120_000);

  it('a follower who is dispatched the request hears both (one counter update for two messages in one transaction)', async () => {
    const worker = principal({}, '网格员小周');
    const gridId = `gd-rqf-${run}`;
    await ddb().send(new PutCommand({ TableName: tableName(), Item: { ...keys.grid(gridId), entity: 'Grid', id: gridId, communityId: COMMUNITY, name: '测试网格', workerName: '小周', workerUserId: worker.userId } }));
    const id = `rq-f2-${run}`;
    const base = (await getRequest(requestId))!;
    const r: RequestRecord = { ...base, id, gridId, status: 'accepted', version: 1, followers: 1, assignee: undefined, resolution: undefined, resolvedAt: undefined, closedHow: undefined, satisfaction: undefined, resolveDueAt: later(7 * 86_400).toISOString() };
    await commit([requestCreate(r), followPut(id, worker.userId, NOW.toISOString())]);
    await applyChange(r, { action: 'dispatch', kind: 'grid_worker' }, ['staff'], staff, later(300));
    const kinds = async () => {
      const res = await ddb().send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :p AND begins_with(sk, :m)', ExpressionAttributeValues: { ':p': keys.inboxPartition(worker.userId), ':m': 'MSG#' }, ConsistentRead: true }));
      return (res.Items ?? []).map((m) => m.kind).sort();
    };
    expect(await kinds()).toEqual(['request_assigned', 'request_update']);
    expect(await unread(worker.userId)).toBe(2);
  });
});
