import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { rawClient } from '../../scripts/local/table';
import { reloadConfig } from '../../functions/src/lib/config';
import { newMessage } from '../../functions/src/messages/domain';
import { inboxWrites } from '../../functions/src/messages/storage';
import type { BenchContext } from '../context';
import { measure, ms, percentile } from '../lib';
import { nthWeekdayAfterToday } from '../../tests/support/dates';

const post = async (url: string, token: string, body: unknown) => {
  const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { id?: string } };
};

/**
 * Messages 消息: what the inbox writes add to POST /bookings (the staff message) and to
 * approve (the resident's), and GET /me/messages at concurrency 20 on a full inbox.
 */
export async function run(ctx: BenchContext): Promise<void> {
  const { stack } = ctx;
  const hall = 'rm-centre-hall'; // needs approval: demo-staff (sn-xingfu-centre) hears of each booking
  const day = nthWeekdayAfterToday(5);
  const staff = await ctx.login('demo-staff');

  // POST /bookings and approve, one after the other (warm containers after the first).
  const since = Date.now();
  const starts = ['14:00', '15:00', '16:00', '17:00', '18:00', '19:00', '20:00'];
  let approved = 0;
  for (const [i, start] of starts.entries()) {
    const token = await ctx.login(`bench-msg-${i}`);
    const made = await post(`${stack.apiUrl}/bookings`, token, { roomId: hall, date: day, start, end: `${Number(start.slice(0, 2)) + 1}:00`, purpose: '消息基准', attendees: 3 });
    if (made.status !== 201 || !made.body.id) continue;
    if ((await post(`${stack.apiUrl}/bookings/${made.body.id}/approve`, staff, {})).status === 200) approved++;
  }
  console.log(`\n## Messages: inbox writes inside the event's transaction (${approved} bookings made and approved)`);
  console.log(
    `DynamoDB requests/call: POST /bookings ${ctx.ddbRequestsPerCall('createBooking', since).toFixed(2)}   approve ${ctx.ddbRequestsPerCall('approveBooking', since).toFixed(2)}` +
      '   (inside the one TransactWriteItems: + 1 Put and 1 counter Update per recipient, + 1 outbox Put where a template is configured; POST /bookings reads the station staff list item with its other reads, fresh for each booking)',
  );

  // GET /me/messages on an inbox of 500 messages, 20 in flight.
  process.env.DYNAMODB_ENDPOINT = stack.dynamoEndpoint;
  process.env.TABLE_NAME = stack.tableName;
  reloadConfig();
  const reader = await ctx.login('bench-msg-reader');
  const me = (await (await fetch(`${stack.apiUrl}/me`, { headers: { authorization: `Bearer ${reader}` } })).json()) as { id?: string; user?: { id: string } };
  const userId = me.user?.id ?? me.id ?? '';
  const doc = DynamoDBDocumentClient.from(rawClient(stack.dynamoEndpoint));
  const t0 = Date.now() - 500_000;
  for (let i = 0; i < 500; i += 25) {
    const batch = Array.from({ length: 25 }, (_, j) =>
      newMessage(userId, { kind: 'booking_approved', title: '预约已通过', body: `基准消息 ${i + j}`, link: '/pages/bookings/index' }, new Date(t0 + (i + j) * 1000)),
    );
    await doc.send(new TransactWriteCommand({ TransactItems: inboxWrites(batch) }));
  }
  const headers = { authorization: `Bearer ${reader}` };
  const url = `${stack.apiUrl}/me/messages?limit=20`;
  await measure(100, 20, async () => void (await (await fetch(url, { headers })).arrayBuffer()));
  const sinceList = Date.now();
  const n = Math.min(ctx.requests, 1000);
  const list = await measure(n, 20, async () => void (await (await fetch(url, { headers })).arrayBuffer()));
  const badge = await measure(n, 20, async () => void (await (await fetch(`${stack.apiUrl}/me/messages/unread-count`, { headers })).arrayBuffer()));
  console.log(`\n## GET /me/messages?limit=20 (inbox of 500), ${n} requests, concurrency 20`);
  console.log(`p50 ${ms(percentile(list, 50))}  p99 ${ms(percentile(list, 99))}   DynamoDB requests/call: ${ctx.ddbRequestsPerCall('listMyMessages', sinceList).toFixed(2)}`);
  console.log(`GET /me/messages/unread-count: p50 ${ms(percentile(badge, 50))}  p99 ${ms(percentile(badge, 99))}   DynamoDB requests/call: ${ctx.ddbRequestsPerCall('myUnreadCount', sinceList).toFixed(2)}`);
}
