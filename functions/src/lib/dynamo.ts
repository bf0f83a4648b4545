import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from './config';

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

type Item = Record<string, unknown>;

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

/**
 * The `name` of each item behind `<KIND>#<id>/META` keys, by id, in BatchGetItem pages of
 * 100 (retrying unprocessed keys). Used to label a user's scopes.
 */
export async function batchGetNames(wanted: { pk: string; sk: string }[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (let i = 0; i < wanted.length; i += 100) {
    let request: Record<string, { Keys: Item[]; ProjectionExpression: string; ExpressionAttributeNames: Record<string, string> }> | undefined = {
      [tableName()]: { Keys: wanted.slice(i, i + 100), ProjectionExpression: 'pk, #n', ExpressionAttributeNames: { '#n': 'name' } },
    };
    while (request && Object.keys(request).length > 0) {
      const res = await ddb().send(new BatchGetCommand({ RequestItems: request }));
      for (const item of res.Responses?.[tableName()] ?? []) names.set(String(item.pk).split('#').slice(1).join('#'), String(item.name));
      request = res.UnprocessedKeys as typeof request;
    }
  }
  return names;
}
