/**
 * Where the code pages link to in other parts of the app. The booking and crowdfund pages
 * are built by other features; until a detail page exists, links go to their tab.
 */
import Taro from '@tarojs/taro';

export const BOOKING_TAB = '/pages/booking/index';
export const CROWDFUND_TAB = '/pages/crowdfund/index';
export const MEMBER_CENTER = '/packages/member/pages/index/index';
export const REPORT_IN_PAGE = '/packages/member/pages/report-in/index';
export const POSTS_PAGE = '/packages/member/pages/posts/index';
export const BUILDING_PAGE = '/pages/building/index';
/** 选择我家: the community → building picker (packages/home). */
export const HOME_PICKER_URL = '/packages/home/pages/pick/index';

export function buildingPageUrl(buildingId: string, code: string): string {
  return `${BUILDING_PAGE}?id=${encodeURIComponent(buildingId)}&code=${encodeURIComponent(code)}`;
}

export function reportInUrl(code?: string): string {
  return code ? `${REPORT_IN_PAGE}?code=${encodeURIComponent(code)}` : REPORT_IN_PAGE;
}

/** Pages of the booking and crowdfund features (their routes; see utils/booking.ts). */
export const stationPageUrl = (id: string) => `/pages/station/index?id=${encodeURIComponent(id)}`;
export const roomPageUrl = (id: string) => `/pages/room/index?id=${encodeURIComponent(id)}`;
/** 社区页 (首页 → a community card). */
export const communityPageUrl = (id: string) => `/pages/community/index?id=${encodeURIComponent(id)}`;
export const crowdfundPageUrl = (id: string) => `/packages/crowdfund/pages/detail/index?id=${encodeURIComponent(id)}`;

/** Opens a detail page; if it is not in this build, the feature's tab instead. */
function openOr(url: string, tab: string): void {
  Taro.navigateTo({ url }).catch(() => Taro.switchTab({ url: tab }).catch(() => undefined));
}

/** A station's rooms, to book one. */
export function openStation(stationId: string): void {
  openOr(stationPageUrl(stationId), BOOKING_TAB);
}

/** A room, to book it. */
export function openRoom(roomId: string): void {
  openOr(roomPageUrl(roomId), BOOKING_TAB);
}

/** A crowdfund's detail. */
export function openCrowdfund(crowdfundId: string): void {
  openOr(crowdfundPageUrl(crowdfundId), CROWDFUND_TAB);
}
