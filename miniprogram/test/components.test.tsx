/** Shared components rendered with Taro's React components (H5 web components in jsdom). */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { StateView } from '../src/components/StateView';
import { LoginSheet } from '../src/components/LoginSheet';
import { RoleTags } from '../src/components/RoleTags';

const byId = (container: HTMLElement, id: string) => container.querySelector(`#${id}`) as HTMLElement | null;

describe('StateView', () => {
  test('shows the error message and a retry button that calls onRetry', () => {
    const onRetry = jest.fn();
    const { container } = render(
      <StateView idPrefix="list" loading={false} error={new Error('网络异常，请检查网络后重试')} onRetry={onRetry}>
        <span>内容</span>
      </StateView>,
    );
    expect(byId(container, 'list-error')).not.toBeNull();
    expect(byId(container, 'list-error-message')?.textContent).toBe('网络异常，请检查网络后重试');
    expect(screen.queryByText('内容')).toBeNull();

    fireEvent.click(byId(container, 'list-retry')!);
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  test('shows loading without content, the empty text when empty, and content otherwise', () => {
    const { container, rerender } = render(<StateView idPrefix="list" loading>{undefined}</StateView>);
    expect(byId(container, 'list-loading')).not.toBeNull();

    rerender(<StateView idPrefix="list" loading={false} empty emptyText="暂无社区" />);
    expect(byId(container, 'list-empty')?.textContent).toContain('暂无社区');

    rerender(
      <StateView idPrefix="list" loading>
        <span>已有内容</span>
      </StateView>,
    );
    // Reloading (pull-to-refresh) keeps the content on screen.
    expect(screen.getByText('已有内容')).toBeTruthy();
    expect(byId(container, 'list-loading')).toBeNull();
  });
});

describe('LoginSheet', () => {
  test('lists the four demo accounts and reports the chosen openid', () => {
    const onSelect = jest.fn();
    const { container } = render(<LoginSheet visible onSelect={onSelect} />);
    for (const openid of ['demo-resident', 'demo-member', 'demo-staff', 'demo-admin']) {
      expect(byId(container, `demo-account-${openid}`)).not.toBeNull();
    }
    act(() => {
      fireEvent.click(byId(container, 'demo-account-demo-admin')!);
    });
    expect(onSelect).toHaveBeenCalledWith('demo-admin');
    fireEvent.click(byId(container, 'login-sheet-cancel')!);
    expect(onSelect).toHaveBeenLastCalledWith(null);
  });

  test('renders nothing when hidden', () => {
    const { container } = render(<LoginSheet visible={false} onSelect={jest.fn()} />);
    expect(byId(container, 'login-sheet')).toBeNull();
  });
});

describe('RoleTags', () => {
  test('shows roles in Chinese', () => {
    const { container } = render(<RoleTags id="roles" roleNames={['resident', 'member', 'staff', 'admin']} />);
    expect(byId(container, 'roles')?.textContent).toBe('居民党员驿站工作人员社区管理员');
  });
});
