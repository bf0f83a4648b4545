/**
 * The crowdfund at scale: the detail page and the ledger do not grow with the crowdfund,
 * lists page, the closer isolates failures, and a reversed income un-fulfils its pledge.
 */
import { BatchWriteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { gunzipSync } from 'node:zlib';
import * as cf from '../../functions/src/crowdfund/domain';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import { NEWEST_BACKERS } from '../../shared/src/api/crowdfund';
import { useStackTable } from '../support/ddb';
import { principal } from '../support/principals';

beforeAll(useStackTable);

const organiser = principal({}, '发起人');
const admin = principal({ adminCommunityIds: ['cm-xingfu'] }, '管理员');
const residents = Array.from({ length: 30 }, (_, i) => principal({}, `居民${i}`));
const resident = (i: number) => residents[i];
const run = `${Date.now().toString(36)}`;
const HOUR = 3600_000;

async function openCrowdfund(lines: Parameters<typeof cf.createCrowdfund>[0]['lines'], by = organiser) {
  const created = await cf.createCrowdfund(
    {
      communityId: 'cm-xingfu',
      estates: [],
      buildingIds: [],
      title: `规模测试众筹 ${run}`,
      story: '用于规模测试的众筹项目，检查读取不随数据增长。',
      photos: [],
      deadline: new Date(Date.now() + 24 * 30 * HOUR).toISOString(),
      lines,
    },
    by,
  );
  await cf.submitCrowdfund(created.id, by);
  return cf.approveCrowdfund(created.id, undefined, admin);
}

const raw = async (key: { pk: string; sk: string }) => (await ddb().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;

describe('the crowdfund page does not grow with its backers', () => {
  it('shows the totals and the newest 10 backers; the rest page through listBackers, named as each consented', async () => {
    const c = await openCrowdfund([{ kind: 'money', title: '资金', required: true, target: 10_000_000 }]);
    const N = 23;
    for (let i = 0; i < N; i++) {
      await cf.createPledge(c.id, { lineId: 'ln-1', amount: 100 + i, anonymous: i % 3 === 0, clientToken: `tok-sc-bk-${run}-${i}` }, resident(i));
    }
    const detail = await cf.getCrowdfundDetail(c.id);
    expect(detail.backerCount).toBe(N);
    expect(detail.backers).toHaveLength(NEWEST_BACKERS);
    expect(detail.backers[0].value).toBe(100 + N - 1); // newest first
    expect(detail.backersNextCursor).toBeDefined();
    expect(JSON.stringify(detail)).not.toContain('pledgerName');

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await cf.listBackers(c.id, { limit: 7, cursor });
      expect(page.items.length).toBeLessThanOrEqual(7);
      seen.push(...page.items.map((b) => `${b.value}:${b.name}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(N);
    expect(new Set(seen).size).toBe(N);
    for (let i = 0; i < N; i++) expect(seen).toContain(`${100 + i}:${i % 3 === 0 ? '匿名居民' : `居民${i}`}`);

    // A withdrawn pledge leaves the backers and the count.
    const mine = (await cf.myPledges(resident(N - 1), { limit: 5 })).items[0];
    await cf.withdrawPledge(mine.id, resident(N - 1));
    const after = await cf.getCrowdfundDetail(c.id);
    expect(after.backerCount).toBe(N - 1);
    expect(after.backers.map((b) => b.pledgeId)).not.toContain(mine.id);
    // Admins see the name behind an anonymous pledge.
    const asAdmin = await cf.listBackers(c.id, { limit: 50 }, admin);
    expect(asAdmin.items.find((b) => b.name === '匿名居民')?.pledgerName).toMatch(/^居民\d+$/);
  });
});

describe('lists page', () => {
  it('my crowdfunds come from the organiser index, page by page, drafts included', async () => {
    const me = principal({}, '发起人二');
    const a = await openCrowdfund([{ kind: 'money', title: '资金', required: true, target: 1000 }], me);
    const b = await openCrowdfund([{ kind: 'money', title: '资金', required: true, target: 2000 }], me);
    const first = await cf.listCrowdfunds({ mine: 'true', limit: 1 }, me);
    expect(first.items.map((x) => x.id)).toEqual([b.id]);
    expect(first.items[0].lines[0].target).toBe(2000);
    const second = await cf.listCrowdfunds({ mine: 'true', limit: 1, cursor: first.nextCursor }, me);
    expect(second.items.map((x) => x.id)).toEqual([a.id]);
  });

  it('my crowdfunds made within the same second still list newest first', async () => {
    const me = principal({}, '发起人三');
    const second = Math.floor(Date.now() / 1000) * 1000 + 1000;
    const made: string[] = [];
    for (let ms = 0; ms < 6; ms++) {
      const created = await cf.createCrowdfund(
        {
          communityId: 'cm-xingfu',
          estates: [],
          buildingIds: [],
          title: `同一秒的众筹 ${run} ${ms}`,
          story: '同一秒内发起的几个众筹，应按发起先后倒序列出。',
          photos: [],
          deadline: new Date(second + 24 * 30 * HOUR).toISOString(),
          lines: [{ kind: 'money', title: '资金', required: true, target: 1000 }],
        },
        me,
        new Date(second + ms * 7),
      );
      made.push(created.id);
    }
    const listed = await cf.listCrowdfunds({ mine: 'true', limit: 10 }, me);
    expect(listed.items.map((x) => x.id)).toEqual([...made].reverse());
  });

  it('open crowdfunds without a community: one index, pages of at most `limit`', async () => {
    const first = await cf.listCrowdfunds({ limit: 2 });
    expect(first.items.length).toBeLessThanOrEqual(2);
    expect(first.items.every((x) => x.status === 'open')).toBe(true);
    expect(first.nextCursor).toBeDefined();
    const second = await cf.listCrowdfunds({ limit: 2, cursor: first.nextCursor });
    expect(second.items.map((x) => x.id)).not.toContain(first.items[0].id);
  });
});

describe('reversing a ledger income entry', () => {
  it('takes the pledge back to pledged and the line’s fulfilled total down, in the same transaction', async () => {
    const c = await openCrowdfund([{ kind: 'money', title: '资金', required: true, target: 1_000_000 }]);
    const p = (await cf.createPledge(c.id, { lineId: 'ln-1', amount: 5_000, anonymous: false, clientToken: `tok-sc-rv-${run}` }, resident(1))).pledge;
    await cf.fulfilPledge(p.id, { method: 'cash' }, admin);
    expect((await raw(keys.crowdfundLine(c.id, 'ln-1')))?.fulfilled).toBe(5_000);
    const income = (await cf.getLedger(c.id, { limit: 50 })).entries[0];

    await cf.reverseLedgerEntry(c.id, income.id, '款项未到账', admin);
    const line = await raw(keys.crowdfundLine(c.id, 'ln-1'));
    const ledger = await cf.getLedger(c.id, { limit: 50 });
    expect(line?.fulfilled).toBe(0);
    expect(line?.fulfilled).toBe(ledger.totals.balance);
    const pledge = await raw(keys.crowdfundPledge(c.id, p.id));
    expect(pledge?.status).toBe('pledged');
    expect(pledge?.incomeEntryId).toBeUndefined();

    // It can be confirmed again when the money does arrive; totals stay equal.
    await cf.fulfilPledge(p.id, { method: 'bank_transfer', reference: 'NO.1' }, admin);
    expect((await raw(keys.crowdfundLine(c.id, 'ln-1')))?.fulfilled).toBe(5_000);
    expect((await cf.getLedger(c.id, { limit: 50 })).totals.balance).toBe(5_000);
  });
});

describe('the public ledger', () => {
  it('never shows the payment voucher number publicly (admins still see it); the payer only as consented', async () => {
    const c = await openCrowdfund([{ kind: 'money', title: '资金', required: true, target: 1_000_000 }]);
    const named = (await cf.createPledge(c.id, { lineId: 'ln-1', amount: 100, anonymous: false, clientToken: `tok-sc-pv1-${run}` }, resident(7))).pledge;
    const anon = (await cf.createPledge(c.id, { lineId: 'ln-1', amount: 200, anonymous: true, clientToken: `tok-sc-pv2-${run}` }, resident(8))).pledge;
    await cf.fulfilPledge(named.id, { method: 'bank_transfer', reference: 'VOUCHER-777' }, admin);
    await cf.fulfilPledge(anon.id, { method: 'wechat_pay', reference: 'VOUCHER-888' }, admin);
    const pub = await cf.getLedger(c.id, { limit: 50 });
    expect(JSON.stringify(pub)).not.toContain('VOUCHER-');
    expect(pub.entries.map((e) => [e.backerName, e.payment?.method])).toEqual([
      ['居民7', 'bank_transfer'],
      ['匿名居民', 'wechat_pay'],
    ]);
    expect(JSON.stringify(pub)).not.toContain('居民8');
    const csv = (await cf.getLedgerCsv(c.id)).csv.toString('utf8');
    expect(csv).not.toContain('VOUCHER-');
    expect(csv).not.toContain('居民8');
    expect(JSON.stringify(await cf.getLedger(c.id, { limit: 50 }, admin))).toContain('VOUCHER-777');
  });
});

describe('the deadline closer isolates failures', () => {
  it('one pledge that cannot be released is logged and counted; every other pledge and crowdfund is released', async () => {
    const a = await openCrowdfund([{ kind: 'money', title: '资金', required: true, target: 1_000_000 }]);
    const b = await openCrowdfund([{ kind: 'money', title: '资金', required: true, target: 1_000_000 }]);
    const pa = [];
    for (let i = 0; i < 3; i++) pa.push((await cf.createPledge(a.id, { lineId: 'ln-1', amount: 100, anonymous: false, clientToken: `tok-sc-cl-a${i}-${run}` }, resident(i))).pledge);
    const pb = (await cf.createPledge(b.id, { lineId: 'ln-1', amount: 100, anonymous: false, clientToken: `tok-sc-cl-b-${run}` }, resident(9))).pledge;
    // A corrupt pledge (its value is not a number): releasing it throws a DynamoDB validation error.
    await ddb().send(new UpdateCommand({ TableName: tableName(), Key: keys.crowdfundPledge(a.id, pa[0].id), UpdateExpression: 'SET #v = :x', ExpressionAttributeNames: { '#v': 'value' }, ExpressionAttributeValues: { ':x': 'broken' } }));
    await cf.cancelCrowdfund(a.id, '测试隔离', admin);
    await cf.cancelCrowdfund(b.id, '测试隔离', admin);

    const report = await cf.closeDueCrowdfunds(new Date());
    expect(report.errors).toBeGreaterThanOrEqual(1);
    expect((await raw(keys.crowdfundPledge(a.id, pa[1].id)))?.status).toBe('released');
    expect((await raw(keys.crowdfundPledge(a.id, pa[2].id)))?.status).toBe('released');
    expect((await raw(keys.crowdfundPledge(b.id, pb.id)))?.status).toBe('released');
    // A stays on the release list (its broken pledge is still live); B is done.
    expect(await raw(keys.crowdfundReleasing(a.id))).toBeDefined();
    expect(await raw(keys.crowdfundReleasing(b.id))).toBeUndefined();
    // The scheduled handler finishes the run, then fails so that the failure alarms.
    const { closeDueCrowdfunds } = await import('../../functions/src/crowdfund/handlers');
    await expect(closeDueCrowdfunds({})).rejects.toThrow(/failed/);
    // Once repaired, the next run finishes the release.
    await ddb().send(new UpdateCommand({ TableName: tableName(), Key: keys.crowdfundPledge(a.id, pa[0].id), UpdateExpression: 'SET #v = :x', ExpressionAttributeNames: { '#v': 'value' }, ExpressionAttributeValues: { ':x': 100 } }));
    await cf.closeDueCrowdfunds(new Date());
    expect((await raw(keys.crowdfundPledge(a.id, pa[0].id)))?.status).toBe('released');
    expect(await raw(keys.crowdfundReleasing(a.id))).toBeUndefined();
    expect((await raw(keys.crowdfundLine(a.id, 'ln-1')))?.pledged).toBe(0);
  });

  it('releases a large crowdfund in bounded batches, resumably', async () => {
    const c = await openCrowdfund([{ kind: 'materials', title: '地砖', item: '地砖', unit: '块', required: true, target: 1_000_000 }]);
    for (let i = 0; i < 5; i++) await cf.createPledge(c.id, { lineId: 'ln-1', quantity: 1, anonymous: false, clientToken: `tok-sc-bt-${run}-${i}` }, resident(i));
    await cf.cancelCrowdfund(c.id, '测试分批', admin);
    const cw = await (await import('../../functions/src/crowdfund/storage')).getCrowdfund(c.id);
    const first = await cf.releaseBatch(cw!.crowdfund, new Date().toISOString(), 2);
    expect(first).toMatchObject({ released: 2, done: false });
    const second = await cf.releaseBatch(cw!.crowdfund, new Date().toISOString(), 2);
    expect(second).toMatchObject({ released: 2, done: false });
    const third = await cf.releaseBatch(cw!.crowdfund, new Date().toISOString(), 2);
    expect(third).toMatchObject({ released: 1, done: true });
    expect((await raw(keys.crowdfundLine(c.id, 'ln-1')))?.pledgeCount).toBe(0);
  });
});

describe('the CSV export of a large ledger', () => {
  const ENTRIES = Number(process.env.LEDGER_CSV_ENTRIES ?? 50_000);
  it(`pages through ${ENTRIES} entries and stays well under Lambda's 6 MB response limit`, async () => {
    const c = await openCrowdfund([{ kind: 'money', title: '资金', required: true, target: 1_000_000 }]);
    const t0 = Date.UTC(2026, 0, 1);
    const items = Array.from({ length: ENTRIES }, (_, i) => {
      const id = `le-${(t0 + i).toString(36).padStart(9, '0')}${String(i).padStart(8, '0')}`;
      return {
        ...keys.crowdfundLedgerEntry(c.id, id),
        entity: 'LedgerEntry',
        id,
        crowdfundId: c.id,
        kind: 'income',
        amount: 100,
        createdAt: new Date(t0 + i).toISOString(),
        recordedById: admin.userId,
        recordedBy: '管理员',
        pledgeId: `pl-gen-${i}`,
        backerName: `居民${i}`,
        payment: { method: 'bank_transfer', reference: `SECRET${i}` },
      };
    });
    // Written directly, 25 per BatchWriteItem, a few batches at a time; totals item to match.
    const batches: (typeof items)[] = [];
    for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
    const writer = async () => {
      for (let batch = batches.shift(); batch; batch = batches.shift()) {
        let request: Record<string, any[]> | undefined = { [tableName()]: batch.map((Item) => ({ PutRequest: { Item } })) };
        while (request && Object.keys(request).length) request = (await ddb().send(new BatchWriteCommand({ RequestItems: request }))).UnprocessedItems as any;
      }
    };
    await Promise.all(Array.from({ length: 4 }, writer));
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.crowdfundLedgerTotals(c.id),
        UpdateExpression: 'SET income = :t, balance = :t, expense = :z, reversal = :z, entryCount = :n',
        ExpressionAttributeValues: { ':t': ENTRIES * 100, ':z': 0, ':n': ENTRIES },
      }),
    );

    const out = await cf.getLedgerCsv(c.id);
    expect(out.entries).toBe(ENTRIES);
    const text = (out.gzipped ? gunzipSync(out.csv) : out.csv).toString('utf8');
    const rows = text.split('\r\n');
    expect(rows.filter((r) => r.includes(',收入,'))).toHaveLength(ENTRIES);
    expect(text).toContain(`结余,,${cf.yuan(ENTRIES * 100)}`);
    expect(text).not.toContain('SECRET');
    // Base64 (as API Gateway carries it) stays far below 6 MB.
    expect(Math.ceil(out.csv.length / 3) * 4).toBeLessThan(6 * 1024 * 1024);

    // The page view reads one page and the totals item, whatever the ledger's size.
    const page = await cf.getLedger(c.id, { limit: 50 });
    expect(page.entries).toHaveLength(50);
    expect(page.totals.income).toBe(ENTRIES * 100);
    expect(page.nextCursor).toBeDefined();
  }, 600_000);
});
