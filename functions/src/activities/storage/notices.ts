/** Telling many people of one event (the fan-out) and the reminder job's queries. */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { advanceCheckpoint, ddb, getCheckpoint, fromItem, queryAll, type Item, type TxItem } from '../../lib/dynamo';
import { keys } from '../../lib/keys';
import type { ActivityRecord } from '../model';
import { run, T } from './tx';

// ---- telling many people of one event (fan-out), and the reminder job ----

/** An activity event still being told to its people, page by page (`cursor`: where the next page starts). */
export interface ActivityFanout {
  activityId: string;
  event: 'cancelled' | 'hours_credited';
  /** What the messages say of the activity, as it was at the event. */
  activity: { id: string; title: string; start: string; end: string; placeName: string };
  /** When the event happened (ISO): the messages' time, part of their ids. */
  at: string;
  reason?: string;
  hours?: number;
  /** hours_credited: the people credited (≤ 49). */
  userIds?: string[];
  cursor?: string;
}

/** The Put that puts a fan-out on the work list, for the event's own transaction. */
export function fanoutPut(f: ActivityFanout): TxItem {
  return { Put: { TableName: T(), Item: { ...keys.activityFanout(f.activityId, f.event), entity: 'ActivityFanout', ...f } } };
}

export async function pendingFanouts(): Promise<ActivityFanout[]> {
  const items = await queryAll({ TableName: T(), KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': keys.activityFanout('', '').pk }, ConsistentRead: true }, 100);
  return items.map((i) => fromItem<ActivityFanout>(i));
}

/** Moves the bookmark past a delivered page, or (no cursor: the last page) takes the fan-out off the list. */
export async function advanceFanout(f: ActivityFanout, cursor: string | undefined): Promise<void> {
  if (cursor) await ddb().send(new PutCommand({ TableName: T(), Item: { ...keys.activityFanout(f.activityId, f.event), entity: 'ActivityFanout', ...f, cursor } }));
  else await ddb().send(new DeleteCommand({ TableName: T(), Key: keys.activityFanout(f.activityId, f.event) }));
}

/** Published activities starting between two local times (GSI2 `ACTIVITIES`, by start), every page. */
export async function activitiesStartingBetween(fromLocal: string, toLocal: string): Promise<ActivityRecord[]> {
  const items = await queryAll({
    TableName: T(),
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :p AND gsi2sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':p': 'ACTIVITIES', ':from': fromLocal, ':to': `${toLocal}~` },
  });
  return items.map((i) => fromItem<ActivityRecord>(i));
}

/** How far (start time, ms) the activity reminder job has looked. */
export const getReminderCheckpoint = () => getCheckpoint(keys.activityReminderSweep());

/** Moves the checkpoint forward only (an overlapping slower run never moves it back). */
export const advanceReminderCheckpoint = (upToMs: number) => advanceCheckpoint(keys.activityReminderSweep(), 'ActivityReminderCheckpoint', upToMs);
