import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, getTogether, tableName, withRequestCounter } from '../../functions/src/lib/dynamo';
import { useStackTable } from '../support/ddb';

beforeAll(useStackTable);

/** The BatchGetItem requests `run` sent, each as its sorted `pk sk` keys. */
async function batches<T>(run: () => Promise<T>): Promise<{ result: T; sent: string[][] }> {
  const sent: string[][] = [];
  const name = `batches-${randomUUID()}`;
  ddb().middlewareStack.add(
    (next, context) => async (args) => {
      if (String(context.commandName).startsWith('BatchGet')) {
        const input = args.input as { RequestItems: Record<string, { Keys: { pk: string; sk: string }[] }> };
        sent.push(Object.values(input.RequestItems)[0].Keys.map((k) => `${k.pk} ${k.sk}`).sort());
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    return { result: await run(), sent };
  } finally {
    ddb().middlewareStack.remove(name);
  }
}

describe('getTogether: reads started at the same moment share one BatchGetItem', () => {
  const id = randomUUID().slice(0, 8);
  const key = (n: number) => ({ pk: `TOGETHER#${id}`, sk: `K${n}` });
  beforeAll(async () => {
    for (const n of [1, 2, 3]) await ddb().send(new PutCommand({ TableName: tableName(), Item: { ...key(n), n } }));
  });

  it('callers of one turn get their own items from one request; a key asked twice is asked once; missing keys are absent', async () => {
    const { result, sent } = await batches(() => Promise.all([getTogether([key(1), key(2)]), getTogether([key(2), key(9)]), getTogether([key(3)])]));
    expect(result.map((items) => items.map((i) => i.n))).toEqual([[1, 2], [2], [3]]);
    expect(sent).toEqual([[`TOGETHER#${id} K1`, `TOGETHER#${id} K2`, `TOGETHER#${id} K3`, `TOGETHER#${id} K9`]]);
  });

  it('a read started after the batch went out goes in the next one', async () => {
    const { result, sent } = await batches(async () => {
      const first = getTogether([key(1)]);
      await first;
      return [await first, await getTogether([key(2)])];
    });
    expect(result.map((items) => items.map((i) => i.n))).toEqual([[1], [2]]);
    expect(sent).toHaveLength(2);
  });

  it('two requests never share a batch, nor its failure', async () => {
    const tooLong = { pk: `TOGETHER#${'x'.repeat(2100)}`, sk: 'K1' }; // over DynamoDB's key limit: the whole request is refused
    const { result, sent } = await batches(() =>
      Promise.allSettled([withRequestCounter(() => getTogether([key(1), tooLong])).result, withRequestCounter(() => getTogether([key(2)])).result]),
    );
    expect(result[0].status).toBe('rejected');
    expect(result[1]).toEqual({ status: 'fulfilled', value: [expect.objectContaining({ n: 2 })] });
    expect(sent).toHaveLength(2);
  });
});
