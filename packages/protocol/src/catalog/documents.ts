/**
 * Error catalog, area `documents`: inspecting e-Defter documents (kind, name, signed or not).
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg, type Bilingual } from './entry.ts';

const NAME = '6090408038-202601-Y-000000.xml';

/** `documents.*` entries. */
export const DOCUMENTS = area('documents', {
  'documents.emptyFile': msg<{ name: string }>({
    code: ErrorCode.EmptyFile,
    retriable: false,
    tr: (p) => `Dosya boş: ${p.name}`,
    en: (p) => `Empty file: ${p.name}`,
    sample: { name: NAME },
  }),
  'documents.givenTwice': msg<{ name: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.name} iki kez verilmiş.`,
    en: (p) => `${p.name} is given twice.`,
    sample: { name: NAME },
  }),
  'documents.notXml': msg<{ name: string; reason: string }>({
    code: ErrorCode.NotXml,
    retriable: false,
    tr: (p) => `${p.name}: geçerli bir XML belgesi değil (${p.reason}).`,
    en: (p) => `${p.name}: not a well-formed XML document (${p.reason}).`,
    sample: { name: NAME, reason: 'not UTF-8' },
  }),
  'documents.doctypeForbidden': msg<{ name: string }>({
    code: ErrorCode.DoctypeForbidden,
    retriable: false,
    tr: (p) => `${p.name}: DOCTYPE veya ENTITY bildirimi içeren XML imzalanmaz.`,
    en: (p) => `${p.name}: XML with a DOCTYPE or ENTITY declaration is refused.`,
    sample: { name: NAME },
  }),
  'documents.notEdefter': msg<{ name: string; reason: 'not-edefter'; why: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.name}: GİB e-Defter belgesi değil (Y, K, E, YB, KB, EB veya DR olmalı; ${p.why}). Yalnızca e-Defter belgeleri imzalanır.`,
    en: (p) => `${p.name}: not a GİB e-Defter document (must be Y, K, E, YB, KB, EB or DR; ${p.why}). Only e-Defter documents are signed.`,
    sample: { name: NAME, reason: 'not-edefter', why: 'root element xbrli:xbrl' },
  }),
  'documents.ambiguous': msg<{ name: string; reason: 'ambiguous'; what: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.name}: "${p.what}" birden fazla kez geçiyor; belge bilgileri belirsiz.`,
    en: (p) => `${p.name}: "${p.what}" occurs more than once; the document's facts are ambiguous.`,
    sample: { name: NAME, reason: 'ambiguous', what: 'gl-cor:amount' },
  }),
  'documents.badTaxId': msg<{ name: string; reason: 'bad-tax-id'; vkn: string; problem: Bilingual }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.name}: belgedeki ${p.problem.tr}; imzalanmadı.`,
    en: (p) => `${p.name}: the document's ${p.problem.en}; not signed.`,
    sample: { name: NAME, reason: 'bad-tax-id', vkn: '6090408039', problem: { tr: 'VKN denetim hanesi tutmuyor', en: 'VKN check digit is wrong' } },
  }),
  'documents.nameContradictsContent': msg<{ name: string; reason: 'name-mismatch'; type: string; vkn: string; periodStart: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.name}: dosya adı içerikle uyuşmuyor (içerik: ${p.type}, ${p.vkn}, ${p.periodStart}).`,
    en: (p) => `${p.name}: the file name contradicts the content (content: ${p.type}, ${p.vkn}, ${p.periodStart}).`,
    sample: { name: NAME, reason: 'name-mismatch', type: 'K', vkn: '6090408038', periodStart: '2026-01-01' },
  }),
});
