/**
 * `@edefter/domain`: the e-Defter facts every package shares — document kinds, GİB file and package
 * names, the `VKN/HESAP DÖNEMİ/AY/` layout, the month-part key, the status tables with Turkish and
 * English labels, and the VERGİ accounts. Pure TypeScript: no runtime dependencies and no `node:`
 * imports, so the browser extension imports it as readily as the bridge.
 */
export * from './doc-kinds.ts';
export * from './period.ts';
export * from './problem.ts';
export * from './month-part.ts';
export * from './names.ts';
export * from './layout.ts';
export * from './statuses/index.ts';
export * from './vergi.ts';
export * from './tax-id.ts';
export * from './currencies.ts';
export * from './namespaces.ts';
export * from './ledger-facts.ts';
export * from './calendar.ts';
