import {
  ATTACHED_KEY,
  INCOMING_KEY,
  MAX_UPLOAD_BYTES,
  type UploadPurpose,
} from '@shared/api/uploads';
import type { FieldError } from '@shared/errors';
import type { Principal } from '../lib/authorize';
import { config } from '../lib/config';
import { ruleBroken } from '../lib/errors';
import { SNIFF_BYTES, sniffImageType } from '@shared/image-type';
import * as store from './storage';

/**
 * Photo uploads. A client asks for a ticket (`createUpload`, tickets.ts), POSTs the image straight to
 * the bucket under `incoming/<purpose>/<yyyymmdd>/<random>.<ext>`, then names that key when it
 * saves something. The saving domain calls `attachUploads`, which checks the object and
 * copies it out of `incoming/` (emptied by the bucket's lifecycle rule after a day), and
 * `photoUrls` when it answers, to turn stored keys into links a phone can show.
 */

/** How long a presigned photo link works. */
const PHOTO_LINK_SECONDS = 6 * 60 * 60;

/** Where a saving domain's photos sit in its request, for the 422's field path and message. */
export interface PhotoField {
  /** The request field, e.g. `photos` or `receiptPhotos` (errors name `photos.0`). */
  field: string;
  /** The field's Chinese name, e.g. 照片 or 收据照片. */
  label: string;
}

/** The 422 of one photo: its field path and a Chinese message naming it. */
function refused(code: string, at: PhotoField, index: number, problem: string): never {
  const message = `${at.label}第 ${index + 1} 张${problem}`;
  const fields: FieldError[] = [{ path: `${at.field}.${index}`, message }];
  throw ruleBroken(code, message, fields);
}

/** Checks one fresh upload; returns its content type (as the bytes say) when it may be kept. */
async function checkUpload(principal: Principal, purpose: UploadPurpose, key: string, at: PhotoField, index: number, now: Date): Promise<string> {
  const record = await store.getUploadRecord(key);
  if (!record || record.ttl * 1000 <= now.getTime()) refused('UPLOAD_UNKNOWN', at, index, '照片无效或已过期，请重新上传');
  if (record.userId !== principal.userId) refused('UPLOAD_NOT_YOURS', at, index, '照片不是你上传的，请重新上传');
  if (record.purpose !== purpose) refused('UPLOAD_WRONG_PURPOSE', at, index, '照片不是为此用途上传的，请重新上传');
  const head = await store.headObject(key);
  if (!head) refused('UPLOAD_MISSING', at, index, '照片尚未上传成功，请重新上传');
  if (head.bytes > MAX_UPLOAD_BYTES) refused('UPLOAD_TOO_LARGE', at, index, '照片超过 5 MB，请压缩后重新上传');
  const type = sniffImageType(await store.readFirstBytes(key, SNIFF_BYTES));
  if (!type || type !== record.contentType) refused('NOT_AN_IMAGE', at, index, '不是有效的 JPG、PNG 或 WebP 图片，请重新选择');
  return type;
}

/**
 * Call before saving photos a client named. `refs` is the request's list; `keep` what the
 * item already has (those pass unchanged: an attached key, or an https link of older data).
 * Every other ref must be a fresh upload of the caller for `purpose`, present in the bucket,
 * at most 5 MB and really a JPEG, PNG or WebP (magic bytes); else a 422 naming the field
 * (`photos.1`). Returns what to store, in order: kept refs as they were, uploads under their
 * attached key (copied out of `incoming/`, which would expire).
 */
export async function attachUploads(
  principal: Principal,
  purpose: UploadPurpose,
  refs: readonly string[],
  at: PhotoField,
  keep: readonly string[] = [],
  now = new Date(),
): Promise<string[]> {
  const checked = await Promise.all(
    refs.map(async (ref, index) => {
      if (keep.includes(ref)) return { ref };
      if (!INCOMING_KEY.test(ref)) refused('UPLOAD_UNKNOWN', at, index, '照片无效，请重新上传');
      return { ref, contentType: await checkUpload(principal, purpose, ref, at, index, now) };
    }),
  );
  return Promise.all(
    checked.map(async ({ ref, contentType }) => {
      if (!contentType) return ref;
      const attached = ref.slice('incoming/'.length);
      await store.copyObject(ref, attached, contentType);
      return attached;
    }),
  );
}

/**
 * Links that show stored photos, in order: through the stage's CloudFront base URL when
 * configured (PHOTO_BASE_URL), else presigned GETs (6 hours); https links of older data as
 * they are.
 */
export async function photoUrls(refs: readonly string[]): Promise<string[]> {
  const { photoBaseUrl } = config().uploads;
  return Promise.all(
    refs.map((ref) => {
      if (!ATTACHED_KEY.test(ref) && !INCOMING_KEY.test(ref)) return ref;
      return photoBaseUrl ? `${photoBaseUrl}/${ref}` : store.presignGet(ref, PHOTO_LINK_SECONDS);
    }),
  );
}

/**
 * A response object as an editor needs it (stations, rooms, activities): `photos` as links
 * that show, and `photoKeys`, the stored keys its form sends back to keep them.
 */
export async function withPhotoLinks<T extends { photos: string[] }>(view: T): Promise<T & { photoKeys: string[] }> {
  return { ...(await withPhotoUrls(view)), photoKeys: view.photos };
}

/** `photoUrls` of a response object's `photos` (stations, rooms, crowdfunds). */
export async function withPhotoUrls<T extends { photos: string[] }>(view: T): Promise<T> {
  return { ...view, photos: await photoUrls(view.photos) };
}
