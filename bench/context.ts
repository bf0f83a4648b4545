import { readFileSync } from 'node:fs';
import type { Stack } from '../scripts/local/stack';

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
      const lines = readFileSync(apiLogFile, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"request done"'))
        .map((l) => JSON.parse(l.slice(l.indexOf('{'))) as { route: string; ddbRequests: number; timestamp: string })
        .filter((l) => l.route === route && Date.parse(l.timestamp) >= since);
      return lines.length ? lines.reduce((s, l) => s + l.ddbRequests, 0) / lines.length : NaN;
    },
  };
}
