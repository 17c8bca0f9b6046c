/**
 * Error catalog, area `documents`: inspecting e-Defter documents (kind, name, signed or not).
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg } from './entry.ts';

/** `documents.*` entries. */
export const DOCUMENTS = area('documents', {
  'documents.emptyFile': msg<{ name: string }>({
    code: ErrorCode.EmptyFile, retriable: false,
    tr: (p) => `Dosya boş: ${p.name}`,
    en: (p) => `Empty file: ${p.name}`,
    sample: { name: '6090408038-202601-Y-000000.xml' },
  }),
});
