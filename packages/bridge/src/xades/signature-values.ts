/**
 * Streams a signed defter or berat once and collects the signature values that çapraz doğrulama
 * compares (spec §1.5 step 4, §1.6):
 *
 * - `referencedSignatureValue`: a berat's top-level `ds:SignatureValue` (sibling after `xbrli:xbrl`,
 *   directly under `edefter:berat`) = the defter's signature value it stands for;
 * - `signatureValue`: the `ds:SignatureValue` of the LAST top-level `ds:Signature` (the file's own signature);
 * - `counterSignatureValues`: every
 *   `ds:Signature/ds:Object/xades:QualifyingProperties/xades:UnsignedProperties/xades:UnsignedSignatureProperties/xades:CounterSignature/ds:Signature/ds:SignatureValue`
 *   of that signature (GİB's seal on an approved berat).
 *
 * Parsing refuses DOCTYPE (no DTDs, no external entities) and never builds a DOM, so it is fine for
 * 200 MB defters. Base64 values are returned with whitespace removed.
 *
 * One of the bridge's two SignatureValue readers: this one streams the whole file and sees every value
 * (backup çapraz doğrulama, the berat's copied value in gib/berat-binding.ts); xades/tail.ts reads only the
 * file's own (last top-level) value from its end (signing, workflow/signed.ts).
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { EdefterError, fail } from '@edefter/protocol';
import { feedTextFile } from '../fs/feed-text.ts';

const DS = 'http://www.w3.org/2000/09/xmldsig#';
const XADES_NS = /^http:\/\/uri\.etsi\.org\/01903\/v1\.[34]\.[12]#$/;

/** What {@link readSignatureValues} found in one file. */
export interface SignatureValues {
  /** Local name of the root element (`defter`, `berat`, ...). */
  root: string;
  /** Namespace URI of the root element. */
  rootNamespace: string;
  /** Top-level `ds:SignatureValue` child of the root (berat only), whitespace removed. */
  referencedSignatureValue?: string;
  /** The file's own signature value (last top-level ds:Signature), whitespace removed. */
  signatureValue?: string;
  /** `Id` attribute of that ds:SignatureValue, when present. */
  signatureValueId?: string;
  /** Counter-signature values inside that signature's UnsignedSignatureProperties, whitespace removed. */
  counterSignatureValues: string[];
}

/**
 * Reads the signature values of a signed XML file by streaming it.
 * @param file path of a defter, berat or GİB-approved berat
 * @throws EdefterError NOT_XML when the file does not parse, DOCTYPE_FORBIDDEN when it has a DOCTYPE
 */
export async function readSignatureValues(file: string): Promise<SignatureValues> {
  const parser = new SaxesParser({ xmlns: true, position: false });
  const out: SignatureValues = { root: '', rootNamespace: '', counterSignatureValues: [] };
  // Stack of open elements as "ns|local".
  const stack: string[] = [];
  let sigDepthStart = -1; // depth of the current top-level ds:Signature (1), or -1
  let capture: null | { kind: 'ref' | 'own' | 'counter'; text: string[] } = null;
  let ownValue: string | undefined;
  let ownId: string | undefined;
  let counters: string[] = [];
  let docTypeSeen = false;

  parser.on('doctype', () => {
    docTypeSeen = true;
    throw fail('backup.xmlDoctype', { file });
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const key = `${tag.uri}|${tag.local}`;
    const depth = stack.length; // depth of this element: 0 = root
    if (depth === 0) {
      out.root = tag.local;
      out.rootNamespace = tag.uri;
    } else if (depth === 1 && key === `${DS}|SignatureValue`) {
      capture = { kind: 'ref', text: [] };
    } else if (depth === 1 && key === `${DS}|Signature`) {
      sigDepthStart = 1;
      ownValue = undefined;
      ownId = undefined;
      counters = [];
    } else if (sigDepthStart === 1 && depth === 2 && key === `${DS}|SignatureValue`) {
      capture = { kind: 'own', text: [] };
      const id = tag.attributes.Id;
      ownId = typeof id === 'string' ? id : id?.value;
    } else if (sigDepthStart === 1 && key === `${DS}|SignatureValue` && isCounterSignatureValue(stack)) {
      capture = { kind: 'counter', text: [] };
    }
    stack.push(key);
  });
  parser.on('text', (t: string) => {
    if (capture) capture.text.push(t);
  });
  parser.on('closetag', () => {
    const key = stack.pop();
    const depth = stack.length;
    if (capture && key === `${DS}|SignatureValue`) {
      const v = capture.text.join('').replace(/\s+/g, '');
      if (capture.kind === 'ref') out.referencedSignatureValue = v;
      else if (capture.kind === 'own') ownValue = v;
      else counters.push(v);
      capture = null;
    }
    if (depth === 1 && key === `${DS}|Signature`) {
      // Keep the values of the LAST top-level signature.
      out.signatureValue = ownValue;
      out.signatureValueId = ownId;
      out.counterSignatureValues = counters;
      sigDepthStart = -1;
    }
  });

  try {
    await feedTextFile(file, parser);
  } catch (e) {
    if (e instanceof EdefterError) throw e;
    if ((e as NodeJS.ErrnoException)?.code === 'ENOENT') {
      throw fail('backup.fileNotFound', { file });
    }
    if (docTypeSeen) throw e;
    throw fail('backup.xmlMalformed', { file, cause: (e as Error).message });
  }
  return out;
}

/** True when the stack (open ancestors, root first) ends in .../xades:CounterSignature/ds:Signature. */
function isCounterSignatureValue(stack: string[]): boolean {
  const n = stack.length;
  if (n < 2 || stack[n - 1] !== `${DS}|Signature`) return false;
  const [ns, local] = stack[n - 2].split('|');
  return local === 'CounterSignature' && XADES_NS.test(ns);
}
