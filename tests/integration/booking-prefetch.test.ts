import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
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

const post = (token: string, body: object) =>
  createBookingHandler(httpEvent({ method: 'POST', path: '/bookings', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(body) }), lambdaContext());

const tokenOf = async (openid: string) => {
  const user = await upsertUserByOpenid(openid);
  return { user, token: await signToken(user.id, await jwtSecret()) };
};

describe('POST /bookings reads before its transaction', () => {
  it('reads the caller, the room, its station, the block, the slot locks and the staff list in one request', async () => {
    const { user, token } = await tokenOf(`it-prefetch-${Date.now()}`);
    await roomWithStation('rm-centre-reading'); // a warm container knows the room's station
    // A date past the booking window: every read happens, then the rules refuse it (no write).
    const { result, events, inputs } = await commandTimeline(() => post(token, { roomId: 'rm-centre-reading', date: '2099-01-05', start: '14:00', end: '15:00', purpose: '议事', attendees: 2 }));
    expect(result.statusCode).toBe(422);
    expect(events.filter((e) => e.startsWith('start '))).toEqual(['start BatchGetCommand']);
    const asked = Object.values((inputs[0] as { RequestItems: Record<string, { Keys: { pk: string; sk: string }[] }> }).RequestItems)[0].Keys.map((k) => `${k.pk} ${k.sk}`);
    expect(asked.sort()).toEqual(
      [`USER#${user.id} PROFILE`, 'ROOM#rm-centre-reading META', 'STATION#sn-xingfu-centre META', 'STATION#sn-xingfu-centre STAFFLIST', 'ROOM#rm-centre-reading SLOT#2099-01-05#14:00', 'ROOM#rm-centre-reading SLOT#2099-01-05#14:30', `USER#${user.id} BOOKING_BLOCK`].sort(),
    );
  });

  it('two requests at the same moment never share a read (each its own BatchGetItem)', async () => {
    const [a, b] = await Promise.all([tokenOf(`it-prefetch-a-${Date.now()}`), tokenOf(`it-prefetch-b-${Date.now()}`)]);
    const body = { roomId: 'rm-centre-reading', date: '2099-01-05', start: '14:00', end: '15:00', purpose: '议事', attendees: 2 };
    const { result, events } = await commandTimeline(() => Promise.all([post(a.token, body), post(b.token, body)]));
    expect(result.map((r) => r.statusCode)).toEqual([422, 422]);
    expect(events.filter((e) => e.startsWith('start '))).toEqual(['start BatchGetCommand', 'start BatchGetCommand']);
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
async function commandTimeline<T>(run: () => Promise<T>, delayMs: (command: never) => number = () => 0): Promise<{ result: T; events: string[]; inputs: unknown[] }> {
  const client = ddb();
  const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
  const events: string[] = [];
  const inputs: unknown[] = [];
  const nameOf = (c: { constructor: { name: string }; input?: { ExpressionAttributeValues?: Record<string, unknown> } }) =>
    c.constructor.name === 'QueryCommand' && c.input?.ExpressionAttributeValues?.[':s'] === 'STAFF#' ? 'StaffQuery' : c.constructor.name;
  const spy = jest.spyOn(client, 'send').mockImplementation((async (command: never) => {
    const name = nameOf(command);
    events.push(`start ${name}`);
    inputs.push((command as { input: unknown }).input);
    try {
      const delay = delayMs(command);
      if (delay) await new Promise((r) => setTimeout(r, delay));
      return await send(command);
    } finally {
      events.push(`end ${name}`);
    }
  }) as never);
  try {
    return { result: await run(), events, inputs };
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

  it('a warm container reads once and then writes: no staff Query between the reads and the transaction', async () => {
    await roomWithStation(READING); // this container has seen the room
    const { result, events } = await commandTimeline(() => createBooking(principal(), slot(0), NOW));
    expect(result).toMatchObject({ status: 'approved' });
    // Old code: BatchGet, BatchGet, then the staff Query, then the transaction.
    expect(events.filter((e) => e.startsWith('start '))).toEqual(['start BatchGetCommand', 'start TransactWriteCommand']);
  });

  it('an attempt refused by a held slot costs one read (the 08:00 rush stays cheap)', async () => {
    await createBooking(principal(), slot(3), NOW);
    const { result, events } = await commandTimeline(() => createBooking(principal(), slot(3), NOW).catch((e) => e));
    expect(result).toMatchObject({ status: 409, code: 'SLOT_TAKEN' });
    expect(events.filter((e) => e.startsWith('start '))).toEqual(['start BatchGetCommand']);
  });

  it('a station without a whole staff list item has its staff queried once the slot is free, and they are told', async () => {
    // A copy of the demo room and station under new ids, stored the way a station was before the
    // list item existed (no STAFFLIST; no indexes: other suites count the demo's stations).
    const sfx = randomUUID().slice(0, 8);
    const [stationId, roomId] = [`sn-nolist-${sfx}`, `rm-nolist-${sfx}`];
    const strip = (item: Record<string, unknown>) => Object.fromEntries(Object.entries(item).filter(([k]) => !k.startsWith('gsi')));
    const station = (await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.station('sn-xingfu-centre') }))).Item!;
    const room = (await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.room(READING) }))).Item!;
    await ddb().send(new PutCommand({ TableName: tableName(), Item: { ...strip(station), ...keys.station(stationId), id: stationId } }));
    await ddb().send(new PutCommand({ TableName: tableName(), Item: { ...strip(room), ...keys.room(roomId), id: roomId, stationId, bookingSeq: 0 } }));
    const worker = `u-nolist-${sfx}`;
    await ddb().send(new PutCommand({ TableName: tableName(), Item: { ...keys.stationStaff(stationId, worker), entity: 'StationStaff', stationId, userId: worker } }));
    await roomWithStation(roomId);
    const { result, events } = await commandTimeline(() => createBooking(principal(), { ...slot(4), roomId }, NOW));
    expect(result).toMatchObject({ status: 'approved', stationId });
    expect(events.filter((e) => e.startsWith('start '))).toEqual(['start BatchGetCommand', 'start StaffQuery', 'start TransactWriteCommand']);
    const inbox = await ddb().send(
      new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :p AND begins_with(sk, :m)', ExpressionAttributeValues: { ':p': keys.inboxPartition(worker), ':m': 'MSG#' } }),
    );
    expect((inbox.Items ?? []).map((m) => m.kind)).toEqual(['booking_submitted']);
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
