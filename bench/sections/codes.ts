import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { rawClient } from '../../scripts/local/table';
import { DEMO_CODES } from '../../functions/src/demo/data';
import type { BenchContext } from '../context';
import { measure, ms, percentile } from '../lib';

/**
 * The public building page (码上通) at concurrency c, its DynamoDB requests per call (counted
 * by the API itself: an SDK middleware per invocation, logged in each "request done" line),
 * next to the raw Query of the same partition on the same DynamoDB Local.
 */
export async function run(ctx: BenchContext): Promise<void> {
  const { stack, requests: n, concurrency: c } = ctx;
  const token = DEMO_CODES.find((x) => x.targetId === 'bd-xingfu-1')!.token;
  const url = `${stack.apiUrl}/buildings/bd-xingfu-1?code=${token}`;
  await measure(100, c, async () => void (await (await fetch(url)).arrayBuffer()));
  const since = Date.now();
  let failures = 0;
  const page = await measure(n, c, async () => {
    const res = await fetch(url);
    await res.arrayBuffer();
    if (res.status !== 200) failures++;
  });

  const doc = DynamoDBDocumentClient.from(rawClient(stack.dynamoEndpoint));
  const q = new QueryCommand({ TableName: stack.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'BUILDING#bd-xingfu-1' } });
  await measure(100, c, async () => void (await doc.send(q)));
  const raw = await measure(n, c, async () => void (await doc.send(q)));

  const [p50, p99, r50, r99] = [percentile(page, 50), percentile(page, 99), percentile(raw, 50), percentile(raw, 99)];
  console.log(`\n## Building page GET /buildings/{id}?code=…: ${n} requests at concurrency ${c}, no login`);
  console.log(`building page (HTTP → serverless-offline → handler → DynamoDB)  p50 ${ms(p50)}  p99 ${ms(p99)}  non-200: ${failures}`);
  console.log(`raw Query of BUILDING#bd-xingfu-1 (SDK → DynamoDB Local)        p50 ${ms(r50)}  p99 ${ms(r99)}`);
  console.log(`DynamoDB requests per building page (counted in the API, per invocation): ${ctx.ddbRequestsPerCall('buildingPage', since).toFixed(2)}`);
}
