import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { coverage, fillPath, flatten, SUBSAMPLES, type Bitmap, type PathCommand } from '../../functions/src/codes/text-raster';
import { drawText, fontPath, measureText, posterFont } from '../../functions/src/codes/poster-font';

const ROOT = resolve(__dirname, '../..');
const FONT_REL = 'node_modules/@embedpdf/fonts-sc/fonts/NotoSansHans-Bold.otf';

/** A rectangle as a path, counter-clockwise in y-up font space (or clockwise when `reverse`). */
function rect(x0: number, y0: number, x1: number, y1: number, reverse = false): PathCommand[] {
  const pts = [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
  if (reverse) pts.reverse();
  return [{ command: 'moveTo', args: pts[0] }, ...pts.slice(1).map((p) => ({ command: 'lineTo', args: p })), { command: 'closePath', args: [] }];
}

/** Identity placement for y-down pixel coordinates: font y-up flipped around `height`. */
const px = (height: number) => ({ scale: 1, dx: 0, dy: height });

function covered(cov: Float32Array, width: number, x: number, y: number): number {
  return cov[y * width + x];
}

describe('text rasteriser', () => {
  it('a pixel-aligned filled square covers exactly its pixels, fully', () => {
    const W = 40;
    const cov = coverage(flatten(rect(10, 10, 30, 30), px(W)), W, W);
    let sum = 0;
    for (let y = 0; y < W; y++)
      for (let x = 0; x < W; x++) {
        const inside = x >= 10 && x < 30 && y >= 10 && y < 30;
        expect([x, y, covered(cov, W, x, y)]).toEqual([x, y, inside ? expect.closeTo(1, 5) : 0]);
        sum += covered(cov, W, x, y);
      }
    expect(sum).toBeCloseTo(400, 3);
  });

  it('anti-aliases edges: a square on half pixels covers its border pixels by a half (a quarter at corners)', () => {
    const W = 20;
    // Font space is y-up: y 4.5‥10.5 lands on pixel rows 9.5‥15.5 of a 20-pixel-high grid.
    const cov = coverage(flatten(rect(4.5, 4.5, 10.5, 10.5), px(W)), W, W);
    expect(covered(cov, W, 7, 12)).toBeCloseTo(1, 5);
    expect(covered(cov, W, 4, 12)).toBeCloseTo(0.5, 5); // left edge
    // Vertically the coverage is counted on SUBSAMPLES rows per pixel: within one of them.
    const vstep = 1 / SUBSAMPLES + 1e-6;
    expect(Math.abs(covered(cov, W, 7, 9) - 0.5)).toBeLessThanOrEqual(vstep); // top edge
    expect(Math.abs(covered(cov, W, 4, 15) - 0.25)).toBeLessThanOrEqual(vstep / 2); // corner
    expect(covered(cov, W, 3, 12)).toBe(0);
    expect(covered(cov, W, 11, 12)).toBe(0);
    expect(covered(cov, W, 7, 16)).toBe(0);
  });

  it('non-zero winding: an inner contour wound the other way is a hole, wound the same way is not', () => {
    const W = 40;
    const hole = coverage(flatten([...rect(5, 5, 35, 35), ...rect(15, 15, 25, 25, true)], px(W)), W, W);
    expect(covered(hole, W, 20, 20)).toBe(0);
    expect(covered(hole, W, 8, 20)).toBeCloseTo(1, 5);
    const same = coverage(flatten([...rect(5, 5, 35, 35), ...rect(15, 15, 25, 25)], px(W)), W, W);
    expect(covered(same, W, 20, 20)).toBeCloseTo(1, 5); // even-odd would leave a hole here
  });

  it('flattens curves: a circle of four cubic Béziers covers π r² within 0.5 %', () => {
    const r = 20;
    const k = 0.5523 * r;
    const [cx, cy] = [25, 25];
    const circle: PathCommand[] = [
      { command: 'moveTo', args: [cx + r, cy] },
      { command: 'bezierCurveTo', args: [cx + r, cy + k, cx + k, cy + r, cx, cy + r] },
      { command: 'bezierCurveTo', args: [cx - k, cy + r, cx - r, cy + k, cx - r, cy] },
      { command: 'bezierCurveTo', args: [cx - r, cy - k, cx - k, cy - r, cx, cy - r] },
      { command: 'bezierCurveTo', args: [cx + k, cy - r, cx + r, cy - k, cx + r, cy] },
      { command: 'closePath', args: [] },
    ];
    const cov = coverage(flatten(circle, px(50)), 50, 50);
    const area = cov.reduce((a, b) => a + b, 0);
    expect(Math.abs(area - Math.PI * r * r) / (Math.PI * r * r)).toBeLessThan(0.005);
    // and a quadratic: the same circle's bounding behaviour is not needed, only that curves bend
    const quad = coverage(flatten([{ command: 'moveTo', args: [0, 0] }, { command: 'quadraticCurveTo', args: [20, 40, 40, 0] }, { command: 'closePath', args: [] }], px(40)), 40, 40);
    expect(quad.reduce((a, b) => a + b, 0)).toBeCloseTo((2 / 3) * 40 * 20, -1); // area under a parabola
  });

  it('blends the colour over the bitmap by coverage and clips to the bitmap', () => {
    const b: Bitmap = { width: 10, height: 10, data: Buffer.alloc(400, 0xff) };
    fillPath(b, rect(-5, -5, 5.5, 15), px(10), { r: 0, g: 0, b: 0 });
    expect(b.data[(5 * 10 + 2) * 4]).toBe(0); // inside
    expect(b.data[(5 * 10 + 5) * 4]).toBe(128); // half-covered column: 255 · 0.5
    expect(b.data[(5 * 10 + 7) * 4]).toBe(255); // outside
  });
});

describe('poster font', () => {
  it('is Noto Sans Hans Bold, found through the package when FONT_PATH is unset or wrong', () => {
    expect(posterFont().font.postscriptName).toBe('NotoSansHans-Bold');
    expect(existsSync(fontPath({}))).toBe(true);
    expect(existsSync(fontPath({ FONT_PATH: '/nowhere/font.otf' }))).toBe(true);
  });

  it('resolves a relative FONT_PATH against the Lambda task root first', () => {
    expect(fontPath({ LAMBDA_TASK_ROOT: ROOT, FONT_PATH: FONT_REL })).toBe(join(ROOT, FONT_REL));
  });

  it('draws "口" with a hole: the stroke is inked, the middle is not', () => {
    const size = 100;
    const b: Bitmap = { width: 120, height: 120, data: Buffer.alloc(120 * 120 * 4, 0xff) };
    const w = drawText(b, '口', 10, 100, { size, color: { r: 0, g: 0, b: 0 } });
    expect(w).toBeCloseTo(100, 0);
    const dark = (x: number, y: number) => b.data[(y * 120 + x) * 4] < 128;
    let ink = 0;
    for (let i = 0; i < 120 * 120; i++) if (b.data[i * 4] < 128) ink++;
    expect(ink).toBeGreaterThan(1500);
    // Glyph box of 口 is about x 23‥77, y 13‥73 of the em (y-up): its middle is white,
    // a point on the left stroke is black.
    expect(dark(10 + 50, 100 - 40)).toBe(false);
    let leftStroke = false;
    for (let x = 10 + 15; x < 10 + 35; x++) leftStroke ||= dark(x, 100 - 40);
    expect(leftStroke).toBe(true);
  });

  it('measures Chinese at one em per character', () => {
    expect(measureText('微信扫一扫', 40)).toBeCloseTo(200, 0);
    expect(measureText('', 40)).toBe(0);
  });
});
