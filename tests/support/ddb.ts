import { reloadConfig } from '../../functions/src/lib/config';
import { stackEnv } from './env';

/** Points the app's storage modules at the test stack's DynamoDB Local table (and its local S3). */
export function useStackTable(): void {
  process.env.DYNAMODB_ENDPOINT = stackEnv.dynamoEndpoint;
  process.env.TABLE_NAME = stackEnv.tableName;
  process.env.S3_ENDPOINT = stackEnv.s3Endpoint;
  process.env.UPLOADS_BUCKET = stackEnv.uploadsBucket;
  process.env.STAGE = 'local';
  reloadConfig();
}
