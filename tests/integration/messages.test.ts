import { approve, cancel, createBooking, reject, sweepNoShows } from '../../functions/src/booking/domain';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createUser } from '../../functions/src/auth/storage';
import { acceptInvite, createInvite } from '../../functions/src/roles/invites';
import { getBooking } from '../../functions/src/booking/storage';
import { sendBookingReminders } from '../../functions/src/booking/reminders';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import * as cf from '../../functions/src/crowdfund/domain';
import { notifyBackers } from '../../functions/src/crowdfund/notify';
import { apply, claimPost, reportIn, releasePost, reviewMember, reviewReportIn } from '../../functions/src/members/domain';
import { DEMO_CODES } from '../../functions/src/demo/data';
import { markRead, myMessages, unreadCount } from '../../functions/src/messages/domain';
import { randomUUID } from 'node:crypto';
import { bookingSubmittedWrites, deliverAudienceFanouts, STAFF_IN_TRANSACTION } from '../../functions/src/messages/events';
import { newMessage } from '../../functions/src/messages/domain';
import { deliverOnce, pendingAudienceFanouts, pendingFanouts } from '../../functions/src/messages/storage';
import { putStationStaff } from '../../functions/src/roles/storage';
import { transact } from '../../functions/src/lib/dynamo';
import type { BookingRecord } from '../../functions/src/booking/model';
import type { Principal } from '../../functions/src/lib/authorize';
import { useStackTable } from '../support/ddb';
import { principal } from '../support/principals';

beforeAll(useStackTable);

// Monday 2027-05-03, 10:00 Asia/Shanghai: dates no other suite books.
const NOW = new Date('2027-05-03T02:00:00Z');
const at = (date: string, hhmm: string, plusMinutes = 0) => new Date(Date.parse(`${date}T${hhmm}:00+08:00`) + plusMinutes * 60_000);
const HALL = 'rm-centre-hall'; // needs approval
const READING = 'rm-centre-reading'; // approves itself
const staff = principal({ staffStationIds: ['sn-xingfu-centre'] }, '张丽');
const admin = principal({ adminCommunityIds: ['cm-xingfu'] }, '陈志强');

beforeAll(async () => {
  // Staff of the demo station for this file (the list is read fresh by every booking).
  await putStationStaff('sn-xingfu-centre', staff.userId);
});

let slot = 0;
const DAYS = ['04', '05', '06', '07', '10', '11', '12', '13', '14']; // weekdays within the hall's 14 days
const HOURS = ['09', '10', '11', '14', '15', '16', '17', '18', '19', '20']; // inside the centre's weekday hours
/** A fresh hour in the fortnight after NOW (each booking its own slot, so the tests never collide). */
function nextSlot(): { date: string; start: string; end: string } {
  const n = slot++;
  const hour = HOURS[n % HOURS.length];
  return { date: `2027-05-${DAYS[Math.floor(n / HOURS.length)]}`, start: `${hour}:00`, end: `${String(Number(hour) + 1).padStart(2, '0')}:00` };
}
/** NOW plus a few seconds: events in order get message ids in order. */
const later = (s: number) => new Date(NOW.getTime() + s * 1000);
/** Books the next free hour (a slot another run of this file took is skipped). */
async function book(p: Principal, roomId = HALL) {
  for (;;) {
    try {
      return await createBooking(p, { roomId, ...nextSlot(), purpose: '楼栋议事会', attendees: 8 }, NOW);
    } catch (err) {
      if ((err as { code?: string }).code !== 'SLOT_TAKEN' || slot > DAYS.length * HOURS.length) throw err;
    }
  }
}
const inbox = async (p: Principal) => (await myMessages(p, { limit: 50 }, NOW)).items;
const kinds = async (p: Principal) => (await inbox(p)).map((m) => m.kind);

