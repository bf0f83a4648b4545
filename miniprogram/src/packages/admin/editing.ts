/**
 * The organisation tree's forms (#8): which unit a form creates or edits. The tree page
 * hands the unit it shows to the form page here (both in this subpackage), so the form
 * opens filled in without a request of its own.
 */
export type UnitKind = 'street' | 'community' | 'grid' | 'building' | 'station' | 'room';

export const UNIT_LABELS: Record<UnitKind, string> = { street: '街道', community: '社区', grid: '网格', building: '楼栋', station: '驿站', room: '房间' };

export interface Editing {
  kind: UnitKind;
  /** The unit being edited (absent: a new one). */
  unit?: Record<string, unknown> & { id: string; name: string };
  /** Where a new unit goes: the street (community), community (grid, building, station) or station (room). */
  parentId?: string;
  /** The community of a building form: its grids are the choices. */
  communityId?: string;
}

let current: Editing | undefined;

export const TREE_URL = '/packages/admin/pages/tree/index';
export const EDIT_URL = '/packages/admin/pages/edit/index';

export function startEditing(editing: Editing): void {
  current = editing;
}

export function editing(): Editing | undefined {
  return current;
}
