/**
 * Statuses of the e-Defter workflow, as the seed's e-Defter list shows them (spec §7), and the
 * finer states of a GİB upload package.
 *
 * Codes are stable ASCII strings stored in the workflow database; the Turkish labels are what
 * the user sees. Never rename a code: database rows, pages and the extension match on them.
 */

/** Book (defter türü) of a workflow row: Yevmiye, Büyük Defter (kebir), Defter Raporu, Envanter Defteri. */
export type Book = 'Y' | 'K' | 'DR' | 'E';

/** Turkish name of each book, as in the seed's "Defter Türü" column. */
export const BOOK_TR: Readonly<Record<Book, string>> = Object.freeze({
  Y: 'Yevmiye Defteri',
  K: 'Büyük Defter',
  DR: 'Defter Raporu',
  E: 'Envanter Defteri',
});

/** Status of one e-Defter row (company / period / part / book). */
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

/** The seed's Turkish label of each status ("Durum" column). */
export const LEDGER_STATUS_TR: Readonly<Record<LedgerStatus, string>> = Object.freeze({
  NOT_STARTED: 'İşlem Yapılmadı',
  FILE_CREATED: 'Dosya Oluşturuldu',
  FILE_SIGNED: 'Dosya İmzalandı',
  BERAT_CREATED: 'Berat Oluşturuldu',
  BERAT_SIGNED: 'Berat İmzalandı',
  SENT: "GİB'e Gönderildi",
  APPROVED_DOWNLOADED: 'Onaylı Berat İndirildi',
  BUILD_FAILED: 'Dosya Oluşturulamadı',
  SIGN_FAILED: 'Dosya İmzalanamadı',
  BERAT_FAILED: 'Berat Oluşturulamadı',
  BERAT_SIGN_FAILED: 'Berat İmzalanamadı',
  SEND_FAILED: "GİB'e Gönderilemedi",
  GIB_REJECTED: 'GİB Tarafından Reddedildi',
  DOWNLOAD_FAILED: 'Onaylı Berat İndirilemedi',
});

/** English label of each status (logs, integrator developers). */
export const LEDGER_STATUS_EN: Readonly<Record<LedgerStatus, string>> = Object.freeze({
  NOT_STARTED: 'Not started',
  FILE_CREATED: 'File created',
  FILE_SIGNED: 'File signed',
  BERAT_CREATED: 'Berat created',
  BERAT_SIGNED: 'Berat signed',
  SENT: 'Sent to GİB',
  APPROVED_DOWNLOADED: 'Approved berat downloaded',
  BUILD_FAILED: 'File could not be created',
  SIGN_FAILED: 'File could not be signed',
  BERAT_FAILED: 'Berat could not be created',
  BERAT_SIGN_FAILED: 'Berat could not be signed',
  SEND_FAILED: 'Could not be sent to GİB',
  GIB_REJECTED: 'Rejected by GİB',
  DOWNLOAD_FAILED: 'Approved berat could not be downloaded',
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
  if (!(s in LEDGER_STATUS_TR)) throw new TypeError(`unknown ledger status ${JSON.stringify(s)}`);
  return s as LedgerStatus;
}

/**
 * State of one GİB upload package (`VKN-YYYYMM-{YB,KB,DR}-PPPPPP`), finer than the row status:
 * built → sending → sent → (processing) → approved → downloaded; or rejected / send_failed /
 * download_failed. `sending` is written *before* the upload so a crash mid-send is detectable
 * (spec §4: 111 "already uploaded"; never upload twice).
 */
export const PackageState = {
  Built: 'BUILT',
  Sending: 'SENDING',
  Sent: 'SENT',
  Processing: 'PROCESSING',
  Approved: 'APPROVED',
  Downloaded: 'DOWNLOADED',
  Rejected: 'REJECTED',
  SendFailed: 'SEND_FAILED',
  DownloadFailed: 'DOWNLOAD_FAILED',
} as const;

/** Union of the package state codes. */
export type PackageState = (typeof PackageState)[keyof typeof PackageState];

/** Turkish label of each package state. */
export const PACKAGE_STATE_TR: Readonly<Record<PackageState, string>> = Object.freeze({
  BUILT: 'Paket Oluşturuldu',
  SENDING: 'Gönderiliyor',
  SENT: "GİB'e Gönderildi",
  PROCESSING: 'GİB Tarafından İşleniyor',
  APPROVED: 'Paket Başarıyla İşlendi',
  DOWNLOADED: 'Onaylı Berat İndirildi',
  REJECTED: 'GİB Tarafından Reddedildi',
  SEND_FAILED: 'Gönderilemedi',
  DOWNLOAD_FAILED: 'Onaylı Berat İndirilemedi',
});

/**
 * Backup (Yedekleme) status column, owned by the backup module (issue 7); the workflow only
 * stores it. Codes as in backup/statuses.ts: NOT_SENT (Entegratöre Gönderilmedi), RECEIVED
 * (Paket İşleme Alındı), PROCESSED (Entegratöre İşlendi), FAILED (Yedeklenemedi), STORED (Yedeklendi).
 */
export type BackupStatusCode = 'NOT_SENT' | 'RECEIVED' | 'PROCESSED' | 'FAILED' | 'STORED';
