/** Local (Asia/Shanghai) calendar helpers for tests that book real future slots. */
export function shanghaiToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The n-th Monday-to-Friday date after today (n = 1: the next weekday after today). */
export function nthWeekdayAfterToday(n: number, now = new Date()): string {
  let date = shanghaiToday(now);
  let found = 0;
  while (found < n) {
    date = addDays(date, 1);
    const day = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (day !== 0 && day !== 6) found++;
  }
  return date;
}
