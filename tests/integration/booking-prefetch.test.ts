import { randomUUID } from 'node:crypto';
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { upsertUserByOpenid } from '../../functions/src/auth/domain';
import { signToken } from '../../functions/src/auth/tokens';
import { createBooking } from '../../functions/src/booking/domain';
import { createBookingHandler } from '../../functions/src/booking/handlers';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import { jwtSecret } from '../../functions/src/lib/secrets';
import { putStationStaff } from '../../functions/src/roles/storage';
import { roomWithStation } from '../../functions/src/venues/domain';
import { useStackTable } from '../support/ddb';
import { httpEvent, lambdaContext } from '../support/lambda';
import { principal } from '../support/principals';

beforeAll(useStackTable);

/** How many DynamoDB requests were in flight at once, at most, while `run` ran. */
async function maxInFlight<T>(run: () => Promise<T>): Promise<{ result: T; max: number }> {
  const client = ddb();
  const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
  let now = 0;
  let max = 0;
  const spy = jest.spyOn(client, 'send').mockImplementation((async (command: unknown) => {
    max = Math.max(max, ++now);
    try {
      return await send(command);
    } finally {
      now--;
    }
  }) as never);
  try {
    return { result: await run(), max };
  } finally {
    spy.mockRestore();
  }
}

const post = (token: string, body: object) =>
  createBookingHandler(httpEvent({ method: 'POST', path: '/bookings', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(body) }), lambdaContext());

const tokenOf = async (openid: string) => {
  const user = await upsertUserByOpenid(openid);
  return { user, token: await signToken(user.id, await jwtSecret()) };
};

describe('POST /bookings reads before its transaction', () => {
  it('reads the caller, the room and the slot locks at the same time, not the caller first', async () => {
    const { token } = await tokenOf(`it-prefetch-${Date.now()}`);
    // A date past the booking window: every read happens, then the rules refuse it (no write).
    const { result, max } = await maxInFlight(() => post(token, { roomId: 'rm-centre-reading', date: '2099-01-05', start: '14:00', end: '15:00', purpose: '议事', attendees: 2 }));
    expect(result.statusCode).toBe(422);
    // The user record, the room and the block + locks: three reads in flight together.
    expect(max).toBeGreaterThanOrEqual(3);
  });

  it('still answers 401 for a token whose user is gone, even when the booking reads fail too', async () => {
    const { user, token } = await tokenOf(`it-prefetch-gone-${Date.now()}`);
    await ddb().send(new DeleteCommand({ TableName: tableName(), Key: keys.user(user.id) }));
    const res = await post(token, { roomId: 'rm-no-such-room', date: '2099-01-05', start: '14:00', end: '15:00', purpose: '议事', attendees: 2 });
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body ?? '{}').error.code).toBe('TOKEN_INVALID');
  });

  it('answers 404 for an unknown room once the caller is known', async () => {
    const { token } = await tokenOf(`it-prefetch-404-${Date.now()}`);
    const res = await post(token, { roomId: 'rm-no-such-room', date: '2099-01-05', start: '14:00', end: '15:00', purpose: '议事', attendees: 2 });
    expect(res.statusCode).toBe(404);
  });
});

/** The DynamoDB commands `run` sent, as start/end events in the order they happened. */
async function commandTimeline<T>(run: () => Promise<T>, delayMs: (command: never) => number = () => 0): Promise<{ result: T; events: string[] }> {
  const client = ddb();
  const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
  const events: string[] = [];
  const nameOf = (c: { constructor: { name: string }; input?: { ExpressionAttributeValues?: Record<string, unknown> } }) =>
    c.constructor.name === 'QueryCommand' && c.input?.ExpressionAttributeValues?.[':s'] === 'STAFF#' ? 'StaffQuery' : c.constructor.name;
  const spy = jest.spyOn(client, 'send').mockImplementation((async (command: never) => {
    const name = nameOf(command);
    events.push(`start ${name}`);
    try {
      const delay = delayMs(command);
      if (delay) await new Promise((r) => setTimeout(r, delay));
      return await send(command);
    } finally {
      events.push(`end ${name}`);
    }
  }) as never);
  try {
    return { result: await run(), events };
  } finally {
    spy.mockRestore();
  }
}

const staffOf = async (stationId: string) =>
  (
    await ddb().send(
      new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)', ExpressionAttributeValues: { ':p': `STATION#${stationId}`, ':s': 'STAFF#' } }),
    )
  ).Items ?? [];

describe("a booking's messages to the station's staff", () => {
  // Monday 2027-06-14, 10:00 Asia/Shanghai: dates no other suite books (booking-created-at has the week before).
  const NOW = new Date('2027-06-14T02:00:00Z');
  const READING = 'rm-centre-reading'; // no approval: the booking is written at once
  const HOURS = ['09', '10', '11', '14', '15', '16']; // inside the centre's weekday hours
  const slot = (i: number) => ({ roomId: READING, date: '2027-06-15', start: `${HOURS[i]}:00`, end: `${HOURS[i]}:30`, purpose: '读书会', attendees: 3 });

  it('a warm container starts the staff list once the slot locks show the slot free, without waiting for the room read', async () => {
    await roomWithStation(READING); // this container has seen the room
    // The room-and-station read answers late: the staff read must not wait for it.
    const roomRead = (command: { input?: { RequestItems?: Record<string, { Keys: { pk: string; sk: string }[] }> } }) =>
      Object.values(command.input?.RequestItems ?? {}).some((r) => r.Keys.some((k) => k.pk === `ROOM#${READING}` && !k.sk.startsWith('SLOT#')));
    const { result, events } = await commandTimeline(() => createBooking(principal(), slot(0), NOW).catch((e) => e), (c) => (roomRead(c) ? 300 : 0));
    expect(result).toMatchObject({ status: 'approved' });
    expect(events.filter((e) => e.startsWith('start '))).toEqual(['start BatchGetCommand', 'start BatchGetCommand', 'start StaffQuery', 'start TransactWriteCommand']);
    // Old code: the staff Query only after every read had answered.
    expect(events.indexOf('start StaffQuery')).toBeLessThan(events.lastIndexOf('end BatchGetCommand'));
  });

  it('an attempt refused by a held slot never reads the staff list (the 08:00 rush stays cheap)', async () => {
    await createBooking(principal(), slot(3), NOW);
    const { result, events } = await commandTimeline(() => createBooking(principal(), slot(3), NOW).catch((e) => e));
    expect(result).toMatchObject({ status: 409, code: 'SLOT_TAKEN' });
    expect(events.filter((e) => e.startsWith('start '))).toEqual(['start BatchGetCommand', 'start BatchGetCommand']);
  });

  it('still reads the staff list fresh for every booking: someone appointed a moment ago is told of the next one', async () => {
    await createBooking(principal(), slot(1), NOW);
    // Appointed after this container read the list; an id that sorts first, so they are among those the transaction tells.
    const newcomer = { userId: `0-staff-${randomUUID()}` };
    await putStationStaff('sn-xingfu-centre', newcomer.userId);
    expect((await staffOf('sn-xingfu-centre')).map((i) => i.userId)[0]).toBe(newcomer.userId);
    const b = await createBooking(principal(), slot(2), NOW);
    const inbox = await ddb().send(
      new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :p AND begins_with(sk, :m)', ExpressionAttributeValues: { ':p': keys.inboxPartition(newcomer.userId), ':m': 'MSG#' } }),
    );
    expect((inbox.Items ?? []).filter((m) => m.kind === 'booking_submitted' && String(m.link).includes(b.id))).toHaveLength(1);
  });
});
