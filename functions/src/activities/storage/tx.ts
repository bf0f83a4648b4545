/** The activities storage's transaction helpers: one place that sends, one that guards META by its version. */
import { failedItems, tableName, transact, type RetryPolicy, type TxItem } from '../../lib/dynamo';
import { keys } from '../../lib/keys';
import type { ActivityRecord } from '../model';

export const DAY_S = 86_400;
export type Outcome = { ok: true } | { ok: false; failed: number[] };

export async function run(items: TxItem[], policy?: RetryPolicy): Promise<Outcome> {
  const res = await transact(items, policy);
  return res.ok ? res : { ok: false, failed: failedItems(res.reasons) };
}

export const T = () => tableName();

/** SET the given attributes (and version + 1) on META, if its version is still `version` and `extra` holds. */
export function metaUpdate(a: Pick<ActivityRecord, 'id' | 'version'>, set: Record<string, unknown>, extra?: { condition: string; values: Record<string, unknown> }, remove: readonly string[] = []): TxItem {
  const names: Record<string, string> = { '#version': 'version' };
  const values: Record<string, unknown> = { ':v': a.version, ':one': 1, ...(extra?.values ?? {}) };
  const parts = Object.entries(set)
    .filter(([, v]) => v !== undefined)
    .map(([k, v], i) => {
      names[`#s${i}`] = k;
      values[`:s${i}`] = v;
      return `#s${i} = :s${i}`;
    });
  if (extra?.condition.includes('#status')) names['#status'] = 'status';
  remove.forEach((k, i) => (names[`#r${i}`] = k));
  const removal = remove.length ? ` REMOVE ${remove.map((_, i) => `#r${i}`).join(', ')}` : '';
  return {
    Update: {
      TableName: T(),
      Key: keys.activity(a.id),
      UpdateExpression: `SET ${[...parts, '#version = #version + :one'].join(', ')}${removal}`,
      ConditionExpression: `#version = :v${extra ? ` AND ${extra.condition}` : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}