describe('inbox: booking events, in the transaction of the event', () => {
  it('a new booking tells the station staff, with a link to the approval queue', async () => {
    const resident = principal({}, '王秀兰');
    const b = await book(resident);
    const mine = (await inbox(staff)).filter((m) => m.body.includes(b.date) && m.body.includes(b.start) && m.body.includes('王秀兰'));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: 'booking_submitted', title: '新的场地预约待审核', read: false });
    expect(mine[0].link).toContain('/packages/staff/pages/pending/index?stationId=sn-xingfu-centre');
    expect(await kinds(resident)).toEqual([]);
  });

  it('approved, rejected with its reason, cancelled by staff, no-show: one message each to the booker; the booker cancelling tells nobody', async () => {
    const resident = principal();
    const a = await book(resident);
    await approve(staff, a.id, later(1));
    const r = await book(resident);
    await reject(staff, r.id, '当天有社区活动', later(2));
    const c = await book(resident);
    await cancel(staff, c.id, '设备检修', later(3));
    const own = await book(resident, READING);
    await cancel(resident, own.id, undefined, NOW);

    const messages = await inbox(resident);
    expect(messages.map((m) => m.kind)).toEqual(['booking_cancelled', 'booking_rejected', 'booking_approved']);
    expect(messages[0].body).toContain('设备检修');
    expect(messages[1].body).toContain('当天有社区活动');
    expect(messages[2].link).toBe(`/pages/bookings/detail?id=${a.id}`);
    expect(await unreadCount(resident)).toEqual({ unread: 3 });

    // Approved and never checked in: the sweeper marks it a no-show, and says so.
    await sweepNoShows(at(a.date, a.start, 20));
    expect((await kinds(resident))[0]).toBe('booking_no_show');
  });

  it('approve racing cancel: one message, saying what really happened', async () => {
    for (let i = 0; i < 4; i++) {
      const resident = principal();
      const b = await book(resident);
      const [approved, cancelled] = await Promise.allSettled([approve(staff, b.id, NOW), cancel(admin, b.id, '场地临时征用', NOW)]);
      const winner = approved.status === 'fulfilled' ? 'approved' : 'cancelled';
      expect([approved.status, cancelled.status].filter((s) => s === 'fulfilled')).toHaveLength(winner === 'approved' && cancelled.status === 'fulfilled' ? 2 : 1);
      const messages = await inbox(resident);
      if (approved.status === 'fulfilled' && cancelled.status === 'fulfilled') {
        // Both in turn (approve first, then the admin cancels the approved booking): two events, two messages.
        expect(messages.map((m) => m.kind).sort()).toEqual(['booking_approved', 'booking_cancelled']);
      } else {
        expect(messages.map((m) => m.kind)).toEqual([winner === 'approved' ? 'booking_approved' : 'booking_cancelled']);
      }
      expect((await unreadCount(resident)).unread).toBe(messages.length);

      // Approve racing reject: exactly one wins, and its message is the only one.
      const other = principal();
      const r = await book(other);
      await Promise.allSettled([approve(staff, r.id, NOW), reject(admin, r.id, '场地冲突', NOW)]);
      const final = (await getBooking(r.id, true))!.status;
      expect(await kinds(other)).toEqual([final === 'approved' ? 'booking_approved' : 'booking_rejected']);
    }
  });
});

describe('booking reminders, one hour before the start', () => {
  it('exactly once even when two runs overlap, and never for a booking cancelled meanwhile or still pending', async () => {
    await ddb().send(new DeleteCommand({ TableName: tableName(), Key: keys.reminderSweep() }));
    const day = '2027-05-08'; // a Saturday: no other test of this file books it
    const approvedOwner = principal();
    const cancelledOwner = principal();
    const pendingOwner = principal();
    const approved = await createBooking(approvedOwner, { roomId: HALL, date: day, start: '09:00', end: '10:00', purpose: '读书会', attendees: 5 }, NOW);
    await approve(staff, approved.id, NOW);
    const cancelled = await createBooking(cancelledOwner, { roomId: READING, date: day, start: '09:00', end: '10:00', purpose: '自习', attendees: 2 }, NOW);
    await cancel(cancelledOwner, cancelled.id, undefined, NOW);
    await createBooking(pendingOwner, { roomId: HALL, date: day, start: '10:00', end: '11:00', purpose: '议事会', attendees: 5 }, NOW);

    // Too early: nothing yet.
    await sendBookingReminders(at(day, '07:30'));
    expect((await kinds(approvedOwner)).filter((k) => k === 'booking_reminder')).toHaveLength(0);

    const [a, b] = await Promise.all([sendBookingReminders(at(day, '08:05')), sendBookingReminders(at(day, '08:05'))]);
    expect(a.sent + b.sent).toBe(1);
    await sendBookingReminders(at(day, '08:10'));
    // The checkpoint lost (a crash before it was written): the window is looked at again, and refused again.
    await ddb().send(new DeleteCommand({ TableName: tableName(), Key: keys.reminderSweep() }));
    await sendBookingReminders(at(day, '08:15'));
    await sendBookingReminders(at(day, '09:05'));

    const reminders = (await inbox(approvedOwner)).filter((m) => m.kind === 'booking_reminder');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ title: '预约即将开始', link: `/pages/bookings/detail?id=${approved.id}` });
    expect(reminders[0].body).toContain(`${day} 09:00–10:00`);
    expect(await kinds(cancelledOwner)).toEqual([]);
    expect(await kinds(pendingOwner)).toEqual([]);
  });
});

