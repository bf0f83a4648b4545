/**
 * Room settings and blackout forms of the staff pages, as plain functions
 * (test/staff-settings.test.ts). Types only from shared.
 */
import type { OpeningHours, Room } from '@shared/api/venues';

export interface RoomSettingsForm {
  capacity: string;
  facilities: string;
  requiresApproval: boolean;
  /** Shown and typed in hours (the API keeps minutes). */
  minNoticeHours: string;
  maxDaysAhead: string;
  maxHours: string;
  weeklyQuota: string;
}

/** 120 → "2", 90 → "1.5". */
const toHours = (minutes: number) => String(Math.round((minutes / 60) * 100) / 100);

export function roomToForm(room: Room): RoomSettingsForm {
  return {
    capacity: String(room.capacity),
    facilities: room.facilities.join('、'),
    requiresApproval: room.requiresApproval,
    minNoticeHours: toHours(room.rules.minNoticeMinutes),
    maxDaysAhead: String(room.rules.maxDaysAhead),
    maxHours: toHours(room.rules.maxMinutes),
    weeklyQuota: String(room.rules.weeklyQuota),
  };
}

export interface RoomUpdate {
  capacity: number;
  facilities: string[];
  requiresApproval: boolean;
  rules: { minNoticeMinutes: number; maxDaysAhead: number; maxMinutes: number; weeklyQuota: number };
}

type Errors = Partial<Record<keyof RoomSettingsForm, string>>;

function int(value: string): number | undefined {
  const v = value.trim();
  return /^\d+$/.test(v) ? Number(v) : undefined;
}

/** Hours typed as 2 or 1.5 → whole minutes; undefined when not a number of half hours. */
function halfHoursToMinutes(value: string): number | undefined {
  const v = value.trim();
  if (!/^\d+(\.5|\.0)?$/.test(v)) return undefined;
  return Math.round(Number(v) * 60);
}

/** The PUT /rooms/{roomId} body, or the Chinese errors per field. */
export function parseRoomForm(form: RoomSettingsForm): { update?: RoomUpdate; errors: Errors } {
  const errors: Errors = {};
  const capacity = int(form.capacity);
  if (capacity === undefined || capacity < 1 || capacity > 2000) errors.capacity = '容纳人数须为 1–2000 的整数';
  const facilities = form.facilities
    .split(/[,，、;；\n]/)
    .map((f) => f.trim())
    .filter(Boolean);
  if (facilities.length > 20) errors.facilities = '设施最多 20 项';
  else if (facilities.some((f) => f.length > 20)) errors.facilities = '每项设施不超过 20 字';
  const minNotice = halfHoursToMinutes(form.minNoticeHours);
  if (minNotice === undefined || minNotice > 30 * 24 * 60) errors.minNoticeHours = '提前预约时间须为 0–720 小时（可填 0.5 的倍数）';
  const maxDays = int(form.maxDaysAhead);
  if (maxDays === undefined || maxDays > 90) errors.maxDaysAhead = '最多提前天数须为 0–90';
  const maxMinutes = halfHoursToMinutes(form.maxHours);
  if (maxMinutes === undefined || maxMinutes < 30 || maxMinutes > 24 * 60) errors.maxHours = '单次时长须为 0.5–24 小时（半小时的整数倍）';
  const quota = int(form.weeklyQuota);
  if (quota === undefined || quota < 1 || quota > 50) errors.weeklyQuota = '每周次数须为 1–50';
  if (Object.keys(errors).length > 0) return { errors };
  return {
    errors,
    update: {
      capacity: capacity!,
      facilities,
      requiresApproval: form.requiresApproval,
      rules: { minNoticeMinutes: minNotice!, maxDaysAhead: maxDays!, maxMinutes: maxMinutes!, weeklyQuota: quota! },
    },
  };
}

export interface BlackoutForm {
  date: string;
  start: string;
  end: string;
  reason: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^(([01]\d|2[0-3]):(00|30)|24:00)$/;

/** The POST /rooms/{roomId}/blackouts body for one day's range, or a Chinese error. */
export function parseBlackoutForm(form: BlackoutForm): { body?: { start: string; end: string; reason: string }; error?: string } {
  const date = form.date.trim();
  const start = form.start.trim();
  const end = form.end.trim();
  const reason = form.reason.trim();
  if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) return { error: '请选择日期' };
  if (!TIME.test(start) || !TIME.test(end)) return { error: '时间须为整点或半点，如 09:00、14:30（全天为 00:00–24:00）' };
  if (start >= end) return { error: '结束时间须晚于开始时间' };
  if (reason.length < 1) return { error: '请填写原因，如 党员活动日、维修' };
  if (reason.length > 50) return { error: '原因不超过 50 字' };
  return { body: { start: `${date}T${start}`, end: `${date}T${end}`, reason } };
}

/** The half hours of a day, 00:00 … 24:00: what the time pickers offer (slots are 30 minutes). */
export const HALF_HOURS: string[] = Array.from({ length: 49 }, (_, i) => `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`);

/** Monday first, as Chinese calendars show it. */
export const WEEK_KEYS: Array<keyof OpeningHours> = ['1', '2', '3', '4', '5', '6', '0'];

/** An opening-hours draft is valid when every day's intervals are ordered and do not overlap; else the first problem. */
export function openingHoursError(hours: OpeningHours): string | undefined {
  const names = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
  for (const key of WEEK_KEYS) {
    const list = [...hours[key]].sort((a, b) => a.open.localeCompare(b.open));
    for (let i = 0; i < list.length; i++) {
      if (list[i].open >= list[i].close) return `${names[Number(key)]}：结束时间须晚于开始时间`;
      if (i > 0 && list[i].open < list[i - 1].close) return `${names[Number(key)]}：时段有重叠`;
    }
  }
  return undefined;
}
