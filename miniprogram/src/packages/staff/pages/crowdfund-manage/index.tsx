import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import type { Backer, BudgetLine, LedgerEntry, PaymentMethod } from '@shared/api/crowdfund';
import { api, ApiError, requestLogin } from '../../../../api/client';
import { useRequest } from '../../../../hooks/useRequest';
import { usePagedRequest } from '../../../../hooks/usePagedRequest';
import { LoadMore } from '../../../../components/LoadMore';
import { useSession } from '../../../../hooks/useSession';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { Button, Cell } from '../../../../components/ui';
import { CROWDFUND_ROUTES, Field, Sheet, StatusTag } from '../../../../components/CrowdfundBits';
import { ChoiceChips, type ChipOption } from '../../../../components/Chips';
import { PhotoUploader, type PhotoItem } from '../../../../components/PhotoUploader';
import { LedgerEntries, LedgerTotals } from '../../../../components/LedgerView';
import { THEME_RED } from '../../../../config';
import { buildExpense, checkReason, describeValue, formatYuan, KIND_LABELS, type ExpenseDraft, type FormErrors } from '../../../../utils/crowdfund';
import { formatCst } from '../../../../utils/time';
import { fieldName } from '../../../../utils/a11y';

const METHODS: Array<ChipOption<PaymentMethod>> = [
  { value: 'cash', label: '现金' },
  { value: 'bank_transfer', label: '银行转账' },
  { value: 'wechat_pay', label: '微信支付' },
  { value: 'other', label: '其他' },
];
const FULFIL_VERBS = { money: '确认收款', labour: '确认已出力', materials: '确认已收到物资', ideas: '采纳' } as const;

/** Without ?id: the crowdfunds of the communities the user administers. */
function CrowdfundPicker() {
  const session = useSession();
  const list = useRequest(
    async () => {
      const me = await api('me', undefined, { silent: true });
      const mine = new Set(me.adminCommunities.map((c) => c.id));
      const { items } = await api('listCrowdfunds', undefined, { query: { limit: 50 }, silent: true });
      return items.filter((c) => mine.has(c.communityId) && !['draft', 'submitted', 'rejected'].includes(c.status));
    },
    [session?.token],
    { enabled: session !== null },
  );
  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh());
  });
  return (
    <View className="section">
      <Text className="section__title">选择众筹</Text>
      <Text className="section__note">确认认捐、登记支出、冲正账目（仅限你管理的社区）</Text>
      <StateView
        idPrefix="manage-list"
        loading={list.loading}
        error={list.error}
        empty={list.data !== undefined && list.data.length === 0}
        emptyText="暂无可管理的众筹"
        emptyHint="审核通过的众筹会出现在这里"
        onRetry={() => void list.reload()}
      >
        {list.data && (
          <View id="manage-list">
            {list.data.map((cf) => (
              <Cell
                key={cf.id}
                id={`manage-crowdfund-${cf.id}`}
                title={cf.title}
                description={`截止 ${formatCst(cf.deadline, 'M月D日 HH:mm')}`}
                extra={<StatusTag status={cf.status} />}
                clickable
                onClick={() => void Taro.navigateTo({ url: CROWDFUND_ROUTES.manage(cf.id) })}
              />
            ))}
          </View>
        )}
      </StateView>
    </View>
  );
}

