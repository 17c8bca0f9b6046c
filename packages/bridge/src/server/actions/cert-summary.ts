/** Token-layer certificate → the public summary the extension and pages see. */
import type { CertificateSummary, TokenSummary } from '@edefter/protocol';
import type { CertificateInfo, TokenInfo } from '../../token/index.ts';

/** Public facts of a certificate (no module paths or slot ids). */
export function toCertificateSummary(c: CertificateInfo): CertificateSummary {
  return {
    id: c.id,
    tokenLabel: c.tokenLabel,
    subject: c.subject,
    ...(c.commonName ? { commonName: c.commonName } : {}),
    ...(c.organization ? { organization: c.organization } : {}),
    ...(c.vkn ? { vkn: c.vkn } : {}),
    ...(c.tckn ? { tckn: c.tckn } : {}),
    ...(c.issuer ? { issuer: c.issuer } : {}),
    ...(c.issuerCommonName ? { issuerCommonName: c.issuerCommonName } : {}),
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    keyType: c.keyType,
    der: c.der,
  };
}

/** Public facts of a token, with the reader's name (CK_SLOT_INFO slotDescription) when the slot gives one. */
export function toTokenSummary(t: TokenInfo): TokenSummary {
  return {
    label: t.label,
    serial: t.serial,
    manufacturer: t.manufacturer,
    model: t.model,
    pinPad: t.pinPad,
    userPinCountLow: t.userPinCountLow,
    userPinFinalTry: t.userPinFinalTry,
    userPinLocked: t.userPinLocked,
    ...(t.slotDescription?.trim() ? { reader: t.slotDescription.trim() } : {}),
  };
}
