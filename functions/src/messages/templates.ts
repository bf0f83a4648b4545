import * as z from 'zod';
import { MessageKind, SUBSCRIBE_NEEDS, type SubscribeAsksResponse } from '@shared/api/messages';
import { config } from '../lib/config';
import { logger } from '../lib/logger';
import { inChina } from '../lib/time';
import type { MessageRecord } from './model';

/**
 * The stage's WeChat subscription-message templates 订阅消息 (serverless.yml param
 * `subscribeTemplates`, env SUBSCRIBE_TEMPLATES, JSON): per template its id (from the
 * mini-program's admin console), the message kinds it carries, and its keywords: name
 * (e.g. "thing1"), WeChat's keyword type, and which part of the inbox message fills it.
 * All are one-time templates 一次性订阅: each acceptance allows one send.
 */
export const KeywordType = z.enum(['thing', 'number', 'letter', 'symbol', 'character_string', 'time', 'date', 'amount', 'phone_number', 'car_number', 'name', 'phrase']);
export type KeywordType = z.infer<typeof KeywordType>;

const Template = z.strictObject({
  id: z.string().min(1).max(128),
  kinds: z.array(MessageKind).min(1),
  keywords: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[a-z_]+\d+$/),
        type: KeywordType,
        /** title / body / createdAt of the inbox message, or a fixed text. */
        from: z.union([z.enum(['title', 'body', 'createdAt']), z.strictObject({ text: z.string() })]),
      })
      .refine((k) => (k.type !== 'time' && k.type !== 'date') || k.from === 'createdAt', 'time and date keywords are filled from createdAt'),
    )
    .min(1)
    .max(10),
});
export type SubscribeTemplate = z.infer<typeof Template>;
const Templates = z.array(Template);

let parsed: { raw: string; list: SubscribeTemplate[] } | undefined;

/** The configured templates (parsed once per distinct config value). A bad config sends nothing and logs why. */
export function subscribeTemplates(): SubscribeTemplate[] {
  const raw = config().subscribeTemplates;
  if (parsed?.raw === raw) return parsed.list;
  let list: SubscribeTemplate[] = [];
  if (raw) {
    const res = Templates.safeParse(safeJson(raw));
    if (res.success) list = res.data;
    else logger.error('SUBSCRIBE_TEMPLATES is invalid: no subscription message is sent', { issues: res.error.issues.slice(0, 5) });
  }
  parsed = { raw, list };
  return list;
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** The templates each tap asks for: those carrying a kind of its need, in config order, at most 3. */
export function subscribeAsks(): SubscribeAsksResponse {
  const idsFor = (kinds: readonly MessageKind[]) => subscribeTemplates().filter((t) => t.kinds.some((k) => kinds.includes(k))).map((t) => t.id).slice(0, 3);
  return { booking: idsFor(SUBSCRIBE_NEEDS.booking), pledge: idsFor(SUBSCRIBE_NEEDS.pledge), request: idsFor(SUBSCRIBE_NEEDS.request) };
}

export const templateById = (id: string) => subscribeTemplates().find((t) => t.id === id);
export const templateForKind = (kind: MessageKind) => subscribeTemplates().find((t) => t.kinds.includes(kind));

/** WeChat's time: 24-hour, with the date, in Asia/Shanghai: "2026年12月01日 14:00". */
export function wechatTime(iso: string): string {
  return inChina(iso).format('YYYY年MM月DD日 HH:mm');
}

/** WeChat's date: "2026年12月01日". */
export function wechatDate(iso: string): string {
  return inChina(iso).format('YYYY年MM月DD日');
}

const chars = (s: string) => [...s];
const cut = (s: string, n: number) => chars(s).slice(0, n).join('');
/** thing: 20 characters; longer text ends in "…" within the 20. */
const ellipsis = (s: string, n: number) => (chars(s).length <= n ? s : `${cut(s, n - 1)}…`);
const HAN = /\p{Script=Han}/u;

/**
 * A value cut to what WeChat accepts for the keyword type (a value past the limit makes the
 * whole send fail with 47003). Documented limits: thing ≤ 20 characters; number ≤ 32 digits
 * (decimal allowed); letter ≤ 32 letters; symbol ≤ 5 symbols; character_string ≤ 32 digits,
 * letters or symbols; phrase ≤ 5 Chinese characters only; name ≤ 10 Chinese characters (or
 * 20 letters when it has none); phone_number ≤ 17; car_number ≤ 8; amount: a currency sign
 * and ≤ 10 digits; time / date as formatted by wechatTime / wechatDate.
 */
export function fitKeyword(type: KeywordType, value: string): string {
  const v = value.replace(/\s+/g, ' ').trim();
  switch (type) {
    case 'thing':
      return ellipsis(v, 20);
    case 'number':
      return cut(v.replace(/[^\d.]/g, ''), 32);
    case 'letter':
      return cut(v.replace(/[^A-Za-z]/g, ''), 32);
    case 'symbol':
      return cut(v.replace(/[\p{L}\p{N}\s]/gu, ''), 5);
    case 'character_string':
      return cut(v.replace(/[^\x21-\x7e]/g, ''), 32);
    case 'phrase':
      return cut(chars(v).filter((c) => HAN.test(c)).join(''), 5);
    case 'name':
      return chars(v).some((c) => HAN.test(c)) ? cut(v.replace(/\s/g, ''), 10) : cut(v, 20);
    case 'phone_number':
      return cut(v.replace(/[^\d+\-]/g, ''), 17);
    case 'car_number':
      return cut(v.replace(/\s/g, ''), 8);
    case 'amount':
      return cut(v.replace(/\s/g, ''), 12);
    case 'time':
    case 'date':
      return v;
  }
}

/** The `data` of subscribeMessage.send for an inbox message: {thing1: {value}, time2: {value}, …}. */
export function templateData(t: SubscribeTemplate, m: Pick<MessageRecord, 'title' | 'body' | 'createdAt'>): Record<string, { value: string }> {
  const data: Record<string, { value: string }> = {};
  for (const k of t.keywords) {
    const source = typeof k.from === 'object' ? k.from.text : m[k.from];
    const value = k.type === 'time' ? wechatTime(source) : k.type === 'date' ? wechatDate(source) : fitKeyword(k.type, source);
    data[k.name] = { value };
  }
  return data;
}
