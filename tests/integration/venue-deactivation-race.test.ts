import { setTimeout as sleep } from 'node:timers/promises';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createActivity, publishActivity } from '../../functions/src/activities/activities';
import { bookingReads, createBooking } from '../../functions/src/booking/domain';
import type { Principal } from '../../functions/src/lib/authorize';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import { inChina } from '../../functions/src/lib/time';
import { createCommunity, createStreet } from '../../functions/src/org/tree';
import { createRoom, createStation, deactivateRoom, deactivateStation } from '../../functions/src/venues/tree';
import { ActivityInput } from '../../shared/src/api/activities';
import type { Roles } from '../../shared/src/roles';
import { useStackTable } from '../support/ddb';
import { principal } from '../support/principals';

/**
 * A room (or station) deactivated while someone books it: the booking's transaction carries
 * the room's in-service guard, and the deactivation reads the room's own slot locks
 * consistently and is conditioned on the room's booking counter, so a deactivated room never
 * holds a live booking, whichever comes first and however the indexes lag.
 */
beforeAll(useStackTable);
jest.setTimeout(300_000);

const plain: Roles = { resident: true, member: false, staffStationIds: [], adminCommunityIds: [] };
const root: Principal = { userId: 'u-vrace-root', roles: { ...plain, root: true }, user: { id: 'u-vrace-root', nickname: '平台', roles: { ...plain, root: true }, createdAt: '2026-11-30T00:00:00+08:00' } };
const streetAdmin = (streetId: string, communityId: string): Principal => {
  const roles = { ...plain, streetIds: [streetId] };
  return { userId: 'u-vrace-street', roles, user: { id: 'u-vrace-street', nickname: '街道', roles, createdAt: '2026-11-30T00:00:00+08:00' }, streetCommunityIds: [communityId] };
};
const stationBody = { kind: 'centre' as const, name: '竞速驿站', address: '竞速路 1 号', location: { lat: 31.2, lng: 121.4 }, phone: '021-12345678' };
const roomBody = { name: '活动室', capacity: 10, facilities: [], requiresApproval: false, photos: [] };
/** Tomorrow in Shanghai: inside the default rules (2 h notice, 14 days ahead) and hours (09:00–17:00). */
const tomorrow = () => inChina().add(1, 'day').format('YYYY-MM-DD');
const bookingOf = (roomId: string, start = '10:00', end = '11:00') => ({ roomId, date: tomorrow(), start, end, purpose: '楼栋议事会', attendees: 5 });

async function newRoom(): Promise<{ admin: Principal; stationId: string; roomId: string }> {
  const street = await createStreet(root, { name: '预约竞速街道' });
  const community = await createCommunity(streetAdmin(street.id, ''), street.id, { name: '预约竞速社区', address: '竞速路' });
  const admin = streetAdmin(street.id, community.id);
  const station = await createStation(admin, community.id, stationBody);
  const room = await createRoom(admin, station.id, roomBody);
  return { admin, stationId: station.id, roomId: room.id };
}

/** The bookings of a room that still hold slots (pending or approved): read from the booking items themselves. */
async function liveBookingsOf(stationId: string, roomId: string): Promise<string[]> {
  const res = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :b)',
      FilterExpression: 'roomId = :r AND #s IN (:pending, :approved)',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':p': `STATION#${stationId}`, ':b': 'BOOKING#', ':r': roomId, ':pending': 'pending', ':approved': 'approved' },
    }),
  );
  return (res.Items ?? []).map((i) => String(i.id));
}

const isRoomDeactivated = async (roomId: string) => Boolean((await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.room(roomId), ConsistentRead: true }))).Item?.deactivatedAt);

