import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../functions/src/lib/keys';
import { reloadConfig } from '../../functions/src/lib/config';
import { transact, type TxItem } from '../../functions/src/lib/dynamo';
import { rawClient } from '../../scripts/local/table';
import type { BenchContext } from '../context';
import { cpuMs, measure, ms, percentile } from '../lib';
import { nthWeekdayAfterToday } from '../../tests/support/dates';

const post = async (url: string, token: string, body: unknown) => {
  const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
};

/** The booking race, availability and creation latency, and a raw TransactWriteItems. */
export async function run(ctx: BenchContext): Promise<void> {
  const { stack, concurrency: c } = ctx;
  const room = 'rm-centre-reading';
  const day = nthWeekdayAfterToday(2);
  const doc = DynamoDBDocumentClient.from(rawClient(stack.dynamoEndpoint));

  // BENCH_BOOKING_LATENCY_ONLY=1 skips the race and the rush (on a loaded machine they end in
  // serverless-offline's Lambda timeouts before the latency figures are reached).
  if (!process.env.BENCH_BOOKING_LATENCY_ONLY) {
    // 1. The race: 100 residents, one slot.
    const tokens = await Promise.all(Array.from({ length: 100 }, (_, i) => ctx.login(`bench-racer-${i}`)));
    const started = performance.now();
    const statuses = await Promise.all(
      tokens.map((t) => post(`${stack.apiUrl}/bookings`, t, { roomId: room, date: day, start: '20:00', end: '21:00', purpose: '压力测试', attendees: 2 })),
    );
    const raceMs = performance.now() - started;
    const locks = await doc.send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': `ROOM#${room}`, ':s': `SLOT#${day}#20` },
        ConsistentRead: true,
      }),
    );
    const winners = statuses.filter((s) => s === 201).length;
    const owners = new Set((locks.Items ?? []).map((l) => l.bookingId));
    console.log(`\n## Booking race: 100 simultaneous POST /bookings for ${room} ${day} 20:00–21:00`);
    console.log(`201: ${winners}   409: ${statuses.filter((s) => s === 409).length}   other: ${statuses.filter((s) => s !== 201 && s !== 409).length}   locks: ${locks.Items?.length ?? 0} (owned by ${owners.size} booking)   stray locks: ${(locks.Items?.length ?? 0) - 2 * winners}   time: ${ms(raceMs)}`);

    // 1b. The 08:00 rush: 1,000 simultaneous attempts on one room-day, each for one free half
    //     hour (spread over all of them), every attempt by a different resident.
    const rushDay = nthWeekdayAfterToday(1);
    const before = (await (await fetch(`${stack.apiUrl}/rooms/${room}/availability?date=${rushDay}`)).json()) as { slots: { start: string; end: string; state: string }[] };
    const free = before.slots.filter((s) => s.state === 'free');
    const rushers: string[] = [];
    for (let i = 0; i < 1000; i += 50) rushers.push(...(await Promise.all(Array.from({ length: 50 }, (_, j) => ctx.login(`bench-rush-${i + j}`)))));
    const sinceRush = Date.now();
    const rushStarted = performance.now();
    const rush = await Promise.all(
      rushers.map(async (t, i) => {
        const slot = free[i % free.length];
        const t0 = performance.now();
        const status = await post(`${stack.apiUrl}/bookings`, t, { roomId: room, date: rushDay, start: slot.start, end: slot.end, purpose: '开放日抢约', attendees: 2 });
        return { status, ms: performance.now() - t0 };
      }),
    );
    const rushWall = performance.now() - rushStarted;
    const after = (await (await fetch(`${stack.apiUrl}/rooms/${room}/availability?date=${rushDay}`)).json()) as { slots: { state: string }[] };
    const byStatus = new Map<number, number>();
    for (const r of rush) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
    const rushMs = rush.map((r) => r.ms);
    console.log(`\n## The 08:00 rush: 1,000 simultaneous POST /bookings on ${room} ${rushDay} (${free.length} free half hours)`);
    console.log(
      `statuses: ${[...byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s} × ${n}`).join('   ')}   5xx: ${rush.filter((r) => r.status >= 500).length}   winners: ${byStatus.get(201) ?? 0} (free slots: ${free.length}, still free after: ${after.slots.filter((s) => s.state === 'free').length})`,
    );
    console.log(
      `p50 ${ms(percentile(rushMs, 50))}  p99 ${ms(percentile(rushMs, 99))}  wall ${ms(rushWall)}   DynamoDB requests/call: ${ctx.ddbRequestsPerCall('createBooking', sinceRush).toFixed(2)}`,
    );
  }

  // 2. Availability at concurrency c.
  const sinceAvail = Date.now();
  const avail = await measure(ctx.requests, c, async () => void (await (await fetch(`${stack.apiUrl}/rooms/${room}/availability?date=${day}`)).arrayBuffer()));
  // 3. Booking creation at concurrency c: each request a different free half hour, on
  //    different days and rooms, by different users (the weekly quota stays out of the way).
  const rooms = ['rm-centre-reading', 'rm-estate-meeting'];
  // Weekdays 3–5 after today are always within the rooms' 7-day window (day 2 holds the race).
  const days = [3, 4, 5].map((n) => nthWeekdayAfterToday(n));
  // The half hours both rooms are open on a weekday: 09:00–12:00 and 14:00–21:00.
  const halfHours = (from: number, count: number) => Array.from({ length: count }, (_, i) => `${String(from + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`);
  const starts = [...halfHours(9, 6), ...halfHours(14, 14)];
  const plan = rooms.flatMap((r) => days.flatMap((d) => starts.map((s) => ({ r, d, s }))));
  const bookers = await Promise.all(plan.map((_, i) => ctx.login(`bench-booker-${i}`)));
  const created: { status: number; id?: string }[] = [];
  const book = async (i: number) => {
    const { r, d, s } = plan[i];
    const end = s.endsWith('00') ? `${s.slice(0, 2)}:30` : `${String(Number(s.slice(0, 2)) + 1).padStart(2, '0')}:00`;
    const res = await fetch(`${stack.apiUrl}/bookings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bookers[i]}`, 'content-type': 'application/json' },
      body: JSON.stringify({ roomId: r, date: d, start: s, end, purpose: '性能测试', attendees: 2 }),
    });
    const body = (await res.json()) as { id?: string };
    created.push({ status: res.status, id: body.id });
  };
  // 4. A raw TransactWriteItems of the same items the handler's transaction writes, per room:
  //    the booking (a copy of one the API wrote), its slot lock, the weekly quota counter, the
  //    no-show block check, the sweeper's watch item, and for each staff member of the room's
  //    station the new-booking message (a copy of one the API wrote) and their inbox counter.
  const t = stack.tableName;
  const sample = new Map<string, { booking: Record<string, unknown>; staff: string[]; message?: Record<string, unknown> }>();
  const takeSample = async () => {
    const ids = created.filter((x) => x.status === 201 && x.id).map((x) => x.id!);
    const bookings = await Promise.all(ids.map(async (bid) => (await doc.send(new GetCommand({ TableName: t, Key: keys.booking(bid) }))).Item!));
    for (const r of rooms) {
      const booking = bookings.find((b) => b.roomId === r) ?? bookings[0];
      if (!booking) throw new Error('no booking was created');
      const staffItems = await doc.send(
        new QueryCommand({ TableName: t, KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)', ExpressionAttributeValues: { ':p': keys.station(String(booking.stationId)).pk, ':s': 'STAFF#' } }),
      );
      const staff = (staffItems.Items ?? []).map((i) => String(i.userId)).slice(0, 20);
      const inbox = staff.length
        ? await doc.send(
            new QueryCommand({ TableName: t, KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)', ExpressionAttributeValues: { ':p': keys.inboxPartition(staff[0]), ':s': 'MSG#' }, ScanIndexForward: false, Limit: 1 }),
          )
        : undefined;
      sample.set(r, { booking, staff, message: inbox?.Items?.[0] });
    }
  };
  let seq = 0;
  const tx = (r: string) => {
    const id = `bench-raw-${seq++}`;
    const { booking, staff, message } = sample.get(r)!;
    const nowMs = Date.now();
    const items: TxItem[] = [
      { Put: { TableName: t, Item: { ...booking, pk: `BENCHBOOKING#${id}`, sk: 'META', id }, ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        Put: {
          TableName: t,
          Item: { pk: `BENCHROOM#${id}`, sk: `SLOT#${booking.date}#${booking.start}`, entity: 'SlotLock', roomId: r, date: booking.date, start: booking.start, bookingId: id, userId: booking.userId, checkedIn: false, checkInDeadline: booking.checkInDeadline, ttl: 1 },
          ConditionExpression: 'attribute_not_exists(pk) OR (checkedIn = :false AND checkInDeadline < :now)',
          ExpressionAttributeValues: { ':false': false, ':now': nowMs },
        },
      },
      {
        Update: {
          TableName: t,
          Key: { pk: `BENCHUSER#${id}`, sk: 'QUOTA' },
          UpdateExpression: 'SET #n = if_not_exists(#n, :zero) + :one, entity = :e, #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(#n) OR #n < :quota',
          ExpressionAttributeNames: { '#n': 'count', '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':quota': 5, ':e': 'BookingQuota', ':ttl': 1 },
        },
      },
      { ConditionCheck: { TableName: t, Key: { pk: `BENCHUSER#${id}`, sk: 'BOOKING_BLOCK' }, ConditionExpression: 'attribute_not_exists(pk) OR untilMs < :now', ExpressionAttributeValues: { ':now': nowMs } } },
      { Put: { TableName: t, Item: { pk: `BENCHWATCH#${id}`, sk: 'W', entity: 'BookingWatch', bookingId: id, date: booking.date, ttl: 1 } } },
      // The room in service, and its booking counter (room deactivation's guard): one item per
      // room shared by every raw transaction of that room, as the handler's share the room.
      {
        Update: {
          TableName: t,
          Key: { pk: `BENCHROOM#${r}`, sk: 'META' },
          UpdateExpression: 'ADD bookingSeq :one',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deactivatedAt)',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
      ...staff.map((userId) => ({
        Put: { TableName: t, Item: { ...message, pk: `BENCHINBOX#${userId}`, sk: `MSG#${id}`, id, userId }, ConditionExpression: 'attribute_not_exists(pk)' },
      })),
      ...staff.map((userId) => ({
        Update: { TableName: t, Key: { pk: `BENCHINBOX#${userId}`, sk: 'COUNTER' }, UpdateExpression: 'SET entity = :e ADD unread :n, seq :n', ExpressionAttributeValues: { ':e': 'InboxCounter', ':n': 1 } },
      })),
    ];
    return items;
  };
  // Sent through the handler's own `transact` (lib/dynamo): transactions on one room conflict
  // (TransactionConflict) as the handler's do, and are retried with the same code and policy.
  process.env.DYNAMODB_ENDPOINT = stack.dynamoEndpoint;
  process.env.TABLE_NAME = t;
  reloadConfig();
  const rawOne = async (i: number) => {
    const outcome = await transact(tx(plan[i].r));
    if (!outcome.ok) throw new Error(`raw transaction refused: ${outcome.reasons.map((x) => x.code).join(', ')}`);
  };
  // Measured in rounds: each round of POSTs is followed by a round of raw transactions of the
  // same size, so both sides see the same state of the machine (a pause of the JVM or of Node
  // cannot favour one of them). The first day's mornings are a warm-up of both sides, not
  // counted: without it the first POSTs pay DynamoDB Local's JIT for the raw ones (with
  // BENCH_BOOKING_LATENCY_ONLY nothing ran before), and the first bookings of a room the API
  // has not seen yet take the cold path (the room, then its station and staff).
  // Also the CPU each side costs, per booking: the API process (serverless-offline, which runs
  // every handler), DynamoDB Local's JVM and this process (the client; for the raw side also the
  // SDK that sends the transaction).
  const create: number[] = [];
  const rawTx: number[] = [];
  const cpu = { post: { api: 0, dynamo: 0, client: 0 }, raw: { api: 0, dynamo: 0, client: 0 } };
  const measured = async (side: keyof typeof cpu, run: () => Promise<number[]>) => {
    const before = { api: cpuMs(stack.pids.api), dynamo: cpuMs(stack.pids.dynamo), client: process.cpuUsage() };
    const durations = await run();
    const client = process.cpuUsage(before.client);
    cpu[side].api += cpuMs(stack.pids.api) - before.api;
    cpu[side].dynamo += cpuMs(stack.pids.dynamo) - before.dynamo;
    cpu[side].client += (client.user + client.system) / 1000;
    return durations;
  };
  const inRound = (keep: (x: (typeof plan)[number]) => boolean) => plan.flatMap((x, i) => (keep(x) ? [i] : []));
  const warmUp = inRound((x) => x.d === days[0] && x.s < '12:00');
  await measure(warmUp.length, c, (j) => book(warmUp[j]));
  await takeSample();
  for (const r of rooms) await doc.send(new PutCommand({ TableName: t, Item: { pk: `BENCHROOM#${r}`, sk: 'META', entity: 'Room' } }));
  await measure(warmUp.length, c, (j) => rawOne(warmUp[j]));
  const sinceCreate = Date.now();
  const rounds = [inRound((x) => x.d === days[0] && x.s > '12:00'), ...days.slice(1).map((d) => inRound((x) => x.d === d))];
  for (const round of rounds) {
    create.push(...(await measured('post', () => measure(round.length, c, (j) => book(round[j])))));
    rawTx.push(...(await measured('raw', () => measure(round.length, c, (j) => rawOne(round[j])))));
  }
  const perBooking = (side: keyof typeof cpu) =>
    `API process ${(cpu[side].api / create.length).toFixed(1)}  DynamoDB Local ${(cpu[side].dynamo / create.length).toFixed(1)}  benchmark client ${(cpu[side].client / create.length).toFixed(1)}`;
  const rawItems = rooms.map((r) => `${r}: ${6 + 2 * sample.get(r)!.staff.length}`).join(', ');

  const p = (v: number[], q: number) => ms(percentile(v, q));
  console.log(`\n## Booking latency at concurrency ${c}`);
  console.log(`GET availability   ${ctx.requests} requests   p50 ${p(avail, 50)}  p99 ${p(avail, 99)}   DynamoDB requests/call: ${ctx.ddbRequestsPerCall('getAvailability', sinceAvail).toFixed(2)}`);
  console.log(
    `POST /bookings     ${create.length} bookings after ${warmUp.length} to warm up (${created.filter((x) => x.status === 201).length} × 201 of all ${plan.length})   p50 ${p(create, 50)}  p99 ${p(create, 99)}   DynamoDB requests/call: ${ctx.ddbRequestsPerCall('createBooking', sinceCreate).toFixed(2)}   in the handler (without HTTP and the Lambda emulation): p50 ${ms(ctx.handlerMs('createBooking', sinceCreate, 50))}`,
  );
  console.log(`raw TransactWriteItems (same items: ${rawItems})   p50 ${p(rawTx, 50)}  p99 ${p(rawTx, 99)}   ratio POST /bookings ÷ raw: p50 ${(percentile(create, 50) / percentile(rawTx, 50)).toFixed(1)}×`);
  console.log(`CPU ms per booking   POST /bookings: ${perBooking('post')}   raw: ${perBooking('raw')}`);
}
