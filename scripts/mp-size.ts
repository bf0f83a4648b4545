/**
 * Size of the weapp build (miniprogram/dist/weapp): the main package (everything except
 * the subpackage roots) and each subpackage, in KB. Exits 1 if the main package exceeds
 * WeChat's 2 MB limit (or a subpackage exceeds 2 MB), 2 if there is no build.
 *
 *   npx tsx scripts/mp-size.ts [distDir]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

const LIMIT_BYTES = 2 * 1024 * 1024;
const dist = resolve(process.argv[2] ?? join(__dirname, '..', 'miniprogram', 'dist', 'weapp'));

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function main(): number {
  const appJsonPath = join(dist, 'app.json');
  if (!existsSync(appJsonPath)) {
    console.error(`No weapp build at ${dist} (app.json missing). Run npm run build:weapp first.`);
    return 2;
  }
  const appJson = JSON.parse(readFileSync(appJsonPath, 'utf8')) as {
    subPackages?: { root: string }[];
    subpackages?: { root: string }[];
  };
  const roots = (appJson.subPackages ?? appJson.subpackages ?? []).map((p) => p.root.replace(/\/+$/, ''));
  const sizes = new Map<string, number>(roots.map((root) => [root, 0]));
  let main = 0;
  for (const file of walk(dist)) {
    const rel = relative(dist, file).split(sep).join('/');
    const size = statSync(file).size;
    const root = roots.find((r) => rel === r || rel.startsWith(`${r}/`));
    if (root) sizes.set(root, (sizes.get(root) ?? 0) + size);
    else main += size;
  }

  let failed = false;
  console.log(`weapp build: ${dist}`);
  console.log(`  main package          ${kb(main).padStart(10)}${main > LIMIT_BYTES ? '  > 2 MB limit!' : ''}`);
  failed ||= main > LIMIT_BYTES;
  for (const [root, size] of sizes) {
    console.log(`  subpackage ${root.padEnd(10)} ${kb(size).padStart(10)}${size > LIMIT_BYTES ? '  > 2 MB limit!' : ''}`);
    failed ||= size > LIMIT_BYTES;
  }
  const total = main + [...sizes.values()].reduce((a, b) => a + b, 0);
  console.log(`  total                 ${kb(total).padStart(10)}`);
  if (failed) console.error('Package size limit exceeded (WeChat allows 2 MB per package).');
  return failed ? 1 : 0;
}

process.exitCode = main();
