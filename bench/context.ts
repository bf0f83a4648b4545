import { readFileSync } from 'node:fs';
import type { Stack } from '../scripts/local/stack';
import { percentile } from './lib';

/** What every benchmark section gets: the running local stack and a few helpers. */
export interface BenchContext {
  stack: Stack;
  /** Requests per section (BENCH_REQUESTS, default 2000). */
  requests: number;
  concurrency: number;
  apiLogFile: string;
  login: (openid: string) => Promise<string>;
  /** Average DynamoDB requests per call of a route, from the API's "request done" log lines since `since`. */
  ddbRequestsPerCall: (route: string, since: number) => number;
  /** The `q`th percentile of the handler's own time (its log line: after HTTP and the Lambda emulation). */
  handlerMs: (route: string, since: number, q: number) => number;
}

export function makeContext(stack: Stack, apiLogFile: string, requests: number, concurrency: number): BenchContext {
  return {
    stack,
    requests,
    concurrency,
    apiLogFile,
    login: async (openid) => {
      const res = await fetch(`${stack.apiUrl}/auth/dev-login`, { method: 'POST', body: JSON.stringify({ openid }) });
      if (!res.ok) throw new Error(`dev-login failed: ${res.status}`);
      return ((await res.json()) as { token: string }).token;
    },
    ddbRequestsPerCall: (route, since) => {
      const lines = doneLines(apiLogFile, route, since);
      return lines.length ? lines.reduce((s, l) => s + l.ddbRequests, 0) / lines.length : NaN;
    },
    handlerMs: (route, since, q) => percentile(doneLines(apiLogFile, route, since).map((l) => l.ms), q),
  };
}

/** The API's "request done" lines (lib/http) of one route since a time. */
function doneLines(apiLogFile: string, route: string, since: number) {
  return readFileSync(apiLogFile, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"request done"'))
    .map((l) => JSON.parse(l.slice(l.indexOf('{'))) as { route: string; ddbRequests: number; ms: number; timestamp: string })
    .filter((l) => l.route === route && Date.parse(l.timestamp) >= since);
}
