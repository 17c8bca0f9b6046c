/**
 * Çapraz doğrulama (cross check) of the six files of a month part before they are backed up
 * (issue 7; spec §1.5 step 4, §1.6; Logo's saklama runs the same "Çapraz Doğrulama" and
 * "Counter Signature Doğrulama Kontrolü"):
 *
 * 1. every file's own XAdES signature verifies (verifyXmlFile);
 * 2. each berat (YB, KB) carries its defter's signature value: the berat's top-level
 *    `ds:SignatureValue` equals the defter's `ds:Signature/ds:SignatureValue`;
 * 3. each GİB-approved berat seals OUR berat: it still carries the defter's value, its own berat
 *    `ds:Signature/ds:SignatureValue` equals ours, and it holds a `xades:CounterSignature` that verifies.
 *
 * The integrator simulator runs the same function on what it receives.
 */
import { type EdefterError, fail } from '@edefter/protocol';
import { readSignatureValue, verifyXmlFile } from '../xades/index.ts';
import type { BackupFile, BackupFileRole } from './files.ts';
import { readSignatureValues, type SignatureValues } from '../xades/signature-values.ts';

/** Result of verifying one signed XML file (subset of xades' VerifyResult). */
export interface FileVerification {
  ok: boolean;
  errors: string[];
}

/** Result of verifying the GİB counter-signature of an approved berat. */
export interface CounterSignatureVerification {
  ok: boolean;
  errors: string[];
}

/**
 * The verifiers çapraz doğrulama calls; {@link defaultCrossCheckDeps} wires xades, flows/backup.ts
 * adds GİB's counter-signature check. Tests may pass their own.
 */
export interface CrossCheckDeps {
  /** Verifies a file's own (last top-level) XAdES signature. */
  verifyXmlFile(path: string, opts?: { trustedCerts?: Buffer[] }): Promise<FileVerification>;
  /** Reads the last top-level ds:Signature/ds:SignatureValue (base64) of a signed file. */
  readSignatureValue(path: string): Promise<string>;
  /**
   * Verifies GİB's XAdES CounterSignature of an approved berat; absent → only its presence and the
   * sealed SignatureValue are checked (the report says so).
   */
  verifyCounterSignature?: (path: string, opts?: { trustedCerts?: Buffer[]; expectedSignatureValue?: string }) => Promise<CounterSignatureVerification>;
}

/** One failed check, naming the file that is wrong. */
export interface CrossCheckProblem {
  /** File name (as in the month folder). */
  file: string;
  role: BackupFileRole;
  /** Short machine name of the check: signature | defter-binding | gib-seal | counter-signature | structure. */
  check: 'signature' | 'defter-binding' | 'gib-seal' | 'counter-signature' | 'structure';
  tr: string;
  en: string;
}

/** Report of a cross check. */
export interface CrossCheckReport {
  ok: boolean;
  problems: CrossCheckProblem[];
  /** Defter signature values (base64) by role, for the record. */
  signatureValues: Partial<Record<BackupFileRole, string>>;
  /** True when GİB counter-signatures were cryptographically verified (a verifier was available). */
  counterSignaturesVerified: boolean;
}

/** Options of {@link crossCheck}. */
export interface CrossCheckOptions {
  /** Trust anchors for the certificate chains (DER or PEM), passed to the verifiers. */
  trustedCerts?: Buffer[];
  /** Verifiers; default {@link defaultCrossCheckDeps}. */
  deps?: CrossCheckDeps;
}

/**
 * The XAdES verifiers of this module's own layer: `verifyXmlFile` and `readSignatureValue` (xades).
 * GİB's counter-signature check is not among them (backup does not import gib): the flows layer adds
 * it (flows/backup.ts crossCheckDeps); without it only the seal's presence and sealed value are checked.
 */
export function defaultCrossCheckDeps(): CrossCheckDeps {
  return {
    verifyXmlFile: (p, o) => verifyXmlFile(p, { trustedCerts: o?.trustedCerts }),
    readSignatureValue,
  };
}

const norm = (s: string | undefined): string => (s ?? '').replace(/\s+/g, '');

/**
 * Runs çapraz doğrulama on the six files of a month part. Never throws for a bad file: every
 * problem goes into the report (see {@link assertCrossCheck}).
 * @param files the six files (any order), as returned by findBackupFiles
 */
