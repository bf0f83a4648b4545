import { venueRoutes } from '@shared/api/venues';
import { routesOf } from '../lib/http';
import { addBlackout, removeBlackout, room, roomsOf, station, stations, updateOpeningHours } from './domain';
import { updateRoom } from './tree';

const httpRoute = routesOf(venueRoutes);

export const listStations = httpRoute('listStations', async ({ query }) => ({ body: await stations(query) }));
export const getStation = httpRoute('getStation', async ({ params }) => ({ body: await station(params.stationId) }));
export const listRooms = httpRoute('listRooms', async ({ params }) => ({ body: { items: await roomsOf(params.stationId) } }));
export const getRoom = httpRoute('getRoom', async ({ params }) => ({ body: await room(params.roomId) }));
export const updateRoomHandler = httpRoute('updateRoom', async ({ params, body, principal }) => ({
  body: await updateRoom(principal, params.roomId, body),
}));
export const updateOpeningHoursHandler = httpRoute('updateOpeningHours', async ({ params, body, principal }) => ({
  body: await updateOpeningHours(principal, params.stationId, body.openingHours),
}));
export const createBlackout = httpRoute('createBlackout', async ({ params, body, principal }) => ({
  status: 201,
  body: await addBlackout(principal, params.roomId, body),
}));
export const deleteBlackout = httpRoute('deleteBlackout', async ({ params, principal }) => ({
  body: await removeBlackout(principal, params.roomId, params.blackoutId),
}));
