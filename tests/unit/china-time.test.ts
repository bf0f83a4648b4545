/**
 * lib/time reads China's wall clock as a fixed UTC+8 offset instead of through dayjs's
 * time-zone plugin (Intl). Here both are compared: the fixed offset must name the same
 * wall-clock time, day, weekday and midnight as the IANA zone Asia/Shanghai for instants
 * from 2000 to 2100, and the same instant for a wall-clock date and time.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import { chinaWallClock, inChina, nowIso, nowIsoMs } from '../../functions/src/lib/time';
import { TIME_ZONE } from '../../shared/src/time';

dayjs.extend(utc);
dayjs.extend(timezone);

/** 5,000 instants spread over 2000–2100 (a fixed linear congruential sequence: the same every run), and the edges of a China day. */
function instants(): number[] {
  const from = Date.UTC(2000, 0, 1);
  const span = Date.UTC(2100, 0, 1) - from;
  let x = 12345;
  const out = [Date.UTC(2026, 10, 30, 15, 59, 59, 999), Date.UTC(2026, 10, 30, 16, 0, 0, 0), Date.UTC(2026, 11, 31, 16, 0, 0, 0)];
  for (let i = 0; i < 5000; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out.push(from + Math.floor((x / 2 ** 31) * span));
  }
  return out;
}

it('a moment seen on China’s wall clock is the one Asia/Shanghai shows', () => {
  for (const ms of instants()) {
    const zone = dayjs(ms).tz(TIME_ZONE);
    const fixed = inChina(ms);
    expect([fixed.format(), fixed.day(), fixed.startOf('day').valueOf(), fixed.startOf('month').add(1, 'month').format('YYYY-MM-DD')]).toEqual([
      zone.format(),
      zone.day(),
      zone.startOf('day').valueOf(),
      zone.startOf('month').add(1, 'month').format('YYYY-MM-DD'),
    ]);
    expect(nowIsoMs(new Date(ms))).toBe(zone.format('YYYY-MM-DDTHH:mm:ss.SSSZ'));
  }
});

it('a wall-clock date and time names the instant Asia/Shanghai gives it; 24:00 is the next midnight', () => {
  for (const ms of instants()) {
    const date = dayjs(ms).tz(TIME_ZONE).format('YYYY-MM-DD');
    for (const time of ['00:00', '07:30', '12:00', '23:30']) {
      expect(chinaWallClock(date, time).valueOf()).toBe(dayjs.tz(`${date} ${time}`, 'YYYY-MM-DD HH:mm', TIME_ZONE).valueOf());
    }
    expect(chinaWallClock(date, '24:00').valueOf()).toBe(dayjs.tz(`${date} 00:00`, 'YYYY-MM-DD HH:mm', TIME_ZONE).add(1, 'day').valueOf());
  }
  expect(chinaWallClock('2026-11-30').format()).toBe('2026-11-30T00:00:00+08:00');
  expect(nowIso(new Date('2026-11-30T16:00:00Z'))).toBe('2026-12-01T00:00:00+08:00');
});
