import * as z from 'zod';
import { PhotoRef } from './uploads';

/** The photos of a station or room: at most 9, like a WeChat moment (upload keys, see uploads.ts). */
export const Photos = z.array(PhotoRef).max(9, '照片最多 9 张');