describe('inbox: reading', () => {
  it('pages newest first, marks some read and then all, and the counter follows without a scan', async () => {
    const resident = principal();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const b = await book(resident);
      ids.push(b.id);
      await reject(staff, b.id, `原因${i}`, later(i));
    }
    const first = await myMessages(resident, { limit: 2 }, NOW);
    expect(first.items.map((m) => m.body.slice(-3))).toEqual(['原因4', '原因3']);
    const second = await myMessages(resident, { limit: 2, cursor: first.nextCursor }, NOW);
    expect(second.items.map((m) => m.body.slice(-3))).toEqual(['原因2', '原因1']);

    expect(await markRead(resident, { ids: [first.items[0].id, first.items[0].id, 'not-mine'] })).toEqual({ unread: 4 });
    // Again: nothing changes.
    expect(await markRead(resident, { ids: [first.items[0].id] })).toEqual({ unread: 4 });
    // Someone else's message id is not found in my inbox.
    expect(await markRead(principal(), { ids: [first.items[1].id] })).toEqual({ unread: 0 });
    expect(await unreadCount(resident)).toEqual({ unread: 4 });

    expect(await markRead(resident, { all: true })).toEqual({ unread: 0 });
    expect((await inbox(resident)).every((m) => m.read)).toBe(true);
    // A message after 全部已读 is unread again; marking it read does not go below zero.
    const b = await book(resident);
    await approve(staff, b.id, later(10));
    expect(await unreadCount(resident)).toEqual({ unread: 1 });
    const [newest] = await inbox(resident);
    expect(newest.read).toBe(false);
    expect(await markRead(resident, { ids: [newest.id, first.items[1].id] })).toEqual({ unread: 0 });
  });

  it('全部已读 racing new messages never loses one: the counter equals the unread messages', async () => {
    const resident = principal();
    const bookings = await Promise.all([0, 1, 2].map(() => book(resident)));
    await Promise.all([
      ...bookings.map((b) => approve(staff, b.id, NOW)),
      markRead(resident, { all: true }),
      markRead(resident, { all: true }),
    ]);
    const messages = await inbox(resident);
    expect(messages).toHaveLength(3);
    expect((await unreadCount(resident)).unread).toBe(messages.filter((m) => !m.read).length);
  });

  it('expired messages (past the 180-day TTL) are not listed', async () => {
    const resident = principal();
    const b = await book(resident);
    await approve(staff, b.id, NOW);
    expect(await myMessages(resident, { limit: 10 }, NOW)).toMatchObject({ items: [{ kind: 'booking_approved' }] });
    expect((await myMessages(resident, { limit: 10 }, new Date(NOW.getTime() + 181 * 86_400_000))).items).toEqual([]);
  });
});

describe('inbox: a station with more staff than one transaction tells', () => {
  it('tells every staff member of a new booking exactly once: the first in the booking\'s transaction, the rest from its fan-out', async () => {
    const stationId = `sn-msg-${randomUUID().slice(0, 8)}`;
    const people = Array.from({ length: STAFF_IN_TRANSACTION + 3 }, () => principal({ staffStationIds: [stationId] }));
    for (const p of people) await putStationStaff(stationId, p.userId);
    const booking = {
      id: `bk-${randomUUID()}`, stationId, stationName: '测试驿站', roomName: '会议室', userName: '王秀兰', status: 'pending',
      date: '2027-05-04', start: '09:00', end: '10:00', attendees: 8, purpose: '大驿站议事会',
    } as BookingRecord;
    expect((await transact(await bookingSubmittedWrites(booking, NOW))).ok).toBe(true);
    const told = async () => {
      const counts = await Promise.all(people.map(async (p) => (await inbox(p)).filter((m) => m.kind === 'booking_submitted' && m.body.includes('大驿站议事会')).length));
      return counts;
    };
    const first = await told();
    expect(first.filter((n) => n === 1)).toHaveLength(STAFF_IN_TRANSACTION);
    expect(first.filter((n) => n === 0)).toHaveLength(3);
    const pending = async () => (await pendingAudienceFanouts(100)).filter((f) => f.event === `booking-submitted#${booking.id}`);
    expect(await pending()).toHaveLength(1);
    // Two runs at once, a page of 2: the remaining 3 take two pages; nobody is told twice.
    for (let i = 0; i < 5 && (await pending()).length > 0; i++) await Promise.all([deliverAudienceFanouts(Date.now() + 60_000, 2), deliverAudienceFanouts(Date.now() + 60_000, 2)]);
    expect(await pending()).toEqual([]);
    expect(await told()).toEqual(people.map(() => 1));
    await deliverAudienceFanouts(Date.now() + 60_000, 2);
    expect(await told()).toEqual(people.map(() => 1));
  });
});

