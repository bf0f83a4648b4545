import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { PostName } from '@shared/api/members';
import { api, requestLogin } from '../../../../api/client';
import { useAction } from '../../../../hooks/useAction';
import { useSession } from '../../../../hooks/useSession';
import { useRequest } from '../../../../hooks/useRequest';
import { usePagedRequest } from '../../../../hooks/usePagedRequest';
import { LoadMore } from '../../../../components/LoadMore';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { Button, Tag } from '../../../../components/ui';
import { THEME_RED } from '../../../../config';
import { postIndex } from '../../../../utils/status';
import { formatCst } from '../../../../utils/time';
import { loadManagedCommunities, type ManagedCommunity } from '../../codes-common/communities';
import { CommunityPicker } from '../../components/CommunityPicker';
import '../../codes-common/staff.css';

type Tab = 'reportins' | 'applications' | 'posts';
const TAB_NAMES: Record<Tab, string> = { reportins: '报到审核', applications: '党员认证', posts: '认岗管理' };

function confirmModal(title: string, content: string, confirmText: string): Taro.showModal.Option {
  return { title, content, confirmText, confirmColor: THEME_RED, cancelText: '取消' };
}

function ReportIns({ community }: { community: ManagedCommunity }) {
  const list = usePagedRequest(
    (cursor) => api('listReportIns', undefined, { params: { communityId: community.id }, query: { status: 'pending', limit: 20, cursor }, silent: true }),
    [community.id],
  );
  const buildings = useRequest(() => api('listBuildings', undefined, { params: { communityId: community.id }, query: { limit: 50 }, silent: true }), [community.id]);
  const { busy, run } = useAction();
  const buildingName = (id: string) => {
    const b = buildings.data?.items.find((x) => x.id === id);
    return b ? `${b.estate} ${b.name}` : id;
  };
  // The version seen here goes with the review: a report-in changed since is refused (409), never confirmed unseen.
  const review = (userId: string, name: string, version: number, decision: 'confirm' | 'reject') =>
    run(userId, () => api('reviewReportIn', { decision, version }, { params: { userId } }), {
      confirm: decision === 'reject' ? confirmModal('驳回报到', `确定驳回 ${name} 的报到吗？`, '驳回') : undefined,
      toast: decision === 'confirm' ? '已确认报到' : '已驳回',
      reload: list.reload,
    });
  const items = list.items;
  return (
    <View className="section" id="staff-reportins">
      <Text className="section__title">待确认的报到</Text>
      <StateView
        idPrefix="staff-reportins"
        loading={list.loading && !list.loaded}
        error={list.error}
        empty={list.loaded && items.length === 0}
        emptyText="暂无待确认的报到"
        onRetry={() => void list.reload()}
      >
        {items.map((r) => (
          <View key={r.userId} className="s-item" id={`reportin-${r.userId}`}>
            <View className="s-item__head">
              <Text className="s-item__title">{r.name || '（未填写姓名）'}</Text>
              <Text className="s-item__line">{r.phoneMasked}</Text>
            </View>
            <Text className="s-item__line">支部/单位：{r.branch}</Text>
            <Text className="s-item__line">居住楼栋：{buildingName(r.buildingId)}</Text>
            {r.skills.length > 0 && <Text className="s-item__line">特长：{r.skills.join('、')}</Text>}
            <Text className="s-item__line">可服务时间：{r.availableTimes.join('、')}</Text>
            <Text className="s-item__line">提交于 {formatCst(r.reportedAt, 'M月D日 HH:mm')}</Text>
            <View className="s-item__buttons">
              <Button id={`reportin-${r.userId}-reject`} size="small" fill="outline" disabled={busy === r.userId} onClick={() => void review(r.userId, r.name, r.version, 'reject')}>
                驳回
              </Button>
              <Button id={`reportin-${r.userId}-confirm`} size="small" type="primary" loading={busy === r.userId} onClick={() => void review(r.userId, r.name, r.version, 'confirm')}>
                确认报到
              </Button>
            </View>
          </View>
        ))}
        <LoadMore id="staff-reportins-more" hasMore={list.hasMore} loading={list.loadingMore} count={items.length} onMore={() => void list.loadMore()} />
      </StateView>
    </View>
  );
}

