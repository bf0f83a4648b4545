import { logger } from '../lib/logger';
import { bookingReminder } from '../messages/events';
import { deliverOnce } from '../messages/storage';
import { chinaDate } from '../lib/time';
import { CHECK_IN_WINDOW_MINUTES, instant } from './rules';
import { advanceReminderCheckpoint, bookingStatusCheck, getBooking, getReminderCheckpoint, watchesBetween } from './storage';

/**
 * The booking reminder 预约提醒, one hour before the start, run every 5 minutes. Each run
 * looks at the watch items (the no-show sweeper's list of live bookings, by check-in
 * deadline = start + 15 min) between the checkpoint and an hour ahead, and appends a
 * reminder to each approved booking's owner. Exactly once: the reminder's message id is
 * derived from the booking, so a second run, or two runs at once, are refused by the
 * message's own condition; and never for a cancelled booking: the message goes in one
 * transaction with a check that the booking is still approved (a cancellation also
 * deletes the watch item).
 */

export const REMIND_BEFORE_MINUTES = 60;
/** On a first run (no checkpoint), or after a long outage, look back at most this far. */
const CATCH_UP_MS = 2 * 3600_000;

export async function sendBookingReminders(now = new Date()): Promise<{ sent: number; skipped: number; failed: number }> {
  const nowMs = now.getTime();
  const graceMs = CHECK_IN_WINDOW_MINUTES * 60_000;
  // In deadline terms: bookings starting up to an hour from now.
  const toMs = nowMs + REMIND_BEFORE_MINUTES * 60_000 + graceMs;
  const fromMs = Math.max((await getReminderCheckpoint()) ?? 0, nowMs - CATCH_UP_MS);
  if (fromMs >= toMs) return { sent: 0, skipped: 0, failed: 0 };
  const dates = [...new Set([chinaDate(new Date(fromMs - graceMs)), chinaDate(new Date(toMs - graceMs))])];
  const ids = (await Promise.all(dates.map((d) => watchesBetween(d, fromMs, toMs)))).flat();
  const result = { sent: 0, skipped: 0, failed: 0 };
  for (const id of ids) {
    try {
      const b = await getBooking(id, true);
      // Not approved (pending, cancelled meanwhile), or already started: no reminder.
      if (!b || b.status !== 'approved' || instant(b.date, b.start).getTime() <= nowMs) {
        result.skipped++;
        continue;
      }
      const dueAt = new Date(instant(b.date, b.start).getTime() - REMIND_BEFORE_MINUTES * 60_000);
      if (await deliverOnce(bookingReminder(b, dueAt), [bookingStatusCheck(b.id, 'approved')])) result.sent++;
      else result.skipped++;
    } catch (err) {
      result.failed++;
      logger.error('booking reminder failed', { bookingId: id, error: (err as Error).message });
    }
  }
  // A failed booking keeps the checkpoint where it was: the next run looks at the window again (sent ones are refused).
  if (result.failed === 0) await advanceReminderCheckpoint(toMs);
  return result;
}
