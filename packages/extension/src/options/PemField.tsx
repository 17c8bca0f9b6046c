/**
 * A trust-anchor field of the options page: PEM text pasted into a text area, or read from a picked
 * .pem/.crt file (the file's text fills the area; nothing leaves the page until Kaydet). Shows the
 * certificates the bridge keeps now (subject, expiry, start of the SHA-256).
 */
import type { TrustAnchorView } from '@edefter/protocol';

type Lang = 'tr' | 'en';
const TEXT = {
  current: { tr: 'Kayıtlı', en: 'Stored' },
  none: { tr: 'yok (yalnızca sistemin kök sertifikaları)', en: 'none (system roots only)' },
  pick: { tr: 'Dosya seç (.pem)', en: 'Pick a file (.pem)' },
  paste: { tr: '-----BEGIN CERTIFICATE----- … yapıştırın', en: 'paste -----BEGIN CERTIFICATE----- …' },
  remove: { tr: 'Kaldır', en: 'Remove' },
} satisfies Record<string, Record<Lang, string>>;

/** Formats an ISO date as GG.AA.YYYY. */
function trDate(iso: string): string {
  return iso.slice(0, 10).split('-').reverse().join('.');
}

/** Props of {@link PemField}. */
export interface PemFieldProps {
  label: string;
  testid: string;
  lang: Lang;
  current: TrustAnchorView[];
  /** PEM text typed/picked; undefined = unchanged, '' = remove */
  value: string | undefined;
  onChange(v: string | undefined): void;
}

/** The field. */
export function PemField({ label, testid, lang, current, value, onChange }: PemFieldProps) {
  const t = (k: keyof typeof TEXT): string => TEXT[k][lang];
  return (
    <fieldset class="pem" data-testid={testid}>
      <legend>{label}</legend>
      <p class="note" data-testid={`${testid}-current`}>
        {t('current')}:{' '}
        {current.length ? current.map((c) => `${c.subject} (${c.issuer}, ${trDate(c.notAfter)}, SHA-256 ${c.sha256.slice(0, 16)}…)`).join('; ') : t('none')}
      </p>
      <textarea
        data-testid={`${testid}-text`}
        aria-label={label}
        rows={4}
        cols={66}
        spellcheck={false}
        placeholder={t('paste')}
        value={value ?? ''}
        onInput={(e) => onChange(e.currentTarget.value)}
      />
      <p>
        {/* the browser's own file button would speak the browser's language: a labelled button instead */}
        <label
          // biome-ignore lint/a11y/noNoninteractiveTabindex: the label is the visible file button; Enter/Space open the hidden input
          tabIndex={0}
          style={{ display: 'inline-block', padding: '4px 10px', border: '1px solid #6b7785', borderRadius: '4px', cursor: 'pointer' }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              (e.currentTarget.querySelector('input') as HTMLInputElement | null)?.click();
            }
          }}
        >
          {t('pick')}
          <input
            type="file"
            data-testid={`${testid}-file`}
            accept=".pem,.crt,.cer,application/x-pem-file"
            style={{ display: 'none' }}
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              if (f) void f.text().then(onChange);
            }}
          />
        </label>{' '}
        {current.length > 0 && (
          <button type="button" data-testid={`${testid}-remove`} onClick={() => onChange('')}>
            {t('remove')}
          </button>
        )}
      </p>
    </fieldset>
  );
}