function Applications({ community }: { community: ManagedCommunity }) {
  const list = usePagedRequest(
    (cursor) => api('listMemberApplications', undefined, { params: { communityId: community.id }, query: { status: 'pending', limit: 20, cursor }, silent: true }),
    [community.id],
  );
  const { busy, run } = useAction();
  /** Full numbers this admin asked for (线下核实), by applicant: each request is recorded server-side. */
  const [phones, setPhones] = useState<Record<string, string>>({});
  const review = (userId: string, name: string, version: number, decision: 'confirm' | 'reject') =>
    run(userId, () => api('reviewMember', { decision, version }, { params: { userId } }), {
      confirm: decision === 'reject' ? confirmModal('驳回认证', `确定驳回 ${name} 的党员认证申请吗？`, '驳回') : undefined,
      toast: decision === 'confirm' ? '已通过认证' : '已驳回',
      reload: list.reload,
    });
  const showPhone = (userId: string, name: string) =>
    run(`phone:${userId}`, async () => {
      const res = await api('verifyApplicationPhone', undefined, { params: { userId } });
      setPhones((prev) => ({ ...prev, [userId]: res.phone }));
    }, {
      confirm: { title: '查看完整号码', content: `用于电话核实 ${name} 的党员身份。查看记录将告知申请人。`, confirmText: '查看', confirmColor: THEME_RED, cancelText: '取消' },
    });
  const items = list.items;
  return (
    <View className="section" id="staff-applications">
      <Text className="section__title">待审核的党员认证</Text>
      <Text className="section__note">请线下核实党员身份后再通过；“查看完整号码”可电话核实（查看会被记录并告知申请人）。</Text>
      <StateView
        idPrefix="staff-applications"
        loading={list.loading && !list.loaded}
        error={list.error}
        empty={list.loaded && items.length === 0}
        emptyText="暂无待审核的申请"
        onRetry={() => void list.reload()}
      >
        {items.map((a) => (
          <View key={a.userId} className="s-item" id={`application-${a.userId}`}>
            <View className="s-item__head">
              <Text className="s-item__title">{a.name}</Text>
              {phones[a.userId] ? (
                <Text
                  className="s-item__phone"
                  id={`application-${a.userId}-phone`}
                  onClick={() => void Taro.makePhoneCall({ phoneNumber: phones[a.userId] }).catch(() => undefined)}
                >
                  {phones[a.userId]} 拨打
                </Text>
              ) : (
                <Text className="s-item__line">{a.phoneMasked}</Text>
              )}
            </View>
            <Text className="s-item__line">支部/单位：{a.branch}</Text>
            <Text className="s-item__line">申请于 {formatCst(a.appliedAt, 'M月D日 HH:mm')}</Text>
            <View className="s-item__buttons">
              {!phones[a.userId] && (
                <Button id={`application-${a.userId}-show-phone`} size="small" fill="outline" loading={busy === `phone:${a.userId}`} onClick={() => void showPhone(a.userId, a.name)}>
                  查看完整号码
                </Button>
              )}
              <Button id={`application-${a.userId}-reject`} size="small" fill="outline" disabled={busy === a.userId} onClick={() => void review(a.userId, a.name, a.version, 'reject')}>
                驳回
              </Button>
              <Button id={`application-${a.userId}-confirm`} size="small" type="primary" loading={busy === a.userId} onClick={() => void review(a.userId, a.name, a.version, 'confirm')}>
                通过
              </Button>
            </View>
          </View>
        ))}
        <LoadMore id="staff-applications-more" hasMore={list.hasMore} loading={list.loadingMore} count={items.length} onMore={() => void list.loadMore()} />
      </StateView>
    </View>
  );
}

