/**
 * Checks GİB's seal on an approved berat (spec §1.6): a XAdES CounterSignature at
 * `edefter:berat/ds:Signature/ds:Object/xades:QualifyingProperties/xades:UnsignedProperties/
 * xades:UnsignedSignatureProperties/xades:CounterSignature/ds:Signature` (ETSI TS 101 903 v1.3.2
 * §7.2.4). What a counter-signature signs is the countersigned `ds:SignatureValue` element: a
 * Reference with Type `http://uri.etsi.org/01903#CountersignedSignature` whose URI points at the
 * berat signature's `SignatureValue/@Id` (the schematron makes that Id mandatory).
 *
 * Checked: every Reference digest (c14n transforms only), the SignatureValue over the canonical
 * SignedInfo, that the CountersignedSignature reference resolves to exactly the berat's own
 * SignatureValue, the SigningCertificate digest when present, certificate validity, and that the
 * seal chains to a trusted issuer (GİB's CA; in the demo the TEST CA).
 */
import fs from 'node:fs/promises';
import { X509Certificate, createHash } from 'node:crypto';
import { canonicalize, digest, elementsById, kids, verifySignatureValue, C14N, DIGESTS, SIGNATURE_METHODS } from './dsig.ts';
import { parseSafeXml } from './soap.ts';
import { loadGibSettings, loadTrustList } from './settings.ts';
import { certNames } from '../xades/cert.ts';

const DS = 'http://www.w3.org/2000/09/xmldsig#';
const XADES = 'http://uri.etsi.org/01903/v1.3.2#';
const EDEFTER = 'http://www.edefter.gov.tr';
/** Reference Type of a counter-signature (XAdES §7.2.4.1). */
export const COUNTERSIGNED_TYPE = 'http://uri.etsi.org/01903#CountersignedSignature';
const ALLOWED_C14N = new Set<string>(Object.values(C14N));

/** Result of {@link verifyCounterSignature}. */
export interface CounterSignatureResult {
  ok: boolean;
  errors: string[];
  /** Number of counter-signatures found. */
  count: number;
  /** The seal certificate (of the first counter-signature). */
  signer?: { subject: string; issuer: string; notAfter: string; der: string };
  /** SigningTime of the counter-signature, if present. */
  signingTime?: string;
  /** Base64 of the berat's own ds:SignatureValue that GİB sealed. */
  sealedSignatureValue?: string;
  /** True when the seal chains to a trusted certificate. */
  trusted: boolean;
}

/** Options of {@link verifyCounterSignature}. */
export interface CounterSignatureOptions {
  /** Trust anchors (DER) for GİB's seal; default: the GİB settings' trust list. */
  trustedCerts?: Buffer[];
  /** Our berat's SignatureValue (base64): the seal must cover exactly this value. */
  expectedSignatureValue?: string;
  /** Time for certificate validity (default: the counter-signature's SigningTime, else now). */
  now?: Date;
}

const norm = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, '');

function chainsTo(cert: X509Certificate, extra: X509Certificate[], anchors: X509Certificate[], depth = 0): boolean {
  if (depth > 4) return false;
  for (const a of anchors) if (cert.checkIssued(a) && cert.verify(a.publicKey)) return true;
  for (const i of extra) {
    if (i.fingerprint256 !== cert.fingerprint256 && cert.checkIssued(i) && cert.verify(i.publicKey) && chainsTo(i, extra, anchors, depth + 1)) return true;
  }
  return false;
}

/**
 * Verifies GİB's counter-signature(s) on an approved berat. Never throws for a bad file: every
 * problem is in `errors` (Turkish / English joined by " / ").
 * @param input path of the approved berat, or its bytes
 */
