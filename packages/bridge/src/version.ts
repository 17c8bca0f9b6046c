/**
 * The bridge's version: injected by the bundle build (scripts/build.mjs defines
 * `__EDEFTER_VERSION__` from packages/bridge/package.json), read from that package.json when
 * running from the sources. Shown by `edefter --version`, the bridge's hello and backup records.
 */
import { readFileSync } from 'node:fs';

declare const __EDEFTER_VERSION__: string | undefined;

let cached: string | undefined;

/** Version of the bridge package (semver text); '0.0.0' when it cannot be read. */
export function bridgeVersion(): string {
  if (cached) return cached;
  if (typeof __EDEFTER_VERSION__ === 'string') return (cached = __EDEFTER_VERSION__);
  try {
    cached = String((JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version);
  } catch {
    cached = '0.0.0';
  }
  return cached;
}
