/**
 * XAdES-BES (optionally -T) enveloped signing of e-Defter files for GİB's profile (spec §2.1).
 *
 * The document is read once, in chunks: its canonical form (C14N 1.0, no comments: Reference URI="")
 * is hashed as it streams by, and its bytes are copied to a temp file next to the output up to the
 * root's end tag. Then SignedProperties and SignedInfo are built and canonicalized (with the root's
 * namespace context, C14N §2.4), the token signs SignedInfo once, the ds:Signature is written as the
 * last child of the root, the rest of the input follows, and the temp file is fsynced and renamed.
 * Memory stays constant whatever the file size; nothing is written under the output name on failure.
 * With `inPlace` (the month's and the envanter's staging files) the file is not copied: only the signature and what follows the root's
 * end tag are written into it once the token has signed (see SignOptions.inPlace).
 */
import { createHash, randomUUID, verify as cryptoVerify, type Hash } from 'node:crypto';
import { open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { fail } from '@edefter/protocol/catalog';
import { DSIG_NS, C14nScanner } from './c14n/scanner.ts';
import { CanonicalWriter, type C14nSink } from './c14n/writer.ts';
import { HashPipe, HashPipeSink, PIPE_BUFFERS } from './hash-pipe.ts';
import { canonicalize, openRootTag } from './canonicalize.ts';
import { certFacts, type CertFacts } from './cert.ts';
import { readChunks } from './read-chunks.ts';
import { ScanCopy } from './scan-copy.ts';
import { canonicalizeInBlocks, splitPays } from './split-scan.ts';
import { buildSignature, canonicalSignatureValue, makeIds, type SignatureInput } from './signature-xml.ts';
import { formatLocalTime } from './signed-properties.ts';
import type { RawSigner } from './signer.ts';

/** Options of {@link signXmlFile}. */
export interface SignOptions {
  /** Path of the unsigned XML (UTF-8). */
  input: string;
  /** Path to write (atomically: temp file in the same folder, fsync, rename). May equal `input`. */
  output: string;
  signer: RawSigner;
  /** Default now; written as local time with the process's UTC offset. */
  signingTime?: Date;
  /** SignedInfo CanonicalizationMethod: C14N 1.0 #WithComments (default true, GİB's example) or plain C14N 1.0. */
  c14nWithComments?: boolean;
  /** Default true: the certificate's subject serialNumber must equal the first xbrli:identifier (when the document has one). */
  checkVkn?: boolean;
  /**
   * XAdES-T: given the exclusive-canonical ds:SignatureValue bytes, returns a DER TimeStampToken
   * (ContentInfo/SignedData), written to UnsignedSignatureProperties/SignatureTimeStamp.
   */
  timestamp?: (data: Buffer) => Promise<Buffer>;
  /** Progress in bytes of input read (called once per chunk). */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  /** Read size in bytes (default 1 MiB); tests use tiny chunks to exercise constructs split across reads. */
  chunkSize?: number;
  /**
   * Compute SHA-256 and write the output on a worker thread (hash-pipe.ts). Default false: with the
   * CPU's SHA extensions hashing on this thread costs less than handing the bytes over (bench/sign.ts,
   * 200 MB: main thread 0.53–0.60 s CPU inline vs 0.56–0.59 s with the worker, whole process 0.66–0.74 s
   * vs 0.91–0.99 s, peak RSS 56 vs 67 MiB: the worker's own isolate is ~10 MiB).
   */
  hashThread?: boolean;
  /**
   * Also digest the signed file's bytes for {@link SignResult.sha256} (default true). It is a second
   * SHA-256 pass over the whole output, separate from the document digest (that one covers the
   * canonical form, which drops the XML declaration and has no signature, so neither digest can be
   * derived from the other). Callers that hash the file anyway (the month flow's layer-a check) pass false.
   */
  outputSha256?: boolean;
  /**
   * Canonicalize on two threads (split-scan.ts): a second thread takes every other block of `entryHeader`s, and this
   * one hashes all blocks in order. true: always (tests); 'auto': when it pays on this machine for this size
   * ({@link splitPays}); default false. Not with `hashThread` or `outputSha256` (this thread must see every byte it
   * hashes). The digest and the file written are the same bytes either way.
   */
  twoThreads?: boolean | 'auto';
  /** Block size in bytes for `twoThreads` (default 4 MiB; tests use tiny blocks). */
  splitBlock?: number;
  /**
   * Sign `input` in place (`output` must be the same file): the file is read once to canonicalize and hash it, then
   * only its bytes from the root's end tag on are rewritten (the ds:Signature, then that tail), and it is fsynced.
   * It saves writing a copy of the whole file (bench/month.ts: 2.7 GB of writes for a 1 M-line month). The file is
   * unchanged when anything fails before that last write (bad XML, VKN, token, timestamp); a failure during it
   * (disk full, I/O) can leave the file damaged, so only for files the caller can rebuild: the unsigned files of the
   * month's and the envanter's staging folders. Not with `twoThreads`, `hashThread` or `outputSha256` (no second pass over the bytes here).
   */
  inPlace?: boolean;
}

/** Outcome of a signature. */
export interface SignResult {
  output: string;
  /** Size of the signed file in bytes. */
  bytes: number;
  /** Hex SHA-256 of the signed file's bytes; `''` when {@link SignOptions.outputSha256} is false. */
  sha256: string;
  /** base64 ds:SignatureValue (what a berat copies, spec §1.5). */
  signatureValue: string;
  signatureValueId: string;
  /** xades:SigningTime as written. */
  signingTime: string;
  /** With {@link SignOptions.twoThreads}: blocks the second thread canonicalized (0: it did not help). */
  splitBlocks?: number;
}

/**
 * Read buffers in flight when signing on this thread: one being canonicalized, one being read, one being written
 * (with two, the reader waited for each write: bench/sign.ts 200 MB, 0.62–0.64 s with 3–4 vs 0.67–0.71 s with 2).
 */
const SIGN_BUFFERS = 3;
interface Prepared {
  cert: CertFacts;
  when: Date;
  withComments: boolean;
}

function prepare(opts: Omit<SignOptions, 'input' | 'output'>): Prepared {
  let cert: CertFacts;
  try {
    cert = certFacts(opts.signer.certificate);
  } catch (e) {
    throw fail('xades.certificateUnreadable', { reason: (e as Error).message });
  }
  if (cert.keyType !== opts.signer.keyType) {
    throw fail('xades.keyTypeMismatch', { certificateKeyType: cert.keyType, signerKeyType: opts.signer.keyType });
  }
  const when = opts.signingTime ?? new Date();
  if (when.getTime() > cert.notAfter.getTime()) throw fail('xades.certificateExpired', { notAfter: cert.notAfter.toISOString(), at: when.toISOString() });
  if (when.getTime() < cert.notBefore.getTime())
    throw fail('xades.certificateNotYetValid', {
      notBefore: cert.notBefore.toISOString(),
      at: when.toISOString(),
    });
  return { cert, when, withComments: opts.c14nWithComments !== false };
}

function checkVkn(p: Prepared, identifier: string | undefined, enabled: boolean): void {
  if (!enabled || identifier === undefined) return;
  const certId = p.cert.vkn ?? p.cert.tckn;
  if (certId !== identifier) throw fail('xades.vknMismatch', { certVkn: certId, docVkn: identifier });
}

function newScanner(hash: C14nSink, pipe?: HashPipe | null): C14nScanner {
  return new C14nScanner(new CanonicalWriter(hash, pipe ? (n) => pipe.take(n) : undefined), { topLevelSignature: 'reject' });
}

/** Final digest of a sink made by {@link HashPipe.hash} or of a crypto Hash. */
async function digestOf(sink: C14nSink, pipe: HashPipe | null): Promise<Buffer> {
  if (pipe !== null && sink instanceof HashPipeSink) return (await pipe.digest([sink]))[0];
  return (sink as Hash).digest();
}

/**
 * Builds the ds:Signature for a scanned document: SignedProperties digest, SignedInfo, one call to
 * the signer, a local check of the signature value, optional timestamp.
 */
async function makeSignature(
  p: Prepared,
  sc: C14nScanner,
  documentDigest: Buffer,
  opts: Omit<SignOptions, 'input' | 'output'>,
): Promise<{ xml: Buffer; signatureValue: string; signatureValueId: string; signingTime: string }> {
  const root = sc.root;
  if (root === null) throw fail('xades.emptyFile');
  const ids = makeIds(randomUUID());
  const s: SignatureInput = {
    ids,
    c14nWithComments: p.withComments,
    cert: p.cert,
    documentDigest: documentDigest.toString('base64'),
    signedPropertiesDigest: '',
    signatureValue: '',
    signingTime: formatLocalTime(p.when),
  };
  const open = openRootTag(root.startTag, root.selfClosing);
  const close = Buffer.from(`</${root.qname}>`, 'utf8');
  const wrap = (sig: string) => Buffer.concat([open, Buffer.from(sig, 'utf8'), close]);
  // SignedProperties is canonicalized in its place: it inherits the root's namespaces (inclusive C14N).
  const sp = canonicalize(wrap(buildSignature(s)), { subset: { id: ids.signedProperties } });
  s.signedPropertiesDigest = createHash('sha256').update(sp).digest('base64');
  const si = canonicalize(wrap(buildSignature(s)), { subset: { uri: DSIG_NS, local: 'SignedInfo' }, withComments: p.withComments });
  const raw = await opts.signer.sign(si);
  const key = p.cert.x509.publicKey;
  const ok = p.cert.keyType === 'rsa' ? cryptoVerify('sha256', si, key, raw) : cryptoVerify('sha384', si, { key, dsaEncoding: 'ieee-p1363' }, raw);
  if (!ok) {
    throw fail('xades.tokenSignatureInvalid');
  }
  s.signatureValue = raw.toString('base64');
  if (opts.timestamp) {
    const token = await opts.timestamp(canonicalSignatureValue(ids.signatureValue, s.signatureValue));
    s.signatureTimeStamp = token.toString('base64');
  }
  return { xml: Buffer.from(buildSignature(s), 'utf8'), signatureValue: s.signatureValue, signatureValueId: ids.signatureValue, signingTime: s.signingTime };
}

/** Bytes to put where the root ends: the signature, or for `<root/>` the `>` + signature + end tag. */
function insertion(sc: C14nScanner, sig: Buffer): { bytes: Buffer; skip: number } {
  const root = sc.root!;
  if (!root.selfClosing) return { bytes: sig, skip: 0 };
  return { bytes: Buffer.concat([Buffer.from('>'), sig, Buffer.from(`</${root.qname}>`, 'utf8')]), skip: 2 };
}

/**
 * Signs an XML file (GİB XAdES-BES enveloped profile; XAdES-T with `timestamp`).
 * @returns where the signed file is, its size and SHA-256, the SignatureValue and SigningTime
 * @throws EdefterError NOT_XML, DOCTYPE_FORBIDDEN, EMPTY_FILE, ALREADY_SIGNED, VKN_MISMATCH,
 *   CERTIFICATE_EXPIRED, CERTIFICATE_NOT_YET_VALID, BAD_INPUT (encoding), token errors from the signer;
 *   no output file exists after a failure (with `inPlace` the input is unchanged unless the failure is in the last write)
 */
export async function signXmlFile(opts: SignOptions): Promise<SignResult> {
  const p = prepare(opts);
  const total = (await stat(opts.input)).size;
  if (total === 0) throw fail('xades.emptyFile', { file: opts.input });
  if (opts.inPlace === true) return signInPlace(p, opts, total);
  const dir = path.dirname(path.resolve(opts.output));
  const tmp = path.join(dir, `.${path.basename(opts.output)}.${randomUUID().slice(0, 8)}.tmp`);
  const input = await open(opts.input, 'r');
  let out: FileHandle | null = null;
  // SHA-256 on a second thread only when asked (see SignOptions.hashThread); writes go to libuv's pool either way
  const pipe = opts.hashThread === true ? new HashPipe() : null;
  let copy: ScanCopy | null = null; // the first pass; its early fdatasyncs are settled on failure too
  try {
    out = await open(tmp, 'wx', 0o600);
    const docHash: C14nSink = pipe ? pipe.hash('sha256') : createHash('sha256');
    const fileHash: C14nSink | null = opts.outputSha256 === false ? null : pipe ? pipe.hash('sha256') : createHash('sha256');
    const sc = newScanner(docHash, pipe);
    const enabled = opts.checkVkn !== false;
    let vknChecked = false;
    copy = new ScanCopy({
      sc,
      out,
      fileHash,
      pipe,
      total,
      onProgress: opts.onProgress,
      onIdentifier: (id) => {
        vknChecked = true;
        checkVkn(p, id, enabled);
      },
    });
    const readOpts = { chunkSize: opts.chunkSize, alloc: pipe ? (n: number) => pipe.shared(n) : undefined, buffers: pipe ? PIPE_BUFFERS : SIGN_BUFFERS };
    // two threads only where this thread sees every byte it must hash (no output digest, no hash worker)
    const split = pipe === null && fileHash === null && (opts.twoThreads === true || (opts.twoThreads === 'auto' && splitPays(total)));
    let splitBlocks: number | undefined;
    if (split) {
      splitBlocks = await canonicalizeInBlocks({
        input,
        path: opts.input,
        outFd: out.fd,
        total,
        sc,
        docHash: docHash as Hash,
        copy,
        readOpts,
        block: opts.splitBlock,
      });
    } else await readChunks(input, copy.each, readOpts);
    sc.finish();
    if (!vknChecked) checkVkn(p, sc.identifier, enabled);
    const sig = await makeSignature(p, sc, await digestOf(docHash, pipe), opts);
    const ins = insertion(sc, sig.xml);
    const rootEnd = sc.rootEndOffset;
    if (copy.written !== rootEnd) throw fail('xades.copyOffset', { written: copy.written, rootEnd });
    fileHash?.update(ins.bytes);
    if (pipe !== null) pipe.write(out.fd, ins.bytes, rootEnd);
    else await out.write(ins.bytes, 0, ins.bytes.length, rootEnd);
    const shift = ins.bytes.length - ins.skip;
    const o2 = out;
    await readChunks(
      input,
      (buf, len, pos) => {
        fileHash?.update(buf.subarray(0, len));
        if (pipe === null) return o2.write(buf, 0, len, pos + shift);
        pipe.write(o2.fd, buf.subarray(0, len), pos + shift);
        return pipe.submit();
      },
      { ...readOpts, start: rootEnd + ins.skip },
    );
    const bytes = total + shift;
    // also: every write of the worker is done (a digest request is answered after the writes before it)
    let fileDigest: Awaited<ReturnType<typeof digestOf>> | null = null;
    if (fileHash !== null) fileDigest = await digestOf(fileHash, pipe);
    else await pipe?.submit();
    await Promise.all(copy.syncs);
    await out.truncate(bytes);
    await out.sync();
    await out.close();
    out = null;
    await rename(tmp, opts.output);
    await syncDir(dir);
    return {
      output: opts.output,
      bytes,
      sha256: fileDigest?.toString('hex') ?? '',
      signatureValue: sig.signatureValue,
      signatureValueId: sig.signatureValueId,
      signingTime: sig.signingTime,
      ...(splitBlocks !== undefined ? { splitBlocks } : {}),
    };
  } catch (e) {
    // stop the worker first: it may still be writing to `out`'s file descriptor
    await pipe?.close().catch(() => undefined);
    await Promise.allSettled(copy?.syncs ?? []);
    if (out !== null) await out.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw e;
  } finally {
    await input.close();
    await pipe?.close();
  }
}

/** Most bytes after the root's end tag that {@link signInPlace} holds in memory to move them (whitespace, comments, PIs). */
const IN_PLACE_TAIL_MAX = 1 << 20;

/**
 * {@link SignOptions.inPlace}: one read to canonicalize and hash, then the signature and the bytes after the root's
 * end tag are written from that end tag on, and the file is fsynced (see the option for what a failure leaves).
 * @throws as signXmlFile; Error when `output` is not `input` or a second-pass option is set
 */
async function signInPlace(p: Prepared, opts: SignOptions, total: number): Promise<SignResult> {
  if (path.resolve(opts.output) !== path.resolve(opts.input)) throw new Error('inPlace: output must be the input file');
  if (opts.twoThreads === true || opts.hashThread === true || opts.outputSha256 !== false) {
    throw new Error('inPlace: not with twoThreads, hashThread or outputSha256');
  }
  const fh = await open(opts.input, 'r+');
  try {
    const docHash = createHash('sha256');
    const sc = newScanner(docHash);
    const enabled = opts.checkVkn !== false;
    let vknChecked = false;
    await readChunks(
      fh,
      (buf, len, pos) => {
        sc.push(buf, 0, len);
        if (!vknChecked && sc.identifier !== undefined) {
          vknChecked = true;
          checkVkn(p, sc.identifier, enabled);
        }
        opts.onProgress?.(pos + len, total);
      },
      { chunkSize: opts.chunkSize, buffers: SIGN_BUFFERS },
    );
    sc.finish();
    if (!vknChecked) checkVkn(p, sc.identifier, enabled);
    const rootEnd = sc.rootEndOffset;
    // what follows the root is moved through memory: checked before the token is asked to sign
    if (total - rootEnd > IN_PLACE_TAIL_MAX) throw fail('xades.copyOffset', { written: rootEnd, rootEnd: total });
    const sig = await makeSignature(p, sc, docHash.digest(), opts);
    return await placeSignature(fh, opts, total, rootEnd, insertion(sc, sig.xml), sig);
  } finally {
    await fh.close();
  }
}

/** Writes `ins` at `rootEnd` of the open file and moves the bytes after it (the root's end tag and what follows) behind it. */
async function placeSignature(
  fh: FileHandle,
  opts: SignOptions,
  total: number,
  rootEnd: number,
  ins: { bytes: Buffer; skip: number },
  sig: Awaited<ReturnType<typeof makeSignature>>,
): Promise<SignResult> {
  const tailStart = rootEnd + ins.skip;
  const tail = Buffer.allocUnsafe(total - tailStart);
  for (let got = 0; got < tail.length; ) {
    const { bytesRead } = await fh.read(tail, got, tail.length - got, tailStart + got);
    if (bytesRead === 0) throw fail('xades.copyOffset', { written: tailStart + got, rootEnd: total });
    got += bytesRead;
  }
  const out = Buffer.concat([ins.bytes, tail]);
  for (let done = 0; done < out.length; ) done += (await fh.write(out, done, out.length - done, rootEnd + done)).bytesWritten;
  const bytes = rootEnd + out.length;
  await fh.truncate(bytes);
  await fh.sync();
  return {
    output: opts.output,
    bytes,
    sha256: '',
    signatureValue: sig.signatureValue,
    signatureValueId: sig.signatureValueId,
    signingTime: sig.signingTime,
  };
}

async function syncDir(dir: string): Promise<void> {
  try {
    const d = await open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    // not supported on every platform (e.g. Windows); the rename itself is atomic
  }
}

/** Chunk size of {@link signXmlBuffer}'s progress reports (bytes canonicalized and hashed). */
const BUFFER_PROGRESS_CHUNK = 4 << 20;

/**
 * Signs XML held in memory (small documents; files should use {@link signXmlFile}). With
 * `onProgress`, bytes canonicalized and hashed are reported (every 4 MiB for large documents).
 * @throws the same errors as {@link signXmlFile}
 */
export async function signXmlBuffer(xml: Buffer, opts: Omit<SignOptions, 'input' | 'output'>): Promise<{ xml: Buffer } & Omit<SignResult, 'output'>> {
  const p = prepare(opts);
  if (xml.length === 0) throw fail('xades.emptyFile');
  const docHash = createHash('sha256');
  const sc = newScanner(docHash);
  if (opts.onProgress && xml.length > BUFFER_PROGRESS_CHUNK) {
    // large documents: canonicalize and hash in chunks, yielding between them so progress reaches the user
    for (let pos = 0; pos < xml.length; pos += BUFFER_PROGRESS_CHUNK) {
      const end = Math.min(xml.length, pos + BUFFER_PROGRESS_CHUNK);
      sc.push(xml.subarray(pos, end));
      opts.onProgress(end, xml.length);
      await new Promise<void>((r) => setImmediate(r));
    }
  } else {
    sc.push(xml, 0, xml.length);
    opts.onProgress?.(xml.length, xml.length);
  }
  sc.finish();
  checkVkn(p, sc.identifier, opts.checkVkn !== false);
  const sig = await makeSignature(p, sc, docHash.digest(), opts);
  const ins = insertion(sc, sig.xml);
  const out = Buffer.concat([xml.subarray(0, sc.rootEndOffset), ins.bytes, xml.subarray(sc.rootEndOffset + ins.skip)]);
  return {
    xml: out,
    bytes: out.length,
    sha256: createHash('sha256').update(out).digest('hex'),
    signatureValue: sig.signatureValue,
    signatureValueId: sig.signatureValueId,
    signingTime: sig.signingTime,
  };
}
