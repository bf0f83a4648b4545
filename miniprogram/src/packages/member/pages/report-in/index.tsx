import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import type { ReportIn } from '@shared/api/members';
import { api, ApiError, requestLogin, showError } from '../../../../api/client';
import { useSession } from '../../../../hooks/useSession';
import { useRequest } from '../../../../hooks/useRequest';
import { usePagedRequest } from '../../../../hooks/usePagedRequest';
import { LoadMore } from '../../../../components/LoadMore';
import { PageShell } from '../../../../components/PageShell';
import { ScanBox } from '../../../../components/ScanBox';
import { StateView } from '../../../../components/StateView';
import { Button } from '../../../../components/ui';
import { MEMBER_CENTER, reportInUrl } from '../../../../utils/links';
import { REPORT_IN_STATUS_TEXT, splitList } from '../../../../utils/status';
import { savedHome } from '../../../../utils/home';
import '../../member.css';

const TIME_PRESETS = ['工作日晚上', '周六', '周日', '节假日', '随时'];

function ReportInForm({ code, communityId, previous, onDone }: { code: string; communityId: string; previous: ReportIn | null; onDone: () => void }) {
  const buildings = usePagedRequest((cursor) => api('listBuildings', undefined, { params: { communityId }, query: { limit: 50, ...(cursor ? { cursor } : {}) }, silent: true }), [communityId]);
  const [buildingId, setBuildingId] = useState(previous?.communityId === communityId ? previous.buildingId : savedHome()?.communityId === communityId ? savedHome()!.buildingId : '');
  const [skills, setSkills] = useState((previous?.skills ?? []).join('、'));
  const [times, setTimes] = useState<string[]>((previous?.availableTimes ?? []).filter((t) => TIME_PRESETS.includes(t)));
  const [otherTimes, setOtherTimes] = useState((previous?.availableTimes ?? []).filter((t) => !TIME_PRESETS.includes(t)).join('、'));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const toggle = (t: string) => setTimes((cur) => (cur.includes(t) ? cur.filter((x) => x !== t) : [...cur, t]));

  const submit = async () => {
    const availableTimes = [...times, ...splitList(otherTimes).filter((t) => !times.includes(t))];
    const local: Record<string, string> = {};
    if (!buildingId) local.buildingId = '请选择居住楼栋';
    if (availableTimes.length === 0) local.availableTimes = '请至少选择一个可服务时间';
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      await api('reportIn', { communityCode: code, buildingId, skills: splitList(skills), availableTimes }, { silent: true });
      void Taro.showToast({ title: '已提交报到，等待社区确认', icon: 'none' });
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.fields.length > 0) setErrors(Object.fromEntries(err.fields.map((f) => [f.path.split('.')[0], f.message])));
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="m-form" id="reportin-form">
      <Text className="m-label">居住楼栋</Text>
      <StateView
        idPrefix="reportin-buildings"
        loading={buildings.loading}
        error={!buildings.loaded ? buildings.error : undefined}
        empty={buildings.loaded && buildings.items.length === 0}
        emptyText="该社区暂无楼栋信息"
        onRetry={() => void buildings.reload()}
      >
        <View className="m-chips">
          {buildings.items.map((b) => (
            <Text key={b.id} id={`reportin-building-${b.id}`} className={`m-chip ${buildingId === b.id ? 'm-chip--on' : ''}`} onClick={() => setBuildingId(b.id)}>
              {b.estate} {b.name}
            </Text>
          ))}
        </View>
        <LoadMore id="reportin-buildings-more" hasMore={buildings.hasMore} loading={buildings.loadingMore} error={buildings.error} onMore={() => void buildings.loadMore()} count={buildings.items.length} />
      </StateView>
      {errors.buildingId && <Text className="m-error">{errors.buildingId}</Text>}

      <Text className="m-label">特长（选填，多项用顿号或逗号分隔）</Text>
      <Input id="reportin-skills" className="m-input" value={skills} placeholder="如：法律咨询、电器维修" onInput={(e) => setSkills(e.detail.value)} />
      {errors.skills && <Text className="m-error">{errors.skills}</Text>}

      <Text className="m-label">可服务时间</Text>
      <View className="m-chips">
        {TIME_PRESETS.map((t, i) => (
          <Text key={t} id={`reportin-time-${i}`} className={`m-chip ${times.includes(t) ? 'm-chip--on' : ''}`} onClick={() => toggle(t)}>
            {t}
          </Text>
        ))}
      </View>
      <Input id="reportin-times-other" className="m-input" value={otherTimes} placeholder="其他时间（选填），如：周三下午" onInput={(e) => setOtherTimes(e.detail.value)} />
      {errors.availableTimes && <Text className="m-error">{errors.availableTimes}</Text>}

      <Button id="reportin-submit" className="m-submit" type="primary" block loading={busy} onClick={() => void submit()}>
        提交报到
      </Button>
    </View>
  );
}

