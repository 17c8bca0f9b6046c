/**
 * The GİB part of the consent window (GİB'e Gönder / Onaylı Beratı İndir): which GİB web service
 * (and whether it is the live one), VKN and period, and every package with the files inside it
 * (name, size, SHA-256) — what will be uploaded, in the user's own words a legal act. Compact:
 * one line per file with the start of its digest; the full digests fold out.
 */
import type { Lang } from '../shared/i18n.ts';
import { formatBytes, groupHex } from '../shared/format.ts';
import type { GibConsentInfo } from '../shared/ui-messages.ts';
import { Fact } from './DocumentFacts.tsx';

const TEXT = {
  tr: {
    send: "GİB'e Gönderim Onayı",
    download: 'Onaylı Berat İndirme Onayı',
    sendNote:
      'Aşağıdaki paketler mali mührünüzle imzalanan isteklerle GİB e-Defter sistemine yüklenecek. Gönderim hukuki bir işlemdir; paket içeriğini kontrol edin.',
    downloadNote: "GİB'e mali mührünüzle imzalanan isteklerle sorulacak; onaylı beratlar doğrulanıp kaydedilecek.",
    service: 'GİB web servisi',
    production: 'CANLI ORTAM',
    test: 'test ortamı',
    custom: 'özel adres (test)',
    vkn: 'VKN/TCKN',
    period: 'Dönem',
    packages: 'Paketler',
    atGib: "GİB'de zaten var: yeniden yüklenmeyecek",
    files: 'dosya',
    digests: 'Dosyaların SHA-256 özetleri',
  },
  en: {
    send: 'Consent to send to GİB',
    download: 'Consent to download approved berats',
    sendNote:
      "The packages below will be uploaded to GİB's e-Defter system in requests sealed with your mali mühür. Sending is a legal act; check the contents.",
    downloadNote: 'GİB will be queried in requests sealed with your mali mühür; approved berats are checked and stored.',
    service: 'GİB web service',
    production: 'PRODUCTION',
    test: 'test environment',
    custom: 'custom address (simulator/test)',
    vkn: 'VKN/TCKN',
    period: 'Period',
    packages: 'Packages',
    atGib: 'already at GİB: will not be uploaded again',
    files: 'files',
    digests: "The files' SHA-256 digests",
  },
} as const;

/** Title of the window for a GİB operation. */
export function gibTitle(g: GibConsentInfo, lang: Lang): string {
  return TEXT[lang][g.operation];
}

/** The GİB facts and the package list. */
export function GibPackages({ g, lang }: { g: GibConsentInfo; lang: Lang }) {
  const x = TEXT[lang];
  return (
    <div data-testid="gib-consent" data-operation={g.operation}>
      <p class="note tight" data-testid="gib-note">
        {g.operation === 'send' ? x.sendNote : x.downloadNote}
      </p>
      <dl class="grid">
        <Fact label={x.service} wide>
          <span class="mono" data-testid="gib-endpoint">
            {g.endpoint}
          </span>{' '}
          —{' '}
          <b class={g.environment === 'production' ? 'bad' : ''} data-testid="gib-environment">
            {x[g.environment]}
          </b>
        </Fact>
        <Fact label={x.vkn} testId="gib-vkn">
          {g.vkn}
        </Fact>
        <Fact label={x.period} testId="gib-period">{`${g.period.slice(4)}/${g.period.slice(0, 4)}`}</Fact>
      </dl>
      <ul class="plain pkgs" data-testid="gib-packages" aria-label={`${x.packages} (${g.packages.length})`}>
        {g.packages.map((p) => (
          <li data-testid={`gib-package-${p.paketId}`} data-at-gib={String(p.atGib)} class="pkg">
            <span>
              <b class="mono">{p.paketId}.zip</b>
              {p.stateTr ? ` — ${p.stateTr}` : ''}
              {p.atGib && g.operation === 'send' ? <span class="note"> ({x.atGib})</span> : null}
            </span>
            {p.entries.map((e) => (
              <span class="pkg-file">
                <span class="mono">{e.name}</span> · {formatBytes(e.bytes, lang)} ·{' '}
                <span class="mono" title={e.sha256}>
                  {e.sha256.slice(0, 16)}…
                </span>
              </span>
            ))}
          </li>
        ))}
      </ul>
      {g.packages.some((p) => p.entries.length > 0) && (
        <details class="more">
          <summary>{x.digests}</summary>
          <dl class="grid">
            {g.packages.flatMap((p) =>
              p.entries.map((e) => (
                <Fact label={e.name} wide>
                  <span class="mono" data-testid={`gib-sha256-${e.name}`}>
                    {groupHex(e.sha256)}
                  </span>
                </Fact>
              )),
            )}
          </dl>
        </details>
      )}
    </div>
  );
}
