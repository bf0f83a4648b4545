/**
 * Telling people of activity events 活动消息 that reach more people than one transaction holds,
 * and the reminder the day before.
 *
 * - Cancelled activity → every registrant (confirmed, waitlisted, checked in); hours credited →
 *   each credited person. The event's own transaction puts a fan-out item on the work list;
 *   the request that made the event then delivers it page by page, and the scheduled job
 *   finishes what the request did not (a crash, a timeout). Never lost: the item leaves the
 *   list only after its last page; never twice: each message's id comes from the activity,
 *   the event and the person, so a page delivered again is refused message by message.
 * - Reminder 活动提醒: 24 hours before the start, to each confirmed registration, exactly once
 *   (the same derived id: two runs at once, or a run repeated, are refused) and never for a
 *   registration cancelled meanwhile or an activity cancelled meanwhile (the message goes in
 *   one transaction with checks that both are still as they were).
 */
import { logger } from '../lib/logger';
import { deliverActivityNotice, type ActivityEvent } from '../messages/events';
import type { ActivityRecord } from './model';
import { at, localDateTime } from './rules';
import {
  activitiesStartingBetween,
  advanceFanout,
  advanceReminderCheckpoint,
  fanoutPut,
  getReminderCheckpoint,
  pendingFanouts,
  registrationsOf,
  stillConfirmedChecks,
  type ActivityFanout,
} from './storage';
import type { TxItem } from '../lib/dynamo';

/** Registrations read (and told) per page of a fan-out. */
export const FANOUT_PAGE = 50;
const WORKERS = 6;
/** Who hears that an activity was cancelled: everyone still registered. */
const TOLD_OF_CANCELLATION = ['confirmed', 'waitlisted', 'checked_in'];

const activityRef = (a: ActivityRecord): ActivityFanout['activity'] => ({ id: a.id, title: a.title, start: a.start, end: a.end, placeName: a.placeName });

/** The work-list item of a cancellation, for the cancelling transaction. */
export function cancellationFanout(a: ActivityRecord, reason: string, now: Date): { item: TxItem; fanout: ActivityFanout } {
  const fanout: ActivityFanout = { activityId: a.id, event: 'cancelled', activity: activityRef(a), at: now.toISOString(), reason };
  return { item: fanoutPut(fanout), fanout };
}

/** The work-list item of credited hours, for the settling transaction. */
export function hoursFanout(a: ActivityRecord, userIds: string[], hours: number, now: Date): { item: TxItem; fanout: ActivityFanout } {
  const fanout: ActivityFanout = { activityId: a.id, event: 'hours_credited', activity: activityRef(a), at: now.toISOString(), hours, userIds };
  return { item: fanoutPut(fanout), fanout };
}

const eventOf = (f: ActivityFanout): ActivityEvent => (f.event === 'cancelled' ? { kind: 'cancelled', reason: f.reason ?? '' } : { kind: 'hours_credited', hours: f.hours ?? 0 });

