import { ACTIONS, authorize, can, type Action, type Principal, type Scope } from '../../functions/src/lib/authorize';
import type { Roles } from '../../shared/src/roles';

const base: Roles = { resident: true, member: false, staffStationIds: [], adminCommunityIds: [] };
const principal = (id: string, roles: Partial<Roles>): Principal => {
  const full = { ...base, ...roles };
  return { userId: id, roles: full, user: { id, nickname: id, roles: full, createdAt: '2026-11-23T00:00:00+08:00' } };
};

const resident = principal('u-res', {});
const member = principal('u-mem', { member: true });
const staff = principal('u-staff', { staffStationIds: ['sn-a'] });
const admin = principal('u-admin', { adminCommunityIds: ['cm-1'] });
const streetAdmin: Principal = { ...principal('u-street', { streetIds: ['st-1'] }), streetCommunityIds: ['cm-1'] };
const root = principal('u-root', { root: true });
const gridWorker = principal('u-grid', { gridIds: ['gd-1'] });
const ownGrid: Scope = { kind: 'grid', gridId: 'gd-1', communityId: 'cm-1' };
const otherGrid: Scope = { kind: 'grid', gridId: 'gd-2', communityId: 'cm-1' };

const ownStation: Scope = { kind: 'station', stationId: 'sn-a', communityId: 'cm-1' };
const otherStationSameCommunity: Scope = { kind: 'station', stationId: 'sn-b', communityId: 'cm-1' };
const otherStation: Scope = { kind: 'station', stationId: 'sn-z', communityId: 'cm-9' };
const ownCommunity: Scope = { kind: 'community', communityId: 'cm-1' };
const otherCommunity: Scope = { kind: 'community', communityId: 'cm-9' };
const ownStreet: Scope = { kind: 'street', streetId: 'st-1' };
const otherStreet: Scope = { kind: 'street', streetId: 'st-9' };

type Row = [string, Principal, Action, Scope, boolean];

