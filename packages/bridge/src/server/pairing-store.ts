/**
 * Paired extension installs, in `<configDir>/pairings.json` (mode 0600, atomic writes): the
 * per-install secret (32 random bytes), the extension origin it paired from, and the bridge's
 * copy of that install's allowed sites.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../settings/store.ts';

/** One paired install. */
export interface PairedInstall {
  /** base64 secret shared with the extension */
  secret: string;
  /** Origin the install connected from (`chrome-extension://…` / `moz-extension://…`) */
  extensionOrigin: string;
  browser: 'chrome' | 'firefox';
  /** ISO 8601 */
  pairedAt: string;
  /** ISO 8601 */
  lastSeenAt?: string;
  /** the user's allowed sites, as last sent by the extension */
  allowedOrigins: string[];
}

interface FileShape {
  version: 1;
  installs: Record<string, PairedInstall>;
}

/** Reads and writes pairings.json. Single-process: the bridge owns the file while running. */
export class PairingStore {
  private data?: FileShape;
  constructor(readonly file: string) {}

  /** Store in `<dir>/pairings.json`. */
  static inDir(dir: string): PairingStore {
    return new PairingStore(path.join(dir, 'pairings.json'));
  }

  private async load(): Promise<FileShape> {
    if (this.data) return this.data;
    try {
      const parsed = JSON.parse(await fs.readFile(this.file, 'utf8')) as FileShape;
      this.data = { version: 1, installs: parsed.installs && typeof parsed.installs === 'object' ? parsed.installs : {} };
    } catch {
      this.data = { version: 1, installs: {} };
    }
    return this.data;
  }

  private async save(): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify(this.data, null, 2) + '\n', 0o600);
  }

  /** The install, if paired. */
  async get(installId: string): Promise<PairedInstall | undefined> {
    return (await this.load()).installs[installId];
  }

  /** Stores a new pairing (replacing an old one of the same install). */
  async put(installId: string, rec: PairedInstall): Promise<void> {
    (await this.load()).installs[installId] = rec;
    await this.save();
  }

  /** Updates fields of a paired install. No-op when unknown. */
  async update(installId: string, patch: Partial<PairedInstall>): Promise<void> {
    const d = await this.load();
    if (!d.installs[installId]) return;
    d.installs[installId] = { ...d.installs[installId], ...patch };
    await this.save();
  }

  /** Forgets an install. @returns whether it existed */
  async remove(installId: string): Promise<boolean> {
    const d = await this.load();
    if (!d.installs[installId]) return false;
    delete d.installs[installId];
    await this.save();
    return true;
  }

  /** All installs (for `edefter pairing list`). */
  async list(): Promise<Array<[string, PairedInstall]>> {
    return Object.entries((await this.load()).installs);
  }
}
