import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { rawClient } from '../../scripts/local/table';
import { call, devLogin } from '../support/http';
import { stackEnv } from '../support/env';
import { nthWeekdayAfterToday, openWeekdayAfterToday } from '../support/dates';
import { DEMO_CODES } from '../../functions/src/demo/data';

// The reading room books without approval (30 min notice, 7 days ahead, 2 h max, 5 a week);
// the hall needs approval (2 h notice, 14 days ahead). Both open 14:00–21:00 on weekdays.
const READING = 'rm-centre-reading';
const HALL = 'rm-centre-hall';
const DAY = nthWeekdayAfterToday(2);
/** The reading room's own code: what its door poster carries. */
const READING_CODE = DEMO_CODES.find((c) => c.kind === 'room' && c.targetId === READING)!.token;
const uniq = () => `api-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const body = (over: Record<string, unknown> = {}) => ({ roomId: READING, date: DAY, start: '14:00', end: '15:00', purpose: '居民读书会', attendees: 6, ...over });

const doc = () => DynamoDBDocumentClient.from(rawClient(stackEnv.dynamoEndpoint));
async function locks(roomId: string, date: string, start?: string) {
  const res = await doc().send(
    new QueryCommand({
      TableName: stackEnv.tableName,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':p': `ROOM#${roomId}`, ':s': `SLOT#${date}#${start ?? ''}` },
      ConsistentRead: true,
    }),
  );
  return res.Items ?? [];
}

describe('stations and rooms (public)', () => {
  it('lists stations by community or near a location (nearest first), never the whole city at once', async () => {
    const all = await call('GET', '/stations');
    expect(all.status).toBe(400);
    expect(all.body.error.fields).toContainEqual({ path: 'communityId', message: '请选择社区，或允许获取位置查看附近的驿站' });
    const near = await call('GET', '/stations?lat=22.7581&lng=113.9377');
    expect(near.body.items.map((s: any) => s.id).sort()).toEqual(['sn-hexie-school', 'sn-xingfu-centre', 'sn-xingfu-estate']);
    expect(near.body.items[0]).toMatchObject({ id: 'sn-xingfu-estate', distance: 0 });
    expect(near.body.items[1].distance).toBeGreaterThan(0);
    const first = await call('GET', '/stations?lat=22.7581&lng=113.9377&limit=2');
    expect(first.body.items.map((s: any) => s.id)).toEqual(near.body.items.slice(0, 2).map((s: any) => s.id));
    const rest = await call('GET', `/stations?lat=22.7581&lng=113.9377&limit=2&cursor=${first.body.nextCursor}`);
    expect([rest.body.items.map((s: any) => s.id), rest.body.nextCursor]).toEqual([[near.body.items[2].id], undefined]);
    const farAway = await call('GET', '/stations?lat=39.9042&lng=116.4074');
    expect(farAway.body.items).toEqual([]);
    expect((await call('GET', '/stations?lat=22.7581')).status).toBe(400);
    const xingfu = await call('GET', '/stations?communityId=cm-hexie');
    expect(xingfu.body.items.map((s: any) => s.name)).toEqual(['和谐路小学（共享场地）']);
  });

  it('shows a station, its rooms with rules and hours, and never the check-in code', async () => {
    const station = await call('GET', '/stations/sn-xingfu-centre');
    expect(station.body).toMatchObject({ name: '幸福社区党群服务中心', communityName: '幸福社区', kind: 'centre' });
    const rooms = await call('GET', '/stations/sn-xingfu-centre/rooms');
    expect(rooms.body.items).toHaveLength(3);
    expect(JSON.stringify(rooms.body)).not.toContain('READ-4702');
    const room = await call('GET', `/rooms/${READING}`);
    expect(room.body).toMatchObject({ name: '阅览室', requiresApproval: false, rules: { maxMinutes: 120 }, stationName: '幸福社区党群服务中心' });
    expect(room.body).not.toHaveProperty('checkInCode');
  });

  it('answers 404 in Chinese for an unknown station or room', async () => {
    expect((await call('GET', '/stations/nope')).body.error).toEqual({ code: 'NOT_FOUND', message: '未找到该驿站' });
    expect((await call('GET', '/rooms/nope/availability?date=2030-01-01')).status).toBe(404);
  });

  it('gives the day’s slots with their states', async () => {
    const res = await call('GET', `/rooms/${READING}/availability?date=${DAY}`);
    expect(res.status).toBe(200);
    expect(res.body.slots[0]).toEqual({ start: '08:30', end: '09:00', state: 'free' });
    expect(res.body.slots.find((s: any) => s.start === '12:30').state).toBe('closed');
    const bad = await call('GET', `/rooms/${READING}/availability?date=2026-13-45`);
    expect([bad.status, bad.body.error.fields[0].path]).toEqual([400, 'date']);
  });
});

