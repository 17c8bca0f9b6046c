/**
 * Verification of an enveloped XAdES signature (GİB profile, spec §2.1) without loading the document:
 * one streaming pass computes the `URI=""` digest (enveloped-signature transform, C14N 1.0 without
 * comments) and captures the signature; then every Reference digest, the SignatureValue over the
 * canonical SignedInfo (RSA PKCS#1 v1.5 or ECDSA r||s), the SigningCertificate binding (CertDigest,
 * IssuerSerial), the certificate's validity at SigningTime, the optional path to trusted certificates
 * and an optional XAdES-T SignatureTimeStamp are checked.
 */
import { createHash, verify as cryptoVerify, X509Certificate } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { EdefterError } from '@edefter/protocol/light';
import { fail } from '@edefter/protocol/catalog';
import {
  C14N,
  C14N_WITH_COMMENTS,
  ENVELOPED_SIGNATURE,
  EXC_C14N,
  EXC_C14N_WITH_COMMENTS,
  NS_DS,
  SIGNED_PROPERTIES_TYPE,
  SIGNED_PROPERTIES_TYPE_V132,
  digestName,
  signatureMethod,
} from './algorithms.ts';
import { canonicalize, openRootTag } from './canonicalize.ts';
import { certFacts, type CertFacts } from './cert.ts';
import { sameName } from './dn.ts';
import { checkChain } from './verify-chain.ts';
import { ancestorNamespaces, findById, parseSignature } from './verify-parse.ts';
import { scanSignedBuffer, scanSignedFile, type SignedScan } from './verify-scan.ts';

/** Options of {@link verifyXmlFile}. */
export interface VerifyOptions {
  /** DER (or PEM) certificates to trust; without them the certificate path is not checked. */
  trustedCerts?: Buffer[];
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  /** Read size in bytes (default 1 MiB). */
  chunkSize?: number;
  /** Compute digests on a worker thread (default: files of 8 MiB or more). */
  hashThread?: boolean;
}

/** Outcome of a verification. `ok` is true only when `errors` is empty. */
export interface VerifyResult {
  ok: boolean;
  /** Failed checks, each "Turkish / English". */
  errors: string[];
  signer: { subject: string; vkn?: string; tckn?: string; notAfter: string; der: string };
  signingTime?: string;
  signatureValue: string;
  signatureValueId?: string;
  timestamp?: { genTime: string; tsa?: string; ok: boolean };
  references: { uri: string; ok: boolean }[];
  /** The document's first xbrli:identifier (VKN/TCKN), if any. */
  identifier?: string;
  signatureMethod: string;
  canonicalizationMethod: string;
  /** Number of ds:Signature children of the root (GİB files have exactly one). */
  signatureCount: number;
}

const INCLUSIVE = new Set([C14N, C14N_WITH_COMMENTS]);
const EXCLUSIVE = new Set([EXC_C14N, EXC_C14N_WITH_COMMENTS]);

function noSignature(): EdefterError {
  return fail('xades.documentNotSigned');
}

/** xml-crypto is only loaded when a signature uses exclusive C14N (not GİB's profile). */
async function exclusive(el: Element, algorithm: string, prefixList?: string[]): Promise<Buffer> {
  // The CommonJS module's namespace has `.default` under vitest and node, but not under tsx.
  const mod = (await import('xml-crypto')) as unknown as { default?: typeof import('xml-crypto') } & typeof import('xml-crypto');
  const xmlCrypto = mod.default ?? mod;
  const C = algorithm === EXC_C14N_WITH_COMMENTS ? xmlCrypto.ExclusiveCanonicalizationWithComments : xmlCrypto.ExclusiveCanonicalization;
  const s = new C().process(el as never, { inclusiveNamespacesPrefixList: prefixList, ancestorNamespaces: ancestorNamespaces(el) }) as unknown as string;
  return Buffer.from(s, 'utf8');
}

/** Verifies a signed XML file. @throws EdefterError for unreadable input (NOT_XML, ...) or no signature */
export async function verifyXmlFile(path: string, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const scan = await scanSignedFile(path, 'sha256', opts.onProgress, opts.chunkSize, opts.hashThread);
  return verifyScan(scan, (alg) => scanSignedFile(path, alg, undefined, opts.chunkSize, opts.hashThread), opts);
}

/** Verifies signed XML in memory. @throws EdefterError for unreadable input or no signature */
export async function verifyXmlBuffer(xml: Buffer, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const scan = await scanSignedBuffer(xml);
  return verifyScan(scan, (alg) => scanSignedBuffer(xml, alg), opts);
}

