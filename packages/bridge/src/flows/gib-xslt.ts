/**
 * GİB's stylesheets in the month folder (GİB-UYK §2.2): the folder `…/VKN/HESAP DÖNEMİ/AY/` holds, next to
 * Y, K, E and their berats, the XSLT files of GİB's e-Defter package so that the taxpayer or an auditor can
 * open the XML readably in a browser (each file names its stylesheet in `<?xml-stylesheet href="….xslt"?>`).
 * The stylesheets are GİB's data: they are copied from the package the user gives (`--gib-package <dir>` or
 * `EDEFTER_GIB_PACKAGE`), never shipped by us.
 */
import { copyFile, readdir, rename, rm, chmod } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { GibPackage } from '../validate/index.ts';

/** The stylesheet names GİB-UYK §2.2 asks for in every month folder. */
export const GIB_XSLT_FILES = ['yevmiye.xslt', 'kebir.xslt', 'berat.xslt', 'defterraporu.xslt', 'envanter.xslt'] as const;

/** One of {@link GIB_XSLT_FILES}. */
export type GibXsltName = (typeof GIB_XSLT_FILES)[number];

/** Outcome of {@link copyGibXslts}: names copied into the month folder and names the package lacks. */
export interface XsltCopyResult {
  copied: GibXsltName[];
  missing: GibXsltName[];
}

/**
 * Finds GİB's stylesheets in a package folder: the folder itself, then its sub-folders (breadth first, at
 * most 3 levels, e.g. `xslt/`), matching names case-insensitively. The first hit of each name wins.
 * @returns name → absolute path, for the names found
 */
export async function findGibXslts(pkgDir: string): Promise<Map<GibXsltName, string>> {
  const found = new Map<GibXsltName, string>();
  const wanted = new Map<string, GibXsltName>(GIB_XSLT_FILES.map((n) => [n.toLowerCase(), n]));
  let level = [path.resolve(pkgDir)];
  for (let depth = 0; depth <= 3 && level.length && found.size < GIB_XSLT_FILES.length; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const e of entries) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) next.push(full);
        else if (e.isFile()) {
          const n = wanted.get(e.name.toLowerCase());
          if (n && !found.has(n)) found.set(n, full);
        }
      }
    }
    level = next;
  }
  return found;
}

/**
 * Copies GİB's stylesheets from the package into a month folder (private 0600 files, each written to a temp
 * name and renamed, so a reader never sees half a file). Existing copies are replaced. A stylesheet the
 * package lacks is reported through `warn`, naming it; nothing is copied when there is no package.
 * @param monthDir the month folder (`<root>/<VKN>/<fiscal period>/<MM>/`), which must exist
 * @throws the underlying fs error when a found stylesheet cannot be copied
 */
export async function copyGibXslts(monthDir: string, gib: Pick<GibPackage, 'dir'> | null, warn?: (tr: string, en: string) => void): Promise<XsltCopyResult> {
  if (!gib) return { copied: [], missing: [] };
  const found = await findGibXslts(gib.dir);
  const copied: GibXsltName[] = [];
  const missing: GibXsltName[] = [];
  for (const name of GIB_XSLT_FILES) {
    const from = found.get(name);
    if (!from) {
      missing.push(name);
      continue;
    }
    const to = path.join(monthDir, name);
    const tmp = path.join(monthDir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await copyFile(from, tmp);
      if (process.platform !== 'win32') await chmod(tmp, 0o600);
      await rename(tmp, to);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    copied.push(name);
  }
  if (missing.length) {
    warn?.(
      `UYARI: GİB e-Defter paketinde (${gib.dir}) şu XSLT dosyaları yok, ay klasörüne kopyalanamadı: ${missing.join(', ')} (GİB-UYK §2.2)`,
      `WARNING: GİB's e-Defter package (${gib.dir}) lacks these XSLT files; not copied into the month folder: ${missing.join(', ')}`,
    );
  }
  return { copied, missing };
}
