import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Principal } from '../../functions/src/lib/authorize';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import { createCommunity, createStreet, deactivateCommunity, deactivateStreet } from '../../functions/src/org/tree';
import { createBuilding, createGrid, deactivateBuilding, deactivateGrid, updateBuilding } from '../../functions/src/org/units';
import type { Roles } from '../../shared/src/roles';
import { useStackTable } from '../support/ddb';

/**
 * A deactivation decides "no child in service" from the parent's own counter, read with the
 * parent (strongly consistent), not only from the children's index (a GSI, eventually
 * consistent): a child written a moment before, not yet in the index, still stops it. The
 * index lag is played by taking the child's index keys away.
 */
beforeAll(useStackTable);

const plain: Roles = { resident: true, member: false, staffStationIds: [], adminCommunityIds: [] };
const as = (userId: string, roles: Partial<Roles>, streetCommunityIds: string[] = []): Principal => {
  const full = { ...plain, ...roles };
  return { userId, roles: full, user: { id: userId, nickname: userId, roles: full, createdAt: '2026-11-30T00:00:00+08:00' }, streetCommunityIds };
};
const root = as('u-lag-root', { root: true });
const notIndexed = (key: { pk: string; sk: string }) => ddb().send(new UpdateCommand({ TableName: tableName(), Key: key, UpdateExpression: 'REMOVE gsi1pk, gsi1sk, gsi2pk, gsi2sk' }));
const gridBody = (name: string) => ({ name, branchName: '', secretaryName: '' });

async function newCommunity() {
  const street = await createStreet(root, { name: '索引街道' });
  const community = await createCommunity(as('u-lag-street', { streetIds: [street.id] }), street.id, { name: '索引社区', address: '索引路' });
  return { streetId: street.id, communityId: community.id, admin: as('u-lag-street', { streetIds: [street.id] }, [community.id]) };
}

it('a street whose community is not in the index yet is not deactivated', async () => {
  const { streetId, communityId, admin } = await newCommunity();
  await notIndexed(keys.community(communityId));
  await expect(deactivateStreet(root, streetId)).rejects.toMatchObject({ status: 409, code: 'HAS_ACTIVE_CHILDREN' });
  await deactivateCommunity(admin, communityId);
  await expect(deactivateStreet(root, streetId)).resolves.toMatchObject({ active: false });
});

it('a community whose grid is not in the index yet is not deactivated', async () => {
  const { communityId, admin } = await newCommunity();
  const grid = await createGrid(admin, communityId, gridBody('网格'));
  await notIndexed(keys.grid(grid.id));
  await expect(deactivateCommunity(admin, communityId)).rejects.toMatchObject({ status: 409, code: 'HAS_ACTIVE_CHILDREN' });
  await deactivateGrid(admin, grid.id);
  await expect(deactivateCommunity(admin, communityId)).resolves.toMatchObject({ active: false });
});

it('a grid whose building is not in the index yet is not deactivated; a building moved away or deactivated no longer counts', async () => {
  const { communityId, admin } = await newCommunity();
  const [a, b] = [await createGrid(admin, communityId, gridBody('甲网格')), await createGrid(admin, communityId, gridBody('乙网格'))];
  const one = await createBuilding(admin, communityId, { gridId: a.id, estate: '小区', name: '1 栋' });
  const two = await createBuilding(admin, communityId, { gridId: a.id, estate: '小区', name: '2 栋' });
  await notIndexed(keys.building(one.id));
  await notIndexed(keys.building(two.id));
  await expect(deactivateGrid(admin, a.id)).rejects.toMatchObject({ status: 409, code: 'HAS_ACTIVE_CHILDREN' });
  await updateBuilding(admin, one.id, { gridId: b.id, estate: '小区', name: '1 栋' });
  await deactivateBuilding(admin, two.id);
  await expect(deactivateGrid(admin, a.id)).resolves.toMatchObject({ id: a.id });
  await notIndexed(keys.building(one.id));
  await expect(deactivateGrid(admin, b.id)).rejects.toMatchObject({ status: 409, code: 'HAS_ACTIVE_CHILDREN' });
});
