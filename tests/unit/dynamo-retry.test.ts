/**
 * The retry policy of our DynamoDB helpers, with the client's `send` stubbed: transactions
 * retry contention only, hand back condition failures, and turn exhausted retries,
 * throttling and timeouts into SERVICE_BUSY; batch reads back off on unprocessed keys.
 */
import { BatchGetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { batchGetAll, ddb, failedItems, isBusyError, isDynamoValidationError, tableName, transact } from '../../functions/src/lib/dynamo';
import { AppError } from '../../functions/src/lib/errors';
import { reloadConfig } from '../../functions/src/lib/config';

const fast = { baseMs: 1, capMs: 2 };
const item = { Put: { TableName: 't', Item: { pk: 'A', sk: 'B' } } };

function awsError(name: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(name), { name, ...extra });
}
const cancelled = (...codes: string[]) => awsError('TransactionCanceledException', { CancellationReasons: codes.map((Code) => ({ Code })) });

let send: jest.SpyInstance;
beforeAll(() => {
  process.env.DYNAMODB_ENDPOINT = 'http://127.0.0.1:9';
  reloadConfig();
});
beforeEach(() => {
  send = jest.spyOn(ddb(), 'send');
});
afterEach(() => send.mockRestore());

const busy = (p: Promise<unknown>) => expect(p).rejects.toMatchObject({ code: 'SERVICE_BUSY', status: 503, message: '当前使用人数较多，请稍后再试' });

describe('transact', () => {
  it('sends one TransactWriteItems and reports success', async () => {
    send.mockResolvedValueOnce({});
    await expect(transact([item], fast)).resolves.toEqual({ ok: true });
    expect(send).toHaveBeenCalledTimes(1);
    expect(send.mock.calls[0][0]).toBeInstanceOf(TransactWriteCommand);
  });

  it('retries a cancellation caused only by a conflicting transaction, then succeeds', async () => {
    send.mockRejectedValueOnce(cancelled('None', 'TransactionConflict')).mockRejectedValueOnce(cancelled('TransactionConflict')).mockResolvedValueOnce({});
    await expect(transact([item, item], fast)).resolves.toEqual({ ok: true });
    expect(send).toHaveBeenCalledTimes(3);
  });

  it('hands back condition failures at once (no retry), with the stored item unmarshalled', async () => {
    send.mockRejectedValueOnce(
      awsError('TransactionCanceledException', {
        CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Item: marshall({ pk: 'X', status: 'open' }) }, { Code: 'TransactionConflict' }],
      }),
    );
    const res = await transact([item, item, item], fast);
    expect(send).toHaveBeenCalledTimes(1);
    expect(res).toEqual({ ok: false, reasons: [{ code: 'None' }, { code: 'ConditionalCheckFailed', item: { pk: 'X', status: 'open' } }, { code: 'TransactionConflict' }] });
    if (!res.ok) expect(failedItems(res.reasons)).toEqual([1]);
  });

  it('gives up after the bounded attempts with SERVICE_BUSY', async () => {
    send.mockRejectedValue(cancelled('TransactionConflict'));
    await busy(transact([item], { ...fast, attempts: 4 }));
    expect(send).toHaveBeenCalledTimes(4);
  });

  it('backs off exponentially with jitter between attempts', async () => {
    const random = jest.spyOn(Math, 'random').mockReturnValue(0.999);
    const waits: number[] = [];
    const realSetTimeout = global.setTimeout;
    const timer = jest.spyOn(global, 'setTimeout').mockImplementation(((fn: () => void, ms: number) => {
      waits.push(ms);
      return realSetTimeout(fn, 0);
    }) as typeof setTimeout);
    try {
      send.mockRejectedValue(cancelled('TransactionConflict'));
      await busy(transact([item], { attempts: 5, baseMs: 10, capMs: 60 }));
      expect(waits.map(Math.round)).toEqual([20, 40, 60, 60]);
    } finally {
      timer.mockRestore();
      random.mockRestore();
    }
  });

  it.each(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'TransactionInProgressException', 'TimeoutError'])(
    'turns %s into SERVICE_BUSY',
    async (name) => {
      send.mockRejectedValue(awsError(name));
      await busy(transact([item], fast));
    },
  );

  it('turns a cancellation for throttling into SERVICE_BUSY without hammering', async () => {
    send.mockRejectedValue(cancelled('None', 'ThrottlingError'));
    await busy(transact([item, item], fast));
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('rethrows what it does not understand (the HTTP wrapper decides)', async () => {
    const odd = awsError('ValidationException');
    send.mockRejectedValue(odd);
    await expect(transact([item], fast)).rejects.toBe(odd);
  });
});

describe('batchGetAll', () => {
  const keys = (n: number) => Array.from({ length: n }, (_, i) => ({ pk: `P#${i}`, sk: 'META' }));

  it('asks again for unprocessed keys after a backoff, until all are in', async () => {
    const table = tableName();
    send
      .mockResolvedValueOnce({ Responses: { [table]: [{ pk: 'P#0' }] }, UnprocessedKeys: { [table]: { Keys: [{ pk: 'P#1', sk: 'META' }] } } })
      .mockResolvedValueOnce({ Responses: { [table]: [] }, UnprocessedKeys: { [table]: { Keys: [{ pk: 'P#1', sk: 'META' }] } } })
      .mockResolvedValueOnce({ Responses: { [table]: [{ pk: 'P#1' }] }, UnprocessedKeys: {} });
    const items = await batchGetAll(keys(2), {}, fast);
    expect(items).toEqual([{ pk: 'P#0' }, { pk: 'P#1' }]);
    expect(send).toHaveBeenCalledTimes(3);
    expect(send.mock.calls[1][0]).toBeInstanceOf(BatchGetCommand);
    expect(send.mock.calls[1][0].input.RequestItems[table].Keys).toEqual([{ pk: 'P#1', sk: 'META' }]);
  });

  it('answers SERVICE_BUSY after bounded attempts instead of looping (or returning a partial answer)', async () => {
    const table = tableName();
    send.mockResolvedValue({ Responses: { [table]: [] }, UnprocessedKeys: { [table]: { Keys: [{ pk: 'P#0', sk: 'META' }] } } });
    await busy(batchGetAll(keys(1), {}, { ...fast, attempts: 3 }));
    expect(send).toHaveBeenCalledTimes(3);
  });

  it('makes no request for no keys', async () => {
    await expect(batchGetAll([])).resolves.toEqual([]);
    expect(send).not.toHaveBeenCalled();
  });
});

describe('error classification', () => {
  it('knows throttling, timeouts and DynamoDB validation errors apart from others', () => {
    expect(isBusyError(awsError('ProvisionedThroughputExceededException'))).toBe(true);
    expect(isBusyError(Object.assign(new Error('socket'), { code: 'ETIMEDOUT' }))).toBe(true);
    expect(isBusyError(cancelled('ConditionalCheckFailed', 'TransactionConflict'))).toBe(false);
    expect(isBusyError(awsError('ValidationException'))).toBe(false);
    expect(isBusyError(new AppError('X', 400, 'x'))).toBe(false);
    expect(isDynamoValidationError(awsError('ValidationException'))).toBe(true);
    expect(isDynamoValidationError(cancelled('None', 'ValidationError'))).toBe(true);
    expect(isDynamoValidationError(cancelled('ConditionalCheckFailed'))).toBe(false);
  });
});
