/**
 * Scanner state at a block boundary, for canonicalizing one document on two threads (xades/split-scan.ts).
 *
 * Canonical XML 1.0 output from a point on depends only on the input from there and on the state the scanner is in:
 * the construct it is inside, the open elements (names, namespace scopes) and a few flags. Between two sibling
 * elements of the ledger body (e.g. two `gl-cor:entryHeader`s) that state is the same every time: text state, the
 * same ancestors. So a second thread may start canonicalizing at a later sibling with the state it got from the first
 * sibling, provided someone checks, when the real scan arrives there, that the real state is that state. This module
 * takes that state ({@link boundaryState}), compares it ({@link atBoundary}) and moves a scanner over a block another
 * thread canonicalized ({@link resumeAt}).
 *
 * The comparison is strict: the namespace scopes must be the very objects of the snapshot (an element without
 * declarations shares its parent's scope, so siblings at the same depth under the same ancestors pass), the names
 * must be byte-equal, and every flag that changes output (comment, CDATA, a construct split across pushes, the subset,
 * identifier and signature trackers, the root's end) must be at rest. Anything else is "not at the boundary", and the
 * caller canonicalizes on one thread from there: a wrong guess costs time, never bytes.
 */
import { ST_TEXT } from './constructs.ts';
import type { NsScope } from './namespaces.ts';
import type { C14nScanner } from './scanner.ts';

/** The state a block boundary is checked against (see the file comment). */
export interface BoundaryState {
  /** Open elements (the root is depth 1). */
  readonly depth: number;
  /** Qualified names of the open elements, root first, as written. */
  readonly names: readonly Buffer[];
  /** Namespace scopes of the open elements (index 1 = root), compared by identity. */
  readonly scopes: readonly NsScope[];
}

/**
 * True when the scanner has processed every byte pushed (nothing pending), is in text inside the body at depth ≥ 2,
 * has found the ledger's identifier, and no tracker is active: the only states a boundary may be taken in.
 */
function atRest(sc: C14nScanner): boolean {
  return (
    sc.st === ST_TEXT &&
    !sc.hasPend &&
    sc.on &&
    sc.rootSeen &&
    !sc.rootDone &&
    sc.subset === null &&
    sc.depth >= 2 &&
    sc.identDepth === 0 &&
    sc.apexDepth === 0 &&
    sc.sigDepth === 0 &&
    !sc.capturing &&
    sc.identifier !== undefined &&
    sc.out.tap === null
  );
}

/** Name bytes of open element `k` (0 = root); call between pushes (names are then in the scanner's own buffer). */
function nameAt(sc: C14nScanner, k: number): Buffer {
  const s = sc.nameStart[k];
  return sc.nameBuf.subarray(s, s + sc.nameLen[k]);
}

/**
 * The scanner's state between two pushes, or null when it is not at rest (see {@link atRest}): inside a comment,
 * CDATA or a split construct, in the prolog, before the identifier, or in a subset or signature.
 */
export function boundaryState(sc: C14nScanner): BoundaryState | null {
  if (!atRest(sc) || sc.chunkNamesFrom !== sc.nameStart.length) return null;
  const names: Buffer[] = [];
  for (let k = 0; k < sc.depth; k++) names.push(Buffer.from(nameAt(sc, k)));
  return { depth: sc.depth, names, scopes: sc.scopes.slice(0, sc.depth + 1) };
}

/** True when the scanner, between two pushes, is in exactly the state `b` (see the file comment). */
export function atBoundary(sc: C14nScanner, b: BoundaryState): boolean {
  if (sc.depth !== b.depth || !atRest(sc) || sc.chunkNamesFrom !== sc.nameStart.length) return false;
  for (let k = 0; k <= b.depth; k++) if (sc.scopes[k] !== b.scopes[k]) return false;
  for (let k = 0; k < b.depth; k++) if (!nameAt(sc, k).equals(b.names[k])) return false;
  return true;
}

/**
 * Moves a scanner that is at a boundary to byte `offset` of the document, the start of the next block it
 * canonicalizes: the bytes between were canonicalized by another thread that started and ended in this state.
 * @throws Error when the scanner is not at rest (a caller bug: check {@link atBoundary} first)
 */
export function resumeAt(sc: C14nScanner, offset: number): void {
  if (!atRest(sc) || offset < sc.bytesIn) throw new Error(`scanner cannot resume at ${offset}`);
  sc.bytesIn = offset;
  sc.skipLF = false;
}
