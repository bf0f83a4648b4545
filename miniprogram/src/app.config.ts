export default defineAppConfig({
  pages: ['pages/index/index', 'pages/station/index', 'pages/room/index', 'pages/bookings/index', 'pages/bookings/detail', 'pages/booking/index', 'pages/crowdfund/index', 'pages/me/index', 'pages/scan/index', 'pages/building/index', 'pages/community/index'],
  subPackages: [
    {
      // Staff / admin workbench (工作台). Booking approval pages will be added here.
      root: 'packages/staff',
      pages: ['pages/index/index', 'pages/pending/index', 'pages/today/index', 'pages/rooms/index', 'pages/room/index', 'pages/members/index', 'pages/codes/index', 'pages/crowdfund-review/index', 'pages/crowdfund-manage/index'],
    },
    {
      // 众筹: detail, public ledger, 我的众筹, organiser's draft editor (the list is the 众筹 tab).
      root: 'packages/crowdfund',
      pages: ['pages/detail/index', 'pages/ledger/index', 'pages/mine/index', 'pages/edit/index'],
    },
    {
      // 微心愿: the wall, a wish (claim, deliver, confirm, thank), 我的心愿 (我认领的, 我发布的), the form, staff screening.
      root: 'packages/wishes',
      pages: ['pages/index/index', 'pages/detail/index', 'pages/mine/index', 'pages/post/index', 'pages/screening/index'],
    },
    {
      // 党员中心: membership, report-in 报到, posts 认岗, privacy (codes/members feature).
      root: 'packages/member',
      pages: ['pages/index/index', 'pages/report-in/index', 'pages/posts/index'],
    },
    {
      // Admin pages (#8): the street tree and its forms, people and invitations, the audit log, bulk import of buildings.
      root: 'packages/admin',
      pages: ['pages/tree/index', 'pages/edit/index', 'pages/people/index', 'pages/audit/index', 'import/index', 'pages/notices/index'],
    },
    {
      // 消息: the inbox (the unread badge on 我的 lives in the main package, utils/inbox.ts).
      root: 'packages/inbox',
      pages: ['pages/index/index'],
    },
    {
      // 活动 (#9): the list, detail and sign-up, 我的活动, check-in, 我的志愿时长 and its public verification;
      // the organiser's pages (manage, edit, attendees, the rotating check-in code, attendance) too.
      root: 'packages/activities',
      pages: ['pages/list/index', 'pages/detail/index', 'pages/mine/index', 'pages/check-in/index', 'pages/hours/index', 'pages/certificate/index', 'pages/manage/index', 'pages/edit/index', 'pages/attendees/index', 'pages/code/index', 'pages/attendance/index'],
    },
    {
      // 我家: pick the community and building one lives in (首页 and 我的 open it).
      root: 'packages/home',
      pages: ['pages/pick/index'],
    },
    {
      // 诉求 (接诉即办): 我要反映, 我的诉求, a request's timeline and actions, the staff queue.
      root: 'packages/requests',
      pages: ['pages/report/index', 'pages/mine/index', 'pages/detail/index', 'pages/queue/index', 'pages/figures/index', 'pages/categories/index', 'pages/calendar/index'],
    },
    {
      // 任命邀请: the invitation landing page a QR poster or share card opens (logged out too);
      // a subpackage page opens directly from a link, and keeps the main package small.
      root: 'packages/invite',
      pages: ['index'],
    },
  ],
  // 预约 tab: nearest stations first when the user allows it.
  permission: { 'scope.userLocation': { desc: '用于按距离为你排列附近的驿站' } },
  requiredPrivateInfos: ['getLocation'],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#c8161d',
    navigationBarTitleText: '红色驿站',
    navigationBarTextStyle: 'white',
    // Also turns on Taro H5's own title bar (title, back / home), which is off without it.
    navigationStyle: 'default',
    backgroundColor: '#f6f6f6',
  },
  tabBar: {
    color: '#666666', // 5.7:1 on white (WCAG AA)
    selectedColor: '#c8161d',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-active.png' },
      { pagePath: 'pages/booking/index', text: '预约', iconPath: 'assets/tab/booking.png', selectedIconPath: 'assets/tab/booking-active.png' },
      { pagePath: 'pages/crowdfund/index', text: '众筹', iconPath: 'assets/tab/crowdfund.png', selectedIconPath: 'assets/tab/crowdfund-active.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tab/me.png', selectedIconPath: 'assets/tab/me-active.png' },
    ],
  },
});