export async function crossCheck(files: BackupFile[], opts: CrossCheckOptions = {}): Promise<CrossCheckReport> {
  const deps = opts.deps ?? defaultCrossCheckDeps();
  const byRole = new Map(files.map((f) => [f.role, f]));
  const problems: CrossCheckProblem[] = [];
  const add = (f: BackupFile, check: CrossCheckProblem['check'], tr: string, en: string): void => {
    problems.push({ file: f.name, role: f.role, check, tr, en });
  };
  const values = new Map<BackupFileRole, SignatureValues>();
  const own = new Map<BackupFileRole, string>();

  // 1. Structure + every signature verifies.
  for (const f of files) {
    let sv: SignatureValues;
    try {
      sv = await readSignatureValues(f.path);
    } catch (e) {
      const err = e as EdefterError;
      add(f, 'structure', `${f.name} okunamadı: ${err.tr ?? err.message}`, `${f.name} could not be read: ${err.en ?? err.message}`);
      continue;
    }
    values.set(f.role, sv);
    const wantRoot = f.role === 'Y' || f.role === 'K' ? 'defter' : 'berat';
    if (sv.root !== wantRoot) {
      add(f, 'structure', `${f.name} bir ${wantRoot} dosyası değil (kök öğe ${sv.root})`, `${f.name} is not a ${wantRoot} file (root element ${sv.root})`);
    }
    if (!sv.signatureValue) {
      add(f, 'signature', `${f.name} imzalı değil (ds:Signature/ds:SignatureValue yok)`, `${f.name} is not signed (no ds:Signature/ds:SignatureValue)`);
      continue;
    }
    try {
      own.set(f.role, norm(await deps.readSignatureValue(f.path)));
    } catch {
      own.set(f.role, sv.signatureValue);
    }
    let v: FileVerification;
    try {
      v = await deps.verifyXmlFile(f.path, { trustedCerts: opts.trustedCerts });
    } catch (e) {
      v = { ok: false, errors: [(e as Error).message] };
    }
    if (!v.ok) {
      const why = v.errors.join('; ');
      add(f, 'signature', `${f.name} dosyasının imzası doğrulanamadı: ${why}`, `The signature of ${f.name} does not verify: ${why}`);
    }
  }

  // 2. Each berat carries its defter's signature value.
  for (const [berat, defter] of [
    ['YB', 'Y'],
    ['KB', 'K'],
  ] as const) {
    const bf = byRole.get(berat);
    const df = byRole.get(defter);
    const bv = values.get(berat);
    const dv = own.get(defter);
    if (!bf || !df || !bv || !dv) continue;
    if (!bv.referencedSignatureValue) {
      add(
        bf,
        'defter-binding',
        `${bf.name} beratında defterin imza değeri (ds:SignatureValue) yok`,
        `${bf.name} carries no defter signature value (ds:SignatureValue)`,
      );
    } else if (norm(bv.referencedSignatureValue) !== dv) {
      add(
        bf,
        'defter-binding',
        `${bf.name} beratındaki imza değeri ${df.name} defterinin imza değeri ile uyuşmuyor`,
        `The signature value in ${bf.name} does not match the signature value of ${df.name}`,
      );
    }
  }

  // 3. Each GİB berat seals our berat (and still refers to the same defter).
  let counterVerified = Boolean(deps.verifyCounterSignature);
  for (const [gib, berat, defter] of [
    ['GIB-YB', 'YB', 'Y'],
    ['GIB-KB', 'KB', 'K'],
  ] as const) {
    const gf = byRole.get(gib);
    const bf = byRole.get(berat);
    const gv = values.get(gib);
    if (!gf || !bf || !gv) continue;
    const ours = own.get(berat);
    const dv = own.get(defter);
    if (dv && norm(gv.referencedSignatureValue) !== dv) {
      add(
        gf,
        'gib-seal',
        `${gf.name} onaylı beratındaki defter imza değeri ${byRole.get(defter)?.name} ile uyuşmuyor`,
        `The defter signature value in ${gf.name} does not match ${byRole.get(defter)?.name}`,
      );
    }
    if (ours && own.get(gib) !== ours) {
      add(
        gf,
        'gib-seal',
        `${gf.name} onaylı beratı ${bf.name} beratımızı mühürlemiyor (imza değerleri farklı)`,
        `${gf.name} does not seal our berat ${bf.name} (signature values differ)`,
      );
    }
    if (gv.counterSignatureValues.length === 0) {
      add(gf, 'counter-signature', `${gf.name} GİB onay mührü (CounterSignature) içermiyor`, `${gf.name} has no GİB counter-signature (CounterSignature)`);
    } else if (deps.verifyCounterSignature) {
      let r: CounterSignatureVerification;
      try {
        r = await deps.verifyCounterSignature(gf.path, { trustedCerts: opts.trustedCerts, ...(ours ? { expectedSignatureValue: ours } : {}) });
      } catch (e) {
        r = { ok: false, errors: [(e as Error).message] };
      }
      if (!r.ok) {
        const why = r.errors.join('; ');
        add(
          gf,
          'counter-signature',
          `${gf.name} GİB onay mührü (CounterSignature) doğrulanamadı: ${why}`,
          `The GİB counter-signature of ${gf.name} does not verify: ${why}`,
        );
      }
    } else {
      counterVerified = false;
    }
  }

  const signatureValues: CrossCheckReport['signatureValues'] = {};
  for (const [role, v] of own) signatureValues[role] = v;
  return { ok: problems.length === 0, problems, signatureValues, counterSignaturesVerified: counterVerified };
}

/**
 * Runs {@link crossCheck} and throws when anything is wrong.
 * @throws EdefterError CROSS_CHECK_FAILED whose message names the wrong file(s);
 *   details = { problems: CrossCheckProblem[] }
 */
export async function assertCrossCheck(files: BackupFile[], opts: CrossCheckOptions = {}): Promise<CrossCheckReport> {
  const report = await crossCheck(files, opts);
  if (!report.ok) throw crossCheckError(report.problems);
  return report;
}

/** The error thrown for failed çapraz doğrulama: first problem in the message, all in details. */
export function crossCheckError(problems: CrossCheckProblem[]): EdefterError {
  const files = [...new Set(problems.map((p) => p.file))];
  return fail('backup.crossCheckFailed', { files, problems: problems.map((p) => ({ ...p })) });
}
