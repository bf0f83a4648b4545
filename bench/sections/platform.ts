import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { rawClient } from '../../scripts/local/table';
import { keys } from '../../functions/src/lib/keys';
import type { BenchContext } from '../context';
import { measure, ms, percentile } from '../lib';

/** GET /me against the local stack next to a raw GetItem on the same DynamoDB Local. */
export async function run(ctx: BenchContext): Promise<void> {
  const { stack, requests: n, concurrency: c } = ctx;
  const headers = { authorization: `Bearer ${await ctx.login('demo-staff')}` };
  await measure(100, c, async () => void (await (await fetch(`${stack.apiUrl}/me`, { headers })).arrayBuffer()));
  const since = Date.now();
  let failures = 0;
  const me = await measure(n, c, async () => {
    const res = await fetch(`${stack.apiUrl}/me`, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) failures++;
  });

  const client = rawClient(stack.dynamoEndpoint);
  const get = new GetItemCommand({ TableName: stack.tableName, Key: { pk: { S: keys.user('u-demo-staff').pk }, sk: { S: 'PROFILE' } } });
  await measure(100, c, async () => void (await client.send(get)));
  const raw = await measure(n, c, async () => void (await client.send(get)));

  const [m50, m99, r50, r99] = [percentile(me, 50), percentile(me, 99), percentile(raw, 50), percentile(raw, 99)];
  console.log(`\n## GET /me vs raw GetItem: ${n} requests each at concurrency ${c}, same DynamoDB Local`);
  console.log(`GET /me (HTTP → serverless-offline → handler → DynamoDB)  p50 ${ms(m50)}  p99 ${ms(m99)}  non-200: ${failures}`);
  console.log(`raw GetItem (SDK → DynamoDB Local)                        p50 ${ms(r50)}  p99 ${ms(r99)}`);
  console.log(`ratio GET /me ÷ GetItem                                   p50 ${(m50 / r50).toFixed(1)}×  p99 ${(m99 / r99).toFixed(1)}×`);
  console.log(`DynamoDB requests per GET /me (demo-staff): ${ctx.ddbRequestsPerCall('me', since).toFixed(2)}`);
}
