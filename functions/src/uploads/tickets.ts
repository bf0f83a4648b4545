import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { MAX_UPLOAD_BYTES, UPLOAD_TYPES, type CreateUploadRequest, type UploadTicket } from '@shared/api/uploads';
import type { Principal } from '../lib/authorize';
import { nowIso } from '../lib/time';
import { putUploadRecord } from './storage';
import { presignPost } from './upload-form';

/**
 * Upload tickets (`POST /uploads`): a key of the day and randomness, the upload record that
 * later proves who uploaded it, and a form that may store exactly that key. Only this route's
 * function imports this module (see upload-form.ts).
 */

/** How long a ticket's form is accepted. */
const TICKET_SECONDS = 10 * 60;
/** How long an upload may wait to be attached (the record's TTL; the lifecycle rule is a day too). */
const UPLOAD_TTL_SECONDS = 24 * 60 * 60;

type CreateUpload = z.output<typeof CreateUploadRequest>;

export async function createUpload(principal: Principal, body: CreateUpload, now = new Date()): Promise<UploadTicket> {
  // The uploader stays in the upload record only: keys end up in public photo links, so they
  // carry the day (Asia/Shanghai) and randomness, never who uploaded.
  const day = nowIso(now).slice(0, 10).replace(/-/g, '');
  const key = `incoming/${body.purpose}/${day}/${randomBytes(16).toString('base64url')}.${UPLOAD_TYPES[body.contentType]}`;
  const nowSeconds = Math.floor(now.getTime() / 1000);
  await putUploadRecord({
    key,
    userId: principal.userId,
    purpose: body.purpose,
    contentType: body.contentType,
    bytes: body.bytes,
    createdAt: now.toISOString(),
    ttl: nowSeconds + UPLOAD_TTL_SECONDS,
  });
  const { url, fields } = await presignPost(key, body.contentType, MAX_UPLOAD_BYTES, TICKET_SECONDS);
  return { key, url, fields, expiresAt: new Date(now.getTime() + TICKET_SECONDS * 1000).toISOString(), maxBytes: MAX_UPLOAD_BYTES };
}
