/**
 * Stations 驿站 and rooms 房间 as the organisation tree maintains them (#8): created, edited
 * and deactivated (停用, never deleted: bookings and codes point at them) by the admins of
 * their community (and its street). A new room gets its QR code in the same transaction.
 */
import type { z } from 'zod';
import { attachUploads } from '../uploads/domain';
import type { Room as RoomView, RoomRequest, Station as StationView, StationRequest, UpdateRoomRequest } from '@shared/api/venues';
import { authorize, type Principal } from '../lib/authorize';
import { conflict, notFound } from '../lib/errors';
import { keys } from '../lib/keys';
import { nowIso, chinaDate } from '../lib/time';
import { firstCodePuts, refreshBuildingPages } from '../codes/domain';
import { auditOf } from '../org/audit';
import { audited, changeUnit, createUnit, deactivatedConflict } from '../org/change';
import { addToCount, countsChildren, getMeta, parentInService, putNew, putOver, putOverWithoutChildren } from '../org/storage';
import { newUnitId, readCommunity } from '../org/tree';
import { roomView } from './domain';
import type { OpeningHours, Room, RoomRules, Station } from './model';
import { roomHasLiveBookings } from '../booking/storage';
import { stationStaffListNew } from '../roles/storage';
import { hasLiveBookings, roomDeactivationPut, roomItem, stationHasActiveRooms, stationItem } from './storage';

/** A new station's hours until its staff set them: 09:00–17:00 every day. */
const DEFAULT_HOURS: OpeningHours = Object.fromEntries(['0', '1', '2', '3', '4', '5', '6'].map((d) => [d, [{ open: '09:00', close: '17:00' }]])) as OpeningHours;
/** A new room's rules unless given: 2 hours' notice, 14 days ahead, 4 hours at most, 3 a week. */
const DEFAULT_RULES: RoomRules = { slotMinutes: 30, minNoticeMinutes: 120, maxDaysAhead: 14, maxMinutes: 240, weeklyQuota: 3 };

/**
 * The photos a save keeps, the ONE place a station's or room's photos pass through: the
 * upload keys named in the request (validated by the shared PhotoRef schema) become the
 * item's photos; `existing` are those it already had (kept unchanged when named again).
 */
async function keptPhotos(principal: Principal, purpose: 'station' | 'room', refs: readonly string[], existing: readonly string[]): Promise<string[]> {
  return attachUploads(principal, purpose, refs, { field: 'photos', label: '照片' }, existing);
}

const manage = (principal: Principal, communityId: string) => authorize(principal, 'community:manage', { kind: 'community', communityId });
const communityLog = (communityId: string) => ({ kind: 'COMMUNITY' as const, id: communityId });
const readStation = (id: string) => getMeta<Station>(keys.station(id));
const readRoom = (id: string) => getMeta<Room>(keys.room(id));

export async function createStation(principal: Principal, communityId: string, body: StationRequest): Promise<StationView> {
  manage(principal, communityId);
  const community = await readCommunity(communityId);
  if (!community) throw notFound('社区');
  if (community.deactivatedAt) throw deactivatedConflict('社区');
  const { openingHours, photos, ...fields } = body;
  const station: Station = {
    id: newUnitId('sn'),
    communityId,
    communityName: community.name,
    ...fields,
    openingHours: openingHours ?? DEFAULT_HOURS,
    photos: await keptPhotos(principal, 'station', photos ?? [], []),
    roomCount: 0,
  };
  const audit = { scope: communityLog(communityId), action: 'station.create', target: { kind: 'station', id: station.id, name: station.name }, after: station };
  // With its (empty, complete) staff list: bookings read it instead of querying the staff.
  await createUnit(() => [parentInService(keys.community(communityId)), putNew(stationItem(station)), stationStaffListNew(station.id), auditOf(principal, audit)], () => deactivatedConflict('社区'));
  await refreshBuildingPages({ communityId });
  return station;
}

/** A station's details; the community's building pages show a new name or address at once. */
export async function updateStation(principal: Principal, stationId: string, body: StationRequest): Promise<StationView> {
  const { before, after, changed } = await changeUnit('驿站', () => readStation(stationId), async (s) => {
    manage(principal, s.communityId);
    if (s.deactivatedAt) throw deactivatedConflict('驿站');
    const { openingHours, photos, ...fields } = body;
    const next: Station = { ...s, ...fields, openingHours: openingHours ?? s.openingHours, photos: photos ? await keptPhotos(principal, 'station', photos, s.photos) : s.photos };
    if (JSON.stringify(next) === JSON.stringify(s)) return undefined;
    const audit = { scope: communityLog(s.communityId), action: 'station.update', target: { kind: 'station', id: s.id, name: next.name }, before: audited(s), after: audited(next) };
    return { next, items: [putOver(stationItem(next), s.version ?? 0), auditOf(principal, audit)] };
  });
  if (changed && (before.name !== after.name || before.address !== after.address)) await refreshBuildingPages({ communityId: after.communityId });
  return after;
}

