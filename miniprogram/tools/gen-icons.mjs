// Generates the tab bar icons (tiny RGBA PNGs) with Node built-ins only.
// Run: node miniprogram/tools/gen-icons.mjs  (outputs to miniprogram/src/assets/tab/)
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SIZE = 64;
const SS = 4; // supersampling per axis for anti-aliasing
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'assets', 'tab');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Shapes in unit coordinates (0..1, y down).
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
  if (!rect(x0, y0, x1, y1)(x, y)) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const tri = (ax, ay, bx, by, cx, cy) => (x, y) => {
  const s = (px, py, qx, qy) => (x - qx) * (py - qy) - (px - qx) * (y - qy);
  const d1 = s(ax, ay, bx, by), d2 = s(bx, by, cx, cy), d3 = s(cx, cy, ax, ay);
  const neg = d1 < 0 || d2 < 0 || d3 < 0, pos = d1 > 0 || d2 > 0 || d3 > 0;
  return !(neg && pos);
};
const union = (...fs) => (x, y) => fs.some((f) => f(x, y));
const minus = (a, b) => (x, y) => a(x, y) && !b(x, y);

const ICONS = {
  // 首页: a house with a door
  home: minus(union(tri(0.5, 0.1, 0.06, 0.5, 0.94, 0.5), rect(0.18, 0.45, 0.82, 0.9)), rect(0.42, 0.62, 0.58, 0.9)),
  // 预约: a calendar
  booking: union(
    minus(roundRect(0.1, 0.18, 0.9, 0.9, 0.08), rect(0.18, 0.38, 0.82, 0.82)),
    rect(0.26, 0.08, 0.34, 0.28),
    rect(0.66, 0.08, 0.74, 0.28),
    rect(0.28, 0.48, 0.42, 0.6),
    rect(0.58, 0.48, 0.72, 0.6),
    rect(0.28, 0.66, 0.42, 0.76),
  ),
  // 众筹: a heart
  crowdfund: union(circle(0.32, 0.38, 0.2), circle(0.68, 0.38, 0.2), tri(0.13, 0.46, 0.87, 0.46, 0.5, 0.9)),
  // 我的: a person
  me: union(circle(0.5, 0.3, 0.18), minus(circle(0.5, 0.98, 0.4), rect(0, 0.92, 1, 1))),
};

const COLORS = { normal: [0x8a, 0x8a, 0x8a], active: [0xc8, 0x16, 0x1d] };

mkdirSync(OUT, { recursive: true });
for (const [name, shape] of Object.entries(ICONS)) {
  for (const [variant, [r, g, b]] of Object.entries(COLORS)) {
    const buf = Buffer.alloc(SIZE * SIZE * 4);
    for (let py = 0; py < SIZE; py++) {
      for (let px = 0; px < SIZE; px++) {
        let hits = 0;
        for (let sy = 0; sy < SS; sy++)
          for (let sx = 0; sx < SS; sx++) if (shape((px + (sx + 0.5) / SS) / SIZE, (py + (sy + 0.5) / SS) / SIZE)) hits++;
        const i = (py * SIZE + px) * 4;
        buf[i] = r; buf[i + 1] = g; buf[i + 2] = b;
        buf[i + 3] = Math.round((255 * hits) / (SS * SS));
      }
    }
    const file = join(OUT, `${name}${variant === 'active' ? '-active' : ''}.png`);
    writeFileSync(file, png(SIZE, SIZE, buf));
  }
}
console.log(`icons written to ${OUT}`);
