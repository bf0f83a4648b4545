/**
 * 志愿服务时长证明: issuing a certificate draws a PDF (pdf-lib, the Chinese font, a QR code),
 * so it lives apart from hours.ts and has its own handler file: only the certificate
 * function's bundle carries the PDF libraries.
 */
import { randomBytes } from 'node:crypto';
import type { Principal } from '../lib/authorize';
import { config } from '../lib/config';
import { ruleBroken } from '../lib/errors';
import { nowIso } from '../lib/time';
import { certificatePdf, CERTIFICATE_ROWS } from './certificate-pdf';
import type { CertificateRecord } from './model';
import { hoursEntries, hoursTotal, putCertificate } from './storage';

const NUMBER_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

function certificateNumber(now: Date): string {
  const tail = Array.from(randomBytes(8), (b) => NUMBER_ALPHABET[b % NUMBER_ALPHABET.length]).join('');
  return `VH${nowIso(now).slice(0, 10).replace(/-/g, '')}${tail}`;
}

/** The public page a certificate's QR opens (the H5 app reads `n` and calls GET /certificates/{n}). */
export const verifyUrl = (number: string) => `${config().webBaseUrl}/#/packages/activities/pages/certificate/index?n=${number}`;

/** Issues a certificate (a stored snapshot with a number) and draws it. */
export async function issueCertificate(principal: Principal, now = new Date()): Promise<{ pdf: Buffer; number: string }> {
  const [total, entries] = await Promise.all([hoursTotal(principal.userId), hoursEntries(principal.userId, { limit: CERTIFICATE_ROWS })]);
  if (total.minutes <= 0) throw ruleBroken('NO_HOURS', '还没有志愿服务时长记录，暂不能开具证明');
  const c: CertificateRecord = {
    number: certificateNumber(now),
    userId: principal.userId,
    name: principal.user.nickname,
    minutes: total.minutes,
    activityCount: total.entries,
    stations: [...new Set(entries.items.map((e) => e.stationName))],
    issuedAt: nowIso(now),
  };
  await putCertificate(c);
  return { pdf: await certificatePdf(c, entries.items, verifyUrl(c.number)), number: c.number };
}

