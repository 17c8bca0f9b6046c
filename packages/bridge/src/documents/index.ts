/** GİB e-Defter documents as the bridge sees them before signing: inspection and the per-connection registry. */
export { inspectDocument } from './inspect.ts';
export { InspectedDocuments, MAX_INSPECTED } from './registry.ts';
export { UNPRINTABLE, printable } from './printable.ts';
