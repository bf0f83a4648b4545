import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Message } from '@shared/api/messages';
import { api, showError } from '../../../../api/client';
import { useSession } from '../../../../hooks/useSession';
import { useListPage } from '../../../../hooks/useListPage';
import { LoadMore } from '../../../../components/LoadMore';
import { LoginPrompt } from '../../../../components/LoginPrompt';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { Button } from '../../../../components/ui';
import { openMessageLink, refreshUnreadBadge, showUnreadBadge } from '../../../../utils/inbox';
import { formatCst } from '../../../../utils/time';
import './index.css';

/** 消息: the inbox, newest first; unread ones say 未读 (and are marked in colour). */
export default function InboxPage() {
  const session = useSession();
  const enabled = session !== null;
  const messages = useListPage((cursor) => api('listMyMessages', undefined, { query: { cursor }, silent: true }), [session?.token], { enabled, refresh: () => reload() });
  // Read on this page since the last load (the list is not refetched for each tap).
  const [readHere, setReadHere] = useState<ReadonlySet<string>>(new Set());
  const [markingAll, setMarkingAll] = useState(false);

  const reload = async () => {
    await messages.reload();
    setReadHere(new Set());
    void refreshUnreadBadge();
  };

  const isRead = (m: Message) => m.read || readHere.has(m.id);
  const anyUnread = messages.items.some((m) => !isRead(m));

  const open = (m: Message) => {
    if (!isRead(m)) {
      setReadHere((prev) => new Set(prev).add(m.id));
      // Not awaited: the page it links to opens at once; a failed mark leaves it unread on the next load.
      api('markMessagesRead', { ids: [m.id] }, { silent: true })
        .then(({ unread }) => showUnreadBadge(unread))
        .catch(() => undefined);
    }
    openMessageLink(m.link);
  };

  const markAll = async () => {
    if (markingAll) return;
    setMarkingAll(true);
    try {
      const { unread } = await api('markMessagesRead', { all: true }, { silent: true });
      showUnreadBadge(unread);
      setReadHere(new Set(messages.items.map((m) => m.id)));
      void Taro.showToast({ title: '已全部标为已读', icon: 'none' });
    } catch (err) {
      showError(err);
    } finally {
      setMarkingAll(false);
    }
  };

  if (!session) {
    return (
      <PageShell id="page-inbox">
        <LoginPrompt id="inbox-logged-out" text="登录后查看消息" buttonId="inbox-login-button" />
      </PageShell>
    );
  }

  return (
    <PageShell id="page-inbox">
      <View className="section">
        <View className="inbox-head">
          <Text className="section__title">消息</Text>
          {anyUnread && (
            <Button id="inbox-read-all" size="small" fill="outline" loading={markingAll} onClick={() => void markAll()}>
              全部已读
            </Button>
          )}
        </View>
        <StateView
          idPrefix="inbox"
          loading={messages.loading}
          error={messages.error && !messages.loadingMore && messages.items.length === 0 ? messages.error : undefined}
          empty={messages.loaded && messages.items.length === 0}
          emptyText="暂无消息"
          emptyHint="预约审核结果、众筹进展等通知会出现在这里"
          onRetry={() => void reload()}
        >
          {messages.loaded && (
            <View id="inbox-list">
              {messages.items.map((m) => {
                const read = isRead(m);
                return (
                  <View key={m.id} id={`message-${m.id}`} className={`inbox-item${read ? '' : ' inbox-item--unread'}`} onClick={() => open(m)}>
                    <View className="inbox-item__head">
                      {!read && (
                        <Text className="inbox-item__flag" id={`message-${m.id}-unread`}>
                          未读
                        </Text>
                      )}
                      <Text className="inbox-item__title">{m.title}</Text>
                      <Text className="inbox-item__time">{formatCst(m.createdAt, 'M月D日 HH:mm')}</Text>
                    </View>
                    <Text className="inbox-item__body">{m.body}</Text>
                  </View>
                );
              })}
              <LoadMore id="inbox-more" hasMore={messages.hasMore} loading={messages.loadingMore} error={messages.error} onMore={() => void messages.loadMore()} count={messages.items.length} />
            </View>
          )}
        </StateView>
      </View>
    </PageShell>
  );
}
