import { rolesRoutes } from '@shared/api/roles';
import { routesOf } from '../lib/http';
import { acceptInvite as accept, createInvite as create, myInvites, revokeInvite as revoke, showInvite } from './invites';
import { communityAudit as audit, communityPeople, revokeRole as revokeOne, streetPeople } from './people';

const httpRoute = routesOf(rolesRoutes);

export const createInvite = httpRoute('createInvite', async ({ principal, body }) => ({ status: 201, body: await create(principal, body) }));
export const listMyInvites = httpRoute('listMyInvites', async ({ principal }) => ({ body: { items: await myInvites(principal) } }));
export const getInvite = httpRoute('getInvite', async ({ params }) => ({ body: await showInvite(params.token) }));
export const acceptInvite = httpRoute('acceptInvite', async ({ principal, params, body }) => ({ body: await accept(principal, params.token, body) }));
export const revokeInvite = httpRoute('revokeInvite', async ({ principal, params }) => ({ body: await revoke(principal, params.token) }));
export const listStreetPeople = httpRoute('listStreetPeople', async ({ principal, params, query }) => ({ body: await streetPeople(principal, params.streetId, query) }));
export const listPeople = httpRoute('listPeople', async ({ principal, params, query }) => ({ body: await communityPeople(principal, params.communityId, query) }));
export const revokeRole = httpRoute('revokeRole', async ({ principal, params }) => {
  await revokeOne(principal, params.userId, params.role, params.scopeId);
  return { body: { revoked: true as const } };
});
export const communityAudit = httpRoute('communityAudit', async ({ principal, params, query }) => ({ body: await audit(principal, params.communityId, query) }));
