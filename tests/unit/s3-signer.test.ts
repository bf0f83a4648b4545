import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { SignatureV4 } from '@smithy/signature-v4';
import S3rver from 's3rver';
import { credentialsFromEnv, presignedGetUrl, s3Host } from '../../functions/src/uploads/s3-signer';
import { pngBytes, postToBucket } from '../support/uploads';

/** node:crypto as the SDK's hash interface, for the reference signer. */
type Data = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: Data) => (typeof d === 'string' ? Buffer.from(d) : ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d));
class Sha256 {
  private readonly h;
  constructor(secret?: Data) {
    this.h = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256');
  }
  update(data: Data) {
    this.h.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
  reset() {}
}

/** What the SDK's signer makes of the same GET (query form, payload unsigned, only `host` signed). */
async function referenceSignature(url: URL, region: string, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, now: Date, expiresIn: number) {
  const signer = new SignatureV4({ service: 's3', region, credentials, sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  const unsigned = new Set(['x-amz-content-sha256']);
  const out = await signer.presign(
    {
      method: 'GET',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: { 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' },
      headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    },
    { expiresIn, signingDate: now, unhoistableHeaders: unsigned, unsignableHeaders: unsigned },
  );
  return out.query?.['X-Amz-Signature'];
}

const NOW = new Date('2026-11-30T10:00:00Z');
const PROD = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sessionToken: 'IQoJb3JpZ2luX2Vj/+=token' };

describe('presigned photo links without the S3 client', () => {
  it('signs exactly as the SDK signer does, in a China region with a session token (virtual-hosted S3)', async () => {
    const url = new URL(
      presignedGetUrl({ bucket: 'red-station-prod-uploads', key: 'crowdfund/20261130/Ab_-9.png', region: 'cn-northwest-1', credentials: PROD, expiresSeconds: 6 * 3600, now: NOW }),
    );
    expect(url.origin).toBe('https://red-station-prod-uploads.s3.cn-northwest-1.amazonaws.com.cn');
    expect(url.pathname).toBe('/crowdfund/20261130/Ab_-9.png');
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe(PROD.sessionToken);
    expect(url.searchParams.get('X-Amz-Credential')).toBe('ASIAEXAMPLE/20261130/cn-northwest-1/s3/aws4_request');
    expect(url.searchParams.get('X-Amz-Signature')).toBe(await referenceSignature(url, 'cn-northwest-1', PROD, NOW, 6 * 3600));
  });

  it('encodes a key segment by segment (spaces, plus, non-ASCII, reserved characters) and still signs what S3 will see', async () => {
    const key = 'wish/20261130/a b+c~é(1)*!.png';
    const link = presignedGetUrl({ bucket: 'b', key, region: 'ap-east-1', credentials: PROD, expiresSeconds: 60, now: NOW });
    const url = new URL(link);
    expect(url.host).toBe(s3Host('b', 'ap-east-1'));
    expect(url.pathname).toBe('/wish/20261130/a%20b%2Bc~%C3%A9%281%29%2A%21.png');
    expect(decodeURIComponent(url.pathname.slice(1))).toBe(key);
    expect(url.searchParams.get('X-Amz-Signature')).toBe(await referenceSignature(url, 'ap-east-1', PROD, NOW, 60));
  });

  it('path-style on a local endpoint: host with its port, bucket in the path', async () => {
    const creds = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
    const url = new URL(presignedGetUrl({ endpoint: 'http://127.0.0.1:4668', bucket: 'red-station-local-uploads', key: 'room/20261130/x.png', region: 'us-east-1', credentials: creds, expiresSeconds: 300, now: NOW }));
    expect(`${url.origin}${url.pathname}`).toBe('http://127.0.0.1:4668/red-station-local-uploads/room/20261130/x.png');
    expect(url.searchParams.has('X-Amz-Security-Token')).toBe(false);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-Date')).toBe('20261130T100000Z');
    expect(url.searchParams.get('X-Amz-Signature')).toBe(await referenceSignature(url, 'us-east-1', creds, NOW, 300));
  });

  it("takes the function's credentials from Lambda's environment, and says so when they are missing", () => {
    expect(credentialsFromEnv({ AWS_ACCESS_KEY_ID: 'A', AWS_SECRET_ACCESS_KEY: 'S', AWS_SESSION_TOKEN: 'T' })).toEqual({ accessKeyId: 'A', secretAccessKey: 'S', sessionToken: 'T' });
    expect(credentialsFromEnv({ AWS_ACCESS_KEY_ID: 'A', AWS_SECRET_ACCESS_KEY: 'S' })).toEqual({ accessKeyId: 'A', secretAccessKey: 'S' });
    expect(() => credentialsFromEnv({})).toThrow(/AWS_ACCESS_KEY_ID/);
  });
});

describe('a signed link against a real S3 server (s3rver)', () => {
  const bucket = 'signed-url-test';
  const creds = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const dir = mkdtempSync(join(tmpdir(), 'rs-signed-url-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: bucket }] });
  let endpoint: string;
  const photo = pngBytes(4);

  beforeAll(async () => {
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
    const s3 = new S3Client({ endpoint, forcePathStyle: true, region: 'us-east-1', credentials: creds });
    for (const key of ['crowdfund/20261130/p.png', 'crowdfund/20261130/a b+é.png']) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: photo, ContentType: 'image/png' }));
    }
    s3.destroy();
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const link = (key: string, opts: { now?: Date; expiresSeconds?: number; accessKeyId?: string } = {}) =>
    presignedGetUrl({
      endpoint,
      bucket,
      key,
      region: 'us-east-1',
      credentials: { ...creds, ...(opts.accessKeyId ? { accessKeyId: opts.accessKeyId } : {}) },
      expiresSeconds: opts.expiresSeconds ?? 6 * 3600,
      now: opts.now ?? new Date(),
    });

  it('shows the photo: a GET of the link answers 200 with its bytes, also for a key that needs encoding', async () => {
    for (const key of ['crowdfund/20261130/p.png', 'crowdfund/20261130/a b+é.png']) {
      const res = await fetch(link(key));
      expect([key, res.status]).toEqual([key, 200]);
      expect(Buffer.from(await res.arrayBuffer()).equals(photo)).toBe(true);
    }
  });

  it('an upload form stores the photo under its key, and the signed link then shows it', async () => {
    const key = `incoming/crowdfund/20261130/${Date.now()}.png`;
    const s3 = new S3Client({ endpoint, forcePathStyle: true, region: 'us-east-1', credentials: creds });
    const form = await createPresignedPost(s3, { Bucket: bucket, Key: key, Fields: { 'Content-Type': 'image/png' }, Expires: 600 });
    s3.destroy();
    expect(await postToBucket(form, photo, 'image/png')).toBeLessThan(300);
    const res = await fetch(link(key));
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(photo)).toBe(true);
  });

  it('stops working once it expired (signed 7 hours ago for 6 hours), and an unknown key id is refused', async () => {
    const old = await fetch(link('crowdfund/20261130/p.png', { now: new Date(Date.now() - 7 * 3600_000) }));
    expect(old.status).toBe(403);
    expect(await old.text()).toContain('Request has expired');
    const stillValid = await fetch(link('crowdfund/20261130/p.png', { now: new Date(Date.now() - 5 * 3600_000) }));
    expect(stillValid.status).toBe(200);
    await stillValid.arrayBuffer();
    const stranger = await fetch(link('crowdfund/20261130/p.png', { accessKeyId: 'NOBODY' }));
    expect(stranger.status).toBe(403);
    await stranger.arrayBuffer();
  });
});
