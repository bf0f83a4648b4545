import { useState } from 'react';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { BuildingMember } from '@shared/api/codes';
import { api, ApiError, requestLogin, showError } from '../../api/client';
import { getSession } from '../../auth/session';
import { useRequest } from '../../hooks/useRequest';
import { PageShell } from '../../components/PageShell';
import { StateView } from '../../components/StateView';
import { MemberCard } from '../../components/MemberCard';
import { CodeReplaced, replacedContact } from '../../components/CodeReplaced';
import { HomeEntry } from '../../components/HomeEntry';
import { Button, Cell } from '../../components/ui';
import { openCrowdfund, openStation } from '../../utils/links';
import { rememberHome } from '../../utils/home';
import './index.css';

/** Key of the grid worker in the page's revealed numbers (members are keyed by user id). */
const GRID_WORKER = 'grid-worker';

/**
 * 楼栋页 (码上通): opened from a building code, no login needed. Shows the grid, its party
 * branch and grid worker, the opted-in party members serving this building (phones masked;
 * 联系TA reveals one after login — the grid worker's too, under the same daily allowance),
 * the community's stations and the estate's open crowdfunds. A replaced code says so and
 * offers 返回首页 / 联系社区 instead of a retry.
 */
export default function BuildingPage() {
  const { params } = useRouter();
  const buildingId = params.id ?? '';
  const code = params.code ?? '';
  const page = useRequest(
    () => api('buildingPage', undefined, { params: { buildingId }, query: { code }, silent: true }),
    [buildingId, code],
    { enabled: Boolean(buildingId && code) },
  );
  const communityId = page.data?.community.id;
  const estate = page.data?.building.estate;
  const crowdfunds = useRequest(
    () => api('listCrowdfunds', undefined, { query: { communityId, status: 'open', estate }, silent: true }),
    [communityId, estate],
    { enabled: Boolean(communityId) },
  );

  const [revealed, setRevealed] = useState<Record<string, string>>({});
  const [busyId, setBusyId] = useState<string | null>(null);
  const [limitMessage, setLimitMessage] = useState<string | null>(null);

  usePullDownRefresh(() => {
    void Promise.all([page.reload(), crowdfunds.reload()]).finally(() => Taro.stopPullDownRefresh());
  });

  /** 联系TA: login if needed, then one audited reveal (members' and the grid worker's share the allowance). */
  const reveal = async (key: string, fetchPhone: () => Promise<{ phone: string; remainingToday: number }>) => {
    if (busyId) return;
    if (!getSession()) {
      const session = await requestLogin().catch(() => null);
      if (!session) return;
    }
    setBusyId(key);
    try {
      const res = await fetchPhone();
      setRevealed((r) => ({ ...r, [key]: res.phone }));
      void Taro.showToast({ title: `今日还可查看 ${res.remainingToday} 个号码`, icon: 'none' });
    } catch (err) {
      if (err instanceof ApiError && err.status === 429) setLimitMessage(err.message);
      showError(err);
    } finally {
      setBusyId(null);
    }
  };
  const onContact = (member: BuildingMember) => reveal(member.userId, () => api('revealPhone', undefined, { params: { userId: member.userId }, silent: true }));
  const onContactWorker = () => reveal(GRID_WORKER, () => api('revealGridWorker', undefined, { params: { buildingId }, query: { code }, silent: true }));

  /** 设为我家: this building becomes the home on the profile (login first if needed); 首页 then shows its community. */
  const onSetHome = () =>
    void Promise.resolve(getSession() ?? requestLogin().catch(() => null)).then(
      (s) => s && api('setMyHome', { buildingId }).then((r) => (rememberHome(r.home), Taro.showToast({ title: '已设为我家', icon: 'success' })), () => undefined),
    );

  const onCall = (phoneNumber: string) => {
    Taro.makePhoneCall({ phoneNumber }).catch(() => undefined);
  };

  if (!buildingId || !code) {
    return (
      <PageShell id="page-building">
        <View className="section building-invalid" id="building-invalid">
          <Text className="section__title">二维码无效</Text>
          <Text className="section__note">请重新扫描楼栋上张贴的二维码。</Text>
        </View>
        <HomeEntry id="building-home" />
      </PageShell>
    );
  }

  const data = page.data;
  const replaced = page.loading ? null : replacedContact(page.error);
  if (replaced) {
    return (
      <PageShell id="page-building">
        <CodeReplaced id="building-replaced" contact={replaced} />
      </PageShell>
    );
  }
  const workerPhone = revealed[GRID_WORKER];
  return (
    <PageShell id="page-building">
      <StateView idPrefix="building" loading={page.loading} error={page.error} onRetry={() => void page.reload()}>
        {data && (
          <View>
            <View className="hero building-hero" id="building-header">
              <Text className="hero__title" id="building-name">
                {data.building.estate} {data.building.name}
              </Text>
              <Text className="hero__text">
                {data.community.name} · {data.community.address}
              </Text>
            </View>
            <View className="block-button">
              <Button id="building-set-home" type="primary" fill="outline" block onClick={onSetHome}>
                设为我家
              </Button>
            </View>

            <View className="section" id="building-grid">
              <Text className="section__title">{data.grid.name}</Text>
              <Cell title="网格党支部" extra={data.grid.branchName} />
              <Cell title="支部书记" extra={data.grid.secretaryName} />
              <Cell
                id="building-grid-worker"
                title="网格员"
                description={data.grid.workerPhoneMasked ? <Text id="building-grid-worker-phone">{`联系电话 ${workerPhone ?? data.grid.workerPhoneMasked}`}</Text> : undefined}
                extra={data.grid.workerName}
              />
              {data.grid.workerPhoneMasked && (
                <View className="building-worker-actions">
                  {workerPhone ? (
                    <Button id="building-grid-worker-call" size="small" type="primary" onClick={() => onCall(workerPhone)}>
                      拨打
                    </Button>
                  ) : (
                    <Button id="building-grid-worker-contact" size="small" type="primary" fill="outline" loading={busyId === GRID_WORKER} onClick={() => void onContactWorker()}>
                      联系TA
                    </Button>
                  )}
                </View>
              )}
            </View>

            <View className="section" id="building-report">
              <Cell
                id="building-report-entry"
                title="我要反映"
                description="本楼的环境卫生、设施维修等问题，告诉社区"
                clickable
                onClick={() =>
                  void Taro.navigateTo({
                    url: `/packages/requests/pages/report/index?communityId=${data.community.id}&buildingId=${data.building.id}&place=${encodeURIComponent(`${data.building.estate} ${data.building.name}`)}`,
                  })
                }
              />
            </View>

            <View className="section" id="building-members">
              <Text className="section__title">服务本楼的党员</Text>
              <Text className="section__note">党员亮身份、认岗服务，有事可联系；电话仅在党员同意后展示。</Text>
              {limitMessage && (
                <Text className="building-limit" id="building-reveal-limit">
                  {limitMessage}
                </Text>
              )}
              {data.members.length === 0 ? (
                <View className="building-empty" id="building-members-empty">
                  <Text>暂无公开信息的党员</Text>
                </View>
              ) : (
                data.members.map((m) => (
                  <MemberCard
                    key={m.userId}
                    member={m}
                    revealed={revealed[m.userId]}
                    busy={busyId === m.userId}
                    onContact={(member) => void onContact(member)}
                    onCall={onCall}
                  />
                ))
              )}
            </View>

            <View className="section" id="building-stations">
              <Text className="section__title">社区驿站</Text>
              <Text className="section__note">可预约场地、参加活动</Text>
              {data.stations.length === 0 ? (
                <View className="building-empty" id="building-stations-empty">
                  <Text>社区暂未开通驿站</Text>
                </View>
              ) : (
                data.stations.map((s) => (
                  <Cell
                    key={s.id}
                    id={`building-station-${s.id}`}
                    title={s.name}
                    description={s.address}
                    extra="去预约"
                    clickable
                    onClick={() => openStation(s.id)}
                  />
                ))
              )}
            </View>

            <View className="section" id="building-crowdfunds">
              <Text className="section__title">小区众筹</Text>
              <StateView
                idPrefix="building-crowdfunds"
                loading={crowdfunds.loading}
                error={crowdfunds.error}
                empty={crowdfunds.data !== undefined && crowdfunds.data.items.length === 0}
                emptyText="暂无进行中的众筹"
                onRetry={() => void crowdfunds.reload()}
              >
                {crowdfunds.data?.items.map((c) => (
                  <Cell key={c.id} id={`building-crowdfund-${c.id}`} title={c.title} clickable onClick={() => openCrowdfund(c.id)} />
                ))}
              </StateView>
            </View>
          </View>
        )}
      </StateView>
      <HomeEntry id="building-home" />
    </PageShell>
  );
}
