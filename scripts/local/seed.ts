import { loadDemoData } from '../../functions/src/demo/load';
import { reloadConfig } from '../../functions/src/lib/config';

/** Loads the demo data into the table at `endpoint` through the app's own storage modules. */
export async function seed(endpoint: string, tableName: string) {
  process.env.DYNAMODB_ENDPOINT = endpoint;
  process.env.TABLE_NAME = tableName;
  reloadConfig();
  return loadDemoData();
}
