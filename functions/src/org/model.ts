/**
 * The organisation tree (street → community → grid → building), modelled as data: a city
 * adds units, not code. The service places hanging off it (stations, rooms) are venues/.
 */
/**
 * Every unit of the tree may carry, once maintained through the admin API: `version` (the
 * optimistic lock of its edits; absent = 0 on items of the demo loader) and `deactivatedAt`
 * (停用: hidden from public lists, never deleted — bookings, codes and members point at it).
 */
export interface Maintained {
  version?: number;
  deactivatedAt?: string;
}

export interface Street extends Maintained {
  id: string;
  name: string; // 街道
}

export interface Community extends Maintained {
  id: string;
  streetId: string;
  /** Denormalised from the street: shown with every community, changes almost never. */
  streetName: string;
  name: string; // 社区
  address: string;
  gridCount: number;
  buildingCount: number;
}

export interface Grid extends Maintained {
  id: string;
  communityId: string;
  name: string; // 网格
  branchName: string; // 网格党支部
  secretaryName: string; // 支部书记
  workerName: string; // 网格员
  workerPhone: string;
}

export interface Building extends Maintained {
  id: string;
  communityId: string;
  gridId: string;
  estate: string; // 小区
  name: string; // 楼栋
  units?: number; // 单元数
  households?: number; // 户数
}

export interface OrgTree {
  streets: Street[];
  communities: Community[];
  grids: Grid[];
  buildings: Building[];
}
