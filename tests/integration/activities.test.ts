import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ActivityInput } from '../../shared/src/api/activities';
import { cancelActivity, createActivity, publishActivity, updateActivity } from '../../functions/src/activities/activities';
import { checkInWithCode, sweepActivityNoShows } from '../../functions/src/activities/check-in';
import { confirmAttendance, myVolunteerHours } from '../../functions/src/activities/hours';
import { cancelRegistration, signUp } from '../../functions/src/activities/registrations';
import { checkInCode, codeWindow } from '../../functions/src/activities/rules';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import { jwtSecret } from '../../functions/src/lib/secrets';
import { useStackTable } from '../support/ddb';
import { principal } from '../support/principals';

beforeAll(useStackTable);

const at = (local: string) => new Date(`${local}:00+08:00`);
const staff = () => principal({ staffStationIds: ['sn-xingfu-centre'] }, '张丽');
const STATION = 'sn-xingfu-centre';
let seq = 0;
/** An activity on `day` (2027-05-…) 10:00–11:00, sign-up open from 2027-04-01, created on 2027-04-01. */
async function published(day: string, over: Record<string, unknown> = {}, by = staff()) {
  const input = ActivityInput.parse({
    title: `活动 ${++seq}`,
    kind: 'lecture',
    start: `${day}T10:00`,
    end: `${day}T11:00`,
    place: { address: '幸福路 88 号' },
    capacity: 5,
    signUpOpens: '2027-04-01T09:00',
    signUpCloses: `${day}T10:00`,
    cancelDeadline: `${day}T09:00`,
    ...over,
  });
  const a = await createActivity(by, STATION, input, at('2027-04-01T10:00'));
  return publishActivity(by, a.id, at('2027-04-01T10:00'));
}
const token = () => `tok-${Math.random().toString(36).slice(2, 12)}`;
const item = async (key: { pk: string; sk: string }) => (await ddb().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;

describe('activities on DynamoDB Local', () => {
  it('a head that needs more seats than are free waits, and nobody behind it skips ahead', async () => {
    const a = await published('2027-05-03', { capacity: 3 });
    const now = at('2027-04-02T10:00');
    const [p1, p2, p3] = [principal(), principal(), principal()];
    const r1 = (await signUp(p1, a.id, { companions: 1, clientToken: token() }, now)).registration;
    expect((await signUp(p2, a.id, { companions: 2, clientToken: token() }, now)).registration).toMatchObject({ status: 'waitlisted', position: 1 });
    expect((await signUp(p3, a.id, { companions: 0, clientToken: token() }, now)).registration).toMatchObject({ status: 'waitlisted', position: 2 });
    // One seat is free all along, but p2 (3 seats) is first in line: p3 waits behind.
    expect(await item(keys.activity(a.id))).toMatchObject({ taken: 2, waitCount: 2 });
    await cancelRegistration(p1, r1.id, now);
    expect(await item(keys.activityRegistration(a.id, p2.userId))).toMatchObject({ status: 'confirmed' });
    expect(await item(keys.activityRegistration(a.id, p3.userId))).toMatchObject({ status: 'waitlisted' });
    expect(await item(keys.activity(a.id))).toMatchObject({ taken: 3, waitCount: 1 });
  });

  it('a confirmed place cannot be cancelled after the cancel deadline; a waitlist place can until the start', async () => {
    const a = await published('2027-05-04', { capacity: 1 });
    const [p1, p2] = [principal(), principal()];
    const r1 = (await signUp(p1, a.id, { companions: 0, clientToken: token() }, at('2027-04-02T10:00'))).registration;
    const r2 = (await signUp(p2, a.id, { companions: 0, clientToken: token() }, at('2027-04-02T10:00'))).registration;
    await expect(cancelRegistration(p1, r1.id, at('2027-05-04T09:00'))).rejects.toMatchObject({ status: 422, code: 'CANCEL_DEADLINE_PASSED' });
    expect((await cancelRegistration(p2, r2.id, at('2027-05-04T09:30'))).status).toBe('cancelled');
    expect(await item(keys.activity(a.id))).toMatchObject({ taken: 1, waitCount: 0 });
    const waits = await ddb().send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :p AND begins_with(sk, :w)', ExpressionAttributeValues: { ':p': `ACTIVITY#${a.id}`, ':w': 'WAIT#' }, ConsistentRead: true }));
    expect(waits.Items).toEqual([]);
  });

  it('no-shows at the end; a third in 60 days blocks sign-ups for 14 days with the reason; the sweep is safe to run twice', async () => {
    const person = principal();
    for (const day of ['2027-05-10', '2027-05-11', '2027-05-12']) {
      const a = await published(day);
      const attendee = principal();
      await signUp(person, a.id, { companions: 0, clientToken: token() }, at('2027-04-02T10:00'));
      await signUp(attendee, a.id, { companions: 0, clientToken: token() }, at('2027-04-02T10:00'));
      const during = at(`${day}T10:05`);
      await checkInWithCode(attendee, a.id, checkInCode(await jwtSecret(), a.id, codeWindow(during.getTime())), during);
      const swept = await sweepActivityNoShows(at(`${day}T11:05`));
      expect(swept).toMatchObject({ failed: 0 });
      expect(await item(keys.activityRegistration(a.id, person.userId))).toMatchObject({ status: 'no_show' });
      expect(await item(keys.activityRegistration(a.id, attendee.userId))).toMatchObject({ status: 'checked_in' });
      expect(await item(keys.activity(a.id))).toMatchObject({ noShowsSwept: true });
      expect((await sweepActivityNoShows(at(`${day}T11:10`))).noShows).toBe(0);
    }
    expect(await item(keys.activityBlock(person.userId))).toMatchObject({ reason: '60 天内 3 次报名活动未签到' });
    expect(await item(keys.bookingBlock(person.userId))).toBeUndefined();
    const next = await published('2027-05-20');
    await expect(signUp(person, next.id, { companions: 0, clientToken: token() }, at('2027-05-13T10:00'))).rejects.toMatchObject({
      status: 422,
      code: 'BLOCKED_NO_SHOW',
      message: expect.stringMatching(/^60 天内 3 次报名活动未签到，5月26日 \d\d:\d\d 前暂停报名$/),
    });
  });

  it('confirming attendance settles the activity and appends hours for each person in one transaction, once', async () => {
    const organiser = staff();
    const a = await published('2027-05-15', { kind: 'volunteer', hours: 1.5, capacity: 10 }, organiser);
    const [v1, v2] = [principal(), principal()];
    for (const v of [v1, v2]) await signUp(v, a.id, { companions: 0, clientToken: token() }, at('2027-04-02T10:00'));
    const during = at('2027-05-15T10:10');
    await checkInWithCode(v1, a.id, checkInCode(await jwtSecret(), a.id, codeWindow(during.getTime())), during);
    await expect(confirmAttendance(organiser, a.id, { userIds: [v1.userId] }, at('2027-05-15T10:59'))).rejects.toMatchObject({ code: 'NOT_ENDED' });
    const res = await confirmAttendance(organiser, a.id, { userIds: [v1.userId] }, at('2027-05-15T11:30'));
    expect(res).toMatchObject({ credited: 1, hours: 1.5, activity: { status: 'settled' } });
    expect(await item(keys.hoursTotal(v1.userId))).toMatchObject({ minutes: 90, entries: 1 });
    expect(await item(keys.hoursTotal(v2.userId))).toBeUndefined();
    await expect(confirmAttendance(organiser, a.id, { userIds: [v1.userId] }, at('2027-05-15T11:40'))).rejects.toMatchObject({ status: 409, code: 'ALREADY_SETTLED' });
    expect(await myVolunteerHours(v1, { limit: 20 })).toMatchObject({ totalHours: 1.5, entryCount: 1, items: [{ activityId: a.id, hours: 1.5, kind: 'credit' }] });
  });

  it('cancelling an activity releases its room and ends its no-show watch in the same change', async () => {
    const organiser = staff();
    const a = await published('2027-05-18', { place: { roomId: 'rm-centre-party' } }, organiser);
    expect(await item(keys.slotLock('rm-centre-party', '2027-05-18', '10:30'))).toMatchObject({ bookingId: `activity-${a.id}`, activityId: a.id, checkedIn: true });
    await cancelActivity(organiser, a.id, '场地维修', at('2027-05-01T10:00'));
    expect(await item(keys.slotLock('rm-centre-party', '2027-05-18', '10:00'))).toBeUndefined();
    expect(await item(keys.slotLock('rm-centre-party', '2027-05-18', '10:30'))).toBeUndefined();
    expect(await item(keys.activity(a.id))).toMatchObject({ status: 'cancelled', cancelReason: '场地维修' });
    expect((await sweepActivityNoShows(at('2027-05-18T12:00'))).activities).toBe(0);
  });
});

describe('audience: residents of chosen buildings', () => {
  const put = (Item: Record<string, unknown>) => ddb().send(new PutCommand({ TableName: tableName(), Item }));
  const form = (over: Record<string, unknown>) =>
    ActivityInput.parse({
      title: '楼栋议事会',
      kind: 'other',
      start: '2027-05-25T19:00',
      end: '2027-05-25T20:00',
      place: { address: '幸福家园 2 栋楼下' },
      capacity: 10,
      signUpOpens: '2027-04-01T09:00',
      signUpCloses: '2027-05-25T19:00',
      cancelDeadline: '2027-05-25T18:00',
      audience: 'buildings',
      ...over,
    });

  it('takes only buildings of the activity’s community that are in service, naming each wrong one’s field', async () => {
    await put({ ...keys.building('bd-act-closed'), entity: 'Building', id: 'bd-act-closed', communityId: 'cm-xingfu', gridId: 'gd-xingfu-1', estate: '幸福家园', name: '9 栋', deactivatedAt: '2027-01-01T00:00:00+08:00' });
    const created = createActivity(staff(), STATION, form({ buildingIds: ['bd-xingfu-2', 'bd-hexie-1', 'bd-nope', 'bd-act-closed'] }), at('2027-04-01T10:00'));
    await expect(created).rejects.toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      fields: [
        { path: 'buildingIds.1', message: '不是本社区的楼栋' },
        { path: 'buildingIds.2', message: '楼栋不存在' },
        { path: 'buildingIds.3', message: '楼栋已停用' },
      ],
    });
    expect(() => form({ buildingIds: undefined })).toThrow('请选择可以报名的楼栋');
    expect(() => form({ audience: 'everyone', buildingIds: ['bd-xingfu-2'] })).toThrow('只有“指定楼栋居民”的活动才选择楼栋');
    const draft = await createActivity(staff(), STATION, form({ buildingIds: ['bd-xingfu-2', 'bd-xingfu-3'] }), at('2027-04-01T10:00'));
    expect(draft.audienceBuildings).toEqual([
      { id: 'bd-xingfu-2', name: '幸福家园 2 栋' },
      { id: 'bd-xingfu-3', name: '阳光花园 3 栋' },
    ]);
    // A draft opened to everyone keeps no buildings.
    const open = await updateActivity(staff(), draft.id, form({ audience: 'everyone' }), draft.version, at('2027-04-01T10:00'));
    expect(await item(keys.activity(draft.id))).not.toHaveProperty('buildingIds');
    expect(open).not.toHaveProperty('audienceBuildings');
    await expect(updateActivity(staff(), draft.id, form({ buildingIds: ['bd-hexie-2'] }), open.version, at('2027-04-01T10:00'))).rejects.toMatchObject({
      status: 400,
      fields: [{ path: 'activity.buildingIds.0', message: '不是本社区的楼栋' }],
    });
  });

  it('signs up residents by their report-in building or the home on their profile; others hear who may', async () => {
    const a = await publishActivity(staff(), (await createActivity(staff(), STATION, form({ buildingIds: ['bd-xingfu-2'] }), at('2027-04-01T10:00'))).id, at('2027-04-01T10:00'));
    const now = at('2027-04-02T10:00');
    const [stranger, elsewhere, home, reported, rejected] = [principal(), principal(), principal(), principal({ member: true }), principal({ member: true })];
    await expect(signUp(stranger, a.id, { companions: 0, clientToken: token() }, now)).rejects.toMatchObject({
      status: 422,
      code: 'NOT_IN_BUILDINGS',
      message: '该活动仅限 幸福家园 2 栋 的居民报名。请先在“我的”中设置我家所在楼栋',
    });
    await put({ ...keys.user(elsewhere.userId), entity: 'User', id: elsewhere.userId, nickname: '外楼居民', homeBuildingId: 'bd-xingfu-1' });
    await expect(signUp(elsewhere, a.id, { companions: 0, clientToken: token() }, now)).rejects.toMatchObject({ code: 'NOT_IN_BUILDINGS', message: '该活动仅限 幸福家园 2 栋 的居民报名' });
    await put({ ...keys.user(home.userId), entity: 'User', id: home.userId, nickname: '本楼居民', homeBuildingId: 'bd-xingfu-2' });
    expect((await signUp(home, a.id, { companions: 0, clientToken: token() }, now)).registration.status).toBe('confirmed');
    const reportIn = (userId: string, status: string) => ({ ...keys.reportIn(userId), entity: 'ReportIn', userId, communityId: 'cm-xingfu', buildingId: 'bd-xingfu-2', skills: [], availableTimes: [], status, posts: [], reportedAt: '2027-03-01T10:00:00+08:00' });
    await put(reportIn(reported.userId, 'confirmed'));
    expect((await signUp(reported, a.id, { companions: 0, clientToken: token() }, now)).registration.status).toBe('confirmed');
    await put(reportIn(rejected.userId, 'rejected'));
    await expect(signUp(rejected, a.id, { companions: 0, clientToken: token() }, now)).rejects.toMatchObject({ code: 'NOT_IN_BUILDINGS' });
    // Published: the buildings are part of what people signed up for.
    await expect(updateActivity(staff(), a.id, form({ buildingIds: ['bd-xingfu-2', 'bd-xingfu-3'] }), a.version, now)).rejects.toMatchObject({
      code: 'FIXED_AFTER_PUBLISH',
      fields: [{ path: 'activity.buildingIds', message: '发布后不能修改' }],
    });
  });
});
