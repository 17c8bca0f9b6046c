/**
 * One fit check for the consent window, used by the Chromium (Playwright) and Firefox (puppeteer over
 * WebDriver BiDi) tests: the window's real size, a measuring function that runs inside the page, and
 * the assertions (nothing scrolls, nothing is scrolled on open, every test id inside the viewport and,
 * where asked, not covered by anything else).
 */
import { expect } from 'vitest';

/** The consent window's size (background/services/consent.ts windows.create), px. */
export const CONSENT_SIZE = { width: 560, height: 760 };

/** Layout facts of a consent window (px). */
export interface ConsentLayout {
  innerHeight: number;
  innerWidth: number;
  docScroll: number;
  mainScroll: number;
  mainClient: number;
  /** how far the main area is scrolled (0 = nothing scrolled on open) */
  mainTop: number;
  /** height the main area's content needs */
  contentHeight: number;
  /** per test id: its rectangle and whether it is the topmost element at its centre (null = missing) */
  rects: Record<string, { top: number; bottom: number; onTop: boolean } | null>;
}

/**
 * Runs INSIDE the page (pass it to `page.evaluate(measureConsentLayout, ids)`): it must stay
 * self-contained (no imports, no outer names).
 */
export function measureConsentLayout(testIds: string[]): ConsentLayout {
  const main = document.querySelector('main')!;
  const rects: ConsentLayout['rects'] = {};
  for (const id of testIds) {
    const el = document.querySelector(`[data-testid="${id}"]`);
    const r = el?.getBoundingClientRect();
    const hit = r ? document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 8)) : null;
    rects[id] = r ? { top: r.top, bottom: r.bottom, onTop: Boolean(hit && (el === hit || el!.contains(hit) || hit.contains(el!))) } : null;
  }
  return {
    innerHeight: window.innerHeight,
    innerWidth: window.innerWidth,
    docScroll: document.scrollingElement!.scrollHeight,
    mainScroll: main.scrollHeight,
    mainClient: main.clientHeight,
    mainTop: main.scrollTop,
    rects,
    contentHeight: Math.ceil(
      main.lastElementChild!.getBoundingClientRect().bottom -
        main.getBoundingClientRect().top +
        main.scrollTop +
        parseFloat(getComputedStyle(main).paddingBottom),
    ),
  };
}

/**
 * Asserts that neither the document nor its main area scrolls, the main area is not scrolled, and
 * every id is inside the viewport (and, with `onTop`, not covered). Logs the heights under `label`.
 */
export function expectConsentFits(l: ConsentLayout, ids: string[], opts: { onTop: boolean; label: string }): ConsentLayout {
  expect(l.innerHeight).toBe(CONSENT_SIZE.height);
  expect(l.docScroll, JSON.stringify(l)).toBeLessThanOrEqual(l.innerHeight);
  expect(l.mainScroll, JSON.stringify(l)).toBeLessThanOrEqual(l.mainClient);
  expect(l.mainTop, JSON.stringify(l)).toBe(0);
  for (const id of ids) {
    const r = l.rects[id];
    expect(r, `${id} missing`).not.toBeNull();
    expect(r!.top, id).toBeGreaterThanOrEqual(0);
    expect(r!.bottom, `${id}: ${JSON.stringify(l)}`).toBeLessThanOrEqual(l.innerHeight);
    if (opts.onTop) expect(r!.onTop, `${id} covered: ${JSON.stringify(l)}`).toBe(true);
  }
  console.log(
    `${opts.label} [${ids.join(',')}]: content ${l.contentHeight} px, main ${l.mainScroll}/${l.mainClient} px (scrolled ${Math.round(l.mainTop)} px), document ${l.docScroll}/${l.innerHeight} px`,
  );
  return l;
}
