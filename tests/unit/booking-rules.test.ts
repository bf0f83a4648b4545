import {
  canTransition,
  checkBookingRules,
  checkInWindow,
  dayClosedReason,
  daySlots,
  instant,
  isoWeek,
  lockIsLive,
  slotStarts,
} from '../../functions/src/booking/rules';
import type { OpeningHours } from '../../functions/src/venues/model';

const weekday = [{ open: '08:30', close: '12:00' }, { open: '14:00', close: '21:00' }];
const HOURS: OpeningHours = { '0': [], '1': weekday, '2': weekday, '3': weekday, '4': weekday, '5': weekday, '6': [{ open: '09:00', close: '17:00' }] };
const room = {
  capacity: 12,
  rules: { slotMinutes: 30 as const, minNoticeMinutes: 120, maxDaysAhead: 7, maxMinutes: 120, weeklyQuota: 2 },
  blackouts: [{ id: 'b1', start: '2026-12-01T00:00', end: '2026-12-01T24:00', reason: '主题党日活动' }],
};
// Monday 2026-11-23, 10:00 in Shanghai.
const NOW = new Date('2026-11-23T02:00:00Z');
const req = (over: Partial<{ date: string; start: string; end: string; attendees: number }>) => ({ date: '2026-11-24', start: '14:00', end: '15:00', attendees: 5, ...over });
const broken = (fn: () => void) => {
  try {
    fn();
  } catch (e) {
    return (e as { code: string; status: number; message: string });
  }
  throw new Error('expected a broken rule');
};

describe('booking rules', () => {
  it('accepts a booking that meets every rule', () => {
    expect(() => checkBookingRules(req({}), room, HOURS, NOW)).not.toThrow();
  });

  it('refuses a booking that starts in less than the room’s minimum notice', () => {
    const e = broken(() => checkBookingRules(req({ date: '2026-11-23', start: '11:00', end: '11:30' }), room, HOURS, NOW));
    expect([e.status, e.code, e.message]).toEqual([422, 'TOO_SOON', '该房间需至少提前 2 小时预约']);
  });

  it('refuses a slot that has already started', () => {
    expect(broken(() => checkBookingRules(req({ date: '2026-11-23', start: '09:30', end: '10:30' }), room, HOURS, NOW)).code).toBe('PAST');
  });

  it('refuses a date beyond the room’s maximum days ahead, and accepts the last allowed day', () => {
    expect(broken(() => checkBookingRules(req({ date: '2026-12-01' }), { ...room, blackouts: [] }, HOURS, NOW)).message).toBe('该房间最多可提前 7 天预约');
    expect(() => checkBookingRules(req({ date: '2026-11-30' }), room, HOURS, NOW)).not.toThrow();
  });

  it('refuses a booking longer than the room’s maximum length', () => {
    expect(broken(() => checkBookingRules(req({ start: '14:00', end: '16:30' }), room, HOURS, NOW)).code).toBe('TOO_LONG');
  });

  it('refuses times outside opening hours, including the lunch break and closed Sundays', () => {
    expect(broken(() => checkBookingRules(req({ start: '11:30', end: '12:30' }), room, HOURS, NOW)).code).toBe('CLOSED');
    expect(broken(() => checkBookingRules(req({ start: '20:30', end: '21:30' }), room, HOURS, NOW)).code).toBe('CLOSED');
    expect(broken(() => checkBookingRules(req({ date: '2026-11-29' }), room, HOURS, NOW)).code).toBe('CLOSED');
  });

  it('refuses a blackout and names its reason', () => {
    const e = broken(() => checkBookingRules(req({ date: '2026-12-01' }), { ...room, rules: { ...room.rules, maxDaysAhead: 14 } }, HOURS, NOW));
    expect([e.code, e.message]).toEqual(['BLACKOUT', '所选时段暂停开放：主题党日活动']);
  });

  it('refuses more attendees than the room holds', () => {
    const e = broken(() => checkBookingRules(req({ attendees: 13 }), room, HOURS, NOW));
    expect([e.code, e.message]).toEqual(['OVER_CAPACITY', '该房间最多容纳 12 人']);
  });
});

