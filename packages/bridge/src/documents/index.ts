/** GİB e-Defter documents as the bridge sees them before signing: inspection and the per-connection registry. */
export { inspectDocument } from './inspect.ts';
export { InspectedDocuments, INSPECTED_TTL_MS, MAX_INSPECTED, type InspectedDocument } from './registry.ts';
export { UNPRINTABLE, printable } from './printable.ts';
