import { type AuditScopeKind, auditPut } from '../audit/storage';
import type { Principal } from '../lib/authorize';
import type { TxItem } from '../lib/dynamo';
import { nowIso } from '../lib/time';

/** What a change of the tree records: where it is listed, what happened to what, before and after. */
export interface TreeChange {
  scope: { kind: AuditScopeKind; id: string };
  action: string;
  target: { kind: string; id: string; name?: string };
  before?: object;
  after?: object;
}

/** The audit entry of a change of the tree, to commit in the change's own transaction. */
export function auditOf(principal: Principal, change: TreeChange): TxItem {
  const plain = (o?: object) => (o ? (JSON.parse(JSON.stringify(o)) as Record<string, unknown>) : undefined);
  return auditPut({
    scope: change.scope,
    actorId: principal.userId,
    action: change.action,
    target: change.target,
    ...(change.before ? { before: plain(change.before) } : {}),
    ...(change.after ? { after: plain(change.after) } : {}),
    at: nowIso(),
  });
}
