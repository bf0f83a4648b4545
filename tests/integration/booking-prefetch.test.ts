import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { upsertUserByOpenid } from '../../functions/src/auth/domain';
import { signToken } from '../../functions/src/auth/tokens';
import { createBookingHandler } from '../../functions/src/booking/handlers';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import { jwtSecret } from '../../functions/src/lib/secrets';
import { useStackTable } from '../support/ddb';
import { httpEvent, lambdaContext } from '../support/lambda';

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
