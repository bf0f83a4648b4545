import { api } from '../../../api/client';

export interface ManagedCommunity {
  id: string;
  name: string;
  /** 社区管理员 of it (else staff of one of its stations). */
  admin: boolean;
}

/**
 * The communities the user works for: those they administer, and those of the stations
 * they staff (a station's community comes from GET /stations/{id}).
 */
export async function loadManagedCommunities(): Promise<ManagedCommunity[]> {
  const me = await api('me', undefined, { silent: true });
  const out: ManagedCommunity[] = me.adminCommunities.map((c) => ({ id: c.id, name: c.name, admin: true }));
  const stations = await Promise.all(me.staffStations.map((s) => api('getStation', undefined, { params: { stationId: s.id }, silent: true })));
  for (const s of stations) {
    if (!out.some((c) => c.id === s.communityId)) out.push({ id: s.communityId, name: s.communityName, admin: false });
  }
  return out;
}
