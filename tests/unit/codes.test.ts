import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { maskPhone, newToken, visibleMembers } from '../../functions/src/codes/domain';
import { composePoster, pngTexts, qrBitmap, scanUrl } from '../../functions/src/codes/poster';
import { canClaim, isRevealable, isShown, shanghaiDay } from '../../functions/src/members/domain';
import type { MemberRecord, ReportInRecord } from '../../functions/src/members/model';
import { CODE_TOKEN_PATTERN } from '../../shared/src/api/codes';

function decode(png: Buffer): string | undefined {
  const img = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height)?.data;
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
  it('the plain QR decodes back to the H5 scan page URL of the token', () => {
    const url = scanUrl('http://127.0.0.1:10086/', 'ZbpRoCUP_6YRHrlQ6kj-8A');
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
    expect(shanghaiDay(new Date('2026-11-23T15:59:00Z'))).toBe('2026-11-23');
    expect(shanghaiDay(new Date('2026-11-23T16:01:00Z'))).toBe('2026-11-24');
  });
});
