import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { loadDemoData, loadWishesDemo } from '../../functions/src/demo/load';
import { DEMO_USERS, DEMO_VENUES, DEMO_WISHES } from '../../functions/src/demo/data';
import * as wishes from '../../functions/src/wishes/domain';
import { principal } from '../support/principals';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import { community, communitySummaries } from '../../functions/src/org/domain';
import { findUserIdByOpenid, getUser } from '../../functions/src/auth/storage';
import { rawClient } from '../../scripts/local/table';
import { useStackTable } from '../support/ddb';
import { stackEnv } from '../support/env';

beforeAll(useStackTable);

const childrenOf = async (communityId: string, kind: string) =>
  (
    await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :k)',
        ExpressionAttributeValues: { ':p': `COMMUNITY#${communityId}`, ':k': `${kind}#` },
      }),
    )
  ).Items ?? [];

describe('the local table and the demo world', () => {
  it('was created with its four GSIs and TTL on `ttl`', async () => {
    const client = rawClient(stackEnv.dynamoEndpoint);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: stackEnv.tableName }));
    expect(Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName).sort()).toEqual(['gsi1', 'gsi2', 'gsi3', 'gsi4']);
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: stackEnv.tableName }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: 'ttl', TimeToLiveStatus: 'ENABLED' });
  });

  it('holds one street, 2 communities, 4 grids, 8 buildings, 3 stations and 6 rooms', async () => {
    // Other suites of the same run add communities of their own (e.g. 分页社区): count the demo street's.
    const all = [];
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const page = await communitySummaries({ limit: 50, cursor });
      all.push(...page.items);
      cursor = page.nextCursor;
    }
    const communities = all.filter((c) => c.streetId === 'st-hongxing' && ['和谐社区', '幸福社区'].includes(c.name));
    expect(communities.map((c) => c.name).sort()).toEqual(['和谐社区', '幸福社区'].sort());
    let grids = 0;
    let buildings = 0;
    let stations = 0;
    for (const c of communities) {
      grids += (await childrenOf(c.id, 'GRID')).length;
      buildings += (await childrenOf(c.id, 'BUILDING')).length;
      stations += (await childrenOf(c.id, 'STATION')).length;
      expect(c.gridCount).toBe((await childrenOf(c.id, 'GRID')).length);
      expect(c.buildingCount).toBe((await childrenOf(c.id, 'BUILDING')).length);
    }
    expect([grids, buildings, stations]).toEqual([4, 8, 3]);
    expect(new Set(DEMO_VENUES.stations.map((s) => s.kind))).toEqual(new Set(['centre', 'estate', 'shared']));
    expect(DEMO_VENUES.rooms).toHaveLength(6);
    expect(new Set(DEMO_VENUES.rooms.map((r) => JSON.stringify([r.requiresApproval, r.rules]))).size).toBe(6);
  });

  it('has the four demo users with their roles, by fixed openid', async () => {
    for (const demo of DEMO_USERS) {
      const id = await findUserIdByOpenid(demo.openid);
      expect(id).toBe(demo.id);
      expect((await getUser(id!))?.roles).toEqual(demo.roles);
    }
  });

  it('loading again writes nothing and keeps what users changed', async () => {
    await ddb().send(
      new UpdateCommand({ TableName: tableName(), Key: keys.community('cm-hexie'), UpdateExpression: 'SET address = :a', ExpressionAttributeValues: { ':a': '和谐路 18 号（新址）' } }),
    );
    await expect(loadDemoData()).resolves.toEqual({ orgItemsWritten: 0, usersCreated: 0 });
    const hexie = await community('cm-hexie');
    expect(hexie.address).toBe('和谐路 18 号（新址）');
  });

  it('shows a living 微心愿墙 in 幸福社区: open wishes on the wall, one claimed by the demo member, one delivered; masked; loading again adds none', async () => {
    const ids = DEMO_WISHES.map((w) => w.id);
    const open = (await wishes.wall({ communityId: 'cm-xingfu', status: 'open', limit: 50 } as never)).items.filter((w) => ids.includes(w.id));
    expect(open.map((w) => w.title).sort()).toEqual(['一副老花镜（300 度）', '一台能听戏曲的收音机', '上门理发一次'].sort());
    const claimed = (await wishes.wall({ communityId: 'cm-xingfu', status: 'claimed', limit: 50 } as never)).items.filter((w) => ids.includes(w.id));
    const delivered = (await wishes.wall({ communityId: 'cm-xingfu', status: 'delivered', limit: 50 } as never)).items.filter((w) => ids.includes(w.id));
    expect([claimed.map((w) => w.id), delivered.map((w) => w.id)]).toEqual([['wi-demo-walker'], ['wi-demo-lamp']]);
    expect(delivered[0]).toMatchObject({ claim: { label: '幸福物业党支部' } });
    // The public wall carries no beneficiary.
    const text = JSON.stringify([...open, ...claimed, ...delivered]);
    for (const d of DEMO_WISHES) for (const secret of [d.beneficiary.name, d.beneficiary.phone]) expect(text).not.toContain(secret);
    // The demo member finds the claim under 我认领的; the beneficiary is theirs to see while they hold it.
    const member = DEMO_USERS.find((u) => u.id === 'u-demo-member')!;
    const mine = await wishes.myClaims({ ...principal(member.roles, member.nickname), userId: member.id }, { limit: 50 });
    expect(mine.items.find((w) => w.id === 'wi-demo-walker')).toMatchObject({ status: 'claimed', beneficiary: { name: '刘长海' } });
    await expect(loadWishesDemo()).resolves.toEqual({ wishesCreated: 0 });
  });
});
