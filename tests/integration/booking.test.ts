import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { approve, availability, cancel, createBooking, rate, reject, sweepNoShows } from '../../functions/src/booking/domain';
import { checkIn, myRoomBookingsToday, staffCheckIn } from '../../functions/src/booking/check-in';
import { resolveCode } from '../../functions/src/codes/domain';
import { DEMO_CODES } from '../../functions/src/demo/data';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import { useStackTable } from '../support/ddb';
import { principal } from '../support/principals';

beforeAll(useStackTable);

// Monday 2027-03-01, 10:00 Asia/Shanghai: far from the dates the API tests use.
const NOW = new Date('2027-03-01T02:00:00Z');
const at = (date: string, hhmm: string, plusMinutes = 0) => new Date(Date.parse(`${date}T${hhmm}:00+08:00`) + plusMinutes * 60_000);
const staff = () => principal({ staffStationIds: ['sn-xingfu-centre'] }, '张丽');
const otherStaff = () => principal({ staffStationIds: ['sn-xingfu-estate'] }, '别的驿站');
const HALL = 'rm-centre-hall'; // needs approval, quota 3/week, 2 h notice, 14 days ahead
const READING = 'rm-centre-reading'; // no approval, quota 5/week
/** The rooms' own codes: what their door posters carry. */
const roomCode = (roomId: string) => DEMO_CODES.find((c) => c.kind === 'room' && c.targetId === roomId)!.token;
const READING_CODE = roomCode(READING);

const locksOf = async (roomId: string, date: string) =>
  (
    await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :d)',
        ExpressionAttributeValues: { ':p': `ROOM#${roomId}`, ':d': `SLOT#${date}#` },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];

const book = (p = principal(), over: Partial<{ roomId: string; date: string; start: string; end: string }> = {}, now = NOW) =>
  createBooking(p, { roomId: HALL, date: '2027-03-02', start: '14:00', end: '15:00', purpose: '楼栋议事会', attendees: 10, ...over }, now);

