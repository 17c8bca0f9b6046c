/**
 * Durable on-disk store of the integrator simulator.
 *
 * Layout under `dir`:
 *   packages/<id>/package.zip   the upload as received (removed when a newer send replaces it)
 *   packages/<id>/meta.json     {@link SimPackage}, rewritten atomically on every status change
 *   packages/<id>/files/        extracted files, while being checked
 *   idempotency/<sha256(user:key)>.json  { id } so a repeated upload returns the first answer
 *   months/<vkn>-<period>-<part>[-<branch>].json  { id } of the latest send of a month part
 */
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { monthPartId, type BackupStatus } from '@edefter/domain';

/** What the simulator keeps about one received package. */
export interface SimPackage {
  id: string;
  user: string;
  vkn: string;
  period: string;
  part: string;
  branch?: string;
  status: Exclude<BackupStatus, 'NOT_SENT'>;
  statusText: string;
  message?: string;
  receivedAt: string;
  updatedAt: string;
  superseded?: boolean;
  sha256: string;
  bytes: number;
  /** Status history, oldest first. */
  history: { status: string; at: string; message?: string }[];
}

/** Writes a file atomically: temp file in the same folder, fsync, rename. */
export async function atomicWrite(file: string, data: string | Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  const fh = await fs.open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.rename(tmp, file);
}

/** The simulator's durable store. */
export class SimStore {
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(readonly dir: string) {}

  /**
   * Read-modify-write of one package's meta under a per-package lock (processing and a newer
   * upload may touch the same package at once). `fn` returns the new meta, or null to leave it.
   * @returns the written meta, or null when nothing was written
   */
  async update(id: string, fn: (p: SimPackage) => SimPackage | null): Promise<SimPackage | null> {
    const prev = this.locks.get(id) ?? Promise.resolve();
    const run = prev
      .catch(() => undefined)
      .then(async () => {
        const cur = await this.get(id);
        const next = cur ? fn(cur) : null;
        if (next) await this.put(next);
        return next;
      });
    this.locks.set(id, run);
    try {
      return await run;
    } finally {
      if (this.locks.get(id) === run) this.locks.delete(id);
    }
  }

  /** Creates the folders. */
  async init(): Promise<void> {
    for (const d of ['packages', 'idempotency', 'months', 'incoming']) await fs.mkdir(path.join(this.dir, d), { recursive: true });
  }

  /** Folder of one package. */
  packageDir(id: string): string {
    if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) throw new Error('bad id');
    return path.join(this.dir, 'packages', id);
  }

  /** A fresh temp path for an incoming upload. */
  incomingPath(): string {
    return path.join(this.dir, 'incoming', `${Date.now()}-${randomBytes(6).toString('hex')}.zip`);
  }

  /** Reads a package's meta, or null. */
  async get(id: string): Promise<SimPackage | null> {
    try {
      return JSON.parse(await fs.readFile(path.join(this.packageDir(id), 'meta.json'), 'utf8')) as SimPackage;
    } catch {
      return null;
    }
  }

  /** Writes a package's meta atomically. */
  async put(p: SimPackage): Promise<void> {
    await atomicWrite(path.join(this.packageDir(p.id), 'meta.json'), JSON.stringify(p, null, 2));
  }

  /** Every stored package. */
  async all(): Promise<SimPackage[]> {
    const ids = await fs.readdir(path.join(this.dir, 'packages')).catch(() => [] as string[]);
    const out: SimPackage[] = [];
    for (const id of ids) {
      const p = await this.get(id);
      if (p) out.push(p);
    }
    return out.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  }

  private idemPath(user: string, key: string): string {
    return path.join(this.dir, 'idempotency', createHash('sha256').update(`${user}:${key}`).digest('hex') + '.json');
  }

  /** Package id recorded for an idempotency key, or null. */
  async idempotent(user: string, key: string): Promise<string | null> {
    try {
      return (JSON.parse(await fs.readFile(this.idemPath(user, key), 'utf8')) as { id: string }).id;
    } catch {
      return null;
    }
  }

  /** Records the package id for an idempotency key. */
  async rememberIdempotent(user: string, key: string, id: string): Promise<void> {
    await atomicWrite(this.idemPath(user, key), JSON.stringify({ id }));
  }

  private monthPath(m: { vkn: string; period: string; part: string; branch?: string }): string {
    return path.join(this.dir, 'months', `${monthPartId(m)}.json`);
  }

  /** Id of the latest send of a month part, or null. */
  async latest(m: { vkn: string; period: string; part: string; branch?: string }): Promise<string | null> {
    try {
      return (JSON.parse(await fs.readFile(this.monthPath(m), 'utf8')) as { id: string }).id;
    } catch {
      return null;
    }
  }

  /** Records the latest send of a month part. */
  async setLatest(m: { vkn: string; period: string; part: string; branch?: string }, id: string): Promise<void> {
    await atomicWrite(this.monthPath(m), JSON.stringify({ id }));
  }
}
