/**
 * How every change of the organisation tree is written (org/ and venues/): one transaction
 * holding the unit (version-guarded), its parent's guard, a new unit's code and the audit
 * entry, retried when only the version (or a freshly drawn short code) collided.
 */
import { type AppError, appError, conflict, notFound } from '../lib/errors';
import { failedItems, type TxItem } from '../lib/dynamo';
import type { Maintained } from './model';
import { commitChange } from './storage';

const TRIES = 4;

/** 409 for a unit that is deactivated: it cannot be changed or get new children. */
export const deactivatedConflict = (what: string) => conflict('DEACTIVATED', `该${what}已停用，不能修改或新增下级`);

/**
 * A new unit: `build` makes the transaction afresh per try (a new short code each time),
 * `refused(index)` names the failed guard (usually: the parent was deactivated meanwhile).
 * When a code is in it, its short code's Put is the last item: that alone failing means draw again.
 */
export async function createUnit(build: () => TxItem[], refused: (failedIndex: number) => AppError, hasCode = false): Promise<void> {
  for (let i = 0; i < TRIES; i++) {
    const items = build();
    const outcome = await commitChange(items);
    if (outcome.ok) return;
    const failed = failedItems(outcome.reasons);
    if (hasCode && failed.length === 1 && failed[0] === items.length - 1) continue;
    throw refused(failed[0] ?? 0);
  }
  throw appError('CONFLICT');
}

/**
 * Read-modify-write of one unit. `change` returns the new unit and the transaction whose
 * FIRST item is the unit's version-guarded Put (storage putOver), or undefined when there
 * is nothing to write. Retried when someone saved the unit in between; `refused(index)`
 * names any other failed guard.
 */
export async function changeUnit<T extends Maintained>(
  what: string,
  read: () => Promise<T | undefined>,
  change: (current: T) => Promise<{ next: T; items: TxItem[] } | undefined>,
  refused: (failedIndex: number) => AppError = () => appError('CONFLICT'),
): Promise<{ before: T; after: T; changed: boolean }> {
  for (let i = 0; i < TRIES; i++) {
    const current = await read();
    if (!current) throw notFound(what);
    const planned = await change(current);
    if (!planned) return { before: current, after: current, changed: false };
    const outcome = await commitChange(planned.items);
    if (outcome.ok) return { before: current, after: { ...planned.next, version: (current.version ?? 0) + 1 }, changed: true };
    const failed = failedItems(outcome.reasons);
    if (failed.length === 1 && failed[0] === 0) continue;
    throw refused(failed.find((f) => f !== 0) ?? 0);
  }
  throw appError('CONFLICT');
}

/** The fields of a unit an audit entry keeps (not its lock). */
export function audited<T extends Maintained>(unit: T): Omit<T, 'version'> {
  const { version: _v, ...rest } = unit;
  return rest;
}
