/**
 * The e-Defter document kinds and the GİB facts that tell them apart (GİB-TK §1, §2.4; spec §1.3–1.8):
 * defters Y (Yevmiye), K (Büyük Defter / kebir), E (Envanter Defteri); their berats YB, KB, EB; and
 * DR (Defter Raporu). A document's kind follows from its root element and `gl-cor:entriesType`:
 * `edefter:defter` + journal / ledger / assets, `edefter:berat` + the same, `edefter:defterraporu` +
 * trialbalance. The file name repeats the kind as its TYPE field (names.ts).
 */

/** Every kind, in the order files of a month are listed (defters, berats, Defter Raporu). */
export const DOC_KINDS = Object.freeze(['Y', 'K', 'E', 'YB', 'KB', 'EB', 'DR'] as const);

/** A document kind as GİB writes it in file names: Y, K, E, YB, KB, EB, DR. */
export type DocKind = (typeof DOC_KINDS)[number];

/** A defter (signed ledger book): Y, K or E. */
export type DefterKind = Extract<DocKind, 'Y' | 'K' | 'E'>;

/** A berat (the GİB receipt of a defter part): YB, KB or EB. */
export type BeratKind = Extract<DocKind, 'YB' | 'KB' | 'EB'>;

/** The kinds of a monthly ledger run (Yevmiye, kebir, their berats, Defter Raporu); envanter is yearly. */
export const MONTH_KINDS = Object.freeze(['Y', 'K', 'YB', 'KB', 'DR'] as const);

/** One of {@link MONTH_KINDS}. */
export type MonthKind = (typeof MONTH_KINDS)[number];

/** Root element local names in the `edefter` namespace (`http://www.edefter.gov.tr`). */
export const ROOT_NAMES = Object.freeze(['defter', 'berat', 'defterraporu'] as const);

/** One of {@link ROOT_NAMES}. */
export type RootName = (typeof ROOT_NAMES)[number];

/** True when `local` is an e-Defter root element's local name. */
export function isRootName(local: string): local is RootName {
  return (ROOT_NAMES as readonly string[]).includes(local);
}

/** `gl-cor:entriesType` value. */
export type EntriesType = 'journal' | 'ledger' | 'assets' | 'trialbalance';

/** `xbrli:context` id of a document's facts: journal_context, ledger_context, assets_context (envanter), now (DR). */
export type ContextId = 'journal_context' | 'ledger_context' | 'assets_context' | 'now';

/** Stylesheet href GİB fixes per document (`<?xml-stylesheet href=…?>`, spec §1.3). */
export type StylesheetHref = 'yevmiye.xslt' | 'kebir.xslt' | 'envanter.xslt' | 'berat.xslt' | 'defterraporu.xslt';

/**
 * The name a page uses for a kind in the protocol (`kind` of sign requests), one per {@link DocKind}.
 * Order matches {@link DOC_KINDS}.
 */
export const PAGE_KINDS = Object.freeze(['yevmiye', 'kebir', 'envanter', 'yevmiye-berati', 'kebir-berati', 'envanter-berati', 'defter-raporu'] as const);

/** One of {@link PAGE_KINDS}. */
export type PageKind = (typeof PAGE_KINDS)[number];

/** What GİB's formats say about one kind. */
export interface DocKindFacts {
  /** root element local name (`edefter:<root>`) */
  root: RootName;
  /** `gl-cor:entriesType` */
  entriesType: EntriesType;
  /** `xbrli:context` id the document's facts refer to */
  context: ContextId;
  /** stylesheet GİB's package ships for it (`<?xml-stylesheet href=…?>`) */
  stylesheet: StylesheetHref;
  /** the page-level name */
  pageKind: PageKind;
  /** Turkish name, as the seed's "Defter Türü" column shows it */
  tr: string;
  /** short Turkish name, as prompts and consent windows show it */
  trShort: string;
  /** English name */
  en: string;
}

/**
 * What each book's documents share: `gl-cor:entriesType`, context id and the defter's stylesheet. A berat
 * carries its defter's entriesType and context under `edefter:berat` with berat.xslt; the Defter Raporu
 * has its own root. Source: GİB-TK §1 (roots, entriesType), the XSLTs of GİB's package, spec §1.3–1.8.
 */
const BOOK_FACTS: Readonly<Record<'Y' | 'K' | 'E' | 'DR', Pick<DocKindFacts, 'root' | 'entriesType' | 'context' | 'stylesheet'>>> = {
  Y: { root: 'defter', entriesType: 'journal', context: 'journal_context', stylesheet: 'yevmiye.xslt' },
  K: { root: 'defter', entriesType: 'ledger', context: 'ledger_context', stylesheet: 'kebir.xslt' },
  E: { root: 'defter', entriesType: 'assets', context: 'assets_context', stylesheet: 'envanter.xslt' },
  DR: { root: 'defterraporu', entriesType: 'trialbalance', context: 'now', stylesheet: 'defterraporu.xslt' },
};

