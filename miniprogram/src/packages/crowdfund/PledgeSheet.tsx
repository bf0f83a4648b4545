import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import type { BudgetLine, Pledge } from '@shared/api/crowdfund';
import { api, ApiError } from '../../api/client';
import { Field, Sheet, Toggle } from '../../components/CrowdfundBits';
import { Button } from '../../components/ui';
import { askSubscribe } from '../../utils/subscribe';
import { describeValue, KIND_ACTIONS, newClientToken, pledgeFieldsFor, pledgeValue, tokenAfterFailure } from '../../utils/crowdfund';

const INPUT_LABELS = { money: '出资金额（元）', labour: '出力时长（小时，可填 0.5）', materials: '捐赠数量', ideas: '您的建议' } as const;

/**
 * The pledge sheet for one budget line. A clientToken is made once when the sheet opens
 * (the component mounts); a double tap or a retry after a network error sends the same
 * token, so the server never records two pledges. A definitive refusal (4xx, e.g.
 * OVER_TARGET) created nothing, so the next attempt gets a fresh token.
 */
export function PledgeSheet({ crowdfundId, line, onClose, onDone }: { crowdfundId: string; line: BudgetLine; onClose: () => void; onDone: (p: Pledge) => void }) {
  const [token, setToken] = useState(() => newClientToken());
  const [value, setValue] = useState('');
  const [note, setNote] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = async () => {
    if (busy) return;
    const parsed = pledgeFieldsFor(line, value, note);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    if (line.remaining !== undefined && pledgeValue(parsed.fields) > line.remaining) {
      setError(line.remaining > 0 ? `超出目标：“${line.title}”还差 ${describeValue(line, line.remaining)}` : `“${line.title}”已筹满，无需再认捐`);
      return;
    }
    // 订阅消息 (认捐确认、众筹结果): asked in the tap itself, before any await, as WeChat requires.
    void askSubscribe('pledge');
    setBusy(true);
    setError('');
    try {
      const pledge = await api('createPledge', { lineId: line.id, ...parsed.fields, anonymous, clientToken: token }, { params: { crowdfundId }, silent: true });
      void Taro.showToast({ title: '认捐成功，感谢支持', icon: 'success' });
      onDone(pledge);
    } catch (err) {
      if (err instanceof ApiError) {
        // OVER_TARGET's message says what is still open ("还差 …").
        setError(err.message);
        setToken(tokenAfterFailure(err.status, token));
      } else setError('认捐失败，请稍后重试');
    } finally {
      setBusy(false);
    }
  };

  const isIdea = line.kind === 'ideas';
  return (
    <Sheet id="pledge-sheet" title={`${KIND_ACTIONS[line.kind]} · ${line.title}`} onClose={() => !busy && onClose()}>
      {line.remaining !== undefined && (
        <Text className="cf-hint" id="pledge-remaining">
          还差 {describeValue(line, line.remaining)}
          {line.kind === 'labour' && line.skill ? `（需要：${line.skill}）` : ''}
          {line.kind === 'materials' && line.item ? `（${line.item}）` : ''}
        </Text>
      )}
      <Field label={INPUT_LABELS[line.kind]}>
        {isIdea ? (
          <Textarea id="pledge-text" className="cf-textarea" value={value} maxlength={500} placeholder="说说您的想法" onInput={(e) => setValue(e.detail.value)} />
        ) : (
          <Input
            id={line.kind === 'money' ? 'pledge-amount' : line.kind === 'labour' ? 'pledge-hours' : 'pledge-quantity'}
            className="cf-input"
            type={line.kind === 'materials' ? 'number' : 'digit'}
            value={value}
            placeholder={line.kind === 'money' ? '例如 50' : line.kind === 'labour' ? '例如 2' : '例如 5'}
            onInput={(e) => setValue(e.detail.value)}
          />
        )}
      </Field>
      {!isIdea && (
        <Field label="留言（可选）">
          <Input id="pledge-note" className="cf-input" value={note} maxlength={100} placeholder="给大家说句话" onInput={(e) => setNote(e.detail.value)} />
        </Field>
      )}
      <Toggle id="pledge-anonymous" checked={anonymous} label="匿名（公开显示为“匿名居民”）" onChange={setAnonymous} />
      {line.kind === 'money' && <Text className="cf-hint">认捐后请按社区通知以现金或转账方式交付，工作人员确认收款后计入公开账本。</Text>}
      {error && (
        <View className="cf-error-box" id="pledge-error">
          {error}
        </View>
      )}
      <View className="block-button">
        <Button id="pledge-submit" type="primary" block loading={busy} onClick={() => void submit()}>
          确认认捐
        </Button>
      </View>
    </Sheet>
  );
}
