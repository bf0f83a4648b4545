import dayjs from 'dayjs';

/** China Standard Time (UTC+8, no DST): all user-facing times are shown in it. */
const CST_OFFSET_MINUTES = 8 * 60;

/** Format an ISO time in Asia/Shanghai, whatever the device's zone. */
export function formatCst(iso: string, pattern = 'YYYY年M月D日 HH:mm'): string {
  const d = dayjs(iso);
  if (!d.isValid()) return '';
  // Shift to UTC+8 wall time without the timezone plugin (keeps the bundle small).
  return d.add(CST_OFFSET_MINUTES - d.utcOffset(), 'minute').format(pattern);
}
