import { api } from '../../api/client';
import type { Editing } from './editing';

/* eslint-disable @typescript-eslint/no-explicit-any -- the form builds each kind's body; the server validates it */
type Body = any;

/** Creates or updates the unit of a form (the route by kind); resolves with the saved unit. */
export function saveUnit(e: Editing, body: Body): Promise<unknown> {
  const id = e.unit?.id;
  const parent = e.parentId ?? '';
  switch (e.kind) {
    case 'street':
      return id ? api('updateStreet', body, { params: { streetId: id } }) : api('createStreet', body);
    case 'community':
      return id ? api('updateCommunity', body, { params: { communityId: id } }) : api('createCommunity', body, { params: { streetId: parent } });
    case 'grid':
      return id ? api('updateGrid', body, { params: { gridId: id } }) : api('createGrid', body, { params: { communityId: parent } });
    case 'building':
      return id ? api('updateBuilding', body, { params: { buildingId: id } }) : api('createBuilding', body, { params: { communityId: parent } });
    case 'station':
      return id ? api('updateStation', body, { params: { stationId: id } }) : api('createStation', body, { params: { communityId: parent } });
    case 'room':
      return id ? api('updateRoom', body, { params: { roomId: id } }) : api('createRoom', body, { params: { stationId: parent } });
  }
}

/** 停用 the unit of a form. */
export function deactivateUnit(e: Editing & { unit: { id: string } }): Promise<unknown> {
  const id = e.unit.id;
  switch (e.kind) {
    case 'street':
      return api('deactivateStreet', undefined, { params: { streetId: id } });
    case 'community':
      return api('deactivateCommunity', undefined, { params: { communityId: id } });
    case 'grid':
      return api('deactivateGrid', undefined, { params: { gridId: id } });
    case 'building':
      return api('deactivateBuilding', undefined, { params: { buildingId: id } });
    case 'station':
      return api('deactivateStation', undefined, { params: { stationId: id } });
    case 'room':
      return api('deactivateRoom', undefined, { params: { roomId: id } });
  }
}
