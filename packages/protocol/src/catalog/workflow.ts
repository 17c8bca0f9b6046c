/**
 * Error catalog, area `workflow`: the workflow store (month-part states, migrations, sync).
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg } from './entry.ts';

/** `workflow.*` entries. */
export const WORKFLOW = area('workflow', {
  'workflow.monthFolderAmbiguous': msg<{ root: string; vkn: string; period: string; hits: readonly string[] }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.vkn} ${p.period} için birden fazla ay klasörü var: ${p.hits.join(', ')}`,
    en: (p) => `More than one month folder for ${p.vkn} ${p.period}: ${p.hits.join(', ')}`,
    sample: { root: '/defterler', vkn: '6090408038', period: '202601', hits: ['/defterler/6090408038/2026/01', '/defterler/6090408038/2025-2026/01'] },
  }),
  'workflow.monthFolderMissing': msg<{ root: string; vkn: string; period: string; base: string; mm: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.vkn} ${p.period} için ay klasörü bulunamadı (${p.base}/<mali dönem>/${p.mm}/).`,
    en: (p) => `No month folder for ${p.vkn} ${p.period} (${p.base}/<fiscal period>/${p.mm}/).`,
    sample: { root: '/defterler', vkn: '6090408038', period: '202601', base: '/defterler/6090408038', mm: '01' },
  }),
  'workflow.keyInvalid': msg<{ what: string; key: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Geçersiz ${p.what}: ${p.key}`,
    en: (p) => `Invalid ${p.what}: ${p.key}`,
    sample: { what: 'dönem (YYYYMM)', key: '{"vkn":"6090408038","period":"202613","part":"000000","book":"Y"}' },
  }),
  'workflow.statusCannotGoBack': msg<{ ledger: string; status: string; requested: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.ledger} GİB'e gönderilmiş; durumu geri alınamaz.`,
    en: (p) => `${p.ledger} was already sent to GİB; its status cannot go back.`,
    sample: { ledger: '6090408038-202601-Y-000000', status: 'SENT', requested: 'SIGNED' },
  }),
  'workflow.unknownError': msg({
    code: ErrorCode.Internal,
    retriable: false,
    tr: () => 'Bilinmeyen hata',
    en: () => 'Unknown error',
  }),
  'workflow.databaseTooNew': msg<{ schemaVersion: number; known: number }>({
    code: ErrorCode.Internal,
    retriable: false,
    tr: (p) =>
      `İş akışı veritabanı bu sürümden daha yeni bir edefter-bridge tarafından yazılmış (şema ${p.schemaVersion} > ${p.known}). Lütfen ` +
      `edefter-bridge'i güncelleyin.`,
    en: (p) => `The workflow database was written by a newer edefter-bridge (schema ${p.schemaVersion} > ${p.known}). Please update edefter-bridge.`,
    sample: { schemaVersion: 9, known: 7 },
  }),
});
