/**
 * The retry policy moved to net/retry.ts (the one policy of GİB, TSA and backup calls); these names stay
 * for modules not yet switched to the new import.
 */
export { sleep } from '../net/retry.ts';