async function verifyScan(scan: SignedScan, rescan: (alg: string) => Promise<SignedScan>, opts: VerifyOptions): Promise<VerifyResult> {
  if (scan.signature === null) throw noSignature();
  const wrapped = Buffer.concat([openRootTag(scan.root.startTag, scan.root.selfClosing), scan.signature, Buffer.from(`</${scan.root.qname}>`, 'utf8')]);
  const p = parseSignature(wrapped.toString('utf8'));
  const errors: string[] = [];
  const problem = (tr: string, en: string) => errors.push(`${tr} / ${en}`);

  // signer certificate: the KeyInfo certificate that SigningCertificate names, else the first one
  let cert: CertFacts | undefined;
  const certs: CertFacts[] = [];
  for (const der of p.certificates) {
    try {
      certs.push(certFacts(der));
    } catch {
      problem('KeyInfo içinde okunamayan sertifika', 'unreadable certificate in KeyInfo');
    }
  }
  cert =
    certs.find((c) =>
      p.certRefs.some((r) => {
        const a = digestName(r.digestMethod);
        return a !== undefined && createHash(a).update(c.der).digest('base64') === r.digestValue;
      }),
    ) ?? certs[0];
  if (cert === undefined) problem('ds:KeyInfo/ds:X509Data/ds:X509Certificate yok', 'no ds:KeyInfo/ds:X509Data/ds:X509Certificate');

  // references
  const references: { uri: string; ok: boolean }[] = [];
  let emptyUriCount = 0;
  for (const r of p.references) {
    const alg = digestName(r.digestMethod);
    let ok = false;
    try {
      if (alg === undefined) throw new Error(`unsupported DigestMethod ${r.digestMethod}`);
      let digest: Buffer;
      if (r.uri === '') {
        emptyUriCount++;
        const algs = r.transforms.map((t) => t.algorithm);
        if (!algs.includes(ENVELOPED_SIGNATURE)) throw new Error('enveloped-signature transform missing');
        if (algs.some((a) => a !== ENVELOPED_SIGNATURE && !INCLUSIVE.has(a))) throw new Error(`unsupported transform for URI="": ${algs.join(', ')}`);
        const s = alg === 'sha256' ? scan : await rescan(alg);
        digest = s.documentDigest!;
      } else {
        const m = /^#xpointer\(id\('([^']*)'\)\)$/.exec(r.uri);
        const id = m ? m[1] : r.uri.startsWith('#') ? r.uri.slice(1) : undefined;
        if (id === undefined) throw new Error(`unsupported reference URI ${r.uri}`);
        const target = findById(p.signatureEl, id);
        if (target === undefined) throw new Error(`reference target ${r.uri} not found in the signature`);
        const ts = r.transforms.filter((t) => t.algorithm !== '');
        if (ts.length > 1 || ts.some((t) => !INCLUSIVE.has(t.algorithm) && !EXCLUSIVE.has(t.algorithm))) throw new Error(`unsupported transforms for ${r.uri}`);
        const bytes =
          ts.length === 1 && EXCLUSIVE.has(ts[0].algorithm) ? await exclusive(target, EXC_C14N, ts[0].prefixList) : canonicalize(wrapped, { subset: { id } });
        digest = createHash(alg).update(bytes).digest();
      }
      ok = digest.toString('base64') === r.digestValue;
      if (!ok) problem(`Özet değeri tutmuyor: Reference URI="${r.uri}"`, `digest mismatch: Reference URI="${r.uri}"`);
    } catch (e) {
      problem(`Reference URI="${r.uri}" doğrulanamadı`, `Reference URI="${r.uri}" can not be verified: ${(e as Error).message}`);
    }
    references.push({ uri: r.uri, ok });
  }
  if (emptyUriCount !== 1)
    problem('URI="" olan tam olarak bir ds:Reference olmalı', `exactly one ds:Reference with URI="" is required, found ${emptyUriCount}`);
  const spId = p.signedPropertiesEl?.getAttribute('Id');
  if (p.qualifyingPropertiesEl === undefined || p.signedPropertiesEl === undefined)
    problem('xades:QualifyingProperties/xades:SignedProperties yok', 'no xades:QualifyingProperties/xades:SignedProperties');
  else if (
    !spId ||
    !p.references.some((r) => r.uri === `#${spId}` && (r.type === undefined || r.type === SIGNED_PROPERTIES_TYPE || r.type === SIGNED_PROPERTIES_TYPE_V132))
  ) {
    problem('xades:SignedProperties imzaya dahil değil', 'xades:SignedProperties is not covered by a Reference');
  }

  // SignatureValue over the canonical SignedInfo
  const sm = signatureMethod(p.signatureMethod);
  if (sm === undefined) problem(`Desteklenmeyen imza yöntemi ${p.signatureMethod}`, `unsupported SignatureMethod ${p.signatureMethod}`);
  else if (sm.hash === 'sha1') problem('SHA-1 ile imza kabul edilmez (GİB)', 'SHA-1 signatures are not accepted (GİB)');
  if (cert !== undefined && sm !== undefined) {
    try {
      let si: Buffer;
      if (INCLUSIVE.has(p.c14nMethod))
        si = canonicalize(wrapped, { subset: { uri: NS_DS, local: 'SignedInfo' }, withComments: p.c14nMethod === C14N_WITH_COMMENTS });
      else if (EXCLUSIVE.has(p.c14nMethod)) si = await exclusive(p.signedInfoEl, p.c14nMethod, p.c14nPrefixList);
      else throw new Error(`unsupported CanonicalizationMethod ${p.c14nMethod}`);
      if (cert.keyType !== sm.key) throw new Error(`key type ${cert.keyType} does not match ${p.signatureMethod}`);
      const sig = Buffer.from(p.signatureValue, 'base64');
      const key = cert.x509.publicKey;
      const good = sm.key === 'rsa' ? cryptoVerify(sm.hash, si, key, sig) : cryptoVerify(sm.hash, si, { key, dsaEncoding: 'ieee-p1363' }, sig);
      if (!good) problem('İmza değeri (SignatureValue) geçersiz', 'SignatureValue does not verify');
    } catch (e) {
      problem('İmza değeri doğrulanamadı', `SignatureValue can not be verified: ${(e as Error).message}`);
    }
  }

  // SigningCertificate binding (XAdES §7.2.2)
  if (cert !== undefined) {
    if (p.certRefs.length === 0) problem('xades:SigningCertificate yok', 'no xades:SigningCertificate');
    else {
      const ref = p.certRefs.find((r) => {
        const a = digestName(r.digestMethod);
        return a !== undefined && createHash(a).update(cert!.der).digest('base64') === r.digestValue;
      });
      if (ref === undefined)
        problem('SigningCertificate/CertDigest imza sertifikasına ait değil', 'SigningCertificate/CertDigest does not match the signing certificate');
      else {
        if (ref.issuerName !== undefined && !sameName(ref.issuerName, cert.issuerRdns))
          problem('IssuerSerial/X509IssuerName sertifikanın yayıncısı değil', 'IssuerSerial/X509IssuerName does not match the certificate issuer');
        let serialOk = ref.serial === undefined;
        try {
          serialOk ||= BigInt(ref.serial!) === BigInt(cert.serial);
        } catch {
          serialOk = false;
        }
        if (!serialOk) problem('IssuerSerial/X509SerialNumber sertifikanınki değil', 'IssuerSerial/X509SerialNumber does not match the certificate');
      }
    }
  }

  // SigningTime and certificate validity at that time
  if (p.signingTime === undefined) problem('xades:SigningTime yok', 'no xades:SigningTime');
  else if (cert !== undefined) {
    const t = new Date(p.signingTime);
    if (Number.isNaN(t.getTime())) problem(`Geçersiz SigningTime ${p.signingTime}`, `invalid SigningTime ${p.signingTime}`);
    else if (t > cert.notAfter)
      problem(
        `Sertifikanın süresi imza zamanında dolmuştu (${cert.notAfter.toISOString()})`,
        `the certificate had expired at SigningTime (${cert.notAfter.toISOString()})`,
      );
    else if (t < cert.notBefore)
      problem(
        `Sertifika imza zamanında henüz geçerli değildi (${cert.notBefore.toISOString()})`,
        `the certificate was not yet valid at SigningTime (${cert.notBefore.toISOString()})`,
      );
  }

  // certificate path
  const trusted = (opts.trustedCerts ?? []).map((d) => new X509Certificate(d));
  if (cert !== undefined && trusted.length > 0) {
    const why = checkChain(
      cert.x509,
      certs.map((c) => c.x509),
      trusted,
    );
    if (why !== null) errors.push(why);
  }

  // XAdES-T SignatureTimeStamp (deeper TSA policy checks: tsa/verify.ts)
  let timestamp: VerifyResult['timestamp'];
  if (p.timestamp !== undefined) {
    let data: Buffer;
    try {
      data = EXCLUSIVE.has(p.timestamp.c14nMethod)
        ? await exclusive(p.signatureValueEl, p.timestamp.c14nMethod)
        : canonicalize(wrapped, { subset: p.signatureValueId ? { id: p.signatureValueId } : { uri: NS_DS, local: 'SignatureValue' } });
      // pkijs is only loaded for XAdES-T files
      const { verifyTimestampToken } = await import('../tsa/verify.ts');
      const tv = await verifyTimestampToken(p.timestamp.token, data, opts.trustedCerts ?? []);
      timestamp = { genTime: tv.genTime ?? '', tsa: tv.tsaName, ok: tv.ok };
      if (!tv.ok && !(tv.reason === 'no-trust-list' && trusted.length === 0)) errors.push(...tv.errors.map((e) => `Zaman damgası: ${e}`));
    } catch (e) {
      timestamp = { genTime: '', ok: false };
      problem('Zaman damgası doğrulanamadı', `SignatureTimeStamp can not be verified: ${(e as Error).message}`);
    }
  }

  return {
    ok: errors.length === 0,
    errors,
    signer: cert
      ? { subject: cert.subject, vkn: cert.vkn, tckn: cert.tckn, notAfter: cert.notAfter.toISOString(), der: cert.der.toString('base64') }
      : { subject: '', notAfter: '', der: '' },
    signingTime: p.signingTime,
    signatureValue: p.signatureValue,
    signatureValueId: p.signatureValueId,
    timestamp,
    references,
    identifier: scan.identifier,
    signatureMethod: p.signatureMethod,
    canonicalizationMethod: p.c14nMethod,
    signatureCount: scan.signatureCount,
  };
}
