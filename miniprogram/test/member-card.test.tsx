/** Phone masking on the building page: masked until this viewer revealed the number. */
import { fireEvent, render } from '@testing-library/react';
import type { BuildingMember } from '@shared/api/codes';
import { MemberCard } from '../src/components/MemberCard';
import { containsFullPhone, maskPhone, phoneForDisplay } from '../src/utils/phone';

const byId = (container: HTMLElement, id: string) => container.querySelector(`#${id}`) as HTMLElement | null;

const member: BuildingMember = {
  userId: 'u-1',
  name: '李建国',
  branch: '幸福家园网格党支部',
  posts: ['政策法律宣传员'],
  phoneMasked: '139****5678',
  canReveal: true,
};

describe('maskPhone / phoneForDisplay', () => {
  test('masks like the API (functions/src/codes/domain.ts maskPhone)', () => {
    expect(maskPhone('13912345678')).toBe('139****5678');
    expect(maskPhone('139 1234 5678')).toBe('139****5678');
    expect(maskPhone('0755-27001001')).toBe('***********01');
    expect(maskPhone('12')).toBe('12');
  });

  test('shows the revealed number, else the masked one, else nothing', () => {
    expect(phoneForDisplay('139****5678', undefined)).toBe('139****5678');
    expect(phoneForDisplay('139****5678', '13912345678')).toBe('13912345678');
    expect(phoneForDisplay(undefined, undefined)).toBeNull();
  });

  test('never shows a full number that arrived in the masked field', () => {
    expect(phoneForDisplay('13912345678', undefined)).toBe('139****5678');
    expect(containsFullPhone('电话 139****5678')).toBe(false);
    expect(containsFullPhone('电话 13912345678')).toBe(true);
  });
});

describe('MemberCard', () => {
  test('masked phone and 联系TA before a reveal; no full number anywhere', () => {
    const onContact = jest.fn();
    const { container } = render(<MemberCard member={member} onContact={onContact} />);
    expect(byId(container, 'member-u-1-phone')?.textContent).toContain('139****5678');
    expect(containsFullPhone(container.textContent ?? '')).toBe(false);
    expect(byId(container, 'member-u-1-posts')?.textContent).toContain('政策法律宣传员');
    fireEvent.click(byId(container, 'member-u-1-contact')!);
    expect(onContact).toHaveBeenCalledWith(member);
    expect(byId(container, 'member-u-1-call')).toBeNull();
  });

  test('after the reveal: the full number and 拨打', () => {
    const onCall = jest.fn();
    const { container } = render(<MemberCard member={member} revealed="13912345678" onCall={onCall} />);
    expect(byId(container, 'member-u-1-phone')?.textContent).toContain('13912345678');
    expect(byId(container, 'member-u-1-contact')).toBeNull();
    fireEvent.click(byId(container, 'member-u-1-call')!);
    expect(onCall).toHaveBeenCalledWith('13912345678');
  });

  test('a member who does not share the number: no phone, no 联系TA', () => {
    const { container } = render(<MemberCard member={{ ...member, phoneMasked: undefined, canReveal: false }} />);
    expect(byId(container, 'member-u-1-phone')).toBeNull();
    expect(byId(container, 'member-u-1-contact')).toBeNull();
  });
});
