import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import yaml from 'js-yaml';

const FUNCTIONS_DIR = resolve(__dirname, '../../functions/src');

/** The scheduled functions declared in the domains' functions.yml, with their period in ms. */
export function scheduledFunctions(): { name: string; everyMs: number }[] {
  const out: { name: string; everyMs: number }[] = [];
  for (const domain of readdirSync(FUNCTIONS_DIR)) {
    let text: string;
    try {
      text = readFileSync(resolve(FUNCTIONS_DIR, domain, 'functions.yml'), 'utf8');
    } catch {
      continue;
    }
    const fns = yaml.load(text) as Record<string, { events?: { schedule?: string }[] }>;
    for (const [name, fn] of Object.entries(fns ?? {})) {
      const rate = fn.events?.find((e) => e.schedule)?.schedule?.match(/^rate\((\d+) minutes?\)$/);
      if (rate) out.push({ name, everyMs: Number(rate[1]) * 60_000 });
    }
  }
  return out;
}

/**
 * serverless-offline serves HTTP routes but ignores `schedule` events; locally we invoke
 * each scheduled function on its period through serverless-offline's Lambda Invoke API,
 * so the real handler runs (no-show sweep, crowdfund deadlines) as it would in AWS.
 */
export function runSchedules(lambdaPort: number, service: string, stage: string, log: (line: string) => void): () => void {
  const timers = scheduledFunctions().map(({ name, everyMs }) =>
    setInterval(() => {
      fetch(`http://127.0.0.1:${lambdaPort}/2015-03-31/functions/${service}-${stage}-${name}/invocations`, { method: 'POST', body: '{}' })
        .then((res) => {
          if (!res.ok) log(`定时任务 ${name} 调用失败：HTTP ${res.status}`);
        })
        .catch((err: Error) => log(`定时任务 ${name} 调用失败：${err.message}`));
    }, everyMs),
  );
  return () => timers.forEach(clearInterval);
}
