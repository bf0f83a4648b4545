import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import geohash from 'ngeohash';
import { batchGetNames, ddb, getTogether, fromItem, isConditionFailure, type Item, type Page, putIfAbsent, queryAll, queryIndexPrefix, queryPage, tableName, type TxItem } from '../lib/dynamo';
import { keys } from '../lib/keys';
import { putOver } from '../org/storage';
import type { Room, Station, Venues } from './model';

/** Geohash precision of the nearby index: cells of about 4.9 × 4.9 km (less east–west away from the equator). */
export const GEO_PRECISION = 5;

export const stationItem = (s: Station): Item => ({
  ...keys.station(s.id),
  ...keys.communityChild(s.communityId, 'STATION', s.id),
  ...keys.stationIndex(s.communityId, s.id),
  ...keys.stationGeoIndex(geohash.encode(s.location.lat, s.location.lng, GEO_PRECISION), s.id),
  entity: 'Station',
  ...s,
});
export const roomItem = (r: Room): Item => ({ ...keys.room(r.id), ...keys.stationChild(r.stationId, r.id), entity: 'Room', ...r });

/**
 * The Put deactivating a room read at `read`: nobody changed it (version) and no booking was
 * made since (its `bookingSeq`, which every booking's transaction ADDs to: booking/storage
 * `roomInServiceForBooking`), so the live bookings looked for after that read are all there are.
 */
export function roomDeactivationPut(next: Room, read: Room): TxItem {
  const put = putOver(roomItem(next), read.version ?? 0).Put!;
  const seen = read.bookingSeq === undefined ? 'attribute_not_exists(bookingSeq)' : 'bookingSeq = :seq';
  return {
    Put: {
      ...put,
      ConditionExpression: `(${put.ConditionExpression}) AND ${seen}`,
      ExpressionAttributeValues: { ...put.ExpressionAttributeValues, ...(read.bookingSeq === undefined ? {} : { ':seq': read.bookingSeq }) },
    },
  };
}

export async function saveVenuesIfAbsent(v: Venues): Promise<number> {
  let written = 0;
  for (const item of [...v.stations.map(stationItem), ...v.rooms.map(roomItem)]) {
    if (await putIfAbsent(item)) written++;
    else if (item.gsi4pk) await addGeoIndexIfMissing(item);
  }
  return written;
}

/** A station stored before the nearby index existed gets its geohash keys (nothing else changes). */
async function addGeoIndexIfMissing(item: Item): Promise<void> {
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: 'SET gsi4pk = :p, gsi4sk = :s',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(gsi4pk)',
        ExpressionAttributeValues: { ':p': item.gsi4pk, ':s': item.gsi4sk },
      }),
    );
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
  }
}

/** One page of a community's stations (GSI1, by id). */
export async function stationsOfCommunity(communityId: string, page: { limit: number; cursor?: string }): Promise<Page<Station>> {
  const res = await queryPage(
    {
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :s)',
      ExpressionAttributeValues: { ':p': `COMMUNITY#${communityId}`, ':s': 'STATION#' },
    },
    page,
  );
  return { items: res.items.map((i) => fromItem<Station>(i)), ...(res.nextCursor ? { nextCursor: res.nextCursor } : {}) };
}

/**
 * Every station in the geohash cell around a point and its eight neighbours (GSI4, nine
 * Queries in parallel): what is read depends on how dense stations are there, not on the city.
 */
export async function stationsAround(at: { lat: number; lng: number }): Promise<Station[]> {
  const centre = geohash.encode(at.lat, at.lng, GEO_PRECISION);
  const cells = [centre, ...geohash.neighbors(centre)];
  const found = await Promise.all(
    [...new Set(cells)].map((cell) =>
      queryAll({
        TableName: tableName(),
        IndexName: 'gsi4',
        KeyConditionExpression: 'gsi4pk = :p AND begins_with(gsi4sk, :s)',
        ExpressionAttributeValues: { ':p': keys.stationGeoIndex(cell, '').gsi4pk, ':s': 'STATION#' },
      }),
    ),
  );
  return found.flat().map((i) => fromItem<Station>(i));
}

export async function getStation(stationId: string): Promise<Station | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.station(stationId) }));
  return Item ? fromItem<Station>(Item) : undefined;
}

export async function getRoom(roomId: string): Promise<Room | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.room(roomId) }));
  return Item ? fromItem<Room>(Item) : undefined;
}

/** A room and its station, read together with the caller's other reads (the station id is known from the caller). */
export async function getRoomAndStation(roomId: string, stationId: string): Promise<{ room?: Room; station?: Station }> {
  const items = await getTogether([keys.room(roomId), keys.station(stationId)]);
  const room = items.find((i) => i.entity === 'Room');
  const station = items.find((i) => i.entity === 'Station');
  return { room: room && fromItem<Room>(room), station: station && fromItem<Station>(station) };
}

/** One page of a station's rooms (GSI1 `STATION#<id>`, begins_with `ROOM#`), in id order. */
export async function listRooms(stationId: string, page: { limit: number; cursor?: string }): Promise<Page<Room>> {
  const res = await queryPage(
    {
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :p)',
      ExpressionAttributeValues: { ':pk': `STATION#${stationId}`, ':p': 'ROOM#' },
    },
    page,
  );
  return { items: res.items.map((i) => fromItem<Room>(i)), nextCursor: res.nextCursor };
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

/** True while a station has a room in service (deactivation rule), stopping at the first. */
export async function stationHasActiveRooms(stationId: string): Promise<boolean> {
  const found = await queryAll(
    {
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :s)',
      FilterExpression: 'attribute_not_exists(deactivatedAt)',
      ExpressionAttributeValues: { ':p': `STATION#${stationId}`, ':s': 'ROOM#' },
      ProjectionExpression: 'id',
      Limit: 200,
    },
    1,
  );
  return found.length > 0;
}

/**
 * True when a station (or one room of it) has a live booking (pending or approved) on or
 * after `fromDate` (GSI1 STATION#id, BOOKING#<date>…), stopping at the first.
 */
export async function hasLiveBookings(stationId: string, fromDate: string, roomId?: string): Promise<boolean> {
  const found = await queryAll(
    {
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p AND gsi1sk BETWEEN :from AND :to',
      FilterExpression: `#s IN (:pending, :approved)${roomId ? ' AND roomId = :r' : ''}`,
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: {
        ':p': `STATION#${stationId}`,
        ':from': `BOOKING#${fromDate}`,
        ':to': 'BOOKING#~',
        ':pending': 'pending',
        ':approved': 'approved',
        ...(roomId ? { ':r': roomId } : {}),
      },
      ProjectionExpression: 'id',
      Limit: 200,
    },
    1,
  );
  return found.length > 0;
}

/** A community's new name on each of its stations (denormalised `communityName`). */
export async function renameCommunityInStations(communityId: string, communityName: string): Promise<void> {
  const items = await queryIndexPrefix('gsi1', `COMMUNITY#${communityId}`, 'STATION#');
  await Promise.all(
    items.map((i) =>
      ddb().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.station(String(i.id)),
          UpdateExpression: 'ADD #v :one SET communityName = :n',
          ConditionExpression: 'attribute_exists(pk)',
          // A new version: an edit of the item read before the rename retries instead of writing the old name back.
          ExpressionAttributeNames: { '#v': 'version' },
          ExpressionAttributeValues: { ':one': 1, ':n': communityName },
        }),
      ),
    ),
  );
}
