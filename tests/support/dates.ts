/** Local (Asia/Shanghai) calendar helpers for tests that book real future slots. */
const HALF_HOUR_MS = 30 * 60_000;

export function shanghaiToday(now = new Date()): string {
  return shanghaiWallClock(now.getTime()).date;
}

/** Asia/Shanghai date and HH:mm of an instant. */
export function shanghaiWallClock(ms: number): { date: string; time: string } {
  const iso = new Date(ms + 8 * 3600_000).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** When the half hour that starts at `startMs` ends (HH:mm): a slot ending at midnight ends at 24:00 of its own day, as the app shows it. */
export function halfHourEnd(startMs: number): string {
  const start = shanghaiWallClock(startMs);
  const end = shanghaiWallClock(startMs + HALF_HOUR_MS);
  return end.date === start.date ? end.time : '24:00';
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The n-th Monday-to-Friday date after today (n = 1: the next weekday after today). */
export function nthWeekdayAfterToday(n: number, now = new Date()): string {
  return openWeekdayAfterToday(n, [], now);
}


/**
 * A half-hour slot whose check-in window (start ± 15 minutes) holds `nowMs` with at least
 * `leftMs` of it left, or how long to wait for one. The windows tile the clock, so at xx:14 or
 * xx:44 the answer is to wait for the next window; with `today`, the window of tomorrow's
 * 00:00 (23:45–24:00) is waited out too (今日安排 and a poster's scan page list today's
 * bookings only). A slot ending at midnight ends at 24:00 of its day.
 */
export function checkInSlot(nowMs: number, opts: { leftMs: number; today: boolean }): { date: string; start: string; end: string } | { waitMs: number } {
  const start = Math.round(nowMs / HALF_HOUR_MS) * HALF_HOUR_MS;
  const closes = start + HALF_HOUR_MS / 2;
  if (closes - nowMs < opts.leftMs) return { waitMs: closes - nowMs + 1000 };
  const s = shanghaiWallClock(start);
  if (opts.today && s.date !== shanghaiToday(new Date(nowMs))) return { waitMs: start - nowMs + 1000 };
  return { date: s.date, start: s.time, end: halfHourEnd(start) };
}

/**
 * The n-th Monday-to-Friday after today that no blackout touches (a room's blackouts, e.g. the
 * demo 党员活动室's 主题党日 on the first of next month, which falls among the next few
 * weekdays at every month's end).
 */
export function openWeekdayAfterToday(n: number, blackouts: { start: string; end: string }[], now = new Date()): string {
  const touches = (date: string) => blackouts.some((b) => b.start < `${date}T24:00` && b.end > `${date}T00:00`);
  let date = shanghaiToday(now);
  let found = 0;
  while (found < n) {
    date = addDays(date, 1);
    const day = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (day !== 0 && day !== 6 && !touches(date)) found++;
  }
  return date;
}
