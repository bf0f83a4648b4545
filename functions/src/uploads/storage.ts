import type { S3Client } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { UploadContentType, UploadPurpose } from '@shared/api/uploads';
import { config } from '../lib/config';
import { ddb, fromItem, tableName } from '../lib/dynamo';
import { keys } from '../lib/keys';
import { credentialsFromEnv, presignedGetUrl, type S3Signer } from './s3-signer';

/** The only module that speaks to the uploads bucket and stores upload records. */

export interface UploadRecord {
  key: string;
  userId: string;
  purpose: UploadPurpose;
  contentType: UploadContentType;
  bytes: number;
  createdAt: string;
  /** Epoch seconds: a day after the ticket was issued (DynamoDB Local keeps it: checked on read). */
  ttl: number;
}

export async function putUploadRecord(record: UploadRecord): Promise<void> {
  await ddb().send(new PutCommand({ TableName: tableName(), Item: { ...keys.upload(record.key), entity: 'Upload', ...record } }));
}

export async function getUploadRecord(key: string): Promise<UploadRecord | undefined> {
  const out = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.upload(key), ConsistentRead: true }));
  return out.Item ? fromItem<UploadRecord>(out.Item) : undefined;
}

let kit: Promise<{ sdk: typeof import('@aws-sdk/client-s3'); client: S3Client }> | undefined;

/** The local S3 server's fixed account (scripts/local/s3.ts). */
const LOCAL_S3 = { region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } };

/**
 * The S3 client, loaded on first use: most functions that import this module (every page
 * that shows a photo) never touch S3 when photos are served through CloudFront, and the
 * SDK and its signer are a large part of a cold start.
 * Locally the S3-compatible server of the stack (path-style URLs, its fixed account);
 * in AWS the function's role and the region's endpoint.
 */
export function s3(): Promise<{ sdk: typeof import('@aws-sdk/client-s3'); client: S3Client }> {
  kit ??= import('@aws-sdk/client-s3').then((sdk) => {
    const { s3Endpoint } = config().uploads;
    const client = new sdk.S3Client(s3Endpoint ? { endpoint: s3Endpoint, forcePathStyle: true, ...LOCAL_S3 } : {});
    return { sdk, client };
  });
  return kit;
}

export const bucket = () => config().uploads.bucket;

/** Size and type of a stored object, or undefined when there is none. */
export async function headObject(key: string): Promise<{ bytes: number; contentType?: string } | undefined> {
  const { sdk, client } = await s3();
  try {
    const out = await client.send(new sdk.HeadObjectCommand({ Bucket: bucket(), Key: key }));
    return { bytes: out.ContentLength ?? 0, contentType: out.ContentType };
  } catch (err) {
    if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
    throw err;
  }
}

/** The first `count` bytes of an object (a ranged GET: the rest is never downloaded). */
export async function readFirstBytes(key: string, count: number): Promise<Uint8Array> {
  const { sdk, client } = await s3();
  const out = await client.send(new sdk.GetObjectCommand({ Bucket: bucket(), Key: key, Range: `bytes=0-${count - 1}` }));
  const bytes = (await out.Body?.transformToByteArray()) ?? new Uint8Array();
  return bytes.subarray(0, count);
}

/** Copies an upload out of `incoming/` (which the bucket's lifecycle rule empties after a day). */
export async function copyObject(from: string, to: string, contentType: string): Promise<void> {
  const { sdk, client } = await s3();
  await client.send(
    new sdk.CopyObjectCommand({
      Bucket: bucket(),
      CopySource: `${bucket()}/${from}`,
      Key: to,
      ContentType: contentType,
      MetadataDirective: 'REPLACE',
      CacheControl: 'private, max-age=31536000, immutable',
    }),
  );
}

/**
 * Who signs photo links (s3-signer.ts, no S3 client: the presigner would add about 140 KB
 * to every function that shows a photo; upload forms are signed in upload-form.ts): locally the local S3's account,
 * in AWS the function's role, whose keys Lambda puts into the environment.
 */
function signer(): S3Signer {
  const { s3Endpoint } = config().uploads;
  return s3Endpoint ? { endpoint: s3Endpoint, ...LOCAL_S3 } : { region: process.env.AWS_REGION ?? 'us-east-1', credentials: credentialsFromEnv() };
}

/** A time-limited link that shows a private photo. */
export async function presignGet(key: string, expiresSeconds: number, now = new Date()): Promise<string> {
  return presignedGetUrl({ ...signer(), bucket: bucket(), key, expiresSeconds, now });
}
