/**
 * A small vector-path rasteriser for drawing font glyphs onto an RGBA bitmap in pure JS
 * (no canvas, no native module: the posters are drawn in AWS Lambda on arm64).
 *
 * Paths (fontkit's glyph `path.commands`, or any moveTo/lineTo/curve list) are transformed
 * to pixel space, curves are flattened to line segments, and the polygon is filled with
 * the non-zero winding rule by a scanline pass: SUBSAMPLES rows per pixel row (vertical
 * anti-aliasing) and exact fractional span coverage along each row (horizontal).
 */

export interface Bitmap {
  width: number;
  height: number;
  data: Buffer; // RGBA, 4 bytes per pixel, row-major
}

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

export interface PathCommand {
  command: string; // moveTo | lineTo | quadraticCurveTo | bezierCurveTo | closePath
  args: number[];
}

/** Font units → pixels: x' = dx + x·scale, y' = dy − y·scale (fonts are y-up, bitmaps y-down). */
export interface Placement {
  scale: number;
  dx: number;
  dy: number;
}

/** A closed polygon in pixel space: x0, y0, x1, y1, … */
export type Contour = number[];

export const SUBSAMPLES = 5;
/** Largest distance, in pixels, between a flattened curve and the true one. */
const TOLERANCE = 0.1;

/** Segments for a curve whose chord deviates at most `dev` pixels from it (Wang's formula). */
function segments(dev: number): number {
  return Math.max(1, Math.min(64, Math.ceil(Math.sqrt(dev / TOLERANCE))));
}

/** Transforms and flattens a path into closed contours (pixel space). */
export function flatten(commands: PathCommand[], at: Placement): Contour[] {
  const out: Contour[] = [];
  let cur: Contour = [];
  let x = 0;
  let y = 0;
  const tx = (u: number) => at.dx + u * at.scale;
  const ty = (v: number) => at.dy - v * at.scale;
  const close = () => {
    if (cur.length >= 6) out.push(cur);
    cur = [];
  };
  for (const { command, args: a } of commands) {
    switch (command) {
      case 'moveTo':
        close();
        x = tx(a[0]);
        y = ty(a[1]);
        cur.push(x, y);
        break;
      case 'lineTo':
        x = tx(a[0]);
        y = ty(a[1]);
        cur.push(x, y);
        break;
      case 'quadraticCurveTo': {
        const [cx, cy, ex, ey] = [tx(a[0]), ty(a[1]), tx(a[2]), ty(a[3])];
        const n = segments(Math.hypot(x - 2 * cx + ex, y - 2 * cy + ey) / 4);
        for (let i = 1; i <= n; i++) {
          const t = i / n;
          const u = 1 - t;
          cur.push(u * u * x + 2 * u * t * cx + t * t * ex, u * u * y + 2 * u * t * cy + t * t * ey);
        }
        x = ex;
        y = ey;
        break;
      }
      case 'bezierCurveTo': {
        const [c1x, c1y, c2x, c2y, ex, ey] = [tx(a[0]), ty(a[1]), tx(a[2]), ty(a[3]), tx(a[4]), ty(a[5])];
        const dd = Math.max(Math.hypot(x - 2 * c1x + c2x, y - 2 * c1y + c2y), Math.hypot(c1x - 2 * c2x + ex, c1y - 2 * c2y + ey));
        const n = segments(dd * 0.75);
        for (let i = 1; i <= n; i++) {
          const t = i / n;
          const u = 1 - t;
          const [k0, k1, k2, k3] = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
          cur.push(k0 * x + k1 * c1x + k2 * c2x + k3 * ex, k0 * y + k1 * c1y + k2 * c2y + k3 * ey);
        }
        x = ex;
        y = ey;
        break;
      }
      case 'closePath':
        close();
        break;
      default:
        throw new Error(`unknown path command ${command}`);
    }
  }
  close();
  return out;
}

/**
 * Coverage (0‥1) of each pixel of a width×height grid by the contours, non-zero winding.
 * Contours are implicitly closed (last point joins the first).
 */
