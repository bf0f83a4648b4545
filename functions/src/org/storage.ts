import { BatchGetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, isConditionFailure, tableName } from '../lib/dynamo';
import { keys } from '../lib/keys';
import type { Community, OrgTree } from './model';

type Item = Record<string, unknown>;

function strip<T>(item: Item): T {
  const { pk: _a, sk: _b, gsi1pk: _c, gsi1sk: _d, entity: _e, ...rest } = item;
  return rest as T;
}

/** The items that store an org tree, with their keys and index keys. */
export function orgItems(tree: OrgTree): Item[] {
  return [
    ...tree.streets.map((s) => ({ ...keys.street(s.id), entity: 'Street', ...s })),
    ...tree.communities.map((c) => ({
      ...keys.community(c.id),
      ...keys.communityIndex(c.streetId, c.id),
      entity: 'Community',
      ...c,
    })),
    ...tree.grids.map((g) => ({ ...keys.grid(g.id), ...keys.communityChild(g.communityId, 'GRID', g.id), entity: 'Grid', ...g })),
    ...tree.buildings.map((b) => ({
      ...keys.building(b.id),
      ...keys.communityChild(b.communityId, 'BUILDING', b.id),
      entity: 'Building',
      ...b,
    })),
    ...tree.stations.map((s) => ({
      ...keys.station(s.id),
      ...keys.communityChild(s.communityId, 'STATION', s.id),
      entity: 'Station',
      ...s,
    })),
    ...tree.rooms.map((r) => ({ ...keys.room(r.id), ...keys.stationChild(r.stationId, r.id), entity: 'Room', ...r })),
  ];
}

/** Writes an item unless one with its key exists; true when written. Keeps what users changed. */
export async function putIfAbsent(item: Item): Promise<boolean> {
  try {
    await ddb().send(new PutCommand({ TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

export async function listCommunities(): Promise<Community[]> {
  const out: Community[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': 'COMMUNITIES' },
        ExclusiveStartKey,
      }),
    );
    out.push(...(page.Items ?? []).map((i) => strip<Community>(i)));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}

/** Names of stations and communities by id, in one BatchGetItem (ids come from a user's roles: few). */
export async function getNames(
  stationIds: string[],
  communityIds: string[],
): Promise<{ stations: Map<string, string>; communities: Map<string, string> }> {
  const wanted = [...stationIds.map((id) => keys.station(id)), ...communityIds.map((id) => keys.community(id))];
  const stations = new Map<string, string>();
  const communities = new Map<string, string>();
  for (let i = 0; i < wanted.length; i += 100) {
    let request: Record<string, { Keys: Item[]; ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> }> | undefined = {
      [tableName()]: {
        Keys: wanted.slice(i, i + 100),
        ProjectionExpression: 'pk, #n',
        ExpressionAttributeNames: { '#n': 'name' },
      },
    };
    while (request && Object.keys(request).length > 0) {
      const res = await ddb().send(new BatchGetCommand({ RequestItems: request }));
      for (const item of res.Responses?.[tableName()] ?? []) {
        const [kind, id] = String(item.pk).split('#', 2);
        (kind === 'STATION' ? stations : communities).set(id, String(item.name));
      }
      request = res.UnprocessedKeys as typeof request;
    }
  }
  return { stations, communities };
}
