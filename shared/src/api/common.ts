import * as z from 'zod';

/**
 * Primitives every domain's schemas build on, so that nothing a client sends can reach
 * DynamoDB unbounded (keys: 2,048 bytes partition, 1,024 sort) or garble a public page.
 */

/** Longest id we ever issue or accept (ours are ≤ 40; tokens are 22). */
export const ID_MAX = 64;
const ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/** An id of ours (path or body): 1–64 characters of A–Z a–z 0–9 _ -. */
export const Id = z
  .string({ error: '请填写编号' })
  .min(1, '请填写编号')
  .max(ID_MAX, `编号不超过 ${ID_MAX} 个字符`)
  .regex(ID_PATTERN, '编号只能包含字母、数字、- 和 _');

/** True when `value` could be one of our ids (used for path parameters). */
export const isId = (value: string) => value.length >= 1 && value.length <= ID_MAX && ID_PATTERN.test(value);

/**
 * Control characters (except tab/newline in multi-line text), bidi overrides and isolates
 * (U+202A–202E, U+2066–2069), other invisible format marks, and lone surrogates: any of
 * them lets a name on a public page be spoofed or garbled. Emoji (proper pairs) stay allowed.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f\u200b\u200c\u200e\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/u;
// eslint-disable-next-line no-control-regex
const FORBIDDEN_MULTI_LINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b\u200c\u200e\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/u;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** A zero-width joiner is fine inside an emoji sequence (👨‍👩‍👧), invisible padding anywhere else. */
const STRAY_ZWJ = /(?<!\p{Extended_Pictographic}[\u{fe0f}\u{1f3fb}-\u{1f3ff}]?)\u200d|\u200d(?!\p{Extended_Pictographic})/u;

export function hasUnsafeText(value: string, multiLine = false): boolean {
  return (multiLine ? FORBIDDEN_MULTI_LINE : FORBIDDEN_SINGLE_LINE).test(value) || LONE_SURROGATE.test(value) || STRAY_ZWJ.test(value);
}

const UNSAFE_TEXT_MESSAGE = '含有不可见或控制字符，请删除后重试';

/**
 * Free text a person types (names, purposes, reasons, descriptions): trimmed, bounded in
 * characters, and free of control/bidi/invisible characters. `min` 0 allows empty.
 * `messages` keeps a field's own wording where the generic one would say less.
 */
export function Text(opts: { max: number; min?: number; label?: string; multiLine?: boolean; messages?: { required?: string; min?: string; max?: string } }) {
  const { max, min = 1, label = '内容', multiLine = false, messages = {} } = opts;
  const required = messages.required ?? `请填写${label}`;
  let s = z.string({ error: required }).trim();
  if (min > 0) s = s.min(min, min === 1 ? required : (messages.min ?? `${label}至少 ${min} 个字`));
  return s.max(max, messages.max ?? `${label}不超过 ${max} 个字`).refine((v) => !hasUnsafeText(v, multiLine), `${label}${UNSAFE_TEXT_MESSAGE}`);
}

/** YYYY-MM-DD that exists on the calendar (no 2026-13-45). */
export const DateString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((d) => isCalendarDate(d), '日期不存在');

/**
 * Asia/Shanghai wall-clock date-time on the half hour, `YYYY-MM-DDTHH:mm` (24:00 ends a
 * day), whose date exists on the calendar (no 2026-13-45T10:00).
 */
export const LocalDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):(00|30)$|^\d{4}-\d{2}-\d{2}T24:00$/, '时间格式应为 YYYY-MM-DDTHH:mm（整点或半点）')
  .refine((v) => isCalendarDate(v.slice(0, 10)), '日期不存在');

export function isCalendarDate(d: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(d);
}

/** An https URL (photos until uploads exist): no javascript:, data:, http:. */
export const HttpsUrl = z
  .string()
  .max(1024, '链接不超过 1024 个字符')
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'https:' && !hasUnsafeText(v);
    } catch {
      return false;
    }
  }, '图片链接须以 https:// 开头');

/** Largest page any list returns. */
export const PAGE_MAX = 50;
export const PAGE_DEFAULT = 20;

/** An opaque cursor as the API hands it out (base64url), bounded. */
export const Cursor = z
  .string()
  .max(2048, '分页参数无效')
  .regex(/^[A-Za-z0-9_-]+$/, '分页参数无效');

/** `?limit=&cursor=` of every list: limit 1–50 (default 20), cursor from the previous page. */
export const PageQuery = z.object({
  limit: z.coerce
    .number({ error: '每页条数须为数字' })
    .int('每页条数须为整数')
    .min(1, '每页至少 1 条')
    .max(PAGE_MAX, `每页最多 ${PAGE_MAX} 条`)
    .default(PAGE_DEFAULT),
  cursor: Cursor.optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** A page of `item`: `nextCursor` is present while more items follow. */
export function pageOf<T extends z.ZodType>(item: T, id: string) {
  return z.object({ items: z.array(item), nextCursor: Cursor.optional() }).meta({ id });
}