describe('booking over HTTP', () => {
  it('a hundred simultaneous requests for one slot: exactly one 201, the rest 409 SLOT_TAKEN, no stray locks', async () => {
    const tokens = await Promise.all(Array.from({ length: 100 }, () => devLogin(uniq())));
    const results = await Promise.all(tokens.map((token) => call('POST', '/bookings', { token, body: body({ start: '20:00', end: '21:00' }) })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(99);
    expect(new Set(results.filter((r) => r.status === 409).map((r) => r.body.error.code))).toEqual(new Set(['SLOT_TAKEN']));
    const winner = results.find((r) => r.status === 201)!.body;
    const held = await locks(READING, DAY, '20');
    expect(held.map((l) => [l.start, l.bookingId])).toEqual([
      ['20:00', winner.id],
      ['20:30', winner.id],
    ]);
  }, 120_000);

  it('refuses broken rules with 422 and a Chinese reason', async () => {
    const token = await devLogin(uniq());
    const tooLong = await call('POST', '/bookings', { token, body: body({ start: '14:00', end: '16:30' }) });
    expect([tooLong.status, tooLong.body.error.code, tooLong.body.error.message]).toEqual([422, 'TOO_LONG', '该房间单次最长可预约 2 小时']);
    const crowd = await call('POST', '/bookings', { token, body: body({ attendees: 50 }) });
    expect([crowd.status, crowd.body.error.code]).toEqual([422, 'OVER_CAPACITY']);
    const lunch = await call('POST', '/bookings', { token, body: body({ start: '12:00', end: '12:30' }) });
    expect(lunch.body.error.code).toBe('CLOSED');
    const far = await call('POST', '/bookings', { token, body: body({ date: '2099-01-05' }) });
    expect(far.body.error.code).toBe('TOO_FAR');
  });

  it('refuses malformed input with 400 and the field path, never 500', async () => {
    const token = await devLogin(uniq());
    const res = await call('POST', '/bookings', { token, body: { roomId: READING, date: DAY, start: '14:15', end: '14:00', attendees: 'many' } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: any) => f.path).sort()).toEqual(['attendees', 'purpose', 'start']);
    expect(res.body.error.fields.find((f: any) => f.path === 'start').message).toBe('时间须为整点或半点，如 09:00、14:30');
    const phone = await call('POST', '/bookings', { token, body: body({ contactPhone: '12345' }) });
    expect(phone.body.error.fields).toEqual([{ path: 'contactPhone', message: '请填写正确的 11 位手机号' }]);
    expect((await call('POST', '/bookings', { body: body() })).status).toBe(401);
  });

  it('a resident books the hall, staff approve, the resident sees it approved; others get 403', async () => {
    const resident = await devLogin('demo-resident');
    const staff = await devLogin('demo-staff');
    const member = await devLogin('demo-member');
    const day = nthWeekdayAfterToday(3);
    const made = await call('POST', '/bookings', { token: resident, body: body({ roomId: HALL, date: day, start: '19:00', end: '20:00', contactPhone: '13800138000' }) });
    expect([made.status, made.body.status]).toEqual([201, 'pending']);
    const id = made.body.id;

    expect((await call('GET', `/bookings/${id}`, { token: member })).status).toBe(403);
    expect((await call('POST', `/bookings/${id}/approve`, { token: member })).status).toBe(403);
    expect((await call('POST', `/bookings/${id}/approve`, { token: resident })).status).toBe(403);

    const queue = await call('GET', '/stations/sn-xingfu-centre/bookings?status=pending', { token: staff });
    expect(queue.body.items.map((b: any) => b.id)).toContain(id);
    expect((await call('GET', '/stations/sn-xingfu-centre/bookings', { token: member })).status).toBe(403);
    expect((await call('GET', '/stations/sn-hexie-school/bookings', { token: staff })).status).toBe(403);

    const approved = await call('POST', `/bookings/${id}/approve`, { token: staff });
    expect([approved.status, approved.body.status, approved.body.history.at(-1).byName]).toEqual([200, 'approved', '张丽']);
    const again = await call('POST', `/bookings/${id}/approve`, { token: staff });
    expect([again.status, again.body.error.code]).toEqual([409, 'STATUS_CHANGED']);

    const mine = await call('GET', '/bookings/mine', { token: resident });
    expect(mine.body.items.find((b: any) => b.id === id)).toMatchObject({ status: 'approved', roomName: '多功能会议室', contactPhone: '13800138000' });
    const others = await call('GET', '/bookings/mine', { token: member });
    expect(others.body.items.map((b: any) => b.id)).not.toContain(id);
  });

  it('staff reject with a reason (required), which frees the slot at once', async () => {
    const resident = await devLogin(uniq());
    const staff = await devLogin('demo-staff');
    const day = nthWeekdayAfterToday(4);
    const made = await call('POST', '/bookings', { token: resident, body: body({ roomId: HALL, date: day, start: '15:00', end: '16:00' }) });
    const noReason = await call('POST', `/bookings/${made.body.id}/reject`, { token: staff, body: {} });
    expect([noReason.status, noReason.body.error.fields[0].path]).toEqual([400, 'reason']);
    const rejected = await call('POST', `/bookings/${made.body.id}/reject`, { token: staff, body: { reason: '当天场地维修' } });
    expect(rejected.body).toMatchObject({ status: 'rejected', history: expect.arrayContaining([expect.objectContaining({ reason: '当天场地维修' })]) });
    const slots = await call('GET', `/rooms/${HALL}/availability?date=${day}`);
    expect(slots.body.slots.find((s: any) => s.start === '15:00').state).toBe('free');
  });

  it('the owner cancels; the slot is free again and the booking shows who cancelled', async () => {
    const token = await devLogin(uniq());
    const made = await call('POST', '/bookings', { token, body: body({ start: '17:00', end: '18:00' }) });
    expect(made.body.status).toBe('approved');
    const cancelled = await call('POST', `/bookings/${made.body.id}/cancel`, { token, body: { reason: '计划有变' } });
    expect(cancelled.body.status).toBe('cancelled');
    expect(await locks(READING, DAY, '17')).toHaveLength(0);
  });

  it('check-in before the window and a rating before the end are refused with reasons', async () => {
    const token = await devLogin(uniq());
    const made = await call('POST', '/bookings', { token, body: body({ start: '18:00', end: '18:30' }) });
    const early = await call('POST', `/bookings/${made.body.id}/check-in`, { token, body: { code: READING_CODE } });
    expect(early.status).toBe(422);
    expect(early.body.error.message).toMatch(/^\d+月\d+日 17:45 起可签到（开始前 15 分钟）$/);
    const rating = await call('POST', `/bookings/${made.body.id}/rating`, { token, body: { stars: 6 } });
    expect([rating.status, rating.body.error.fields[0].path]).toEqual([400, 'stars']);
    const tooEarly = await call('POST', `/bookings/${made.body.id}/rating`, { token, body: { stars: 5 } });
    expect(tooEarly.body.error.code).toBe('NOT_RATEABLE');
  });
});

describe('room settings (staff)', () => {
  it('staff add and remove a blackout; residents cannot', async () => {
    const staff = await devLogin('demo-staff');
    const resident = await devLogin('demo-resident');
    // A day without a blackout yet: the room's 主题党日 (the first of next month) closes it all day.
    const day = openWeekdayAfterToday(5, (await call('GET', '/rooms/rm-centre-party')).body.blackouts);
    const bad = await call('POST', '/rooms/rm-centre-party/blackouts', { token: staff, body: { start: `${day}T10:00`, end: `${day}T09:00`, reason: '维修' } });
    expect([bad.status, bad.body.error.fields[0].path]).toEqual([400, 'end']);
    expect((await call('POST', '/rooms/rm-centre-party/blackouts', { token: resident, body: { start: `${day}T14:00`, end: `${day}T16:00`, reason: '维修' } })).status).toBe(403);
    const added = await call('POST', '/rooms/rm-centre-party/blackouts', { token: staff, body: { start: `${day}T14:00`, end: `${day}T16:00`, reason: '空调维修' } });
    expect(added.status).toBe(201);
    const blackout = added.body.blackouts.find((b: any) => b.reason === '空调维修');
    const slots = await call('GET', `/rooms/rm-centre-party/availability?date=${day}`);
    expect(slots.body.slots.filter((s: any) => s.state === 'closed' && s.start >= '14:00' && s.start < '16:00')).toHaveLength(4);
    const removed = await call('DELETE', `/rooms/rm-centre-party/blackouts/${blackout.id}`, { token: staff });
    expect(removed.body.blackouts.map((b: any) => b.id)).not.toContain(blackout.id);
  });

  it('staff change room rules and opening hours of their station only', async () => {
    const staff = await devLogin('demo-staff');
    const updated = await call('PUT', '/rooms/rm-centre-reading', { token: staff, body: { facilities: ['图书角', '无线网络', '饮水机', '空调'] } });
    expect(updated.body.facilities).toContain('空调');
    expect((await call('PUT', '/rooms/rm-estate-meeting', { token: staff, body: { capacity: 20 } })).status).toBe(403);
    const invalid = await call('PUT', '/rooms/rm-centre-reading', { token: staff, body: { rules: { maxMinutes: 45 } } });
    expect([invalid.status, invalid.body.error.fields[0].path]).toEqual([400, 'rules.maxMinutes']);
    const hours = (await call('GET', '/stations/sn-xingfu-centre')).body.openingHours;
    const saved = await call('PUT', '/stations/sn-xingfu-centre/opening-hours', { token: staff, body: { openingHours: hours } });
    expect(saved.status).toBe(200);
    expect((await call('PUT', '/stations/sn-hexie-school/opening-hours', { token: staff, body: { openingHours: hours } })).status).toBe(403);
  });
});
