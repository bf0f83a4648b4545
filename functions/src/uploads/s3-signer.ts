import { createHash, createHmac } from 'node:crypto';

/**
 * Presigned photo links (an S3 GET signed in its query string, AWS Signature Version 4) made
 * with node:crypto alone. Every function that shows a photo signs its links; the SDK's
 * presigner (with `@smithy/core`, which `@smithy/signature-v4` also pulls in whole) added
 * about 140 KB to each of them. The algorithm is AWS's documented one ("Authenticating
 * Requests: Using Query Parameters"); tests/unit/s3-signer.test.ts checks it against the
 * SDK's signer and with real requests against the local S3. Upload forms, made by one
 * function only, use AWS's own presigned-post library (upload-form.ts).
 */

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Where and as whom to sign. */
export interface S3Signer {
  region: string;
  credentials: S3Credentials;
  /** Path-style endpoint (the local S3: `http://127.0.0.1:4668`); unset: the region's virtual-hosted S3 endpoint. */
  endpoint?: string;
}

export interface SignedGet extends S3Signer {
  bucket: string;
  key: string;
  expiresSeconds: number;
  now?: Date;
}

/** S3's URI encoding: everything but A–Z a–z 0–9 - . _ ~ as %XX of its UTF-8 bytes (`/` kept in paths). */
export const uriEncode = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: Buffer | string, s: string) => createHmac('sha256', key).update(s, 'utf8').digest();

/** The region's S3 host for `bucket` (China regions live under amazonaws.com.cn). */
export function s3Host(bucket: string, region: string): string {
  return `${bucket}.s3.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

/** `20261130T100000Z`, its day and the credential scope of that day. */
function stamp(now: Date, region: string) {
  const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  return { amzDate, day, scope: `${day}/${region}/s3/aws4_request` };
}

const signingKey = (secretAccessKey: string, day: string, region: string) =>
  ['s3', 'aws4_request'].reduce((k, part) => hmac(k, part), hmac(hmac(`AWS4${secretAccessKey}`, day), region));

const sign = (req: S3Signer, day: string, text: string) => createHmac('sha256', signingKey(req.credentials.secretAccessKey, day, req.region)).update(text, 'utf8').digest('hex');

export function presignedGetUrl(req: SignedGet): string {
  const { amzDate, day, scope } = stamp(req.now ?? new Date(), req.region);
  const keyPath = req.key.split('/').map(uriEncode).join('/');
  const base = req.endpoint ? new URL(req.endpoint) : undefined;
  const host = base ? base.host : s3Host(req.bucket, req.region);
  const path = base ? `${base.pathname.replace(/\/$/, '')}/${uriEncode(req.bucket)}/${keyPath}` : `/${keyPath}`;
  const params: [string, string][] = [
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Content-Sha256', 'UNSIGNED-PAYLOAD'],
    ['X-Amz-Credential', `${req.credentials.accessKeyId}/${scope}`],
    ['X-Amz-Date', amzDate],
    ['X-Amz-Expires', String(req.expiresSeconds)],
    ...(req.credentials.sessionToken ? [['X-Amz-Security-Token', req.credentials.sessionToken] as [string, string]] : []),
    ['X-Amz-SignedHeaders', 'host'],
  ];
  // Sorted by name (they already are: the canonical query must be), each part encoded.
  const query = params.map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`).join('&');
  const canonicalRequest = ['GET', path, query, `host:${host}\n`, 'host', 'UNSIGNED-PAYLOAD'].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const signature = sign(req, day, stringToSign);
  return `${base ? base.protocol : 'https:'}//${host}${path}?${query}&X-Amz-Signature=${signature}`;
}

/**
 * The function's own credentials: Lambda puts its role's temporary keys into the environment
 * of every function (the SDK's default provider reads the same variables there).
 */
export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): S3Credentials {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = env;
  if (!accessKeyId || !secretAccessKey) throw new Error('photo links: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not set');
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}
