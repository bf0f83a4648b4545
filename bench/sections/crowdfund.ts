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

/** The pledge race on a capped line, pledges per second across lines, and the crowdfund page with 0 and 2,000 backers. */
export async function run(ctx: BenchContext): Promise<void> {
  const { stack } = ctx;
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
  // serverless-offline answers a handler timeout with 200 and an errorMessage: ask again on a loaded machine.
  let detail = await send(`${api}/crowdfunds/${raceId}`, 'GET', admin);
  for (let attempt = 0; !detail.json?.lines && attempt < 5; attempt++) {
    await new Promise((r) => setTimeout(r, 2000));
    detail = await send(`${api}/crowdfunds/${raceId}`, 'GET', admin);
  }
  if (!detail.json?.lines) throw new Error(`GET crowdfund: ${detail.status} ${JSON.stringify(detail.json)}`);
  const line = detail.json.lines[0];
  const accepted = outcomes.filter((o) => o.status === 201);
  const overTarget = outcomes.filter((o) => o.status === 409 && o.code === 'OVER_TARGET');
  const other = outcomes.length - accepted.length - overTarget.length;
  const sum = accepted.reduce((s, o) => s + o.quantity, 0);
  console.log(`\n## Pledge race: 200 simultaneous POST /crowdfunds/{id}/pledges (1–3 items each) to a line capped at ${TARGET}`);
  console.log(
    `accepted (201): ${accepted.length}   rejected OVER_TARGET (409): ${overTarget.length}   other: ${other}   ` +
      `final total ${line.pledged} / target ${TARGET} (sum of accepted: ${sum}${line.pledged === sum && line.pledged <= TARGET ? ', consistent' : ', INCONSISTENT'})   time: ${ms(raceMs)}`,
  );

  // 2. Pledges per second to ONE crowdfund at concurrency 50, spread over its 20 lines: a
  //    pledge transaction touches only its line (no META check), so lines do not contend.
  //    The 2,000 pledges also make the "2,000 backers" crowdfund of part 3.
  const C50 = 50;
  const BACKERS = 2000;
  const LINES = 20;
  const pledgers = await Promise.all(Array.from({ length: C50 }, (_, i) => ctx.login(`bench-backer-${i}`)));
  const busyId = await openCrowdfund(
    ctx,
    admin,
    `压测：2000 位支持者 ${stamp}`,
    Array.from({ length: LINES }, (_, i) => ({ kind: 'money', title: `资金 ${i + 1}`, target: 10_000_000_000 })),
  );
  const pledgeStatuses: number[] = [];
  const since = Date.now();
  const t0 = performance.now();
  const pledgeTimes = await measure(BACKERS, C50, async (i) => {
    const r = await send(`${api}/crowdfunds/${busyId}/pledges`, 'POST', pledgers[i % C50], {
      lineId: `ln-${(i % LINES) + 1}`,
      amount: 100 + (i % 50),
      anonymous: i % 4 === 0,
      clientToken: `bench-busy-${stamp}-${i}`,
    });
    pledgeStatuses.push(r.status);
  });
  const pledgeSeconds = (performance.now() - t0) / 1000;
  const created = pledgeStatuses.filter((s) => s === 201).length;
  const p = (v: number[], q: number) => ms(percentile(v, q));
  console.log(`\n## Pledges to one crowdfund at concurrency ${C50}, across its ${LINES} lines`);
  console.log(
    `${BACKERS} POST pledges: ${created} × 201, other: ${BACKERS - created}   ${(created / pledgeSeconds).toFixed(1)} pledges/s   ` +
      `p50 ${p(pledgeTimes, 50)}  p99 ${p(pledgeTimes, 99)}   DynamoDB requests/call: ${ctx.ddbRequestsPerCall('createPledge', since).toFixed(2)}`,
  );
  // The same at one line (all pledges contend on that line's running total, by design: its cap).
  const oneLineId = await openCrowdfund(ctx, admin, `压测：单项认捐 ${stamp}`, [{ kind: 'money', title: '资金', target: 10_000_000_000 }]);
  const oneStatuses: number[] = [];
  const t1 = performance.now();
  const oneTimes = await measure(500, C50, async (i) => {
    const r = await send(`${api}/crowdfunds/${oneLineId}/pledges`, 'POST', pledgers[i % C50], { lineId: 'ln-1', amount: 100, clientToken: `bench-one-${stamp}-${i}` });
    oneStatuses.push(r.status);
  });
  const oneCreated = oneStatuses.filter((s) => s === 201).length;
  console.log(
    `500 POST pledges to one line: ${oneCreated} × 201, other: ${500 - oneCreated}   ${(oneCreated / ((performance.now() - t1) / 1000)).toFixed(1)} pledges/s   p50 ${p(oneTimes, 50)}  p99 ${p(oneTimes, 99)}`,
  );

  // 3. The crowdfund page with no backers and with 2,000: the same bytes, time and DynamoDB requests.
  const emptyId = await openCrowdfund(
    ctx,
    admin,
    `压测：0 位支持者 ${stamp}`,
    Array.from({ length: LINES }, (_, i) => ({ kind: 'money', title: `资金 ${i + 1}`, target: 10_000_000_000 })),
  );
  console.log(`\n## GET /crowdfunds/{id}: a crowdfund with 0 and with ${BACKERS} backers (${LINES} lines each), 300 views at concurrency 10`);
  for (const [label, id] of [['0 backers', emptyId], [`${created} backers`, busyId]] as const) {
    const viewSince = Date.now();
    let bytes = 0;
    let count = 0;
    const times = await measure(300, 10, async () => {
      const res = await fetch(`${api}/crowdfunds/${id}`);
      const body = await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET crowdfund: ${res.status}`);
      bytes = body.byteLength;
      count = (JSON.parse(Buffer.from(body).toString('utf8')) as { backerCount: number }).backerCount;
    });
    console.log(
      `${label.padEnd(14)} backerCount ${String(count).padEnd(5)} response ${bytes} bytes   p50 ${p(times, 50)}  p99 ${p(times, 99)}   DynamoDB requests/view: ${ctx.ddbRequestsPerCall('getCrowdfund', viewSince).toFixed(2)}`,
    );
  }
}