function FulfilSheet({ backer, line, onClose, onDone }: { backer: Backer; line?: BudgetLine; onClose: () => void; onDone: () => void }) {
  const [method, setMethod] = useState<PaymentMethod>('cash');
  const [reference, setReference] = useState('');
  const [busy, setBusy] = useState(false);
  const isMoney = backer.lineKind === 'money';
  const submit = async () => {
    if (busy) return;
    if (reference.trim().length > 64) {
      void Taro.showToast({ title: '凭证号不能超过 64 个字符', icon: 'none' });
      return;
    }
    setBusy(true);
    try {
      await api('fulfilPledge', { method: isMoney ? method : 'other', ...(reference.trim() ? { reference: reference.trim() } : {}) }, { params: { pledgeId: backer.pledgeId } });
      void Taro.showToast({ title: isMoney ? '已确认收款，已记入账本' : '已确认', icon: 'none' });
      onDone();
    } catch {
      // toast shown
    } finally {
      setBusy(false);
    }
  };
  return (
    <Sheet id="fulfil-sheet" title={FULFIL_VERBS[backer.lineKind]} onClose={() => !busy && onClose()}>
      <Text className="cf-hint" id="fulfil-summary">
        {backer.pledgerName ?? backer.name} · {line ? `${line.title} · ${describeValue(line, backer.value)}` : ''}
      </Text>
      {isMoney && (
        <View className="cf-field">
          <Text className="cf-field__label">收款方式</Text>
          <ChoiceChips idPrefix="fulfil-method" id="fulfil-methods" options={METHODS} value={method} onChange={setMethod} />
        </View>
      )}
      <Field label={isMoney ? '凭证号（可选，如转账流水号）' : '备注（可选）'}>
        <Input {...fieldName(isMoney ? '凭证号' : '备注')} id="fulfil-reference" className="cf-input" value={reference} maxlength={64} onInput={(e) => setReference(e.detail.value)} />
      </Field>
      {isMoney && <Text className="cf-hint">确认后自动在公开账本记一笔收入，不能删除，记错只能冲正。</Text>}
      <View className="block-button">
        <Button id="fulfil-submit" type="primary" block loading={busy} onClick={() => void submit()}>
          {FULFIL_VERBS[backer.lineKind]}
        </Button>
      </View>
    </Sheet>
  );
}

