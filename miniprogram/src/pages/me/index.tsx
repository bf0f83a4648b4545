import { useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { api, requestLogin } from '../../api/client';
import { logout, sessionNotice } from '../../auth/session';
import { useSession } from '../../hooks/useSession';
import { useRequest } from '../../hooks/useRequest';
import { PageShell } from '../../components/PageShell';
import { RoleTags } from '../../components/RoleTags';
import { StateView } from '../../components/StateView';
import { Button, Cell } from '../../components/ui';
import { CareModeSwitch } from '../../components/CareModeSwitch';
import { IS_WEAPP, THEME_RED } from '../../config';
import { isStaffOrAdmin, roleNamesOf } from '../../utils/roles';
import { formatCst } from '../../utils/time';
import { MY_BOOKINGS_URL } from '../../utils/booking';
import { INBOX_URL, refreshUnreadBadge } from '../../utils/inbox';
import { HOME_PICKER_URL } from '../../utils/links';
import './index.css';

export const WORKBENCH_URL = '/packages/staff/pages/index/index';
/** 组织架构 (#8): the street tree and its forms, in the admin subpackage. */
const ADMIN_TREE_URL = '/packages/admin/pages/tree/index';
export const MEMBER_CENTER_URL = '/packages/member/pages/index/index';

function LoggedOut() {
  const [busy, setBusy] = useState(false);
  const notice = sessionNotice();
  const onLogin = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await requestLogin();
    } catch {
      // requestLogin has shown a toast.
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="me-login" id="me-logged-out">
      <View className="me-avatar me-avatar--empty">
        <Text className="me-avatar__text">驿</Text>
      </View>
      <Text className="me-login__title">登录红色驿站</Text>
      {notice && (
        <Text className="me-login__notice" id="me-session-expired">
          {notice}
        </Text>
      )}
      <Text className="me-login__text">登录后可预约场地、参与众筹，党员可亮身份、认岗服务。</Text>
      <Button id="login-button" className="me-login__button" type="primary" block loading={busy} onClick={() => void onLogin()}>
        {IS_WEAPP ? '微信一键登录' : '登录'}
      </Button>
    </View>
  );
}

