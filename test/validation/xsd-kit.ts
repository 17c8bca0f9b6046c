/**
 * Small helpers of the XSD tests (kept here so they do not depend on other suites' helpers):
 * the repository root, a private temp folder, and `require` from the bridge package (xmldom).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `require` resolving from packages/bridge (its dependencies, e.g. @xmldom/xmldom). */
export const bridgeRequire = createRequire(path.join(repoRoot, 'packages/bridge/package.json'));

/** A fresh 0700 temp folder. */
export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `edefter-${prefix}-`));
}
