/**
 * `npm run bench`: prints the figures the issues ask for. Not part of `npm test`.
 *   1. per function: zipped and unzipped bundle size, module-load time (cold require)
 *   2. the sections in bench/sections/ (GET /me vs raw GetItem, the booking race and
 *      latencies, …) against one local stack. `npm run bench -- booking` runs one section;
 *      `--no-bundles` skips part 1, `--bundles-only` part 2.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startStack } from '../scripts/local/stack';
import { makeContext, type BenchContext } from './context';
import { kb, ms, percentile, unzip } from './lib';

const ROOT = resolve(__dirname, '..');
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);

function median(values: number[]): number {
  return percentile(values, 50);
}

function bundles(): void {
  const out = mkdtempSync(join(tmpdir(), 'rs-bench-pkg-'));
  execFileSync(resolve(ROOT, 'node_modules/.bin/osls'), ['package', '--stage', 'prod', '--package', out], {
    cwd: ROOT,
    stdio: 'ignore',
    // A deployed stage needs these stage parameters; the bundles do not depend on them.
    env: { WEB_BASE_URL: 'https://h5.example.cn', ALARM_EMAIL: 'bench@example.cn', ...process.env, SLS_TELEMETRY_DISABLED: '1' },
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

/**
 * Every section in bench/sections/ runs against one local stack (in-memory DynamoDB Local).
 * A domain adds its figures as a section file and one line here.
 */
const SECTIONS: [string, () => Promise<{ run: (ctx: BenchContext) => Promise<void> }>][] = [
  ['platform', () => import('./sections/platform')],
  ['booking', () => import('./sections/booking')],
  ['codes', () => import('./sections/codes')],
  ['crowdfund', () => import('./sections/crowdfund')],
  ['import', () => import('./sections/import')],
  ['tree', () => import('./sections/tree')],
  ['activities', () => import('./sections/activities')],
  ['messages', () => import('./sections/messages')],
  ['requests', () => import('./sections/requests')],
];

/** A bench port: BENCH_<NAME>, else next to DDB_PORT's (several engineers' stacks on one machine), else the default. */
function benchPort(name: string, offset: number, fallback: number): number {
  const own = process.env[`BENCH_${name}_PORT`];
  if (own) return Number(own);
  return process.env.DDB_PORT ? Number(process.env.DDB_PORT) + offset : fallback;
}

async function sections(): Promise<void> {
  const apiLogFile = resolve(ROOT, '.data/bench-api.log');
  const stack = await startStack({
    ddbPort: benchPort('DDB', 40, 8200),
    apiPort: benchPort('API', 50, 3200),
    lambdaPort: benchPort('LAMBDA', 52, 3202),
    s3Port: benchPort('S3', 60, 4768),
    apiLogFile,
  });
  try {
    const ctx = makeContext(stack, apiLogFile, REQUESTS, CONCURRENCY);
    const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
    for (const [name, load] of SECTIONS) {
      if (only.length && !only.includes(name)) continue;
      await (await load()).run(ctx);
    }
  } finally {
    await stack.stop();
  }
}

async function main() {
  console.log(`# Red Station benchmark — ${new Date().toISOString()} — node ${process.version}`);
  if (!process.argv.includes('--no-bundles')) bundles();
  if (!process.argv.includes('--bundles-only')) await sections();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