function Claims({ community }: { community: ManagedCommunity }) {
  const list = usePagedRequest(
    (cursor) => api('listReportIns', undefined, { params: { communityId: community.id }, query: { status: 'confirmed', limit: 50, cursor }, silent: true }),
    [community.id],
  );
  const { busy, run } = useAction();
  const release = (userId: string, name: string, post: PostName) =>
    run(`${userId}:${post}`, () => api('releasePost', { userId, post }, { params: { communityId: community.id } }), {
      confirm: confirmModal('解除认岗', `确定解除 ${name} 的“${post}”岗位吗？`, '解除'),
      toast: '已解除',
      reload: list.reload,
    });
  const items = list.items.filter((r) => r.posts.length > 0);
  return (
    <View className="section" id="staff-claims">
      <Text className="section__title">已认岗的党员</Text>
      <StateView
        idPrefix="staff-claims"
        loading={list.loading && !list.loaded}
        error={list.error}
        empty={list.loaded && !list.hasMore && items.length === 0}
        emptyText="暂无党员认岗"
        onRetry={() => void list.reload()}
      >
        {items.map((r) => (
          <View key={r.userId} className="s-item" id={`claims-${r.userId}`}>
            <View className="s-item__head">
              <Text className="s-item__title">{r.name}</Text>
              <Text className="s-item__line">{r.branch}</Text>
            </View>
            {r.posts.map((p) => (
              <View key={p} className="s-item__head">
                <Tag type="default">
                  {p}
                </Tag>
                <Button
                  id={`claim-${r.userId}-${postIndex(p)}-release`}
                  size="small"
                  fill="outline"
                  loading={busy === `${r.userId}:${p}`}
                  onClick={() => void release(r.userId, r.name, p)}
                >
                  解除
                </Button>
              </View>
            ))}
          </View>
        ))}
        <LoadMore id="staff-claims-more" hasMore={list.hasMore} loading={list.loadingMore} count={items.length} onMore={() => void list.loadMore()} />
      </StateView>
    </View>
  );
}

/** 党员与报到 (工作台): report-ins to confirm (staff, admin); applications and post claims (admin). */
export default function StaffMembersPage() {
  const session = useSession();
  const communities = useRequest(loadManagedCommunities, [session?.token], { enabled: session !== null });
  const [selected, setSelected] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('reportins');
  const [refresh, setRefresh] = useState(0);

  useDidShow(() => setRefresh((n) => n + 1));
  usePullDownRefresh(() => {
    setRefresh((n) => n + 1);
    Taro.stopPullDownRefresh();
  });

  if (!session) {
    return (
      <PageShell id="page-staff-members">
        <View className="state-view" id="staff-members-logged-out">
          <Text className="state-view__title">请先登录</Text>
          <Button id="staff-members-login" type="primary" onClick={() => void requestLogin().catch(() => undefined)}>
            登录
          </Button>
        </View>
      </PageShell>
    );
  }

  const list = communities.data ?? [];
  const community = list.find((c) => c.id === selected) ?? list[0];
  const tabs: Tab[] = community?.admin ? ['reportins', 'applications', 'posts'] : ['reportins'];
  const current = tabs.includes(tab) ? tab : 'reportins';

  return (
    <PageShell id="page-staff-members">
      <StateView
        idPrefix="staff-members"
        loading={communities.loading}
        error={communities.error}
        empty={communities.data !== undefined && list.length === 0}
        emptyText="你没有负责的社区"
        emptyHint="社区管理员或驿站工作人员可审核报到。"
        onRetry={() => void communities.reload()}
      >
        {community && (
          <View>
            <CommunityPicker idPrefix="staff-members-community" communities={list} selectedId={community.id} onSelect={setSelected} />
            <View className="s-tabs">
              {tabs.map((t) => (
                <Text key={t} id={`staff-members-tab-${t}`} className={`s-tab ${t === current ? 's-tab--on' : ''}`} onClick={() => setTab(t)}>
                  {TAB_NAMES[t]}
                </Text>
              ))}
            </View>
            {current === 'reportins' && <ReportIns key={`${community.id}:${refresh}`} community={community} />}
            {current === 'applications' && <Applications key={`${community.id}:${refresh}`} community={community} />}
            {current === 'posts' && <Claims key={`${community.id}:${refresh}`} community={community} />}
          </View>
        )}
      </StateView>
    </PageShell>
  );
}
