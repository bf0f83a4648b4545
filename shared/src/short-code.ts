/**
 * The short code printed under every QR code on a poster (海报编码): 8 characters from an
 * alphabet without look-alikes (no 0/O, 1/I/L), shown as "K7M3-Q9TX". People type it where
 * no camera is at hand (the H5 version); the API resolves it to the code's token.
 * Zod-free: the mini-program bundles this module.
 */
export const SHORT_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const SHORT_CODE_LENGTH = 8;
export const SHORT_CODE_PATTERN = /^[2-9A-HJKMNP-Z]{8}$/;

/** What a person typed ("k7m3 q9tx", "K7M3-Q9TX") → "K7M3Q9TX", or null when it cannot be a short code. */
export function normaliseShortCode(input: string | undefined | null): string | null {
  if (typeof input !== 'string' || input.length > 20) return null;
  const code = input.replace(/[\s\-－—_·.]/g, '').toUpperCase();
  return SHORT_CODE_PATTERN.test(code) ? code : null;
}

/** "K7M3Q9TX" → "K7M3-Q9TX" (how posters and pages print it). */
export function formatShortCode(code: string): string {
  return code.length === SHORT_CODE_LENGTH ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}
