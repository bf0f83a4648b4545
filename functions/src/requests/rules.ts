import type { RequestStatus } from '@shared/api/requests';
import { CONFIRM_WINDOW_DAYS } from '@shared/api/requests';

/**
 * The status machine of a request 诉求, as data: which action moves which status where,
 * and who may take it. Storage guards every move with the status (and version) read, so
 * two people acting at once cannot both win.
 */
export type Actor = 'staff' | 'assignee' | 'reporter' | 'job';

export type RequestAction =
  | 'accept'
  | 'reject'
  | 'refer'
  | 'dispatch'
  | 'return'
  | 'start'
  | 'resolve'
  | 'confirm'
  | 'reopen'
  | 'autoClose'
  | 'duplicate'
  | 'notOurs'
  | 'unable';

interface Move {
  from: readonly RequestStatus[];
  to: RequestStatus;
  by: readonly Actor[];
}

export const MOVES: Record<RequestAction, Move> = {
  accept: { from: ['submitted'], to: 'accepted', by: ['staff'] },
  reject: { from: ['submitted'], to: 'rejected', by: ['staff'] },
  refer: { from: ['submitted'], to: 'referred', by: ['staff'] },
  // Dispatch from accepted: first time, or again after the assignee returned it.
  dispatch: { from: ['accepted'], to: 'dispatched', by: ['staff'] },
  return: { from: ['dispatched', 'in_progress'], to: 'accepted', by: ['assignee'] },
  start: { from: ['dispatched'], to: 'in_progress', by: ['assignee', 'staff'] },
  resolve: { from: ['dispatched', 'in_progress'], to: 'resolved', by: ['assignee', 'staff'] },
  confirm: { from: ['resolved'], to: 'closed', by: ['reporter'] },
  reopen: { from: ['resolved'], to: 'in_progress', by: ['reporter'] },
  autoClose: { from: ['resolved'], to: 'closed', by: ['job'] },
  duplicate: { from: ['submitted', 'accepted'], to: 'duplicate', by: ['staff'] },
  notOurs: { from: ['submitted', 'accepted'], to: 'not_ours', by: ['staff'] },
  unable: { from: ['accepted', 'dispatched', 'in_progress'], to: 'unable_to_fix', by: ['staff'] },
};

export const TERMINAL: readonly RequestStatus[] = ['closed', 'rejected', 'referred', 'duplicate', 'not_ours', 'unable_to_fix'];
/** Open 未办结: what "我也遇到了" offers and what a follower may still join. */
export const OPEN: readonly RequestStatus[] = ['submitted', 'accepted', 'dispatched', 'in_progress'];

export const isTerminal = (s: RequestStatus) => TERMINAL.includes(s);
export const isOpen = (s: RequestStatus) => OPEN.includes(s);

/** The status after `action` from `from`, or undefined when the action does not apply there. */
export function nextStatus(from: RequestStatus, action: RequestAction): RequestStatus | undefined {
  const move = MOVES[action];
  return move.from.includes(from) ? move.to : undefined;
}

export function mayAct(action: RequestAction, actors: readonly Actor[]): boolean {
  return MOVES[action].by.some((a) => actors.includes(a));
}

/** Which due time a status waits on: the response while submitted, the resolution while being handled, none otherwise. */
export function dueKind(s: RequestStatus): 'respond' | 'resolve' | undefined {
  if (s === 'submitted') return 'respond';
  if (s === 'accepted' || s === 'dispatched' || s === 'in_progress') return 'resolve';
  return undefined;
}

const DAY_MS = 86_400_000;

/** Until when the reporter may confirm or reopen a resolution; after it the job closes the request. */
export function confirmBy(resolvedAt: string): Date {
  return new Date(new Date(resolvedAt).getTime() + CONFIRM_WINDOW_DAYS * DAY_MS);
}

/** A reopen is allowed only inside the window; the job closes the request after it. */
export function withinConfirmWindow(resolvedAt: string, now: Date): boolean {
  return now.getTime() < confirmBy(resolvedAt).getTime();
}

/** Satisfaction may be given once, when the request has come to an end (or waits for confirmation). */
export function mayRate(s: RequestStatus): boolean {
  return s === 'resolved' || isTerminal(s);
}

/**
 * Histogram buckets (upper bounds in minutes) of the time to respond and to resolve: the
 * community figures keep counts per bucket in the change transactions, and the median is
 * read off the buckets (never by scanning requests).
 */
export const RESPOND_BUCKETS = [15, 30, 60, 120, 240, 480, 720, 1440, 2880, 4320, Infinity];
export const RESOLVE_BUCKETS = [240, 480, 1440, 2880, 4320, 7200, 10080, 14400, 21600, 43200, Infinity];

export function bucketOf(minutes: number, bounds: readonly number[]): number {
  return bounds.findIndex((b) => minutes <= b);
}

/** The upper bound of the bucket holding the median, or null without data. */
export function medianFromBuckets(counts: readonly number[], bounds: readonly number[]): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const half = Math.ceil(total / 2);
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i];
    if (seen >= half) return bounds[i];
  }
  return bounds[bounds.length - 1];
}
