/**
 * Photo files (issue 8): the types and size the API accepts, and what a file really is.
 * Plain TypeScript (no zod), so the mini-program imports it without the schemas.
 */

/** Image types accepted, with the file extension the key gets. */
export const UPLOAD_TYPES = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const;
export type UploadContentType = keyof typeof UPLOAD_TYPES;
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/** How many leading bytes `sniffImageType` needs. */
export const SNIFF_BYTES = 12;

const startsWith = (bytes: Uint8Array, sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * Shared by the API (attachUploads checks every upload) and the mini-program (labels the
 * file it sends with its real type).
 *
 * The image type the file really is, from its magic numbers (not from the name or the
 * declared content type): JPEG `FF D8 FF`, PNG `89 50 4E 47 0D 0A 1A 0A`, WebP
 * `RIFF????WEBP`. Anything else is not an image we keep.
 */
export function sniffImageType(bytes: Uint8Array): UploadContentType | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  return undefined;
}