export default function MePage() {
  const session = useSession();
  const me = useRequest(() => api('me'), [session?.token], { enabled: session !== null });
  const [unread, setUnread] = useState<number | null>(null);
  const refreshUnread = () => void refreshUnreadBadge().then(setUnread);
  // On login, logout and account switch (H5 demo login happens on this page).
  useEffect(refreshUnread, [session?.token]);

  useDidShow(() => {
    if (session && !me.loading) void me.reload();
    refreshUnread();
  });
  usePullDownRefresh(() => {
    const done = () => Taro.stopPullDownRefresh();
    refreshUnread();
    if (session) void me.reload().finally(done);
    else done();
  });

  const onLogout = async () => {
    const res = await Taro.showModal({
      title: '退出登录',
      content: '确定要退出登录吗？',
      confirmText: '退出',
      confirmColor: THEME_RED,
      cancelText: '取消',
    });
    if (res.confirm) {
      logout();
      void Taro.showToast({ title: '已退出登录', icon: 'none' });
    }
  };

  if (!session) {
    return (
      <PageShell id="page-me">
        <LoggedOut />
        <CareModeSwitch />
      </PageShell>
    );
  }

  const user = me.data?.user ?? session.user;
  const roleNames = me.data?.roleNames ?? roleNamesOf(session.user.roles);
  const staffStations = me.data?.staffStations ?? [];
  const adminCommunities = me.data?.adminCommunities ?? [];

  return (
    <PageShell id="page-me">
      <View className="me-profile" id="me-profile">
        <View className="me-avatar">
          <Text className="me-avatar__text">{user.nickname.slice(0, 1) || '驿'}</Text>
        </View>
        <View className="me-profile__info">
          <Text className="me-profile__name" id="me-nickname">
            {user.nickname}
          </Text>
          <RoleTags id="me-roles" roleNames={roleNames} />
          {user.createdAt && <Text className="me-profile__since">加入于 {formatCst(user.createdAt, 'YYYY年M月D日')}</Text>}
        </View>
      </View>

      <View className="section">
        <Text className="section__title">我的身份</Text>
        <StateView idPrefix="me" loading={me.loading} error={me.error} onRetry={() => void me.reload()}>
          {me.data && (
            <View id="me-scopes">
              <Cell title="居民" description="可预约场地、参与众筹、扫楼栋码找党员" />
              {roleNames.includes('member') && <Cell title="党员" description="可向社区报到、亮身份、认岗服务" />}
              {staffStations.map((s) => (
                <Cell key={`staff-${s.id}`} id={`me-scope-station-${s.id}`} title="驿站工作人员" extra={s.name} />
              ))}
              {adminCommunities.map((c) => (
                <Cell key={`admin-${c.id}`} id={`me-scope-community-${c.id}`} title="社区管理员" extra={c.name} />
              ))}
            </View>
          )}
        </StateView>
      </View>

      <View className="section">
        <Cell
          id="me-home"
          title="我家"
          description={user.home ? `${user.home.communityName} · ${user.home.estate} ${user.home.buildingName}` : '选择所住的社区和楼栋'}
          extra={user.home ? '更换' : '去设置'}
          clickable
          onClick={() => void Taro.navigateTo({ url: HOME_PICKER_URL })}
        />
      </View>
      <View className="section">
        <Cell
          id="inbox-entry"
          title="消息"
          description="预约审核、众筹进展等通知"
          extra={unread ? `${unread} 条未读` : undefined}
          clickable
          onClick={() => void Taro.navigateTo({ url: INBOX_URL })}
        />
      </View>

      <View className="section">
        <Cell
          id="member-center-entry"
          title="党员中心"
          description="党员认证、社区报到、认岗、隐私设置"
          clickable
          onClick={() => void Taro.navigateTo({ url: MEMBER_CENTER_URL })}
        />
      </View>

      <View className="section">
        <Cell
          id="crowdfund-mine-link"
          title="我的众筹"
          description="我的认捐、我发起的众筹与草稿"
          clickable
          onClick={() => void Taro.navigateTo({ url: '/packages/crowdfund/pages/mine/index' })}
        />
      </View>

      <View className="section">
        <Cell id="request-mine-link" title="我的诉求" description="我反映的问题、办理进度与评价" clickable onClick={() => void Taro.navigateTo({ url: '/packages/requests/pages/mine/index' })} />
      </View>

      <View className="section">
        <Cell
          id="my-activities-entry-me"
          title="我的活动"
          description="报名、候补、签到码与志愿时长"
          clickable
          onClick={() => void Taro.navigateTo({ url: '/packages/activities/pages/mine/index' })}
        />
      </View>

      <View className="section">
        <Cell
          id="my-bookings-entry-me"
          title="我的预约"
          description="场地预约记录、签到与评价"
          clickable
          onClick={() => void Taro.navigateTo({ url: MY_BOOKINGS_URL })}
        />
      </View>

      {isStaffOrAdmin(roleNames) && (
        <View className="section">
          <Cell
            id="workbench-entry"
            title="工作台"
            description="预约审核、驿站与社区管理"
            clickable
            onClick={() => void Taro.navigateTo({ url: WORKBENCH_URL })}
          />
        </View>
      )}

      {(user.roles.root || (user.roles.streetIds ?? []).length > 0 || adminCommunities.length > 0) && (
        <View className="section" id="admin-tree-entries">
          {user.roles.root && (
            <Cell id="admin-tree-root" title="组织架构" description="系统管理员：新建街道" clickable onClick={() => void Taro.navigateTo({ url: ADMIN_TREE_URL })} />
          )}
          {(user.roles.streetIds ?? []).map((id) => (
            <Cell
              key={`tree-street-${id}`}
              id={`admin-tree-street-${id}`}
              title="组织架构"
              description="街道管理员：社区、网格、楼栋、驿站与房间"
              clickable
              onClick={() => void Taro.navigateTo({ url: `${ADMIN_TREE_URL}?streetId=${id}` })}
            />
          ))}
          {adminCommunities.map((c) => (
            <Cell
              key={`notices-${c.id}`}
              id={`admin-notices-${c.id}`}
              title="社区公告"
              description={`${c.name}：发布、置顶、下架`}
              clickable
              onClick={() => void Taro.navigateTo({ url: `/packages/admin/pages/notices/index?communityId=${c.id}` })}
            />
          ))}
          {adminCommunities.map((c) => (
            <Cell
              key={`tree-community-${c.id}`}
              id={`admin-tree-community-${c.id}`}
              title="组织架构"
              description={`${c.name}：网格、楼栋、驿站与房间`}
              clickable
              onClick={() => void Taro.navigateTo({ url: `${ADMIN_TREE_URL}?communityId=${c.id}&name=${encodeURIComponent(c.name)}` })}
            />
          ))}
        </View>
      )}
      <CareModeSwitch />

      <View className="block-button">
        <Button id="logout-button" block fill="outline" onClick={() => void onLogout()}>
          退出登录
        </Button>
      </View>
    </PageShell>
  );
}
