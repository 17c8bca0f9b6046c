/**
 * Schema + schematron validation of GİB documents for the GİB flows (approved berats, the
 * simulator), through the ledger helper's validate module (layers b: GİB XSD, c: GİB schematron;
 * spec §3). The file name matters: GİB's schematron reads it (spec §1.8), so bytes are validated
 * under their real name. GİB's package (xsd/, sch/) comes from `gibPackage`, EDEFTER_GIB_PACKAGE,
 * or `../shared/gib` next to the repository (validate/gib-package.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Result of {@link validateGibDocument} / {@link validateGibFile}. */
export interface GibValidation {
  ok: boolean;
  /** One line per finding: `file: [layer] message`. */
  errors: string[];
  /** Set when validation could not run (no validator module, no GİB package). */
  skipped?: string;
}

type ValidateModule = typeof import('../validate/index.ts');
let mod: Promise<ValidateModule | undefined> | undefined;

function loadValidate(): Promise<ValidateModule | undefined> {
  mod ??= import('../validate/index.ts').catch(() => undefined);
  return mod;
}

/**
 * Validates a file in place with GİB's XSD and schematron.
 * @param o.gibPackage folder of GİB's e-Defter package (default: see module doc)
 * @param o.requireSignature signed documents (default true)
 */
export async function validateGibFile(file: string, o: { gibPackage?: string; requireSignature?: boolean } = {}): Promise<GibValidation> {
  const v = await loadValidate();
  if (!v) return { ok: true, errors: [], skipped: 'validate module not available' };
  const gib = v.resolveGibPackage(o.gibPackage);
  if (!gib) return { ok: true, errors: [], skipped: "GİB e-Defter paketi (xsd/, sch/) bulunamadı / GİB's e-Defter package not found" };
  const [r] = await v.validateFiles([file], { gib, layers: ['b', 'c'], requireSignature: o.requireSignature ?? true });
  const errors: string[] = [];
  for (const layer of [r.b, r.c]) {
    for (const f of layer.findings) errors.push(`${r.file}: ${v.formatFinding(f, 'tr')}`);
    if (layer.count > layer.findings.length) errors.push(`${r.file}: … ${layer.count - layer.findings.length} bulgu daha / more findings`);
  }
  return { ok: r.b.ok && r.c.ok, errors };
}

/** Validates bytes as a file named `name` (written to a private temp folder first). */
export async function validateGibDocument(xml: Buffer, name: string, o: { gibPackage?: string } = {}): Promise<GibValidation> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edefter-gib-val-'));
  try {
    const f = path.join(dir, path.basename(name));
    fs.writeFileSync(f, xml, { mode: 0o600 });
    return await validateGibFile(f, o);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
