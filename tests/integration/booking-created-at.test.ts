import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createBooking, myBookings } from '../../functions/src/booking/domain';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import { useStackTable } from '../support/ddb';
import { principal } from '../support/principals';

beforeAll(useStackTable);

// June 2027: dates no other test books. READING: no approval, quota 5 a week, 7 days ahead.
const READING = 'rm-centre-reading';
const SECOND = Date.parse('2027-06-07T10:00:00+08:00'); // Monday 10:00 Asia/Shanghai
const book = (p: ReturnType<typeof principal>, start: string, end: string, ms: number) =>
  createBooking(p, { roomId: READING, date: '2027-06-08', start, end, purpose: '楼栋议事会', attendees: 2 }, new Date(SECOND + ms));

describe('a booking remembers when it was made to the millisecond', () => {
  it('lists one person’s bookings of the same second newest first by time, whatever their ids', async () => {
    const p = principal();
    // Five bookings within one second (the weekly quota): ids are random, so an id order
    // would match the time order once in 120 runs.
    const made = [];
    for (const [i, [start, end]] of [['09:00', '09:30'], ['10:00', '10:30'], ['11:00', '11:30'], ['14:00', '14:30'], ['15:00', '15:30']].entries()) {
      made.push(await book(p, start, end, 100 + i * 150));
    }
    expect(made[0].createdAt).toBe('2027-06-07T10:00:00.100+08:00');
    const listed = await myBookings(p, { limit: 10 });
    expect(listed.items.map((b) => b.id)).toEqual(made.map((b) => b.id).reverse());
  });

  it('keeps bookings stored with whole seconds (before this change) in time order among the new ones', async () => {
    const p = principal();
    const fresh = await book(p, '16:00', '16:30', 500);
    // An older booking of the same second, stored as it was written before: no milliseconds.
    const old = await book(p, '17:00', '17:30', 0);
    const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.booking(old.id) }));
    const wholeSecond = '2027-06-07T10:00:00+08:00';
    await ddb().send(new PutCommand({ TableName: tableName(), Item: { ...Item, ...keys.bookingIndexes({ ...old, createdAt: wholeSecond }), createdAt: wholeSecond } }));
    const listed = await myBookings(p, { limit: 10 });
    expect(listed.items.map((b) => b.id)).toEqual([fresh.id, old.id]);
    expect(listed.items[1].createdAt).toBe(wholeSecond);
  });
});
