import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';

/**
 * 关怀模式 (care mode) for older residents: one flag per device, kept in storage. PageShell puts
 * CARE_CLASS on every page's root and app.css scales everything under it, so a page gets care
 * mode by rendering inside PageShell; no page reads this module itself.
 */
export const CARE_CLASS = 'rs-care';
const CARE_KEY = 'rs.care';

type Listener = (on: boolean) => void;
const listeners = new Set<Listener>();

/** '1' on, '0' off (chosen), '' never chosen. */
function stored(): string {
  try {
    const value = Taro.getStorageSync(CARE_KEY);
    return value === '1' || value === '0' ? value : '';
  } catch {
    return '';
  }
}

/** H5: the tab bar, title bar and toasts live outside the pages, so the document root carries the class too. */
function markDocument(on: boolean): void {
  if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') document.documentElement.classList.toggle(CARE_CLASS, on);
}

export function isCareMode(): boolean {
  return stored() === '1';
}

/** On launch: H5 marks the document before the first page draws. */
export function applyStoredCareMode(): void {
  markDocument(isCareMode());
}

/** True until the person has turned care mode on or off once (or answered the launch offer). */
export function careModeUndecided(): boolean {
  return stored() === '';
}

export function setCareMode(on: boolean): void {
  try {
    Taro.setStorageSync(CARE_KEY, on ? '1' : '0');
  } catch {
    // Storage unavailable: the open pages still change; the choice is not remembered.
  }
  markDocument(on);
  for (const listener of listeners) listener(on);
}

/**
 * H5: a switch flipped in another tab of the app applies here too (localStorage tells the
 * other tabs). Browser tests use it to check one loaded page in both modes.
 */
if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') {
  window.addEventListener('storage', (e) => {
    if (e.key !== null && e.key !== CARE_KEY) return;
    const on = isCareMode();
    markDocument(on);
    for (const listener of listeners) listener(on);
  });
}

/** Whether care mode is on; every mounted page re-renders when it changes (no reload). */
export function useCareMode(): boolean {
  const [on, setOn] = useState(isCareMode);
  useEffect(() => {
    setOn(isCareMode());
    listeners.add(setOn);
    return () => {
      listeners.delete(setOn);
    };
  }, []);
  return on;
}

/**
 * WeChat's font size setting (px) at or above which the launch offers care mode: the standard
 * size reports 16 or 17 (by platform), every larger step 18 and up.
 */
export const LARGE_SYSTEM_FONT = 18;

/** On first launch with a large WeChat font, offer care mode once; the answer is remembered. */
export async function offerCareModeForLargeFont(): Promise<void> {
  if (!careModeUndecided()) return;
  let fontSize = 0;
  try {
    fontSize = Number(Taro.getSystemInfoSync().fontSizeSetting) || 0;
  } catch {
    return;
  }
  if (fontSize < LARGE_SYSTEM_FONT) return;
  const res = await Taro.showModal({
    title: '开启关怀模式？',
    content: '文字和按钮会变大，更容易看清、点准。以后可在“我的”里随时关闭。',
    confirmText: '开启',
    cancelText: '暂不开启',
  });
  setCareMode(res.confirm);
}
