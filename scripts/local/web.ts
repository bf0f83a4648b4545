import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, extname, join, normalize, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
export const H5_DIR = resolve(ROOT, 'miniprogram/dist/h5');

/** Builds the H5 mini-program configured to call `apiBase`; Taro's progress output goes to `logFile`. */
export async function buildH5(apiBase: string, logFile: string, stage = 'local'): Promise<void> {
  await run('npx', ['taro', 'build', '--type', 'h5'], resolve(ROOT, 'miniprogram'), { TARO_APP_API_BASE_URL: apiBase, TARO_APP_STAGE: stage }, logFile);
}

export async function buildWeapp(logFile: string): Promise<void> {
  await run('npx', ['taro', 'build', '--type', 'weapp'], resolve(ROOT, 'miniprogram'), {}, logFile);
}

/** Runs a build, its output into a log file; on failure the log's tail is in the error. */
function run(cmd: string, args: string[], cwd: string, env: Record<string, string>, logFile: string): Promise<void> {
  mkdirSync(dirname(logFile), { recursive: true });
  const out = openSync(logFile, 'w');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', out, out], env: { ...process.env, ...env } });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) return resolvePromise();
      const tail = readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
      reject(new Error(`${cmd} ${args.join(' ')} exited with ${code} (log: ${logFile})\n${tail}`));
    });
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

export interface StaticServer {
  url: string;
  stop: () => Promise<void>;
}

/** Serves the H5 build; unknown paths fall back to index.html (hash routing needs no more). */
export function serveStatic(dir: string, port: number): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) file = join(dir, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('H5 尚未构建');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': file.endsWith('index.html') ? 'no-cache' : 'max-age=3600',
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolvePromise({
        url: `http://127.0.0.1:${port}`,
        stop: () => new Promise<void>((r) => server.close(() => r())),
      }),
    );
  });
}
