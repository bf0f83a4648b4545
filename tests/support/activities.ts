import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { rawClient } from '../../scripts/local/table';
import { stackEnv } from './env';
import { addDays, shanghaiToday } from './dates';
import { call, devLogin } from './http';

/** Local (Asia/Shanghai) `YYYY-MM-DDTHH:mm` of a day `days` after today. */
export const dayAt = (days: number, hhmm: string) => `${addDays(shanghaiToday(), days)}T${hhmm}`;
export const uniq = (p = 'act') => `${p}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

/** An activity form with sign-up open now, starting `days` days on at 10:00 at an address. */
export function activityForm(over: Record<string, unknown> = {}, days = 3) {
  return {
    title: '社区读书会',
    description: '一起读好书',
    kind: 'lecture',
    start: dayAt(days, '10:00'),
    end: dayAt(days, '11:30'),
    place: { address: '幸福路 88 号二楼' },
    capacity: 10,
    signUpOpens: dayAt(0, '00:00'),
    signUpCloses: dayAt(days, '10:00'),
    cancelDeadline: dayAt(days, '09:00'),
    ...over,
  };
}

export const STATION = 'sn-xingfu-centre';

/** Creates (and publishes unless `draft`) an activity as demo-staff; returns it. */
export async function staffActivity(staff: string, over: Record<string, unknown> = {}, opts: { draft?: boolean; days?: number } = {}) {
  const created = await call('POST', `/stations/${STATION}/activities`, { token: staff, body: activityForm(over, opts.days) });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  if (opts.draft) return created.body;
  const published = await call('POST', `/activities/${created.body.id}/publish`, { token: staff, body: {} });
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
  return published.body;
}

export async function resident(prefix = 'act-res'): Promise<{ token: string; id: string }> {
  const token = await devLogin(uniq(prefix));
  const me = await call('GET', '/me', { token });
  return { token, id: me.body.user.id };
}

const doc = () => DynamoDBDocumentClient.from(rawClient(stackEnv.dynamoEndpoint));

/**
 * An activity that already ended (the API cannot create one in the past): written straight
 * into the table as publishing and check-ins would have left it.
 */
export async function seedEndedVolunteerActivity(people: { id: string; name: string; status: 'confirmed' | 'checked_in' }[], hours = 2) {
  const id = uniq('ended');
  const start = dayAt(-1, '09:00');
  const end = dayAt(-1, '11:00');
  const a = {
    id,
    stationId: STATION,
    stationName: '幸福社区党群服务中心',
    communityId: 'cm-xingfu',
    placeName: '幸福路 88 号',
    organiserId: 'u-demo-staff',
    organiserName: '张丽',
    title: '清洁家园志愿服务',
    description: '',
    photos: [],
    kind: 'volunteer',
    start,
    end,
    place: { address: '幸福路 88 号' },
    capacity: 20,
    signUpOpens: dayAt(-5, '09:00'),
    signUpCloses: start,
    cancelDeadline: start,
    audience: 'everyone',
    hours,
    status: 'published',
    taken: people.length,
    waitCount: 0,
    version: 2,
    createdAt: `${dayAt(-5, '08:00')}:00+08:00`,
  };
  await doc().send(new PutCommand({ TableName: stackEnv.tableName, Item: { pk: `ACTIVITY#${id}`, sk: 'META', entity: 'Activity', ...a } }));
  for (const p of people) {
    await doc().send(
      new PutCommand({
        TableName: stackEnv.tableName,
        Item: {
          pk: `ACTIVITY#${id}`,
          sk: `REG#${p.id}`,
          entity: 'Registration',
          id: `reg-${id}-${p.id}`.slice(0, 60),
          activityId: id,
          userId: p.id,
          userName: p.name,
          companions: 0,
          status: p.status,
          clientToken: 'seeded-token',
          createdAt: a.createdAt,
          activityTitle: a.title,
          activityStart: start,
          activityEnd: end,
          placeName: a.placeName,
        },
      }),
    );
  }
  return a;
}
