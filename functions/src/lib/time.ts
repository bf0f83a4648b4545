import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import isoWeek from 'dayjs/plugin/isoWeek';

dayjs.extend(utc);
dayjs.extend(isoWeek);

/**
 * Asia/Shanghai (`TIME_ZONE` in shared/time.ts) has been UTC+8 all year since 1991: no
 * daylight saving time. So China's wall clock is a fixed offset, and dayjs's `utcOffset`
 * gives it without the time-zone plugin, whose every call formats through `Intl` (about
 * 0.1 ms warm, more in a busy Lambda; a booking made several). tests/unit/time.test.ts holds
 * the two equal across 2000–2100.
 */
export const CHINA_UTC_OFFSET_MINUTES = 480;

/** A moment seen on China's wall clock: format it, take its day, add days. */
export function inChina(at?: dayjs.ConfigType): dayjs.Dayjs {
  return dayjs(at).utcOffset(CHINA_UTC_OFFSET_MINUTES);
}

/** The China calendar date (`YYYY-MM-DD`) of a moment: "today" is `chinaDate(now)`. */
export function chinaDate(at?: dayjs.ConfigType): string {
  return inChina(at).format('YYYY-MM-DD');
}

/** The moment a China wall-clock date and time (`YYYY-MM-DD`, `HH:mm`; 24:00 is the next midnight) names. */
export function chinaWallClock(date: string, time = '00:00'): dayjs.Dayjs {
  return dayjs.utc(`${date}T${time}`).subtract(CHINA_UTC_OFFSET_MINUTES, 'minute').utcOffset(CHINA_UTC_OFFSET_MINUTES);
}

/** Now as ISO 8601 in China Standard Time, e.g. 2026-11-23T19:51:00+08:00. */
export function nowIso(now: Date = new Date()): string {
  return inChina(now).format();
}

/**
 * Now with milliseconds (2026-11-23T19:51:00.123+08:00): for keys that order records made in
 * the same second. Sorts after the whole-second form of the same second (`.` > `+`), so keys
 * written before still order by time among these.
 */
export function nowIsoMs(now: Date = new Date()): string {
  return inChina(now).format('YYYY-MM-DDTHH:mm:ss.SSSZ');
}

export { dayjs };
