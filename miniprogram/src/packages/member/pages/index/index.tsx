import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Input, Switch, Text, View } from '@tarojs/components';
import type { Consents, MemberProfile } from '@shared/api/members';
import { api, ApiError, requestLogin, showError } from '../../../../api/client';
import { useSession } from '../../../../hooks/useSession';
import { useRequest } from '../../../../hooks/useRequest';
import { usePagedRequest } from '../../../../hooks/usePagedRequest';
import { useCommunities } from '../../../../hooks/useCommunities';
import { LoadMore } from '../../../../components/LoadMore';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { Button, Tag } from '../../../../components/ui';
import { THEME_RED } from '../../../../config';
import { POSTS_PAGE, reportInUrl } from '../../../../utils/links';
import { maskPhone } from '../../../../utils/phone';
import { MEMBER_STATUS_TEXT, REPORT_IN_STATUS_TEXT } from '../../../../utils/status';
import { formatCst } from '../../../../utils/time';
import { ExportSummary, exportNames, type Exported } from '../../ExportSummary';
import { summariseExport } from '../../../../utils/exportSummary';
import '../../member.css';
import { fieldName } from '../../../../utils/a11y';

function ApplyForm({ previous, onDone }: { previous: MemberProfile | null; onDone: () => void }) {
  const communities = useCommunities({ silent: true });
  const [communityId, setCommunityId] = useState(previous?.communityId ?? '');
  const [name, setName] = useState(previous?.name ?? '');
  const [branch, setBranch] = useState(previous?.branch ?? '');
  const [phone, setPhone] = useState(previous?.phone ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const local: Record<string, string> = {};
    if (!communityId) local.communityId = '请选择所在社区';
    if (name.trim().length < 2) local.name = '请填写真实姓名';
    if (branch.trim().length < 2) local.branch = '请填写所在党支部或工作单位';
    if (!/^1[3-9]\d{9}$/.test(phone.trim())) local.phone = '请填写正确的 11 位手机号';
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      await api('applyMember', { communityId, name: name.trim(), branch: branch.trim(), phone: phone.trim() }, { silent: true });
      void Taro.showToast({ title: '已提交，等待社区审核', icon: 'none' });
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.fields.length > 0) {
        setErrors(Object.fromEntries(err.fields.map((f) => [f.path, f.message])));
      }
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="m-form" id="member-apply-form">
      <Text className="m-label">所在社区</Text>
      <StateView idPrefix="member-apply-communities" loading={communities.loading} error={!communities.loaded ? communities.error : undefined} onRetry={() => void communities.reload()}>
        <View className="m-chips">
          {communities.items.map((c) => (
            <Text
              key={c.id}
              id={`member-apply-community-${c.id}`}
              className={`m-chip ${communityId === c.id ? 'm-chip--on' : ''}`}
              onClick={() => setCommunityId(c.id)}
            >
              {c.name}
            </Text>
          ))}
        </View>
        {communities.hasMore && <LoadMore id="member-apply-communities-more" hasMore={communities.hasMore} loading={communities.loadingMore} error={communities.error} onMore={() => void communities.loadMore()} count={communities.items.length} />}
      </StateView>
      {errors.communityId && <Text className="m-error">{errors.communityId}</Text>}
      <Text className="m-label">姓名</Text>
      <Input id="member-apply-name" className="m-input" value={name} maxlength={20} placeholder="请填写真实姓名" onInput={(e) => setName(e.detail.value)} />
      {errors.name && <Text className="m-error">{errors.name}</Text>}
      <Text className="m-label">所在党支部或工作单位</Text>
      <Input id="member-apply-branch" className="m-input" value={branch} maxlength={50} placeholder="如：某某公司党支部" onInput={(e) => setBranch(e.detail.value)} />
      {errors.branch && <Text className="m-error">{errors.branch}</Text>}
      <Text className="m-label">手机号</Text>
      <Input id="member-apply-phone" className="m-input" type="number" value={phone} maxlength={11} placeholder="11 位手机号" onInput={(e) => setPhone(e.detail.value)} />
      {errors.phone && <Text className="m-error">{errors.phone}</Text>}
      <Button id="member-apply-submit" className="m-submit" type="primary" block loading={busy} onClick={() => void submit()}>
        提交认证申请
      </Button>
    </View>
  );
}

