import { GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { upsertUserByOpenid } from '../../functions/src/auth/domain';
import { getUser } from '../../functions/src/auth/storage';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import { useStackTable } from '../support/ddb';

beforeAll(useStackTable);

/** The user profiles (`USER#…/PROFILE`) that writes through the app's client succeeded in creating while `run` ran. */
async function profilesCreatedDuring<T>(run: () => Promise<T>): Promise<{ result: T; created: Record<string, unknown>[] }> {
  const client = ddb();
  const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
  const created: Record<string, unknown>[] = [];
  const spy = jest.spyOn(client, 'send').mockImplementation((async (command: unknown) => {
    const out = await send(command);
    const input = (command as { input?: { TransactItems?: { Put?: { Item?: Record<string, unknown> } }[]; Item?: Record<string, unknown> } }).input;
    const items = [...(input?.TransactItems ?? []).map((t) => t.Put?.Item), input?.Item];
    for (const item of items) if (item && String(item.pk).startsWith('USER#') && item.sk === 'PROFILE') created.push(item);
    return out;
  }) as never);
  try {
    return { result: await run(), created };
  } finally {
    spy.mockRestore();
  }
}

describe('users on DynamoDB Local', () => {
  it('creates a plain resident on first login and finds the same user afterwards', async () => {
    const openid = `it-first-${Date.now()}`;
    const first = await upsertUserByOpenid(openid);
    expect(first.roles).toEqual({ resident: true, member: false, staffStationIds: [], adminCommunityIds: [] });
    expect(first.nickname).toBe(`微信用户${openid.slice(-4)}`);
    expect(first.createdAt).toMatch(/\+08:00$/);
    const again = await upsertUserByOpenid(openid);
    expect(again.id).toBe(first.id);
    expect(await getUser(first.id)).toMatchObject({ id: first.id, openid });
  });

  it('twenty simultaneous first logins of one openid make exactly one user', async () => {
    const openid = `it-race-${Date.now()}`;
    const { result: results, created } = await profilesCreatedDuring(() => Promise.all(Array.from({ length: 20 }, () => upsertUserByOpenid(openid))));
    expect(new Set(results.map((u) => u.id)).size).toBe(1);
    const pointer = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.openid(openid) }));
    expect(pointer.Item?.userId).toBe(results[0].id);
    // Exactly one profile was written (a Scan for it would have to read the whole shared table,
    // which other tests fill with tens of thousands of items), and it is the one the pointer names.
    expect(created.map((p) => p.id)).toEqual([results[0].id]);
    const profile = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.user(results[0].id), ConsistentRead: true }));
    expect(profile.Item?.openid).toBe(openid);
  });

  it('keeps the openid pointer and the profile together: no profile without its pointer', async () => {
    const all = await ddb().send(new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': 'COMMUNITIES' },
    }));
    expect(all.Items?.length).toBeGreaterThan(0);
    const scan = await ddb().send(new ScanCommand({ TableName: tableName(), FilterExpression: 'sk = :sk', ExpressionAttributeValues: { ':sk': 'PROFILE' } }));
    for (const profile of scan.Items ?? []) {
      const pointer = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.openid(profile.openid) }));
      expect(pointer.Item?.userId).toBe(profile.id);
    }
  });
});
