import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { MAX_UPLOAD_BYTES, UPLOAD_TYPES, type CreateUploadRequest, type UploadContentType, type UploadTicket } from '@shared/api/uploads';
import type { Principal } from '../lib/authorize';
import { nowIso } from '../lib/time';
import { bucket, putUploadRecord, s3 } from './storage';

/**
 * Upload tickets (`POST /uploads`): only this route's function imports this module, so the
 * presigned-POST library (and the `@smithy/core` it bundles, about 140 KB) stays out of
 * every function that merely shows or attaches photos (domain.ts).
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

/** A browser/mini-program form that may store exactly this key, of this type, up to `maxBytes`. */
async function presignPost(key: string, contentType: UploadContentType, maxBytes: number, expiresSeconds: number) {
  const [{ client }, { createPresignedPost }] = await Promise.all([s3(), import('@aws-sdk/s3-presigned-post')]);
  return createPresignedPost(client, {
    Bucket: bucket(),
    Key: key,
    Conditions: [
      ['content-length-range', 1, maxBytes],
      ['eq', '$Content-Type', contentType],
    ],
    Fields: { 'Content-Type': contentType },
    Expires: expiresSeconds,
  });
}
