/**
 * Printable posters of codes. Kept apart from domain.ts so that only the two poster
 * functions bundle the QR, PNG, PDF and font code (and ship the font file).
 */
import type { Principal } from '../lib/authorize';
import { config } from '../lib/config';
import { logger } from '../lib/logger';
import { wechatConfigured, wechatCredentials } from '../lib/secrets';
import { getUnlimitedWxaCode } from '../wechat/wxacode';
import { activeCode, allCommunityCodes, currentLabel } from './domain';
import { bitmapFromPng, composePoster, POSTER_NOTES, postersPdf, qrBitmap, scanUrl, SCAN_PAGE } from './poster';

/**
 * The code image of a token: WeChat's mini-program code (scene = token, page = the scan
 * entry page) when the app's credentials are configured, else a plain QR of the H5 URL.
 * A WeChat failure falls back to the plain QR, so a poster can always be printed.
 */
async function codeImage(token: string): Promise<{ bitmap: ReturnType<typeof qrBitmap>; source: 'wxacode' | 'qr' }> {
  if (wechatConfigured()) {
    try {
      const png = await getUnlimitedWxaCode(await wechatCredentials(), {
        scene: token,
        page: SCAN_PAGE,
        checkPath: config().stage === 'prod',
        envVersion: config().stage === 'prod' ? 'release' : 'develop',
      });
      return { bitmap: bitmapFromPng(png), source: 'wxacode' };
    } catch (err) {
      logger.warn('mini-program code unavailable, printing the plain QR', { error: (err as Error).message });
    }
  }
  return { bitmap: qrBitmap(scanUrl(config().webBaseUrl, token)), source: 'qr' };
}

export async function posterPng(token: string): Promise<{ png: Buffer; source: 'wxacode' | 'qr' }> {
  const record = await activeCode(token);
  const { bitmap, source } = await codeImage(record.token);
  return { png: composePoster(bitmap, { title: await currentLabel(record), caption: '微信扫一扫', note: POSTER_NOTES[record.kind], shortCode: record.shortCode }), source };
}

export async function communityPostersPdf(principal: Principal, communityId: string): Promise<Buffer> {
  const codes = (await allCommunityCodes(principal, communityId)).filter((c) => c.kind === 'building');
  const posters = [];
  for (const c of codes) {
    const { bitmap } = await codeImage(c.token);
    posters.push({ code: bitmap, label: c.label, id: c.targetId, url: scanUrl(config().webBaseUrl, c.token), note: POSTER_NOTES[c.kind], shortCode: c.shortCode });
  }
  const community = codes[0]?.label.split(' · ')[0] ?? communityId;
  return postersPdf(`${community} 楼栋码海报`, posters);
}
