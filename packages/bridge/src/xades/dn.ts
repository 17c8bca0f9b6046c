/**
 * The ONE distinguished-name formatter of the bridge. Names are rendered as RFC 4514 strings, most specific
 * RDN first (the order GİB's example and Java's `X500Principal.getName(RFC2253)` use: `CN=…,O=…,C=TR`),
 * multi-valued RDNs joined with `+`, values escaped per RFC 4514 §2.4, in one of two styles:
 * - `xmldsig` (XMLDSig X509IssuerName / X509SubjectName): only RFC 4514 §3 keywords; other types as
 *   `2.5.4.5=#130a…` (the DER of the value), exactly as Java prints them;
 * - `display` (token certificate lists, history, trust lists, doctor): also names serialNumber, SN, GN, title,
 *   organizationIdentifier and emailAddress with their text (`serialNumber=6090408038`).
 * Strings are parsed back for comparison when verifying IssuerSerial (XMLDSig §4.4.4, XAdES §7.2.2).
 */
import { children, decodeString, oidToString, readTlv, type Tlv } from './der.ts';

/** One attribute of an RDN. */
interface Ava {
  oid: string;
  /** Decoded string value, when the value is a string type. */
  value?: string;
  /** DER of the value (TLV), hex. */
  derHex: string;
}

/** RDNs in certificate (ASN.1) order, each a set of AVAs. */
export type Rdns = Ava[][];

const KEYWORDS: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '2.5.4.9': 'STREET',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
};

