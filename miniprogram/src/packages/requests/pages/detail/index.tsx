import { useState } from 'react';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import type { RequestView, Satisfaction } from '@shared/api/requests';
import { api } from '../../../../api/client';
import { useRequest } from '../../../../hooks/useRequest';
import { usePagedRequest } from '../../../../hooks/usePagedRequest';
import { useAction } from '../../../../hooks/useAction';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { LoadMore } from '../../../../components/LoadMore';
import { ChoiceChips } from '../../../../components/Chips';
import { PhotoGallery } from '../../../../components/PhotoGallery';
import { PhotoUploader, type PhotoItem } from '../../../../components/PhotoUploader';
import { Button } from '../../../../components/ui';
import { fieldName } from '../../../../utils/a11y';
import { formatCst } from '../../../../utils/time';
import { StaffActions } from '../../StaffActions';
import { REQUEST_PAGES } from '../../links';
import '../../requests.css';

type Pending = { kind: 'reject' | 'reopen' | 'resolve' | 'return'; title: string; placeholder: string } | null;

/**
 * 诉求详情: the request, its timeline (the reporter sees every step but staff-only notes),
 * and what the caller may do now: the reporter confirms 已解决, reopens (with a comment) or
 * rates; staff accept, reject, dispatch; the assignee starts, resolves with after-photos or
 * returns it.
 */
