/**
 * The facts of one document in the consent window, compact (issue 12 item 1): a two-column grid of
 * short labels — kind, file, VKN, unvan, dönem, parça / şube, kontrol no, madde / satır, Toplam
 * Borç and Toplam Alacak with a check mark when they are equal, size — and, folded out, the full
 * SHA-256 and ETTN. A berat also names the signed defter it binds and the SHA-256 of that
 * defter's SignatureValue; a Defter Raporu shows its totals like a defter. `children` (the list of
 * the request's documents) folds out on the same line as the details. Every value comes from
 * the bridge's `document-inspect` of the very bytes it will sign.
 */
import type { ComponentChildren } from 'preact';
import { isBeratKind } from '@edefter/domain';
import { DOCUMENT_KIND_LABELS } from '@edefter/protocol';
import { t, type Lang } from '../shared/i18n.ts';
import { formatBytes, formatDate, groupHex } from '../shared/format.ts';
import { formatAmount, type DocumentSummary } from '../shared/document-summary.ts';

const num = (n: number, lang: Lang): string => n.toLocaleString(lang === 'tr' ? 'tr-TR' : 'en-US');

/** One label/value pair of the grid; `wide` spans the whole row. */
export function Fact({ label, children, wide, testId }: { label: string; children: ComponentChildren; wide?: boolean; testId?: string }) {
  return (
    <div class={wide ? 'fact wide' : 'fact'}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

/** The document's facts. */
export function DocumentFacts({ d, lang, children }: { d: DocumentSummary; lang: Lang; children?: ComponentChildren }) {
  const kind = DOCUMENT_KIND_LABELS[d.declaredKind][lang];
  const period = `${formatDate(d.periodStart, lang)} – ${formatDate(d.periodEnd, lang)}`;
  const debit = formatAmount(d.totalDebit, lang);
  const credit = formatAmount(d.totalCredit, lang);
  const balanced = debit !== undefined && credit !== undefined && d.totalDebit === d.totalCredit;
  const berat = isBeratKind(d.type);
  return (
    <div data-testid="document-facts">
      <dl class="grid">
        <Fact label={t(lang, 'documentKind')}>
          <b data-testid="doc-kind">{kind}</b>{' '}
          <span class="note" data-testid="doc-type">
            ({d.type})
          </span>
        </Fact>
        <Fact label={t(lang, 'vkn')} testId="doc-vkn">
          {d.vkn}
        </Fact>
        <Fact label={t(lang, 'fileName')} wide>
          <span class="mono" data-testid="doc-name">
            {d.name}
          </span>
        </Fact>
        <Fact label={t(lang, 'title')} wide testId="doc-title">
          {d.title ?? t(lang, 'unknown')}
        </Fact>
        <Fact label={t(lang, 'period')} testId="doc-period">
          {period}
        </Fact>
        <Fact label={t(lang, 'part')}>
          <span data-testid="doc-part">{d.part ?? t(lang, 'unknown')}</span>
          {d.branch ? (
            <>
              {' '}
              · {t(lang, 'branch')} <b data-testid="doc-branch">{d.branch}</b>
            </>
          ) : null}
        </Fact>
        {d.uniqueId && (
          <Fact label={t(lang, 'controlNumber')}>
            <span class="mono" data-testid="doc-unique-id">
              {d.uniqueId}
            </span>
          </Fact>
        )}
        {berat ? (
          <Fact label={t(lang, 'entries')} testId="doc-entries">
            {d.numberOfEntries !== undefined ? num(d.numberOfEntries, lang) : t(lang, 'unknown')}
          </Fact>
        ) : (
          <Fact label={t(lang, 'entriesLines')}>
            <span data-testid="doc-entries">{num(d.entries, lang)}</span> / <span data-testid="doc-lines">{num(d.lines, lang)}</span>
          </Fact>
        )}
        {debit !== undefined && (
          <Fact label={t(lang, 'totalDebit')} testId="doc-total-debit">
            {debit}
          </Fact>
        )}
        {credit !== undefined && (
          <Fact label={t(lang, 'totalCredit')} testId="doc-total-credit">
            {credit}
          </Fact>
        )}
        {debit !== undefined && credit !== undefined && (
          <Fact label={t(lang, 'totals')}>
            <span class={balanced ? 'ok' : 'bad'} data-testid="doc-balanced" data-balanced={String(balanced)}>
              <span aria-hidden="true">{balanced ? '✓ ' : '✗ '}</span>
              {t(lang, balanced ? 'totalsBalanced' : 'totalsUnbalanced')}
            </span>
          </Fact>
        )}
        <Fact label={t(lang, 'size')} testId="doc-size">
          {formatBytes(d.size, lang)}
        </Fact>
        {d.bindsDefter && (
          <Fact label={t(lang, 'bindsDefter')} wide>
            <span class="mono" data-testid="doc-binds-defter">
              {d.bindsDefter.name ?? t(lang, 'unknown')}
            </span>
            {' · '}
            <span class="mono" title={d.bindsDefter.signatureValueSha256}>
              {d.bindsDefter.signatureValueSha256.slice(0, 16)}…
            </span>
          </Fact>
        )}
      </dl>
      <div class="more-row">
        <details class="more">
          <summary>{t(lang, 'docDetails')}</summary>
          <dl class="grid">
            <Fact label={t(lang, 'sha256')} wide>
              <span class="mono" data-testid="doc-sha256">
                {groupHex(d.sha256)}
              </span>
            </Fact>
            {d.bindsDefter && (
              <Fact label={t(lang, 'defterSignature')} wide>
                <span class="mono" data-testid="doc-binds-defter-sha256">
                  {groupHex(d.bindsDefter.signatureValueSha256)}
                </span>
              </Fact>
            )}
            {d.ettn && (
              <Fact label="ETTN" wide>
                <span class="mono">{d.ettn}</span>
              </Fact>
            )}
            <Fact label={t(lang, 'size')} wide>
              {num(d.size, lang)} B
            </Fact>
          </dl>
        </details>
        {children}
      </div>
    </div>
  );
}
