/** The public ledger 公开账本: totals by kind, balance and entries (used by the public page and the admin page). */
import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import type { Ledger, LedgerEntry } from '@shared/api/crowdfund';
import { Button } from './ui';
import { formatYuan } from '../utils/crowdfund';
import { formatCst } from '../utils/time';
import './CrowdfundBits.css';

const ENTRY_LABELS = { income: '收入', expense: '支出', reversal: '冲正' } as const;
const METHOD_LABELS: Record<string, string> = { cash: '现金', bank_transfer: '银行转账', wechat_pay: '微信支付', other: '其他' };

export function LedgerTotals({ ledger }: { ledger: Ledger }) {
  const t = ledger.totals;
  const cells = [
    { id: 'ledger-total-income', label: '收入合计', value: t.income },
    { id: 'ledger-total-expense', label: '支出合计', value: t.expense },
    { id: 'ledger-total-reversal', label: '冲正合计', value: t.reversal },
    { id: 'ledger-balance', label: '结余', value: t.balance },
  ];
  return (
    <View className="cf-ledger-totals" id="ledger-totals">
      {cells.map((c) => (
        <View key={c.id} className="cf-ledger-total">
          <Text className="cf-ledger-total__label">{c.label}</Text>
          <Text className="cf-ledger-total__value" id={c.id}>
            {formatYuan(c.value)}
          </Text>
        </View>
      ))}
    </View>
  );
}

export function LedgerEntryRow({ entry, onReverse }: { entry: LedgerEntry; onReverse?: (e: LedgerEntry) => void }) {
  const who =
    entry.kind === 'income'
      ? `来自 ${entry.backerName ?? '居民'}`
      : entry.kind === 'expense'
        ? `付给 ${entry.payee ?? ''}${entry.purpose ? ` · ${entry.purpose}` : ''}`
        : `冲正原因：${entry.reason ?? ''}`;
  return (
    <View className={`cf-row${entry.reversedBy ? ' cf-entry--reversed' : ''}`} id={`ledger-entry-${entry.id}`}>
      <View className="cf-row__head">
        <Text className="cf-row__title">
          {ENTRY_LABELS[entry.kind]} <Text className={entry.amount >= 0 ? 'cf-money--in' : 'cf-money--out'}>{entry.amount >= 0 ? '+' : ''}{formatYuan(entry.amount)}</Text>
        </Text>
        <Text className="cf-row__sub">{formatCst(entry.createdAt, 'M月D日 HH:mm')}</Text>
      </View>
      <Text className="cf-row__sub">{who}</Text>
      {entry.payment && (
        <Text className="cf-row__sub">
          方式：{METHOD_LABELS[entry.payment.method] ?? entry.payment.method}
          {entry.payment.reference ? ` · 凭证号 ${entry.payment.reference}` : ''}
        </Text>
      )}
      {entry.reverses && <Text className="cf-row__sub">冲正账目 {entry.reverses}</Text>}
      {entry.reversedBy && <Text className="cf-row__sub">已被冲正（{entry.reversedBy}）</Text>}
      {entry.receiptPhotos && entry.receiptPhotos.length > 0 && (
        <View className="cf-photos cf-photos--inline">
          {entry.receiptPhotos.map((src) => (
            <Image key={src} className="cf-photo" src={src} mode="aspectFill" onClick={() => void Taro.previewImage({ current: src, urls: entry.receiptPhotos ?? [] })} />
          ))}
        </View>
      )}
      {onReverse && entry.kind !== 'reversal' && !entry.reversedBy && (
        <View className="cf-line-action">
          <Button id={`ledger-reverse-${entry.id}`} size="small" fill="outline" onClick={() => onReverse(entry)}>
            冲正
          </Button>
        </View>
      )}
    </View>
  );
}

export function LedgerEntries({ ledger, onReverse }: { ledger: Ledger; onReverse?: (e: LedgerEntry) => void }) {
  if (ledger.entries.length === 0) {
    return (
      <Text className="section__note" id="ledger-empty">
        暂无收支记录。认捐款经工作人员确认收到后会记入这里。
      </Text>
    );
  }
  return (
    <View id="ledger-entries">
      {ledger.entries.map((e) => (
        <LedgerEntryRow key={e.id} entry={e} onReverse={onReverse} />
      ))}
    </View>
  );
}