/** 停用 a station: only once its rooms are deactivated and no booking of it lies ahead. */
export async function deactivateStation(principal: Principal, stationId: string): Promise<StationView> {
  const { after, changed } = await changeUnit('驿站', () => readStation(stationId), async (s) => {
    manage(principal, s.communityId);
    if (s.deactivatedAt) return undefined;
    if (await hasLiveBookings(s.id, chinaDate())) throw conflict('HAS_FUTURE_BOOKINGS', '该驿站还有未完成的预约，请先处理这些预约后再停用');
    if (countsChildren(s, 'roomCount') || (await stationHasActiveRooms(s.id))) throw conflict('HAS_ACTIVE_CHILDREN', '该驿站还有在用的房间，请先停用这些房间');
    const next = { ...s, deactivatedAt: nowIso() };
    const audit = { scope: communityLog(s.communityId), action: 'station.deactivate', target: { kind: 'station', id: s.id, name: s.name }, before: audited(s), after: audited(next) };
    return { next, items: [putOverWithoutChildren(stationItem(next), s.version ?? 0, ['roomCount']), auditOf(principal, audit)] };
  });
  if (changed) await refreshBuildingPages({ communityId: after.communityId });
  return after;
}

/** A new room with its QR code 房间码, in one transaction with the station's room count. */
export async function createRoom(principal: Principal, stationId: string, body: RoomRequest): Promise<RoomView> {
  const station = await readStation(stationId);
  if (!station) throw notFound('驿站');
  manage(principal, station.communityId);
  if (station.deactivatedAt) throw deactivatedConflict('驿站');
  const { rules, photos, ...fields } = body;
  const room: Room = {
    id: newUnitId('rm'),
    stationId,
    communityId: station.communityId,
    ...fields,
    photos: await keptPhotos(principal, 'room', photos, []),
    rules: { ...DEFAULT_RULES, ...rules },
    blackouts: [],
    version: 1,
  };
  const audit = { scope: communityLog(station.communityId), action: 'room.create', target: { kind: 'room', id: room.id, name: room.name }, after: room };
  await createUnit(
    () => [
      parentInService(keys.station(stationId), { count: { field: 'roomCount', delta: 1 } }),
      putNew(roomItem(room)),
      auditOf(principal, audit),
      ...firstCodePuts('room', room.id, station.communityId, `${station.name} · ${room.name}`),
    ],
    () => deactivatedConflict('驿站'),
    true,
  );
  return roomView(room, station);
}

/** A room's settings (station staff too), with its audit entry in the same transaction. */
export async function updateRoom(principal: Principal, roomId: string, patch: z.output<typeof UpdateRoomRequest>): Promise<RoomView> {
  let station: Station | undefined;
  const { after } = await changeUnit('房间', () => readRoom(roomId), async (r) => {
    station = await readStation(r.stationId);
    if (!station) throw notFound('驿站');
    authorize(principal, 'station:manage', { kind: 'station', stationId: station.id, communityId: station.communityId });
    if (r.deactivatedAt) throw deactivatedConflict('房间');
    const { rules, photos, ...fields } = patch;
    const next: Room = {
      ...r,
      ...fields,
      rules: { ...r.rules, ...rules },
      ...(photos !== undefined ? { photos: await keptPhotos(principal, 'room', photos, r.photos) } : {}),
    };
    if (JSON.stringify(next) === JSON.stringify(r)) return undefined;
    const audit = { scope: communityLog(r.communityId), action: 'room.update', target: { kind: 'room', id: r.id, name: next.name }, before: audited(r), after: audited(next) };
    return { next, items: [putOver(roomItem(next), r.version ?? 0), auditOf(principal, audit)] };
  });
  return roomView(after, station!);
}

/** 停用 a room: only while no booking of it lies ahead. */
export async function deactivateRoom(principal: Principal, roomId: string): Promise<RoomView> {
  let station: Station | undefined;
  const { after } = await changeUnit('房间', () => readRoom(roomId), async (r) => {
    manage(principal, r.communityId);
    station = await readStation(r.stationId);
    if (!station) throw notFound('驿站');
    if (r.deactivatedAt) return undefined;
    // The room's own partition, read consistently after the room: nothing booked a moment ago is missed.
    if (await roomHasLiveBookings(r.id, chinaDate(), new Date())) throw conflict('HAS_FUTURE_BOOKINGS', '该房间还有未完成的预约，请先处理这些预约后再停用');
    const next = { ...r, deactivatedAt: nowIso() };
    const audit = { scope: communityLog(r.communityId), action: 'room.deactivate', target: { kind: 'room', id: r.id, name: r.name }, before: audited(r), after: audited(next) };
    return { next, items: [roomDeactivationPut(next, r), addToCount(keys.station(r.stationId), 'roomCount', -1), auditOf(principal, audit)] };
  });
  return roomView(after, station!);
}
