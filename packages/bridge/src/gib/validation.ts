/**
 * Schema + schematron validation of GİB documents for the GİB flows (approved berats, the
 * simulator), delegating to the ledger helper's validate module (packages/bridge/src/validate)
 * when it is present. The file name matters: GİB's schematron reads it (spec §1.8), so the bytes
 * are validated under their real name.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Result of {@link validateGibDocument}. */
export interface GibValidation {
  ok: boolean;
  errors: string[];
  /** Set when validation could not run (no validator, no GİB package). */
  skipped?: string;
}

type FileValidator = (file: string, o: { gibPackage?: string }) => Promise<{ ok: boolean; errors: string[] }>;

let cached: Promise<FileValidator | undefined> | undefined;

/** Finds the project validator (schema + schematron layers) if the validate module provides one. */
export function loadValidator(): Promise<FileValidator | undefined> {
  cached ??= (async () => {
    try {
      const p = '../validate/index.ts';
      const m = (await import(p)) as Record<string, unknown>;
      const fn = (m.validateForGib ?? m.validateGibFile) as FileValidator | undefined;
      return typeof fn === 'function' ? fn : undefined;
    } catch {
      return undefined;
    }
  })();
  return cached;
}

/**
 * Validates `xml` as a file named `name` (written to a private temp folder for the validator).
 * Without a validator the result is ok with `skipped` set, and the caller decides.
 */
export async function validateGibDocument(xml: Buffer, name: string, o: { gibPackage?: string } = {}): Promise<GibValidation> {
  const v = await loadValidator();
  if (!v) return { ok: true, errors: [], skipped: 'validator not available' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edefter-gib-val-'));
  try {
    const f = path.join(dir, path.basename(name));
    fs.writeFileSync(f, xml);
    const r = await v(f, { gibPackage: o.gibPackage });
    return { ok: r.ok, errors: r.errors };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
