/**
 * Hands a text file to the person, in both builds:
 * - H5: a Blob and an `<a download>` link, clicked (the browser saves the file).
 * - weapp: written under USER_DATA_PATH, then offered with wx.shareFileMessage (send it to
 *   oneself in a chat: the way a WeChat user keeps a file; openDocument opens no .json);
 *   where that is unavailable (PC WeChat, old base library) the text goes to the clipboard.
 */
import Taro from '@tarojs/taro';

export type SaveOutcome = 'downloaded' | 'shared' | 'copied' | 'cancelled';

export async function saveTextFile(fileName: string, text: string, mimeType = 'application/json'): Promise<SaveOutcome> {
  if (process.env.TARO_ENV === 'h5') {
    const url = URL.createObjectURL(new Blob([text], { type: `${mimeType};charset=utf-8` }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.style.display = 'none';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return 'downloaded';
  }
  try {
    const filePath = `${Taro.env.USER_DATA_PATH}/${fileName}`;
    Taro.getFileSystemManager().writeFileSync(filePath, text, 'utf8');
    await Taro.shareFileMessage({ filePath, fileName });
    return 'shared';
  } catch (err) {
    if (/cancel/i.test((err as { errMsg?: string } | undefined)?.errMsg ?? '')) return 'cancelled';
    await Taro.setClipboardData({ data: text });
    return 'copied';
  }
}
