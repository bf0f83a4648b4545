import type { UploadContentType } from '@shared/api/uploads';
import { bucket, s3 } from './storage';

/**
 * The upload form (presigned POST) of a ticket, made by AWS's own presigned-post library.
 * Only `POST /uploads` imports this module (through tickets.ts): the library and the
 * `@smithy/core` it brings (about 140 KB) stay out of every function that merely shows or
 * attaches photos.
 */
export async function presignPost(key: string, contentType: UploadContentType, maxBytes: number, expiresSeconds: number) {
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
