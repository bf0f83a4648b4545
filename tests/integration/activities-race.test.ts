import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ActivityInput } from '../../shared/src/api/activities';
import { createActivity, publishActivity } from '../../functions/src/activities/activities';
import { cancelRegistration, signUp } from '../../functions/src/activities/registrations';
import { registrationsOf } from '../../functions/src/activities/storage';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import { useStackTable } from '../support/ddb';
import { principal } from '../support/principals';

beforeAll(useStackTable);

const at = (local: string) => new Date(`${local}:00+08:00`);
const token = () => `tok-${Math.random().toString(36).slice(2, 12)}`;

it('50 cancellations racing 50 sign-ups on DynamoDB Local: all done, never over capacity, the queue first', async () => {
  const organiser = principal({ staffStationIds: ['sn-xingfu-centre'] }, '张丽');
  const input = ActivityInput.parse({
    title: '抢位讲座',
    kind: 'lecture',
    start: '2027-06-03T10:00',
    end: '2027-06-03T11:00',
    place: { address: '幸福路 88 号' },
    capacity: 50,
    signUpOpens: '2027-04-01T09:00',
    signUpCloses: '2027-06-03T10:00',
    cancelDeadline: '2027-06-03T09:00',
  });
  const created = await createActivity(organiser, 'sn-xingfu-centre', input, at('2027-04-01T10:00'));
  const a = await publishActivity(organiser, created.id, at('2027-04-01T10:00'));
  const now = at('2027-04-02T10:00');
  const holders = Array.from({ length: 50 }, () => principal());
  const regs: { id: string }[] = [];
  for (const p of holders) regs.push((await signUp(p, a.id, { companions: 0, clientToken: token() }, now)).registration);
  const queue = Array.from({ length: 30 }, () => principal());
  for (const p of queue) await signUp(p, a.id, { companions: 0, clientToken: token() }, now);
  const late = Array.from({ length: 50 }, () => principal());
  await Promise.all([...holders.map((p, i) => cancelRegistration(p, regs[i].id, now)), ...late.map((p) => signUp(p, a.id, { companions: 0, clientToken: token() }, now))]);
  const meta = (await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.activity(a.id), ConsistentRead: true }))).Item!;
  expect(meta).toMatchObject({ taken: 50, waitCount: 30 });
  const confirmed: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await registrationsOf(a.id, ['confirmed'], { limit: 50, ...(cursor ? { cursor } : {}) });
    confirmed.push(...page.items.map((r) => r.userId));
    cursor = page.nextCursor;
  } while (cursor);
  // Never over capacity: the 50 seats are held by 50 people; the 30 who queued first all got one.
  expect(confirmed).toHaveLength(50);
  const ids = new Set(confirmed);
  expect(queue.every((p) => ids.has(p.userId))).toBe(true);
  expect(late.filter((p) => ids.has(p.userId))).toHaveLength(20);
}, 120_000);
