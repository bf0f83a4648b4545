import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { track, waitFor, stop } from './processes';

const ROOT = resolve(__dirname, '../..');

export interface LocalApi {
  url: string;
  /** The serverless-offline process (every handler runs inside it). */
  pid?: number;
  stop: () => Promise<void>;
}

/**
 * Serves the API with serverless-offline (stage `local`) from serverless.yml, the same
 * definition that deploys. Handlers get DynamoDB Local's endpoint through the environment.
 */
export async function startApi(opts: {
  port: number;
  lambdaPort: number;
  dynamoEndpoint: string;
  env?: Record<string, string>;
  /** serverless-offline's output (request lines, handler logs) goes to this file. */
  logFile: string;
}): Promise<LocalApi> {
  mkdirSync(dirname(opts.logFile), { recursive: true });
  const out = openSync(opts.logFile, 'w');
  const child = track(
    spawn(resolve(ROOT, 'node_modules/.bin/osls'), ['offline', 'start', '--stage', 'local'], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', out, out],
      env: {
        ...process.env,
        API_PORT: String(opts.port),
        LAMBDA_PORT: String(opts.lambdaPort),
        DYNAMODB_ENDPOINT: opts.dynamoEndpoint,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        SLS_TELEMETRY_DISABLED: '1',
        // Each stack bundles into its own folder, so a test run and `npm start` can coexist.
        ESBUILD_WORK_FOLDER: `.esbuild-${opts.port}`,
        ...opts.env,
      },
    }),
    'serverless-offline',
  );
  const url = `http://127.0.0.1:${opts.port}`;
  await waitFor(`serverless-offline (log: ${opts.logFile})`, async () => (await fetch(`${url}/openapi.json`)).ok, 90_000, child);
  return { url, pid: child.pid, stop: () => stop(child) };
}
