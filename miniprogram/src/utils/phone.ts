/** 13812341234 → 138****1234 (same rule as the API's maskPhone); others keep their last two characters. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s+/g, '');
  if (/^1\d{10}$/.test(digits)) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, digits.length - 2))}${digits.slice(-2)}`;
}

/** True when the text contains an unmasked mainland mobile number. */
export function containsFullPhone(text: string): boolean {
  return /(^|\D)1[3-9]\d{9}(\D|$)/.test(text);
}

/**
 * What to show for a member's phone: the revealed number when the viewer has revealed it,
 * else the masked one from the API; null when the member does not share a number at all.
 * A masked value that somehow carries a full number is masked again, never shown.
 */
export function phoneForDisplay(phoneMasked: string | undefined, revealed: string | undefined): string | null {
  if (revealed) return revealed;
  if (!phoneMasked) return null;
  return containsFullPhone(phoneMasked) ? maskPhone(phoneMasked) : phoneMasked;
}
