import { chinaDate, chinaWallClock } from '../lib/time';

/**
 * Due-time arithmetic on a street's working-day calendar, in Asia/Shanghai. Pure functions:
 * the calendar is data the street admin edits (China moves holidays and adds make-up
 * working days 调休 every year), passed in as two sets of `YYYY-MM-DD`.
 */
export interface WorkDays {
  /** Days off that would otherwise be working days (法定节假日). */
  holidays: ReadonlySet<string>;
  /** Weekend days that are working days (调休上班). */
  makeupDays: ReadonlySet<string>;
}

export const EMPTY_CALENDAR: WorkDays = { holidays: new Set(), makeupDays: new Set() };

/** A make-up day works even on a weekend; a holiday rests even on a weekday; otherwise Monday–Friday. */
export function isWorkingDay(date: string, cal: WorkDays): boolean {
  if (cal.makeupDays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  const dow = chinaWallClock(date, '12:00').day();
  return dow !== 0 && dow !== 6;
}

const nextDate = (date: string) => chinaWallClock(date, '12:00').add(1, 'day').format('YYYY-MM-DD');

/** Respond 响应 within `hours` clock hours of submission (a hotline's limit runs through the weekend). */
export function respondDue(submittedAt: Date, hours: number): Date {
  return new Date(submittedAt.getTime() + hours * 3_600_000);
}

/**
 * Resolve 办结 within `days` working days of `from` (the acceptance): the day of `from`
 * does not count, the first working day after it is day 1, and the request is due at the
 * end (24:00 Shanghai) of day `days`. Accepted on Friday with 1 day: due Monday 24:00;
 * accepted the day before a holiday week: due on the first working day after it.
 */
export function resolveDue(from: Date, days: number, cal: WorkDays): Date {
  let date = chinaDate(from);
  let counted = 0;
  // A year has at most ~250 working days; 400 steps bound a calendar an admin filled with holidays.
  for (let step = 0; counted < days; step++) {
    if (step > 400) throw new Error('working-day calendar has no working days');
    date = nextDate(date);
    if (isWorkingDay(date, cal)) counted++;
  }
  return chinaWallClock(nextDate(date)).toDate();
}

/** The years whose calendars a resolve due time from `from` may touch (30 working days stay within two years). */
export function calendarYears(from: Date): number[] {
  const y = Number(chinaDate(from).slice(0, 4));
  return [y, y + 1];
}

/** Whole minutes between two instants (never negative). */
export function minutesBetween(from: string, to: Date): number {
  return Math.max(0, Math.round((to.getTime() - new Date(from).getTime()) / 60_000));
}
