import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { PostName } from '@shared/api/members';
import { api } from '../../../../api/client';
import { useSession } from '../../../../hooks/useSession';
import { useAction } from '../../../../hooks/useAction';
import { useRequest } from '../../../../hooks/useRequest';
import { usePagedRequest } from '../../../../hooks/usePagedRequest';
import { LoadMore } from '../../../../components/LoadMore';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { Button, Tag } from '../../../../components/ui';
import { MAX_POSTS, postIndex } from '../../../../utils/status';
import '../../member.css';

/** Every shown holder of one post, page by page (the summary lists only the first few). */
function AllHolders({ communityId, post, index }: { communityId: string; post: PostName; index: number }) {
  const list = usePagedRequest((cursor) => api('listPostHolders', undefined, { params: { communityId }, query: { post, limit: 20, cursor }, silent: true }), [communityId, post]);
  return (
    <View id={`post-${index}-holders`}>
      <Text className="m-item__line">{list.items.map((h) => h.name).join('、')}</Text>
      <LoadMore id={`post-${index}-holders-more`} hasMore={list.hasMore} loading={list.loading || list.loadingMore} count={list.items.length} onMore={() => void list.loadMore()} />
    </View>
  );
}

/**
 * 八大员认岗: the eight posts of a community with their holders (those who agreed to be
 * shown); a member reported in and confirmed there claims one or two.
 */
export default function PostsPage() {
  const { params } = useRouter();
  const session = useSession();
  const mine = useRequest(() => api('myMember', undefined, { silent: true }), [session?.token], { enabled: session !== null });
  const communityId = params.communityId || mine.data?.reportIn?.communityId || '';
  const posts = useRequest(() => api('communityPosts', undefined, { params: { communityId }, silent: true }), [communityId], {
    enabled: Boolean(communityId),
  });
  const { busy, run } = useAction<PostName>();
  const [expanded, setExpanded] = useState<PostName | null>(null);

  const reportIn = mine.data?.reportIn;
  const canClaimHere = reportIn?.status === 'confirmed' && reportIn.communityId === communityId;
  const held = canClaimHere ? reportIn.posts : [];

  const claim = (post: PostName) =>
    run(post, () => api('claimPost', { post }), {
      confirm: { title: '认岗', content: `确定认领“${post}”吗？`, confirmText: '认领', cancelText: '取消' },
      toast: '认岗成功',
      reload: () => Promise.all([mine.reload(), posts.reload()]),
    });

  const waiting = session !== null && mine.loading && !params.communityId;
  return (
    <PageShell id="page-posts">
      <View className="section">
        <Text className="section__title">八大员岗位</Text>
        {session === null ? (
          <Text className="section__note">登录并完成报到后可认岗。</Text>
        ) : canClaimHere ? (
          <Text className="section__note" id="posts-hint">
            每名党员最多认领 {MAX_POSTS} 个岗位，已认领 {held.length} 个。如需解除认岗，请联系社区管理员。
          </Text>
        ) : (
          <Text className="section__note" id="posts-hint">
            {reportIn?.status === 'pending' ? '报到待社区确认，确认后即可认岗。' : '到本社区报到并经确认后即可认岗。'}
          </Text>
        )}
        <StateView
          idPrefix="posts"
          loading={waiting || posts.loading}
          error={posts.error ?? mine.error}
          empty={!waiting && !communityId}
          emptyText="请先到社区报到"
          emptyHint="报到后可查看并认领所在社区的岗位"
          onRetry={() => void Promise.all([mine.reload(), posts.reload()])}
        >
          {posts.data && (
            <View id="posts-list">
              {posts.data.items.map((item) => {
                const i = postIndex(item.post);
                const mineHeld = held.includes(item.post);
                return (
                  <View key={item.post} className="m-item" id={`post-${i}`}>
                    <View className="m-item__head">
                      <Text className="m-item__title">{item.post}</Text>
                      {mineHeld ? (
                        <Tag type="primary" className="post-held">
                          我的岗位
                        </Tag>
                      ) : (
                        canClaimHere && (
                          <Button
                            id={`post-${i}-claim`}
                            size="small"
                            type="primary"
                            fill="outline"
                            disabled={held.length >= MAX_POSTS}
                            loading={busy === item.post}
                            onClick={() => void claim(item.post)}
                          >
                            认领
                          </Button>
                        )
                      )}
                    </View>
                    {expanded === item.post ? (
                      <View>
                        <Text className="m-item__line">{item.holderCount} 人认岗：</Text>
                        <AllHolders communityId={communityId} post={item.post} index={i} />
                      </View>
                    ) : (
                      <Text className="m-item__line">
                        {item.holderCount} 人认岗
                        {item.shownHolders.length > 0 ? `：${item.shownHolders.map((h) => h.name).join('、')}` : ''}
                        {item.moreShown ? ' 等' : ''}
                      </Text>
                    )}
                    {item.moreShown && expanded !== item.post && (
                      <Text className="m-link" id={`post-${i}-all`} onClick={() => setExpanded(item.post)}>
                        查看全部
                      </Text>
                    )}
                  </View>
                );
              })}
            </View>
          )}
        </StateView>
      </View>
    </PageShell>
  );
}