describe('the slot grid', () => {
  it('marks past, closed, blackout, taken and free slots of a day', () => {
    const slots = daySlots({ date: '2026-11-23', hours: HOURS, blackouts: [], heldStarts: new Set(['15:00']), now: NOW });
    const state = (start: string) => slots.find((s) => s.start === start)?.state;
    expect(slots[0]).toEqual({ start: '08:30', end: '09:00', state: 'past' });
    expect(slots.at(-1)).toEqual({ start: '20:30', end: '21:00', state: 'free' });
    expect([state('09:30'), state('10:00'), state('10:30'), state('12:30'), state('15:00'), state('14:30')]).toEqual(['past', 'past', 'free', 'closed', 'taken', 'free']);
  });

  it('shows a whole-day blackout as closed', () => {
    const slots = daySlots({ date: '2026-12-01', hours: HOURS, blackouts: room.blackouts, heldStarts: new Set(), now: NOW });
    expect(new Set(slots.map((s) => s.state))).toEqual(new Set(['closed']));
  });

  it('gives the reason of each slot that cannot be booked: blackout, day off, mine, notice, quota', () => {
    const at = (start: string, slots: ReturnType<typeof daySlots>) => slots.find((s) => s.start === start);
    const blackouts = [{ id: 'b2', start: '2026-11-24T09:00', end: '2026-11-24T10:00', reason: '设备维修' }];
    const tue = daySlots({ date: '2026-11-24', hours: HOURS, blackouts, heldStarts: new Set(['15:00', '16:00']), mineStarts: new Set(['16:00']), minNoticeMinutes: 120, now: NOW });
    expect(at('09:00', tue)).toEqual({ start: '09:00', end: '09:30', state: 'closed', reason: '设备维修' });
    expect(at('12:00', tue)).toMatchObject({ state: 'closed', reason: '不在开放时间' });
    expect(at('15:00', tue)).toEqual({ start: '15:00', end: '15:30', state: 'taken' });
    expect(at('16:00', tue)).toMatchObject({ state: 'mine', reason: '我的预约' });
    expect(at('17:00', tue)?.state).toBe('free');
    // NOW is Monday 2026-11-23 10:00: with 2 hours' notice, 11:30 is too soon and 14:00 is not.
    const mon = daySlots({ date: '2026-11-23', hours: HOURS, blackouts: [], heldStarts: new Set(), minNoticeMinutes: 120, now: NOW });
    expect(at('11:30', mon)).toMatchObject({ state: 'notice', reason: '需提前 2 小时预约' });
    expect(at('14:00', mon)?.state).toBe('free');
    const used = daySlots({ date: '2026-11-24', hours: HOURS, blackouts: [], heldStarts: new Set(), quotaUsedUp: { quota: 2 }, now: NOW });
    expect(at('17:00', used)).toMatchObject({ state: 'quota', reason: '本周已约满 2 次' });
    const sunday = daySlots({ date: '2026-11-29', hours: HOURS, blackouts: [], heldStarts: new Set(), now: NOW });
    expect(new Set(sunday.map((s) => s.reason))).toEqual(new Set(['周日休息']));
  });

  it('names why a whole day is closed, and nothing for an open day', () => {
    expect(dayClosedReason('2026-11-29', HOURS, [])).toBe('周日休息');
    expect(dayClosedReason('2026-12-01', HOURS, room.blackouts)).toBe('暂停开放：主题党日活动');
    expect(dayClosedReason('2026-11-24', HOURS, room.blackouts)).toBeUndefined();
  });

  it('lists the slots a booking spans', () => {
    expect(slotStarts('14:00', '15:30')).toEqual(['14:00', '14:30', '15:00']);
  });
});

describe('time in Asia/Shanghai', () => {
  it('reads local date and time as China Standard Time', () => {
    expect(instant('2026-11-24', '14:00').toISOString()).toBe('2026-11-24T06:00:00.000Z');
    expect(instant('2026-11-24', '24:00').toISOString()).toBe('2026-11-24T16:00:00.000Z');
  });

  it('counts the weekly quota by ISO week, Monday first', () => {
    expect(isoWeek('2026-11-23')).toBe('2026-W48');
    expect(isoWeek('2026-11-29')).toBe('2026-W48');
    expect(isoWeek('2026-11-30')).toBe('2026-W49');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
  });
});

describe('the status machine', () => {
  it.each([
    ['pending', 'approved', 'staff', true],
    ['pending', 'approved', 'owner', false],
    ['pending', 'rejected', 'staff', true],
    ['pending', 'cancelled', 'owner', true],
    ['approved', 'checked_in', 'owner', true],
    ['approved', 'checked_in', 'staff', true],
    ['approved', 'no_show', 'system', true],
    ['approved', 'no_show', 'staff', false],
    ['approved', 'rejected', 'staff', false],
    ['approved', 'cancelled', 'staff', true],
    ['rejected', 'approved', 'staff', false],
    ['cancelled', 'approved', 'staff', false],
    ['checked_in', 'cancelled', 'owner', false],
    ['no_show', 'checked_in', 'owner', false],
  ] as const)('%s → %s by %s: %s', (from, to, actor, allowed) => {
    expect(canTransition(from, to, actor)).toBe(allowed);
  });

  it('opens check-in 15 minutes before the start and closes it 15 minutes after', () => {
    const w = checkInWindow('2026-11-24', '14:00');
    expect(new Date(w.opens).toISOString()).toBe('2026-11-24T05:45:00.000Z');
    expect(new Date(w.closes).toISOString()).toBe('2026-11-24T06:15:00.000Z');
  });

  it('a lock stops holding its slot after the check-in deadline unless checked in', () => {
    const deadline = Date.parse('2026-11-24T06:15:00Z');
    expect(lockIsLive({ checkedIn: false, checkInDeadline: deadline }, new Date(deadline))).toBe(true);
    expect(lockIsLive({ checkedIn: false, checkInDeadline: deadline }, new Date(deadline + 1))).toBe(false);
    expect(lockIsLive({ checkedIn: true, checkInDeadline: deadline }, new Date(deadline + 3_600_000))).toBe(true);
  });
});
