import * as z from 'zod';
import type { RouteDef } from './route-def';
import { hasUnsafeText } from './common';
import { MAX_UPLOAD_BYTES, UPLOAD_TYPES, type UploadContentType } from '../image-type';

export { MAX_UPLOAD_BYTES, UPLOAD_TYPES, type UploadContentType };

/**
 * Photo uploads 照片上传: the client asks for a presigned S3 POST, sends the image straight
 * to the bucket, then references the returned `key` when it saves a station, room,
 * crowdfund or receipt. The API checks the object before it keeps it (functions/src/uploads).
 */

/** What a photo is for; each has its own key prefix and is only accepted where it belongs. */
export const UPLOAD_PURPOSES = ['station', 'room', 'crowdfund', 'receipt', 'avatar', 'activity', 'request', 'wish'] as const;
export const UploadPurpose = z.enum(UPLOAD_PURPOSES, { error: '照片用途无效' }).meta({ id: 'UploadPurpose' });
export type UploadPurpose = z.infer<typeof UploadPurpose>;


export const CreateUploadRequest = z
  .object({
    purpose: UploadPurpose,
    contentType: z.enum(Object.keys(UPLOAD_TYPES) as [UploadContentType, ...UploadContentType[]], { error: '只能上传 JPG、PNG 或 WebP 格式的图片' }),
    bytes: z
      .number({ error: '请提供图片大小（字节）' })
      .int('图片大小须为整数（字节）')
      .min(1, '图片是空的')
      .max(MAX_UPLOAD_BYTES, '图片不能超过 5 MB，请压缩后再上传'),
  })
  .meta({ id: 'CreateUploadRequest' });
export type CreateUploadRequest = z.input<typeof CreateUploadRequest>;

export const UploadTicket = z
  .object({
    /** Reference this key when saving; it is valid for a day. */
    key: z.string(),
    /** POST a multipart form to `url`: every field of `fields`, then the file as `file` (last). */
    url: z.string(),
    fields: z.record(z.string(), z.string()),
    /** The form is accepted until then (ISO 8601). */
    expiresAt: z.string(),
    maxBytes: z.number().int(),
  })
  .meta({ id: 'UploadTicket' });
export type UploadTicket = z.infer<typeof UploadTicket>;

/** A fresh upload's key: `incoming/<purpose>/<yyyymmdd>/<random>.<ext>` (older keys hold the uploader's id there). */
export const INCOMING_KEY = /^incoming\/([a-z]+)\/([A-Za-z0-9_-]{1,64})\/([A-Za-z0-9_-]{16,64})\.(jpg|png|webp)$/;
/** A kept photo's key (the upload copied out of `incoming/` when it was attached). */
export const ATTACHED_KEY = /^([a-z]+)\/([A-Za-z0-9_-]{1,64})\/([A-Za-z0-9_-]{16,64})\.(jpg|png|webp)$/;

function isHttpsUrl(v: string): boolean {
  try {
    return new URL(v).protocol === 'https:' && !hasUnsafeText(v);
  } catch {
    return false;
  }
}

/**
 * A photo as a save request names it: the key of an upload (`incoming/…`), or a photo the
 * item already has (its attached key, or an https link of older data, sent back unchanged).
 */
export const PhotoRef = z
  .string({ error: '照片无效，请重新上传' })
  .max(500, '照片地址过长')
  .refine((v) => INCOMING_KEY.test(v) || ATTACHED_KEY.test(v) || isHttpsUrl(v), '照片无效，请重新上传');

export const uploadRoutes = {
  createUpload: {
    method: 'post',
    path: '/uploads',
    summary: '申请上传照片（返回直传对象存储的表单，5 MB 以内的 JPG/PNG/WebP）',
    auth: 'user',
    body: CreateUploadRequest,
    response: UploadTicket,
  },
} as const satisfies Record<string, RouteDef>;
