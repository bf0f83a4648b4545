import type { Message } from '@shared/api/messages';

/** A message as stored in `INBOX#<userId>/MSG#<id>`: the API's shape (read flag as written) plus its recipient and expiry. */
export interface MessageRecord extends Message {
  userId: string;
  /** Epoch seconds, 180 days after it was written: stored as `ttl` too, for DynamoDB to remove it. */
  expiresAt: number;
  /** Set for a message delivered at most once (reminders, fan-outs): its `ONCE#` marker's key. */
  onceKey?: string;
}

/** `INBOX#<userId>/COUNTER`. */
export interface InboxCounter {
  unread: number;
  seq: number;
  /** Every message whose id sorts at or before this one is read (全部已读). */
  readUpTo?: string;
}

/** What an event says to one person; `newMessage` turns it into a record. */
export type Notice = Pick<Message, 'kind' | 'title' | 'body' | 'link'>;

/** A subscription message waiting in the outbox (`OUTBOX#PENDING`), its fields already cut to WeChat's limits. */
export interface OutboxItem {
  /** Idempotency key: `<message id>#<template id>`. */
  key: string;
  userId: string;
  templateId: string;
  /** Mini-program page the card opens (no leading slash). */
  page: string;
  data: Record<string, { value: string }>;
  /** Failed sends so far. */
  attempts: number;
  /** Epoch ms: when it is (next) due; part of its sort key. */
  dueMs: number;
  createdAt: string;
  lastError?: string;
  claimedBy?: string;
  claimUntil?: number;
}
