/**
 * Error catalog, area `compliance`: the uyumluluk (compliance) measurements.
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg } from './entry.ts';

/** `compliance.*` entries. */
export const COMPLIANCE = area('compliance', {
  'compliance.xmlUnreadable': msg<{ file: string; cause: string }>({
    code: ErrorCode.NotXml,
    retriable: false,
    tr: (p) => `${p.file}: XML okunamadı: ${p.cause}`,
    en: (p) => `${p.file}: unreadable XML: ${p.cause}`,
    sample: { file: '/ay/6090408038-202601-Y-000000.xml', cause: 'Unexpected close tag' },
  }),
});
