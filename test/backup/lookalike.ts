/**
 * Look-alike month files for the fast backup tests: the six files with the GİB structure that
 * çapraz doğrulama reads (root element, berat's top-level ds:SignatureValue, ds:Signature/ds:SignatureValue,
 * xades:CounterSignature) but with made-up signature values, plus verifiers that accept them.
 * The real signed month (xades + GİB seal) is built by signed-month.ts.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type MonthPartKey } from '../../packages/domain/src/index.ts';
import type { CrossCheckDeps } from '../../packages/bridge/src/backup/crosscheck.ts';
import { backupFileName } from '../../packages/bridge/src/backup/files.ts';

const NS =
  'xmlns:edefter="http://www.edefter.gov.tr" xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:xades="http://uri.etsi.org/01903/v1.3.2#"';

const sig = (value: string, id: string, counter?: string): string =>
  `<ds:Signature Id="Signature_${id}"><ds:SignedInfo/><ds:SignatureValue Id="SignatureValue_${id}">\n${value}\n</ds:SignatureValue>` +
  (counter
    ? `<ds:Object><xades:QualifyingProperties Target="#Signature_${id}"><xades:UnsignedProperties><xades:UnsignedSignatureProperties><xades:CounterSignature><ds:Signature Id="GIB"><ds:SignedInfo/><ds:SignatureValue>${counter}</ds:SignatureValue></ds:Signature></xades:CounterSignature></xades:UnsignedSignatureProperties></xades:UnsignedProperties></xades:QualifyingProperties></ds:Object>`
    : '') +
  `</ds:Signature>`;

const b64 = (): string => randomBytes(48).toString('base64');

/**
 * Writes the six look-alike files of `ref` into `dir`.
 * @returns the signature values used (by role)
 */
export async function writeLookalikeMonth(dir: string, ref: MonthPartKey): Promise<Record<string, string>> {
  await fs.mkdir(dir, { recursive: true });
  const v = { Y: b64(), K: b64(), YB: b64(), KB: b64(), GY: b64(), GK: b64() };
  const defter = (value: string, id: string): string =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<edefter:defter ${NS}><xbrli:xbrl>${'<x>şğüİı</x>'.repeat(50)}</xbrli:xbrl>${sig(value, id)}</edefter:defter>\n`;
  const berat = (defterValue: string, value: string, id: string, counter?: string): string =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<edefter:berat ${NS}><xbrli:xbrl/><ds:SignatureValue>${defterValue}</ds:SignatureValue>${sig(value, id, counter)}</edefter:berat>\n`;
  const w = (role: Parameters<typeof backupFileName>[1], text: string): Promise<void> => fs.writeFile(path.join(dir, backupFileName(ref, role)), text);
  await w('Y', defter(v.Y, 'Y'));
  await w('K', defter(v.K, 'K'));
  await w('YB', berat(v.Y, v.YB, 'YB'));
  await w('KB', berat(v.K, v.KB, 'KB'));
  await w('GIB-YB', berat(v.Y, v.YB, 'YB', v.GY));
  await w('GIB-KB', berat(v.K, v.KB, 'KB', v.GK));
  return v;
}

/** Verifiers that accept any file and read values with our own reader (no cryptography). */
export function lookalikeDeps(): CrossCheckDeps {
  return {
    async verifyXmlFile() {
      return { ok: true, errors: [] };
    },
    async readSignatureValue(p: string) {
      const { readSignatureValues } = await import('../../packages/bridge/src/xades/signature-values.ts');
      return (await readSignatureValues(p)).signatureValue ?? '';
    },
    async verifyCounterSignature() {
      return { ok: true, errors: [] };
    },
  };
}
