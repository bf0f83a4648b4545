import type { BenchContext } from '../context';
import { measure, ms, percentile } from '../lib';

/**
 * Requests 诉求: POST /requests (我要反映) at concurrency c from 20 residents of the demo
 * community, then the staff queue GET /communities/{id}/requests/queue?limit=20 (earliest
 * due first) read by its admin at concurrency c over the queue those submissions filled;
 * DynamoDB requests per call and p50/p99 of each.
 */
export async function run(ctx: BenchContext): Promise<void> {
  const { stack, concurrency: c } = ctx;
  const total = Math.min(ctx.requests, 600);
  const json = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const residents = await Promise.all(Array.from({ length: c }, (_, i) => ctx.login(`bench-request-${i}`)));
  const admin = await ctx.login('demo-admin');
  // From a building code page (the usual way in): the building is given.
  const report = (i: number) => ({ communityId: 'cm-xingfu', categoryId: 'repair', text: `基准测试：${i} 号路灯不亮`, buildingId: `bd-xingfu-${(Math.abs(i) % 4) + 1}`, public: i % 2 === 0 });
  // Warm the containers.
  await measure(c, c, async (i) => void (await json('POST', '/requests', residents[i % c], report(-i))));

  const since = Date.now();
  const statuses = new Map<number, number>();
  const submit = await measure(total, c, async (i) => {
    const res = await json('POST', '/requests', residents[i % c], report(i));
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  });
  console.log(`\n## Requests 诉求: POST /requests, ${total} reports, concurrency ${c}`);
  console.log(
    `p50 ${ms(percentile(submit, 50))}  p99 ${ms(percentile(submit, 99))}   DynamoDB requests/call: ${ctx.ddbRequestsPerCall('createRequest', since).toFixed(2)}   statuses: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(' ')}` +
      '   (the caller\'s profile, the community, its street\'s categories, the building, one TransactWriteItems: the request with its index keys and the timeline entry)',
  );

  const path = '/communities/cm-xingfu/requests/queue?limit=20';
  await measure(c, c, async () => void (await json('GET', path, admin)));
  const sinceQueue = Date.now();
  let shown = 0;
  const queue = await measure(total, c, async () => {
    const res = await json('GET', path, admin);
    shown = Math.max(shown, res.body.items?.length ?? 0);
  });
  console.log(`\n## Requests 诉求: staff queue GET ${path} (${total + c} requests queued), ${total} reads, concurrency ${c}`);
  console.log(`p50 ${ms(percentile(queue, 50))}  p99 ${ms(percentile(queue, 99))}   DynamoDB requests/call: ${ctx.ddbRequestsPerCall('requestQueue', sinceQueue).toFixed(2)}   items/page: ${shown}   (the caller\'s profile, one Query of the community\'s queue index)`);
}
