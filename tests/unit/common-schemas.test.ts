/**
 * The shared primitives every request schema builds on, and the rule that nothing a client
 * sends is unbounded: ids are short and plain, free text has no control, bidi or invisible
 * characters (emoji welcome), dates exist on the calendar, photo links are https.
 */
import { z } from 'zod';
import { DateString, HttpsUrl, Id, LocalDateTime, Text } from '../../shared/src/api/common';
import { DateString as VenuesDateString, CreateBlackoutRequest } from '../../shared/src/api/venues';
import { CrowdfundInput, ExpenseRequest, ReviewRequest as ApproveCrowdfund } from '../../shared/src/api/crowdfund';
import { MemberApplyRequest } from '../../shared/src/api/members';
import { routes, type RouteDef } from '../../shared/src/api/routes';

const ok = (schema: z.ZodType, value: unknown) => schema.safeParse(value).success;
const issues = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};

describe('Id', () => {
  it('takes our ids (uuids, prefixed ids, code tokens) and nothing long or odd', () => {
    for (const id of ['0b7c3a9e-5f1d-4c2a-9e8b-1a2b3c4d5e6f', 'cf-1a2b3c4d5e6f', 'u-demo-member', 'ln-3', 'Xk3_9aZ-Qw8rTy2uIo1pLm', 'x'.repeat(64)]) expect(ok(Id, id)).toBe(true);
    for (const id of ['', 'x'.repeat(65), 'x'.repeat(2100), 'a b', 'a#b', 'STATION#1', '站点', '../x', 'a\u202eb']) expect(ok(Id, id)).toBe(false);
    expect(issues(Id, 'x'.repeat(2100))[0].message).toBe('编号不超过 64 个字符');
  });
});

describe('Text', () => {
  const name = Text({ min: 2, max: 20, label: '姓名' });
  const story = Text({ max: 500, label: '介绍', multiLine: true });

  it('refuses bidi overrides and isolates, control characters, invisible marks and lone surrogates', () => {
    for (const bad of ['李\u202e国建', '李\u202a建国', '李\u2066建国', '李\u2069建国', '李\u0000建国', '李\u0007建国', '李\u200b建国', '李\u200d建国', '🌸\u200d', '李\ufeff建国', '李\ud800建国', '李\udc00建国', '李\n建国'])
      expect({ bad, ok: ok(name, bad) }).toEqual({ bad, ok: false });
    expect(issues(name, '李\u202e国建')).toEqual([{ path: '', message: '姓名含有不可见或控制字符，请删除后重试' }]);
  });

  it('takes Chinese, emoji (surrogate pairs, ZWJ sequences) and, in multi-line text, line breaks', () => {
    for (const good of ['李建国', '王秀兰🌸', 'Anna 李', '👨‍👩‍👧 一家', '👩🏽\u200d💻 志愿者', '🏳️\u200d🌈']) expect({ good, ok: ok(name, good) }).toEqual({ good, ok: true });
    expect(ok(story, '第一行\n第二行\n\t第三行')).toBe(true);
  });

  it('trims, bounds and keeps a field’s own wording', () => {
    expect(name.parse('  李建国  ')).toBe('李建国');
    expect(issues(name, '李')[0].message).toBe('姓名至少 2 个字');
    expect(issues(name, 'x'.repeat(21))[0].message).toBe('姓名不超过 20 个字');
    const own = Text({ min: 2, max: 20, label: '姓名', messages: { min: '请填写真实姓名' } });
    expect(issues(own, '李')[0].message).toBe('请填写真实姓名');
    expect(issues(MemberApplyRequest, { communityId: 'c-1', name: '李\u202e国', branch: '第一支部', phone: '13800138000' })).toEqual([
      { path: 'name', message: '姓名含有不可见或控制字符，请删除后重试' },
    ]);
  });
});

