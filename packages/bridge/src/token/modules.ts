/**
 * Where PKCS#11 modules of the cards used for mali mühür live, per OS: AKİS (TÜBİTAK BİLGEM,
 * `akisp11`), SafeNet/Thales eToken (`eTPkcs11`), OpenSC (`opensc-pkcs11`), and SoftHSM2 (demo
 * and tests). Paths come from the vendors' installers' default locations.
 */
import fs from 'node:fs';

/** Vendor of a known module. */
type ModuleVendor = 'akis' | 'safenet' | 'opensc' | 'softhsm';

/** A known module location. */
export interface KnownModule {
  vendor: ModuleVendor;
  path: string;
}

/** Known module paths by `process.platform`; real card middleware first, SoftHSM2 last. */
export const KNOWN_MODULES: Readonly<Record<'linux' | 'win32' | 'darwin', readonly KnownModule[]>> = {
  linux: [
    { vendor: 'akis', path: '/usr/lib/libakisp11.so' },
    { vendor: 'akis', path: '/usr/local/lib/libakisp11.so' },
    { vendor: 'akis', path: '/usr/lib/x86_64-linux-gnu/libakisp11.so' },
    { vendor: 'akis', path: '/opt/akis/lib/libakisp11.so' },
    { vendor: 'safenet', path: '/usr/lib/libeTPkcs11.so' },
    { vendor: 'safenet', path: '/usr/lib64/libeTPkcs11.so' },
    { vendor: 'safenet', path: '/usr/local/lib/libeTPkcs11.so' },
    { vendor: 'opensc', path: '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so' },
    { vendor: 'opensc', path: '/usr/lib/aarch64-linux-gnu/opensc-pkcs11.so' },
    { vendor: 'opensc', path: '/usr/lib64/opensc-pkcs11.so' },
    { vendor: 'opensc', path: '/usr/lib/opensc-pkcs11.so' },
    { vendor: 'softhsm', path: '/usr/lib/softhsm/libsofthsm2.so' },
    { vendor: 'softhsm', path: '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so' },
    { vendor: 'softhsm', path: '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so' },
    { vendor: 'softhsm', path: '/usr/local/lib/softhsm/libsofthsm2.so' },
    { vendor: 'softhsm', path: '/usr/lib64/pkcs11/libsofthsm2.so' },
  ],
  win32: [
    { vendor: 'akis', path: 'C:\\Windows\\System32\\akisp11.dll' },
    { vendor: 'safenet', path: 'C:\\Windows\\System32\\eTPKCS11.dll' },
    { vendor: 'opensc', path: 'C:\\Program Files\\OpenSC Project\\OpenSC\\pkcs11\\opensc-pkcs11.dll' },
    { vendor: 'softhsm', path: 'C:\\SoftHSM2\\lib\\softhsm2-x64.dll' },
  ],
  darwin: [
    { vendor: 'akis', path: '/usr/local/lib/libakisp11.dylib' },
    { vendor: 'akis', path: '/Library/AKIS/libakisp11.dylib' },
    { vendor: 'safenet', path: '/usr/local/lib/libeTPkcs11.dylib' },
    { vendor: 'opensc', path: '/Library/OpenSC/lib/opensc-pkcs11.so' },
    { vendor: 'opensc', path: '/opt/homebrew/lib/opensc-pkcs11.so' },
    { vendor: 'softhsm', path: '/usr/local/lib/softhsm/libsofthsm2.so' },
    { vendor: 'softhsm', path: '/opt/homebrew/lib/softhsm/libsofthsm2.so' },
  ],
};

/** Known modules for `platform` that exist on disk (symlinks resolved, duplicates removed). */
export function installedModules(platform: NodeJS.Platform = process.platform): KnownModule[] {
  const list = KNOWN_MODULES[platform as keyof typeof KNOWN_MODULES] ?? [];
  const seen = new Set<string>();
  const out: KnownModule[] = [];
  for (const m of list) {
    if (!fs.existsSync(m.path)) continue;
    let real = m.path;
    try {
      real = fs.realpathSync(m.path);
    } catch {
      /* keep the path */
    }
    if (seen.has(real)) continue;
    seen.add(real);
    out.push(m);
  }
  return out;
}

/**
 * The module paths to search: `explicit` if given, else EDEFTER_PKCS11_MODULE, else every
 * installed known module (see {@link installedModules}). May be empty.
 */
export function candidateModules(explicit?: string): string[] {
  if (explicit) return [explicit];
  const env = process.env.EDEFTER_PKCS11_MODULE;
  if (env) return [env];
  return installedModules().map((m) => m.path);
}
