import type { z } from 'zod';
import type { RequestCategoriesResponse, RequestCategory, SaveRequestCategories, SaveWorkCalendar, WorkCalendar } from '@shared/api/requests';
import { authorize, type Principal } from '../lib/authorize';
import { appError, notFound, ruleBroken } from '../lib/errors';
import { nowIso } from '../lib/time';
import { calendarYears, resolveDue, type WorkDays } from './due';
import * as store from './storage';

/**
 * The street's lists the request rules read: categories with their time limits, and the
 * working-day calendar per year. Both are data a street admin 街道管理员 edits.
 */

/** The default list 默认类别 until a street saves its own (postIndex: the matching 八大员 post). */
export const DEFAULT_CATEGORIES: RequestCategory[] = [
  { id: 'sanitation', name: '环境卫生', respondHours: 24, resolveDays: 3, postIndex: 4 },
  { id: 'repair', name: '设施维修', respondHours: 24, resolveDays: 5 },
  { id: 'security', name: '治安', respondHours: 2, resolveDays: 2, postIndex: 5 },
  { id: 'dispute', name: '邻里纠纷', respondHours: 24, resolveDays: 5, postIndex: 3 },
  { id: 'policy', name: '政策咨询', respondHours: 24, resolveDays: 3, postIndex: 0 },
  { id: 'complaint', name: '投诉建议', respondHours: 24, resolveDays: 5, postIndex: 1 },
  { id: 'other', name: '其他', respondHours: 48, resolveDays: 10 },
];

export async function categoriesOfStreet(streetId: string): Promise<RequestCategoriesResponse> {
  const saved = await store.getCategories(streetId);
  return saved ? { streetId, ...saved, isDefault: false } : { streetId, categories: DEFAULT_CATEGORIES, version: 0, isDefault: true };
}

export async function streetOfCommunity(communityId: string): Promise<string> {
  const community = await store.getCommunity(communityId);
  if (!community) throw notFound('社区');
  return community.streetId;
}

export async function getCategories(query: { streetId?: string; communityId?: string }): Promise<RequestCategoriesResponse> {
  const streetId = query.streetId ?? (await streetOfCommunity(query.communityId!));
  return categoriesOfStreet(streetId);
}

export async function saveCategories(streetId: string, body: z.output<typeof SaveRequestCategories>, p: Principal): Promise<RequestCategoriesResponse> {
  authorize(p, 'requestCategory:manage', { kind: 'street', streetId });
  await store.putCategories(streetId, body.categories, body.version, p.userId, nowIso());
  return categoriesOfStreet(streetId);
}

function parseYear(year: string): number {
  const y = Number(year);
  if (!/^\d{4}$/.test(year) || y < 2000 || y > 2100) throw appError('VALIDATION_FAILED', '年份应为 2000–2100 的四位数字', [{ path: 'year', message: '年份无效' }]);
  return y;
}

export async function getCalendar(streetId: string, year: string): Promise<WorkCalendar> {
  const y = parseYear(year);
  const [cal] = await store.getCalendars(streetId, [y]);
  return cal ?? { streetId, year: y, holidays: [], makeupDays: [], version: 0 };
}

/**
 * Saves a year's calendar: every day inside the year, holidays not on weekends (a weekend
 * is already off), make-up days only on weekends, no day in both lists.
 */
export async function saveCalendar(streetId: string, year: string, body: z.output<typeof SaveWorkCalendar>, p: Principal): Promise<WorkCalendar> {
  authorize(p, 'workCalendar:manage', { kind: 'street', streetId });
  const y = parseYear(year);
  const problems: { path: string; message: string }[] = [];
  const weekend = (d: string) => [0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay());
  body.holidays.forEach((d, i) => {
    if (!d.startsWith(`${y}-`)) problems.push({ path: `holidays.${i}`, message: `日期须在 ${y} 年内` });
    else if (weekend(d)) problems.push({ path: `holidays.${i}`, message: '周末本就休息，无需设为节假日' });
  });
  body.makeupDays.forEach((d, i) => {
    if (!d.startsWith(`${y}-`)) problems.push({ path: `makeupDays.${i}`, message: `日期须在 ${y} 年内` });
    else if (!weekend(d)) problems.push({ path: `makeupDays.${i}`, message: '调休上班日应为周六或周日' });
    else if (body.holidays.includes(d)) problems.push({ path: `makeupDays.${i}`, message: '同一天不能既是节假日又是调休上班日' });
  });
  if (problems.length > 0) throw ruleBroken('CALENDAR_INVALID', `${problems[0].path}：${problems[0].message}`, problems);
  const sorted = (list: string[]) => [...new Set(list)].sort();
  await store.putCalendar({ streetId, year: y, holidays: sorted(body.holidays), makeupDays: sorted(body.makeupDays), version: body.version }, body.version, p.userId, nowIso());
  return getCalendar(streetId, year);
}

/** The working days of a street around `from` (the calendars of that year and the next). */
export async function workDaysOf(streetId: string, from: Date): Promise<WorkDays> {
  const cals = await store.getCalendars(streetId, calendarYears(from));
  return { holidays: new Set(cals.flatMap((c) => c.holidays)), makeupDays: new Set(cals.flatMap((c) => c.makeupDays)) };
}

/** When a request of `category` accepted at `from` must be resolved, on the street's calendar. */
export async function resolveDueAt(streetId: string, category: RequestCategory, from: Date): Promise<Date> {
  return resolveDue(from, category.resolveDays, await workDaysOf(streetId, from));
}
