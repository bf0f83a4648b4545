/**
 * The certificate 志愿服务时长证明 as an A4 PDF (pdf-lib), drawn with the posters' Chinese
 * font (codes/poster-font.ts, embedded as a subset) and a QR of the public verification
 * page (codes/poster.ts). Pure: no DynamoDB.
 */
import { PDFDocument, rgb } from 'pdf-lib';
import { pdfFontkit, posterFont } from '../codes/poster-font';
import { bitmapToPng, qrBitmap, subsetName } from '../codes/poster';
import type { CertificateRecord, HoursEntryRecord } from './model';
import { hoursOf } from './rules';

const A4 = { width: 595.28, height: 841.89 };
const RED = rgb(0xc8 / 255, 0x16 / 255, 0x1d / 255);
const INK = rgb(0.1, 0.1, 0.1);
const GREY = rgb(0.4, 0.4, 0.4);
/** Rows of the activity table that fit under the text on one page. */
export const CERTIFICATE_ROWS = 16;

export async function certificatePdf(c: CertificateRecord, entries: HoursEntryRecord[], verifyUrl: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(`志愿服务时长证明 ${c.number}`);
  doc.setCreator('红色驿站');
  doc.registerFontkit(pdfFontkit() as unknown as Parameters<typeof doc.registerFontkit>[0]);
  const rows = entries.slice(0, CERTIFICATE_ROWS);
  const lines = rows.map((e) => `${e.at.slice(0, 10)}  ${e.activityTitle}  ${e.stationName}  ${e.kind === 'reversal' ? '-' : ''}${hoursOf(e.minutes)} 小时`);
  const font = await doc.embedFont(posterFont().bytes, { subset: true, customName: subsetName([c.number, c.name, ...lines]) });
  const { width: W, height: H } = A4;
  const page = doc.addPage([W, H]);
  const centred = (text: string, y: number, size: number, color = INK) => page.drawText(text, { x: (W - font.widthOfTextAtSize(text, size)) / 2, y, size, font, color });
  const left = (text: string, x: number, y: number, size: number, color = INK, maxWidth = W - x - 60) => {
    const w = font.widthOfTextAtSize(text, size);
    page.drawText(text, { x, y, size: w > maxWidth ? (size * maxWidth) / w : size, font, color });
  };
  page.drawRectangle({ x: 0, y: H - 120, width: W, height: 120, color: RED });
  centred('志愿服务时长证明', H - 78, 34, rgb(1, 1, 1));
  let y = H - 180;
  left(`兹证明 ${c.name} 同志参加志愿服务活动 ${c.activityCount} 次，`, 60, y, 16);
  y -= 28;
  left(`累计志愿服务时长 ${hoursOf(c.minutes)} 小时。`, 60, y, 16);
  y -= 28;
  left(`服务单位：${c.stations.join('、') || '—'}`, 60, y, 13, GREY);
  y -= 40;
  left('服务记录', 60, y, 14, RED);
  y -= 8;
  page.drawLine({ start: { x: 60, y }, end: { x: W - 60, y }, thickness: 0.8, color: RED });
  for (const line of lines) {
    y -= 22;
    left(line, 60, y, 11);
  }
  if (c.activityCount > rows.length) {
    y -= 22;
    left(`（另有 ${c.activityCount - rows.length} 条较早的记录）`, 60, y, 10, GREY);
  }
  const qr = await doc.embedPng(bitmapToPng(qrBitmap(verifyUrl, 4)));
  const side = 110;
  page.drawImage(qr, { x: W - 60 - side, y: 80, width: side, height: side });
  left(`证明编号：${c.number}`, 60, 150, 12);
  left(`出具时间：${c.issuedAt.slice(0, 10)}`, 60, 128, 12);
  left('扫描右侧二维码核验本证明', 60, 106, 10, GREY);
  page.drawText(verifyUrl, { x: 60, y: 88, size: 6, font, color: GREY });
  page.drawRectangle({ x: 0, y: 0, width: W, height: 48, color: RED });
  centred('红色驿站 · 党群服务', 18, 14, rgb(1, 1, 1));
  return Buffer.from(await doc.save());
}
