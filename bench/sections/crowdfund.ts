import type { BenchContext } from '../context';
import { measure, ms, percentile } from '../lib';

const DAY = 24 * 3600_000;

async function send(url: string, method: string, token: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** Creates, submits and approves a crowdfund in 幸福社区 (demo-admin organises and reviews). */
async function openCrowdfund(ctx: BenchContext, admin: string, title: string, lines: unknown[]): Promise<string> {
  const api = ctx.stack.apiUrl;
  const created = await send(`${api}/crowdfunds`, 'POST', admin, {
    communityId: 'cm-xingfu',
    title,
    story: '性能测试用的众筹项目，不对外展示的数据。',
    deadline: new Date(Date.now() + 30 * DAY).toISOString(),
    lines,
  });
  if (created.status !== 201) throw new Error(`create crowdfund: ${created.status} ${JSON.stringify(created.json)}`);
  const id = created.json.id as string;
  await send(`${api}/crowdfunds/${id}/submit`, 'POST', admin);
  const approved = await send(`${api}/crowdfunds/${id}/approve`, 'POST', admin, {});
  if (approved.json?.status !== 'open') throw new Error(`approve crowdfund: ${approved.status}`);
  return id;
}

/** The pledge race on a capped line, and pledge creation latency at the bench concurrency. */
export async function run(ctx: BenchContext): Promise<void> {
  const { stack, concurrency: c } = ctx;
  const api = stack.apiUrl;
  const admin = await ctx.login('demo-admin');
  const stamp = Date.now().toString(36);

  // 1. The race: 200 simultaneous pledges of 1–3 items to a materials line capped at 150.
  const TARGET = 150;
  const raceId = await openCrowdfund(ctx, admin, `压测：认捐竞争 ${stamp}`, [{ kind: 'materials', title: '地砖', item: '地砖', unit: '块', target: TARGET }]);
  const racers = await Promise.all(Array.from({ length: 20 }, (_, i) => ctx.login(`bench-pledger-${i}`)));
  const started = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: 200 }, async (_, i) => {
      const quantity = 1 + (i % 3);
      const r = await send(`${api}/crowdfunds/${raceId}/pledges`, 'POST', racers[i % racers.length], { lineId: 'ln-1', quantity, clientToken: `bench-race-${stamp}-${i}` });
      return { status: r.status, code: r.json?.error?.code as string | undefined, quantity };
    }),
  );
  const raceMs = performance.now() - started;
  const line = (await send(`${api}/crowdfunds/${raceId}`, 'GET', admin)).json.lines[0];
  const accepted = outcomes.filter((o) => o.status === 201);
  const overTarget = outcomes.filter((o) => o.status === 409 && o.code === 'OVER_TARGET');
  const other = outcomes.length - accepted.length - overTarget.length;
  const sum = accepted.reduce((s, o) => s + o.quantity, 0);
  console.log(`\n## Pledge race: 200 simultaneous POST /crowdfunds/{id}/pledges (1–3 items each) to a line capped at ${TARGET}`);
  console.log(
    `accepted (201): ${accepted.length}   rejected OVER_TARGET (409): ${overTarget.length}   other: ${other}   ` +
      `final total ${line.pledged} / target ${TARGET} (sum of accepted: ${sum}${line.pledged === sum && line.pledged <= TARGET ? ', consistent' : ', INCONSISTENT'})   time: ${ms(raceMs)}`,
  );

  // 2. Pledge creation at concurrency c: distinct client tokens on an uncapped-enough money line.
  const latencyId = await openCrowdfund(ctx, admin, `压测：认捐延迟 ${stamp}`, [{ kind: 'money', title: '资金', target: 10_000_000_000 }]);
  const n = ctx.requests;
  const since = Date.now();
  const statuses: number[] = [];
  const times = await measure(n, c, async (i) => {
    const r = await send(`${api}/crowdfunds/${latencyId}/pledges`, 'POST', racers[i % racers.length], { lineId: 'ln-1', amount: 100 + (i % 50), clientToken: `bench-lat-${stamp}-${i}` });
    statuses.push(r.status);
  });
  // 2b. The same load spread over 20 lines (one per pledger): the cost of one hot line is
  //     the transaction conflicts it causes (retried with backoff), not the pledge itself.
  const spreadId = await openCrowdfund(
    ctx,
    admin,
    `压测：认捐延迟（分散）${stamp}`,
    racers.map((_, i) => ({ kind: 'money', title: `资金 ${i + 1}`, target: 10_000_000_000 })),
  );
  const spreadStatuses: number[] = [];
  const spread = await measure(n, c, async (i) => {
    const r = await send(`${api}/crowdfunds/${spreadId}/pledges`, 'POST', racers[i % racers.length], {
      lineId: `ln-${(i % racers.length) + 1}`,
      amount: 100 + (i % 50),
      clientToken: `bench-spread-${stamp}-${i}`,
    });
    spreadStatuses.push(r.status);
  });
  // 3. Replays: the same client tokens again (answered from the idempotency item).
  const replays = await measure(Math.min(n, 500), c, async (i) => {
    const r = await send(`${api}/crowdfunds/${latencyId}/pledges`, 'POST', racers[i % racers.length], { lineId: 'ln-1', amount: 100 + (i % 50), clientToken: `bench-lat-${stamp}-${i}` });
    statuses.push(r.status);
  });
  const p = (v: number[], q: number) => ms(percentile(v, q));
  console.log(`\n## Pledge latency at concurrency ${c}`);
  console.log(
    `POST pledges (new)     ${n} requests (${statuses.slice(0, n).filter((s) => s === 201).length} × 201)   p50 ${p(times, 50)}  p99 ${p(times, 99)}   DynamoDB requests/call: ${ctx.ddbRequestsPerCall('createPledge', since).toFixed(2)}`,
  );
  console.log(
    `POST pledges (20 lines) ${n} requests (${spreadStatuses.filter((s) => s === 201).length} × 201)   p50 ${p(spread, 50)}  p99 ${p(spread, 99)}`,
  );
  console.log(`POST pledges (replay)  ${replays.length} requests (${statuses.slice(n).filter((s) => s === 201).length} × 201, same pledge)   p50 ${p(replays, 50)}  p99 ${p(replays, 99)}`);
}
