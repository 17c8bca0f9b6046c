/**
 * Just enough DER (ITU-T X.690) to read the parts of an X.509 certificate that XAdES needs
 * byte-exactly: issuer and subject Names (for X509IssuerName / X509SubjectName and the VKN),
 * the serial number and the validity dates.
 */

/** One TLV: `tag` byte, header start `s`, value [vs, ve). */
export interface Tlv {
  tag: number;
  s: number;
  vs: number;
  ve: number;
}

/** Reads the TLV at `p`. @throws Error on truncated or indefinite-length input */
export function readTlv(b: Uint8Array, p: number): Tlv {
  if (p + 2 > b.length) throw new Error('DER: truncated');
  const tag = b[p];
  if ((tag & 0x1f) === 0x1f) throw new Error('DER: high tag numbers not supported');
  let len = b[p + 1];
  let q = p + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error('DER: bad length');
    len = 0;
    for (let k = 0; k < n; k++) len = len * 256 + b[q++];
  }
  if (q + len > b.length) throw new Error('DER: truncated');
  return { tag, s: p, vs: q, ve: q + len };
}

/** The TLVs directly inside constructed value `t`. */
export function children(b: Uint8Array, t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let p = t.vs; p < t.ve; ) {
    const c = readTlv(b, p);
    out.push(c);
    p = c.ve;
  }
  return out;
}

/** Dotted form of an OBJECT IDENTIFIER value. */
export function oidToString(b: Uint8Array, t: Tlv): string {
  const parts: number[] = [];
  let v = 0;
  for (let p = t.vs; p < t.ve; p++) {
    v = v * 128 + (b[p] & 0x7f);
    if ((b[p] & 0x80) === 0) {
      if (parts.length === 0) {
        const first = v < 80 ? Math.floor(v / 40) : 2;
        parts.push(first, v - first * 40);
      } else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** Decodes a DirectoryString-like value; undefined for a non-string type. */
export function decodeString(b: Uint8Array, t: Tlv): string | undefined {
  const v = Buffer.from(b.subarray(t.vs, t.ve));
  switch (t.tag) {
    case 0x0c: // UTF8String
      return v.toString('utf8');
    case 0x12: // NumericString
    case 0x13: // PrintableString
    case 0x16: // IA5String
    case 0x1a: // VisibleString
    case 0x14: // TeletexString (treated as Latin-1)
      return v.toString('latin1');
    case 0x1e: {
      // BMPString, UTF-16BE
      const sw = Buffer.from(v);
      sw.swap16();
      return sw.toString('utf16le');
    }
    case 0x1c: {
      // UniversalString, UTF-32BE
      let s = '';
      for (let k = 0; k + 3 < v.length; k += 4) s += String.fromCodePoint(v.readUInt32BE(k));
      return s;
    }
    default:
      return undefined;
  }
}

/** Decodes UTCTime / GeneralizedTime. */
export function decodeTime(b: Uint8Array, t: Tlv): Date {
  const s = Buffer.from(b.subarray(t.vs, t.ve)).toString('latin1');
  const m = t.tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(s) : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/.exec(s);
  if (!m) throw new Error(`DER: unsupported time ${s}`);
  let year = Number(m[1]);
  if (t.tag === 0x17) year += year < 50 ? 2000 : 1900;
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? '0')));
}
