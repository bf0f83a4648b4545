/** The mini-program keeps its own roleNamesOf (shared/src/roles.ts imports zod); it must match shared. */
import { roleNames as sharedRoleNames } from '@shared/roles';
import { roleNamesOf } from '../src/utils/roles';
import { formatCst } from '../src/utils/time';

test('roleNamesOf matches shared roleNames()', () => {
  const cases = [
    { resident: true as const, member: false, staffStationIds: [], adminCommunityIds: [] },
    { resident: true as const, member: true, staffStationIds: ['s1'], adminCommunityIds: [] },
    { resident: true as const, member: false, staffStationIds: [], adminCommunityIds: ['c1'] },
  ];
  for (const roles of cases) expect(roleNamesOf(roles)).toEqual(sharedRoleNames(roles));
});

test('times are shown in Asia/Shanghai whatever the input offset', () => {
  expect(formatCst('2025-03-01T16:30:00Z', 'YYYY-MM-DD HH:mm')).toBe('2025-03-02 00:30');
  expect(formatCst('2025-03-01T09:05:00+08:00', 'YYYY-MM-DD HH:mm')).toBe('2025-03-01 09:05');
});
