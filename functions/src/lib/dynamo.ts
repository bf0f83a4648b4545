import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { QueryCommandInput, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { AsyncLocalStorage } from 'node:async_hooks';
import { config } from './config';
import { appError } from './errors';

/**
 * Counts the DynamoDB requests made while serving one HTTP request (the wrapper opens a
 * scope per request and logs the count), so cost per API call is visible in every log
 * line and in the benchmark. AsyncLocalStorage keeps concurrent requests apart.
 */
const requestScope = new AsyncLocalStorage<{ ddbRequests: number }>();
export const withRequestCounter = <T>(fn: () => Promise<T>) => {
  const counter = { ddbRequests: 0 };
  return { counter, result: requestScope.run(counter, fn) };
};

let client: DynamoDBDocumentClient | undefined;
let clientEndpoint: string | undefined;

/**
 * The document client shared by the storage modules (and only them). Locally it points
 * at DynamoDB Local with dummy credentials; in AWS it uses the function's role.
 */
export function ddb(): DynamoDBDocumentClient {
  const { dynamoEndpoint } = config();
  if (client && clientEndpoint === dynamoEndpoint) return client;
  clientEndpoint = dynamoEndpoint;
  const raw = new DynamoDBClient(
    dynamoEndpoint
      ? { endpoint: dynamoEndpoint, region: 'ap-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {},
  );
  raw.middlewareStack.add(
    (next) => async (args) => {
      const scope = requestScope.getStore();
      if (scope) scope.ddbRequests++;
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  return client;
}

export function tableName(): string {
  return config().tableName;
}

export function isConditionFailure(err: unknown): boolean {
  const name = (err as { name?: string })?.name;
  return name === 'ConditionalCheckFailedException' || name === 'TransactionCanceledException';
}

/** An item as DynamoDB returns it (document client: plain values). */
export type Item = Record<string, unknown>;

/** How far (ms) a scheduled job keeping its checkpoint in item `key` has looked (reminder jobs). */
export async function getCheckpoint(key: Item): Promise<number | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  return Item ? Number(Item.upToMs) : undefined;
}

/** Moves a job's checkpoint forward only (an overlapping slower run never moves it back). */
export async function advanceCheckpoint(key: Item, entity: string, upToMs: number): Promise<void> {
  try {
    await ddb().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...key, entity, upToMs },
        ConditionExpression: 'attribute_not_exists(pk) OR upToMs < :u',
        ExpressionAttributeValues: { ':u': upToMs },
      }),
    );
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
  }
}

/**
 * A stored item as the record it holds: drops the storage attributes (keys, index keys gsi1–gsi4,
 * `entity`, `ttl`) and keeps the rest.
 */
export function fromItem<T>(item: Item): T {
  const { pk: _a, sk: _b, gsi1pk: _c, gsi1sk: _d, gsi2pk: _e, gsi2sk: _f, entity: _g, ttl: _h, ...rest } = item;
  const { gsi3pk: _i, gsi3sk: _j, gsi4pk: _k, gsi4sk: _l, ...record } = rest;
  return record as T;
}

/** Every item a Query returns, page after page, until done or at least `limit` items are in. */
export async function queryAll(input: QueryCommandInput, limit = Infinity): Promise<Item[]> {
  const out: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = await ddb().send(new QueryCommand({ ...input, ExclusiveStartKey }));
    out.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey && out.length < limit);
  return out;
}