it('a booking made while its room is deactivated: never a booking on a deactivated room (many rounds)', async () => {
  const outcomes: { booked: boolean; deactivated: boolean }[] = [];
  for (let i = 0; i < 16; i++) {
    const { admin, stationId, roomId } = await newRoom();
    const [b, d] = await Promise.allSettled([
      sleep(Math.random() * 10).then(() => createBooking(principal(), bookingOf(roomId))),
      sleep(Math.random() * 10).then(() => deactivateRoom(admin, roomId)),
    ]);
    for (const r of [b, d]) if (r.status === 'rejected' && !['ROOM_DEACTIVATED', 'HAS_FUTURE_BOOKINGS'].includes((r.reason as { code?: string }).code ?? '')) throw r.reason;
    const deactivated = await isRoomDeactivated(roomId);
    outcomes.push({ booked: (await liveBookingsOf(stationId, roomId)).length > 0, deactivated });
  }
  expect(outcomes.filter((o) => o.booked && o.deactivated)).toEqual([]);
  expect(outcomes.every((o) => o.booked || o.deactivated)).toBe(true);
});

it('a booking whose room was deactivated after it read the room is refused by its transaction, leaving nothing', async () => {
  const { admin, stationId, roomId } = await newRoom();
  const booker = principal();
  const req = bookingOf(roomId, '14:00', '15:00');
  const reads = await bookingReads(booker.userId, req); // the room read while in service
  await deactivateRoom(admin, roomId);
  await expect(createBooking(booker, req, new Date(), Promise.resolve(reads))).rejects.toMatchObject({ code: 'ROOM_DEACTIVATED' });
  expect(await liveBookingsOf(stationId, roomId)).toEqual([]);
  const locks = await ddb().send(
    new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)', ExpressionAttributeValues: { ':p': `ROOM#${roomId}`, ':s': 'SLOT#' }, ConsistentRead: true }),
  );
  expect(locks.Items).toEqual([]);
});

it('deactivating a room finds a booking the station index has not caught up with yet (no GSI lag gap)', async () => {
  const { admin, stationId, roomId } = await newRoom();
  const b = await createBooking(principal(), bookingOf(roomId, '15:00', '16:00'));
  // The station's booking index lagging behind: the booking is not in it yet.
  await ddb().send(new UpdateCommand({ TableName: tableName(), Key: keys.booking(b.id), UpdateExpression: 'REMOVE gsi1pk, gsi1sk' }));
  await expect(deactivateRoom(admin, roomId)).rejects.toMatchObject({ status: 409, code: 'HAS_FUTURE_BOOKINGS' });
  expect(await isRoomDeactivated(roomId)).toBe(false);
  expect(stationId).toBeTruthy();
});

it('deactivating a station finds a room the room index has not caught up with yet (its roomCount)', async () => {
  const { admin, stationId, roomId } = await newRoom();
  await ddb().send(new UpdateCommand({ TableName: tableName(), Key: keys.room(roomId), UpdateExpression: 'REMOVE gsi1pk, gsi1sk' }));
  await expect(deactivateStation(admin, stationId)).rejects.toMatchObject({ status: 409, code: 'HAS_ACTIVE_CHILDREN' });
  await deactivateRoom(admin, roomId);
  await expect(deactivateStation(admin, stationId)).resolves.toMatchObject({ id: stationId });
});

it('an activity drafted into a room that is deactivated before it is published is refused (ROOM_DEACTIVATED) and holds no slot', async () => {
  const { admin, stationId, roomId } = await newRoom();
  const day = inChina().add(3, 'day').format('YYYY-MM-DD');
  const staff: Principal = { ...admin, roles: { ...admin.roles, staffStationIds: [stationId] }, user: { ...admin.user, roles: { ...admin.roles, staffStationIds: [stationId] } } };
  const draft = await createActivity(staff, stationId, ActivityInput.parse({
    title: '停用房间里的活动',
    description: '房间随后停用',
    kind: 'lecture',
    start: `${day}T10:00`,
    end: `${day}T11:00`,
    place: { roomId },
    capacity: 10,
    signUpOpens: `${inChina().format('YYYY-MM-DD')}T00:00`,
    signUpCloses: `${day}T10:00`,
    cancelDeadline: `${day}T09:00`,
  }));
  await deactivateRoom(admin, roomId);
  await expect(publishActivity(staff, draft.id)).rejects.toMatchObject({ status: 409, code: 'ROOM_DEACTIVATED' });
  const locks = await ddb().send(
    new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)', ExpressionAttributeValues: { ':p': `ROOM#${roomId}`, ':s': 'SLOT#' }, ConsistentRead: true }),
  );
  expect(locks.Items).toEqual([]);
});
