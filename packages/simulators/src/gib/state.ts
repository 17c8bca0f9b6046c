/**
 * Durable state of the GİB simulator: `<stateDir>/state.json` (rewritten atomically after every
 * change), uploaded zips under `uploads/`, approved berat zips under `approved/`. A restarted
 * simulator resumes processing where it stopped.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PackageKind } from '@edefter/domain';
import { writeFileAtomic } from '@edefter/dev/pki/demo-pki.ts';

/** Processing stage of an upload (GİB-UK p.34: berat first, then defter, then GİB signs). */
export type UploadStage = 'queued' | 'berat-ok' | 'processed' | 'failed';

/** Facts read from a processed Yevmiye, for continuity with the next part / month. */
export interface DefterFacts {
  fiscalYearStart?: string;
  periodStart?: string;
  periodEnd?: string;
  firstEntryNumber?: number;
  lastEntryNumber?: number;
  /** Running number of the kontrol numarası (last 6 digits of documentInfo/uniqueID). */
  controlSeq?: number;
}

/** One accepted upload. */
export interface Upload {
  seq: number;
  paketId: string;
  vkn: string;
  period: string;
  part: string;
  branch: string;
  kind: PackageKind;
  receivedAt: string;
  sender: string;
  zipFile: string;
  sha256: string;
  bytes: number;
  stage: UploadStage;
  /** getBatchStatus durumKodu / durumAciklama. */
  code: string;
  text: string;
  /** When the next processing stage is due (ms since epoch). */
  dueAt: number;
  approvedFile?: string;
  facts?: DefterFacts;
}

/** Whole simulator state. */
export interface SimState {
  version: 1;
  nextSeq: number;
  uploads: Upload[];
  /** Requests per operation (all, including refused ones). */
  calls: Record<string, number>;
}

/** Loads and saves the state. */
export class StateStore {
  readonly dir: string;
  readonly file: string;
  state: SimState;

  constructor(dir: string) {
    this.dir = dir;
    this.file = path.join(dir, 'state.json');
    fs.mkdirSync(path.join(dir, 'uploads'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'approved'), { recursive: true });
    this.state = fs.existsSync(this.file) ? (JSON.parse(fs.readFileSync(this.file, 'utf8')) as SimState) : { version: 1, nextSeq: 1, uploads: [], calls: {} };
  }

  /** Writes the state atomically. */
  save(): void {
    writeFileAtomic(this.file, JSON.stringify(this.state, null, 1), 0o600);
  }

  /** Counts a request. */
  count(op: string): void {
    this.state.calls[op] = (this.state.calls[op] ?? 0) + 1;
    this.save();
  }

  /** Uploads of a package, oldest first. */
  uploadsOf(paketId: string): Upload[] {
    return this.state.uploads.filter((u) => u.paketId === paketId);
  }

  /** The newest upload of a package. */
  latest(paketId: string): Upload | undefined {
    return this.uploadsOf(paketId).at(-1);
  }
}
