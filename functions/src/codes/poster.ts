import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import QRCode from 'qrcode';
import { PNG } from 'pngjs';
import { PDFDocument, rgb } from 'pdf-lib';
import type { CodeKind } from '@shared/api/codes';
import { formatShortCode } from '@shared/short-code';
import { drawText, fitSize, pdfFontkit, posterFont } from './poster-font';
import type { Bitmap } from './text-raster';

/**
 * Poster rendering, pure (no DynamoDB, no network): a red header band with the building
 * (estate and name) and the community, the code on white, the short code under it
 * ("编码 K7M3-Q9TX", typed where there is no camera), "微信扫一扫" and the kind's line
 * (POSTER_NOTES), a red footer band. The Chinese is drawn with Noto Sans Hans Bold (see
 * poster-font.ts): rasterised into the PNG by text-raster.ts, embedded as a font subset
 * in the PDF. The PNG also carries the label in iTXt chunks (Title, Description).
 */
export const SCAN_PAGE = 'pages/scan/index';
export const RED = { r: 0xc8, g: 0x16, b: 0x1d };
const WHITE = { r: 0xff, g: 0xff, b: 0xff };
const GREY = { r: 0x55, g: 0x55, b: 0x55 };
const BLACK = { r: 0x11, g: 0x11, b: 0x11 };
/** The line under "微信扫一扫": what this kind of code is for. */
export const POSTER_NOTES: Record<CodeKind, string> = {
  building: '扫码查看本楼栋党员、网格员和党群服务站',
  room: '扫码预约本场地，预约后到场扫码签到',
  community: '在职党员扫码向社区报到、认领岗位',
};
/** The building poster's line (kept for callers that print building posters). */
export const NOTE = POSTER_NOTES.building;
/** What is printed under the QR: the short code, as people type it. */
export const shortCodeLine = (shortCode: string) => `编码 ${formatShortCode(shortCode)}`;
export const FOOTER = '红色驿站 · 党群服务';

/** What a plain QR encodes: the H5 scan entry page, which reads `t`. */
export function scanUrl(webBaseUrl: string, token: string): string {
  return `${webBaseUrl.replace(/\/$/, '')}/#/${SCAN_PAGE}?t=${encodeURIComponent(token)}`;
}

function blank(width: number, height: number): Bitmap {
  return { width, height, data: Buffer.alloc(width * height * 4, 0xff) };
}

function fillRect(b: Bitmap, x0: number, y0: number, w: number, h: number, c: { r: number; g: number; b: number }): void {
  for (let y = y0; y < y0 + h; y++)
    for (let x = x0; x < x0 + w; x++) {
      const i = (y * b.width + x) * 4;
      b.data[i] = c.r;
      b.data[i + 1] = c.g;
      b.data[i + 2] = c.b;
      b.data[i + 3] = 0xff;
    }
}

/** The plain QR of `text` as a bitmap: `scale` pixels per module, 4-module quiet zone. */
export function qrBitmap(text: string, scale = 8): Bitmap {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  const side = (n + quiet * 2) * scale;
  const b = blank(side, side);
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++)
      if (qr.modules.get(r, c)) fillRect(b, (c + quiet) * scale, (r + quiet) * scale, scale, scale, { r: 0, g: 0, b: 0 });
  return b;
}

/** An image from WeChat (PNG, possibly transparent) flattened onto white. */
export function bitmapFromPng(png: Buffer): Bitmap {
  const img = PNG.sync.read(png);
  const b = blank(img.width, img.height);
  for (let i = 0; i < img.width * img.height; i++) {
    const a = img.data[i * 4 + 3] / 255;
    for (let k = 0; k < 3; k++) b.data[i * 4 + k] = Math.round(img.data[i * 4 + k] * a + 255 * (1 - a));
  }
  return b;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

/** An uncompressed international text chunk (UTF-8), e.g. Title = "幸福社区 · 幸福家园 1 栋". */
function itxt(keyword: string, text: string): Buffer {
  return chunk('iTXt', Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, 'utf8')]));
}

