/** 操作记录: who changed what in the community (appointments, invitations, the org tree), newest first. */
import { useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { AuditEntryView } from '@shared/api/roles';
import { api } from '../../../../api/client';
import { useRequest } from '../../../../hooks/useRequest';
import { usePagedRequest } from '../../../../hooks/usePagedRequest';
import { LoadMore } from '../../../../components/LoadMore';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { ChoiceChips } from '../../../../components/Chips';
import { formatCst } from '../../../../utils/time';
import '../../components/admin.css';

/** "驿站工作人员 · 测试驿站" from what the entry recorded, when it names a role. */
function detail(e: AuditEntryView): string {
  const facts = (e.after ?? e.before ?? {}) as Record<string, unknown>;
  const parts = [facts.roleLabel, facts.scopeName].filter((v): v is string => typeof v === 'string');
  return parts.join(' · ');
}

export default function AuditPage() {
  const me = useRequest(() => api('me', undefined, { silent: true }), []);
  const communities = me.data?.adminCommunities ?? [];
  const [picked, setPicked] = useState(useRouter().params.communityId ?? '');
  const communityId = picked || communities[0]?.id || '';
  const log = usePagedRequest(
    (cursor) => api('communityAudit', undefined, { params: { communityId }, query: { limit: 20, cursor }, silent: true }),
    [communityId],
    { enabled: communityId !== '' },
  );
  usePullDownRefresh(() => void log.reload().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void log.loadMore());

  return (
    <PageShell id="page-audit">
      <StateView idPrefix="audit-me" loading={me.loading} error={me.error} empty={me.data !== undefined && communities.length === 0} emptyText="暂无可查看的社区" onRetry={() => void me.reload()}>
        <ChoiceChips idPrefix="audit-community" options={communities.map((c) => ({ value: c.id, label: c.name }))} value={communityId} onChange={setPicked} />
        <StateView idPrefix="audit" loading={log.loading} error={log.error} empty={log.loaded && log.items.length === 0} emptyText="暂无操作记录" onRetry={() => void log.reload()}>
          {log.items.map((e, i) => (
            <View key={`${e.at}-${i}`} className="a-item" id={`audit-entry-${i}`}>
              <View className="a-item__main">
                <Text className="a-item__title">
                  {e.actionLabel}：{e.target.name ?? e.target.id}
                </Text>
                <Text className="a-item__sub">{[detail(e), e.actorName, formatCst(e.at)].filter(Boolean).join(' · ')}</Text>
              </View>
            </View>
          ))}
          <LoadMore id="audit-more" hasMore={log.hasMore} loading={log.loadingMore} error={log.error} onMore={() => void log.loadMore()} count={log.items.length} />
        </StateView>
      </StateView>
    </PageShell>
  );
}
