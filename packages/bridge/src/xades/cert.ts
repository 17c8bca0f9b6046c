/**
 * The facts about a signing certificate that XAdES needs: names for KeyInfo and IssuerSerial,
 * CertDigest, VKN/TCKN (subject serialNumber, spec §2.3), validity, key type.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { children, decodeTime, readTlv } from './der.ts';
import { attribute, formatRfc4514, readName, type Rdns } from './dn.ts';

/** Parsed signing certificate. */
export interface CertFacts {
  der: Buffer;
  x509: X509Certificate;
  /** RFC 4514 subject, most specific RDN first (X509SubjectName). */
  subject: string;
  /** RFC 4514 issuer (X509IssuerName). */
  issuer: string;
  issuerRdns: Rdns;
  subjectRdns: Rdns;
  /** Serial number in decimal (X509SerialNumber). */
  serial: string;
  /** 10-digit VKN from the subject serialNumber (2.5.4.5), if it is one. */
  vkn?: string;
  /** 11-digit TCKN from the subject serialNumber, if it is one. */
  tckn?: string;
  notBefore: Date;
  notAfter: Date;
  keyType: 'rsa' | 'ec' | 'other';
}

/** Parses a DER certificate. @throws Error when it is not an X.509 certificate */
export function certFacts(der: Buffer): CertFacts {
  const x509 = new X509Certificate(der);
  const cert = readTlv(der, 0);
  const [tbs] = children(der, cert);
  const f = children(der, tbs);
  let k = f[0].tag === 0xa0 ? 1 : 0;
  const serialT = f[k++];
  k++; // signature AlgorithmIdentifier
  const issuerT = f[k++];
  const validity = children(der, f[k++]);
  const subjectT = f[k++];
  let serial = 0n;
  for (let p = serialT.vs; p < serialT.ve; p++) serial = serial * 256n + BigInt(der[p]);
  const issuerRdns = readName(der, issuerT);
  const subjectRdns = readName(der, subjectT);
  const sn = attribute(subjectRdns, '2.5.4.5')?.trim();
  const t = x509.publicKey.asymmetricKeyType;
  return {
    der,
    x509,
    subject: formatRfc4514(subjectRdns),
    issuer: formatRfc4514(issuerRdns),
    issuerRdns,
    subjectRdns,
    serial: serial.toString(10),
    vkn: sn !== undefined && /^\d{10}$/.test(sn) ? sn : undefined,
    tckn: sn !== undefined && /^\d{11}$/.test(sn) ? sn : undefined,
    notBefore: decodeTime(der, validity[0]),
    notAfter: decodeTime(der, validity[1]),
    keyType: t === 'rsa' ? 'rsa' : t === 'ec' ? 'ec' : 'other',
  };
}

/** Digest of the DER certificate (CertDigest, XAdES §7.2.2). */
export function certDigest(der: Buffer, alg: 'sha256' | 'sha384' | 'sha512' | 'sha1' = 'sha256'): Buffer {
  return createHash(alg).update(der).digest();
}

/** Names of a certificate as shown to people (xades/dn.ts `display` style) and the CNs. */
export interface CertNames {
  /** Subject, RFC 4514, most specific RDN first, e.g. `CN=DEMO TİCARET A.Ş.,serialNumber=6090408038,O=…,C=TR`. */
  subject: string;
  /** Issuer, same style. */
  issuer: string;
  /** Subject CN (2.5.4.3), if any. */
  commonName?: string;
  /** Issuer CN, if any. */
  issuerCommonName?: string;
}

/**
 * The names of a certificate in the display style of xades/dn.ts (the one DN formatter).
 * @param cert DER, or facts already parsed by {@link certFacts}
 * @throws Error when `cert` is not an X.509 certificate
 */
export function certNames(cert: Buffer | CertFacts): CertNames {
  const f = Buffer.isBuffer(cert) ? certFacts(cert) : cert;
  const cn = attribute(f.subjectRdns, '2.5.4.3');
  const icn = attribute(f.issuerRdns, '2.5.4.3');
  return {
    subject: formatRfc4514(f.subjectRdns, 'display'),
    issuer: formatRfc4514(f.issuerRdns, 'display'),
    ...(cn !== undefined ? { commonName: cn } : {}),
    ...(icn !== undefined ? { issuerCommonName: icn } : {}),
  };
}
