/**
 * The audit log 操作记录: who changed what in the organisation or its roles, before and
 * after, when. Entries are only ever Put (never updated or deleted), each as one item of the
 * same transaction as the change it records, so a change and its entry exist together or not
 * at all.
 *
 * Keys: pk `AUDIT#<scopeKind>#<scopeId>` (the community, street or `ROOT#-` the change
 * belongs to), sk `<at ISO>#<write ms, base36>#<random>` — a Query newest first pages through one scope.
 */
import { randomUUID } from 'node:crypto';
import { fromItem, type Page, queryPage, tableName, type TxItem } from '../lib/dynamo';

export type AuditScopeKind = 'COMMUNITY' | 'STREET' | 'ROOT';

export interface AuditEntry {
  /** Where the entry is listed: a community's log, a street's log, or the system's. */
  scope: { kind: AuditScopeKind; id: string };
  /** Who made the change (a user id, or `cli:<name>` for the admin command line). */
  actorId: string;
  /** What happened, e.g. `building.create`, `role.grant`, `invite.accept`. */
  action: string;
  /** What it happened to. */
  target: { kind: string; id: string; name?: string };
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  /** ISO time with offset (lib/time nowIso). */
  at: string;
}

export const auditKey = (kind: AuditScopeKind, id: string) => `AUDIT#${kind}#${id}`;

/** The Put of one audit entry, to add to the transaction of the change it records. */
export function auditPut(entry: AuditEntry): TxItem {
  const pk = auditKey(entry.scope.kind, entry.scope.id);
  return {
    Put: {
      TableName: tableName(),
      // `at` has whole seconds: the write's own millisecond keeps entries of one second in order.
      Item: { pk, sk: `${new Date(entry.at).toISOString()}#${Date.now().toString(36).padStart(9, '0')}#${randomUUID()}`, entity: 'Audit', ...entry },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** One page of a scope's audit log, newest first. */
export async function listAudit(kind: AuditScopeKind, id: string, page: { limit: number; cursor?: string }): Promise<Page<AuditEntry>> {
  const res = await queryPage(
    {
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': auditKey(kind, id) },
      ScanIndexForward: false,
    },
    page,
  );
  return { items: res.items.map((i) => fromItem<AuditEntry>(i)), nextCursor: res.nextCursor };
}
