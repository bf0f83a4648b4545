import { venueRoutes } from '@shared/api/venues';
import { routesOf } from '../lib/http';
import { createRoom as addRoom, createStation as addStation, deactivateRoom as stopRoom, deactivateStation as stopStation, updateStation as editStation } from './tree';
import { withPhotoLinks as viewable } from '../uploads/domain';

const httpRoute = routesOf(venueRoutes);

export const createStation = httpRoute('createStation', async ({ params, body, principal }) => ({ status: 201, body: await viewable(await addStation(principal, params.communityId, body)) }));
export const updateStation = httpRoute('updateStation', async ({ params, body, principal }) => ({ body: await viewable(await editStation(principal, params.stationId, body)) }));
export const deactivateStation = httpRoute('deactivateStation', async ({ params, principal }) => ({ body: await viewable(await stopStation(principal, params.stationId)) }));
export const createRoom = httpRoute('createRoom', async ({ params, body, principal }) => ({ status: 201, body: await viewable(await addRoom(principal, params.stationId, body)) }));
export const deactivateRoom = httpRoute('deactivateRoom', async ({ params, principal }) => ({ body: await viewable(await stopRoom(principal, params.roomId)) }));
