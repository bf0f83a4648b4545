import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { PDFDocument, PDFDict, PDFName, PDFRawStream } from 'pdf-lib';
import { maskPhone, newToken, visibleMembers } from '../../functions/src/codes/domain';
import { composePoster, pngTexts, posterLayout, postersPdf, qrBitmap, RED, scanUrl, splitLabel } from '../../functions/src/codes/poster';
import { canClaim, isRevealable, isShown } from '../../functions/src/members/domain';
import { chinaDate } from '../../functions/src/lib/time';
import type { MemberRecord, ReportInRecord } from '../../functions/src/members/model';
import { CODE_TOKEN_PATTERN } from '../../shared/src/api/codes';

function decode(png: Buffer): string | undefined {
  const img = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height)?.data;
}

/** Pixels of rows [y0, y1) that satisfy `test` (r, g, b). */
function countPixels(png: Buffer, y0: number, y1: number, test: (r: number, g: number, b: number) => boolean): number {
  const img = PNG.sync.read(png);
  let n = 0;
  for (let y = y0; y < y1; y++)
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 4;
      if (test(img.data[i], img.data[i + 1], img.data[i + 2])) n++;
    }
  return n;
}
/** Off the red of the bands: white or anti-aliased text. */
const notRed = (r: number, g: number, b: number) => Math.abs(r - RED.r) + Math.abs(g - RED.g) + Math.abs(b - RED.b) > 60;
/** Red-ish or grey ink on the white caption area. */
const ink = (r: number, g: number, b: number) => r < 200 || g < 200 || b < 200;

/** The embedded fonts of a PDF: BaseFont names and the size of each font program. */
function pdfFonts(doc: PDFDocument): { names: string[]; programBytes: number[] } {
  const names: string[] = [];
  const programBytes: number[] = [];
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (obj instanceof PDFDict && obj.get(PDFName.of('Type')) === PDFName.of('Font')) names.push(String(obj.get(PDFName.of('BaseFont'))).slice(1));
    if (obj instanceof PDFRawStream && obj.dict.get(PDFName.of('Subtype')) === PDFName.of('CIDFontType0C')) programBytes.push(obj.contents.length);
  }
  return { names, programBytes };
}

