/**
 * The GİB part of the consent window (GİB'e Gönder / Onaylı Beratı İndir): which GİB web service
 * (and whether it is the live one), VKN and period, and every package with the files inside it
 * (name, size, SHA-256) — what will be uploaded, in the user's own words a legal act.
 */
import type { Lang } from '../shared/i18n.ts';
import { formatBytes, groupHex } from '../shared/format.ts';
import type { GibConsentInfo } from '../shared/ui-messages.ts';

const TEXT = {
  tr: {
    send: "GİB'e Gönderim Onayı", download: 'Onaylı Berat İndirme Onayı',
    sendNote: "Aşağıdaki paketler mali mühürünüzle imzalanan isteklerle GİB e-Defter sistemine yüklenecek. Gönderim hukuki bir işlemdir; paket içeriğini kontrol edin.",
    downloadNote: "GİB'e mali mühürünüzle imzalanan isteklerle sorulacak; onaylı beratlar doğrulanıp kaydedilecek.",
    service: 'GİB web servisi', production: 'CANLI ORTAM', test: 'test ortamı', custom: 'özel adres (simülatör/test)',
    vkn: 'VKN/TCKN', period: 'Dönem', packages: 'Paketler', atGib: "GİB'de zaten var: yeniden yüklenmeyecek", files: 'dosya',
  },
  en: {
    send: 'Consent to send to GİB', download: 'Consent to download approved berats',
    sendNote: "The packages below will be uploaded to GİB's e-Defter system in requests sealed with your mali mühür. Sending is a legal act; check the contents.",
    downloadNote: 'GİB will be queried in requests sealed with your mali mühür; approved berats are checked and stored.',
    service: 'GİB web service', production: 'PRODUCTION', test: 'test environment', custom: 'custom address (simulator/test)',
    vkn: 'VKN/TCKN', period: 'Period', packages: 'Packages', atGib: 'already at GİB: will not be uploaded again', files: 'files',
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
      <p class="note" data-testid="gib-note">{g.operation === 'send' ? x.sendNote : x.downloadNote}</p>
      <table class="facts">
        <tbody>
          <tr><th>{x.service}</th><td data-testid="gib-endpoint"><span class="mono">{g.endpoint}</span> — <b class={g.environment === 'production' ? 'warn' : ''} data-testid="gib-environment">{x[g.environment]}</b></td></tr>
          <tr><th>{x.vkn}</th><td data-testid="gib-vkn">{g.vkn}</td></tr>
          <tr><th>{x.period}</th><td data-testid="gib-period">{`${g.period.slice(4)}/${g.period.slice(0, 4)}`}</td></tr>
        </tbody>
      </table>
      <h2>{x.packages} ({g.packages.length})</h2>
      <ul class="plain" data-testid="gib-packages">
        {g.packages.map((p) => (
          <li data-testid={`gib-package-${p.paketId}`} data-at-gib={String(p.atGib)}>
            <b class="mono">{p.paketId}.zip</b>{p.stateTr ? ` — ${p.stateTr}` : ''}{p.atGib && g.operation === 'send' ? <span class="note"> ({x.atGib})</span> : null}
            {p.entries.length > 0 && (
              <ul class="plain">
                {p.entries.map((e) => <li><span class="mono">{e.name}</span> · {formatBytes(e.bytes, lang)} · <span class="mono" data-testid={`gib-sha256-${e.name}`}>{groupHex(e.sha256)}</span></li>)}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
