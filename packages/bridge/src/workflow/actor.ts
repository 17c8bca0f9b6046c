/**
 * Who asked for a workflow step: the door it came through (`cli`, `bridge`, or the web origin
 * the extension reported) and, for steps that used the mali mühür, which certificate signed.
 */
import { X509Certificate, createHash } from 'node:crypto';
import { certNames } from '../xades/cert.ts';

/** The requester of a step, written to the history with every change. */
export interface Actor {
  /** `cli`, `bridge`, `demo`, or a web origin such as `https://portal.example.com.tr`. */
  origin: string;
  /** Signer certificate as DER, or an already formatted description. */
  certificate?: Buffer | string;
}

/** The actor of command-line steps. */
export const CLI_ACTOR: Actor = Object.freeze({ origin: 'cli' });

/**
 * One-line description of a certificate for the history: RFC 4514 subject (xades/dn.ts display style),
 * serial number (hex) and SHA-256 fingerprint of the DER. Never holds key material.
 */
export function describeCertificate(der: Buffer): string {
  const sha = createHash('sha256').update(der).digest('hex');
  try {
    const c = new X509Certificate(der);
    return `${certNames(der).subject}; seri ${c.serialNumber.toLowerCase()}; sha256 ${sha}`;
  } catch {
    return `sha256 ${sha}`;
  }
}

/** The certificate column value of an actor (null when none). */
export function actorCertificate(a: Actor): string | null {
  if (!a.certificate) return null;
  return typeof a.certificate === 'string' ? a.certificate : describeCertificate(a.certificate);
}
