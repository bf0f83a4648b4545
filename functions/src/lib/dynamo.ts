import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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