/**
 * 党员报到: a confirmed member reports in to the community they live in — opened from the
 * community's code (code=<token>), or the member scans / pastes it here.
 */
export default function ReportInPage() {
  const { params } = useRouter();
  const code = params.code ?? '';
  const session = useSession();
  const community = useRequest(() => api('resolveCode', undefined, { params: { token: code }, silent: true }), [code], { enabled: Boolean(code) });
  const mine = useRequest(() => api('myMember', undefined, { silent: true }), [session?.token], { enabled: session !== null });
  const [editing, setEditing] = useState(false);

  if (!session) {
    return (
      <PageShell id="page-reportin">
        <View className="state-view" id="reportin-logged-out">
          <Text className="state-view__title">登录后报到</Text>
          <Button id="reportin-login-button" type="primary" onClick={() => void requestLogin().catch(() => undefined)}>
            登录
          </Button>
        </View>
      </PageShell>
    );
  }

  const profile = mine.data?.profile ?? null;
  const reportIn = mine.data?.reportIn ?? null;
  const codeInfo = community.data;
  const codeError =
    community.error instanceof ApiError && community.error.status === 410
      ? '该二维码已更新，请扫描新码'
      : codeInfo && codeInfo.kind !== 'community'
        ? '这不是社区码，请扫描社区党群服务中心张贴的社区二维码'
        : undefined;

  return (
    <PageShell id="page-reportin">
      <StateView idPrefix="reportin" loading={mine.loading} error={mine.error} onRetry={() => void mine.reload()}>
        {mine.data && (
          <View>
            {profile?.status !== 'confirmed' ? (
              <View className="section" id="reportin-not-member">
                <Text className="section__title">请先完成党员身份认证</Text>
                <Text className="m-text">
                  {profile?.status === 'pending' ? '你的党员认证申请正在审核中，审核通过后即可报到。' : '在职党员到社区报到前，需先由社区确认党员身份。'}
                </Text>
                <View className="m-actions">
                  <Button id="reportin-apply-link" type="primary" block onClick={() => void Taro.navigateTo({ url: MEMBER_CENTER })}>
                    前往党员中心
                  </Button>
                </View>
              </View>
            ) : (
              <View>
                {reportIn && (
                  <View className="section" id="reportin-current">
                    <Text className="section__title">我的报到</Text>
                    <View className="m-status">
                      <Text className="m-status__text">
                        {reportIn.availableTimes.join('、')}
                        {reportIn.skills.length > 0 ? ` · ${reportIn.skills.join('、')}` : ''}
                      </Text>
                      <Text className={`m-badge m-badge--${reportIn.status}`} id="reportin-status">
                        {REPORT_IN_STATUS_TEXT[reportIn.status]}
                      </Text>
                    </View>
                    {reportIn.status === 'pending' && <Text className="m-text">社区工作人员确认后即报到成功，可认领八大员岗位。</Text>}
                  </View>
                )}
                {(!reportIn || editing) && (
                  <View className="section">
                    <Text className="section__title">{reportIn ? '重新报到' : '向社区报到'}</Text>
                    {!code ? (
                      <View id="reportin-need-code">
                        <Text className="m-text">请扫描居住社区的社区码（张贴在社区党群服务中心）。</Text>
                        <ScanBox id="reportin-scan" onToken={(t) => void Taro.redirectTo({ url: reportInUrl(t) })} />
                      </View>
                    ) : (
                      <StateView
                        idPrefix="reportin-code"
                        loading={community.loading}
                        error={codeError ? undefined : community.error}
                        onRetry={() => void community.reload()}
                      >
                        {codeError ? (
                          <View id="reportin-code-invalid">
                            <Text className="m-error m-text">{codeError}</Text>
                            <ScanBox id="reportin-scan" onToken={(t) => void Taro.redirectTo({ url: reportInUrl(t) })} />
                          </View>
                        ) : (
                          codeInfo && (
                            <View>
                              <Text className="m-text" id="reportin-community">
                                报到社区：{codeInfo.label}
                              </Text>
                              <ReportInForm
                                code={codeInfo.token}
                                communityId={codeInfo.communityId}
                                previous={reportIn}
                                onDone={() => {
                                  setEditing(false);
                                  void mine.reload();
                                }}
                              />
                            </View>
                          )
                        )}
                      </StateView>
                    )}
                  </View>
                )}
                {reportIn && !editing && (
                  <View className="m-actions">
                    <Button id="reportin-again" fill="outline" block onClick={() => setEditing(true)}>
                      重新报到（更换楼栋或社区）
                    </Button>
                  </View>
                )}
              </View>
            )}
          </View>
        )}
      </StateView>
    </PageShell>
  );
}