describe('inbox: messages sort by arrival, whatever their event time', () => {
  it('全部已读, then a message about an earlier event (a late fan-out): it is unread, listed first, and counted', async () => {
    const resident = principal();
    const notice = { kind: 'booking_reminder' as const, title: '预约即将开始', body: '测试', link: '/pages/bookings/detail?id=x' };
    // Written now, due an hour later (a reminder is written before it is due).
    expect(await deliverOnce(newMessage(resident.userId, notice, new Date(Date.now() + 3600_000), `t-ahead-${resident.userId}`))).toBe(true);
    expect(await markRead(resident, { all: true })).toEqual({ unread: 0 });
    // Delivered after 全部已读, about an event of an hour ago.
    const late = newMessage(resident.userId, { ...notice, kind: 'crowdfund_funded', title: '众筹成功' }, new Date(Date.now() - 3600_000), `t-late-${resident.userId}`);
    expect(await deliverOnce(late)).toBe(true);
    // The same once-only message again: refused.
    expect(await deliverOnce(newMessage(resident.userId, { ...notice, kind: 'crowdfund_funded', title: '众筹成功' }, new Date(Date.now() - 3600_000), `t-late-${resident.userId}`))).toBe(false);
    const items = (await myMessages(resident, { limit: 10 })).items;
    expect(items.map((m) => [m.title, m.read])).toEqual([
      ['众筹成功', false],
      ['预约即将开始', true],
    ]);
    expect(await unreadCount(resident)).toEqual({ unread: 1 });
  });
});

describe('inbox: invitations', () => {
  it('an accepted invitation tells its inviter once, in the acceptance\'s transaction; a second use tells nobody', async () => {
    const stationId = `sn-inv-${randomUUID().slice(0, 8)}`;
    await ddb().send(new PutCommand({ TableName: tableName(), Item: { ...keys.station(stationId), entity: 'Station', id: stationId, communityId: 'cm-xingfu', name: '邀请测试驿站', address: '测试路 1 号' } }));
    const inviter = principal({ adminCommunityIds: ['cm-xingfu'] }, '陈志强');
    const invitee = principal({}, '刘芳');
    const late = principal({}, '赵磊');
    for (const p of [inviter, invitee, late]) await createUser({ id: p.userId, openid: `o-${p.userId}`, nickname: p.user.nickname, roles: p.roles, createdAt: p.user.createdAt });
    const invite = await createInvite(inviter, { role: 'staff', scopeId: stationId });
    await acceptInvite(invitee, invite.token, {});
    await expect(acceptInvite(late, invite.token, {})).rejects.toMatchObject({ code: 'INVITE_USED' });
    expect(await inbox(inviter)).toEqual([
      expect.objectContaining({ kind: 'invite_accepted', title: '邀请已被接受', body: '刘芳 已接受您的邀请，成为邀请测试驿站的驿站工作人员', link: '/packages/admin/pages/people/index', read: false }),
    ]);
    expect(await unreadCount(inviter)).toEqual({ unread: 1 });
    expect(await inbox(invitee)).toEqual([]);
  });
});

/** Stores a test principal as a real user (profile and openid pointer), as a login would. */
const stored = (p: Principal) => createUser({ id: p.userId, openid: `op-${p.userId}`, nickname: p.user.nickname, roles: p.roles, createdAt: p.user.createdAt });

describe('inbox: members', () => {
  it('membership and report-in decisions, and a post released by the community, each tell the member once', async () => {
    const member = principal({}, '李建国');
    const userId = member.userId;
    // Real users (profile and openid pointer): the review sets the member role on the profile.
    await stored(member);
    await apply(member, { communityId: 'cm-xingfu', name: '李建国', branch: '幸福社区第一支部', phone: '13711116666' });
    await reviewMember(admin, userId, { decision: 'confirm' });
    expect(await kinds(member)).toEqual(['membership_confirmed']);

    const confirmed = { ...member, roles: { ...member.roles, member: true } };
    const code = DEMO_CODES.find((c) => c.kind === 'community' && c.communityId === 'cm-xingfu')!.token;
    await reportIn(confirmed, { communityCode: code, buildingId: 'bd-xingfu-1', skills: [], availableTimes: ['周末'] });
    await reviewReportIn(admin, userId, { decision: 'confirm' });
    await claimPost(confirmed, '政策法律宣传员');
    await releasePost(admin, 'cm-xingfu', userId, '政策法律宣传员');
    const messages = await inbox(member);
    expect(messages.map((m) => m.kind)).toEqual(['post_released', 'report_in_confirmed', 'membership_confirmed']);
    expect(messages[0].body).toContain('政策法律宣传员');

    const other = principal();
    await stored(other);
    await apply(other, { communityId: 'cm-xingfu', name: '张三', branch: '支部', phone: '13711117777' });
    await reviewMember(admin, other.userId, { decision: 'reject', note: '未查到组织关系' });
    expect(await inbox(other)).toMatchObject([{ kind: 'membership_rejected', body: expect.stringContaining('未查到组织关系') }]);
  });
});

