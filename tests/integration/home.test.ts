/**
 * 我家 and 公告 on DynamoDB Local (#11): a report-in sets the home only when none is set; a
 * building deactivated between the read and the write is never chosen; the board partition
 * holds live notices only (pin moves the entry, 下架 removes it, an expired entry TTL has not
 * yet removed is filtered); pledges to a crowdfund limited to buildings go by the home building.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createUser, getUser } from '../../functions/src/auth/storage';
import { homeFromReportIn, setMyHome } from '../../functions/src/home/home';
import { communityNotices, editNotice, expireNotice, postNotice } from '../../functions/src/home/notices';
import { mayPledgeFromHome } from '../../functions/src/crowdfund/pledges';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import type { Principal } from '../../functions/src/lib/authorize';
import { saveTreeIfAbsent } from '../../functions/src/org/storage';
import type { Roles } from '../../shared/src/roles';
import { useStackTable } from '../support/ddb';

beforeAll(useStackTable);

const run = randomUUID().slice(0, 8);
const plain: Roles = { resident: true, member: false, staffStationIds: [], adminCommunityIds: [] };
const communityId = `cm-ih-${run}`;
const b1 = `bd-ih1-${run}`;
const b2 = `bd-ih2-${run}`;

const as = (userId: string, roles: Partial<Roles> = {}, home?: Principal['user']['home']): Principal => {
  const full = { ...plain, ...roles };
  return { userId, roles: full, user: { id: userId, nickname: userId, roles: full, createdAt: '2026-11-23T00:00:00+08:00', ...(home ? { home } : {}) } };
};
const admin = as(`u-ih-admin-${run}`, { adminCommunityIds: [communityId] });

async function newUser(name: string): Promise<string> {
  const id = `u-ih-${name}-${run}`;
  await createUser({ id, openid: `ih-${name}-${run}`, nickname: name, roles: plain, createdAt: new Date().toISOString() });
  return id;
}

beforeAll(async () => {
  await saveTreeIfAbsent({
    streets: [{ id: `st-ih-${run}`, name: '集成街道' }],
    communities: [{ id: communityId, streetId: `st-ih-${run}`, streetName: '集成街道', name: '集成社区', address: '集成路', gridCount: 1, buildingCount: 2 }],
    grids: [{ id: `gd-ih-${run}`, communityId, name: '网格', branchName: '', secretaryName: '', workerName: '', workerPhone: '' }],
    buildings: [
      { id: b1, communityId, gridId: `gd-ih-${run}`, estate: '东苑', name: '1 栋' },
      { id: b2, communityId, gridId: `gd-ih-${run}`, estate: '西苑', name: '2 栋' },
    ],
  });
});

describe('我家 on the profile', () => {
  it('a report-in sets the home only when none is set yet', async () => {
    const fresh = await newUser('fresh');
    await homeFromReportIn(fresh, b1);
    expect((await getUser(fresh))?.home).toMatchObject({ buildingId: b1, estate: '东苑', communityName: '集成社区' });

    const chosen = await newUser('chosen');
    await setMyHome(as(chosen), b2);
    await homeFromReportIn(chosen, b1);
    expect((await getUser(chosen))?.home?.buildingId).toBe(b2);
  });

  it('a building deactivated after it was read is refused by the transaction (404 on buildingId), the profile unchanged', async () => {
    const user = await newUser('race');
    const closing = `bd-ih-closing-${run}`;
    await saveTreeIfAbsent({ streets: [], communities: [], grids: [], buildings: [{ id: closing, communityId, gridId: `gd-ih-${run}`, estate: '南苑', name: '9 栋' }] });
    // Deactivate right after the domain reads the building, before its transaction.
    const client = ddb();
    let done = false;
    client.middlewareStack.add(
      (next) => async (args) => {
        const input = (args as { input: { Key?: { pk?: string } } }).input;
        const result = await next(args);
        if (!done && input.Key?.pk === `BUILDING#${closing}`) {
          done = true;
          await client.send(new UpdateCommand({ TableName: tableName(), Key: keys.building(closing), UpdateExpression: 'SET deactivatedAt = :t', ExpressionAttributeValues: { ':t': '2026-11-30T00:00:00+08:00' } }));
        }
        return result;
      },
      { step: 'initialize', name: 'deactivate-after-read' },
    );
    try {
      await expect(setMyHome(as(user), closing)).rejects.toMatchObject({ status: 404, fields: [{ path: 'buildingId', message: '楼栋已停用' }] });
    } finally {
      client.middlewareStack.remove('deactivate-after-read');
    }
    expect((await getUser(user))?.home).toBeUndefined();
  });
});

describe('公告 board partition', () => {
  const board = async () =>
    (await ddb().send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.noticeBoardPartition(communityId) } }))).Items ?? [];

  it('holds one entry per live notice: pin moves it, 下架 removes it, and a TTL date is set from the last day', async () => {
    const n = await postNotice(admin, communityId, { title: '通知', body: '内容', pinned: false, expiresOn: '2099-12-31' });
    let entries = (await board()).filter((i) => i.id === n.id);
    expect(entries.map((i) => String(i.sk).slice(0, 2))).toEqual(['1#']);
    // The end of 2099-12-31 in China is 2099-12-31T16:00Z.
    expect(entries[0]!.ttl).toBe(Date.parse('2099-12-31T16:00:00Z') / 1000);

    const pinned = await editNotice(admin, n.id, { title: '通知', body: '内容', pinned: true, expiresOn: '2099-12-31', version: 1 });
    entries = (await board()).filter((i) => i.id === n.id);
    expect(entries.map((i) => String(i.sk).slice(0, 2))).toEqual(['0#']);

    await expireNotice(admin, n.id);
    expect((await board()).filter((i) => i.id === n.id)).toEqual([]);
    const meta = (await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.notice(n.id) }))).Item;
    expect(meta).toMatchObject({ version: pinned.version + 1, pinned: true });
  });

  it('an entry past its last day that TTL has not yet deleted is not listed', async () => {
    const n = await postNotice(admin, communityId, { title: '快过期', body: '内容', pinned: true, expiresOn: null });
    const entry = (await board()).find((i) => i.id === n.id)!;
    // As if its last day had passed: DynamoDB Local never deletes by TTL.
    await ddb().send(new UpdateCommand({ TableName: tableName(), Key: { pk: entry.pk, sk: entry.sk }, UpdateExpression: 'SET expiresMs = :past', ExpressionAttributeValues: { ':past': Date.now() - 1000 } }));
    expect((await communityNotices(communityId, { limit: 50 })).items.map((i) => i.id)).not.toContain(n.id);
  });
});

describe('pledges to a crowdfund limited to some buildings', () => {
  const home = (buildingId: string) => ({ buildingId, buildingName: 'x', estate: 'x', communityId, communityName: 'x', setAt: '2026-11-30T00:00:00+08:00' });
  const cf = { communityId, buildingIds: [b1], estates: [] };

  it('go by the home building', () => {
    expect(() => mayPledgeFromHome(cf, as('u-a', {}, home(b1)))).not.toThrow();
    expect(() => mayPledgeFromHome(cf, as('u-b', {}, home(b2)))).toThrow(expect.objectContaining({ code: 'NOT_IN_BUILDINGS', status: 422 }));
    expect(() => mayPledgeFromHome(cf, as('u-c'))).toThrow(expect.objectContaining({ code: 'HOME_REQUIRED', status: 422 }));
    // A crowdfund of the whole community takes anyone's pledge; one of some estates only their residents' (403).
    expect(() => mayPledgeFromHome({ communityId, buildingIds: [], estates: [] }, as('u-c'))).not.toThrow();
    expect(() => mayPledgeFromHome({ communityId, buildingIds: [], estates: ['x'] }, as('u-a', {}, home(b1)))).not.toThrow();
    expect(() => mayPledgeFromHome({ communityId, buildingIds: [], estates: ['别的小区'] }, as('u-a', {}, home(b1)))).toThrow(expect.objectContaining({ code: 'NOT_IN_ESTATES', status: 403 }));
  });
});
