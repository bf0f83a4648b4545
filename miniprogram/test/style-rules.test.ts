/**
 * Readability rules every stylesheet keeps (issue #12), so pages added later inherit them:
 * no text below 14 px in normal mode (28px in design units; care mode's zoom makes it 18 px)
 * and no grey text lighter than #767676 (4.5:1 on white, WCAG AA). The browser tests measure
 * the rendered pages; this catches a stylesheet before anything is built.
 */
import fs from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(__dirname, '..', 'src');

function cssFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return cssFiles(p);
    return e.name.endsWith('.css') ? [p] : [];
  });
}

/** Each `property: value` of every stylesheet, with where it is. */
function declarations(property: string): Array<{ where: string; value: string }> {
  return cssFiles(SRC).flatMap((file) =>
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => {
        const m = line.match(new RegExp(`(?:^|[\\s;{])${property}\\s*:\\s*([^;]+)`));
        return m ? [{ where: `${path.relative(SRC, file)}:${i + 1}`, value: m[1].trim() }] : [];
      }),
  );
}

test('no font size below 14 px (28px design units, or 14PX unscaled)', () => {
  const small = declarations('font-size').filter(({ value }) => {
    const design = value.match(/^([\d.]+)px$/);
    const fixed = value.match(/^([\d.]+)PX$/);
    return (design && Number(design[1]) < 28) || (fixed && Number(fixed[1]) < 14);
  });
  expect(small).toEqual([]);
});

test('no grey text lighter than #767676 (4.5:1 on white)', () => {
  const hex = (v: string) => {
    const m = v.match(/^#([0-9a-f]{3}|[0-9a-f]{6})\b/i);
    if (!m) return null;
    const h = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
  };
  const light = declarations('color').filter(({ value }) => {
    const rgb = hex(value);
    if (!rgb) return false;
    const [r, g, b] = rgb;
    const grey = Math.max(r, g, b) - Math.min(r, g, b) <= 12;
    return grey && r > 0x76 && r < 0xf0; // white (on colour) is fine; light greys are not
  });
  expect(light).toEqual([]);
});