describe('booking and its slot locks on DynamoDB Local', () => {
  it('holds one lock per slot, and refuses an overlapping booking with SLOT_TAKEN leaving no stray lock', async () => {
    const b = await book(principal(), { date: '2027-03-02', start: '14:00', end: '15:30' });
    expect(b.status).toBe('pending');
    expect((await locksOf(HALL, '2027-03-02')).filter((l) => l.bookingId === b.id).map((l) => l.start)).toEqual(['14:00', '14:30', '15:00']);
    await expect(book(principal(), { date: '2027-03-02', start: '15:00', end: '16:00' })).rejects.toMatchObject({ status: 409, code: 'SLOT_TAKEN' });
    expect((await locksOf(HALL, '2027-03-02')).map((l) => l.start)).toEqual(['14:00', '14:30', '15:00']);
    const slots = (await availability(HALL, '2027-03-02', undefined, NOW)).slots;
    expect(slots.filter((s) => s.state === 'taken').map((s) => s.start)).toEqual(['14:00', '14:30', '15:00']);
  });

  it('a room that needs no approval is approved at once', async () => {
    const b = await book(principal(), { roomId: READING, date: '2027-03-02', start: '16:00', end: '17:00' });
    expect(b.status).toBe('approved');
  });

  it('rejecting releases the slots and the weekly quota in the same change', async () => {
    const owner = principal();
    const b = await book(owner, { date: '2027-03-03', start: '14:00', end: '15:00' });
    const rejected = await reject(staff(), b.id, '当天有社区活动', NOW);
    expect(rejected.status).toBe('rejected');
    expect(rejected.history.at(-1)).toMatchObject({ status: 'rejected', byName: '张丽', reason: '当天有社区活动' });
    expect(await locksOf(HALL, '2027-03-03')).toHaveLength(0);
    const quota = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.bookingQuota(owner.userId, HALL, '2027-W09') }));
    expect(quota.Item?.count).toBe(0);
    await expect(book(principal(), { date: '2027-03-03', start: '14:00', end: '15:00' })).resolves.toMatchObject({ status: 'pending' });
  });

  it('two staff approving and rejecting at once leave one consistent outcome', async () => {
    for (let i = 0; i < 5; i++) {
      const b = await book(principal(), { date: '2027-03-04', start: `${14 + i}:00`, end: `${14 + i}:30` });
      const results = await Promise.allSettled([approve(staff(), b.id, NOW), reject(staff(), b.id, '场地冲突', NOW)]);
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(lost.reason).toMatchObject({ status: 409 });
      const final = (won[0] as PromiseFulfilledResult<{ status: string }>).value.status;
      const held = (await locksOf(HALL, '2027-03-04')).filter((l) => l.bookingId === b.id);
      expect(held).toHaveLength(final === 'approved' ? 1 : 0);
    }
  });

  it('only staff of the room’s station may approve, and only the owner or staff may cancel', async () => {
    const owner = principal();
    const b = await book(owner, { date: '2027-03-05', start: '14:00', end: '15:00' });
    await expect(approve(otherStaff(), b.id, NOW)).rejects.toMatchObject({ status: 403 });
    await expect(approve(owner, b.id, NOW)).rejects.toMatchObject({ status: 403 });
    await expect(cancel(principal(), b.id, undefined, NOW)).rejects.toMatchObject({ status: 403 });
    await expect(approve(principal({ adminCommunityIds: ['cm-xingfu'] }), b.id, NOW)).resolves.toMatchObject({ status: 'approved' });
    await expect(cancel(owner, b.id, '临时有事', NOW)).resolves.toMatchObject({ status: 'cancelled' });
    await expect(approve(staff(), b.id, NOW)).rejects.toMatchObject({ status: 409 });
  });

  it('enforces the weekly quota inside the transaction, and gives it back on cancel', async () => {
    const owner = principal();
    const dates = ['2027-03-08', '2027-03-09', '2027-03-10'];
    const made = [];
    for (const date of dates) made.push(await book(owner, { date, start: '19:00', end: '19:30' }, at('2027-03-08', '08:00')));
    await expect(book(owner, { date: '2027-03-11', start: '19:00', end: '19:30' }, at('2027-03-08', '08:00'))).rejects.toMatchObject({
      status: 422,
      code: 'OVER_QUOTA',
      message: '该房间每人每周最多预约 3 次，本周次数已用完',
    });
    await cancel(owner, made[0].id, undefined, at('2027-03-08', '08:00'));
    await expect(book(owner, { date: '2027-03-11', start: '19:00', end: '19:30' }, at('2027-03-08', '08:00'))).resolves.toBeDefined();
  });

  it('check-in works only with the room’s own poster code inside the window, and checked-in slots stay held', async () => {
    const owner = principal();
    const b = await book(owner, { roomId: READING, date: '2027-03-02', start: '18:00', end: '19:00' });
    const early = await checkIn(owner, b.id, READING_CODE, at('2027-03-02', '17:40')).catch((e) => e);
    expect(early).toMatchObject({ code: 'CHECK_IN_TOO_EARLY', message: '3月2日 17:45 起可签到（开始前 15 分钟）' });
    await expect(checkIn(owner, b.id, 'WRONG', at('2027-03-02', '17:50'))).rejects.toMatchObject({ code: 'WRONG_CODE', status: 422 });
    await expect(checkIn(owner, b.id, roomCode(HALL), at('2027-03-02', '17:50'))).rejects.toMatchObject({ code: 'WRONG_CODE', status: 422 });
    await expect(checkIn(principal(), b.id, READING_CODE, at('2027-03-02', '17:50'))).rejects.toMatchObject({ status: 403 });
    expect((await myRoomBookingsToday(owner, READING, at('2027-03-02', '17:50'))).map((x) => x.id)).toEqual([b.id]);
    expect(await myRoomBookingsToday(principal(), READING, at('2027-03-02', '17:50'))).toEqual([]);
    const done = await checkIn(owner, b.id, READING_CODE, at('2027-03-02', '17:50'));
    expect(done.history.at(-1)).toMatchObject({ status: 'checked_in', byUserId: owner.userId });
    expect(done.status).toBe('checked_in');
    const later = await availability(READING, '2027-03-02', undefined, at('2027-03-02', '18:20'));
    expect(later.slots.find((s) => s.start === '18:30')?.state).toBe('taken');
  });

  it('accepts the short code printed under the door poster’s QR, typed as a person would', async () => {
    const owner = principal();
    const b = await book(owner, { roomId: READING, date: '2027-03-05', start: '15:00', end: '15:30' });
    const { shortCode } = await resolveCode(READING_CODE);
    expect(shortCode).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    const typed = `${shortCode!.slice(0, 4).toLowerCase()}-${shortCode!.slice(4)}`;
    const done = await checkIn(owner, b.id, typed, at('2027-03-05', '14:50'));
    expect(done.status).toBe('checked_in');
  });

  it('refuses check-in after the window closes', async () => {
    const owner = principal();
    const b = await book(owner, { roomId: READING, date: '2027-03-03', start: '18:00', end: '18:30' });
    await expect(checkIn(owner, b.id, READING_CODE, at('2027-03-03', '18:16'))).rejects.toMatchObject({ code: 'CHECK_IN_CLOSED' });
  });

  it('station staff check a person in (签到核销) inside the window; other stations’ staff and residents cannot', async () => {
    const owner = principal();
    const b = await book(owner, { roomId: READING, date: '2027-03-03', start: '19:00', end: '19:30' });
    await expect(staffCheckIn(staff(), b.id, at('2027-03-03', '18:40'))).rejects.toMatchObject({ code: 'CHECK_IN_TOO_EARLY' });
    await expect(staffCheckIn(otherStaff(), b.id, at('2027-03-03', '18:50'))).rejects.toMatchObject({ status: 403 });
    await expect(staffCheckIn(owner, b.id, at('2027-03-03', '18:50'))).rejects.toMatchObject({ status: 403 });
    const done = await staffCheckIn(staff(), b.id, at('2027-03-03', '18:50'));
    expect(done.status).toBe('checked_in');
    expect(done.history.at(-1)).toMatchObject({ status: 'checked_in', byName: '张丽', reason: '工作人员核销签到' });
    await expect(staffCheckIn(staff(), b.id, at('2027-03-03', '18:55'))).rejects.toMatchObject({ status: 409 });
  });

  it('availability tells the caller their own slots, the notice period and a used-up quota, with reasons', async () => {
    const owner = principal();
    const now = at('2027-03-15', '10:00'); // Monday
    const mine = await book(owner, { roomId: HALL, date: '2027-03-16', start: '09:00', end: '10:00' }, now);
    const forOwner = await availability(HALL, '2027-03-16', owner, now);
    expect(forOwner.slots.find((s) => s.start === '09:00')).toMatchObject({ state: 'mine', reason: '我的预约' });
    expect((await availability(HALL, '2027-03-16', principal(), now)).slots.find((s) => s.start === '09:00')?.state).toBe('taken');
    expect((await availability(HALL, '2027-03-16', undefined, now)).slots.find((s) => s.start === '09:00')?.state).toBe('taken');
    // The hall needs 2 hours' notice: today's 11:00 is too soon, 14:00 is fine.
    const today = await availability(HALL, '2027-03-15', owner, now);
    expect(today.slots.find((s) => s.start === '11:00')).toMatchObject({ state: 'notice', reason: '需提前 2 小时预约' });
    expect(today.slots.find((s) => s.start === '14:00')?.state).toBe('free');
    expect(today.slots.find((s) => s.start === '12:00')).toMatchObject({ state: 'closed', reason: '不在开放时间' });
    await book(owner, { roomId: HALL, date: '2027-03-17', start: '09:00', end: '09:30' }, now);
    await book(owner, { roomId: HALL, date: '2027-03-18', start: '09:00', end: '09:30' }, now);
    const full = await availability(HALL, '2027-03-19', owner, now);
    expect(full.slots.find((s) => s.start === '14:00')).toMatchObject({ state: 'quota', reason: '本周已约满 3 次' });
    expect((await availability(HALL, '2027-03-19', principal(), now)).slots.find((s) => s.start === '14:00')?.state).toBe('free');
    expect((await availability(HALL, '2027-03-22', owner, now)).slots.find((s) => s.start === '14:00')?.state).toBe('free');
    expect(mine.history[0]).toMatchObject({ status: 'pending', byUserId: owner.userId });
  });

  it('an auto-approved booking’s history names 系统; a closed day carries its reason', async () => {
    const b = await book(principal(), { roomId: READING, date: '2027-03-05', start: '10:00', end: '10:30' });
    expect(b.history).toEqual([expect.objectContaining({ status: 'approved', byUserId: 'system', byName: '系统' })]);
    const sunday = await availability(HALL, '2027-03-07', undefined, NOW);
    expect(sunday.closedReason).toBe('周日休息');
    expect(sunday.slots.every((s) => s.state === 'closed' && s.reason === '周日休息')).toBe(true);
  });

  it('an unchecked booking stops holding its slots after the deadline: reads free them and a new booking may take them', async () => {
    const b = await book(principal(), { roomId: READING, date: '2027-03-04', start: '18:00', end: '20:00' });
    const after = at('2027-03-04', '18:20');
    const slots = await availability(READING, '2027-03-04', undefined, after);
    expect(slots.slots.find((s) => s.start === '19:00')?.state).toBe('free');
    const late = await createBooking(
      principal(),
      { roomId: READING, date: '2027-03-04', start: '19:00', end: '20:00', purpose: '临时借用', attendees: 3 },
      at('2027-03-04', '18:25'),
    );
    expect(late.status).toBe('approved');
    // The sweeper then closes the first as a no-show without touching the new booking's locks.
    await sweepNoShows(at('2027-03-04', '18:30'));
    const held = (await locksOf(READING, '2027-03-04')).map((l) => [l.start, l.bookingId === late.id]);
    expect(held).toEqual(expect.arrayContaining([['19:00', true], ['19:30', true]]));
    expect(held.filter(([, mine]) => !mine)).toEqual([]);
    void b;
  });

  it('the sweeper marks no-shows once, frees their slots, cancels unapproved ones, and is safe to run twice', async () => {
    const owner = principal();
    const approvedOne = await book(owner, { roomId: READING, date: '2027-03-05', start: '18:00', end: '19:00' });
    const pendingOne = await book(principal(), { date: '2027-03-05', start: '18:00', end: '18:30' });
    const when = at('2027-03-05', '18:16');
    const first = await sweepNoShows(when);
    expect(first.noShows).toBeGreaterThanOrEqual(1);
    expect(first.expired).toBeGreaterThanOrEqual(1);
    const second = await sweepNoShows(when);
    expect(second).toEqual({ noShows: 0, expired: 0, failed: 0 });
    const { getBooking } = await import('../../functions/src/booking/storage');
    expect((await getBooking(approvedOne.id))?.status).toBe('no_show');
    expect((await getBooking(approvedOne.id))?.history.at(-1)).toMatchObject({ byName: '系统', reason: '开始后 15 分钟内未签到' });
    expect((await getBooking(pendingOne.id))?.status).toBe('cancelled');
    expect((await locksOf(READING, '2027-03-05')).filter((l) => l.bookingId === approvedOne.id)).toHaveLength(0);
  });

  it('three no-shows in 30 days block new bookings for 14 days, with the reason', async () => {
    const owner = principal();
    for (const [date, start] of [['2027-03-09', '18:00'], ['2027-03-10', '18:00'], ['2027-03-11', '18:00']]) {
      await book(owner, { roomId: READING, date, start, end: `${Number(start.slice(0, 2))}:30` }, at('2027-03-08', '09:00'));
      await sweepNoShows(at(date, start, 20));
    }
    const e = await book(owner, { roomId: READING, date: '2027-03-16', start: '14:00', end: '14:30' }, at('2027-03-12', '09:00')).catch((err) => err);
    expect(e).toMatchObject({ status: 422, code: 'BLOCKED_NO_SHOW' });
    expect(e.message).toMatch(/^30 天内 3 次预约未签到，3月25日 \d\d:\d\d 前暂停预约$/);
    await expect(book(owner, { roomId: READING, date: '2027-03-29', start: '14:00', end: '14:30' }, at('2027-03-26', '09:00'))).resolves.toBeDefined();
  });

  it('takes one rating, by the owner, after the end of a used booking', async () => {
    const owner = principal();
    const b = await book(owner, { roomId: READING, date: '2027-03-02', start: '20:00', end: '20:30' });
    await checkIn(owner, b.id, READING_CODE, at('2027-03-02', '19:55'));
    await expect(rate(owner, b.id, 5, '很干净', at('2027-03-02', '20:10'))).rejects.toMatchObject({ code: 'NOT_ENDED' });
    await expect(rate(principal(), b.id, 5, undefined, at('2027-03-02', '21:00'))).rejects.toMatchObject({ status: 403 });
    const results = await Promise.allSettled([rate(owner, b.id, 5, '很干净', at('2027-03-02', '21:00')), rate(owner, b.id, 4, undefined, at('2027-03-02', '21:00'))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'ALREADY_RATED' });
  });
});