export function coverage(contours: Contour[], width: number, height: number): Float32Array {
  const cov = new Float32Array(width * height);
  // Edges as (x at yTop, dx/dy, yTop, yBottom, winding); horizontal edges never cross a scanline.
  const edges: number[] = [];
  for (const c of contours) {
    const n = c.length / 2;
    for (let i = 0; i < n; i++) {
      const x0 = c[i * 2];
      const y0 = c[i * 2 + 1];
      const x1 = c[((i + 1) % n) * 2];
      const y1 = c[((i + 1) % n) * 2 + 1];
      if (y0 === y1) continue;
      const dir = y1 > y0 ? 1 : -1;
      const [xa, ya, xb, yb] = dir > 0 ? [x0, y0, x1, y1] : [x1, y1, x0, y0];
      edges.push(xa, (xb - xa) / (yb - ya), ya, yb, dir);
    }
  }
  const xs: number[] = [];
  const ws: number[] = [];
  const order: number[] = [];
  const weight = 1 / SUBSAMPLES;
  for (let py = 0; py < height; py++) {
    for (let s = 0; s < SUBSAMPLES; s++) {
      const sy = py + (s + 0.5) / SUBSAMPLES;
      xs.length = 0;
      ws.length = 0;
      for (let e = 0; e < edges.length; e += 5) {
        // Half-open [yTop, yBottom): a vertex shared by two edges is counted once.
        if (sy >= edges[e + 2] && sy < edges[e + 3]) {
          xs.push(edges[e] + (sy - edges[e + 2]) * edges[e + 1]);
          ws.push(edges[e + 4]);
        }
      }
      if (xs.length < 2) continue;
      order.length = 0;
      for (let i = 0; i < xs.length; i++) order.push(i);
      order.sort((a, b) => xs[a] - xs[b]);
      let wind = 0;
      for (let k = 0; k < order.length - 1; k++) {
        wind += ws[order[k]];
        if (wind !== 0) addSpan(cov, py * width, width, xs[order[k]], xs[order[k + 1]], weight);
      }
    }
  }
  for (let i = 0; i < cov.length; i++) if (cov[i] > 1) cov[i] = 1;
  return cov;
}

/** Adds `weight` × the exact horizontal overlap of [xa, xb) with each pixel of one row. */
function addSpan(cov: Float32Array, row: number, width: number, xa: number, xb: number, weight: number): void {
  if (xa < 0) xa = 0;
  if (xb > width) xb = width;
  if (xb <= xa) return;
  const ia = Math.floor(xa);
  const ib = Math.floor(xb);
  if (ia === ib) {
    cov[row + ia] += (xb - xa) * weight;
    return;
  }
  cov[row + ia] += (ia + 1 - xa) * weight;
  for (let i = ia + 1; i < ib; i++) cov[row + i] += weight;
  if (ib < width) cov[row + ib] += (xb - ib) * weight;
}

/** Blends `color` over the bitmap with the contours' coverage as alpha (clipped to the bitmap). */
export function fillContours(b: Bitmap, contours: Contour[], color: Rgb): void {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const c of contours)
    for (let i = 0; i < c.length; i += 2) {
      minX = Math.min(minX, c[i]);
      maxX = Math.max(maxX, c[i]);
      minY = Math.min(minY, c[i + 1]);
      maxY = Math.max(maxY, c[i + 1]);
    }
  const x0 = Math.max(0, Math.floor(minX));
  const y0 = Math.max(0, Math.floor(minY));
  const x1 = Math.min(b.width, Math.ceil(maxX));
  const y1 = Math.min(b.height, Math.ceil(maxY));
  if (x1 <= x0 || y1 <= y0) return;
  const w = x1 - x0;
  const h = y1 - y0;
  const local = contours.map((c) => c.map((v, i) => (i % 2 === 0 ? v - x0 : v - y0)));
  const cov = coverage(local, w, h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const a = cov[y * w + x];
      if (a <= 0) continue;
      const i = ((y0 + y) * b.width + x0 + x) * 4;
      b.data[i] = Math.round(b.data[i] * (1 - a) + color.r * a);
      b.data[i + 1] = Math.round(b.data[i + 1] * (1 - a) + color.g * a);
      b.data[i + 2] = Math.round(b.data[i + 2] * (1 - a) + color.b * a);
      b.data[i + 3] = 0xff;
    }
}

/** Convenience: transform, flatten and fill one path. */
export function fillPath(b: Bitmap, commands: PathCommand[], at: Placement, color: Rgb): void {
  fillContours(b, flatten(commands, at), color);
}
