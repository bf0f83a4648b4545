/** 关怀模式 (care mode): remembered per device, applied to every mounted page, offered for a large WeChat font. */
import { act, fireEvent, render } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { careModeUndecided, isCareMode, offerCareModeForLargeFont } from '../src/utils/careMode';
import { PageShell } from '../src/components/PageShell';
import { CareModeSwitch } from '../src/components/CareModeSwitch';

const fontSize = (px: number) => {
  (Taro as unknown as { getSystemInfoSync: () => unknown }).getSystemInfoSync = () => ({ fontSizeSetting: px });
};

beforeEach(() => {
  Taro.clearStorageSync();
  jest.clearAllMocks();
});

test('the switch turns care mode on for every open page at once, in words, and the device remembers it', () => {
  const { container } = render(
    <>
      <PageShell id="page-index">首页</PageShell>
      <PageShell id="page-me">
        <CareModeSwitch />
      </PageShell>
    </>,
  );
  const page = (id: string) => container.querySelector(`#${id}`)!;
  expect(page('page-index').className).not.toContain('rs-care');
  expect(page('care-mode-state').textContent).toBe('未开启');

  act(() => {
    fireEvent.click(page('care-mode-switch'));
  });
  expect(page('page-index').className).toContain('rs-care');
  expect(page('page-me').className).toContain('rs-care');
  expect(page('care-mode-state').textContent).toBe('已开启');
  expect(page('care-mode-switch').getAttribute('aria-checked')).toBe('true');
  expect(Taro.getStorageSync('rs.care')).toBe('1');

  // What the next app start reads.
  expect(isCareMode()).toBe(true);
});

test('a large WeChat font offers care mode once on launch; 开启 turns it on', async () => {
  fontSize(20);
  await offerCareModeForLargeFont();
  expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '开启关怀模式？', confirmText: '开启' }));
  expect(isCareMode()).toBe(true);

  await offerCareModeForLargeFont();
  expect(Taro.showModal).toHaveBeenCalledTimes(1);
});

test('暂不开启 is remembered too: the offer does not come back', async () => {
  fontSize(22);
  (Taro.showModal as jest.Mock).mockResolvedValueOnce({ confirm: false, cancel: true });
  await offerCareModeForLargeFont();
  expect(isCareMode()).toBe(false);
  await offerCareModeForLargeFont();
  expect(Taro.showModal).toHaveBeenCalledTimes(1);
});

test('the standard font size offers nothing', async () => {
  fontSize(17);
  await offerCareModeForLargeFont();
  expect(Taro.showModal).not.toHaveBeenCalled();
  expect(careModeUndecided()).toBe(true);
});
