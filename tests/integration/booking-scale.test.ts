import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { cancel, createBooking, sweepNoShows } from '../../functions/src/booking/domain';
import { checkIn } from '../../functions/src/booking/check-in';
import { DEMO_CODES } from '../../functions/src/demo/data';
import { getBooking, WATCH_SHARDS, watchShard } from '../../functions/src/booking/storage';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import { useStackTable } from '../support/ddb';
import { principal } from '../support/principals';

beforeAll(useStackTable);
afterEach(() => jest.restoreAllMocks());

// May 2027: dates no other test books. READING: no approval, 30 min notice, 7 days ahead; check-in with its door poster's code.
const READING = 'rm-centre-reading';
const at = (date: string, hhmm: string, plusMinutes = 0) => new Date(Date.parse(`${date}T${hhmm}:00+08:00`) + plusMinutes * 60_000);
const book = (p: ReturnType<typeof principal>, date: string, start: string, end: string, now: Date) =>
  createBooking(p, { roomId: READING, date, start, end, purpose: '楼栋议事会', attendees: 6 }, now);

const locksOf = async (date: string) =>
  (
    await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :d)',
        ExpressionAttributeValues: { ':p': `ROOM#${READING}`, ':d': `SLOT#${date}#` },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];

type Sent = { constructor: { name: string }; input: Record<string, any> };

/**
 * Wraps the app's DynamoDB client: `answer` may reply instead of DynamoDB (return a value)
 * or let the command through (return undefined). Every command name sent is recorded.
 */
function intercept(answer: (cmd: Sent) => unknown): string[] {
  const client = ddb();
  const real = client.send.bind(client) as (cmd: unknown) => Promise<unknown>;
  const sent: string[] = [];
  jest.spyOn(client, 'send').mockImplementation((async (cmd: Sent) => {
    sent.push(cmd.constructor.name);
    const reply = answer(cmd);
    if (reply instanceof Error) throw reply;
    return reply ?? real(cmd);
  }) as never);
  return sent;
}

/** A throttled DynamoDB: every other BatchGetItem comes back with all its keys unprocessed. */
function throttleBatchGets(): void {
  let calls = 0;
  intercept((cmd) => {
    if (cmd.constructor.name !== 'BatchGetCommand' || calls++ % 2 === 1) return undefined;
    return { Responses: { [tableName()]: [] }, UnprocessedKeys: cmd.input.RequestItems, $metadata: {} };
  });
}

describe('booking under load and failure (DynamoDB Local)', () => {
  it('check-in under throttling marks every slot lock, so nobody can book the room while the group is in it', async () => {
    const owner = principal();
    const b = await book(owner, '2027-05-04', '18:00', '20:00', at('2027-05-03', '09:00'));
    throttleBatchGets();
    await expect(checkIn(owner, b.id, DEMO_CODES.find((c) => c.kind === 'room' && c.targetId === READING)!.token, at('2027-05-04', '17:55'))).resolves.toMatchObject({ status: 'checked_in' });
    jest.restoreAllMocks();
    expect((await locksOf('2027-05-04')).map((l) => [l.start, l.bookingId === b.id, l.checkedIn])).toEqual([
      ['18:00', true, true],
      ['18:30', true, true],
      ['19:00', true, true],
      ['19:30', true, true],
    ]);
    // Past the check-in deadline (18:15), the slots are still the checked-in group's.
    await expect(book(principal(), '2027-05-04', '19:30', '20:00', at('2027-05-04', '18:20'))).rejects.toMatchObject({ status: 409, code: 'SLOT_TAKEN' });
  });

  it('cancelling under throttling still releases every slot it held', async () => {
    const owner = principal();
    const b = await book(owner, '2027-05-05', '18:00', '19:00', at('2027-05-03', '09:00'));
    throttleBatchGets();
    await cancel(owner, b.id, undefined, at('2027-05-03', '10:00'));
    jest.restoreAllMocks();
    expect(await locksOf('2027-05-05')).toEqual([]);
    await expect(book(principal(), '2027-05-05', '18:00', '19:00', at('2027-05-03', '10:05'))).resolves.toMatchObject({ status: 'approved' });
  });

  it('a slot already held is refused with 409 from a cheap read, without a transaction', async () => {
    await book(principal(), '2027-05-06', '18:00', '19:00', at('2027-05-03', '09:00'));
    const sent = intercept(() => undefined);
    await expect(book(principal(), '2027-05-06', '18:30', '19:30', at('2027-05-03', '09:05'))).rejects.toMatchObject({ status: 409, code: 'SLOT_TAKEN' });
    expect(sent).not.toContain('TransactWriteCommand');
    expect((await locksOf('2027-05-06')).map((l) => l.start)).toEqual(['18:00', '18:30']);
  });

  it('spreads the no-show watch items of a day over the shards, by booking id', async () => {
    const counts = new Array(WATCH_SHARDS).fill(0);
    for (let i = 0; i < 8000; i++) counts[watchShard(randomUUID())]++;
    for (const n of counts) expect(n).toBeGreaterThan(800);
    const b = await book(principal(), '2027-05-07', '20:00', '20:30', at('2027-05-03', '09:00'));
    const watch = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.bookingWatch('2027-05-07', Date.parse('2027-05-07T20:15:00+08:00'), b.id, watchShard(b.id)) }));
    expect(watch.Item).toMatchObject({ pk: `BOOKING_WATCH#2027-05-07#${watchShard(b.id)}`, bookingId: b.id });
  });

  it('the sweeper catches up on a booking due 3 days ago, and on one it could not close last time', async () => {
    const owner = principal();
    const stale = await book(owner, '2027-05-10', '18:00', '18:30', at('2027-05-10', '09:00'));
    const unlucky = await book(principal(), '2027-05-10', '19:00', '19:30', at('2027-05-10', '09:00'));
    // At 19:20 both are due; reading the second one fails (throttled): it stays watched.
    intercept((cmd) =>
      cmd.constructor.name === 'GetCommand' && cmd.input.Key?.pk === `BOOKING#${unlucky.id}`
        ? Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ProvisionedThroughputExceededException' })
        : undefined,
    );
    const first = await sweepNoShows(at('2027-05-10', '19:20'));
    jest.restoreAllMocks();
    expect(first.failed).toBe(1);
    expect((await getBooking(stale.id, true))?.status).toBe('no_show');
    expect((await getBooking(unlucky.id, true))?.status).toBe('approved');

    // The scheduler then stops for three days (an outage); a booking made meanwhile falls due too.
    const missed = await book(principal(), '2027-05-11', '18:00', '18:30', at('2027-05-11', '09:00'));
    await sweepNoShows(at('2027-05-13', '20:00'));
    expect((await getBooking(unlucky.id, true))?.status).toBe('no_show');
    expect((await getBooking(missed.id, true))?.status).toBe('no_show');
    expect((await locksOf('2027-05-10')).filter((l) => l.bookingId === unlucky.id)).toEqual([]);
  });
});