/** Inserts text chunks right after IHDR (8-byte signature + 25-byte IHDR chunk). */
function withText(png: Buffer, texts: Record<string, string>): Buffer {
  const head = png.subarray(0, 33);
  return Buffer.concat([head, ...Object.entries(texts).map(([k, v]) => itxt(k, v)), png.subarray(33)]);
}

/** Reads the iTXt chunks back (tests, and anyone checking a printed file). */
export function pngTexts(png: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let p = 8;
  while (p < png.length) {
    const len = png.readUInt32BE(p);
    const type = png.toString('latin1', p + 4, p + 8);
    if (type === 'iTXt') {
      const data = png.subarray(p + 8, p + 8 + len);
      const k = data.indexOf(0);
      // keyword \0 flag method language\0 translated\0 text
      let q = k + 3;
      q = data.indexOf(0, q) + 1;
      q = data.indexOf(0, q) + 1;
      out[data.toString('latin1', 0, k)] = data.toString('utf8', q);
    }
    p += 12 + len;
  }
  return out;
}

export interface PosterText {
  /** The code's label, e.g. "幸福社区 · 幸福家园 1 栋" (community · estate building). */
  title: string;
  /** e.g. "微信扫一扫" */
  caption: string;
  /** The line under the caption; NOTE when absent, none when empty. */
  note?: string;
  /** The short code printed right under the QR ("编码 K7M3-Q9TX"); none when absent. */
  shortCode?: string;
}

/** "幸福社区 · 幸福家园 1 栋" → heading "幸福家园 1 栋" (estate and building), sub "幸福社区". */
export function splitLabel(label: string): { heading: string; sub: string } {
  const i = label.indexOf(' · ');
  return i < 0 ? { heading: label.trim(), sub: '' } : { heading: label.slice(i + 3).trim(), sub: label.slice(0, i).trim() };
}

/** Layout of the PNG poster, in pixels (exported for the tests: where the text is drawn). */
export function posterLayout(code: { width: number; height: number }) {
  const width = Math.max(code.width + 96, 560);
  const header = 160;
  const codeTop = header + 32;
  const codeBottom = codeTop + code.height;
  const footer = 56;
  /** The short code's row right under the code. */
  const shortCodeRow = 52;
  const height = codeBottom + shortCodeRow + 24 + 96 + footer;
  return {
    width,
    height,
    header,
    headingBaseline: 76,
    subBaseline: 130,
    codeLeft: Math.floor((width - code.width) / 2),
    codeTop,
    codeBottom,
    /** The short code's row, right under the code. */
    shortCodeTop: codeBottom,
    shortCodeBaseline: codeBottom + 38,
    /** The band under the short code holding the caption and the note. */
    captionTop: codeBottom + shortCodeRow + 24,
    captionBaseline: codeBottom + shortCodeRow + 24 + 40,
    noteBaseline: codeBottom + shortCodeRow + 24 + 80,
    footerTop: height - footer,
  };
}

/** The poster PNG: header band with the names, the code centred, caption and note, footer band. */
export function composePoster(code: Bitmap, text: PosterText): Buffer {
  const L = posterLayout(code);
  const { width, height } = L;
  const b = blank(width, height);
  fillRect(b, 0, 0, width, L.header, RED);
  fillRect(b, 0, L.footerTop, width, height - L.footerTop, RED);
  for (let y = 0; y < code.height; y++) {
    const src = y * code.width * 4;
    code.data.copy(b.data, ((L.codeTop + y) * width + L.codeLeft) * 4, src, src + code.width * 4);
  }
  const { heading, sub } = splitLabel(text.title);
  const room = width - 64;
  const centre = width / 2;
  drawText(b, heading, centre, L.headingBaseline, { size: fitSize(heading, 48, room), color: WHITE, align: 'center' });
  drawText(b, sub, centre, L.subBaseline, { size: fitSize(sub, 28, room), color: WHITE, align: 'center' });
  if (text.shortCode) drawText(b, shortCodeLine(text.shortCode), centre, L.shortCodeBaseline, { size: 36, color: BLACK, align: 'center' });
  drawText(b, text.caption, centre, L.captionBaseline, { size: fitSize(text.caption, 40, room), color: RED, align: 'center' });
  const note = text.note ?? NOTE;
  drawText(b, note, centre, L.noteBaseline, { size: fitSize(note, 22, room), color: GREY, align: 'center' });
  drawText(b, FOOTER, centre, height - 20, { size: 20, color: WHITE, align: 'center' });
  const png = new PNG({ width, height });
  b.data.copy(png.data);
  // The printed lines, machine-readable too (Comment: the kind's line; Short code: as printed).
  return withText(PNG.sync.write(png), {
    Title: text.title,
    Description: text.caption,
    Comment: note,
    ...(text.shortCode ? { 'Short code': formatShortCode(text.shortCode) } : {}),
    Software: '红色驿站',
  });
}

