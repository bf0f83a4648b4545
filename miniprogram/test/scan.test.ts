/** Reading a code token from what the scanner, WeChat or the poster URL hands the app. */
import { CODE_TOKEN_PATTERN } from '@shared/api/codes';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isToken, parseScanResult, scanPageUrl, SCAN_PAGE, TOKEN_PATTERN, tokenFromParams } from '../src/utils/scan';
import { postIndex, splitList } from '../src/utils/status';

const TOKEN = '0L4c1enrElL21laH_3aldw';

// The backend's poster URL (functions/src/codes/poster.ts), read from its source so that this
// jsdom test does not load the poster's image and font code.
const posterSource = readFileSync(resolve(__dirname, '../../functions/src/codes/poster.ts'), 'utf8');
const BACKEND_SCAN_PAGE = /export const SCAN_PAGE = '([^']+)'/.exec(posterSource)?.[1];
const BACKEND_URL_TEMPLATE = /return `\$\{webBaseUrl[^`]*\}\/#\/\$\{SCAN_PAGE\}\?(\w+)=\$\{encodeURIComponent\(token\)\}`/.exec(posterSource);
/** Same as scanUrl() in functions/src/codes/poster.ts. */
const scanUrl = (base: string, token: string) => `${base.replace(/\/$/, '')}/#/${BACKEND_SCAN_PAGE}?${BACKEND_URL_TEMPLATE?.[1]}=${encodeURIComponent(token)}`;

describe('parseScanResult', () => {
  test('the poster URL the backend builds gives its token back', () => {
    expect(parseScanResult(scanUrl('https://rs.example.cn', TOKEN))).toBe(TOKEN);
    expect(parseScanResult(scanUrl('http://127.0.0.1:10086/', 'a-b_c-d_e-f_g-h_i-j_kl'))).toBe('a-b_c-d_e-f_g-h_i-j_kl');
  });

  test('the scan page route matches the backend poster route and its parameter', () => {
    expect(BACKEND_SCAN_PAGE).toBe(SCAN_PAGE.slice(1));
    expect(BACKEND_URL_TEMPLATE?.[1]).toBe('t');
    expect(scanUrl('https://x.cn', TOKEN)).toBe(`https://x.cn/#${scanPageUrl(TOKEN)}`);
  });

  test('a bare token (typed or pasted, with spaces around it)', () => {
    expect(parseScanResult(TOKEN)).toBe(TOKEN);
    expect(parseScanResult(`  ${TOKEN}\n`)).toBe(TOKEN);
  });

  test('a mini-program code scanned in WeChat: path with scene, URL-encoded or not', () => {
    expect(parseScanResult(`pages/scan/index?scene=${TOKEN}`)).toBe(TOKEN);
    expect(parseScanResult(`pages/scan/index?scene=${encodeURIComponent(`t=${TOKEN}`)}`)).toBe(TOKEN);
  });

  test("WeChat's plain-QR launch (q = the encoded poster URL)", () => {
    expect(parseScanResult(`pages/scan/index?q=${encodeURIComponent(scanUrl('https://rs.example.cn', TOKEN))}`)).toBe(TOKEN);
  });

  test('URL with other parameters and a query before the hash', () => {
    expect(parseScanResult(`https://rs.example.cn/?from=poster#/pages/scan/index?x=1&t=${TOKEN}&y=2`)).toBe(TOKEN);
  });

  test('anything else is not a code', () => {
    expect(parseScanResult('')).toBeNull();
    expect(parseScanResult(undefined)).toBeNull();
    expect(parseScanResult('https://weixin.qq.com/')).toBeNull();
    expect(parseScanResult('https://rs.example.cn/#/pages/scan/index?t=short')).toBeNull();
    expect(parseScanResult('hello world, not a token at all')).toBeNull();
    expect(parseScanResult('abc/def?t=<script>alert(1)</script>')).toBeNull();
    expect(parseScanResult('x'.repeat(33))).toBeNull();
  });
});

describe('tokenFromParams (scan entry page)', () => {
  test('t from the H5 poster URL', () => {
    expect(tokenFromParams({ t: TOKEN })).toBe(TOKEN);
  });

  test('scene from a WeChat mini-program code is decoded', () => {
    expect(tokenFromParams({ scene: encodeURIComponent(TOKEN) })).toBe(TOKEN);
    expect(tokenFromParams({ scene: encodeURIComponent(`t=${TOKEN}`) })).toBe(TOKEN);
  });

  test('q from a plain QR opened by WeChat', () => {
    expect(tokenFromParams({ q: encodeURIComponent(scanUrl('https://rs.example.cn', TOKEN)) })).toBe(TOKEN);
  });

  test('no token, or a malformed one', () => {
    expect(tokenFromParams({})).toBeNull();
    expect(tokenFromParams({ t: 'bad token!' })).toBeNull();
    expect(tokenFromParams({ scene: '%E0%A4%A' })).toBeNull();
  });

  test('the token pattern is the API one', () => {
    expect(TOKEN_PATTERN.source).toBe(CODE_TOKEN_PATTERN.source);
    expect(isToken(TOKEN)).toBe(true);
  });
});

describe('post helpers', () => {
  test('post ids follow the API order of the eight posts', () => {
    expect(postIndex('政策法律宣传员')).toBe(0);
    expect(postIndex('民生实事督办员')).toBe(7);
    expect(postIndex('不存在的岗位')).toBe(-1);
  });

  test('splitList takes commas of both widths, 、 and ；, trims and dedups', () => {
    expect(splitList('书法, 维修，理发、书法；  ')).toEqual(['书法', '维修', '理发']);
    expect(splitList('')).toEqual([]);
  });
});
