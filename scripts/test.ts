/**
 * `npm test`: type checks, both mini-program builds, then every jest project (unit,
 * integration, api, browser, miniprogram) against one local stack started for the run:
 * DynamoDB Local in memory, the API under serverless-offline with a fake WeChat server,
 * and the H5 build. Extra arguments go to jest (`npm test -- tests/api`).
 * `--no-build` reuses the last builds; `--no-typecheck` skips tsc.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { startStack } from './local/stack';
import { buildH5, buildWeapp } from './local/web';
import { startFakeWechat, FAKE_APP_ID, FAKE_APP_SECRET } from '../tests/fakes/wechat-server';

const ROOT = resolve(__dirname, '..');
// Overridable so that two runs on one machine (say, two developers' worktrees) do not collide.
const ARTIFACTS = resolve(ROOT, process.env.TEST_ARTIFACTS_DIR ?? '.test-artifacts');
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((res) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code) => res(code ?? 1));
  });
}

async function step<T>(title: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  console.log(`\n▶ ${title}`);
  const out = await fn();
  console.log(`  ✓ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return out;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const jestArgs = argv.filter((a) => a !== '--no-build' && a !== '--no-typecheck');
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });

  // The type check runs while the mini-program builds: each is mostly one process on one core
  // (CI has two), and neither needs the other's output. A failed type check still stops the run.
  const apiPort = port('TEST_API_PORT', 3100);
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const typecheck = argv.includes('--no-typecheck')
    ? Promise.resolve(0)
    : step('类型检查 (tsc: shared, functions, miniprogram, scripts)', () => run('npm', ['run', '--silent', 'typecheck']));
  const builds = argv.includes('--no-build')
    ? Promise.resolve()
    : (async () => {
        await step('构建小程序 weapp（并检查主包大小）', async () => {
          await buildWeapp(resolve(ARTIFACTS, 'build-weapp.log'));
          const code = await run('npx', ['tsx', 'scripts/mp-size.ts']);
          if (code !== 0) throw new Error('主包大小检查未通过');
        });
        await step('构建 H5（指向测试 API）', () => buildH5(apiUrl, resolve(ARTIFACTS, 'build-h5.log')));
      })();
  const [typecheckCode, built] = await Promise.allSettled([typecheck, builds]);
  if (typecheckCode.status === 'fulfilled' && typecheckCode.value !== 0) return typecheckCode.value;
  if (typecheckCode.status === 'rejected') throw typecheckCode.reason;
  if (built.status === 'rejected') throw built.reason;

  const wechat = await startFakeWechat();
  const stack = await step('启动测试环境（DynamoDB Local、对象存储、API、H5）', () =>
    startStack({
      ddbPort: port('TEST_DDB_PORT', 8100),
      apiPort,
      lambdaPort: port('TEST_LAMBDA_PORT', 3102),
      webPort: port('TEST_WEB_PORT', 10186),
      s3Port: port('TEST_S3_PORT', process.env.TEST_DDB_PORT ? Number(process.env.TEST_DDB_PORT) + 60 : 4668),
      buildWeb: false,
      apiLogFile: resolve(ARTIFACTS, 'api.log'),
      apiEnv: { WECHAT_API_BASE: wechat.url, WECHAT_APP_ID: FAKE_APP_ID, WECHAT_APP_SECRET: FAKE_APP_SECRET },
    }),
  );

  const results = resolve(ARTIFACTS, 'jest-results.json');
  let code = 1;
  try {
    code = await run('npx', ['jest', '--json', `--outputFile=${results}`, ...jestArgs], {
      RS_API_URL: stack.apiUrl,
      RS_WEB_URL: stack.webUrl ?? '',
      RS_DDB_ENDPOINT: stack.dynamoEndpoint,
      RS_S3_ENDPOINT: stack.s3Endpoint,
      RS_UPLOADS_BUCKET: stack.uploadsBucket,
      RS_TABLE: stack.tableName,
      RS_API_LOG: resolve(ARTIFACTS, 'api.log'),
      RS_ARTIFACTS: ARTIFACTS,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
  } finally {
    await stack.stop();
    await wechat.stop();
  }
  try {
    const r = JSON.parse(readFileSync(results, 'utf8'));
    console.log(`\n${r.numPassedTests} passed, ${r.numFailedTests} failed${r.numPendingTests ? `, ${r.numPendingTests} skipped` : ''}`);
  } catch {
    console.log('\n0 passed, 1 failed');
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`测试运行失败：${(err as Error).stack ?? err}`);
    process.exit(1);
  },
);
