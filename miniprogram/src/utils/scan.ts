/**
 * Reading a code 码上通 token out of whatever reached the app:
 * - the H5 poster URL   https://…/#/pages/scan/index?t=<token>   (functions/src/codes/poster.ts)
 * - a WeChat mini-program code: the page gets `scene=<token>` (URL-encoded by WeChat)
 * - Taro.scanCode of a mini-program code: `path` = "pages/scan/index?scene=<token>"
 * - WeChat's "scan a plain QR, open the mini-program": `q=<the encoded URL>`
 * - a bare token typed or pasted by hand.
 */

/** Same rule as shared CODE_TOKEN_PATTERN (22 base64url characters today; 16–32 accepted). */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,32}$/;

/** The scan entry page; its path and the `t` parameter match the backend's poster URL. */
export const SCAN_PAGE = '/pages/scan/index';

export function isToken(value: string | undefined | null): boolean {
  return typeof value === 'string' && TOKEN_PATTERN.test(value);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** `a=1&b=2` → { a: '1', b: '2' } (values decoded once). */
function parseQuery(query: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of query.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = safeDecode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : safeDecode(part.slice(eq + 1).replace(/\+/g, ' '));
    if (key && !(key in out)) out[key] = value;
  }
  return out;
}

/** A `scene` value: the token itself, or `t=<token>` if someone packed it that way. */
function tokenFromScene(scene: string, depth: number): string | null {
  const decoded = safeDecode(scene.trim());
  if (isToken(decoded)) return decoded;
  if (decoded.includes('=') && depth < 3) return tokenFromQuery(parseQuery(decoded), depth + 1);
  return null;
}

function tokenFromQuery(params: Record<string, string | undefined>, depth: number): string | null {
  const t = params.t?.trim();
  if (t && isToken(t)) return t;
  if (params.scene) {
    const fromScene = tokenFromScene(params.scene, depth);
    if (fromScene) return fromScene;
  }
  if (params.q && depth < 3) return parseScanResultAt(safeDecode(params.q), depth + 1);
  return null;
}

function parseScanResultAt(raw: string, depth: number): string | null {
  const text = raw.trim();
  if (!text) return null;
  if (isToken(text)) return text;
  // Every '?'-query in the text (the hash route's query comes after '#/…?').
  const queries: string[] = [];
  let idx = text.indexOf('?');
  while (idx >= 0) {
    const end = text.indexOf('#', idx + 1);
    queries.push(text.slice(idx + 1, end < 0 ? undefined : end).split('?')[0]);
    idx = text.indexOf('?', idx + 1);
  }
  for (const q of queries.reverse()) {
    const token = tokenFromQuery(parseQuery(q), depth);
    if (token) return token;
  }
  return null;
}

/** Token of a scanned or pasted text (URL, mini-program path, or bare token); null if none. */
export function parseScanResult(raw: string | undefined | null): string | null {
  if (typeof raw !== 'string') return null;
  return parseScanResultAt(raw, 0);
}

/** Token of the scan page's own parameters: `t` (H5 poster URL), `scene` (WeChat code) or `q`. */
export function tokenFromParams(params: Record<string, string | undefined>): string | null {
  return tokenFromQuery(params, 0);
}

export function scanPageUrl(token: string): string {
  return `${SCAN_PAGE}?t=${encodeURIComponent(token)}`;
}
