/**
 * The tests' own calendar helpers (tests/support/dates.ts) at the instants where a clock-bound
 * test breaks: Shanghai's midnight (16:00 UTC), a month's end, a Friday night, and the edges
 * of a booking's check-in window.
 */
import { checkInWindow, instant } from '../../functions/src/booking/rules';
import { addDays, checkInSlot, nthWeekdayAfterToday, openWeekdayAfterToday, shanghaiToday } from '../support/dates';

const utc = (iso: string) => new Date(iso);

describe('shanghaiToday and nthWeekdayAfterToday', () => {
  it('the Shanghai day begins at 16:00 UTC, also across a month and a year', () => {
    expect(shanghaiToday(utc('2026-11-30T15:59:59Z'))).toBe('2026-11-30');
    expect(shanghaiToday(utc('2026-11-30T16:00:00Z'))).toBe('2026-12-01');
    expect(shanghaiToday(utc('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
  });

  it('counts weekdays from the Shanghai date: Thursday 23:59 → Friday, Friday 00:00 → Monday', () => {
    expect(nthWeekdayAfterToday(1, utc('2026-12-03T15:59:00Z'))).toBe('2026-12-04');
    expect(nthWeekdayAfterToday(1, utc('2026-12-03T16:00:00Z'))).toBe('2026-12-07');
    expect(nthWeekdayAfterToday(3, utc('2026-11-30T18:30:00Z'))).toBe('2026-12-04');
  });
});

describe('openWeekdayAfterToday: skips the days a blackout touches', () => {
  const partyDay = [{ start: '2027-01-01T00:00', end: '2027-01-01T24:00' }];
  it('a blackout day is not counted, the next weekday takes its place', () => {
    // Friday 2026-12-25 in Shanghai: 28, 29, 30, 31, then 1 January (the party day) → 4 January.
    const xmas = utc('2026-12-25T02:00:00Z');
    expect(nthWeekdayAfterToday(5, xmas)).toBe('2027-01-01');
    expect(openWeekdayAfterToday(5, partyDay, xmas)).toBe('2027-01-04');
    expect(openWeekdayAfterToday(4, partyDay, xmas)).toBe('2026-12-31');
  });

  it('a blackout of a few hours, or one ending at 00:00 of the day, also counts as touching it or not', () => {
    const now = utc('2026-11-30T02:00:00Z');
    expect(openWeekdayAfterToday(1, [{ start: '2026-12-01T14:00', end: '2026-12-01T16:00' }], now)).toBe('2026-12-02');
    expect(openWeekdayAfterToday(1, [{ start: '2026-11-30T18:00', end: '2026-12-01T00:00' }], now)).toBe('2026-12-01');
    expect(openWeekdayAfterToday(1, [{ start: '2026-11-30T18:00', end: '2026-12-01T09:00' }], now)).toBe('2026-12-02');
  });
});

describe('checkInSlot: a half hour whose check-in window holds now with time to spare', () => {
  const left = 90_000;

  it('mid-window it is the nearest half hour; a slot ending at midnight ends at 24:00', () => {
    expect(checkInSlot(Date.parse('2026-11-30T02:10:00Z'), { leftMs: left, today: true })).toEqual({ date: '2026-11-30', start: '10:00', end: '10:30' });
    expect(checkInSlot(Date.parse('2026-11-30T02:20:00Z'), { leftMs: left, today: true })).toEqual({ date: '2026-11-30', start: '10:30', end: '11:00' });
    expect(checkInSlot(Date.parse('2026-11-30T15:40:00Z'), { leftMs: left, today: true })).toEqual({ date: '2026-11-30', start: '23:30', end: '24:00' });
  });

  it('at xx:14 (under 90 s left) it waits for the next window', () => {
    expect(checkInSlot(Date.parse('2026-11-30T02:14:00Z'), { leftMs: left, today: true })).toEqual({ waitMs: 61_000 });
    expect(checkInSlot(Date.parse('2026-11-30T02:15:01Z'), { leftMs: left, today: true })).toEqual({ date: '2026-11-30', start: '10:30', end: '11:00' });
  });

  it('at 23:50 Shanghai (15:50 UTC) the window is tomorrow 00:00’s: waited out for today, given otherwise', () => {
    expect(checkInSlot(Date.parse('2026-11-30T15:50:00Z'), { leftMs: left, today: true })).toEqual({ waitMs: 10 * 60_000 + 1000 });
    expect(checkInSlot(Date.parse('2026-11-30T15:50:00Z'), { leftMs: left, today: false })).toEqual({ date: '2026-12-01', start: '00:00', end: '00:30' });
    expect(checkInSlot(Date.parse('2026-11-30T16:00:01Z'), { leftMs: left, today: true })).toEqual({ date: '2026-12-01', start: '00:00', end: '00:30' });
  });

  it('at any second of a day, after its wait, the slot’s window is open with 90 s left (and is today’s when asked)', () => {
    for (let t = Date.parse('2026-11-30T00:00:00Z'); t < Date.parse('2026-12-01T00:00:00Z'); t += 31_001) {
      for (const today of [true, false]) {
        let now = t;
        let slot = checkInSlot(now, { leftMs: left, today });
        while ('waitMs' in slot) {
          expect(slot.waitMs).toBeLessThanOrEqual(15 * 60_000 + 1000);
          now += slot.waitMs;
          slot = checkInSlot(now, { leftMs: left, today });
        }
        // The app's own window of that booking.
        const window = checkInWindow(slot.date, slot.start);
        expect(now).toBeGreaterThanOrEqual(window.opens);
        expect(window.closes - now).toBeGreaterThanOrEqual(left);
        expect(instant(slot.date, slot.end).getTime() - instant(slot.date, slot.start).getTime()).toBe(30 * 60_000);
        if (today) expect(slot.date).toBe(shanghaiToday(new Date(now)));
      }
    }
  });
});