describe('code tokens', () => {
  it('are URL-safe, at most 32 characters (WeChat scene) and carry at least 96 random bits', () => {
    const tokens = Array.from({ length: 2000 }, newToken);
    for (const t of tokens) {
      expect(t).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(t.length).toBeLessThanOrEqual(32);
      expect(Buffer.from(t, 'base64url').length * 8).toBeGreaterThanOrEqual(96);
      expect(t).toMatch(CODE_TOKEN_PATTERN);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('look random: every base64url symbol is used evenly, and bits are balanced', () => {
    const tokens = Array.from({ length: 4000 }, newToken);
    const counts = new Map<string, number>();
    let ones = 0;
    let bits = 0;
    for (const t of tokens) {
      // The last character of a 16-byte base64url string only carries 4 bits: skip it.
      for (const ch of t.slice(0, 21)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
      for (const byte of Buffer.from(t, 'base64url')) {
        for (let i = 0; i < 8; i++) ones += (byte >> i) & 1;
        bits += 8;
      }
    }
    expect(counts.size).toBe(64);
    const expected = (4000 * 21) / 64;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.2);
    expect(Math.abs(ones / bits - 0.5)).toBeLessThan(0.01);
  });
});

describe('phone masking', () => {
  it.each([
    ['13812341234', '138****1234'],
    ['13800001001', '138****1001'],
    ['0755-2700 1001', '***********01'],
  ])('%s → %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});

describe('posters', () => {
  const url = scanUrl('http://127.0.0.1:10086/', 'ZbpRoCUP_6YRHrlQ6kj-8A');

  it('the plain QR decodes back to the H5 scan page URL of the token', () => {
    expect(url).toBe('http://127.0.0.1:10086/#/pages/scan/index?t=ZbpRoCUP_6YRHrlQ6kj-8A');
    const png = composePoster(qrBitmap(url), { title: '幸福社区 · 幸福家园 1 栋', caption: '微信扫一扫' });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(decode(png)).toBe(url);
    expect(pngTexts(png)).toMatchObject({ Title: '幸福社区 · 幸福家园 1 栋', Description: '微信扫一扫' });
  });

  it('a poster of another token does not decode to this URL', () => {
    const png = composePoster(qrBitmap(scanUrl('http://x', 'AAAAAAAAAAAAAAAAAAAAAA')), { title: 't', caption: 'c' });
    expect(decode(png)).not.toBe(scanUrl('http://x', 'ZbpRoCUP_6YRHrlQ6kj-8A'));
  });

  it('splits a building label into the heading (estate and building) and the community', () => {
    expect(splitLabel('幸福社区 · 幸福家园 1 栋')).toEqual({ heading: '幸福家园 1 栋', sub: '幸福社区' });
    expect(splitLabel('幸福社区')).toEqual({ heading: '幸福社区', sub: '' });
  });

  it('draws the names into the header band and the caption under the code, never over the code or its quiet zone', () => {
    const code = qrBitmap(url);
    const L = posterLayout(code);
    const png = composePoster(code, { title: '幸福社区 · 幸福家园 1 栋', caption: '微信扫一扫' });
    // Header: the heading line and the community line are white on red.
    const heading = countPixels(png, 0, L.headingBaseline + 12, notRed);
    const sub = countPixels(png, L.headingBaseline + 12, L.header, notRed);
    expect(heading).toBeGreaterThan(2000);
    expect(sub).toBeGreaterThan(500);
    // Under the code: "微信扫一扫" and the note.
    expect(countPixels(png, L.captionTop, L.footerTop, ink)).toBeGreaterThan(2000);
    // The code with its white quiet zone is copied untouched.
    const img = PNG.sync.read(png);
    for (let y = 0; y < code.height; y++) {
      const row = img.data.subarray(((L.codeTop + y) * img.width + L.codeLeft) * 4, ((L.codeTop + y) * img.width + L.codeLeft + code.width) * 4);
      expect(Buffer.compare(Buffer.from(row), code.data.subarray(y * code.width * 4, (y + 1) * code.width * 4))).toBe(0);
    }
  });

  it('draws nothing where the text is empty', () => {
    const code = qrBitmap(url);
    const L = posterLayout(code);
    const png = composePoster(code, { title: '', caption: '', note: '' });
    expect(countPixels(png, 0, L.header, notRed)).toBe(0);
    expect(countPixels(png, L.captionTop, L.footerTop, ink)).toBe(0);
    expect(decode(png)).toBe(url);
  });

  it('the PDF has one page per building and a small subset of the poster font, named as a subset', async () => {
    const labels = ['幸福社区 · 幸福家园 1 栋', '幸福社区 · 幸福家园 2 栋', '幸福社区 · 阳光花园 3 栋', '幸福社区 · 阳光花园 5 栋'];
    const pdf = await postersPdf(
      '幸福社区 楼栋码海报',
      labels.map((label, i) => ({ code: qrBitmap(scanUrl('http://x', `tok${i}`)), label, id: `bd-${i}`, url: scanUrl('http://x', `tok${i}`) })),
    );
    expect(pdf.length).toBeLessThan(300_000);
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(4);
    expect(doc.getTitle()).toBe('幸福社区 楼栋码海报');
    const { names, programBytes } = pdfFonts(doc);
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(n).toMatch(/^[A-Z]{6}\+NotoSansHans-Bold$/);
    expect(programBytes).toHaveLength(1);
    expect(programBytes[0]).toBeLessThan(150_000); // the whole font is 8.6 MB
  });
});

const profile = (over: Partial<MemberRecord> = {}): MemberRecord => ({
  userId: 'u1',
  communityId: 'cm-1',
  name: '甲',
  branch: '某支部',
  phone: '13912345678',
  status: 'confirmed',
  consents: { showOnBuilding: true, phoneVisible: true },
  appliedAt: '2026-01-01T00:00:00+08:00',
  ...over,
});
const report = (over: Partial<ReportInRecord> = {}): ReportInRecord => ({
  userId: 'u1',
  communityId: 'cm-1',
  buildingId: 'bd-1',
  skills: [],
  availableTimes: ['周末'],
  status: 'confirmed',
  posts: [],
  reportedAt: '2026-01-01T00:00:00+08:00',
  ...over,
});

describe('consent rules', () => {
  it('shows only a confirmed, reported-in member who opted in', () => {
    expect(isShown(profile(), report())).toBe(true);
    expect(isShown(profile({ consents: { showOnBuilding: false, phoneVisible: true } }), report())).toBe(false);
    expect(isShown(profile({ status: 'pending' }), report())).toBe(false);
    expect(isShown(profile(), report({ status: 'pending' }))).toBe(false);
    expect(isShown(profile(), undefined)).toBe(false);
  });

  it('reveals a number only with both opt-ins', () => {
    expect(isRevealable(profile(), report())).toBe(true);
    expect(isRevealable(profile({ consents: { showOnBuilding: true, phoneVisible: false } }), report())).toBe(false);
    expect(isRevealable(profile({ consents: { showOnBuilding: false, phoneVisible: true } }), report())).toBe(false);
  });

  it('a card without the phone opt-in carries no number and cannot be revealed', () => {
    const [m] = visibleMembers([{ userId: 'u1', buildingId: 'b', name: '甲', branch: 'x', posts: [], phoneMasked: '139****5678', phoneVisible: false, updatedAt: '' }]);
    expect(m.phoneMasked).toBeUndefined();
    expect(m.canReveal).toBe(false);
  });

  it('posts: one or two, only when reported in and confirmed', () => {
    expect(() => canClaim(report(), '政策法律宣传员')).not.toThrow();
    expect(() => canClaim(report({ status: 'pending' }), '政策法律宣传员')).toThrow(expect.objectContaining({ code: 'NOT_REPORTED_IN', status: 422 }));
    expect(() => canClaim(report({ posts: ['政策法律宣传员'] }), '政策法律宣传员')).toThrow(expect.objectContaining({ status: 409 }));
    expect(() => canClaim(report({ posts: ['政策法律宣传员', '社情民意联络员'] }), '治安巡逻处置员')).toThrow(
      expect.objectContaining({ code: 'TOO_MANY_POSTS', message: '每名党员最多认领 2 个岗位' }),
    );
  });

  it('counts reveals per Shanghai calendar day', () => {
    expect(chinaDate(new Date('2026-11-23T15:59:00Z'))).toBe('2026-11-23');
    expect(chinaDate(new Date('2026-11-23T16:01:00Z'))).toBe('2026-11-24');
  });
});

describe('short codes and per-kind posters', () => {
  it('short codes: 8 characters without look-alikes, typed any way', () => {
    const { newShortCode } = require('../../functions/src/codes/domain') as typeof import('../../functions/src/codes/domain');
    const { normaliseShortCode, formatShortCode, SHORT_CODE_PATTERN } = require('../../shared/src/short-code') as typeof import('../../shared/src/short-code');
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const c = newShortCode();
      expect(c).toMatch(SHORT_CODE_PATTERN);
      expect(c).not.toMatch(/[01ILO]/);
      seen.add(c);
    }
    expect(seen.size).toBe(500);
    expect(normaliseShortCode('k7m3-q9tx')).toBe('K7M3Q9TX');
    expect(normaliseShortCode(' K7M3 Q9TX ')).toBe('K7M3Q9TX');
    expect(normaliseShortCode('K7M3-Q9T')).toBeNull();
    expect(normaliseShortCode('K7M3-Q9T0')).toBeNull(); // 0 is not in the alphabet
    expect(normaliseShortCode('0L4c1enrElL21laH_3aldw')).toBeNull(); // a token is not a short code
    expect(formatShortCode('K7M3Q9TX')).toBe('K7M3-Q9TX');
  });

  it('prints the short code right under the QR, and each kind of code its own line', () => {
    const { POSTER_NOTES } = require('../../functions/src/codes/poster') as typeof import('../../functions/src/codes/poster');
    const code = qrBitmap(scanUrl('http://x', 'ZbpRoCUP_6YRHrlQ6kj-8A'));
    const L = posterLayout(code);
    const without = composePoster(code, { title: 't', caption: '微信扫一扫', note: POSTER_NOTES.room });
    const withCode = composePoster(code, { title: 't', caption: '微信扫一扫', note: POSTER_NOTES.room, shortCode: 'K7M3Q9TX' });
    expect(countPixels(without, L.shortCodeTop, L.captionTop, ink)).toBe(0);
    expect(countPixels(withCode, L.shortCodeTop, L.captionTop, ink)).toBeGreaterThan(800);
    expect(pngTexts(withCode)).toMatchObject({ 'Short code': 'K7M3-Q9TX', Comment: POSTER_NOTES.room });
    expect(decode(withCode)).toBe(scanUrl('http://x', 'ZbpRoCUP_6YRHrlQ6kj-8A'));
    expect(new Set(Object.values(POSTER_NOTES)).size).toBe(3);
    expect(POSTER_NOTES.room).not.toContain('楼栋');
    expect(POSTER_NOTES.community).not.toContain('楼栋');
  });
});
