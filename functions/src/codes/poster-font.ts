import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { Readable } from 'node:stream';
import type * as Fontkit from 'fontkit';
import { fillPath, type Bitmap, type Rgb } from './text-raster';

/**
 * The posters' one CJK font: Noto Sans Hans Bold (GB2312 coverage, OTF/CFF, SIL OFL 1.1)
 * from the `@embedpdf/fonts-sc` package. The 8.6 MB file is not bundled into the JS: the
 * poster functions ship it beside the bundle (`package.patterns` in functions.yml, so it
 * sits at <task root>/node_modules/@embedpdf/fonts-sc/fonts/ in their zips only) and it is
 * read once per container.
 */
export const FONT_FILE = 'NotoSansHans-Bold.otf';
export const FONT_POSTSCRIPT_NAME = 'NotoSansHans-Bold';
const FONT_REL = `node_modules/@embedpdf/fonts-sc/fonts/${FONT_FILE}`;

/**
 * Where the font is: FONT_PATH (absolute, or relative to the Lambda task root / the working
 * directory), else the same relative path under the task root or working directory (the
 * deployed zip), else wherever node resolves the package from (tests, serverless-offline).
 */
export function fontPath(env: NodeJS.ProcessEnv = process.env): string {
  const roots = [env.LAMBDA_TASK_ROOT, process.cwd()].filter((r): r is string => Boolean(r));
  const candidates: string[] = [];
  for (const rel of [env.FONT_PATH, FONT_REL]) {
    if (!rel) continue;
    if (isAbsolute(rel)) candidates.push(rel);
    else for (const root of roots) candidates.push(join(root, rel));
  }
  try {
    // The package's `exports` only expose its JS entry; the fonts sit in ../fonts from it.
    candidates.push(join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts', FONT_FILE));
  } catch {
    // not resolvable from here (a deployed bundle): the candidates above must do
  }
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`poster font ${FONT_FILE} not found (tried ${candidates.join(', ')})`);
  return found;
}

let fontkitModule: typeof Fontkit | undefined;

/**
 * fontkit, required on first use: its module init (Unicode tables, ~1 MB of bundle) costs
 * tens of milliseconds, which the other functions sharing codes/handlers.ts should not pay
 * at cold start.
 */
export function fontkit(): typeof Fontkit {
  return (fontkitModule ??= require('fontkit') as typeof Fontkit);
}

export interface PosterFont {
  bytes: Buffer;
  font: Fontkit.Font;
}

let cached: PosterFont | undefined;

/** The font file and its parsed form, loaded once per process (fontkit parses tables lazily). */
export function posterFont(): PosterFont {
  if (!cached) {
    const bytes = readFileSync(fontPath());
    const font = fontkit().create(bytes);
    // pdf-lib 1.17 reads a subset through fontkit 1's encodeStream(); fontkit 2 has encode().
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => {
      const subset = createSubset();
      subset.encodeStream = () => Readable.from([Buffer.from(subset.encode())]);
      return subset;
    };
    cached = { bytes, font };
  }
  return cached;
}

/**
 * What pdf-lib's `registerFontkit` needs: it calls `create(bytes)` on the poster font's bytes,
 * and gets the already parsed (and cached) font instead of parsing 8.6 MB again.
 *
 * Upstream fontkit 2, not the `@pdf-lib/fontkit` 1.1.1 fork: the fork's CFF subsetter writes
 * an invalid CID-keyed CFF (poppler: "Embedded font file may be invalid", every Chinese
 * glyph missing), see https://github.com/Hopding/pdf-lib/issues/1232.
 */
export function pdfFontkit(): { create(bytes: Uint8Array): Fontkit.Font } {
  return {
    create: (bytes) => {
      const { bytes: own, font } = posterFont();
      return bytes === own ? font : fontkit().create(bytes);
    },
  };
}

/** Width in pixels of `text` at `size` pixels per em (with the font's kerning). */
export function measureText(text: string, size: number): number {
  if (!text) return 0;
  const { font } = posterFont();
  const run = font.layout(text);
  return (run.positions.reduce((w, p) => w + p.xAdvance, 0) * size) / font.unitsPerEm;
}

/** The largest size ≤ `size` at which `text` fits in `maxWidth` pixels (never below `min`). */
export function fitSize(text: string, size: number, maxWidth: number, min = 10): number {
  const w = measureText(text, size);
  return w <= maxWidth ? size : Math.max(min, Math.floor((size * maxWidth) / w));
}

export interface TextStyle {
  size: number; // pixels per em
  color: Rgb;
  align?: 'left' | 'center';
}

/** Draws one line of text with its baseline at `baseline`; x is its left edge or centre. */
export function drawText(b: Bitmap, text: string, x: number, baseline: number, style: TextStyle): number {
  if (!text) return 0;
  const { font } = posterFont();
  const scale = style.size / font.unitsPerEm;
  const run = font.layout(text);
  const width = run.positions.reduce((w, p) => w + p.xAdvance, 0) * scale;
  let pen = style.align === 'center' ? x - width / 2 : x;
  run.glyphs.forEach((glyph, i) => {
    const pos = run.positions[i];
    const commands = glyph.path.commands;
    if (commands.length)
      fillPath(b, commands, { scale, dx: pen + pos.xOffset * scale, dy: baseline - pos.yOffset * scale }, style.color);
    pen += pos.xAdvance * scale;
  });
  return width;
}
