/**
 * What an audit fuzzing the API found, as rules: an id longer than DynamoDB's key limit is a
 * 4xx everywhere (never a 500), impossible dates are refused, free text cannot carry bidi
 * overrides or broken characters (emoji stay), and a crowdfund approval cannot be read from
 * a rejection's body.
 */
import { routes, type RouteDef } from '../../shared/src/api/routes';
import { call, devLogin } from '../support/http';

const LONG = 'x'.repeat(2100);
const run = Date.now().toString(36);
const DAY = 24 * 3600_000;
let resident: string;
let staff: string;
let admin: string;

beforeAll(async () => {
  [resident, staff, admin] = await Promise.all([devLogin(`harden-${run}`), devLogin('demo-staff'), devLogin('demo-admin')]);
  // The loops below only check the field path when a token came along: make sure each did.
  for (const token of [resident, staff, admin]) expect(token).toEqual(expect.stringMatching(/^ey/));
});

const withParams = (Object.entries(routes) as [string, RouteDef][]).filter(([, r]) => r.path.includes('{'));

describe('ids longer than a DynamoDB key', () => {
  it('covers every route with a path parameter', () => {
    expect(withParams.length).toBeGreaterThan(30);
  });

  it.each([
    ['without login', () => undefined],
    ['as a resident', () => resident],
    ['as an admin', () => admin],
  ])('a 2,100-character path id is a 4xx on every route, %s', async (_who, token) => {
    const answers: string[] = [];
    for (const [name, r] of withParams) {
      const url = r.path.replace(/\{\w+\}/g, LONG);
      const res = await call(r.method.toUpperCase(), url, { token: token(), ...(r.method === 'get' || r.method === 'delete' ? {} : { body: {} }) });
      answers.push(`${name} ${res.status}`);
      if (token() && r.auth === 'user') {
        // Logged in, the id itself is refused, with its name as the field path.
        expect({ name, status: res.status, code: res.body?.error?.code, path: res.body?.error?.fields?.[0]?.path }).toEqual({
          name,
          status: 400,
          code: 'VALIDATION_FAILED',
          path: r.path.match(/\{(\w+)\}/)![1],
        });
      }
    }
    expect(answers.filter((a) => !/ 4\d\d$/.test(a))).toEqual([]);
  });

  it('a public route names the parameter in Chinese', async () => {
    const res = await call('GET', `/stations/${LONG}`);
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([{ path: 'stationId', message: '编号不超过 64 个字符' }]);
  });

  it('long ids in bodies and queries are 400s with the field path', async () => {
    const booking = await call('POST', '/bookings', { token: resident, body: { roomId: LONG, date: '2030-01-07', start: '14:00', end: '15:00', purpose: '读书会', attendees: 3 } });
    expect([booking.status, booking.body.error.fields[0].path]).toEqual([400, 'roomId']);
    const apply = await call('POST', '/members/apply', { token: resident, body: { communityId: LONG, name: '李建国', branch: '第一党支部', phone: '13800138000' } });
    expect([apply.status, apply.body.error.fields[0].path]).toEqual([400, 'communityId']);
    const pledge = await call('POST', '/crowdfunds/cf-xingfu-playground/pledges', { token: resident, body: { lineId: LONG, amount: 100, clientToken: `tok-${run}-long` } });
    expect([pledge.status, pledge.body.error.fields[0].path]).toEqual([400, 'lineId']);
    for (const path of [`/stations?communityId=${LONG}`, `/crowdfunds?communityId=${LONG}`]) {
      const res = await call('GET', path);
      expect([path, res.status, res.body.error.fields[0].path]).toEqual([path, 400, 'communityId']);
    }
  });
});

describe('impossible dates', () => {
  it('a blackout from 2026-13-45T10:00 is refused with the field path, and nothing is stored', async () => {
    const res = await call('POST', '/rooms/rm-centre-party/blackouts', { token: staff, body: { start: '2026-13-45T10:00', end: '2026-13-45T12:00', reason: '维修' } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([
      { path: 'start', message: '日期不存在' },
      { path: 'end', message: '日期不存在' },
    ]);
    const room = await call('GET', '/rooms/rm-centre-party');
    expect(room.body.blackouts.map((b: { start: string }) => b.start)).not.toContain('2026-13-45T10:00');
  });
});

describe('free text', () => {
  const apply = (name: string, token: string) => call('POST', '/members/apply', { token, body: { communityId: 'cm-xingfu', name, branch: '第一党支部', phone: '13800138000' } });

  it('a name with a right-to-left override (U+202E) is a 400 with the field path', async () => {
    const res = await apply('李\u202e国建', resident);
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([{ path: 'name', message: '姓名含有不可见或控制字符，请删除后重试' }]);
  });

  it('a name with a lone surrogate is a 400 with the field path', async () => {
    // JSON.stringify keeps a lone surrogate as the escape \ud800, which the server decodes back.
    const res = await apply('李\ud800国', resident);
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe('name');
  });

  it('a name with emoji is accepted', async () => {
    const emojiUser = await devLogin(`harden-emoji-${run}`);
    const res = await apply('王秀兰🌸', emojiUser);
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('王秀兰🌸');
  });

  it('a photo must be an upload key (or an https link the item already has), never javascript:', async () => {
    const res = await call('POST', '/crowdfunds', {
      token: resident,
      body: {
        communityId: 'cm-xingfu',
        title: `加装电梯 ${run}`,
        story: '幸福家园 2 栋加装电梯，方便老人上下楼。',
        deadline: new Date(Date.now() + 30 * DAY).toISOString(),
        photos: ['javascript:alert(1)'],
        lines: [{ kind: 'ideas', title: '建议' }],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([{ path: 'photos.0', message: '照片无效，请重新上传' }]);
  });
});

describe('crowdfund approval', () => {
  it('a body that reads as a rejection is refused (400), and the crowdfund stays submitted', async () => {
    const created = await call('POST', '/crowdfunds', {
      token: resident,
      body: {
        communityId: 'cm-xingfu',
        title: `加装电梯 ${run}`,
        story: '幸福家园 2 栋加装电梯，方便老人上下楼，欢迎出钱出力。',
        deadline: new Date(Date.now() + 30 * DAY).toISOString(),
        lines: [{ kind: 'money', title: '资金', target: 100_000 }],
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect((await call('POST', `/crowdfunds/${id}/submit`, { token: resident })).status).toBe(200);
    const res = await call('POST', `/crowdfunds/${id}/approve`, { token: admin, body: { decision: 'reject' } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([{ path: 'decision', message: '不支持此字段' }]);
    expect((await call('GET', `/crowdfunds/${id}`, { token: admin })).body.status).toBe('submitted');
  });
});
