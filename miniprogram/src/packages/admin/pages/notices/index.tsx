/**
 * 社区公告 (admin): post a notice, edit it, pin it to the top of 首页, or take it down
 * (下架). The list shows every notice of the community, expired ones too, newest first.
 */
import { useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components';
import type { Notice } from '@shared/api/home';
import { ApiError, api } from '../../../../api/client';
import { usePagedRequest } from '../../../../hooks/usePagedRequest';
import { useRequest } from '../../../../hooks/useRequest';
import { LoadMore } from '../../../../components/LoadMore';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { Button } from '../../../../components/ui';
import { THEME_RED } from '../../../../config';
import { formatCst } from '../../../../utils/time';
import { fieldName } from '../../../../utils/a11y';
import '../../../../components/booking.css';
import '../../components/admin.css';
import './index.css';

interface Draft {
  title: string;
  body: string;
  pinned: boolean;
  expiresOn: string;
}
const EMPTY: Draft = { title: '', body: '', pinned: false, expiresOn: '' };

export default function NoticesAdminPage() {
  const me = useRequest(() => api('me', undefined, { silent: true }), []);
  const communities = me.data?.adminCommunities ?? [];
  const [picked, setPicked] = useState(useRouter().params.communityId ?? '');
  const communityId = picked || communities[0]?.id || '';
  const list = usePagedRequest(
    (cursor) => api('listNoticesForAdmin', undefined, { params: { communityId }, query: { limit: 20, cursor }, silent: true }),
    [communityId],
    { enabled: communityId !== '' },
  );
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void list.loadMore());

  const [draft, setDraft] = useState<Draft>(EMPTY);
  /** The notice being edited (its version guards the save), or null for a new one. */
  const [editing, setEditing] = useState<Notice | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  const run = async (key: string, action: () => Promise<unknown>, done: string) => {
    if (busy) return;
    setBusy(key);
    setErrors({});
    try {
      await action();
      void Taro.showToast({ title: done, icon: 'success' });
      await list.reload();
    } catch (err) {
      if (err instanceof ApiError) setErrors(Object.fromEntries(err.fields.map((f) => [f.path, f.message])));
    } finally {
      setBusy(null);
    }
  };

  const body = () => ({ title: draft.title, body: draft.body, pinned: draft.pinned, expiresOn: draft.expiresOn || null });
  const save = () =>
    run(
      'save',
      async () => {
        if (editing) await api('updateNotice', { ...body(), version: editing.version }, { params: { noticeId: editing.id } });
        else await api('createNotice', body(), { params: { communityId } });
        setDraft(EMPTY);
        setEditing(null);
      },
      editing ? '已保存' : '已发布',
    );
  const togglePin = (n: Notice) =>
    run(`pin-${n.id}`, () => api('updateNotice', { title: n.title, body: n.body, pinned: !n.pinned, expiresOn: n.expiresOn ?? null, version: n.version }, { params: { noticeId: n.id } }), n.pinned ? '已取消置顶' : '已置顶');
  const takeDown = async (n: Notice) => {
    const res = await Taro.showModal({ title: '下架公告', content: `确定下架“${n.title}”吗？下架后居民将看不到这条公告。`, confirmText: '下架', confirmColor: THEME_RED, cancelText: '取消' });
    if (res.confirm) await run(`down-${n.id}`, () => api('expireNotice', {}, { params: { noticeId: n.id } }), '已下架');
  };
  const edit = (n: Notice) => {
    setEditing(n);
    setDraft({ title: n.title, body: n.body, pinned: n.pinned, expiresOn: n.expiresOn ?? '' });
    void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined);
  };

  return (
    <PageShell id="page-admin-notices">
      <StateView idPrefix="notices-me" loading={me.loading} error={me.error} empty={me.data !== undefined && communities.length === 0} emptyText="暂无可管理的社区" onRetry={() => void me.reload()}>
        {communities.length > 1 && (
          <View className="a-chips">
            {communities.map((c) => (
              <Text key={c.id} id={`notices-community-${c.id}`} className={`a-chip ${c.id === communityId ? 'a-chip--on' : ''}`} onClick={() => setPicked(c.id)}>
                {c.name}
              </Text>
            ))}
          </View>
        )}
        <View className="section" id="notice-form">
          <Text className="section__title">{editing ? '编辑公告' : '发布公告'}</Text>
          <View className="bk-field">
            <Text className="bk-field__label">标题</Text>
            <Input {...fieldName('公告标题')} id="notice-title" className="bk-field__input" value={draft.title} maxlength={40} placeholder="例如 停水通知" onInput={(e) => set({ title: e.detail.value })} />
            {errors.title && <Text className="bk-field__error" id="error-title">{errors.title}</Text>}
          </View>
          <View className="bk-field">
            <Text className="bk-field__label">内容</Text>
            <Textarea {...fieldName('公告内容')} id="notice-body" className="notice-textarea" value={draft.body} maxlength={1000} placeholder="通知的时间、地点、事项" onInput={(e) => set({ body: e.detail.value })} />
            {errors.body && <Text className="bk-field__error" id="error-body">{errors.body}</Text>}
          </View>
          <View className="bk-field notice-row">
            <Text className="bk-field__label">置顶</Text>
            <Switch {...fieldName('置顶')} id="notice-pinned" checked={draft.pinned} color={THEME_RED} onChange={(e) => set({ pinned: e.detail.value })} />
          </View>
          <View className="bk-field">
            <Text className="bk-field__label">有效期至（选填，当天结束后自动下架）</Text>
            <View className="notice-row">
              <Picker mode="date" value={draft.expiresOn} onChange={(e) => set({ expiresOn: String(e.detail.value) })}>
                <Text id="notice-expires" className="notice-date">{draft.expiresOn || '长期有效 ▾'}</Text>
              </Picker>
              {draft.expiresOn && (
                <Button id="notice-expires-clear" size="small" fill="outline" onClick={() => set({ expiresOn: '' })}>
                  清除
                </Button>
              )}
            </View>
            {errors.expiresOn && <Text className="bk-field__error" id="error-expiresOn">{errors.expiresOn}</Text>}
          </View>
          <View className="bk-actions">
            <Button id="notice-save" type="primary" block loading={busy === 'save'} onClick={() => void save()}>
              {editing ? '保存修改' : '发布'}
            </Button>
          </View>
          {editing && (
            <View className="bk-actions">
              <Button id="notice-cancel-edit" block fill="outline" onClick={() => { setEditing(null); setDraft(EMPTY); setErrors({}); }}>
                取消编辑
              </Button>
            </View>
          )}
        </View>
        <View className="section" id="notice-list">
          <Text className="section__title">全部公告</Text>
          <StateView idPrefix="notices" loading={list.loading} error={!list.loaded ? list.error : undefined} empty={list.loaded && list.items.length === 0} emptyText="还没有公告" onRetry={() => void list.reload()}>
            {list.items.map((n) => (
              <View key={n.id} className="a-item" id={`notice-${n.id}`}>
                <View className="a-item__main">
                  <Text className="a-item__title">
                    {n.pinned ? '【置顶】' : ''}
                    {n.title}
                  </Text>
                  <Text className="a-item__sub">
                    {n.expired ? '已下架' : n.expiresOn ? `有效期至 ${n.expiresOn}` : '长期有效'} · 发布于 {formatCst(n.createdAt, 'M月D日 HH:mm')}
                  </Text>
                  {!n.expired && (
                    <View className="notice-buttons">
                      <Button id={`notice-edit-${n.id}`} size="small" fill="outline" onClick={() => edit(n)}>
                        编辑
                      </Button>
                      <Button id={`notice-pin-${n.id}`} size="small" fill="outline" loading={busy === `pin-${n.id}`} onClick={() => void togglePin(n)}>
                        {n.pinned ? '取消置顶' : '置顶'}
                      </Button>
                      <Button id={`notice-down-${n.id}`} size="small" fill="outline" loading={busy === `down-${n.id}`} onClick={() => void takeDown(n)}>
                        下架
                      </Button>
                    </View>
                  )}
                </View>
              </View>
            ))}
            <LoadMore id="notices-more" hasMore={list.hasMore} loading={list.loadingMore} error={list.error} onMore={() => void list.loadMore()} count={list.items.length} />
          </StateView>
        </View>
      </StateView>
    </PageShell>
  );
}
