/**
 * Room settings and blackout forms of the staff pages, as plain functions
 * (test/staff-settings.test.ts). Types only from shared.
 */
import type { Room } from '@shared/api/venues';

export interface RoomSettingsForm {
  capacity: string;
  facilities: string;
  requiresApproval: boolean;
  minNoticeMinutes: string;
  maxDaysAhead: string;
  maxMinutes: string;
  weeklyQuota: string;
}

export function roomToForm(room: Room): RoomSettingsForm {
  return {
    capacity: String(room.capacity),
    facilities: room.facilities.join('、'),
    requiresApproval: room.requiresApproval,
    minNoticeMinutes: String(room.rules.minNoticeMinutes),
    maxDaysAhead: String(room.rules.maxDaysAhead),
    maxMinutes: String(room.rules.maxMinutes),
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
  const minNotice = int(form.minNoticeMinutes);
  if (minNotice === undefined || minNotice > 30 * 24 * 60) errors.minNoticeMinutes = '提前预约时间须为 0–43200 分钟';
  const maxDays = int(form.maxDaysAhead);
  if (maxDays === undefined || maxDays > 90) errors.maxDaysAhead = '最多提前天数须为 0–90';
  const maxMinutes = int(form.maxMinutes);
  if (maxMinutes === undefined || maxMinutes < 30 || maxMinutes > 24 * 60 || maxMinutes % 30 !== 0) errors.maxMinutes = '单次时长须为 30 分钟的整数倍（30–1440）';
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
  if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) return { error: '日期格式应为 YYYY-MM-DD' };
  if (!TIME.test(start) || !TIME.test(end)) return { error: '时间须为整点或半点，如 09:00、14:30（全天为 00:00–24:00）' };
  if (start >= end) return { error: '结束时间须晚于开始时间' };
  if (reason.length < 1) return { error: '请填写原因，如 党员活动日、维修' };
  if (reason.length > 50) return { error: '原因不超过 50 字' };
  return { body: { start: `${date}T${start}`, end: `${date}T${end}`, reason } };
}
