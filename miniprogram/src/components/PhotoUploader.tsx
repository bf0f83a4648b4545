import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import type { UploadPurpose, UploadTicket } from '@shared/api/uploads';
import { MAX_UPLOAD_BYTES, SNIFF_BYTES, sniffImageType, type UploadContentType } from '@shared/image-type';
import { api, ApiError } from '../api/client';
import { IS_WEAPP } from '../config';
import './PhotoUploader.css';

/** A photo of a form: `key` is what the form saves, `url` what the thumbnail shows. */
export interface PhotoItem {
  key: string;
  url: string;
}

/** A server photo list as form items: the stored keys with the links that show them. */
export const photoItems = (keys: string[], urls: string[]): PhotoItem[] => keys.map((key, i) => ({ key, url: urls[i] ?? '' }));

const TOO_BIG = '图片不能超过 5 MB，请换一张';
const NOT_IMAGE = '只能上传 JPG、PNG 或 WebP 格式的图片';
const UPLOAD_FAILED = '照片上传失败，请检查网络后重试';

/** One file picked on this platform, ready to send. */
interface Picked {
  bytes: number;
  contentType: UploadContentType | undefined;
  /** Sends the file with a ticket's form; resolves to the preview link. */
  send: (ticket: UploadTicket) => Promise<string>;
}

// ---- WeChat: chooseMedia → compressImage → uploadFile -------------------------------------------

function fileHead(path: string): UploadContentType | undefined {
  try {
    const data = Taro.getFileSystemManager().readFileSync(path, undefined, 0, SNIFF_BYTES) as ArrayBuffer;
    return sniffImageType(new Uint8Array(data));
  } catch {
    return undefined;
  }
}

function fileSize(path: string): Promise<number> {
  return new Promise((resolve, reject) =>
    Taro.getFileSystemManager().getFileInfo({ filePath: path, success: (r) => resolve(r.size), fail: reject }),
  );
}

async function pickWeapp(count: number): Promise<Picked[]> {
  const chosen = await Taro.chooseMedia({ count, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'] });
  return Promise.all(
    chosen.tempFiles.map(async (f) => {
      // Phone photos are often 3–8 MB: compress before sending (keeps the original when it fails).
      const path = await Taro.compressImage({ src: f.tempFilePath, quality: 80 }).then((r) => r.tempFilePath, () => f.tempFilePath);
      const bytes = await fileSize(path).catch(() => f.size);
      return {
        bytes,
        contentType: fileHead(path),
        send: async (ticket: UploadTicket) => {
          const res = await Taro.uploadFile({ url: ticket.url, filePath: path, name: 'file', formData: ticket.fields });
          if (res.statusCode >= 300) throw new Error(`upload ${res.statusCode}`);
          return path;
        },
      };
    }),
  );
}

// ---- H5: a file input → the form POSTed straight to the bucket ----------------------------------

function chooseFilesH5(count: number): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = 'image/jpeg,image/png,image/webp';
    input.multiple = count > 1;
    input.style.display = 'none';
    input.addEventListener('change', () => {
      resolve(Array.from(input.files ?? []).slice(0, count));
      input.remove();
    });
    document.body.appendChild(input);
    input.click();
  });
}

async function pickH5(count: number): Promise<Picked[]> {
  const files = await chooseFilesH5(count);
  return Promise.all(
    files.map(async (file) => ({
      bytes: file.size,
      contentType: sniffImageType(new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer())),
      send: async (ticket: UploadTicket) => {
        const form = new FormData();
        for (const [name, value] of Object.entries(ticket.fields)) form.append(name, value);
        form.append('file', file);
        const res = await fetch(ticket.url, { method: 'POST', body: form });
        if (!res.ok) throw new Error(`upload ${res.status}`);
        return URL.createObjectURL(file);
      },
    })),
  );
}

export interface PhotoUploaderProps {
  /** DOM id prefix: `<id>-add`, `<id>-photo-<i>`, `<id>-remove-<i>`. */
  id: string;
  purpose: UploadPurpose;
  value: PhotoItem[];
  onChange: (items: PhotoItem[]) => void;
  max?: number;
}

/**
 * Picks photos (WeChat: album or camera, compressed; H5: a file input), asks the API for
 * an upload ticket per photo and sends each straight to the bucket. The form then saves
 * the items' keys; the API checks them when it saves.
 */
export function PhotoUploader({ id, purpose, value, onChange, max = 9 }: PhotoUploaderProps) {
  const [uploading, setUploading] = useState(0);

  const add = async () => {
    if (uploading) return;
    let picked: Picked[];
    try {
      picked = await (IS_WEAPP ? pickWeapp : pickH5)(max - value.length);
    } catch {
      return; // cancelled
    }
    const ok = picked.filter((p) => {
      const problem = !p.contentType ? NOT_IMAGE : p.bytes > MAX_UPLOAD_BYTES ? TOO_BIG : '';
      if (problem) void Taro.showToast({ title: problem, icon: 'none' });
      return !problem;
    });
    if (!ok.length) return;
    setUploading(ok.length);
    const added: PhotoItem[] = [];
    for (const p of ok) {
      try {
        const ticket = await api('createUpload', { purpose, contentType: p.contentType!, bytes: p.bytes });
        added.push({ key: ticket.key, url: await p.send(ticket) });
      } catch (err) {
        // The API's refusals already showed their toast; a failed transfer to the bucket did not.
        if (!(err instanceof ApiError)) void Taro.showToast({ title: UPLOAD_FAILED, icon: 'none' });
      }
      setUploading((n) => n - 1);
    }
    onChange([...value, ...added].slice(0, max));
  };

  const remove = async (i: number) => {
    const res = await Taro.showModal({ title: '移除照片', content: '确定移除这张照片吗？', confirmText: '移除', cancelText: '取消' });
    if (res.confirm) onChange(value.filter((_, j) => j !== i));
  };

  return (
    <View id={id} className="photo-uploader">
      <View className="photo-uploader__grid">
        {value.map((p, i) => (
          <View key={p.key} className="photo-uploader__item">
            <Image
              id={`${id}-photo-${i}`}
              className="photo-uploader__img"
              src={p.url}
              mode="aspectFill"
              onClick={() => void Taro.previewImage({ current: p.url, urls: value.map((v) => v.url) })}
            />
            <Text id={`${id}-remove-${i}`} className="photo-uploader__remove" aria-label="移除照片" onClick={() => void remove(i)}>
              ×
            </Text>
          </View>
        ))}
        {value.length < max && (
          <View id={`${id}-add`} className="photo-uploader__add" aria-label="添加照片" onClick={() => void add()}>
            {uploading ? (
              <Text id={`${id}-uploading`}>上传中…</Text>
            ) : (
              <>
                <Text className="photo-uploader__plus">＋</Text>
                <Text>添加照片</Text>
              </>
            )}
          </View>
        )}
      </View>
      <Text className="photo-uploader__hint">
        {value.length}/{max} 张，JPG、PNG 或 WebP，每张不超过 5 MB
      </Text>
    </View>
  );
}
