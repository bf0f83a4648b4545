import { reloadConfig } from '../../functions/src/lib/config';
import { fitKeyword, subscribeTemplates, templateData, templateForKind, wechatDate, wechatTime } from '../../functions/src/messages/templates';
import { keywordRuleBroken } from '../fakes/wechat-server';

const long = '幸福里社区党群服务中心·多功能厅，2026-12-01 14:00–16:00，请按时前往并扫码签到';

describe('subscription message values are cut to what WeChat accepts for each keyword type', () => {
  it('thing: at most 20 characters, a longer text ends in … within them', () => {
    const v = fitKeyword('thing', long);
    expect([...v]).toHaveLength(20);
    expect(v.endsWith('…')).toBe(true);
    expect(v.startsWith('幸福里社区党群服务中心·多功能')).toBe(true);
    expect(fitKeyword('thing', '预约已通过')).toBe('预约已通过');
    expect(keywordRuleBroken('thing1', v)).toBeUndefined();
    expect(keywordRuleBroken('thing1', long)).toBeDefined();
  });

  it('phrase: at most 5 Chinese characters, nothing else', () => {
    expect(fitKeyword('phrase', '预约已被取消')).toBe('预约已被取');
    expect(fitKeyword('phrase', '已通过 OK!')).toBe('已通过');
    expect(keywordRuleBroken('phrase2', fitKeyword('phrase', '预约已被取消'))).toBeUndefined();
    expect(keywordRuleBroken('phrase2', '预约已被取消')).toBeDefined();
  });

  it('name: 10 Chinese characters, or 20 letters when it has none', () => {
    expect(fitKeyword('name', '欧阳娜娜娜娜娜娜娜娜娜娜')).toBe('欧阳娜娜娜娜娜娜娜娜');
    expect(fitKeyword('name', 'Alexandra Catherine Smith')).toBe('Alexandra Catherine ');
    expect(keywordRuleBroken('name3', fitKeyword('name', '欧阳娜娜娜娜娜娜娜娜娜娜'))).toBeUndefined();
  });

  it('character_string and number: 32 at most, only what the type allows', () => {
    const id = 'bk-' + 'x'.repeat(40);
    expect(fitKeyword('character_string', id)).toHaveLength(32);
    expect(fitKeyword('character_string', '编号 AB-12')).toBe('AB-12');
    expect(fitKeyword('number', '共 12 人')).toBe('12');
    expect(fitKeyword('number', '1'.repeat(40))).toHaveLength(32);
    expect(keywordRuleBroken('character_string4', fitKeyword('character_string', id))).toBeUndefined();
    expect(keywordRuleBroken('number5', fitKeyword('number', '共 12 人'))).toBeUndefined();
  });

  it('letter, symbol, phone_number, car_number keep their limits', () => {
    expect(fitKeyword('letter', 'abc123def')).toBe('abcdef');
    expect(fitKeyword('symbol', '¥¥¥¥¥¥¥')).toHaveLength(5);
    expect(fitKeyword('phone_number', '+86-0766-66888866-123456')).toHaveLength(17);
    expect(fitKeyword('car_number', '粤A8Z888挂 外')).toBe('粤A8Z888挂');
  });

  it('time and date are written as WeChat wants, in Asia/Shanghai time', () => {
    // 06:00 UTC is 14:00 in Shanghai; 18:30 UTC is already the next day there.
    expect(wechatTime('2026-12-01T06:00:00Z')).toBe('2026年12月01日 14:00');
    expect(wechatTime('2026-11-30T18:30:00Z')).toBe('2026年12月01日 02:30');
    expect(wechatDate('2026-11-30T18:30:00Z')).toBe('2026年12月01日');
    expect(keywordRuleBroken('time3', wechatTime('2026-12-01T06:00:00Z'))).toBeUndefined();
    expect(keywordRuleBroken('time3', '2026-12-01 14:00:00')).toBeDefined();
    expect(keywordRuleBroken('date4', wechatDate('2026-12-01T06:00:00Z'))).toBeUndefined();
  });
});

describe('templates are configured per stage', () => {
  const config = [
    {
      id: 'tmpl-a',
      kinds: ['booking_approved', 'booking_rejected'],
      keywords: [
        { name: 'phrase1', type: 'phrase', from: 'title' },
        { name: 'thing2', type: 'thing', from: 'body' },
        { name: 'time3', type: 'time', from: 'createdAt' },
        { name: 'thing4', type: 'thing', from: { text: '红色驿站' } },
      ],
    },
  ];
  afterEach(() => {
    delete process.env.SUBSCRIBE_TEMPLATES;
    reloadConfig();
  });

  it('fills each keyword from the message, cut to its type', () => {
    process.env.SUBSCRIBE_TEMPLATES = JSON.stringify(config);
    reloadConfig();
    const t = templateForKind('booking_rejected')!;
    expect(t.id).toBe('tmpl-a');
    expect(templateForKind('crowdfund_funded')).toBeUndefined();
    expect(templateData(t, { title: '预约未通过', body: long, createdAt: '2026-12-01T06:00:00.000Z' })).toEqual({
      phrase1: { value: '预约未通过' },
      thing2: { value: fitKeyword('thing', long) },
      time3: { value: '2026年12月01日 14:00' },
      thing4: { value: '红色驿站' },
    });
  });

  it('no config, or a broken one, means no template (and so no send)', () => {
    expect(subscribeTemplates()).toEqual([]);
    process.env.SUBSCRIBE_TEMPLATES = JSON.stringify([{ ...config[0], keywords: [{ name: 'time1', type: 'time', from: 'title' }] }]);
    reloadConfig();
    expect(subscribeTemplates()).toEqual([]);
    process.env.SUBSCRIBE_TEMPLATES = '{not json';
    reloadConfig();
    expect(subscribeTemplates()).toEqual([]);
  });
});
