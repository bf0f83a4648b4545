import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Room as RoomView, Station as StationView, CreateBlackoutRequest, OpeningHours } from '@shared/api/venues';
import { authorize, type Principal } from '../lib/authorize';
import { decodeCursor, encodeCursor, type Page } from '../lib/dynamo';
import { appError, notFound } from '../lib/errors';
import { inChina } from '../lib/time';
import type { Room, Station } from './model';
import {
  getRoom,
  getRoomAndStation,
  getStation,
  listRooms,
  renameCommunityInStations,
  saveOpeningHours,
  saveRoom,
  stationNames,
  stationsAround,
  stationsOfCommunity,
} from './storage';

/** What public lists show: units not deactivated 已停用. */
export const inService = <T extends { deactivatedAt?: string }>(units: T[]) => units.filter((u) => !u.deactivatedAt);

/** Great-circle distance in metres (haversine). */
export function distanceMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return Math.round(2 * 6_371_000 * Math.asin(Math.sqrt(h)));
}

/** Nearest first when the caller shares a location; otherwise by community, then name. */
export function orderStations(stations: Station[], from?: { lat: number; lng: number }): StationView[] {
  const views: StationView[] = stations.map((s) => ({ ...s, ...(from ? { distance: distanceMetres(from, s.location) } : {}) }));
  return views.sort((a, b) =>
    from ? a.distance! - b.distance! : a.communityName.localeCompare(b.communityName, 'zh-Hans-CN') || a.name.localeCompare(b.name, 'zh-Hans-CN'),
  );
}

/** Blackouts that have not ended yet, earliest first: what users and staff need to see. */
function currentBlackouts(room: Room, now: Date) {
  const nowLocal = inChina(now).format('YYYY-MM-DDTHH:mm');
  return room.blackouts.filter((b) => b.end > nowLocal).sort((a, b) => a.start.localeCompare(b.start));
}

export function roomView(room: Room, station: Station, now = new Date()): RoomView {
  // `checkInCode`: a hidden per-room code of older data; check-in now takes the room's poster code.
  const { checkInCode: _legacy, version: _v, bookingSeq: _seq, ...rest } = room as Room & { checkInCode?: string };
  return { ...rest, stationName: station.name, openingHours: station.openingHours, blackouts: currentBlackouts(room, now) };
}

/**
 * One page of stations: a community's (ordered by name within the page; with distances when
 * the caller shares a location), or those near the caller (the geohash cells around them,
 * nearest first; the cursor is the offset into that list).
 */
export async function stations(query: { communityId?: string; lat?: number; lng?: number; limit: number; cursor?: string }): Promise<Page<StationView>> {
  const from = query.lat !== undefined && query.lng !== undefined ? { lat: query.lat, lng: query.lng } : undefined;
  if (query.communityId) {
    const page = await stationsOfCommunity(query.communityId, query);
    return { ...page, items: orderStations(inService(page.items), from) };
  }
  if (!from) throw appError('VALIDATION_FAILED', '请选择社区，或允许获取位置查看附近的驿站', [{ path: 'communityId', message: '请选择社区' }]);
  const near = orderStations(inService(await stationsAround(from)), from);
  const offset = query.cursor ? Number(decodeCursor(query.cursor)?.offset) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw appError('VALIDATION_FAILED', '分页参数无效，请从第一页重新加载', [{ path: 'cursor', message: '分页参数无效' }]);
  const items = near.slice(offset, offset + query.limit);
  const next = offset + query.limit < near.length ? encodeCursor({ offset: offset + query.limit }) : undefined;
  return { items, ...(next ? { nextCursor: next } : {}) };
}

export async function station(stationId: string): Promise<Station> {
  const found = await getStation(stationId);
  if (!found) throw notFound('驿站');
  return found;
}

