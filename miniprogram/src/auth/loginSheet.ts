/**
 * State of the demo-login sheet (H5, local stage). The sheet is rendered by
 * <LoginSheetHost/> inside each page (see components/PageShell); whoever needs a login
 * calls openLoginSheet() and gets the chosen demo openid, or null if the user closed it.
 */
import Taro from '@tarojs/taro';

export interface DemoAccount {
  /** Sent to POST /auth/dev-login; never shown (people pick by name and role). */
  openid: string;
  /** The demo user's name (functions/src/demo/data.ts DEMO_USERS). */
  name: string;
  role: string;
  /** What this account can do today: only features that exist. */
  description: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { openid: 'demo-resident', name: '王秀兰', role: '居民', description: '预约场地、参与众筹、扫楼栋码找党员' },
  { openid: 'demo-member', name: '李建国', role: '党员', description: '党员中心：社区报到、认岗、亮身份' },
  { openid: 'demo-staff', name: '张丽', role: '驿站工作人员 · 幸福社区党群服务中心', description: '审核预约、今日安排、房间设置、确认报到' },
  { openid: 'demo-admin', name: '陈志强', role: '社区管理员 · 幸福社区', description: '众筹审核与账目、二维码管理、党员认证' },
];

type Listener = (visible: boolean) => void;

let visible = false;
let pending: Promise<string | null> | null = null;
let resolvePending: ((openid: string | null) => void) | null = null;
const listeners = new Set<Listener>();
/** Number of mounted, currently shown sheet hosts. */
let activeHosts = 0;

function setVisible(next: boolean): void {
  visible = next;
  listeners.forEach((listener) => listener(visible));
}

export function isLoginSheetVisible(): boolean {
  return visible;
}

export function subscribeLoginSheet(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function registerActiveHost(): () => void {
  activeHosts += 1;
  return () => {
    activeHosts -= 1;
  };
}

/** Ask the user to pick a demo account. Concurrent callers share one sheet. */
export function openLoginSheet(): Promise<string | null> {
  if (pending) return pending;
  if (activeHosts <= 0) {
    // No page can render the sheet (should not happen): fall back to the native action sheet.
    pending = Taro.showActionSheet({ itemList: DEMO_ACCOUNTS.map((a) => `${a.name}（${a.role.split(' · ')[0]}）`) })
      .then((res) => DEMO_ACCOUNTS[res.tapIndex]?.openid ?? null)
      .catch(() => null)
      .finally(() => {
        pending = null;
      });
    return pending;
  }
  pending = new Promise<string | null>((resolve) => {
    resolvePending = resolve;
  });
  setVisible(true);
  return pending;
}

/** Called by the sheet: the user chose an account (openid) or closed it (null). */
export function closeLoginSheet(openid: string | null): void {
  const resolve = resolvePending;
  resolvePending = null;
  pending = null;
  setVisible(false);
  resolve?.(openid);
}