/** Tells everyone in `userIds` (a few at a time); the number that failed. */
async function tellAll(f: ActivityFanout, userIds: string[]): Promise<{ told: number; failed: number }> {
  const queue = [...new Set(userIds)];
  const out = { told: 0, failed: 0 };
  const worker = async () => {
    for (let userId = queue.shift(); userId; userId = queue.shift()) {
      try {
        if (await deliverActivityNotice(f.activity, eventOf(f), userId, new Date(f.at))) out.told++;
      } catch (err) {
        out.failed++;
        logger.error('activity message failed', { activityId: f.activityId, event: f.event, userId, error: String(err) });
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  return out;
}

/**
 * Delivers one fan-out page by page until it is done or `deadlineMs` passes; the bookmark
 * moves only past a page told whole (a failed page is told again next time). True when done.
 */
export async function deliverFanout(f: ActivityFanout, deadlineMs: number): Promise<{ done: boolean; told: number }> {
  let told = 0;
  let cursor = f.cursor;
  for (;;) {
    if (Date.now() > deadlineMs) return { done: false, told };
    let userIds: string[];
    let next: string | undefined;
    if (f.event === 'hours_credited') {
      userIds = f.userIds ?? [];
    } else {
      const page = await registrationsOf(f.activityId, TOLD_OF_CANCELLATION, { limit: FANOUT_PAGE, ...(cursor ? { cursor } : {}) });
      userIds = page.items.map((r) => r.userId);
      next = page.nextCursor;
    }
    const res = await tellAll(f, userIds);
    told += res.told;
    if (res.failed > 0) return { done: false, told };
    await advanceFanout(f, next);
    if (!next) return { done: true, told };
    cursor = next;
  }
}

/** Right after the event: tell as many as fit in `budgetMs`; the scheduled job does the rest. Never throws. */
export async function deliverSoon(f: ActivityFanout, budgetMs = 5_000): Promise<void> {
  try {
    await deliverFanout(f, Date.now() + budgetMs);
  } catch (err) {
    logger.warn('activity fan-out left to the scheduled job', { activityId: f.activityId, event: f.event, error: String(err) });
  }
}

/** The scheduled job's part: every fan-out still on the list. */
export async function drainFanouts(deadlineMs: number): Promise<{ fanouts: number; told: number; unfinished: number }> {
  const out = { fanouts: 0, told: 0, unfinished: 0 };
  for (const f of await pendingFanouts()) {
    out.fanouts++;
    try {
      const res = await deliverFanout(f, deadlineMs);
      out.told += res.told;
      if (!res.done) out.unfinished++;
    } catch (err) {
      out.unfinished++;
      logger.error('activity fan-out failed', { activityId: f.activityId, event: f.event, error: String(err) });
    }
  }
  return out;
}

/** Reminders go out this long before the start (the day before). */
export const REMIND_BEFORE_MS = 24 * 3600_000;
/** On a first run (no checkpoint), or after a long outage, look back at most this far. */
const CATCH_UP_MS = 2 * 3600_000;

/**
 * Every run: published activities starting between the checkpoint and 24 h from now; each
 * confirmed registration gets its reminder. The checkpoint moves only after a run without
 * failures (a repeated window sends nothing twice).
 */
export async function sendActivityReminders(now = new Date(), deadlineMs = Date.now() + 50_000): Promise<{ sent: number; skipped: number; failed: number }> {
  const nowMs = now.getTime();
  const toMs = nowMs + REMIND_BEFORE_MS;
  const fromMs = Math.max((await getReminderCheckpoint()) ?? 0, nowMs - CATCH_UP_MS);
  const result = { sent: 0, skipped: 0, failed: 0 };
  if (fromMs >= toMs) return result;
  const due = (await activitiesStartingBetween(localDateTime(new Date(fromMs)), localDateTime(new Date(toMs)))).filter((a) => {
    const startMs = at(a.start).getTime();
    return a.status === 'published' && startMs > fromMs && startMs <= toMs && startMs > nowMs;
  });
  let outOfTime = false;
  for (const a of due) {
    const dueAt = new Date(at(a.start).getTime() - REMIND_BEFORE_MS);
    let cursor: string | undefined;
    try {
      do {
        if (Date.now() > deadlineMs) {
          outOfTime = true;
          break;
        }
        const page = await registrationsOf(a.id, ['confirmed'], { limit: FANOUT_PAGE, ...(cursor ? { cursor } : {}) });
        for (const r of page.items) {
          if (await deliverActivityNotice(a, { kind: 'reminder' }, r.userId, dueAt, stillConfirmedChecks(a.id, r.userId))) result.sent++;
          else result.skipped++;
        }
        cursor = page.nextCursor;
      } while (cursor);
    } catch (err) {
      result.failed++;
      logger.error('activity reminder failed', { activityId: a.id, error: (err as Error).message });
    }
    if (outOfTime) break;
  }
  if (result.failed === 0 && !outOfTime) await advanceReminderCheckpoint(toMs);
  return result;
}
