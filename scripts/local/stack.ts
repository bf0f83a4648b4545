import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { startDynamoLocal } from './dynamo';
import { ensureTable } from './table';
import { seed } from './seed';
import { startApi } from './api';
import { startS3Local } from './s3';
import { buildH5, H5_DIR, serveStatic } from './web';
import { stopAll, stopAllOnExit } from './processes';

export const LOCAL_TABLE = 'red-station-local';
export const DATA_DIR = resolve(__dirname, '../../.data/dynamodb');
export const S3_DATA_DIR = resolve(__dirname, '../../.data/s3');
export const LOCAL_UPLOADS_BUCKET = 'red-station-local-uploads';
export const API_LOG = resolve(__dirname, '../../.data/api.log');

export interface StackOptions {
  ddbPort: number;
  apiPort: number;
  lambdaPort: number;
  webPort?: number;
  /** Keep DynamoDB's data in this folder; in memory when absent. */
  dataDir?: string;
  /** The local S3 (photo uploads): its port, and its objects' folder (a temporary one, removed on stop, when absent). */
  s3Port: number;
  s3DataDir?: string;
  fresh?: boolean;
  /** Extra environment for the handlers (e.g. a fake WeChat server's URL). */
  apiEnv?: Record<string, string>;
  buildWeb?: boolean;
  /** Where serverless-offline writes its output. */
  apiLogFile: string;
  /** Where the H5 build writes its output (default: beside the API log). */
  buildLogFile?: string;
  log?: (line: string) => void;
}

export interface Stack {
  dynamoEndpoint: string;
  s3Endpoint: string;
  uploadsBucket: string;
  apiUrl: string;
  webUrl?: string;
  tableName: string;
  /** Process ids of the API (serverless-offline) and of DynamoDB Local, for the benchmark's CPU figures. */
  pids: { api?: number; dynamo?: number };
  stop: () => Promise<void>;
}

/** DynamoDB Local → table → demo data → API → H5 app: the whole local product. */
export async function startStack(opts: StackOptions): Promise<Stack> {
  const log = opts.log ?? (() => {});
  stopAllOnExit();
  if (opts.fresh && opts.dataDir) rmSync(opts.dataDir, { recursive: true, force: true });
  if (opts.fresh && opts.s3DataDir) rmSync(opts.s3DataDir, { recursive: true, force: true });

  log('启动 DynamoDB Local …');
  const dynamo = await startDynamoLocal({ port: opts.ddbPort, dataDir: opts.dataDir });
  const created = await ensureTable(dynamo.endpoint, LOCAL_TABLE);
  log(created ? `已创建数据表 ${LOCAL_TABLE}` : `数据表 ${LOCAL_TABLE} 已存在，保留原有数据`);
  const seeded = await seed(dynamo.endpoint, LOCAL_TABLE);
  log(`演示数据：新写入 ${seeded.orgItemsWritten} 条组织数据、${seeded.usersCreated} 个用户`);

  const apiUrl = `http://127.0.0.1:${opts.apiPort}`;
  const webUrl = opts.webPort ? `http://127.0.0.1:${opts.webPort}` : undefined;
  const s3Dir = opts.s3DataDir ?? mkdtempSync(join(tmpdir(), 'rs-s3-'));
  const s3 = await startS3Local({
    port: opts.s3Port,
    dataDir: s3Dir,
    bucket: LOCAL_UPLOADS_BUCKET,
    origins: webUrl ? [webUrl, webUrl.replace('127.0.0.1', 'localhost')] : ['*'],
  });
  log(`本地对象存储（s3rver）${s3.endpoint}，存储桶 ${s3.bucket}`);
  const [api, web] = await Promise.all([
    (async () => {
      log('启动 API（serverless-offline）…');
      return startApi({
        port: opts.apiPort,
        lambdaPort: opts.lambdaPort,
        dynamoEndpoint: dynamo.endpoint,
        // Poster QR codes point at the H5 app this stack serves.
        env: { TABLE_NAME: LOCAL_TABLE, S3_ENDPOINT: s3.endpoint, UPLOADS_BUCKET: s3.bucket, ...(webUrl ? { WEB_BASE_URL: webUrl } : {}), ...opts.apiEnv },
        logFile: opts.apiLogFile,
      });
    })(),
    (async () => {
      if (!opts.webPort) return undefined;
      if (opts.buildWeb !== false) {
        log('构建 H5 小程序 …');
        await buildH5(apiUrl, opts.buildLogFile ?? resolve(dirname(opts.apiLogFile), 'build-h5.log'));
      }
      return serveStatic(H5_DIR, opts.webPort);
    })(),
  ]);

  return {
    dynamoEndpoint: dynamo.endpoint,
    s3Endpoint: s3.endpoint,
    uploadsBucket: s3.bucket,
    apiUrl: api.url,
    webUrl: web?.url ?? webUrl,
    tableName: LOCAL_TABLE,
    pids: { api: api.pid, dynamo: dynamo.pid },
    stop: async () => {
      await web?.stop();
      await stopAll();
      if (!opts.s3DataDir) rmSync(s3Dir, { recursive: true, force: true });
    },
  };
}
