import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetNames, ddb, fromItem, isConditionFailure, type Item, putIfAbsent, queryAll, queryIndexPrefix, tableName } from '../lib/dynamo';
import { keys } from '../lib/keys';
import type { Room, Station, Venues } from './model';

const stationItem = (s: Station): Item => ({
  ...keys.station(s.id),
  ...keys.communityChild(s.communityId, 'STATION', s.id),
  ...keys.stationIndex(s.communityId, s.id),
  entity: 'Station',
  ...s,
});
const roomItem = (r: Room): Item => ({ ...keys.room(r.id), ...keys.stationChild(r.stationId, r.id), entity: 'Room', ...r });

export async function saveVenuesIfAbsent(v: Venues): Promise<number> {
  let written = 0;
  for (const item of [...v.stations.map(stationItem), ...v.rooms.map(roomItem)]) if (await putIfAbsent(item)) written++;
  return written;
}

/** Stations of one community (GSI1), or of all communities (GSI2). */
export async function listStations(communityId?: string): Promise<Station[]> {
  const items = communityId
    ? await queryIndexPrefix('gsi1', `COMMUNITY#${communityId}`, 'STATION#')
    : await queryAll({
        TableName: tableName(),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': 'STATIONS' },
      });
  return items.map((i) => fromItem<Station>(i));
}

export async function getStation(stationId: string): Promise<Station | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.station(stationId) }));
  return Item ? fromItem<Station>(Item) : undefined;
}

export async function getRoom(roomId: string): Promise<Room | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.room(roomId) }));
  return Item ? fromItem<Room>(Item) : undefined;
}

/** A room and its station in one BatchGetItem (the station id is known from the caller). */
export async function getRoomAndStation(roomId: string, stationId: string): Promise<{ room?: Room; station?: Station }> {
  const res = await ddb().send(
    new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: [keys.room(roomId), keys.station(stationId)] } } }),
  );
  const items = res.Responses?.[tableName()] ?? [];
  const room = items.find((i) => i.entity === 'Room');
  const station = items.find((i) => i.entity === 'Station');
  return { room: room && fromItem<Room>(room), station: station && fromItem<Station>(station) };
}

export async function listRooms(stationId: string): Promise<Room[]> {
  const items = await queryIndexPrefix('gsi1', `STATION#${stationId}`, 'ROOM#');
  return items.map((i) => fromItem<Room>(i));
}

/**
 * Replaces a room if nobody changed it since it was read (its `version`); false when
 * someone did, so the caller can read again and retry.
 */
export async function saveRoom(room: Room, readVersion: number): Promise<boolean> {
  try {
    await ddb().send(
      new PutCommand({
        TableName: tableName(),
        Item: roomItem({ ...room, version: readVersion + 1 }),
        ConditionExpression: 'attribute_exists(pk) AND #v = :v',
        ExpressionAttributeNames: { '#v': 'version' },
        ExpressionAttributeValues: { ':v': readVersion },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

export async function saveOpeningHours(stationId: string, openingHours: Station['openingHours']): Promise<Station> {
  const res = await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.station(stationId),
      UpdateExpression: 'SET openingHours = :h',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':h': openingHours },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return fromItem<Station>(res.Attributes!);
}

export async function stationNames(stationIds: string[]): Promise<Map<string, string>> {
  return batchGetNames(stationIds.map((id) => keys.station(id)));
}