export async function verifyCounterSignature(input: string | Buffer, opts: CounterSignatureOptions = {}): Promise<CounterSignatureResult> {
  const errors: string[] = [];
  const res = (extra: Partial<CounterSignatureResult> = {}): CounterSignatureResult => ({
    ok: errors.length === 0,
    errors,
    count: 0,
    trusted: false,
    ...extra,
  });
  let doc: Document;
  try {
    const bytes = typeof input === 'string' ? await fs.readFile(input) : input;
    if (bytes.length === 0) {
      errors.push('Dosya boş / The file is empty');
      return res();
    }
    doc = parseSafeXml(bytes.toString('utf8'), 'Onaylı berat');
  } catch (e) {
    errors.push((e as Error).message);
    return res();
  }
  const root = doc.documentElement;
  if (!root || root.namespaceURI !== EDEFTER || root.localName !== 'berat') {
    errors.push('Kök öğe edefter:berat değil / The root element is not edefter:berat');
    return res();
  }
  let topSig: Element | undefined;
  for (let c = root.lastChild; c; c = c.previousSibling)
    if (c.nodeType === 1) {
      topSig = c as Element;
      break;
    }
  if (!topSig || topSig.namespaceURI !== DS || topSig.localName !== 'Signature') {
    errors.push('Beratın son öğesi ds:Signature değil / The berat does not end with ds:Signature');
    return res();
  }
  const topSv = kids(topSig, DS, 'SignatureValue')[0];
  const topSvId = topSv?.getAttribute('Id');
  const sealedSignatureValue = norm(topSv?.textContent);
  if (!topSv || !topSvId) {
    errors.push('Berat imzasının SignatureValue/@Id özniteliği yok / The berat SignatureValue has no Id');
    return res({ sealedSignatureValue });
  }
  if (opts.expectedSignatureValue !== undefined && norm(opts.expectedSignatureValue) !== sealedSignatureValue) {
    errors.push(
      'Onaylı berat bizim beratımızın imzasını taşımıyor (SignatureValue farklı) / The approved berat does not carry our berat signature (SignatureValue differs)',
    );
  }
  const counters: Element[] = [];
  for (const obj of kids(topSig, DS, 'Object')) {
    for (const qp of kids(obj, XADES, 'QualifyingProperties')) {
      for (const up of kids(qp, XADES, 'UnsignedProperties')) {
        for (const usp of kids(up, XADES, 'UnsignedSignatureProperties')) {
          for (const cs of kids(usp, XADES, 'CounterSignature')) counters.push(...kids(cs, DS, 'Signature'));
        }
      }
    }
  }
  if (!counters.length) {
    errors.push('GİB onay mührü (xades:CounterSignature) bulunamadı / No GİB counter-signature (xades:CounterSignature) found');
    return res({ sealedSignatureValue });
  }
  let anchors: X509Certificate[] = [];
  try {
    const ders = opts.trustedCerts ?? loadTrustList((await loadGibSettings()).trustList);
    anchors = ders.map((d) => new X509Certificate(d));
  } catch (e) {
    errors.push(`Güven listesi okunamadı / Trust list unreadable: ${(e as Error).message}`);
  }
  let signer: CounterSignatureResult['signer'];
  let signingTime: string | undefined;
  let trusted = anchors.length > 0;
  counters.forEach((sig, idx) => {
    const tag = counters.length > 1 ? ` [${idx + 1}]` : '';
    const err = (tr: string, en: string): void => {
      errors.push(`${tr}${tag} / ${en}${tag}`);
    };
    const si = kids(sig, DS, 'SignedInfo')[0];
    const svText = norm(kids(sig, DS, 'SignatureValue')[0]?.textContent);
    if (!si || !svText) {
      err('Karşı imzada SignedInfo veya SignatureValue yok', 'Counter-signature lacks SignedInfo or SignatureValue');
      return;
    }
    const c14nAlg = kids(si, DS, 'CanonicalizationMethod')[0]?.getAttribute('Algorithm') ?? '';
    const sigAlg = kids(si, DS, 'SignatureMethod')[0]?.getAttribute('Algorithm') ?? '';
    if (!ALLOWED_C14N.has(c14nAlg)) {
      err(`Desteklenmeyen CanonicalizationMethod ${c14nAlg}`, `Unsupported CanonicalizationMethod ${c14nAlg}`);
      return;
    }
    if (!SIGNATURE_METHODS[sigAlg]) {
      err(`Desteklenmeyen SignatureMethod ${sigAlg}`, `Unsupported SignatureMethod ${sigAlg}`);
      return;
    }
    const certs = sig.getElementsByTagNameNS(DS, 'X509Certificate');
    let cert: X509Certificate;
    const extra: X509Certificate[] = [];
    try {
      if (!certs.length) throw new Error('no X509Certificate');
      cert = new X509Certificate(Buffer.from(norm(certs[0].textContent), 'base64'));
      for (let i = 1; i < certs.length; i++) extra.push(new X509Certificate(Buffer.from(norm(certs[i].textContent), 'base64')));
    } catch (e) {
      err(`Karşı imza sertifikası okunamadı (${(e as Error).message})`, `Counter-signature certificate unreadable (${(e as Error).message})`);
      return;
    }
    let countersigned = false;
    for (const ref of kids(si, DS, 'Reference')) {
      const uri = ref.getAttribute('URI') ?? '';
      if (!uri.startsWith('#')) {
        err(`Desteklenmeyen Reference URI "${uri}"`, `Unsupported Reference URI "${uri}"`);
        continue;
      }
      const targets = elementsById(doc, uri.slice(1));
      if (targets.length !== 1) {
        err(`Reference ${uri} tek bir öğeye çözülmüyor (${targets.length})`, `Reference ${uri} does not resolve to exactly one element (${targets.length})`);
        continue;
      }
      const transforms = Array.from(ref.getElementsByTagNameNS(DS, 'Transform')).map((t) => t.getAttribute('Algorithm') ?? '');
      const bad = transforms.find((t) => !ALLOWED_C14N.has(t));
      if (bad || transforms.length > 1) {
        err(`Desteklenmeyen dönüşüm ${bad ?? transforms.join(',')}`, `Unsupported transform ${bad ?? transforms.join(',')}`);
        continue;
      }
      const dm = kids(ref, DS, 'DigestMethod')[0]?.getAttribute('Algorithm') ?? '';
      if (!DIGESTS[dm]) {
        err(`Desteklenmeyen DigestMethod ${dm}`, `Unsupported DigestMethod ${dm}`);
        continue;
      }
      const got = digest(dm, canonicalize(targets[0], transforms[0] ?? C14N.incl));
      if (got !== norm(kids(ref, DS, 'DigestValue')[0]?.textContent)) {
        err(`Karşı imza özeti tutmuyor: ${uri}`, `Counter-signature digest mismatch: ${uri}`);
        continue;
      }
      if (ref.getAttribute('Type') === COUNTERSIGNED_TYPE) {
        if (targets[0] !== topSv)
          err('Karşı imza beratın kendi SignatureValue öğesini imzalamıyor', 'The counter-signature does not sign the berat SignatureValue');
        else countersigned = true;
      }
    }
    if (!countersigned)
      err(
        'CountersignedSignature türünde, beratın SignatureValue öğesini gösteren Reference yok',
        'No CountersignedSignature Reference to the berat SignatureValue',
      );
    let sigOk = false;
    try {
      sigOk = verifySignatureValue(sigAlg, cert, canonicalize(si, c14nAlg), svText);
    } catch {
      sigOk = false;
    }
    if (!sigOk) err('GİB mührünün imza değeri doğrulanamadı', 'The GİB seal signature value does not verify');
    // XAdES SignedProperties of the counter-signature: SigningTime, SigningCertificate
    const st = sig.getElementsByTagNameNS(XADES, 'SigningTime')[0]?.textContent?.trim();
    const cd = sig.getElementsByTagNameNS(XADES, 'CertDigest')[0];
    if (cd) {
      const alg = kids(cd, DS, 'DigestMethod')[0]?.getAttribute('Algorithm') ?? '';
      const h = DIGESTS[alg];
      if (!h || createHash(h).update(cert.raw).digest('base64') !== norm(kids(cd, DS, 'DigestValue')[0]?.textContent)) {
        err('SigningCertificate özeti mühür sertifikasıyla eşleşmiyor', 'SigningCertificate digest does not match the seal certificate');
      }
    }
    const at = opts.now ?? (st && !Number.isNaN(Date.parse(st)) ? new Date(st) : new Date());
    if (Date.parse(cert.validFrom) > at.getTime() || Date.parse(cert.validTo) < at.getTime()) {
      err(`Mühür sertifikası ${at.toISOString()} tarihinde geçerli değil`, `The seal certificate is not valid at ${at.toISOString()}`);
    }
    if (anchors.length) {
      if (!chainsTo(cert, extra, anchors)) {
        trusted = false;
        err(
          `Mühür sertifikası güvenilir bir kök sertifikaya bağlanmıyor (${certNames(cert.raw).issuer})`,
          `The seal certificate does not chain to a trusted root (${certNames(cert.raw).issuer})`,
        );
      }
    } else if (idx === 0) {
      err('GİB mühür güven listesi yapılandırılmamış (gib.trustList)', 'No trust list configured for the GİB seal (gib.trustList)');
    }
    if (idx === 0) {
      const names = certNames(cert.raw);
      signer = { subject: names.subject, issuer: names.issuer, notAfter: new Date(cert.validTo).toISOString(), der: cert.raw.toString('base64') };
      signingTime = st;
    }
  });
  return res({ count: counters.length, signer, signingTime, sealedSignatureValue, trusted: trusted && errors.length === 0 });
}