/** A page of a station's rooms (by id; a page by name); 404 for an unknown station. */
export async function roomsOf(stationId: string, page: { limit: number; cursor?: string }): Promise<Page<RoomView>> {
  const [s, rooms] = await Promise.all([station(stationId), listRooms(stationId, page)]);
  return {
    items: inService(rooms.items).sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN')).map((r) => roomView(r, s)),
    ...(rooms.nextCursor ? { nextCursor: rooms.nextCursor } : {}),
  };
}

/**
 * Room id → station id, remembered per container. A room never moves to another station, so
 * this link cannot go stale; room and station themselves are always read fresh.
 */
const stationOfRoom = new Map<string, string>();

/** The station of a room this container has read before (no I/O): lets a caller start reads of the station early. */
export const knownStationOfRoom = (roomId: string): string | undefined => stationOfRoom.get(roomId);

/**
 * A room with its station, or 404: one BatchGetItem when this container has seen the room
 * before (the booking hot path), else the room then its station.
 */
export async function roomWithStation(roomId: string): Promise<{ room: Room; station: Station }> {
  const known = stationOfRoom.get(roomId);
  if (known) {
    const both = await getRoomAndStation(roomId, known);
    if (!both.room) throw notFound('房间');
    if (both.station && both.room.stationId === known) return { room: both.room, station: both.station };
  }
  const room = await getRoom(roomId);
  if (!room) throw notFound('房间');
  const s = await getStation(room.stationId);
  if (!s) throw notFound('驿站');
  if (stationOfRoom.size >= 10_000) stationOfRoom.clear();
  stationOfRoom.set(roomId, room.stationId);
  return { room, station: s };
}

export async function room(roomId: string): Promise<RoomView> {
  const { room: r, station: s } = await roomWithStation(roomId);
  return roomView(r, s);
}

const stationScope = (s: { id: string; communityId: string }) => ({ kind: 'station' as const, stationId: s.id, communityId: s.communityId });

/**
 * Read-modify-write of a room, retried when someone else saved it in between (the
 * room's version). Staff of the station or admins of its community only.
 */
async function changeRoom(principal: Principal, roomId: string, change: (room: Room) => Room): Promise<RoomView> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const { room: current, station: s } = await roomWithStation(roomId);
    authorize(principal, 'station:manage', stationScope(s));
    const next = change(structuredClone(current));
    if (await saveRoom(next, current.version)) return roomView({ ...next, version: current.version + 1 }, s);
  }
  throw appError('CONFLICT');
}

export function addBlackout(principal: Principal, roomId: string, b: z.infer<typeof CreateBlackoutRequest>): Promise<RoomView> {
  return changeRoom(principal, roomId, (r) => {
    if (r.blackouts.length >= 100) throw appError('RULE_BROKEN', '停用时段过多，请先删除已过期的时段');
    return { ...r, blackouts: [...r.blackouts, { id: randomUUID(), ...b }] };
  });
}

export function removeBlackout(principal: Principal, roomId: string, blackoutId: string): Promise<RoomView> {
  return changeRoom(principal, roomId, (r) => {
    if (!r.blackouts.some((b) => b.id === blackoutId)) throw notFound('停用时段');
    return { ...r, blackouts: r.blackouts.filter((b) => b.id !== blackoutId) };
  });
}

export async function updateOpeningHours(principal: Principal, stationId: string, hours: OpeningHours): Promise<Station> {
  const s = await station(stationId);
  authorize(principal, 'station:manage', stationScope(s));
  return saveOpeningHours(stationId, hours);
}

/** A community was renamed: its stations show the new name. */
export const communityRenamed = renameCommunityInStations;

/** Named stations, in the order given; unknown ids are dropped. */
export async function namedStations(stationIds: string[]): Promise<{ id: string; name: string }[]> {
  if (stationIds.length === 0) return [];
  const names = await stationNames(stationIds);
  return stationIds.filter((id) => names.has(id)).map((id) => ({ id, name: names.get(id)! }));
}
