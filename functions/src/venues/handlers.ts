import { venueRoutes } from '@shared/api/venues';
import { routesOf } from '../lib/http';
import { addBlackout, removeBlackout, room, roomsOf, station, stations, updateOpeningHours } from './domain';
import { updateRoom } from './tree';
import { withPhotoLinks } from '../uploads/domain';

const httpRoute = routesOf(venueRoutes);
// Stations and rooms store photo keys; every answer carries links that show them.
const viewable = withPhotoLinks;

export const listStations = httpRoute('listStations', async ({ query }) => {
  const page = await stations(query);
  return { body: { ...page, items: await Promise.all(page.items.map(viewable)) } };
});
export const getStation = httpRoute('getStation', async ({ params }) => ({ body: await viewable(await station(params.stationId)) }));
export const listRooms = httpRoute('listRooms', async ({ params, query }) => {
  const page = await roomsOf(params.stationId, query);
  return { body: { ...page, items: await Promise.all(page.items.map(viewable)) } };
});
export const getRoom = httpRoute('getRoom', async ({ params }) => ({ body: await viewable(await room(params.roomId)) }));
export const updateRoomHandler = httpRoute('updateRoom', async ({ params, body, principal }) => ({
  body: await viewable(await updateRoom(principal, params.roomId, body)),
}));
export const updateOpeningHoursHandler = httpRoute('updateOpeningHours', async ({ params, body, principal }) => ({
  body: await viewable(await updateOpeningHours(principal, params.stationId, body.openingHours)),
}));
export const createBlackout = httpRoute('createBlackout', async ({ params, body, principal }) => ({
  status: 201,
  body: await viewable(await addBlackout(principal, params.roomId, body)),
}));
export const deleteBlackout = httpRoute('deleteBlackout', async ({ params, principal }) => ({
  body: await viewable(await removeBlackout(principal, params.roomId, params.blackoutId)),
}));
