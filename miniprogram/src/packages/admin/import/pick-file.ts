import Taro from '@tarojs/taro';
import { IMPORT_MAX_BYTES } from '@shared/import-limits';
import { ApiError } from '../../../api/client';
import { IS_WEAPP } from '../../../config';

/** A spreadsheet the admin picked: its name and its bytes as base64 (what the import route takes). */
export interface PickedFile {
  name: string;
  size: number;
  contentBase64: string;
}

const tooBig = () => new ApiError(0, 'FILE_TOO_BIG', '文件不超过 2 MB，请删去多余的工作表或拆分后分批导入');
const wrongKind = () => new ApiError(0, 'FILE_KIND', '请选择 Excel（.xlsx）或 CSV 文件');

/** WeChat: the file comes from a chat (文件传输助手 or the office's group), as people share spreadsheets there. */
async function pickInWeapp(): Promise<PickedFile | null> {
  let res: Taro.chooseMessageFile.SuccessCallbackResult;
  try {
    res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx', 'csv'] });
  } catch {
    return null; // cancelled
  }
  const file = res.tempFiles[0];
  if (!file) return null;
  if (!/\.(xlsx|csv)$/i.test(file.name)) throw wrongKind();
  if (file.size > IMPORT_MAX_BYTES) throw tooBig();
  const contentBase64 = Taro.getFileSystemManager().readFileSync(file.path, 'base64') as string;
  return { name: file.name, size: file.size, contentBase64 };
}

/** H5 (desktop browser): a file input, kept in the page so a test can find it (`#admin-import-file-input`). */
function pickInBrowser(): Promise<PickedFile | null> {
  return new Promise((resolve, reject) => {
    let input = document.getElementById('admin-import-file-input') as HTMLInputElement | null;
    if (!input) {
      input = document.createElement('input');
      input.type = 'file';
      input.id = 'admin-import-file-input';
      input.accept = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';
      input.style.display = 'none';
      document.body.appendChild(input);
    }
    input.value = '';
    input.onchange = () => {
      const file = input!.files?.[0];
      if (!file) return resolve(null);
      if (!/\.(xlsx|csv)$/i.test(file.name)) return reject(wrongKind());
      if (file.size > IMPORT_MAX_BYTES) return reject(tooBig());
      const reader = new FileReader();
      reader.onload = () => {
        const url = String(reader.result);
        resolve({ name: file.name, size: file.size, contentBase64: url.slice(url.indexOf(',') + 1) });
      };
      reader.onerror = () => reject(new ApiError(0, 'FILE_READ', '读取文件失败，请重试'));
      reader.readAsDataURL(file);
    };
    input.click();
  });
}

export function pickSpreadsheet(): Promise<PickedFile | null> {
  return IS_WEAPP ? pickInWeapp() : pickInBrowser();
}
