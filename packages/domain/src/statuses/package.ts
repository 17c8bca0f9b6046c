/**
 * State of one GİB upload package (`VKN-YYYYMM-{YB,KB,EB,DR}-PPPPPP[-ŞŞŞŞ]`), finer than the row
 * status: built → sending → sent → (processing) → approved → downloaded; or rejected / send_failed /
 * download_failed. `SENDING` is written *before* the upload so a crash mid-send is detectable
 * (spec §4: GİB answers 111 "already uploaded"; never upload twice). Codes are stored; never rename.
 */

/** Package state codes by name. */
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

/** Every package state code (for zod enums and exhaustive checks). */
export const PACKAGE_STATE_CODES = Object.freeze(Object.values(PackageState)) as readonly PackageState[] as readonly [PackageState, ...PackageState[]];

/** Turkish (GİB portal wording) and English label of each package state. */
export const PACKAGE_STATE_LABELS: Readonly<Record<PackageState, { tr: string; en: string }>> = Object.freeze({
  BUILT: { tr: 'Paket Oluşturuldu', en: 'Package built' },
  SENDING: { tr: 'Gönderiliyor', en: 'Sending' },
  SENT: { tr: "GİB'e Gönderildi", en: 'Sent to GİB' },
  PROCESSING: { tr: 'GİB Tarafından İşleniyor', en: 'Being processed by GİB' },
  APPROVED: { tr: 'Paket Başarıyla İşlendi', en: 'Package processed successfully' },
  DOWNLOADED: { tr: 'Onaylı Berat İndirildi', en: 'Approved berat downloaded' },
  REJECTED: { tr: 'GİB Tarafından Reddedildi', en: 'Rejected by GİB' },
  SEND_FAILED: { tr: 'Gönderilemedi', en: 'Could not be sent' },
  DOWNLOAD_FAILED: { tr: 'Onaylı Berat İndirilemedi', en: 'Approved berat could not be downloaded' },
});

/** States in which GİB already holds the package: it must never be uploaded again (spec §4). */
export const AT_GIB_STATES: readonly PackageState[] = Object.freeze(['SENT', 'PROCESSING', 'APPROVED', 'DOWNLOADED', 'DOWNLOAD_FAILED'] as const);

/** True when GİB already holds a package in state `s` (see {@link AT_GIB_STATES}). */
export function isAtGib(s: string): boolean {
  return (AT_GIB_STATES as readonly string[]).includes(s);
}

/** Parses a stored state code. @throws TypeError on an unknown code */
export function parsePackageState(s: string): PackageState {
  if (!Object.hasOwn(PACKAGE_STATE_LABELS, s)) throw new TypeError(`unknown package state ${JSON.stringify(s)}`);
  return s as PackageState;
}