/** A bitmap as a PNG (for pdf-lib). */
export function bitmapToPng(b: Bitmap): Buffer {
  const png = new PNG({ width: b.width, height: b.height });
  b.data.copy(png.data);
  return PNG.sync.write(png);
}

const A4 = { width: 595.28, height: 841.89 };

/**
 * The embedded subset's name as PDF 9.6.4 spells it: a six-letter tag, "+", the PostScript
 * name (e.g. "QWERTY+NotoSansHans-Bold"). The tag is derived from the text drawn, so the
 * same posters name their subset the same way.
 */
export function subsetName(labels: string[]): string {
  const digest = createHash('sha256').update(labels.join('\n')).digest();
  const tag = Array.from(digest.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join('');
  return `${tag}+${posterFont().font.postscriptName}`;
}
const pdfRgb = (c: { r: number; g: number; b: number }) => rgb(c.r / 255, c.g / 255, c.b / 255);

/**
 * The community's posters: one A4 page per building, ready to print. The text is drawn with
 * a subset of the poster font (only the glyphs used), so the document stays small.
 */
export async function postersPdf(title: string, posters: { code: Bitmap; label: string; id: string; url: string; note?: string; shortCode?: string }[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  doc.setCreator('红色驿站');
  doc.registerFontkit(pdfFontkit() as unknown as Parameters<typeof doc.registerFontkit>[0]);
  const font = await doc.embedFont(posterFont().bytes, { subset: true, customName: subsetName(posters.map((p) => `${p.label}\t${p.shortCode ?? ''}`)) });
  const { width: W, height: H } = A4;
  const centred = (page: ReturnType<typeof doc.addPage>, text: string, y: number, size: number, color: ReturnType<typeof rgb>, maxWidth = W - 80) => {
    if (!text) return;
    const w = font.widthOfTextAtSize(text, size);
    const s = w > maxWidth ? (size * maxWidth) / w : size;
    page.drawText(text, { x: (W - font.widthOfTextAtSize(text, s)) / 2, y, size: s, font, color });
  };
  for (const p of posters) {
    const page = doc.addPage([W, H]);
    const { heading, sub } = splitLabel(p.label);
    const header = 200;
    page.drawRectangle({ x: 0, y: H - header, width: W, height: header, color: pdfRgb(RED) });
    centred(page, heading, H - 100, 48, rgb(1, 1, 1));
    centred(page, sub, H - 160, 26, rgb(1, 1, 1));
    const img = await doc.embedPng(bitmapToPng(p.code));
    const side = 340;
    const imgH = (img.height / img.width) * side;
    const imgTop = H - header - 40;
    page.drawImage(img, { x: (W - side) / 2, y: imgTop - imgH, width: side, height: imgH });
    const below = p.shortCode ? 44 : 0;
    if (p.shortCode) centred(page, shortCodeLine(p.shortCode), imgTop - imgH - 34, 28, pdfRgb(BLACK));
    centred(page, '微信扫一扫', imgTop - imgH - 56 - below, 40, pdfRgb(RED));
    centred(page, p.note ?? NOTE, imgTop - imgH - 92 - below, 18, pdfRgb(GREY));
    page.drawText(`${p.id}  ${p.url}`, { x: 40, y: 84, size: 7, font, color: rgb(0.6, 0.6, 0.6) });
    page.drawRectangle({ x: 0, y: 0, width: W, height: 64, color: pdfRgb(RED) });
    centred(page, FOOTER, 24, 18, rgb(1, 1, 1));
  }
  return Buffer.from(await doc.save());
}
