import { GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { upsertUserByOpenid } from '../../functions/src/auth/domain';
import { getUser } from '../../functions/src/auth/storage';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import { useStackTable } from '../support/ddb';

beforeAll(useStackTable);

/** Every item the filter matches: a Scan reads 1 MB a call, and other tests fill the shared table far beyond that. */
async function scanAll(FilterExpression: string, ExpressionAttributeValues: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await ddb().send(new ScanCommand({ TableName: tableName(), FilterExpression, ExpressionAttributeValues, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
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
    const results = await Promise.all(Array.from({ length: 20 }, () => upsertUserByOpenid(openid)));
    expect(new Set(results.map((u) => u.id)).size).toBe(1);
    const pointer = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.openid(openid) }));
    expect(pointer.Item?.userId).toBe(results[0].id);
    const profiles = await scanAll('openid = :o AND sk = :sk', { ':o': openid, ':sk': 'PROFILE' });
    expect(profiles).toHaveLength(1);
  });

  it('keeps the openid pointer and the profile together: no profile without its pointer', async () => {
    const all = await ddb().send(new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': 'COMMUNITIES' },
    }));
    expect(all.Items?.length).toBeGreaterThan(0);
    const users = await scanAll('sk = :sk AND begins_with(pk, :u)', { ':sk': 'PROFILE', ':u': 'USER#' });
    expect(users.length).toBeGreaterThan(0);
    for (const profile of users) {
      const pointer = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.openid(String(profile.openid)) }));
      expect(pointer.Item?.userId).toBe(profile.id);
    }
  });
});
