import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import isoWeek from 'dayjs/plugin/isoWeek';
import { TIME_ZONE } from '@shared/time';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(isoWeek);

/** Now as ISO 8601 in China Standard Time, e.g. 2026-11-23T19:51:00+08:00. */
export function nowIso(now: Date = new Date()): string {
  return dayjs(now).tz(TIME_ZONE).format();
}

/**
 * Now with milliseconds (2026-11-23T19:51:00.123+08:00): for keys that order records made in
 * the same second. Sorts after the whole-second form of the same second (`.` > `+`), so keys
 * written before still order by time among these.
 */
export function nowIsoMs(now: Date = new Date()): string {
  return dayjs(now).tz(TIME_ZONE).format('YYYY-MM-DDTHH:mm:ss.SSSZ');
}

export { dayjs };