/** Names of each kind, in {@link DOC_KINDS} order: Turkish (seed's "Defter Türü"), short Turkish (prompts), English. */
const NAMES: readonly (readonly [tr: string, trShort: string, en: string])[] = [
  ['Yevmiye Defteri', 'Yevmiye', 'Journal (Yevmiye)'],
  ['Büyük Defter', 'Kebir', 'Ledger (Kebir)'],
  ['Envanter Defteri', 'Envanter Defteri', 'Inventory book (Envanter)'],
  ['Yevmiye Beratı', 'Yevmiye Beratı', 'Journal berat'],
  ['Kebir Beratı', 'Kebir Beratı', 'Ledger berat'],
  ['Envanter Beratı', 'Envanter Beratı', 'Inventory berat'],
  ['Defter Raporu', 'Defter Raporu', 'Defter report'],
];

/** The facts of every kind (root, entriesType, context, stylesheet, page name, labels). */
export const DOC_KIND_FACTS: Readonly<Record<DocKind, Readonly<DocKindFacts>>> = Object.freeze(
  Object.fromEntries(
    DOC_KINDS.map((k, i) => {
      const book = BOOK_FACTS[bookOf(k)];
      const [tr, trShort, en] = NAMES[i];
      const own = isBeratKind(k) ? { root: 'berat' as const, stylesheet: 'berat.xslt' as const } : {};
      return [k, Object.freeze({ ...book, ...own, pageKind: PAGE_KINDS[i], tr, trShort, en })];
    }),
  ) as Record<DocKind, Readonly<DocKindFacts>>,
);

/** True when `s` is one of {@link DOC_KINDS}. */
export function isDocKind(s: unknown): s is DocKind {
  return typeof s === 'string' && (DOC_KINDS as readonly string[]).includes(s);
}

/** True for YB, KB and EB. */
export function isBeratKind(k: DocKind): k is BeratKind {
  return k === 'YB' || k === 'KB' || k === 'EB';
}

/** True for Y, K and E. */
export function isDefterKind(k: DocKind): k is DefterKind {
  return k === 'Y' || k === 'K' || k === 'E';
}

/** The berat of a defter: Y → YB, K → KB, E → EB. */
export function beratOf(k: DefterKind): BeratKind {
  return `${k}B` as BeratKind;
}

/** The defter a berat certifies: YB → Y, KB → K, EB → E. */
export function defterOf(k: BeratKind): DefterKind {
  return k[0] as DefterKind;
}

/**
 * The book a document belongs to, i.e. the workflow row it moves: a berat belongs to its defter's
 * book (YB → Y), the Defter Raporu to its own.
 */
export type Book = Exclude<DocKind, BeratKind>;

/** Every {@link Book}. */
export const BOOKS = Object.freeze(['Y', 'K', 'E', 'DR'] as const satisfies readonly Book[]);

/** The book of a document kind: Y/YB → Y, K/KB → K, E/EB → E, DR → DR. */
export function bookOf(k: DocKind): Book {
  return isBeratKind(k) ? defterOf(k) : k;
}

/**
 * Kind of a document from its root element and `gl-cor:entriesType` (GİB-TK §1).
 * @returns null when the pair is none of GİB's (e.g. `defter` + `trialbalance`)
 */
export function docKindOf(root: string, entriesType: string): DocKind | null {
  for (const k of DOC_KINDS) {
    const f = DOC_KIND_FACTS[k];
    if (f.root === root && f.entriesType === entriesType) return k;
  }
  return null;
}

/** The page-level name of a kind (Y → `yevmiye`). */
export function pageKindOf(k: DocKind): PageKind {
  return DOC_KIND_FACTS[k].pageKind;
}

/** The kind of a page-level name (`yevmiye` → Y). */
export function docKindOfPage(p: PageKind): DocKind {
  return DOC_KINDS[PAGE_KINDS.indexOf(p)];
}

/** Turkish (short) and English name of each page-level kind, for prompts. */
export const PAGE_KIND_LABELS: Readonly<Record<PageKind, { tr: string; en: string }>> = Object.freeze(
  Object.fromEntries(DOC_KINDS.map((k) => [DOC_KIND_FACTS[k].pageKind, { tr: DOC_KIND_FACTS[k].trShort, en: DOC_KIND_FACTS[k].en }])) as Record<
    PageKind,
    { tr: string; en: string }
  >,
);
