/**
 * One job of the month pipeline (flows/part-pipeline.ts): sign a finished part in place, then
 * validate the signed file with every asked layer in ONE read and one lex (validate/one-pass.ts:
 * layer a, GİB's XSD, GİB's rules, and the file's SHA-256). The file is not read again after that:
 * the flow makes its report from this result. Runs on a part worker (part-worker.ts) or, once the
 * month is built, on the main thread (PartPipeline.helpHere) — the same code either way.
 */
import type { GibPackage } from '../validate/gib-package.ts';
import { validateOnePass, type OnePassResult } from '../validate/one-pass.ts';
import { signXmlFile, type RawSigner, type SignResult } from '../xades/index.ts';

/** A part job as the pipeline queues it (structured-cloneable: it is posted to a worker as is). */
export interface PartJob {
  job: number;
  /** Unsigned temp file, signed in place. */
  file: string;
  /** Name the file is judged under (the temp file gets it later). */
  name: string;
  withTs: boolean;
  checkVkn: boolean;
  /** ISO signing time (tests). */
  signingTime?: string;
  /** Layers b and c (layer a always runs); without a GİB package they do not run. */
  gib: GibPackage | null;
  b: boolean;
  c: boolean;
  /** Layer c: failures kept (default 200; the count goes on). */
  maxFindings?: number;
}

/** What a job returns: the signature, and the one validating pass over the signed file (with its SHA-256). */
export interface PartJobResult {
  sign: SignResult;
  pass: OnePassResult;
}

/**
 * Runs one job (see the file comment).
 * @param signer signs SignedInfo (on a worker: forwards it to the main thread's signer)
 * @param timestamp XAdES-T timestamper, used when the job asks for one
 * @throws what signXmlFile and validateOnePass throw (token, NOT_XML, VKN_MISMATCH..., I/O errors)
 */
export async function runPartJob(m: PartJob, signer: RawSigner, timestamp?: (data: Buffer) => Promise<Buffer>): Promise<PartJobResult> {
  const sign = await signXmlFile({
    input: m.file,
    output: m.file,
    inPlace: true, // an unsigned staging part: rebuilt if anything fails (SignOptions.inPlace)
    signer,
    checkVkn: m.checkVkn,
    outputSha256: false, // the validating pass below digests the file
    ...(m.signingTime ? { signingTime: new Date(m.signingTime) } : {}),
    ...(m.withTs && timestamp ? { timestamp } : {}),
  });
  const pass = await validateOnePass(m.file, {
    gib: m.gib,
    b: m.b,
    c: m.c,
    requireSignature: true,
    name: m.name,
    sha256: true,
    ...(m.maxFindings !== undefined ? { maxFindings: m.maxFindings } : {}),
  });
  return { sign, pass };
}
