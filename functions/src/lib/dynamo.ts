import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
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

/**
 * A stored item as the record it holds: drops the storage attributes (keys, index keys,
 * `entity`, `ttl`) and keeps the rest.
 */
export function fromItem<T>(item: Item): T {
  const { pk: _a, sk: _b, gsi1pk: _c, gsi1sk: _d, gsi2pk: _e, gsi2sk: _f, gsi3pk: _i, gsi3sk: _j, entity: _g, ttl: _h, ...rest } = item;
  return rest as T;
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

/** Options of `batchGetAll`: what each item read returns, and how consistently. */
export interface BatchGetOptions {
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ConsistentRead?: boolean;
}

/**
 * Every item behind `wanted` (keys of this table; missing ones are simply absent), in
 * BatchGetItem pages of 100, retrying the keys DynamoDB leaves unprocessed. No request
 * when `wanted` is empty. Order is DynamoDB's, not `wanted`'s.
 */
export async function batchGetAll(wanted: { pk: string; sk: string }[], opts: BatchGetOptions = {}): Promise<Item[]> {
  const out: Item[] = [];
  for (let i = 0; i < wanted.length; i += 100) {
    let request: Record<string, { Keys: Item[] } & BatchGetOptions> | undefined = { [tableName()]: { Keys: wanted.slice(i, i + 100), ...opts } };
    while (request && Object.keys(request).length > 0) {
      const res = await ddb().send(new BatchGetCommand({ RequestItems: request }));
      out.push(...(res.Responses?.[tableName()] ?? []));
      request = res.UnprocessedKeys as typeof request;
    }
  }
  return out;
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
