/**
 * `npm run bench`: prints the figures the issues ask for. Not part of `npm test`.
 *   1. per function: zipped and unzipped bundle size, module-load time (cold require)
 *   2. GET /me at concurrency 20 against the local stack vs. a raw DynamoDB GetItem
 *      against the same DynamoDB Local, in the same run
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { startStack } from '../scripts/local/stack';
import { rawClient } from '../scripts/local/table';
import { keys } from '../functions/src/lib/keys';
import { kb, measure, ms, percentile, unzip } from './lib';

const ROOT = resolve(__dirname, '..');
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = 20;

function median(values: number[]): number {
  return percentile(values, 50);
}

function bundles(): void {
  const out = mkdtempSync(join(tmpdir(), 'rs-bench-pkg-'));
  execFileSync(resolve(ROOT, 'node_modules/.bin/osls'), ['package', '--stage', 'prod', '--package', out], {
    cwd: ROOT,
    stdio: 'ignore',
    env: { ...process.env, SLS_TELEMETRY_DISABLED: '1' },
  });
  // Inside the repo so the excluded AWS SDK resolves from node_modules, as it does from the runtime.
  const loadDir = resolve(ROOT, '.bench');
  rmSync(loadDir, { recursive: true, force: true });
  mkdirSync(loadDir, { recursive: true });
  console.log('\n## Functions: bundle size and module-load time (median of 5 cold requires)');
  console.log('function           zip        unzipped   load');
  for (const file of readdirSync(out).filter((f) => f.endsWith('.zip')).sort()) {
    const name = file.replace(/\.zip$/, '');
    const zip = readFileSync(join(out, file));
    const entries = unzip(zip);
    const [entryName, code] = [...entries].find(([n]) => n.endsWith('.js'))!;
    const target = join(loadDir, name, entryName);
    mkdirSync(resolve(target, '..'), { recursive: true });
    writeFileSync(target, code);
    const loads = Array.from({ length: 5 }, () =>
      Number(
        execFileSync(process.execPath, [
          '-e',
          `const t=process.hrtime.bigint();require(${JSON.stringify(target)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`,
        ], { env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } }).toString(),
      ),
    );
    const unzipped = [...entries.values()].reduce((s, b) => s + b.length, 0);
    console.log(`${name.padEnd(18)} ${kb(statSync(join(out, file)).size).padEnd(10)} ${kb(unzipped).padEnd(10)} ${ms(median(loads))}`);
  }
  rmSync(loadDir, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
}

async function latency(): Promise<void> {
  const stack = await startStack({
    ddbPort: Number(process.env.BENCH_DDB_PORT ?? 8200),
    apiPort: Number(process.env.BENCH_API_PORT ?? 3200),
    lambdaPort: Number(process.env.BENCH_LAMBDA_PORT ?? 3202),
    apiLogFile: resolve(ROOT, '.data/bench-api.log'),
    apiEnv: { POWERTOOLS_LOG_LEVEL: 'WARN' },
  });
  try {
    const login = await fetch(`${stack.apiUrl}/auth/dev-login`, { method: 'POST', body: JSON.stringify({ openid: 'demo-staff' }) });
    const { token } = (await login.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}` };
    // Warm every worker serverless-offline may start.
    await measure(100, CONCURRENCY, async () => {
      await (await fetch(`${stack.apiUrl}/me`, { headers })).arrayBuffer();
    });
    let failures = 0;
    const me = await measure(REQUESTS, CONCURRENCY, async () => {
      const res = await fetch(`${stack.apiUrl}/me`, { headers });
      await res.arrayBuffer();
      if (res.status !== 200) failures++;
    });

    const client = rawClient(stack.dynamoEndpoint);
    const get = new GetItemCommand({ TableName: stack.tableName, Key: { pk: { S: keys.user('u-demo-staff').pk }, sk: { S: 'PROFILE' } } });
    await measure(100, CONCURRENCY, async () => void (await client.send(get)));
    const raw = await measure(REQUESTS, CONCURRENCY, async () => void (await client.send(get)));

    const [m50, m99, r50, r99] = [percentile(me, 50), percentile(me, 99), percentile(raw, 50), percentile(raw, 99)];
    console.log(`\n## GET /me vs raw GetItem: ${REQUESTS} requests each at concurrency ${CONCURRENCY}, same DynamoDB Local`);
    console.log(`GET /me (HTTP → serverless-offline → Lambda → DynamoDB)  p50 ${ms(m50)}  p99 ${ms(m99)}  non-200: ${failures}`);
    console.log(`raw GetItem (SDK → DynamoDB Local)                       p50 ${ms(r50)}  p99 ${ms(r99)}`);
    console.log(`ratio GET /me ÷ GetItem                                  p50 ${(m50 / r50).toFixed(1)}×  p99 ${(m99 / r99).toFixed(1)}×`);
    console.log('GET /me makes 2 DynamoDB requests: GetItem (caller and roles) + BatchGetItem (scope names; skipped when the user has none).');
  } finally {
    await stack.stop();
  }
}

async function main() {
  console.log(`# Red Station benchmark — ${new Date().toISOString()} — node ${process.version}`);
  bundles();
  await latency();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
