/**
 * The organisation tree (street → community → grid → building), modelled as data: a city
 * adds units, not code. The service places hanging off it (stations, rooms) are venues/.
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
  units?: number; // 单元数
  households?: number; // 户数
}

export interface OrgTree {
  streets: Street[];
  communities: Community[];
  grids: Grid[];
  buildings: Building[];
}
