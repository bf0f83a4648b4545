import * as z from 'zod';
import type { RouteDef } from './route-def';
import { Id, PageQuery, pageOf } from './common';

/** What a message is about (its kind decides nothing on the client but the icon). */
export const MessageKind = z.enum([
  'booking_submitted',
  'booking_approved',
  'booking_rejected',
  'booking_cancelled',
  'booking_no_show',
  'booking_reminder',
  'membership_confirmed',
  'membership_rejected',
  'report_in_confirmed',
  'report_in_rejected',
  'post_released',
  'pledge_confirmed',
  'crowdfund_funded',
  'crowdfund_failed',
  'crowdfund_completed',
  'activity_signed_up',
  'activity_waitlisted',
  'activity_promoted',
  'activity_cancelled',
  'activity_no_show',
  'activity_hours_credited',
  'activity_reminder',
  'invite_accepted',
  'request_update',
  'request_assigned',
  'wish_claimed',
  'wish_delivered',
  'wish_confirmed',
  'wish_lapsed',
  'wish_submitted',
]);
export type MessageKind = z.infer<typeof MessageKind>;

/** One inbox message 消息: `link` is the mini-program page it is about (opened on tap). */
export const Message = z
  .object({
    id: z.string(),
    kind: MessageKind,
    title: z.string(),
    body: z.string(),
    link: z.string(),
    createdAt: z.string(),
    read: z.boolean(),
  })
  .meta({ id: 'Message' });
export type Message = z.infer<typeof Message>;

export const MessageListResponse = pageOf(Message, 'MessageListResponse');
export const UnreadCountResponse = z.object({ unread: z.number().int().min(0) }).meta({ id: 'UnreadCountResponse' });

/** Either some messages by id (at most one page) or every message: `{"all": true}`. */
export const MarkReadRequest = z
  .union([
    z.strictObject({ ids: z.array(Id).min(1, '请选择要标为已读的消息').max(50, '一次最多 50 条') }),
    z.strictObject({ all: z.literal(true, { error: '全部已读请传 all: true' }) }),
  ])
  .meta({ id: 'MarkReadRequest' });
export type MarkReadRequest = z.infer<typeof MarkReadRequest>;

/** The one-time subscription-message templates the person accepted at a 订阅 ask (WeChat asks at most 3 at a time). */
export const SubscribeRequest = z
  .strictObject({
    accepted: z
      .array(z.string().min(1, '模板 ID 不能为空').max(128, '模板 ID 过长'))
      .max(3, '一次最多订阅 3 个模板'),
  })
  .meta({ id: 'SubscribeRequest' });
export type SubscribeRequest = z.infer<typeof SubscribeRequest>;
export const SubscribeResponse = z.object({ accepted: z.array(z.string()) }).meta({ id: 'SubscribeResponse' });

/**
 * The taps that create a need to be told later, and the message kinds each one's 订阅 ask
 * covers: submitting a booking (its review, reminder, no-show), pledging (confirmed, the
 * crowdfund's outcome), reporting a request (its progress).
 */
export const SUBSCRIBE_NEEDS = {
  booking: ['booking_approved', 'booking_rejected', 'booking_cancelled', 'booking_reminder', 'booking_no_show'],
  pledge: ['pledge_confirmed', 'crowdfund_funded', 'crowdfund_failed', 'crowdfund_completed'],
  request: ['request_update'],
} as const satisfies Record<string, readonly MessageKind[]>;
export type SubscribeNeed = keyof typeof SUBSCRIBE_NEEDS;

/** Per need, the template ids the mini-program asks for (at most 3: WeChat's limit per ask; none when the stage has none). */
const AskIds = z.array(z.string()).max(3);
export const SubscribeAsksResponse = z.object({ booking: AskIds, pledge: AskIds, request: AskIds }).meta({ id: 'SubscribeAsksResponse' });
export type SubscribeAsksResponse = z.infer<typeof SubscribeAsksResponse>;

export const messagesRoutes = {
  listMyMessages: { method: 'get', path: '/me/messages', summary: '我的消息（分页，新的在前）', auth: 'user', query: PageQuery, response: MessageListResponse },
  myUnreadCount: { method: 'get', path: '/me/messages/unread-count', summary: '未读消息数', auth: 'user', response: UnreadCountResponse },
  markMessagesRead: { method: 'post', path: '/me/messages/read', summary: '标为已读（指定消息或全部）', auth: 'user', body: MarkReadRequest, response: UnreadCountResponse },
  subscribeAsks: { method: 'get', path: '/subscriptions/asks', summary: '各操作可请求订阅的消息模板（每次最多 3 个）', auth: 'none', response: SubscribeAsksResponse },
  subscribeMessages: { method: 'post', path: '/me/subscriptions', summary: '记录用户同意的订阅消息（每个一次性模板加一次发送机会）', auth: 'user', body: SubscribeRequest, response: SubscribeResponse },
} as const satisfies Record<string, RouteDef>;