function Privacy({ profile, onChange }: { profile: MemberProfile; onChange: (p: MemberProfile) => void }) {
  const [busy, setBusy] = useState(false);
  const update = async (next: Consents) => {
    if (busy) return;
    setBusy(true);
    try {
      onChange(await api('setConsents', next));
      void Taro.showToast({ title: '已保存', icon: 'none' });
    } catch {
      onChange({ ...profile }); // re-render the switches from the unchanged profile
    } finally {
      setBusy(false);
    }
  };
  const rows: Array<{ key: keyof Consents; id: string; title: string; desc: string }> = [
    { key: 'showOnBuilding', id: 'privacy-show-on-building', title: '在楼栋码上展示我', desc: '居民扫楼栋码时可看到你的姓名、支部和岗位' },
    { key: 'phoneVisible', id: 'privacy-phone-visible', title: '允许居民查看我的电话', desc: '电话默认隐藏中间四位，登录居民点“联系TA”后可查看（每次查看都有记录）' },
  ];
  return (
    <View id="member-privacy">
      {rows.map((r) => (
        <View key={r.key} className="m-switch-row">
          <View className="m-switch-row__text">
            <Text className="m-switch-row__title">{r.title}</Text>
            <Text className="m-switch-row__desc">{r.desc}</Text>
          </View>
          <Switch
            {...fieldName(r.title)}
            id={r.id}
            checked={profile.consents[r.key]}
            color={THEME_RED}
            disabled={busy}
            onChange={(e) => void update({ ...profile.consents, [r.key]: e.detail.value })}
          />
        </View>
      ))}
    </View>
  );
}

/** 谁查看了我的电话: every reveal of my number (residents' 联系TA, an admin's 线下核实), newest first, page by page. */
function RevealLog() {
  const list = usePagedRequest((cursor) => api('myReveals', undefined, { query: { limit: 20, cursor }, silent: true }), []);
  return (
    <StateView
      idPrefix="member-reveals"
      loading={list.loading && !list.loaded}
      error={list.error}
      empty={list.loaded && list.items.length === 0}
      emptyText="还没有人查看过你的电话"
      onRetry={() => void list.reload()}
    >
      {list.items.map((r) => (
        <Text key={`${r.at}-${r.viewerId}`} className="m-text m-reveal" id={`member-reveal-${r.viewerId}`}>
          {formatCst(r.at, 'M月D日 HH:mm')} {r.purpose === 'verify' ? '社区管理员核实身份时查看' : '一位居民通过“联系TA”查看'}
        </Text>
      ))}
      <LoadMore id="member-reveals-more" hasMore={list.hasMore} loading={list.loadingMore} count={list.items.length} onMore={() => void list.loadMore()} />
    </StateView>
  );
}

function MyData({ hasProfile, onWithdrawn }: { hasProfile: boolean; onWithdrawn: () => void }) {
  const [data, setData] = useState<Exported | null>(null);
  const [busy, setBusy] = useState<'export' | 'withdraw' | null>(null);

  const doExport = async () => {
    setBusy('export');
    try {
      const raw = await api('exportMyData');
      setData({ raw, sections: summariseExport(raw, await exportNames(raw)) });
    } catch {
      // toast shown
    } finally {
      setBusy(null);
    }
  };
  const withdraw = async () => {
    const res = await Taro.showModal({
      title: '撤回党员信息',
      content: '将删除你的党员资料、报到记录和认岗，楼栋页上也不再展示你。确定撤回吗？',
      confirmText: '撤回',
      confirmColor: THEME_RED,
      cancelText: '取消',
    });
    if (!res.confirm) return;
    setBusy('withdraw');
    try {
      await api('withdrawMember');
      void Taro.showToast({ title: '已撤回', icon: 'none' });
      setData(null);
      onWithdrawn();
    } catch {
      // toast shown
    } finally {
      setBusy(null);
    }
  };

  return (
    <View className="m-actions" id="member-data">
      <Button id="member-export" fill="outline" block loading={busy === 'export'} onClick={() => void doExport()}>
        导出我的数据
      </Button>
      {data && (
        <View>
          <View className="m-gap" />
          <ExportSummary data={data} />
        </View>
      )}
      {hasProfile && (
        <View>
          <View className="m-gap" />
          <Button id="member-withdraw" fill="outline" block loading={busy === 'withdraw'} onClick={() => void withdraw()}>
            撤回党员信息
          </Button>
        </View>
      )}
    </View>
  );
}

