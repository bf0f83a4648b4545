import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { api, requestLogin } from '../../../../api/client';
import { useSession } from '../../../../hooks/useSession';
import { useRequest } from '../../../../hooks/useRequest';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { Button, Cell } from '../../../../components/ui';
import { BookingTools } from '../../components/BookingTools';
import './index.css';

/** 工作台 for station staff (驿站工作人员) and community admins (社区管理员). */
export default function WorkbenchPage() {
  const session = useSession();
  const me = useRequest(() => api('me'), [session?.token], { enabled: session !== null });

  if (!session) {
    return (
      <PageShell id="page-workbench">
        <View className="workbench-empty" id="workbench-logged-out">
          <Text className="workbench-empty__text">请先登录后使用工作台</Text>
          <Button id="workbench-login-button" type="primary" onClick={() => void requestLogin().catch(() => undefined)}>
            登录
          </Button>
        </View>
      </PageShell>
    );
  }

  const stations = me.data?.staffStations ?? [];
  const communities = me.data?.adminCommunities ?? [];
  const streets = me.data?.streets ?? [];
  const noRole = me.data !== undefined && stations.length === 0 && communities.length === 0 && streets.length === 0;
  const go = (url: string) => () => void Taro.navigateTo({ url });
  const screeningUrl = `/packages/wishes/pages/screening/index?${communities.length > 0 ? `communityId=${communities[0].id}` : `stationId=${stations[0]?.id ?? ''}`}`;

  return (
    <PageShell id="page-workbench">
      <View className="hero">
        <Text className="hero__title">工作台</Text>
        <Text className="hero__text">你好，{me.data?.user.nickname ?? session.user.nickname}。这里汇总你负责的驿站和社区。</Text>
      </View>
      <StateView
        idPrefix="workbench"
        loading={me.loading}
        error={me.error}
        empty={noRole}
        emptyText="暂无工作台权限"
        emptyHint="驿站工作人员或社区管理员可使用工作台，如需开通请联系社区。"
        onRetry={() => void me.reload()}
      >
        {me.data && (
          <View>
            <BookingTools staffStations={stations} communityIds={communities.map((c) => c.id)} />
            {(stations.length > 0 || communities.length > 0) && (
              <View className="section" id="workbench-members-tools">
                <Text className="section__title">党员与码上通</Text>
                <Cell
                  id="workbench-members"
                  title="党员与报到"
                  description={communities.length > 0 ? '报到确认、党员认证审核、认岗管理' : '确认党员到社区报到'}
                  clickable
                  onClick={() => void Taro.navigateTo({ url: '/packages/staff/pages/members/index' })}
                />
                {communities.length > 0 && (
                  <Cell
                    id="workbench-codes"
                    title="二维码管理"
                    description="楼栋码、社区码、房间码：海报打印与更换"
                    clickable
                    onClick={() => void Taro.navigateTo({ url: '/packages/staff/pages/codes/index' })}
                  />
                )}
              </View>
            )}
            {stations.length > 0 && (
              <View className="section" id="workbench-stations">
                <Text className="section__title">我负责的驿站</Text>
                <Text className="section__note">身份：驿站工作人员</Text>
                {stations.map((s) => (
                  <Cell
                    key={s.id}
                    id={`workbench-station-${s.id}`}
                    title={s.name}
                    description="诉求待办：本驿站所在社区的诉求"
                    clickable
                    onClick={go(`/packages/requests/pages/queue/index?stationId=${s.id}`)}
                  />
                ))}
              </View>
            )}
            {(stations.length > 0 || communities.length > 0) && (
              <View className="section" id="workbench-requests">
                <Text className="section__title">诉求与微心愿</Text>
                {communities.map((c) => (
                  <Cell
                    key={c.id}
                    id={`workbench-figures-${c.id}`}
                    title="诉求三率与时效"
                    description={`${c.name}：响应率、解决率、满意率、超期件数`}
                    clickable
                    onClick={go(`/packages/requests/pages/figures/index?communityId=${c.id}&name=${encodeURIComponent(c.name)}`)}
                  />
                ))}
                <Cell id="workbench-wish-screening" title="心愿审核" description="审核居民提交的微心愿：通过后公开，或说明原因下架" clickable onClick={go(screeningUrl)} />
              </View>
            )}
            {streets.length > 0 && (
              <View className="section" id="workbench-streets">
                <Text className="section__title">我管理的街道</Text>
                <Text className="section__note">身份：街道管理员</Text>
                {streets.map((st) => (
                  <View key={st.id}>
                    <Cell
                      id={`workbench-street-categories-${st.id}`}
                      title="诉求类别与时限"
                      description={`${st.name}：类别、响应与办结时限、对应岗位`}
                      clickable
                      onClick={go(`/packages/requests/pages/categories/index?streetId=${st.id}&name=${encodeURIComponent(st.name)}`)}
                    />
                    <Cell
                      id={`workbench-street-calendar-${st.id}`}
                      title="工作日日历"
                      description={`${st.name}：节假日与调休上班日`}
                      clickable
                      onClick={go(`/packages/requests/pages/calendar/index?streetId=${st.id}&name=${encodeURIComponent(st.name)}`)}
                    />
                  </View>
                ))}
              </View>
            )}
            {communities.length > 0 && (
              <View className="section" id="workbench-communities">
                <Text className="section__title">我管理的社区</Text>
                <Text className="section__note">身份：社区管理员</Text>
                {communities.map((c) => (
                  <Cell
                    key={c.id}
                    id={`workbench-community-${c.id}`}
                    title={c.name}
                    description="诉求待办"
                    clickable
                    onClick={() => void Taro.navigateTo({ url: `/packages/requests/pages/queue/index?communityId=${c.id}` })}
                  />
                ))}
                <Cell
                  id="workbench-people"
                  title="人员与任命"
                  description="邀请驿站工作人员、撤销任命"
                  clickable
                  onClick={() => void Taro.navigateTo({ url: '/packages/admin/pages/people/index' })}
                />
                <Cell
                  id="workbench-audit"
                  title="操作记录"
                  description="谁在何时做了哪些更改"
                  clickable
                  onClick={() => void Taro.navigateTo({ url: '/packages/admin/pages/audit/index' })}
                />
                <Cell
                  id="workbench-import-buildings"
                  title="批量导入楼栋"
                  description="从 Excel / CSV 表格导入网格下的楼栋，先预览再导入"
                  clickable
                  onClick={() => void Taro.navigateTo({ url: '/packages/admin/import/index' })}
                />
                <Text className="section__title workbench-subtitle">社区众筹</Text>
                <Cell
                  id="workbench-crowdfund-review"
                  title="众筹审核"
                  description="审核居民提交的众筹：通过或驳回"
                  clickable
                  onClick={() => void Taro.navigateTo({ url: '/packages/staff/pages/crowdfund-review/index' })}
                />
                <Cell
                  id="workbench-crowdfund-manage"
                  title="认捐确认与账目"
                  description="确认收款与兑现、登记支出（附收据）、冲正"
                  clickable
                  onClick={() => void Taro.navigateTo({ url: '/packages/staff/pages/crowdfund-manage/index' })}
                />
              </View>
            )}
          </View>
        )}
      </StateView>
    </PageShell>
  );
}
