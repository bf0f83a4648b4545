import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import { buildingItem, communityItem, gridItem, streetItem } from '../../functions/src/org/storage';
import type { Roles } from '../../shared/src/roles';
import { useStackTable } from './ddb';
import { call, devLogin } from './http';

export const uniq = (p: string) => `${p}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;

export interface Person {
  token: string;
  id: string;
  openid: string;
}

/** A logged-in user with the given roles and nickname (written on the stored profile, which is what the API reads). */
export async function person(roles: Partial<Roles> = {}, nickname?: string): Promise<Person> {
  const openid = uniq('rq-user');
  const token = await devLogin(openid);
  const me = await call('GET', '/me', { token });
  const id = me.body.user.id as string;
  const full: Roles = { resident: true, member: false, staffStationIds: [], adminCommunityIds: [], ...roles };
  await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.user(id),
      UpdateExpression: nickname ? 'SET #r = :r, nickname = :n' : 'SET #r = :r',
      ExpressionAttributeNames: { '#r': 'roles' },
      ExpressionAttributeValues: { ':r': full, ...(nickname ? { ':n': nickname } : {}) },
    }),
  );
  return { token, id, openid };
}

export interface World {
  streetId: string;
  communityId: string;
  gridId: string;
  buildingId: string;
  stationId: string;
  otherCommunityId: string;
  staff: Person;
  admin: Person;
  streetAdmin: Person;
  worker: Person;
  member: Person;
  outsider: Person;
}

/**
 * A street of the test's own (never the demo world): a community with a grid (its appointed
 * grid worker), a building and a station, a second community, and the people who work there.
 */
export async function requestWorld(): Promise<World> {
  useStackTable();
  const streetId = uniq('st-rq');
  const communityId = uniq('cm-rq');
  const otherCommunityId = uniq('cm-rq-other');
  const gridId = uniq('gd-rq');
  const buildingId = uniq('bd-rq');
  const stationId = uniq('sn-rq');
  const [staff, admin, streetAdmin, worker, member, outsider] = await Promise.all([
    person({ staffStationIds: [stationId] }),
    person({ adminCommunityIds: [communityId] }),
    person({ streetIds: [streetId] }),
    person({ gridIds: [gridId] }),
    person({ member: true }),
    person({ adminCommunityIds: [otherCommunityId] }),
  ]);
  const put = (Item: Record<string, unknown>) => ddb().send(new PutCommand({ TableName: tableName(), Item }));
  await put(streetItem({ id: streetId, name: '诉求测试街道' }));
  for (const [id, name] of [
    [communityId, '诉求测试社区'],
    [otherCommunityId, '另一个社区'],
  ]) {
    await put(communityItem({ id, streetId, streetName: '诉求测试街道', name, address: '测试路 1 号', gridCount: 1, buildingCount: 1 }));
  }
  await put({
    ...gridItem({ id: gridId, communityId, name: '第一网格', branchName: '第一网格党支部', secretaryName: '王书记', workerName: '周网格', workerPhone: '13800000001' }),
    workerUserId: worker.id,
  });
  await put(buildingItem({ id: buildingId, communityId, gridId, estate: '测试家园', name: '3 栋' }));
  await put({ ...keys.station(stationId), ...keys.communityChild(communityId, 'STATION', stationId), entity: 'Station', id: stationId, communityId, name: '测试党群服务站', address: '测试路 1 号',
    // What the station pages read (no geo or platform index: other suites count those).
    communityName: '诉求测试社区', kind: 'estate', location: { lat: 0, lng: 0 }, phone: '', photos: [], roomCount: 0,
    openingHours: { '0': [], '1': [], '2': [], '3': [], '4': [], '5': [], '6': [] },
  });
  await put({ ...keys.stationStaff(stationId, staff.id), entity: 'StationStaff', stationId, userId: staff.id });
  // The member shows on the 卫生环境整治员 post (index 4, the 环境卫生 category's post).
  await put({ ...keys.postHolder(communityId, 4, member.id), entity: 'PostHolder', userId: member.id, name: '刘党员', post: '卫生环境整治员' });
  return { streetId, communityId, gridId, buildingId, stationId, otherCommunityId, staff, admin, streetAdmin, worker, member, outsider };
}

/** A report of `categoryId` in the world's building, as `p`; returns the created request. */
export async function report(w: World, p: Person, over: Record<string, unknown> = {}) {
  const res = await call('POST', '/requests', {
    token: p.token,
    body: { communityId: w.communityId, categoryId: 'sanitation', text: '楼道里堆了很多垃圾，好几天没人清理', buildingId: w.buildingId, ...over },
  });
  if (res.status !== 201) throw new Error(`POST /requests: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** POST /requests/{id}/<action> as `p`. */
export const act = (p: Person, id: string, action: string, body: Record<string, unknown> = {}) => call('POST', `/requests/${id}/${action}`, { token: p.token, body });
