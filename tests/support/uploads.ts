import { PNG } from 'pngjs';
import type { UploadContentType, UploadPurpose, UploadTicket } from '../../shared/src/api/uploads';
import { call } from './http';

/** A real PNG: `size`×`size` pixels of one colour (the red of the app by default). */
export function pngBytes(size = 8, rgb: [number, number, number] = [0xc8, 0x10, 0x2e]): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < size * size; i++) png.data.set([...rgb, 255], i * 4);
  return PNG.sync.write(png);
}

/** The smallest JPEG header a sniffer accepts (SOI + APP0 JFIF); enough for the magic-bytes check. */
export const jpegHead = () => Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01]);

/** POSTs a file with the ticket's form, as the browser and wx.uploadFile do; returns the HTTP status. */
export async function postToBucket(ticket: Pick<UploadTicket, 'url' | 'fields'>, bytes: Buffer, contentType: string): Promise<number> {
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)], { type: contentType }), 'photo');
  const res = await fetch(ticket.url, { method: 'POST', body: form });
  await res.arrayBuffer();
  return res.status;
}

/** Asks the API for a ticket (over HTTP, as `token`) and uploads `bytes` with it; returns the key to save. */
export async function uploadOverHttp(
  token: string,
  purpose: UploadPurpose,
  bytes: Buffer = pngBytes(),
  contentType: UploadContentType = 'image/png',
): Promise<string> {
  const ticket = await call<UploadTicket>('POST', '/uploads', { token, body: { purpose, contentType, bytes: bytes.length } });
  if (ticket.status !== 201) throw new Error(`POST /uploads: ${ticket.status} ${JSON.stringify(ticket.body)}`);
  const status = await postToBucket(ticket.body, bytes, contentType);
  if (status >= 300) throw new Error(`upload to the bucket: ${status}`);
  return ticket.body.key;
}
