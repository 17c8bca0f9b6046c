/**
 * Onaylı Beratı İndir, the checking half (spec §1.6, GİB-UYK p.7): a downloaded GİB-approved berat
 * is stored only if it is non-empty, carries GİB's counter-signature that verifies and chains to a
 * trusted seal CA, seals OUR berat (same SignatureValue), its own XAdES signature still verifies,
 * and it passes schema + schematron. It is then written atomically as `GIB-<berat name>.xml` in the
 * month folder.
 */
import path from 'node:path';
import yauzl from 'yauzl';
import { fail } from '@edefter/protocol';
import { readTopSignatureValue } from '../workflow/signed.ts';
import { verifyCounterSignature, type CounterSignatureResult } from './countersignature.ts';
import { validateGibDocument } from './validation.ts';
import { writeFileAtomicSync } from '../fs/atomic-write.ts';

/** Result of {@link checkApprovedBerat}. */
export interface ApprovedCheck {
  ok: boolean;
  errors: string[];
  counterSignature?: CounterSignatureResult;
}

/** Options of {@link checkApprovedBerat}. */
export interface ApprovedCheckOptions {
  /** Trust anchors for GİB's seal (default: settings trust list). */
  trustedCerts?: Buffer[];
  /** GİB e-Defter package (xsd/, sch/) for schema + schematron; see validation.ts. */
  gibPackage?: string;
  /** Run schema + schematron (default true; fault-path tests switch it off for speed). */
  validate?: boolean;
}

type XadesVerify = (xml: Buffer, o?: { trustedCerts?: Buffer[] }) => Promise<{ ok: boolean; errors: string[]; signatureValue?: string }>;

/** The XAdES verifier, loaded on first use (a literal import, so a bundle carries it). */
async function loadXadesVerifier(): Promise<XadesVerify | undefined> {
  return (await import('../xades/index.ts')).verifyXmlBuffer;
}

/**
 * Checks an approved berat against our signed berat.
 * @param approved the downloaded XML bytes
 * @param ourBerat path of our signed berat (`VKN-YYYYMM-YB-PPPPPP.xml`)
 * @param approvedName the name it will have (`GIB-…xml`; schematron reads the file name)
 */
export async function checkApprovedBerat(approved: Buffer, ourBerat: string, approvedName: string, o: ApprovedCheckOptions = {}): Promise<ApprovedCheck> {
  const errors: string[] = [];
  if (!approved.length) return { ok: false, errors: ['Onaylı berat dosyası boş / The approved berat file is empty'] };
  const ours = await readTopSignatureValue(ourBerat);
  if (!ours) return { ok: false, errors: [`${path.basename(ourBerat)} imzalı değil / is not signed`] };
  const cs = await verifyCounterSignature(approved, { trustedCerts: o.trustedCerts, expectedSignatureValue: ours });
  errors.push(...cs.errors);
  const xades = await loadXadesVerifier();
  if (!xades) {
    errors.push('XAdES doğrulayıcısı (xades/index.ts) yok: beratın kendi imzası doğrulanamadı / No XAdES verifier: the berat signature could not be checked');
  } else {
    const v = await xades(approved, { trustedCerts: undefined });
    // ü written as \u00fc: the bundle stays ASCII (packaging/sea/build.mjs checks it)
    const own = v.errors.filter((e) => !/trust|g\u00fcven|chain|zincir/i.test(e));
    if (!v.ok && own.length) errors.push(...own.map((e) => `Berat imzası / Berat signature: ${e}`));
  }
  if (o.validate !== false) {
    const val = await validateGibDocument(approved, approvedName, { gibPackage: o.gibPackage });
    if (!val.ok) errors.push(...val.errors.map((e) => `Şema/şematron / Schema/schematron: ${e}`));
  }
  return { ok: errors.length === 0, errors, counterSignature: cs };
}

/** Writes `data` to `file` atomically (temp file in the same folder, fsync, rename). */
export function writeAtomic(file: string, data: Buffer): void {
  writeFileAtomicSync(file, data, { mode: 0o600, dirMode: 0o700 });
}

/** Most entries read from a package GİB sends back (it holds one GIB-…xml). */
const APPROVED_ZIP_MAX_ENTRIES = 64;
/** Largest approved berat read from such a package (bytes); GİB's berats are a few KiB. */
const APPROVED_XML_MAX_BYTES = 16 * 1024 * 1024;

/**
 * Picks the approved berat XML out of what receiveDocumentFile returned: a zip (`GIB-<paket>.zip`
 * holding `GIB-…xml`; entries with `..`, absolute paths or folders are refused) or a bare XML.
 * Only GIB-…xml entries are inflated, each within its declared size and {@link APPROVED_XML_MAX_BYTES};
 * more than {@link APPROVED_ZIP_MAX_ENTRIES} entries are refused.
 * @throws EdefterError GIB_ERROR when no single GIB-…xml is found
 */
export async function extractApprovedXml(fileName: string, data: Buffer): Promise<{ name: string; xml: Buffer }> {
  if (data.subarray(0, 2).toString('latin1') !== 'PK') {
    return { name: fileName.replace(/\.zip$/i, '.xml'), xml: data };
  }
  const entries = await new Promise<{ name: string; xml: Buffer }[]>((resolve, reject) => {
    yauzl.fromBuffer(data, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('zip'));
      const out: { name: string; xml: Buffer }[] = [];
      let count = 0;
      const fail = (e: Error): void => {
        zip.close();
        reject(e);
      };
      zip.on('error', reject);
      zip.on('end', () => resolve(out));
      zip.on('entry', (e: yauzl.Entry) => {
        const n = e.fileName;
        if (n.includes('..') || n.startsWith('/') || n.includes('\\') || /^[A-Za-z]:/.test(n)) return fail(new Error(`unsafe zip entry ${n}`));
        if (++count > APPROVED_ZIP_MAX_ENTRIES) return fail(new Error(`more than ${APPROVED_ZIP_MAX_ENTRIES} entries`));
        // only the GIB-…xml entries are read at all, each within its declared size and the cap
        if (n.endsWith('/') || !/^GIB-.*\.xml$/i.test(path.basename(n))) {
          out.push({ name: n, xml: Buffer.alloc(0) });
          zip.readEntry();
          return;
        }
        if (e.uncompressedSize > APPROVED_XML_MAX_BYTES) return fail(new Error(`${n} is larger than ${APPROVED_XML_MAX_BYTES} bytes`));
        zip.openReadStream(e, (e2, rs) => {
          if (e2 || !rs) return reject(e2 ?? new Error('zip'));
          const chunks: Buffer[] = [];
          let got = 0;
          rs.on('data', (c: Buffer) => {
            got += c.length;
            if (got > e.uncompressedSize || got > APPROVED_XML_MAX_BYTES) {
              rs.destroy();
              fail(new Error(`${n} inflates past its declared size`));
              return;
            }
            chunks.push(c);
          })
            .on('end', () => {
              out.push({ name: n, xml: Buffer.concat(chunks) });
              zip.readEntry();
            })
            .on('error', reject);
        });
      });
      zip.readEntry();
    });
  }).catch((e: Error) => {
    throw fail('gib.approvedZipUnreadable', { cause: e.message, transient: false });
  });
  const xmls = entries.filter((e) => /^GIB-.*\.xml$/i.test(path.basename(e.name)));
  if (xmls.length !== 1) {
    throw fail('gib.approvedZipShape', { entries: entries.map((e) => e.name), transient: false });
  }
  return { name: path.basename(xmls[0].name), xml: xmls[0].xml };
}
