/**
 * Every key template of the single table, in one place. The table has a partition key
 * `pk`, sort key `sk`, two overloaded GSIs (`gsi1pk`/`gsi1sk`, `gsi2pk`/`gsi2sk`) and a
 * TTL attribute `ttl`. docs/data-model.md lists the access patterns that use them.
 */
export const keys = {
  user: (userId: string) => ({ pk: `USER#${userId}`, sk: 'PROFILE' }),
  /** Pointer that makes openid unique and finds the user behind it. */
  openid: (openid: string) => ({ pk: `OPENID#${openid}`, sk: 'USER' }),

  street: (streetId: string) => ({ pk: `STREET#${streetId}`, sk: 'META' }),
  community: (communityId: string) => ({ pk: `COMMUNITY#${communityId}`, sk: 'META' }),
  /** GSI1: all communities, grouped by street. */
  communityIndex: (streetId: string, communityId: string) => ({
    gsi1pk: 'COMMUNITIES',
    gsi1sk: `STREET#${streetId}#COMMUNITY#${communityId}`,
  }),
  grid: (gridId: string) => ({ pk: `GRID#${gridId}`, sk: 'META' }),
  building: (buildingId: string) => ({ pk: `BUILDING#${buildingId}`, sk: 'META' }),
  station: (stationId: string) => ({ pk: `STATION#${stationId}`, sk: 'META' }),
  room: (roomId: string) => ({ pk: `ROOM#${roomId}`, sk: 'META' }),
  /** GSI1: the children of a community (grids, buildings, stations) by kind. */
  communityChild: (communityId: string, kind: 'GRID' | 'BUILDING' | 'STATION', id: string) => ({
    gsi1pk: `COMMUNITY#${communityId}`,
    gsi1sk: `${kind}#${id}`,
  }),
  /** GSI1: the rooms of a station. */
  stationChild: (stationId: string, roomId: string) => ({ gsi1pk: `STATION#${stationId}`, gsi1sk: `ROOM#${roomId}` }),
} as const;

export type Keys = { pk: string; sk: string };
