import { crc32 } from 'node:zlib';
import QRCode from 'qrcode';
import { PNG } from 'pngjs';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';

/**
 * Poster rendering, pure (no DynamoDB, no network): a red header band, the code on white,
 * a red footer band. The Chinese caption (building, community, "微信扫一扫") travels in the
 * PNG's iTXt chunks (Title, Description): no CJK font ships with the functions, so it is not
 * drawn into the pixels (see docs/data-model.md, "Posters").
 */
export const SCAN_PAGE = 'pages/scan/index';
export const RED = { r: 0xc8, g: 0x16, b: 0x1d };

/** What a plain QR encodes: the H5 scan entry page, which reads `t`. */
export function scanUrl(webBaseUrl: string, token: string): string {
  return `${webBaseUrl.replace(/\/$/, '')}/#/${SCAN_PAGE}?t=${encodeURIComponent(token)}`;
}

interface Bitmap {
  width: number;
  height: number;
  data: Buffer; // RGBA
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
  /** e.g. "幸福社区 · 幸福家园 1 栋" */
  title: string;
  /** e.g. "微信扫一扫" */
  caption: string;
}

/** The poster PNG: header band, the code centred with a margin, footer band. */
export function composePoster(code: Bitmap, text: PosterText): Buffer {
  const margin = 48;
  const band = 72;
  const width = code.width + margin * 2;
  const height = band + margin + code.height + margin + band;
  const b = blank(width, height);
  fillRect(b, 0, 0, width, band, RED);
  fillRect(b, 0, height - band, width, band, RED);
  for (let y = 0; y < code.height; y++) {
    const src = y * code.width * 4;
    code.data.copy(b.data, ((band + margin + y) * width + margin) * 4, src, src + code.width * 4);
  }
  const png = new PNG({ width, height });
  b.data.copy(png.data);
  return withText(PNG.sync.write(png), { Title: text.title, Description: text.caption, Software: '红色驿站' });
}

/**
 * One A4 page per poster, ready to print. pdf-lib's standard fonts cannot encode Chinese
 * and no CJK font ships with the functions, so each page prints the poster image and the
 * ASCII identifiers; the Chinese names are in the document's title and each poster's PNG.
 */
export async function postersPdf(title: string, posters: { png: Buffer; id: string; url: string }[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  doc.setCreator('红色驿站');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const p of posters) {
    const page = doc.addPage([595.28, 841.89]);
    const img = await doc.embedPng(p.png);
    const w = 420;
    const h = (img.height / img.width) * w;
    page.drawImage(img, { x: (595.28 - w) / 2, y: 841.89 - 80 - h, width: w, height: h });
    page.drawText(p.id, { x: 60, y: 100, size: 14, font, color: rgb(0.2, 0.2, 0.2) });
    page.drawText(p.url, { x: 60, y: 80, size: 8, font, color: rgb(0.4, 0.4, 0.4) });
  }
  return Buffer.from(await doc.save());
}
