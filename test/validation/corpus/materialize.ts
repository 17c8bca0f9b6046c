/**
 * TEST CORPUS — mutant definitions and their files. A mutant is one fault on one base file:
 *  - content faults edit the unsigned draft ({@link draftOf}) and the result is signed again with the
 *    same TEST mali mühür, so the signature is valid and only the content rule can fail;
 *  - signature faults (`signed: true`) edit the signed file's `ds:Signature` block itself;
 *  - name faults rename the signed file (GİB's rules read the VKN and period from the file name).
 * Each mutant file is written as `<dir>/<n>/<GİB file name>`, so `base-uri()` ends in a GİB name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { signXmlFile } from '../../../packages/bridge/src/xades/index.ts';
import { testSigner } from '../../ledger/helpers.ts';
import type { BaseFile } from './base.ts';
import { applySys, draftOf, parseSysName } from './mutate.ts';

/** A handwritten fault. */
export interface Fault {
  /** Short key, unique per kind (`h:counter-gap-last`). */
  key: string;
  /** What it breaks, in words. */
  fault: string;
  /** Edit of the draft (or, with `signed`, of the signed text). */
  edit?: (xml: string) => string;
  /** Edit the signed file's signature block instead of the draft (no re-signing). */
  signed?: boolean;
  /** New file name from the GİB name. */
  rename?: (name: string) => string;
}

/** One mutant: name `<base id> | <fault>`, the base file, one fault, and the GİB rule ids it is meant to trip. */
export interface Mutant {
  name: string;
  base: BaseFile;
  fault: string;
  /** GİB rule ids it is meant to trip (`edefter_yevmiye:12`), from the manifest or the handwritten list. */
  rules: string[];
  /** Handwritten fault, or undefined for a systematic one (re-created from the name). */
  hand?: Fault;
}

/** `<base id> | <fault name>`. */
export const mutantName = (base: BaseFile, fault: string): string => `${base.id} | ${fault}`;

/**
 * Writes a mutant's file under `dir/<n>/` and signs it unless it is a signature or name fault.
 * @returns the file's path, or null when the mutated draft cannot be signed (then it is no mutant of a signed file)
 * @throws Error when the fault cannot be applied (target missing) or changes nothing
 */
export async function materialize(m: Mutant, dir: string, n: number): Promise<string | null> {
  const sub = path.join(dir, String(n));
  fs.mkdirSync(sub, { recursive: true, mode: 0o700 });
  const signed = fs.readFileSync(m.base.path, 'utf8');
  const faultName = m.name.slice(m.name.indexOf(' | ') + 3);
  const name = m.hand?.rename ? m.hand.rename(path.basename(m.base.path)) : path.basename(m.base.path);
  const file = path.join(sub, name);
  if (m.hand?.rename && !m.hand.edit) {
    if (name === path.basename(m.base.path)) throw new Error(`${m.name}: rename changed nothing`);
    fs.writeFileSync(file, signed, { mode: 0o600 });
    return file;
  }
  if (m.hand?.signed) {
    const out = m.hand.edit!(signed);
    if (out === signed) throw new Error(`${m.name}: edit changed nothing`);
    fs.writeFileSync(file, out, { mode: 0o600 });
    return file;
  }
  const draft = draftOf(signed);
  let out: string;
  if (m.hand) out = m.hand.edit!(draft);
  else {
    const t = parseSysName(faultName);
    if (!t) throw new Error(`${m.name}: not a systematic fault name`);
    out = applySys(draft, t);
  }
  if (out === draft) throw new Error(`${m.name}: edit changed nothing`);
  fs.writeFileSync(file, out, { mode: 0o600 });
  try {
    await signXmlFile({ input: file, output: file, signer: await testSigner(), checkVkn: false });
  } catch (e) {
    if (process.env.EDEFTER_CORPUS_DEBUG) console.error(`${m.name}: cannot sign: ${(e as Error).message}`);
    return null;
  }
  return file;
}
