/** Booking components: the reason dialog (H5) and the status badge. */
import { act, fireEvent, render } from '@testing-library/react';
import { PromptDialog } from '../src/components/PromptDialog';
import { StatusTag } from '../src/components/StatusTag';

const byId = (container: HTMLElement, id: string) => container.querySelector(`#${id}`) as HTMLElement | null;

function typeInto(container: HTMLElement, id: string, value: string) {
  // Taro's H5 Textarea (taro-textarea-core) reports typing as an `input` event with detail.value.
  act(() => {
    byId(container, id)!.dispatchEvent(new CustomEvent('input', { detail: { value }, bubbles: true }));
  });
}

describe('PromptDialog', () => {
  test('a required reason under the minimum is refused with a message; a valid one is confirmed trimmed', () => {
    const onConfirm = jest.fn();
    const onCancel = jest.fn();
    const { container } = render(<PromptDialog idPrefix="reject-reason" title="不通过的原因" minLength={2} onConfirm={onConfirm} onCancel={onCancel} />);
    expect(byId(container, 'reject-reason-dialog')).not.toBeNull();

    fireEvent.click(byId(container, 'reject-reason-confirm')!);
    expect(onConfirm).not.toHaveBeenCalled();
    expect(byId(container, 'reject-reason-error')?.textContent).toBe('请填写原因（至少 2 个字）');

    typeInto(container, 'reject-reason-input', '  时间冲突 ');
    fireEvent.click(byId(container, 'reject-reason-confirm')!);
    expect(onConfirm).toHaveBeenCalledWith('时间冲突');

    fireEvent.click(byId(container, 'reject-reason-cancel')!);
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  test('an optional reason may be empty', () => {
    const onConfirm = jest.fn();
    const { container } = render(<PromptDialog idPrefix="cancel-reason" title="取消原因（选填）" onConfirm={onConfirm} onCancel={jest.fn()} />);
    fireEvent.click(byId(container, 'cancel-reason-confirm')!);
    expect(onConfirm).toHaveBeenCalledWith('');
  });
});

describe('StatusTag', () => {
  test('shows the Chinese label with a class per status', () => {
    const { container } = render(<StatusTag id="s" status="approved" />);
    expect(byId(container, 's')?.textContent).toBe('已通过');
    expect(byId(container, 's')?.className).toContain('status-tag--approved');
  });
});
