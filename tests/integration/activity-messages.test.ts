import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ActivityInput } from '../../shared/src/api/activities';
import { cancelActivity, createActivity, publishActivity, updateActivity } from '../../functions/src/activities/activities';
import { checkInWithCode, sweepActivityNoShows } from '../../functions/src/activities/check-in';
import { confirmAttendance } from '../../functions/src/activities/hours';
import { drainFanouts, FANOUT_PAGE, sendActivityReminders } from '../../functions/src/activities/notices';
import { cancelRegistration, signUp } from '../../functions/src/activities/registrations';
import { checkInCode, codeWindow } from '../../functions/src/activities/rules';
import { fanoutPut, pendingFanouts, registrationsOf } from '../../functions/src/activities/storage';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { jwtSecret } from '../../functions/src/lib/secrets';
import { myMessages } from '../../functions/src/messages/domain';
import type { Principal } from '../../functions/src/lib/authorize';
import { useStackTable } from '../support/ddb';
import { principal } from '../support/principals';

beforeAll(useStackTable);

// Dates in 2028 that no other suite uses (the reminder job's checkpoint only moves forward).
const at = (local: string) => new Date(`${local}:00+08:00`);
const CREATED = at('2028-02-01T10:00');
const SIGN_UP = at('2028-02-02T10:00');
const organiser = principal({ staffStationIds: ['sn-xingfu-centre'] }, '张丽');
let seq = 0;
async function published(day: string, over: Record<string, unknown> = {}) {
  const input = ActivityInput.parse({
    title: `消息测试活动 ${++seq}`,
    kind: 'lecture',
    start: `${day}T10:00`,
    end: `${day}T11:00`,
    place: { address: '幸福路 88 号' },
    capacity: 5,
    signUpOpens: '2028-02-01T09:00',
    signUpCloses: `${day}T10:00`,
    cancelDeadline: `${day}T09:00`,
    ...over,
  });
  const a = await createActivity(organiser, 'sn-xingfu-centre', input, CREATED);
  return publishActivity(organiser, a.id, CREATED);
}
const token = () => `tok-${Math.random().toString(36).slice(2, 12)}`;
const join = (p: Principal, activityId: string, now = SIGN_UP) => signUp(p, activityId, { companions: 0, clientToken: token() }, now).then((r) => r.registration);
const inbox = async (p: Principal) => (await myMessages(p, { limit: 50 }, SIGN_UP)).items;
const kinds = async (p: Principal) => (await inbox(p)).map((m) => m.kind);

