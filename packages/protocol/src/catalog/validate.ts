/**
 * Error catalog, area `validate`: XSD and schematron validation.
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg, type Bilingual } from './entry.ts';

/** `validate.*` entries. */
export const VALIDATE = area('validate', {
  'validate.schemaDoctype': msg<{ file: string }>({
    code: ErrorCode.DoctypeForbidden,
    retriable: false,
    tr: (p) => `${p.file}: DOCTYPE içeren şema reddedildi`,
    en: (p) => `${p.file}: schema with DOCTYPE refused`,
    sample: { file: '/gib/sch/edefter_yevmiye.sch' },
  }),
  'validate.xmlDoctype': msg<{ name: string; file: string }>({
    code: ErrorCode.DoctypeForbidden,
    retriable: false,
    tr: (p) => `${p.name}: DOCTYPE içeren XML reddedildi`,
    en: (p) => `${p.name}: XML with a DOCTYPE is refused`,
    sample: { name: '6090408038-202601-Y-000000.xml', file: '/ay/6090408038-202601-Y-000000.xml' },
  }),
  'validate.xsdCompile': msg<{ file: string; name: string; reason: Bilingual }>({
    code: ErrorCode.Internal,
    retriable: false,
    tr: (p) => `GİB XSD derlenemedi (${p.name}): ${p.reason.tr}`,
    en: (p) => `cannot compile GİB XSD (${p.name}): ${p.reason.en}`,
    sample: { file: '/gib/xsd/gl-cor.xsd', name: 'gl-cor.xsd', reason: { tr: "tanımsız önek 'x'", en: "undeclared prefix 'x'" } },
  }),
});
