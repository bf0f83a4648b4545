import { TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { rawClient } from '../../scripts/local/table';
import type { BenchContext } from '../context';
import { measure, ms, percentile } from '../lib';

/** Local `YYYY-MM-DDTHH:mm` `days` after today in Asia/Shanghai. */
const dayAt = (days: number, hhmm: string) => `${new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10)}T${hhmm}`;

/**
 * Activity sign-ups 报名 at concurrency c on one activity (half the people confirmed, half
 * waitlisted), against a raw TransactWriteItems of the same items (the META counter with its
 * capacity condition, the registration, its ref, the block check, the inbox message and its
 * counter), and DynamoDB requests per sign-up.
 */
export async function run(ctx: BenchContext): Promise<void> {
  const { stack, concurrency: c } = ctx;
  const total = Math.min(ctx.requests, 600);
  const staff = await ctx.login('demo-staff');
  const json = async (method: string, path: string, token: string, body: unknown) => {
    const res = await fetch(`${stack.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const form = {
    title: '性能测试讲座',
    kind: 'lecture',
    start: dayAt(5, '10:00'),
    end: dayAt(5, '11:00'),
    place: { address: '幸福路 88 号' },
    capacity: Math.floor(total / 2),
    signUpOpens: dayAt(0, '00:00'),
    signUpCloses: dayAt(5, '10:00'),
    cancelDeadline: dayAt(5, '09:00'),
  };
  const created = await json('POST', '/stations/sn-xingfu-centre/activities', staff, form);
  await json('POST', `/activities/${created.body.id}/publish`, staff, {});
  const people: string[] = [];
  for (let i = 0; i < total; i += 50) people.push(...(await Promise.all(Array.from({ length: Math.min(50, total - i) }, (_, j) => ctx.login(`bench-signup-${i + j}`)))));
  const since = Date.now();
  const statuses: string[] = [];
  const signUps = await measure(total, c, async (i) => {
    const res = await json('POST', `/activities/${created.body.id}/registrations`, people[i], { companions: 0, clientToken: `bench-${i}-token` });
    statuses.push(res.status === 201 ? res.body.status : String(res.status));
  });

  const raw = rawClient(stack.dynamoEndpoint);
  const t = stack.tableName;
  const meta = { pk: { S: 'BENCHACTIVITY#raw' }, sk: { S: 'META' } };
  await raw.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: t, Item: { ...meta, taken: { N: '0' }, capacity: { N: String(total * 10) } } } }] }));
  let seq = 0;
  const tx = () => {
    const id = `raw-${seq++}`;
    return new TransactWriteItemsCommand({
      TransactItems: [
        {
          Update: {
            TableName: t,
            Key: meta,
            UpdateExpression: 'SET taken = taken + :one',
            ConditionExpression: '#capacity = :cap AND taken <= :max',
            // `capacity` is one of DynamoDB's reserved words.
            ExpressionAttributeNames: { '#capacity': 'capacity' },
            ExpressionAttributeValues: { ':one': { N: '1' }, ':cap': { N: String(total * 10) }, ':max': { N: String(total * 10 - 1) } },
          },
        },
        { Put: { TableName: t, Item: { pk: { S: 'BENCHACTIVITY#raw' }, sk: { S: `REG#${id}` } }, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: { TableName: t, Item: { pk: { S: `BENCHREG#${id}` }, sk: { S: 'REF' } } } },
        { ConditionCheck: { TableName: t, Key: { pk: { S: `BENCHUSER#${id}` }, sk: { S: 'ACTIVITY_BLOCK' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
        // The person's inbox message and its counter (messages/events.ts activityEventWrites).
        { Put: { TableName: t, Item: { pk: { S: `BENCHINBOX#${id}` }, sk: { S: 'MSG#1' }, body: { S: '活动报名成功' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Update: { TableName: t, Key: { pk: { S: `BENCHINBOX#${id}` }, sk: { S: 'COUNTER' } }, UpdateExpression: 'ADD unread :one', ExpressionAttributeValues: { ':one': { N: '1' } } } },
      ],
    });
  };
  const rawTx = await measure(total, c, async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        await raw.send(tx());
        return;
      } catch (err) {
        // One META item for all: contention is part of the shape; retry like lib/dynamo's transact.
        if ((err as { name?: string }).name !== 'TransactionCanceledException' || attempt > 10) throw err;
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(250, 10 * 2 ** attempt)));
      }
    }
  });
  const p = (v: number[], q: number) => ms(percentile(v, q));
  const count = (s: string) => statuses.filter((x) => x === s).length;
  console.log(`\n## Activity sign-ups at concurrency ${c}: ${total} people, ${form.capacity} seats, one activity`);
  console.log(
    `POST /activities/{id}/registrations   confirmed ${count('confirmed')}  waitlisted ${count('waitlisted')}  other ${total - count('confirmed') - count('waitlisted')}   p50 ${p(signUps, 50)}  p99 ${p(signUps, 99)}   DynamoDB requests/sign-up: ${ctx.ddbRequestsPerCall('signUp', since).toFixed(2)}`,
  );
  console.log(`raw TransactWriteItems (6 items, one META)   p50 ${p(rawTx, 50)}  p99 ${p(rawTx, 99)}   ratio sign-up ÷ raw: p50 ${(percentile(signUps, 50) / percentile(rawTx, 50)).toFixed(1)}×`);
}