describe('inbox: crowdfunding', () => {
  const run = Date.now().toString(36);
  const organiser = principal({}, '发起人');
  async function openCrowdfund(deadlineInHours: number, target: number) {
    const created = await cf.createCrowdfund(
      {
        communityId: 'cm-xingfu',
        estates: [],
        buildingIds: [],
        title: `消息测试众筹 ${run}`,
        story: '用于检查众筹结果通知每位支持者一次。',
        photos: [],
        deadline: new Date(Date.now() + deadlineInHours * 3600_000).toISOString(),
        lines: [{ kind: 'money', title: '资金', required: true, target }],
      },
      organiser,
    );
    await cf.submitCrowdfund(created.id, organiser);
    return cf.approveCrowdfund(created.id, undefined, admin);
  }
  const pledge = (id: string, p: Principal, amount: number, token: string) => cf.createPledge(id, { lineId: 'ln-1', amount, anonymous: false, clientToken: `${token}-${run}` }, p);

  it('a confirmed pledge tells its backer; funded tells every backer once (two pledges, two closer runs at once); completed, in batches', async () => {
    const alice = principal({}, '阿丽');
    const bob = principal({}, '阿波');
    const carol = principal({}, '阿卡');
    const c = await openCrowdfund(1, 30_000);
    const withdrawn = await pledge(c.id, carol, 5_000, 'c1');
    await cf.withdrawPledge(withdrawn.pledge.id, carol);
    const a1 = await pledge(c.id, alice, 10_000, 'a1');
    await pledge(c.id, alice, 10_000, 'a2');
    await pledge(c.id, bob, 10_000, 'b1');

    await cf.fulfilPledge(a1.pledge.id, { method: 'cash' }, admin);
    expect(await inbox(alice)).toMatchObject([{ kind: 'pledge_confirmed', body: expect.stringContaining('100.00 元') }]);

    const after = new Date(Date.now() + 2 * 3600_000);
    const [r1, r2] = await Promise.all([cf.closeDueCrowdfunds(after, 'run-a'), cf.closeDueCrowdfunds(after, 'run-b')]);
    expect([...r1.closed, ...r2.closed].filter((x) => x.id === c.id)).toEqual([{ id: c.id, outcome: 'funded' }]);
    await cf.closeDueCrowdfunds(after, 'run-c');
    expect((await kinds(alice)).filter((k) => k === 'crowdfund_funded')).toHaveLength(1);
    expect(await kinds(bob)).toEqual(['crowdfund_funded']);
    expect(await kinds(carol)).toEqual([]);

    // Completed: the fan-out walks the pledges a page at a time and keeps its bookmark.
    await cf.startCrowdfund(c.id, admin);
    await cf.completeCrowdfund(c.id, '项目已完工，账目已公开。', admin);
    const key = `CROWDFUND#${c.id}#completed`;
    expect((await pendingFanouts()).some((f) => f.key === key)).toBe(true);
    for (let i = 0; i < 6 && (await pendingFanouts()).some((f) => f.key === key); i++) await notifyBackers(Date.now() + 60_000, 1);
    expect((await pendingFanouts()).some((f) => f.key === key)).toBe(false);
    expect((await kinds(alice)).filter((k) => k === 'crowdfund_completed')).toHaveLength(1);
    expect((await kinds(bob)).filter((k) => k === 'crowdfund_completed')).toHaveLength(1);
    expect(await kinds(carol)).toEqual([]);
  });

  it('failed tells the backers whose pledges the closer releases (released pledges leave the backer index)', async () => {
    const dan = principal({}, '阿丹');
    const c = await openCrowdfund(1, 1_000_000);
    await pledge(c.id, dan, 10_000, 'd1');
    await cf.closeDueCrowdfunds(new Date(Date.now() + 2 * 3600_000));
    expect(await inbox(dan)).toMatchObject([{ kind: 'crowdfund_failed', link: `/packages/crowdfund/pages/detail/index?id=${c.id}` }]);
  });
});
