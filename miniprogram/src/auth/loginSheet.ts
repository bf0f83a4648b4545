/**
 * State of the demo-login sheet (H5, local stage). The sheet is rendered by
 * <LoginSheetHost/> inside each page (see components/PageShell); whoever needs a login
 * calls openLoginSheet() and gets the chosen demo openid, or null if the user closed it.
 */
import Taro from '@tarojs/taro';

export interface DemoAccount {
  openid: string;
  label: string;
  description: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { openid: 'demo-resident', label: '居民', description: '预约场地、参与众筹、提交诉求' },
  { openid: 'demo-member', label: '党员', description: '亮身份、认岗、认领微心愿' },
  { openid: 'demo-staff', label: '驿站工作人员', description: '审核预约、发布活动、处理诉求' },
  { openid: 'demo-admin', label: '社区管理员', description: '维护网格楼栋、分配工作人员' },
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
    pending = Taro.showActionSheet({ itemList: DEMO_ACCOUNTS.map((a) => `${a.label}（${a.openid}）`) })
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
