/**
 * The signing certificate in plain words (issue 12 item 1): the subject's CN, its VKN/TCKN, the
 * issuer's CN, validity from–to (with "süresi dolmuş" / "N gün sonra sona eriyor"), the card and
 * its reader (CK_SLOT_INFO slotDescription from the bridge's token-list). The raw subject and
 * issuer DNs fold out. When the token holds more than one certificate and no session is open, a
 * labelled select chooses it.
 */
import type { TokenWithCertificates } from '@edefter/protocol';
import { t, type Lang } from '../shared/i18n.ts';
import { daysUntil, formatDate } from '../shared/format.ts';
import { Fact } from './DocumentFacts.tsx';

type Token = TokenWithCertificates;
type Cert = Token['certificates'][number];

/** Props of {@link CertificateFacts}. */
export interface CertificateFactsProps {
  lang: Lang;
  tokens: Token[];
  cert?: { c: Cert; tk: Token };
  /** the user may choose another certificate (more than one, session not open) */
  selectable: boolean;
  onSelect: (id: string) => void;
}

/** The certificate part of the window. */
export function CertificateFacts({ lang, tokens, cert, selectable, onSelect }: CertificateFactsProps) {
  const expDays = cert ? daysUntil(cert.c.notAfter) : 0;
  return (
    <div data-testid="certificate">
      {selectable && (
        <div class="row">
          <label for="cert-select" class="label">
            {t(lang, 'certSelect')}
          </label>
          <select id="cert-select" data-testid="cert-select" value={cert?.c.id} onChange={(e) => onSelect((e.target as HTMLSelectElement).value)}>
            {tokens.flatMap((tk) =>
              tk.certificates.map((c) => <option value={c.id}>{`${c.commonName ?? c.subject} (${c.keyType.toUpperCase()}, ${tk.label})`}</option>),
            )}
          </select>
        </div>
      )}
      {cert && (
        <dl class="grid" data-testid="cert-facts">
          <Fact label={t(lang, 'subject')} testId="cert-subject">
            {cert.c.commonName ?? cert.c.organization ?? cert.c.subject}
          </Fact>
          <Fact label={t(lang, 'vkn')} testId="cert-vkn">
            {cert.c.vkn ?? cert.c.tckn ?? t(lang, 'unknown')}
          </Fact>
          <Fact label={t(lang, 'issuer')} wide testId="cert-issuer">
            {cert.c.issuerCommonName ?? cert.c.issuer ?? t(lang, 'unknown')}
          </Fact>
          <Fact label={t(lang, 'validity')}>
            <span data-testid="cert-expiry">
              {formatDate(cert.c.notBefore, lang)} – {formatDate(cert.c.notAfter, lang)}
            </span>
            {expDays < 0 ? <b class="bad"> {t(lang, 'expired')}</b> : expDays < 30 ? <span class="bad"> {t(lang, 'expiresSoon', { d: expDays })}</span> : null}
          </Fact>
          <details class="more cell">
            <summary>{t(lang, 'certDn')}</summary>
            <dl class="grid">
              <Fact label={t(lang, 'subjectDn')} wide>
                <span class="mono" data-testid="cert-subject-dn">
                  {cert.c.subject}
                </span>
              </Fact>
              {cert.c.issuer && (
                <Fact label={t(lang, 'issuerDn')} wide>
                  <span class="mono" data-testid="cert-issuer-dn">
                    {cert.c.issuer}
                  </span>
                </Fact>
              )}
            </dl>
          </details>
          <Fact label={t(lang, 'token')} wide>
            <span data-testid="cert-token">{cert.tk.label}</span> · {t(lang, 'reader')}:{' '}
            <span data-testid="cert-reader">{cert.tk.reader ?? `${cert.tk.manufacturer} ${cert.tk.model}`.trim()}</span>
          </Fact>
        </dl>
      )}
    </div>
  );
}