export default function RequestDetailPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const request = useRequest(() => api('getRequest', undefined, { params: { requestId: id }, silent: true }), [id], { enabled: Boolean(id) });
  const timeline = usePagedRequest((cursor) => api('requestTimeline', undefined, { params: { requestId: id }, query: { cursor }, silent: true }), [id], { enabled: Boolean(id) });
  const { busy, run } = useAction();
  const [pending, setPending] = useState<Pending>(null);
  const [text, setText] = useState('');
  const [photos, setPhotos] = useState<PhotoItem[]>([]);
  const [rating, setRating] = useState<Satisfaction>('satisfied');

  const reload = () => Promise.all([request.reload(), timeline.reload()]);
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()));

  const r: RequestView | undefined = request.data;
  const act = (key: string, call: () => Promise<unknown>, toast: string) =>
    run(key, call, { toast: { title: toast, icon: 'success' }, reload: () => { setPending(null); setText(''); setPhotos([]); return reload(); } });
  const p = { params: { requestId: id } };
  const version = r?.version;

  const open = (kind: NonNullable<Pending>['kind']) => {
    setText('');
    setPending(
      kind === 'reject'
        ? { kind, title: '不予受理的原因', placeholder: '请说明原因' }
        : kind === 'reopen'
          ? { kind, title: '哪里还没有解决？', placeholder: '请说明仍存在的问题（必填）' }
          : kind === 'return'
            ? { kind, title: '退回的原因', placeholder: '请说明为什么不能处理' }
            : { kind, title: '办理结果', placeholder: '请说明怎么处理的' },
    );
  };
  const confirmPending = () => {
    if (!pending) return;
    const t = text.trim();
    if (pending.kind === 'reject') {
      void run('reject', () => api('rejectRequest', { reason: t, version }, p), {
        confirm: { title: '请确认', content: '确定不予受理这条诉求吗？反映人会看到你填写的原因，此操作不能撤回。', confirmText: '确定', cancelText: '再想想' },
        toast: { title: '已处理', icon: 'success' },
        reload: () => { setPending(null); setText(''); return reload(); },
      });
    }
    if (pending.kind === 'reopen') void act('reopen', () => api('reopenRequest', { comment: t, version }, p), '已提交，将重新办理');
    if (pending.kind === 'return') void act('return', () => api('returnRequest', { reason: t, version }, p), '已退回');
    if (pending.kind === 'resolve') void act('resolve', () => api('resolveRequest', { note: t, photos: photos.map((x) => x.key), version }, p), '已办结');
  };

  return (
    <PageShell id="page-request-detail">
      <StateView idPrefix="request" loading={request.loading} error={request.error} empty={!id} emptyText="没有找到这条诉求" onRetry={() => void reload()}>
        {r && (
          <View>
            <View className="rq-row" id="request-head">
              <View className="rq-row__head">
                <Text className="rq-row__title">{r.categoryName}</Text>
                <Text className={`rq-status${r.overdue ? ' rq-status--overdue' : ''}`} id="request-status">
                  {r.statusLabel}
                  {r.overdue ? '（已超期）' : ''}
                </Text>
              </View>
              <Text className="rq-row__sub">{r.placeName}</Text>
              {r.text && <Text className="rq-event__text" id="request-text">{r.text}</Text>}
              {r.photos.length > 0 && <PhotoGallery id="request-photos" photos={r.photos} />}
              <Text className="rq-row__sub">提交于 {formatCst(r.createdAt, 'M月D日 HH:mm')}{r.dueAt ? ` · 期限 ${formatCst(r.dueAt, 'M月D日 HH:mm')}` : ''}</Text>
              {r.assignee && <Text className="rq-row__sub" id="request-assignee">承办：{r.assignee.name}</Text>}
              {r.reporterName && r.canHandle && <Text className="rq-row__sub">反映人：{r.reporterName}{r.contactPhone ? ` · ${r.contactPhone}` : ''}</Text>}
              {r.resolution && (
                <View id="request-resolution">
                  <Text className="rq-row__sub">办理结果：{r.resolution.note}</Text>
                  {r.resolution.photos.length > 0 && <PhotoGallery id="request-after-photos" photos={r.resolution.photos} />}
                </View>
              )}
              {r.outcome && <Text className="rq-row__sub" id="request-outcome">{r.status === 'referred' ? `已转办至：${r.outcome}` : `说明：${r.outcome}`}</Text>}
              {r.duplicateOf && (
                <Text className="rq-row__sub rq-link" id="request-original-link" onClick={() => void Taro.navigateTo({ url: REQUEST_PAGES.detail(r.duplicateOf!) })}>
                  与另一条诉求重复，查看原诉求
                </Text>
              )}
              {r.satisfaction && <Text className="rq-row__sub" id="request-satisfaction">评价：{{ satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' }[r.satisfaction.value]}</Text>}
            </View>

            <View className="rq-actions" id="request-actions">
              {r.mine && r.status === 'resolved' && (
                <>
                  <Button id="request-confirm" type="primary" loading={busy === 'confirm'} onClick={() => void act('confirm', () => api('confirmRequest', { version }, p), '已确认')}>
                    已解决
                  </Button>
                  <Button id="request-reopen" fill="outline" onClick={() => open('reopen')}>
                    未解决
                  </Button>
                </>
              )}
              {r.canHandle && r.status === 'submitted' && (
                <>
                  <Button id="request-accept" type="primary" loading={busy === 'accept'} onClick={() => void act('accept', () => api('acceptRequest', { version }, p), '已受理')}>
                    受理
                  </Button>
                  <Button id="request-reject" fill="outline" onClick={() => open('reject')}>
                    不予受理
                  </Button>
                </>
              )}
              {r.canHandle && r.status === 'accepted' && (
                <Button id="request-dispatch-grid" type="primary" loading={busy === 'dispatch'} onClick={() => void act('dispatch', () => api('dispatchRequest', { kind: 'grid_worker', version }, p), '已派单')}>
                  派给网格员
                </Button>
              )}
              {r.isAssignee && r.status === 'dispatched' && (
                <Button id="request-start" fill="outline" loading={busy === 'start'} onClick={() => void act('start', () => api('startRequest', { version }, p), '已开始处理')}>
                  开始处理
                </Button>
              )}
              {(r.isAssignee || r.canHandle) && (r.status === 'dispatched' || r.status === 'in_progress') && (
                <Button id="request-resolve" type="primary" onClick={() => open('resolve')}>
                  办结
                </Button>
              )}
              {r.isAssignee && (r.status === 'dispatched' || r.status === 'in_progress') && (
                <Button id="request-return" fill="outline" onClick={() => open('return')}>
                  退回
                </Button>
              )}
            </View>

            {(r.canHandle || r.isAssignee) && <StaffActions r={r} onDone={reload} />}

            {pending && (
              <View className="rq-form" id="request-pending">
                <Text className="rq-label">{pending.title}</Text>
                <Textarea {...fieldName(pending.title)} id="request-pending-text" className="rq-textarea" value={text} maxlength={500} placeholder={pending.placeholder} onInput={(e) => setText(e.detail.value)} />
                {pending.kind === 'resolve' && (
                  <View>
                    <Text className="rq-label">办理后照片</Text>
                    <PhotoUploader id="request-after" purpose="request" value={photos} onChange={setPhotos} max={6} />
                  </View>
                )}
                <View className="rq-actions">
                  <Button id="request-pending-submit" type="primary" loading={busy !== null} disabled={text.trim().length === 0} onClick={confirmPending}>
                    提交
                  </Button>
                  <Button id="request-pending-cancel" fill="outline" onClick={() => setPending(null)}>
                    取消
                  </Button>
                </View>
              </View>
            )}

            {r.mine && !r.satisfaction && (r.status === 'resolved' || r.status === 'closed') && (
              <View className="rq-form" id="request-rate">
                <Text className="rq-label">对办理结果满意吗？</Text>
                <ChoiceChips
                  idPrefix="request-rate"
                  options={[
                    { value: 'satisfied', label: '满意' },
                    { value: 'basic', label: '基本满意' },
                    { value: 'unsatisfied', label: '不满意' },
                  ]}
                  value={rating}
                  onChange={setRating}
                />
                <View className="rq-actions">
                  <Button id="request-rate-submit" type="primary" loading={busy === 'rate'} onClick={() => void act('rate', () => api('rateRequest', { value: rating }, p), '谢谢您的评价')}>
                    提交评价
                  </Button>
                </View>
              </View>
            )}

            <View className="section" id="request-timeline">
              <Text className="section__title">办理过程</Text>
              {timeline.items.map((e) => (
                <View key={e.id} className="rq-event" id={`request-event-${e.id}`}>
                  <Text className="rq-event__text">{e.text}</Text>
                  {e.comment && <Text className="rq-event__meta">{e.internal ? '内部备注：' : '说明：'}{e.comment}</Text>}
                  <Text className="rq-event__meta">
                    {e.by} · {formatCst(e.at, 'M月D日 HH:mm')}
                  </Text>
                </View>
              ))}
              <LoadMore id="request-timeline-more" hasMore={timeline.hasMore} loading={timeline.loadingMore} onMore={() => void timeline.loadMore()} count={timeline.items.length} />
            </View>
          </View>
        )}
      </StateView>
    </PageShell>
  );
}