// role × scope × action: each line is a rule the product relies on.
const matrix: Row[] = [
  ['anyone books a room', resident, 'booking:create', { kind: 'none' }, true],
  ['anyone pledges to a crowdfund', resident, 'crowdfund:pledge', { kind: 'none' }, true],
  ['a user reads their own profile', resident, 'profile:read', { kind: 'self', userId: 'u-res' }, true],
  ['a user cannot read another profile', resident, 'profile:read', { kind: 'self', userId: 'u-mem' }, false],
  ['a resident cannot claim a post', resident, 'post:claim', { kind: 'none' }, false],
  ['a member claims a post', member, 'post:claim', { kind: 'none' }, true],
  ['a resident cannot review bookings', resident, 'booking:review', ownStation, false],
  ['a member cannot review bookings', member, 'booking:review', ownStation, false],
  ['staff review bookings of their station', staff, 'booking:review', ownStation, true],
  ['staff cannot review bookings of another station in the same community', staff, 'booking:review', otherStationSameCommunity, false],
  ['staff cannot review bookings of another community', staff, 'booking:review', otherStation, false],
  ['staff manage their station', staff, 'station:manage', ownStation, true],
  ['staff confirm report-ins at their station', staff, 'reportIn:confirm', ownStation, true],
  ['staff cannot confirm members', staff, 'member:confirm', ownCommunity, false],
  ['staff cannot manage the community', staff, 'community:manage', ownCommunity, false],
  ['an admin reviews bookings of every station of their community', admin, 'booking:review', otherStationSameCommunity, true],
  ['an admin cannot review bookings in another community', admin, 'booking:review', otherStation, false],
  ['an admin confirms members of their community', admin, 'member:confirm', ownCommunity, true],
  ['an admin cannot confirm members elsewhere', admin, 'member:confirm', otherCommunity, false],
  ['an admin manages their community', admin, 'community:manage', ownCommunity, true],
  ['an admin reviews crowdfunds of their community', admin, 'crowdfund:review', ownCommunity, true],
  ['a member cannot review crowdfunds', member, 'crowdfund:review', ownCommunity, false],
  ['an admin cannot review crowdfunds of another community', admin, 'crowdfund:review', otherCommunity, false],
  ['staff cannot review crowdfunds', staff, 'crowdfund:review', ownCommunity, false],
  ['anyone starts a crowdfund draft', resident, 'crowdfund:create', { kind: 'none' }, true],
  ['the organiser edits their draft', resident, 'crowdfund:edit', { kind: 'self', userId: 'u-res' }, true],
  ['nobody else edits a draft, not even an admin', admin, 'crowdfund:edit', { kind: 'self', userId: 'u-res' }, false],
  ['an admin confirms pledges of their community', admin, 'crowdfund:fulfil', ownCommunity, true],
  ['staff cannot confirm pledges', staff, 'crowdfund:fulfil', ownCommunity, false],
  ['an admin cannot confirm pledges elsewhere', admin, 'crowdfund:fulfil', otherCommunity, false],
  ['an admin records expenses of their community', admin, 'crowdfund:ledger', ownCommunity, true],
  ['a resident cannot record expenses', resident, 'crowdfund:ledger', ownCommunity, false],
  ['an admin sees who is behind anonymous pledges', admin, 'crowdfund:viewBackers', ownCommunity, true],
  ['a member does not see who is behind anonymous pledges', member, 'crowdfund:viewBackers', ownCommunity, false],
  ['an admin starts, completes or cancels crowdfunds of their community', admin, 'crowdfund:manage', ownCommunity, true],
  ['an admin cannot manage crowdfunds elsewhere', admin, 'crowdfund:manage', otherCommunity, false],
  ['a pledger withdraws their own pledge', member, 'pledge:withdraw', { kind: 'self', userId: 'u-mem' }, true],
  ['nobody withdraws another person’s pledge', admin, 'pledge:withdraw', { kind: 'self', userId: 'u-mem' }, false],
  ['an admin cannot claim a post without being a member', admin, 'post:claim', { kind: 'none' }, false],
  ['an admin rotates codes and prints posters of their community', admin, 'code:manage', ownCommunity, true],
  ['an admin cannot manage codes of another community', admin, 'code:manage', otherCommunity, false],
  ['staff cannot manage codes', staff, 'code:manage', ownCommunity, false],
  ['anyone may apply to be recognised as a party member', resident, 'member:apply', { kind: 'none' }, true],
  ['a member reports in', member, 'reportIn:create', { kind: 'none' }, true],
  ['a resident cannot report in', resident, 'reportIn:create', { kind: 'none' }, false],
  ['a resident cannot confirm report-ins', resident, 'reportIn:confirm', ownCommunity, false],
  ['an admin confirms report-ins of their community', admin, 'reportIn:confirm', ownCommunity, true],
  ['an admin releases a post in their community', admin, 'post:release', ownCommunity, true],
  ['an admin cannot release a post elsewhere', admin, 'post:release', otherCommunity, false],
  ['a member cannot release posts', member, 'post:release', ownCommunity, false],
  ['a logged-in resident may reveal an opted-in number', resident, 'phone:reveal', { kind: 'none' }, true],
  ['a street admin reviews bookings of every station of their street', streetAdmin, 'booking:review', otherStationSameCommunity, true],
  ['a street admin cannot review bookings in another street', streetAdmin, 'booking:review', otherStation, false],
  ['a street admin manages every community of their street', streetAdmin, 'community:manage', ownCommunity, true],
  ['a street admin cannot manage a community of another street', streetAdmin, 'community:manage', otherCommunity, false],
  ['a street admin confirms members in their street', streetAdmin, 'member:confirm', ownCommunity, true],
  ['a street admin manages their street (creates communities, appoints admins)', streetAdmin, 'street:manage', ownStreet, true],
  ['a street admin cannot manage another street', streetAdmin, 'street:manage', otherStreet, false],
  ['a community admin cannot manage the street', admin, 'street:manage', ownStreet, false],
  ['a street admin cannot create streets', streetAdmin, 'street:create', { kind: 'none' }, false],
  ['the system administrator creates streets', root, 'street:create', { kind: 'none' }, true],
  ['the system administrator manages every street', root, 'street:manage', otherStreet, true],
  ['the system administrator is not a community admin', root, 'community:manage', ownCommunity, false],
  ['a resident cannot create streets', resident, 'street:create', { kind: 'none' }, false],
  ['the system administrator lists every street', root, 'street:list', { kind: 'none' }, true],
  ['a street admin cannot list every street', streetAdmin, 'street:list', { kind: 'none' }, false],
  ['a community admin cannot list every street', admin, 'street:list', { kind: 'none' }, false],
  ['the system administrator appoints street admins', root, 'street:appoint', { kind: 'none' }, true],
  ['a street admin cannot appoint street admins', streetAdmin, 'street:appoint', { kind: 'none' }, false],
  ['a community admin cannot appoint street admins', admin, 'street:appoint', { kind: 'none' }, false],
  ['a community admin appoints staff and grid workers of their community', admin, 'role:appoint', ownCommunity, true],
  ['a community admin cannot appoint in another community', admin, 'role:appoint', otherCommunity, false],
  ['a street admin appoints staff and grid workers in their street', streetAdmin, 'role:appoint', ownCommunity, true],
  ['a street admin cannot appoint in another street', streetAdmin, 'role:appoint', otherCommunity, false],
  ['staff cannot appoint staff', staff, 'role:appoint', ownCommunity, false],
  ['a resident cannot appoint anyone', resident, 'role:appoint', ownCommunity, false],
  ['a community admin reads the audit log of their community', admin, 'audit:view', ownCommunity, true],
  ['a community admin cannot read another community’s log', admin, 'audit:view', otherCommunity, false],
  ['a street admin reads the logs of their street’s communities', streetAdmin, 'audit:view', ownCommunity, true],
  ['staff cannot read the audit log', staff, 'audit:view', ownCommunity, false],
  ['anyone signs up for an activity', resident, 'activity:signUp', { kind: 'none' }, true],
  ['staff of the station manage its activities', staff, 'activity:manage', { kind: 'station', stationId: 'sn-a', communityId: 'cm-1' }, true],
  ['staff of another station cannot manage them', staff, 'activity:manage', { kind: 'station', stationId: 'sn-b', communityId: 'cm-1' }, false],
  ['a resident cannot manage activities', resident, 'activity:manage', { kind: 'station', stationId: 'sn-a', communityId: 'cm-1' }, false],
  // 我家 and 公告 (#11)
  ['a resident sets their own home', resident, 'home:set', { kind: 'self', userId: 'u-res' }, true],
  ['nobody sets another person\'s home, not even an admin', admin, 'home:set', { kind: 'self', userId: 'u-res' }, false],
  ['an admin manages the notices of their community', admin, 'notice:manage', ownCommunity, true],
  ['an admin cannot manage notices of another community', admin, 'notice:manage', otherCommunity, false],
  ['a street admin manages notices of their street\'s communities', streetAdmin, 'notice:manage', ownCommunity, true],
  ['a street admin cannot manage notices elsewhere', streetAdmin, 'notice:manage', otherCommunity, false],
  ['staff cannot manage notices', staff, 'notice:manage', ownCommunity, false],
  ['a resident cannot manage notices', resident, 'notice:manage', ownCommunity, false],
  ['root alone does not manage a community\'s notices', root, 'notice:manage', ownCommunity, false],
  ['anyone reports a request 诉求', resident, 'request:create', { kind: 'none' }, true],
  ['the reporter acts on their own request', resident, 'request:own', { kind: 'self', userId: 'u-res' }, true],
  ['nobody else confirms a reporter’s request, not even an admin', admin, 'request:own', { kind: 'self', userId: 'u-res' }, false],
  ['the assignee works the request dispatched to them', member, 'request:work', { kind: 'self', userId: 'u-mem' }, true],
  ['staff cannot work a request dispatched to someone else', staff, 'request:work', { kind: 'self', userId: 'u-mem' }, false],
  ['staff of a station of the community handle its requests', staff, 'request:handle', ownStation, true],
  ['staff of a station elsewhere cannot handle the requests', staff, 'request:handle', otherStation, false],
  ['a community admin handles its requests', admin, 'request:handle', ownCommunity, true],
  ['a community admin cannot handle another community’s requests', admin, 'request:handle', otherCommunity, false],
  ['a street admin handles requests of their street’s communities', streetAdmin, 'request:handle', ownCommunity, true],
  ['a member cannot handle requests', member, 'request:handle', ownCommunity, false],
  ['a street admin edits the request categories of their street', streetAdmin, 'requestCategory:manage', ownStreet, true],
  ['a street admin cannot edit another street’s categories', streetAdmin, 'requestCategory:manage', otherStreet, false],
  ['a community admin cannot edit the categories', admin, 'requestCategory:manage', ownStreet, false],
  ['a street admin edits the working-day calendar of their street', streetAdmin, 'workCalendar:manage', ownStreet, true],
  ['staff cannot edit the working-day calendar', staff, 'workCalendar:manage', ownStreet, false],
  ['anyone posts a wish for themself', resident, 'wish:post', { kind: 'none' }, true],
  ['a resident cannot post a wish on someone’s behalf', resident, 'wish:postFor', ownCommunity, false],
  ['staff of a station of the community post wishes on behalf', staff, 'wish:postFor', ownStation, true],
  ['a grid worker posts wishes on behalf in their grid', gridWorker, 'wish:postFor', ownGrid, true],
  ['a grid worker cannot post on behalf in another grid', gridWorker, 'wish:postFor', otherGrid, false],
  ['an admin screens wishes of their community', admin, 'wish:screen', ownCommunity, true],
  ['an admin cannot screen wishes of another community', admin, 'wish:screen', otherCommunity, false],
  ['staff screen wishes of their station’s community', staff, 'wish:screen', ownStation, true],
  ['a grid worker does not screen wishes', gridWorker, 'wish:screen', ownGrid, false],
  ['a member cannot screen wishes', member, 'wish:screen', ownCommunity, false],
  ['a street admin screens wishes in their street', streetAdmin, 'wish:screen', ownCommunity, true],
  ['staff see a beneficiary’s name and phone', staff, 'wish:viewPrivate', ownStation, true],
  ['a grid worker sees the beneficiaries of their grid', gridWorker, 'wish:viewPrivate', ownGrid, true],
  ['a member does not see beneficiaries', member, 'wish:viewPrivate', ownCommunity, false],
  ['a resident does not see beneficiaries', resident, 'wish:viewPrivate', ownCommunity, false],
  ['a grid worker confirms receipt on a beneficiary’s behalf', gridWorker, 'wish:confirmFor', ownGrid, true],
  ['a resident cannot confirm on someone’s behalf', resident, 'wish:confirmFor', ownCommunity, false],
  ['any resident claims a wish', resident, 'wish:claim', { kind: 'none' }, true],
  ['the poster withdraws their wish', resident, 'wish:withdraw', { kind: 'self', userId: 'u-res' }, true],
  ['nobody else withdraws it as its poster', member, 'wish:withdraw', { kind: 'self', userId: 'u-res' }, false],
  ['the claimant delivers', member, 'wish:fulfil', { kind: 'self', userId: 'u-mem' }, true],
  ['another user cannot deliver someone’s claim', resident, 'wish:fulfil', { kind: 'self', userId: 'u-mem' }, false],
  ['the beneficiary confirms receipt', resident, 'wish:confirm', { kind: 'self', userId: 'u-res' }, true],
  ['the claimant cannot confirm their own delivery', member, 'wish:confirm', { kind: 'self', userId: 'u-res' }, false],
];

describe('authorization: role × scope × action', () => {
  it.each(matrix)('%s', (_title, p, action, scope, allowed) => {
    expect(can(p, action, scope)).toBe(allowed);
    if (allowed) expect(() => authorize(p, action, scope)).not.toThrow();
    else expect(() => authorize(p, action, scope)).toThrow(expect.objectContaining({ status: 403, code: 'FORBIDDEN', message: '没有权限进行此操作' }));
  });

  it('covers every action in the policy at least once', () => {
    const covered = new Set(matrix.map((r) => r[2]));
    expect(ACTIONS.filter((a) => !covered.has(a))).toEqual([]);
  });

  it('a station scope never matches on the community id alone for staff', () => {
    const staffOfCommunityIdLookalike = principal('u-x', { staffStationIds: ['cm-1'] });
    expect(can(staffOfCommunityIdLookalike, 'booking:review', otherStationSameCommunity)).toBe(false);
  });
});
