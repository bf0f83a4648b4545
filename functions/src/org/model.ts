/**
 * The organisation tree (street → community → grid → building) and the service places
 * hanging off it (stations and their rooms). Modelled as data: a city adds units, not code.
 */
export interface Street {
  id: string;
  name: string; // 街道
}

export interface Community {
  id: string;
  streetId: string;
  /** Denormalised from the street: shown with every community, changes almost never. */
  streetName: string;
  name: string; // 社区
  address: string;
  gridCount: number;
  buildingCount: number;
}

export interface Grid {
  id: string;
  communityId: string;
  name: string; // 网格
  branchName: string; // 网格党支部
  secretaryName: string; // 支部书记
  workerName: string; // 网格员
  workerPhone: string;
}

export interface Building {
  id: string;
  communityId: string;
  gridId: string;
  estate: string; // 小区
  name: string; // 楼栋
}

/** Opening hours per weekday (0 = Sunday … 6 = Saturday); an empty list means closed. */
export type OpeningHours = Record<'0' | '1' | '2' | '3' | '4' | '5' | '6', { open: string; close: string }[]>;

export interface Station {
  id: string;
  communityId: string;
  /** centre: 党群服务中心; estate: 小区红色驿站; shared: a room lent by a school, hospital or company. */
  kind: 'centre' | 'estate' | 'shared';
  name: string;
  address: string;
  location: { lat: number; lng: number };
  phone: string;
  openingHours: OpeningHours;
  photos: string[];
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
  /** Printed on the room; typed or scanned to check in. */
  checkInCode: string;
}

export interface OrgTree {
  streets: Street[];
  communities: Community[];
  grids: Grid[];
  buildings: Building[];
  stations: Station[];
  rooms: Room[];
}
