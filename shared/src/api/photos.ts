import * as z from 'zod';
import { hasUnsafeText } from './common';

function isHttpsUrl(v: string): boolean {
  try {
    return new URL(v).protocol === 'https:' && !hasUnsafeText(v);
  } catch {
    return false;
  }
}

/** A photo a save names: an upload's key (`incoming/…` or an attached key) or an https link of older data. */
export const PhotoRef = z
  .string({ error: '照片无效，请重新上传' })
  .max(500, '照片地址过长')
  .refine((v) => /^[a-z]+(\/[A-Za-z0-9_-]{1,64}){2,3}\.(jpg|png|webp)$/.test(v) || isHttpsUrl(v), '照片无效，请重新上传');

/** The photos of a station or room: at most 9, like a WeChat moment. */
export const Photos = z.array(PhotoRef).max(9, '照片最多 9 张');
