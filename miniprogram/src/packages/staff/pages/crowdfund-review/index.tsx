import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import type { Crowdfund } from '@shared/api/crowdfund';
import { api, requestLogin } from '../../../../api/client';
import { useAction } from '../../../../hooks/useAction';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { Button } from '../../../../components/ui';
import { CROWDFUND_ROUTES, Field, Sheet, StatusTag } from '../../../../components/CrowdfundBits';
import { THEME_RED } from '../../../../config';
import { checkReason, KIND_LABELS, lineProgressText } from '../../../../utils/crowdfund';
import { formatCst } from '../../../../utils/time';

/** 众筹审核: submitted crowdfunds of the communities the user administers; approve or reject with a note. */
export default function CrowdfundReviewPage() {
  const session = useSession();
  const enabled = session !== null;
  const queue = useRequest(
    async () => {
      const me = await api('me', undefined, { silent: true });
      const mine = new Set(me.adminCommunities.map((c) => c.id));
      const { items } = await api('listCrowdfunds', undefined, { query: { status: 'submitted' }, silent: true });
      return { isAdmin: mine.size > 0, items: items.filter((c) => mine.has(c.communityId)) };
    },
    [session?.token],
    { enabled },
  );
  const { busy: busyId, run } = useAction();
  const [rejecting, setRejecting] = useState<Crowdfund | null>(null);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState('');

  useDidShow(() => {
    if (queue.data && !queue.loading) void queue.reload();
  });
  usePullDownRefresh(() => {
    void (enabled ? queue.reload() : Promise.resolve()).finally(() => Taro.stopPullDownRefresh());
  });

  const approve = (cf: Crowdfund) =>
    run(cf.id, () => api('approveCrowdfund', {}, { params: { crowdfundId: cf.id } }), {
      confirm: { title: '审核通过', content: `通过后“${cf.title}”将立即公开并开始众筹。确定通过吗？`, confirmText: '通过', cancelText: '取消' },
      toast: '已通过，众筹开始',
      reload: queue.reload,
    });

  const reject = async () => {
    if (!rejecting) return;
    const problem = checkReason(note, '驳回理由', 500);
    if (problem) {
      setNoteError(problem);
      return;
    }
    const cf = rejecting;
    await run(
      cf.id,
      async () => {
        await api('rejectCrowdfund', { note: note.trim() }, { params: { crowdfundId: cf.id } });
        setRejecting(null);
      },
      {
        confirm: { title: '驳回众筹', content: `确定驳回“${cf.title}”吗？发起人会看到你的理由。`, confirmText: '驳回', confirmColor: THEME_RED, cancelText: '取消' },
        toast: '已驳回',
        reload: queue.reload,
      },
    );
  };

  if (!session) {
    return (
      <PageShell id="page-crowdfund-review">
        <View className="section" id="review-logged-out">
          <Text className="section__title">请先登录</Text>
          <View className="cf-actions">
            <Button id="review-login-button" type="primary" onClick={() => void requestLogin().catch(() => undefined)}>
              登录
            </Button>
          </View>
        </View>
      </PageShell>
    );
  }

  const items = queue.data?.items ?? [];
  return (
    <PageShell id="page-crowdfund-review">
      <View className="section">
        <Text className="section__title">待审核的众筹</Text>
        <Text className="section__note">仅显示你管理的社区；通过后即公开众筹，驳回需填写理由。</Text>
      </View>
      <StateView
        idPrefix="review"
        loading={queue.loading}
        error={queue.error}
        empty={queue.data !== undefined && items.length === 0}
        emptyText={queue.data?.isAdmin === false ? '你不是社区管理员' : '暂无待审核的众筹'}
        emptyHint={queue.data?.isAdmin === false ? '社区管理员可审核本社区的众筹' : '居民提交的众筹会出现在这里'}
        onRetry={() => void queue.reload()}
      >
        {queue.data && (
          <View id="review-list">
            {items.map((cf) => (
              <View key={cf.id} className="cf-card" id={`review-${cf.id}`}>
                <View className="cf-card__body">
                  <View className="cf-card__head">
                    <Text className="cf-card__title" onClick={() => void Taro.navigateTo({ url: CROWDFUND_ROUTES.detail(cf.id) })}>
                      {cf.title}
                    </Text>
                    <StatusTag status={cf.status} />
                  </View>
                  <Text className="cf-card__meta">
                    发起人 {cf.organiser.name} · 截止 {formatCst(cf.deadline)}
                    {cf.submittedAt ? ` · 提交于 ${formatCst(cf.submittedAt, 'M月D日 HH:mm')}` : ''}
                  </Text>
                  <Text className="cf-card__meta">{cf.story.length > 120 ? `${cf.story.slice(0, 120)}…` : cf.story}</Text>
                  {cf.lines.map((l) => (
                    <Text key={l.id} className="cf-card__meta">
                      {KIND_LABELS[l.kind]} · {l.title}
                      {l.kind !== 'ideas' ? ` · 目标 ${lineProgressText(l).split(' / ')[1] ?? ''}` : ''}
                      {l.required ? '（必需）' : '（可选）'}
                    </Text>
                  ))}
                </View>
                <View className="cf-actions">
                  <Button id={`review-${cf.id}-approve`} type="primary" size="small" loading={busyId === cf.id && !rejecting} onClick={() => void approve(cf)}>
                    通过
                  </Button>
                  <Button
                    id={`review-${cf.id}-reject`}
                    size="small"
                    fill="outline"
                    onClick={() => {
                      setNote('');
                      setNoteError('');
                      setRejecting(cf);
                    }}
                  >
                    驳回
                  </Button>
                </View>
              </View>
            ))}
          </View>
        )}
      </StateView>
      {rejecting && (
        <Sheet id="reject-sheet" title={`驳回：${rejecting.title}`} onClose={() => busyId === null && setRejecting(null)}>
          <Field label="驳回理由（发起人可见）" error={noteError} errorId="reject-note-error">
            <Textarea id="reject-note" className="cf-textarea" value={note} maxlength={500} placeholder="例如 预算缺少报价依据，请补充后再提交" onInput={(e) => setNote(e.detail.value)} />
          </Field>
          <View className="block-button">
            <Button id="reject-submit" type="primary" block loading={busyId === rejecting.id} onClick={() => void reject()}>
              确认驳回
            </Button>
          </View>
        </Sheet>
      )}
    </PageShell>
  );
}
