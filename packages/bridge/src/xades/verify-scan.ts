/**
 * The streaming pass of verification: canonical digest of the whole document (C14N 1.0 without
 * comments, Reference URI="") with the enveloped-signature transform applied to the last
 * ds:Signature child of the root (XMLDSig §6.6.4), plus the raw bytes of that signature.
 * One read, constant memory; `Hash.copy()` forks the digest where each top-level signature starts.
 */
import { createHash, type Hash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { C14nScanner, type RootInfo } from './c14n/scanner.ts';
import { CanonicalWriter, type C14nSink } from './c14n/writer.ts';
import { HashPipe, HashPipeSink, OFFLOAD_MIN_BYTES, PIPE_BUFFERS } from './hash-pipe.ts';
import { fail } from '@edefter/protocol/catalog';
import { readChunks } from './read-chunks.ts';

/** Result of {@link scanSignedFile} / {@link scanSignedBuffer}. */
export interface SignedScan {
  root: RootInfo;
  /** First xbrli:identifier text (VKN/TCKN), if any. */
  identifier?: string;
  /** Raw bytes of the last ds:Signature child of the root, or null when there is none. */
  signature: Buffer | null;
  /** Number of ds:Signature children of the root. */
  signatureCount: number;
  /** Digest of the canonical document without that signature (the `URI=""` reference value). */
  documentDigest: Buffer | null;
  /** Input size in bytes. */
  bytes: number;
}

function scanner(alg: string, pipe: HashPipe | null): { sc: C14nScanner; alts: C14nSink[] } {
  const alts: C14nSink[] = [];
  if (pipe !== null) {
    const main = pipe.hash(alg);
    const out = new CanonicalWriter(main, (n) => pipe.take(n));
    const sc = new C14nScanner(out, {
      topLevelSignature: 'segment',
      onSignatureStart: (k) => {
        const alt = pipe.copy(main);
        alts[k] = alt;
        out.addSink(alt, k);
      },
    });
    return { sc, alts };
  }
  const main = createHash(alg);
  const out = new CanonicalWriter(main);
  const sc = new C14nScanner(out, {
    topLevelSignature: 'segment',
    onSignatureStart: (k) => {
      const alt = main.copy();
      alts[k] = alt;
      out.addSink(alt, k);
    },
  });
  return { sc, alts };
}

async function result(sc: C14nScanner, alts: C14nSink[], pipe: HashPipe | null): Promise<SignedScan> {
  let documentDigest: Buffer | null = null;
  if (sc.signatureCount > 0) {
    const last = alts[sc.signatureCount - 1];
    documentDigest = pipe !== null ? (await pipe.digest([last as HashPipeSink]))[0] : (last as Hash).digest();
  }
  return {
    root: sc.root!,
    identifier: sc.identifier,
    signature: sc.lastSignatureRaw,
    signatureCount: sc.signatureCount,
    documentDigest,
    bytes: sc.bytesIn,
  };
}

/**
 * Streams `file`.
 * @param alg Node hash name of the document Reference's DigestMethod (default sha256)
 * @param hashThread hash on a worker thread (default: files of 8 MiB or more)
 * @throws EdefterError NOT_XML, DOCTYPE_FORBIDDEN, EMPTY_FILE, BAD_INPUT (encoding)
 */
export async function scanSignedFile(
  file: string,
  alg = 'sha256',
  onProgress?: (done: number, total: number) => void,
  chunkSize?: number,
  hashThread?: boolean,
): Promise<SignedScan> {
  const fh = await open(file, 'r');
  try {
    const total = (await fh.stat()).size;
    if (total === 0) throw fail('xades.emptyFile', { file });
    const pipe = (hashThread ?? total >= OFFLOAD_MIN_BYTES) ? new HashPipe() : null;
    try {
      const { sc, alts } = scanner(alg, pipe);
      await readChunks(
        fh,
        (buf, len, pos) => {
          sc.push(buf, 0, len);
          onProgress?.(pos + len, total);
          return pipe?.submit();
        },
        { chunkSize, alloc: pipe ? (n) => pipe.shared(n) : undefined, buffers: pipe ? PIPE_BUFFERS : 2 },
      );
      sc.finish();
      return await result(sc, alts, pipe);
    } finally {
      await pipe?.close();
    }
  } finally {
    await fh.close();
  }
}

/** Same as {@link scanSignedFile} for bytes in memory. */
export async function scanSignedBuffer(xml: Buffer, alg = 'sha256'): Promise<SignedScan> {
  if (xml.length === 0) throw fail('xades.emptyFile');
  const { sc, alts } = scanner(alg, null);
  sc.push(xml, 0, xml.length);
  sc.finish();
  return result(sc, alts, null);
}