describe('dates', () => {
  it('DateString and LocalDateTime refuse dates that are not on the calendar', () => {
    expect(ok(DateString, '2028-02-29')).toBe(true);
    for (const d of ['2026-02-29', '2026-13-45', '2026-04-31', '2026-00-10']) expect(ok(DateString, d)).toBe(false);
    expect(ok(LocalDateTime, '2026-05-01T09:30')).toBe(true);
    expect(ok(LocalDateTime, '2026-05-01T24:00')).toBe(true);
    for (const d of ['2026-13-45T10:00', '2026-02-30T10:00', '2026-05-01T10:15', '2026-05-01T25:00']) expect(ok(LocalDateTime, d)).toBe(false);
  });

  it('venues re-exports the one DateString of common', () => {
    expect(VenuesDateString).toBe(DateString);
  });

  it('a blackout from 2026-13-45T10:00 is refused with the field path', () => {
    expect(issues(CreateBlackoutRequest, { start: '2026-13-45T10:00', end: '2026-13-45T12:00', reason: '维修' })).toEqual([
      { path: 'start', message: '日期不存在' },
      { path: 'end', message: '日期不存在' },
    ]);
  });

  it('a crowdfund deadline must exist on the calendar too', () => {
    const base = { communityId: 'c-1', title: '加装电梯', story: '老旧小区加装电梯，需要大家出力出资。', lines: [{ kind: 'ideas', title: '建议' }] };
    expect(ok(CrowdfundInput, { ...base, deadline: '2026-06-30T18:00:00+08:00' })).toBe(true);
    expect(issues(CrowdfundInput, { ...base, deadline: '2026-13-45T10:00:00+08:00' }).map((i) => i.path)).toEqual(['deadline']);
  });
});

describe('HttpsUrl', () => {
  it('takes https links only: no javascript:, data:, http:', () => {
    expect(ok(HttpsUrl, 'https://img.example.cn/a.jpg')).toBe(true);
    for (const bad of ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:image/png;base64,AAAA', 'http://img.example.cn/a.jpg', 'https://x.cn/\u202ea.jpg', 'not a url'])
      expect({ bad, ok: ok(HttpsUrl, bad) }).toEqual({ bad, ok: false });
    expect(issues(ExpenseRequest, { amount: 100, payee: '五金店', purpose: '买螺丝', receiptPhotos: ['javascript:alert(1)'] })).toEqual([
      { path: 'receiptPhotos.0', message: '照片无效，请重新上传' },
    ]);
  });
});

describe('request schemas', () => {
  it('a crowdfund approval refuses a body that reads as a rejection', () => {
    expect(ok(ApproveCrowdfund, {})).toBe(true);
    expect(ok(ApproveCrowdfund, { note: '同意' })).toBe(true);
    expect(ok(ApproveCrowdfund, { decision: 'reject' })).toBe(false);
    expect(ok(routes.approveBooking.body, { decision: 'reject' })).toBe(false);
  });

  it('bound every string a client can send (length, enum, format or a fixed-length pattern)', () => {
    const unbounded: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (!node || typeof node !== 'object') return;
      const s = node as Record<string, unknown>;
      if (s.type === 'string' && s.maxLength === undefined && s.enum === undefined && s.const === undefined && s.format === undefined) {
        const pattern = typeof s.pattern === 'string' ? s.pattern : '';
        if (!pattern || /[+*]|\{\d+,\}/.test(pattern)) unbounded.push(where);
      }
      for (const [k, v] of Object.entries(s)) walk(v, `${where}/${k}`);
    };
    for (const [name, def] of Object.entries(routes) as [string, RouteDef][]) {
      if (def.body) walk(z.toJSONSchema(def.body, { io: 'input', unrepresentable: 'any' }), `${name}.body`);
      if (def.query) walk(z.toJSONSchema(def.query, { io: 'input', unrepresentable: 'any' }), `${name}.query`);
    }
    expect(unbounded).toEqual([]);
  });
});
