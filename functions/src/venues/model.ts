/**
 * Service places hanging off the org tree: stations (党群服务中心, 红色驿站, shared rooms of
 * schools and companies) and their bookable rooms.
 */
/** Opening hours per weekday (0 = Sunday … 6 = Saturday); an empty list means closed. */
export type OpeningHours = Record<'0' | '1' | '2' | '3' | '4' | '5' | '6', { open: string; close: string }[]>;

export interface Blackout {
  id: string;
  /** Asia/Shanghai local date-time `YYYY-MM-DDTHH:mm`. */
  start: string;
  end: string;
  reason: string;
}

export interface Station {
  id: string;
  /** The optimistic lock of admin edits (absent = 0 on the demo loader's stations). */
  version?: number;
  /** 停用: hidden from station lists and building pages, rooms cannot be booked. */
  deactivatedAt?: string;
  communityId: string;
  /** Denormalised from the community: shown with every station. */
  communityName: string;
  /** centre: 党群服务中心; estate: 小区红色驿站; shared: a room lent by a school, hospital or company. */
  kind: 'centre' | 'estate' | 'shared';
  name: string;
  address: string;
  location: { lat: number; lng: number };
  phone: string;
  openingHours: OpeningHours;
  photos: string[];
  roomCount: number;
}

export interface RoomRules {
  slotMinutes: 30;
  minNoticeMinutes: number;
  maxDaysAhead: number;
  maxMinutes: number;
  weeklyQuota: number;
}

export interface Room {
  id: string;
  stationId: string;
  communityId: string;
  name: string;
  capacity: number;
  facilities: string[];
  photos: string[];
  requiresApproval: boolean;
  rules: RoomRules;
  /** Closed periods (党员活动日, 维修 …), kept on the room: few per room, read with it. */
  blackouts: Blackout[];
  /** Optimistic lock for read-modify-write of the blackout list and settings. */
  version: number;
  /** 停用: hidden from the station's room list, cannot be booked. */
  deactivatedAt?: string;
  /** Bookings ever made of the room (each booking's transaction ADDs 1): the deactivation's guard against a booking made meanwhile. */
  bookingSeq?: number;
}

export interface Venues {
  stations: Station[];
  rooms: Room[];
}
