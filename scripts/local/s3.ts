import { mkdirSync } from 'node:fs';
import S3rver from 's3rver';
import { onStopAll } from './processes';

export interface LocalS3 {
  /** Path-style endpoint the API and the browser both use (http://127.0.0.1:<port>). */
  endpoint: string;
  bucket: string;
  stop: () => Promise<void>;
}

/** CORS of the local bucket: the H5 app POSTs its photos straight to it (as it does to S3 when deployed). */
function corsXml(origins: string[]): string {
  const allowed = origins.map((o) => `<AllowedOrigin>${o}</AllowedOrigin>`).join('');
  return `<CORSConfiguration><CORSRule>${allowed}<AllowedMethod>POST</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedHeader>*</AllowedHeader><MaxAgeSeconds>600</MaxAgeSeconds></CORSRule></CORSConfiguration>`;
}

/**
 * An S3-compatible server (s3rver) in this Node process, with the uploads bucket: objects
 * in `dataDir`. It does not enforce a POST policy's conditions (size, type): the API
 * checks every upload again before attaching it, so the local stack refuses the same files.
 * Stopped with the rest of the stack (processes.ts stopAll).
 */
export async function startS3Local(opts: { port: number; dataDir: string; bucket: string; origins: string[] }): Promise<LocalS3> {
  mkdirSync(opts.dataDir, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: opts.port,
    silent: true,
    directory: opts.dataDir,
    configureBuckets: [{ name: opts.bucket, configs: [corsXml(opts.origins)] }],
  });
  await server.run();
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= server.close());
  onStopAll(stop);
  return { endpoint: `http://127.0.0.1:${opts.port}`, bucket: opts.bucket, stop };
}