/** Extra names of the `display` style (types RFC 4514 §3 has no keyword for). */
const DISPLAY_KEYWORDS: Record<string, string> = {
  ...KEYWORDS,
  '2.5.4.5': 'serialNumber',
  '2.5.4.4': 'SN',
  '2.5.4.42': 'GN',
  '2.5.4.12': 'title',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

/** How {@link formatRfc4514} names attribute types (see the module comment). */
export type DnStyle = 'xmldsig' | 'display';

const ALIASES: Record<string, string> = {
  CN: '2.5.4.3',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  S: '2.5.4.8',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  C: '2.5.4.6',
  STREET: '2.5.4.9',
  DC: '0.9.2342.19200300.100.1.25',
  UID: '0.9.2342.19200300.100.1.1',
  SERIALNUMBER: '2.5.4.5',
  SN: '2.5.4.4',
  SURNAME: '2.5.4.4',
  GIVENNAME: '2.5.4.42',
  G: '2.5.4.42',
  GN: '2.5.4.42',
  T: '2.5.4.12',
  TITLE: '2.5.4.12',
  E: '1.2.840.113549.1.9.1',
  EMAIL: '1.2.840.113549.1.9.1',
  EMAILADDRESS: '1.2.840.113549.1.9.1',
  ORGANIZATIONIDENTIFIER: '2.5.4.97',
  POSTALCODE: '2.5.4.17',
};

/** Reads a DER Name (SEQUENCE OF RelativeDistinguishedName) at `t`. */
export function readName(b: Uint8Array, t: Tlv): Rdns {
  return children(b, t).map((set) =>
    children(b, set).map((atv) => {
      const [oidT, valT] = children(b, atv);
      return { oid: oidToString(b, oidT), value: decodeString(b, valT), derHex: Buffer.from(b.subarray(valT.s, valT.ve)).toString('hex') };
    }),
  );
}

/** Escapes an attribute value per RFC 4514 §2.4: a backslash before `"+,;<>` and backslash, a leading `#` or space, a trailing space; NUL as `\00`. */
export function escapeRfc4514(v: string): string {
  let s = v.replace(/[\\",+;<>]/g, (c) => '\\' + c).replace(/\0/g, '\\00');
  if (s.startsWith('#') || s.startsWith(' ')) s = '\\' + s;
  if (s.endsWith(' ') && !s.endsWith('\\ ')) s = s.slice(0, -1) + '\\ ';
  return s;
}

/**
 * RFC 4514 string of `rdns` (reversed: most specific first).
 * @param style `xmldsig` (default; XMLDSig names) or `display` (see the module comment)
 */
export function formatRfc4514(rdns: Rdns, style: DnStyle = 'xmldsig'): string {
  const names = style === 'display' ? DISPLAY_KEYWORDS : KEYWORDS;
  return rdns
    .slice()
    .reverse()
    .map((rdn) =>
      rdn
        .map((a) => {
          const kw = names[a.oid];
          if (kw !== undefined && a.value !== undefined) return `${kw}=${escapeRfc4514(a.value)}`;
          return `${a.oid}=#${a.derHex}`;
        })
        .join('+'),
    )
    .join(',');
}

/** Value of the first attribute `oid` (e.g. '2.5.4.5' serialNumber), if any. */
export function attribute(rdns: Rdns, oid: string): string | undefined {
  for (const rdn of rdns) for (const a of rdn) if (a.oid === oid && a.value !== undefined) return a.value;
  return undefined;
}

/**
 * Parses an RFC 4514 (or RFC 2253 / OpenSSL-style `CN=a, O=b`) string into RDNs, most specific
 * first as written. Hex values (`#…`) are decoded as DER.
 * @throws Error on syntax errors
 */
function parseRfc4514(str: string): Rdns {
  const rdns: Rdns = [];
  let rdn: Ava[] = [];
  let i = 0;
  const n = str.length;
  const skipWs = () => {
    while (i < n && str[i] === ' ') i++;
  };
  while (i < n) {
    skipWs();
    const eq = str.indexOf('=', i);
    if (eq < 0) throw new Error(`DN: '=' expected in ${str}`);
    const type = str.slice(i, eq).trim();
    i = eq + 1;
    skipWs();
    let oid = ALIASES[type.toUpperCase()];
    if (oid === undefined) oid = /^(oid\.)?[0-9]+(\.[0-9]+)+$/i.test(type) ? type.replace(/^oid\./i, '') : type;
    let ava: Ava;
    if (str[i] === '#') {
      let j = i + 1;
      while (j < n && /[0-9a-fA-F]/.test(str[j])) j++;
      const der = Buffer.from(str.slice(i + 1, j), 'hex');
      let value: string | undefined;
      try {
        value = decodeString(der, readTlv(der, 0));
      } catch {
        value = undefined;
      }
      ava = { oid, value, derHex: der.toString('hex') };
      i = j;
    } else {
      const bytes: number[] = [];
      const quoted = str[i] === '"';
      if (quoted) i++;
      while (i < n) {
        const c = str[i];
        if (quoted ? c === '"' : c === ',' || c === '+' || c === ';') break;
        if (c === '\\') {
          const h = str.slice(i + 1, i + 3);
          if (/^[0-9a-fA-F]{2}$/.test(h)) {
            bytes.push(parseInt(h, 16));
            i += 3;
            continue;
          }
          bytes.push(...Buffer.from(str[i + 1] ?? '', 'utf8'));
          i += 2;
          continue;
        }
        bytes.push(...Buffer.from(c, 'utf8'));
        i++;
      }
      if (quoted) i++;
      ava = {
        oid,
        value: Buffer.from(bytes)
          .toString('utf8')
          .replace(/ +$/, (m) => (str[i - 1] === ' ' && str[i - 2] !== '\\' ? '' : m)),
        derHex: '',
      };
    }
    rdn.push(ava);
    skipWs();
    if (i < n && str[i] === '+') {
      i++;
      continue;
    }
    rdns.push(rdn);
    rdn = [];
    if (i < n) {
      if (str[i] !== ',' && str[i] !== ';') throw new Error(`DN: ',' expected in ${str}`);
      i++;
    }
  }
  if (rdn.length) rdns.push(rdn);
  return rdns;
}

function norm(a: Ava): string {
  const v = a.value !== undefined ? a.value.trim().replace(/\s+/g, ' ').toLowerCase() : '#' + a.derHex;
  return `${a.oid}=${v}`;
}

/** True when the string `dn` names the same entity as certificate Name `rdns` (case- and space-insensitive). */
export function sameName(dn: string, rdns: Rdns): boolean {
  let parsed: Rdns;
  try {
    parsed = parseRfc4514(dn);
  } catch {
    return false;
  }
  const want = rdns.slice().reverse();
  if (parsed.length !== want.length) return false;
  for (let k = 0; k < want.length; k++) {
    const a = parsed[k].map(norm).sort().join('+');
    const b = want[k].map(norm).sort().join('+');
    if (a !== b) return false;
  }
  return true;
}
