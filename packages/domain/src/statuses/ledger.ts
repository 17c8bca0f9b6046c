/**
 * Status of one e-Defter row (company / period / part / book), as the seed's e-Defter list shows it
 * in its "Durum" column (spec §7). Codes are stable ASCII strings stored in the workflow database;
 * never rename one: database rows, pages and the extension match on them.
 */

/** Row status codes by name. */
export const LedgerStatus = {
  NotStarted: 'NOT_STARTED',
  FileCreated: 'FILE_CREATED',
  FileSigned: 'FILE_SIGNED',
  BeratCreated: 'BERAT_CREATED',
  BeratSigned: 'BERAT_SIGNED',
  SentToGib: 'SENT',
  ApprovedDownloaded: 'APPROVED_DOWNLOADED',
  // error states: the step named failed; the user may retry it
  BuildFailed: 'BUILD_FAILED',
  SignFailed: 'SIGN_FAILED',
  BeratFailed: 'BERAT_FAILED',
  BeratSignFailed: 'BERAT_SIGN_FAILED',
  SendFailed: 'SEND_FAILED',
  GibRejected: 'GIB_REJECTED',
  DownloadFailed: 'DOWNLOAD_FAILED',
} as const;

/** Union of the row status codes. */
export type LedgerStatus = (typeof LedgerStatus)[keyof typeof LedgerStatus];

/** Every row status code (for zod enums and exhaustive checks). */
export const LEDGER_STATUS_CODES = Object.freeze(Object.values(LedgerStatus)) as readonly LedgerStatus[] as readonly [LedgerStatus, ...LedgerStatus[]];

/** Turkish (the seed's "Durum" column) and English label of each row status. */
export const LEDGER_STATUS_LABELS: Readonly<Record<LedgerStatus, { tr: string; en: string }>> = Object.freeze({
  NOT_STARTED: { tr: 'İşlem Yapılmadı', en: 'Not started' },
  FILE_CREATED: { tr: 'Dosya Oluşturuldu', en: 'File created' },
  FILE_SIGNED: { tr: 'Dosya İmzalandı', en: 'File signed' },
  BERAT_CREATED: { tr: 'Berat Oluşturuldu', en: 'Berat created' },
  BERAT_SIGNED: { tr: 'Berat İmzalandı', en: 'Berat signed' },
  SENT: { tr: "GİB'e Gönderildi", en: 'Sent to GİB' },
  APPROVED_DOWNLOADED: { tr: 'Onaylı Berat İndirildi', en: 'Approved berat downloaded' },
  BUILD_FAILED: { tr: 'Dosya Oluşturulamadı', en: 'File could not be created' },
  SIGN_FAILED: { tr: 'Dosya İmzalanamadı', en: 'File could not be signed' },
  BERAT_FAILED: { tr: 'Berat Oluşturulamadı', en: 'Berat could not be created' },
  BERAT_SIGN_FAILED: { tr: 'Berat İmzalanamadı', en: 'Berat could not be signed' },
  SEND_FAILED: { tr: "GİB'e Gönderilemedi", en: 'Could not be sent to GİB' },
  GIB_REJECTED: { tr: 'GİB Tarafından Reddedildi', en: 'Rejected by GİB' },
  DOWNLOAD_FAILED: { tr: 'Onaylı Berat İndirilemedi', en: 'Approved berat could not be downloaded' },
});

/**
 * Position of each status in the flow (0 = nothing done, 6 = done). An error state has the rank
 * of the last step that succeeded before it, so the workflow resumes from there.
 */
export const LEDGER_STATUS_RANK: Readonly<Record<LedgerStatus, number>> = Object.freeze({
  NOT_STARTED: 0,
  FILE_CREATED: 1,
  FILE_SIGNED: 2,
  BERAT_CREATED: 3,
  BERAT_SIGNED: 4,
  SENT: 5,
  APPROVED_DOWNLOADED: 6,
  BUILD_FAILED: 0,
  SIGN_FAILED: 1,
  BERAT_FAILED: 2,
  BERAT_SIGN_FAILED: 3,
  SEND_FAILED: 4,
  GIB_REJECTED: 4,
  DOWNLOAD_FAILED: 5,
});

/** True for the error states. */
export function isErrorStatus(s: LedgerStatus): boolean {
  return s.endsWith('_FAILED') || s === LedgerStatus.GibRejected;
}

/** Parses a stored status code. @throws TypeError on an unknown code */
export function parseLedgerStatus(s: string): LedgerStatus {
  if (!Object.hasOwn(LEDGER_STATUS_LABELS, s)) throw new TypeError(`unknown ledger status ${JSON.stringify(s)}`);
  return s as LedgerStatus;
}
