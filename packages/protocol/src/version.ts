/**
 * Protocol versions and the version handshake between page library, extension and bridge.
 *
 * Each side states the protocol version it speaks (semver `major.minor.patch`). Sides with the
 * same major understand each other: minors only add optional fields and actions, and a side
 * that gets an action it does not know answers UNKNOWN_ACTION with `requiresUpdate` naming
 * itself. When majors differ, the side with the lower major must be updated
 * (pattern from web-eid.js: library/extension/native semver check → `requiresUpdate`).
 */

/** The protocol version this copy of `@edefter/protocol` speaks. */
export const PROTOCOL_VERSION = '1.0.0';

/** The three parties of the protocol. */
export type Component = 'library' | 'extension' | 'bridge';

/** Version facts one side reports about itself. */
export interface VersionInfo {
  /** the component's own release version (package.json) */
  version: string;
  /** protocol version it speaks */
  protocol: string;
}

/** Parses `major.minor.patch` (pre-release suffixes ignored). @throws Error on garbage. */
export function parseSemver(v: string): [number, number, number] {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(v);
  if (!m) throw new Error(`not a semver version: ${v}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/**
 * Decides whether two sides can talk and, if not, which one must be updated.
 * @param local this side's protocol version
 * @param remote the peer's protocol version
 * @returns `{ compatible: true }` when majors are equal, else which side (`'local'`/`'remote'`) is older
 */
export function compareProtocol(local: string, remote: string): { compatible: true } | { compatible: false; update: 'local' | 'remote' } {
  let l: number;
  let r: number;
  try {
    l = parseSemver(local)[0];
    r = parseSemver(remote)[0];
  } catch {
    return { compatible: false, update: 'remote' };
  }
  if (l === r) return { compatible: true };
  return { compatible: false, update: l < r ? 'local' : 'remote' };
}

/**
 * The component that must be updated for `a` and `b` to talk, or `undefined` when they can.
 * @param a one side (component name and protocol version)
 * @param b the other side
 */
export function requiresUpdate(a: { component: Component; protocol: string }, b: { component: Component; protocol: string }): Component | undefined {
  const c = compareProtocol(a.protocol, b.protocol);
  if (c.compatible) return undefined;
  return c.update === 'local' ? a.component : b.component;
}