function ExpenseSheet({ crowdfundId, onClose, onDone }: { crowdfundId: string; onClose: () => void; onDone: () => void }) {
  const [draft, setDraft] = useState<ExpenseDraft>({ amount: '', payee: '', purpose: '', receiptPhotos: [] });
  const [photos, setPhotos] = useState<PhotoItem[]>([]);
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<ExpenseDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const changePhotos = (items: PhotoItem[]) => {
    setPhotos(items);
    set({ receiptPhotos: items.map((p) => p.key) });
  };

  const submit = async () => {
    if (busy) return;
    const built = buildExpense(draft);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    const res = await Taro.showModal({
      title: '登记支出',
      content: `向“${built.body.payee}”支出 ${formatYuan(built.body.amount)}，记入后不能删除，记错只能冲正。确定登记吗？`,
      confirmText: '登记',
      cancelText: '取消',
    });
    if (!res.confirm) return;
    setBusy(true);
    try {
      await api('recordExpense', built.body, { params: { crowdfundId } });
      void Taro.showToast({ title: '支出已登记', icon: 'success' });
      onDone();
    } catch (err) {
      // toast shown; a refused photo is also named under the field
      if (err instanceof ApiError && err.fields.length > 0) setErrors(Object.fromEntries(err.fields.map((f) => [f.path, f.message])));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Sheet id="expense-sheet" title="登记支出" onClose={() => !busy && onClose()}>
      <Field label="金额（元）" error={errors.amount}>
        <Input {...fieldName('金额（元）')} id="expense-amount" className="cf-input" type="digit" value={draft.amount} onInput={(e) => set({ amount: e.detail.value })} />
      </Field>
      <Field label="收款方" error={errors.payee}>
        <Input {...fieldName('收款方')} id="expense-payee" className="cf-input" value={draft.payee} maxlength={60} onInput={(e) => set({ payee: e.detail.value })} />
      </Field>
      <Field label="用途" error={errors.purpose}>
        <Input {...fieldName('用途')} id="expense-purpose" className="cf-input" value={draft.purpose} maxlength={200} onInput={(e) => set({ purpose: e.detail.value })} />
      </Field>
      <Field label="收据照片" error={errors.receiptPhotos ?? Object.entries(errors).find(([k]) => k.startsWith('receiptPhotos.'))?.[1]} errorId="expense-photos-error">
        <PhotoUploader id="expense-photos" purpose="receipt" value={photos} onChange={changePhotos} />
        <Text className="cf-hint">收据照片登记后随账目公开，请遮挡银行卡号等个人信息。</Text>
      </Field>
      <View className="block-button">
        <Button id="expense-submit" type="primary" block loading={busy} onClick={() => void submit()}>
          登记支出
        </Button>
      </View>
    </Sheet>
  );
}

function ReverseSheet({ crowdfundId, entry, onClose, onDone }: { crowdfundId: string; entry: LedgerEntry; onClose: () => void; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (busy) return;
    const problem = checkReason(reason, '冲正原因', 200);
    if (problem) {
      setError(problem);
      return;
    }
    setError('');
    const res = await Taro.showModal({
      title: '冲正账目',
      content: `将记一笔 ${formatYuan(-entry.amount)} 的冲正，抵消这条${entry.kind === 'income' ? '收入' : '支出'}（原记录保留）。确定冲正吗？`,
      confirmText: '冲正',
      confirmColor: THEME_RED,
      cancelText: '取消',
    });
    if (!res.confirm) return;
    setBusy(true);
    try {
      await api('reverseLedgerEntry', { reason: reason.trim() }, { params: { crowdfundId, entryId: entry.id } });
      void Taro.showToast({ title: '已冲正', icon: 'none' });
      onDone();
    } catch {
      // toast shown
    } finally {
      setBusy(false);
    }
  };
  return (
    <Sheet id="reverse-sheet" title="冲正账目" onClose={() => !busy && onClose()}>
      <Text className="cf-hint">
        {entry.kind === 'income' ? '收入' : '支出'} {formatYuan(entry.amount)} · {formatCst(entry.createdAt, 'M月D日 HH:mm')}
      </Text>
      <Field label="冲正原因（公开）" error={error} errorId="reverse-reason-error">
        <Textarea {...fieldName('冲正原因')} id="reverse-reason" className="cf-textarea" value={reason} maxlength={200} onInput={(e) => setReason(e.detail.value)} />
      </Field>
      <View className="block-button">
        <Button id="reverse-submit" type="primary" block loading={busy} onClick={() => void submit()}>
          确认冲正
        </Button>
      </View>
    </Sheet>
  );
}

function ManageOne({ id }: { id: string }) {
  const session = useSession();
  const data = useRequest(
    async () => {
      const [cf, ledger] = await Promise.all([
        api('getCrowdfund', undefined, { params: { crowdfundId: id }, silent: true }),
        api('getLedger', undefined, { params: { crowdfundId: id }, query: { limit: 50 }, silent: true }),
      ]);
      return { cf, ledger };
    },
    [id, session?.token],
  );
  // Every live backer (not only the newest on the detail), page by page: the pending ones are confirmed here.
  const backers = usePagedRequest(
    (cursor) => api('listBackers', undefined, { params: { crowdfundId: id }, query: { cursor, limit: 50 }, silent: true }),
    [id, session?.token],
  );
  useReachBottom(() => void backers.loadMore());
  const [fulfilling, setFulfilling] = useState<Backer | null>(null);
  const [expense, setExpense] = useState(false);
  const [reversing, setReversing] = useState<LedgerEntry | null>(null);

  useDidShow(() => {
    if (data.data && !data.loading) void Promise.all([data.reload(), backers.reload()]);
  });
  usePullDownRefresh(() => {
    void Promise.all([data.reload(), backers.reload()]).finally(() => Taro.stopPullDownRefresh());
  });

  const cf = data.data?.cf;
  const pending = backers.items.filter((b) => b.status === 'pledged' && b.lineKind !== 'ideas');
  const lineOf = (lineId: string) => cf?.lines.find((l) => l.id === lineId);

  return (
    <>
      <StateView idPrefix="manage" loading={data.loading} error={data.error} onRetry={() => void data.reload()}>
        {cf && data.data && (
          <View id="manage-crowdfund">
            <View className="section">
              <View className="cf-card__body">
                <View className="cf-card__head">
                  <Text className="cf-card__title">{cf.title}</Text>
                  <StatusTag status={cf.status} />
                </View>
                <Text className="cf-card__meta">截止 {formatCst(cf.deadline)}</Text>
              </View>
            </View>

            <View className="section" id="manage-pending">
              <Text className="section__title">待确认的认捐（{pending.length}{backers.hasMore ? '+' : ''}）</Text>
              <Text className="section__note">收到款项、劳动完成、物资送达后确认；资金确认后自动记入公开账本。</Text>
              {pending.length === 0 ? (
                <Text className="section__note" id="manage-pending-empty">
                  暂无待确认的认捐
                </Text>
              ) : (
                pending.map((b) => {
                  const line = lineOf(b.lineId);
                  return (
                    <View key={b.pledgeId} className="cf-row" id={`manage-pledge-${b.pledgeId}`}>
                      <View className="cf-row__head">
                        <Text className="cf-row__title">
                          {b.pledgerName ?? b.name}
                          {b.pledgerName && b.name !== b.pledgerName ? '（匿名认捐）' : ''}
                        </Text>
                        <Text className="cf-row__sub">{formatCst(b.createdAt, 'M月D日 HH:mm')}</Text>
                      </View>
                      <Text className="cf-row__sub">
                        {KIND_LABELS[b.lineKind]} · {line?.title ?? b.lineId} · {line ? describeValue(line, b.value) : b.value}
                      </Text>
                      <View className="cf-line-action">
                        <Button id={`manage-fulfil-${b.pledgeId}`} type="primary" size="small" onClick={() => setFulfilling(b)}>
                          {FULFIL_VERBS[b.lineKind]}
                        </Button>
                      </View>
                    </View>
                  );
                })
              )}
              <LoadMore id="manage-pending-more" hasMore={backers.hasMore} loading={backers.loadingMore} onMore={() => void backers.loadMore()} count={pending.length} />
            </View>

            <View className="section" id="manage-ledger">
              <Text className="section__title">账本</Text>
              <LedgerTotals ledger={data.data.ledger} />
              <View className="cf-actions">
                <Button id="manage-expense-open" type="primary" size="small" onClick={() => setExpense(true)}>
                  登记支出
                </Button>
                <Button id="manage-ledger-public" size="small" fill="outline" onClick={() => void Taro.navigateTo({ url: CROWDFUND_ROUTES.ledger(id) })}>
                  查看公开账本
                </Button>
              </View>
              <LedgerEntries ledger={data.data.ledger} onReverse={setReversing} />
            </View>
          </View>
        )}
      </StateView>
      {fulfilling && (
        <FulfilSheet
          backer={fulfilling}
          line={lineOf(fulfilling.lineId)}
          onClose={() => setFulfilling(null)}
          onDone={() => {
            setFulfilling(null);
            void Promise.all([data.reload(), backers.reload()]);
          }}
        />
      )}
      {expense && (
        <ExpenseSheet
          crowdfundId={id}
          onClose={() => setExpense(false)}
          onDone={() => {
            setExpense(false);
            void Promise.all([data.reload(), backers.reload()]);
          }}
        />
      )}
      {reversing && (
        <ReverseSheet
          crowdfundId={id}
          entry={reversing}
          onClose={() => setReversing(null)}
          onDone={() => {
            setReversing(null);
            void Promise.all([data.reload(), backers.reload()]);
          }}
        />
      )}
    </>
  );
}

/** 众筹认捐与账目 (community admins): confirm pledges, record expenses with receipts, reverse entries. */
export default function CrowdfundManagePage() {
  const session = useSession();
  const id = useRouter().params.id ?? '';
  if (!session) {
    return (
      <PageShell id="page-crowdfund-manage">
        <View className="section" id="manage-logged-out">
          <Text className="section__title">请先登录</Text>
          <View className="cf-actions">
            <Button id="manage-login-button" type="primary" onClick={() => void requestLogin().catch(() => undefined)}>
              登录
            </Button>
          </View>
        </View>
      </PageShell>
    );
  }
  return <PageShell id="page-crowdfund-manage">{id ? <ManageOne id={id} /> : <CrowdfundPicker />}</PageShell>;
}
