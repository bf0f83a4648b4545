import { reloadConfig } from '../../functions/src/lib/config';
import { stackEnv } from './env';

/** Points the app's storage modules at the test stack's DynamoDB Local table. */
export function useStackTable(): void {
  process.env.DYNAMODB_ENDPOINT = stackEnv.dynamoEndpoint;
  process.env.TABLE_NAME = stackEnv.tableName;
  process.env.STAGE = 'local';
  reloadConfig();
}