/** 党员中心: membership application, report-in status, posts, privacy, my data. */
export default function MemberCenterPage() {
  const session = useSession();
  const mine = useRequest(() => api('myMember', undefined, { silent: true }), [session?.token], { enabled: session !== null });
  const [reapply, setReapply] = useState(false);
  const [override, setOverride] = useState<MemberProfile | null>(null);

  useDidShow(() => {
    if (session && !mine.loading) void mine.reload();
  });
  usePullDownRefresh(() => {
    void mine.reload().finally(() => Taro.stopPullDownRefresh());
  });

  if (!session) {
    return (
      <PageShell id="page-member">
        <View className="state-view" id="member-logged-out">
          <Text className="state-view__title">登录后查看党员中心</Text>
          <Button id="member-login-button" type="primary" onClick={() => void requestLogin().catch(() => undefined)}>
            登录
          </Button>
        </View>
      </PageShell>
    );
  }

  const profile = override && mine.data?.profile && override.userId === mine.data.profile.userId ? override : (mine.data?.profile ?? null);
  const reportIn = mine.data?.reportIn ?? null;
  const reload = () => {
    setReapply(false);
    setOverride(null);
    void mine.reload();
  };

  return (
    <PageShell id="page-member">
      <StateView idPrefix="member" loading={mine.loading} error={mine.error} onRetry={() => void mine.reload()}>
        {mine.data && (
          <View>
            <View className="section" id="member-profile">
              <Text className="section__title">党员身份认证</Text>
              {profile && (
                <View className="m-status">
                  <Text className="m-status__text">
                    {profile.name} · {profile.branch} · {maskPhone(profile.phone)}
                  </Text>
                  <Text className={`m-badge m-badge--${profile.status}`} id="member-status">
                    {MEMBER_STATUS_TEXT[profile.status]}
                  </Text>
                </View>
              )}
              {profile?.status === 'pending' && <Text className="m-text">已提交，社区管理员审核后即可报到、认岗。</Text>}
              {profile?.status === 'rejected' && (
                <Text className="m-text">未通过审核{profile.note ? `：${profile.note}` : ''}。可修改后重新申请。</Text>
              )}
              {(!profile || (profile.status === 'rejected' && reapply)) && <ApplyForm previous={profile} onDone={reload} />}
              {!profile && <Text className="m-text">党员身份属于敏感个人信息，仅用于社区确认身份，不会公开。</Text>}
              {profile?.status === 'rejected' && !reapply && (
                <View className="m-actions">
                  <Button id="member-reapply" type="primary" block onClick={() => setReapply(true)}>
                    重新申请
                  </Button>
                </View>
              )}
            </View>

            {profile?.status === 'confirmed' && (
              <View className="section" id="member-reportin">
                <Text className="section__title">社区报到</Text>
                {reportIn ? (
                  <View className="m-status">
                    <Text className="m-status__text">报到于 {formatCst(reportIn.reportedAt, 'YYYY年M月D日')}</Text>
                    <Text className={`m-badge m-badge--${reportIn.status}`} id="member-reportin-status">
                      {REPORT_IN_STATUS_TEXT[reportIn.status]}
                    </Text>
                  </View>
                ) : (
                  <Text className="m-text" id="member-reportin-none">
                    尚未报到。扫描居住社区的社区码，向社区报到。
                  </Text>
                )}
                <View className="m-actions">
                  <Button id="member-reportin-button" type={reportIn ? 'default' : 'primary'} block onClick={() => void Taro.navigateTo({ url: reportInUrl() })}>
                    {reportIn ? '查看或重新报到' : '去报到'}
                  </Button>
                </View>
              </View>
            )}

            {reportIn && (
              <View className="section" id="member-posts">
                <Text className="section__title">我的岗位（认岗）</Text>
                <View className="m-text">
                  {reportIn.posts.length === 0 ? (
                    <Text id="member-posts-empty">暂未认岗</Text>
                  ) : (
                    reportIn.posts.map((p) => (
                      <Tag key={p} type="default">
                        {p}
                      </Tag>
                    ))
                  )}
                </View>
                <View className="m-actions">
                  <Button
                    id="member-posts-button"
                    block
                    onClick={() => void Taro.navigateTo({ url: `${POSTS_PAGE}?communityId=${encodeURIComponent(reportIn.communityId)}` })}
                  >
                    八大员认岗
                  </Button>
                </View>
              </View>
            )}

            {profile && (
              <View className="section">
                <Text className="section__title">隐私设置</Text>
                <Text className="section__note">两项默认关闭；关闭后你不会出现在任何公开页面。</Text>
                <Privacy profile={profile} onChange={setOverride} />
              </View>
            )}

            {profile && (
              <View className="section" id="member-reveals">
                <Text className="section__title">谁查看了我的电话</Text>
                <RevealLog />
              </View>
            )}

            <View className="section">
              <Text className="section__title">我的数据</Text>
              <MyData hasProfile={Boolean(profile || reportIn)} onWithdrawn={reload} />
            </View>
          </View>
        )}
      </StateView>
    </PageShell>
  );
}