describe('activity messages in the transaction of their event', () => {
  it('sign-up confirmed or waitlisted, then promoted from the waitlist: one message each, none for one’s own cancellation', async () => {
    const a = await published('2028-03-06', { capacity: 1 });
    const [p1, p2] = [principal(), principal()];
    const r1 = await join(p1, a.id);
    await join(p2, a.id);
    expect(await kinds(p1)).toEqual(['activity_signed_up']);
    expect(await inbox(p2)).toEqual([expect.objectContaining({ kind: 'activity_waitlisted', title: '已进入活动候补', link: `/packages/activities/pages/detail/index?id=${a.id}` })]);
    await cancelRegistration(p1, r1.id, SIGN_UP);
    expect(await kinds(p1)).toEqual(['activity_signed_up']);
    const p2Messages = await inbox(p2);
    expect(p2Messages.map((m) => m.kind).sort()).toEqual(['activity_promoted', 'activity_waitlisted']);
    expect(p2Messages.find((m) => m.kind === 'activity_promoted')!.body).toContain(`「${a.title}」有名额空出，您已由候补转为报名成功。3月6日 10:00–11:00`);
  });

  it('more capacity promotes the waitlist and tells each promoted person', async () => {
    const a = await published('2028-03-07', { capacity: 1 });
    const people = [principal(), principal(), principal()];
    for (const p of people) await join(p, a.id);
    const form = ActivityInput.parse({ ...a, capacity: 3 });
    await updateActivity(organiser, a.id, form, a.version, SIGN_UP);
    for (const p of people.slice(1)) expect((await kinds(p)).sort()).toEqual(['activity_promoted', 'activity_waitlisted']);
  });

  it('capacity grown past what one transaction promotes: every head follows in order, each told once', async () => {
    const a = await published('2028-03-10', { capacity: 1 });
    const people = Array.from({ length: 26 }, () => principal());
    for (const p of people) await join(p, a.id);
    const grown = await updateActivity(organiser, a.id, ActivityInput.parse({ ...a, capacity: 24 }), a.version, SIGN_UP);
    expect(grown).toMatchObject({ taken: 24, waitCount: 2 });
    const confirmed = await registrationsOf(a.id, ['confirmed'], { limit: 50 });
    expect(confirmed.items.map((r) => r.userId).sort()).toEqual(people.slice(0, 24).map((p) => p.userId).sort());
    for (const p of people.slice(1, 24)) expect((await kinds(p)).filter((k) => k === 'activity_promoted')).toHaveLength(1);
    for (const p of people.slice(24)) expect(await kinds(p)).toEqual(['activity_waitlisted']);
  }, 120_000);

  it('a cancelled activity tells every registrant once, over more than one page, and a repeated delivery adds nothing', async () => {
    const a = await published('2028-03-08', { capacity: 40 });
    const people = Array.from({ length: FANOUT_PAGE + 10 }, () => principal());
    for (let i = 0; i < people.length; i += 10) await Promise.all(people.slice(i, i + 10).map((p) => join(p, a.id)));
    const outsider = principal();
    await cancelActivity(organiser, a.id, '场地临时检修', SIGN_UP);
    const cancelledMessages = async (p: Principal) => (await inbox(p)).filter((m) => m.kind === 'activity_cancelled');
    for (const p of people) expect(await cancelledMessages(p)).toHaveLength(1);
    expect((await cancelledMessages(people[0]))[0]).toMatchObject({ title: '活动已取消', body: `您报名的「${a.title}」（3月8日 10:00–11:00）已取消，原因：场地临时检修` });
    expect(await inbox(outsider)).toEqual([]);
    expect((await pendingFanouts()).filter((f) => f.activityId === a.id)).toEqual([]);

    // A crash after the first page left the fan-out on the list: the job delivers it again, nobody hears twice.
    const firstPage = await registrationsOf(a.id, ['confirmed', 'waitlisted', 'checked_in'], { limit: FANOUT_PAGE });
    const replay = { activityId: a.id, event: 'cancelled' as const, activity: { id: a.id, title: a.title, start: a.start, end: a.end, placeName: a.placeName }, at: SIGN_UP.toISOString(), reason: '场地临时检修' };
    await ddb().send(new PutCommand({ TableName: tableName(), Item: { ...fanoutPut(replay).Put!.Item, cursor: firstPage.nextCursor } }));
    await drainFanouts(Date.now() + 30_000);
    for (const p of people) expect(await cancelledMessages(p)).toHaveLength(1);
    expect((await pendingFanouts()).filter((f) => f.activityId === a.id)).toEqual([]);
  }, 120_000);

  it('a no-show is told once, however often the sweep runs; credited hours are told to the credited only', async () => {
    const a = await published('2028-03-09', { kind: 'volunteer', hours: 2, capacity: 10 });
    const [came, absent, credited] = [principal(), principal(), principal()];
    for (const p of [came, absent, credited]) await join(p, a.id);
    const during = at('2028-03-09T10:05');
    await checkInWithCode(came, a.id, checkInCode(await jwtSecret(), a.id, codeWindow(during.getTime())), during);
    await sweepActivityNoShows(at('2028-03-09T11:05'));
    await sweepActivityNoShows(at('2028-03-09T11:10'));
    expect((await kinds(absent)).filter((k) => k === 'activity_no_show')).toHaveLength(1);
    expect((await kinds(came)).filter((k) => k === 'activity_no_show')).toHaveLength(0);
    await confirmAttendance(organiser, a.id, { userIds: [came.userId, credited.userId], reason: '到场但未扫码' }, at('2028-03-09T12:00'));
    const hours = (await inbox(came)).filter((m) => m.kind === 'activity_hours_credited');
    expect(hours).toEqual([expect.objectContaining({ title: '志愿服务时长已记录', link: '/packages/activities/pages/hours/index' })]);
    expect(hours[0].body).toContain('已为您记录志愿服务时长 2 小时');
    expect((await kinds(credited)).filter((k) => k === 'activity_hours_credited')).toHaveLength(1);
    expect((await kinds(absent)).filter((k) => k === 'activity_hours_credited')).toHaveLength(0);
  });
});

describe('the activity reminder the day before', () => {
  it('reaches each confirmed registration once, even with two runs at once; never a cancelled one, a waitlisted one or a cancelled activity', async () => {
    const a = await published('2028-04-11', { capacity: 2 });
    const gone = await published('2028-04-11', { capacity: 2 });
    const [kept, cancelled, waiting, ofCancelled] = [principal(), principal(), principal(), principal()];
    await join(kept, a.id);
    const r = await join(cancelled, a.id);
    await join(waiting, a.id);
    await cancelRegistration(cancelled, r.id, SIGN_UP); // `waiting` is promoted
    const third = principal();
    await join(third, a.id); // waits
    await join(ofCancelled, gone.id);
    await cancelActivity(organiser, gone.id, '讲师临时有事', SIGN_UP);

    // Too early: the start is more than 24 hours away.
    expect((await sendActivityReminders(at('2028-04-10T09:00'))).sent).toBe(0);
    const runs = await Promise.all([sendActivityReminders(at('2028-04-10T10:05')), sendActivityReminders(at('2028-04-10T10:05'))]);
    expect(runs[0].failed + runs[1].failed).toBe(0);
    expect(runs[0].sent + runs[1].sent).toBe(2);
    await sendActivityReminders(at('2028-04-10T10:10'));
    const reminders = async (p: Principal) => (await inbox(p)).filter((m) => m.kind === 'activity_reminder');
    expect(await reminders(kept)).toEqual([expect.objectContaining({ title: '活动明天开始' })]);
    expect((await reminders(kept))[0].body).toBe(`「${a.title}」将于 4月11日 10:00–11:00 开始，地点：幸福路 88 号。请按时参加，开始前 30 分钟起可扫码签到`);
    expect(await reminders(waiting)).toHaveLength(1);
    expect(await reminders(cancelled)).toEqual([]);
    expect(await reminders(third)).toEqual([]);
    expect(await reminders(ofCancelled)).toEqual([]);
  });
});
