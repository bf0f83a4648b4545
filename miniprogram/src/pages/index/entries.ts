/**
 * The service entries 服务 on 首页, in display order. A journey that lands adds its own
 * line (活动, 诉求, 微心愿 …). `tab: true` opens a tab page (switchTab), otherwise navigateTo.
 * Icons are words, not pictures, so the entries stay readable in care mode.
 */
export interface ServiceEntry {
  id: string;
  text: string;
  hint: string;
  url: string;
  tab?: boolean;
}

export const serviceEntries: ServiceEntry[] = [
  { id: 'booking', text: '场地预约', hint: '活动室、会议室', url: '/pages/booking/index', tab: true },
  { id: 'crowdfund', text: '社区众筹', hint: '为小区办实事', url: '/pages/crowdfund/index', tab: true },
  { id: 'activities', text: '社区活动', hint: '讲座、志愿服务', url: '/packages/activities/pages/list/index' },
  { id: 'requests', text: '我要反映', hint: '诉求、投诉建议', url: '/packages/requests/pages/report/index' },
  { id: 'wishes', text: '微心愿', hint: '认领邻里小心愿', url: '/packages/wishes/pages/index/index' },
];
