/**
 * Where GİB's e-Defter package is (its `xsd/` and `sch/` folders): given by the user
 * (`--gib-package <dir>`), or `EDEFTER_GIB_PACKAGE`, or — for development and tests — the
 * `shared/gib` folder next to the repository. GİB's files are never copied into the repository.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Paths of the schema files used by layers b and c. */
export interface GibPackage {
  dir: string;
  /** `xsd/edefter.xsd` (signed documents). */
  xsd: string;
  xsdDir: string;
  sch: { yevmiye: string; kebir: string; berat: string; rapor: string };
}

/** Checks a folder holds `xsd/edefter.xsd` and the four `sch/*.sch`; null when not. */
export function gibPackageAt(dir: string): GibPackage | null {
  const d = path.resolve(dir);
  const p: GibPackage = {
    dir: d,
    xsd: path.join(d, 'xsd', 'edefter.xsd'),
    xsdDir: path.join(d, 'xsd'),
    sch: {
      yevmiye: path.join(d, 'sch', 'edefter_yevmiye.sch'),
      kebir: path.join(d, 'sch', 'edefter_kebir.sch'),
      berat: path.join(d, 'sch', 'edefter_berat.sch'),
      rapor: path.join(d, 'sch', 'edefter_rapor.sch'),
    },
  };
  return [p.xsd, ...Object.values(p.sch)].every((f) => existsSync(f)) ? p : null;
}

/**
 * The repository root: EDEFTER_PROJECT_ROOT, else the nearest folder above this module that holds
 * `pnpm-workspace.yaml` (the sources, or the bundle in packages/bridge/dist), else four levels up.
 */
export function projectRoot(): string {
  if (process.env.EDEFTER_PROJECT_ROOT) return process.env.EDEFTER_PROJECT_ROOT;
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let d = here; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, 'pnpm-workspace.yaml'))) return d;
    if (path.dirname(d) === d) break;
  }
  return path.resolve(here, '..', '..', '..', '..');
}

/**
 * Resolves the GİB package: explicit dir, then `EDEFTER_GIB_PACKAGE`, then `<repo>/../shared/gib`.
 * @returns null when none is found (layers b and c are then skipped with a warning)
 */
export function resolveGibPackage(explicit?: string): GibPackage | null {
  if (explicit) return gibPackageAt(explicit);
  const env = process.env.EDEFTER_GIB_PACKAGE;
  if (env) return gibPackageAt(env);
  return gibPackageAt(path.resolve(projectRoot(), '..', 'shared', 'gib'));
}