/** Writes an item unless one with its key exists; true when written. Keeps what users changed. */
export async function putIfAbsent(item: Item): Promise<boolean> {
  try {
    await ddb().send(new PutCommand({ TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Exponential backoff with full jitter: a random wait in [0, min(cap, base·2^attempt)). */
export function backoffMs(attempt: number, baseMs: number, capMs: number): number {
  return Math.random() * Math.min(capMs, baseMs * 2 ** attempt);
}

/** How hard to retry: attempts in all, and the backoff's base and cap (ms). */
export interface RetryPolicy {
  attempts?: number;
  baseMs?: number;
  capMs?: number;
}

/** Error names DynamoDB and the SDK use for "too much load now", or for a call that timed out. */
const BUSY_ERROR_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionInProgressException',
  'TransactionConflictException',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const BUSY_REASON_CODES = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded', 'TransactionConflict', 'RequestLimitExceeded']);
const BUSY_ERRNO = new Set(['ETIMEDOUT', 'ECONNRESET', 'EPIPE', 'ECONNREFUSED']);

/**
 * True when a DynamoDB call failed for load or time, not for what it asked: throttling,
 * a transaction in progress or conflicting, a timeout. The HTTP wrapper answers these with
 * 503 SERVICE_BUSY and Retry-After, whichever storage call raised them.
 */
export function isBusyError(err: unknown): boolean {
  const e = err as { name?: string; code?: string; $retryable?: { throttling?: boolean }; CancellationReasons?: { Code?: string }[] } | undefined;
  if (!e || typeof e !== 'object') return false;
  if (e.name && BUSY_ERROR_NAMES.has(e.name)) return true;
  if (e.code && BUSY_ERRNO.has(e.code)) return true;
  if (e.$retryable?.throttling) return true;
  if (e.name === 'TransactionCanceledException') {
    const codes = (e.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
    return !codes.includes('ConditionalCheckFailed') && codes.some((c) => BUSY_REASON_CODES.has(c));
  }
  return false;
}

/**
 * True when DynamoDB refused the request itself (a key over its size limit, an empty
 * string key…): what the client sent slipped past our schemas, so it is a 400, not a 500.
 */
export function isDynamoValidationError(err: unknown): boolean {
  const e = err as { name?: string; CancellationReasons?: { Code?: string }[] } | undefined;
  if (e?.name === 'ValidationException') return true;
  return e?.name === 'TransactionCanceledException' && (e.CancellationReasons ?? []).some((r) => r.Code === 'ValidationError');
}

export type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Why DynamoDB cancelled each item of a transaction, in order ('None' for items that were fine). */
export interface CancellationReason {
  code: string;
  /** The item as stored, when the item asked for it (ReturnValuesOnConditionCheckFailure). */
  item?: Item;
}

export type TransactOutcome = { ok: true } | { ok: false; reasons: CancellationReason[] };

/** Indexes of the items whose condition failed. */
export const failedItems = (reasons: CancellationReason[]) => reasons.flatMap((r, i) => (r.code === 'ConditionalCheckFailed' ? [i] : []));

/**
 * The one way our storage modules run a TransactWriteItems. A cancellation caused only by
 * contention with a concurrent transaction (TransactionConflict) is retried with
 * exponential backoff and full jitter; a cancellation for a condition comes back as the
 * per-item reasons, for the caller to map to its rules. Exhausted retries, throttling and
 * timeouts throw SERVICE_BUSY (503 with Retry-After); anything else is rethrown as is.
 */
export async function transact(items: TxItem[], policy: RetryPolicy = {}): Promise<TransactOutcome> {
  const { attempts = 10, baseMs = 10, capMs = 250 } = policy;
  for (let attempt = 1; ; attempt++) {
    try {
      await ddb().send(new TransactWriteCommand({ TransactItems: items }));
      return { ok: true };
    } catch (err) {
      const e = err as { name?: string; CancellationReasons?: { Code?: string; Item?: Record<string, any> }[] };
      if (e.name !== 'TransactionCanceledException' || isDynamoValidationError(err)) {
        if (isBusyError(err)) throw appError('SERVICE_BUSY');
        throw err;
      }
      const reasons: CancellationReason[] = (e.CancellationReasons ?? []).map((r) => ({
        code: r.Code ?? 'None',
        ...(r.Item ? { item: unmarshall(r.Item as any) } : {}),
      }));
      if (failedItems(reasons).length > 0 || !isBusyError(err)) return { ok: false, reasons };
      const conflictOnly = reasons.every((r) => r.code === 'None' || r.code === 'TransactionConflict');
      if (!conflictOnly || attempt >= attempts) throw appError('SERVICE_BUSY');
      await sleep(backoffMs(attempt, baseMs, capMs));
    }
  }
}

/** Options of `batchGetAll`: what each item read returns, and how consistently. */
export interface BatchGetOptions {
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ConsistentRead?: boolean;
}

/**
 * Every item behind `wanted` (keys of this table; missing ones are simply absent), in
 * BatchGetItem pages of 100. Keys DynamoDB leaves unprocessed (it does so when throttled)
 * are asked again after an exponential, jittered backoff, a bounded number of times; then
 * SERVICE_BUSY, never a silently partial answer. No request when `wanted` is empty. Order
 * is DynamoDB's, not `wanted`'s.
 */
export async function batchGetAll(wanted: { pk: string; sk: string }[], opts: BatchGetOptions = {}, policy: RetryPolicy = {}): Promise<Item[]> {
  const { attempts = 8, baseMs = 20, capMs = 500 } = policy;
  const out: Item[] = [];
  for (let i = 0; i < wanted.length; i += 100) {
    let request: Record<string, { Keys: Item[] } & BatchGetOptions> | undefined = { [tableName()]: { Keys: wanted.slice(i, i + 100), ...opts } };
    for (let attempt = 1; request && Object.keys(request).length > 0; attempt++) {
      if (attempt > attempts) throw appError('SERVICE_BUSY');
      if (attempt > 1) await sleep(backoffMs(attempt - 1, baseMs, capMs));
      const res = await ddb().send(new BatchGetCommand({ RequestItems: request }));
      out.push(...(res.Responses?.[tableName()] ?? []));
      request = res.UnprocessedKeys as typeof request;
    }
  }
  return out;
}

/** Reads waiting to go out together: per request scope (never mixing two requests), keyed by `pk␟sk`. */
interface ReadBatch {
  keys: Map<string, { pk: string; sk: string }>;
  done: Promise<Map<string, Item>>;
}
const readBatches = new WeakMap<object, ReadBatch>();
const outsideRequests = {};
const keyOf = (k: { pk: string; sk: string }) => `${k.pk}\u241f${k.sk}`;

/**
 * The items behind `wanted` (missing ones are absent), read together with every other
 * `getTogether` the same request starts in the same turn of the event loop: one
 * BatchGetItem (pages of 100, unprocessed keys retried as in `batchGetAll`) instead of one
 * request per caller. Several storage modules each ask for their own keys; a route that starts
 * them side by side pays one round trip and one request. Eventually consistent reads only.
 */
export function getTogether(wanted: { pk: string; sk: string }[]): Promise<Item[]> {
  if (wanted.length === 0) return Promise.resolve([]);
  const scope = requestScope.getStore() ?? outsideRequests;
  let batch = readBatches.get(scope);
  if (!batch) {
    const keys = new Map<string, { pk: string; sk: string }>();
    const done = new Promise<void>((go) => queueMicrotask(go)).then(async () => {
      readBatches.delete(scope);
      const items = await batchGetAll([...keys.values()]);
      return new Map(items.map((i) => [keyOf(i as { pk: string; sk: string }), i]));
    });
    batch = { keys, done };
    readBatches.set(scope, batch);
  }
  for (const k of wanted) batch.keys.set(keyOf(k), { pk: k.pk, sk: k.sk });
  return batch.done.then((found) =>
    wanted.flatMap((k) => {
      const item = found.get(keyOf(k));
      return item ? [item] : [];
    }),
  );
}

/**
 * Every item of one index partition whose sort key starts with `prefix` (`<index>pk = pk
 * AND begins_with(<index>sk, prefix)`), page after page; `newestFirst` reads backwards.
 */
export async function queryIndexPrefix(index: 'gsi1' | 'gsi2', pk: string, prefix: string, opts: { newestFirst?: boolean } = {}): Promise<Item[]> {
  return queryAll({
    TableName: tableName(),
    IndexName: index,
    KeyConditionExpression: `${index}pk = :pk AND begins_with(${index}sk, :p)`,
    ExpressionAttributeValues: { ':pk': pk, ':p': prefix },
    ...(opts.newestFirst ? { ScanIndexForward: false } : {}),
  });
}

/**
 * The `name` of each item behind `<KIND>#<id>/META` keys, by id, in BatchGetItem pages of
 * 100 (retrying unprocessed keys). Used to label a user's scopes.
 */
export async function batchGetNames(wanted: { pk: string; sk: string }[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const items = await batchGetAll(wanted, { ProjectionExpression: 'pk, #n', ExpressionAttributeNames: { '#n': 'name' } });
  for (const item of items) names.set(String(item.pk).split('#').slice(1).join('#'), String(item.name));
  return names;
}

/** A page of a list endpoint: the items and, while more follow, the opaque cursor to the next page. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/**
 * The opaque `cursor` of our list endpoints: the Query's LastEvaluatedKey as base64url
 * JSON. A cursor that does not decode to a small flat key is a 400, not a DynamoDB error.
 */
export function encodeCursor(key: Item | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : undefined;
}

export function decodeCursor(cursor: string | undefined): Item | undefined {
  if (!cursor) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw appError('VALIDATION_FAILED', '分页参数无效，请从第一页重新加载', [{ path: 'cursor', message: '分页参数无效' }]);
  }
  const ok =
    key !== null &&
    typeof key === 'object' &&
    !Array.isArray(key) &&
    Object.keys(key).length > 0 &&
    Object.keys(key).length <= 6 &&
    Object.values(key).every((v) => (typeof v === 'string' && v.length > 0 && v.length <= 1024) || typeof v === 'number');
  if (!ok) throw appError('VALIDATION_FAILED', '分页参数无效，请从第一页重新加载', [{ path: 'cursor', message: '分页参数无效' }]);
  return key as Item;
}

/**
 * One page of a Query: at most `limit` items (DynamoDB's Limit, so a page reads at most
 * that many), starting after `cursor`. A filtered query may return fewer; the cursor goes on.
 */
export async function queryPage(input: QueryCommandInput, page: { limit: number; cursor?: string }): Promise<Page<Item>> {
  const res = await ddb().send(new QueryCommand({ ...input, Limit: page.limit, ExclusiveStartKey: decodeCursor(page.cursor) }));
  return { items: res.Items ?? [], nextCursor: encodeCursor(res.LastEvaluatedKey) };
}
