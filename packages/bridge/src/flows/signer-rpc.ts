/**
 * The signer across threads: a worker of the month flow (part-worker.ts, month-worker.ts) never
 * holds the key. It gets the certificate facts and a {@link forwardedSigner} whose `sign` (and
 * timestamp) requests go to its parent thread as `{ rpc, id, data }` messages; the parent answers
 * each with {@link answerRpc} from its own signer, as `{ rpcReply, data }` or `{ rpcReply, error }`.
 * One token session for the whole month, however many threads work on it.
 */
import type { MessagePort, Worker } from 'node:worker_threads';
import type { EdefterError } from '@edefter/protocol';
import type { RawSigner } from '../xades/index.ts';

/** What a worker needs of the signer (structured-cloneable; no key). */
export interface SignerFacts {
  certificate: Uint8Array;
  chain?: Uint8Array[];
  keyType: RawSigner['keyType'];
  /** The parent can timestamp (XAdES-T). */
  timestamp: boolean;
}

/** A request of a worker's forwarded signer. */
export interface RpcRequest {
  rpc: 'sign' | 'timestamp';
  id: number;
  data: Uint8Array;
}

/** The parent's answer to an {@link RpcRequest}. */
export interface RpcReply {
  rpcReply: number;
  data?: Uint8Array;
  error?: { message: string; name?: string; code?: string; tr?: string; en?: string };
}

/** The facts of `signer` for a worker. */
export function signerFacts(signer: RawSigner, timestamp: boolean): SignerFacts {
  return { certificate: signer.certificate, chain: signer.chain ?? [], keyType: signer.keyType, timestamp };
}

/**
 * In a worker: a signer (and timestamper when the parent has one) that forwards to the parent.
 * Hand every message of the port to `onMessage`; it returns true for the replies it consumed.
 */
export function forwardedSigner(
  port: MessagePort,
  facts: SignerFacts,
): { signer: RawSigner; timestamp?: (data: Buffer) => Promise<Buffer>; onMessage: (m: unknown) => boolean } {
  let seq = 0;
  const waiting = new Map<number, { resolve: (v: Uint8Array) => void; reject: (e: Error) => void }>();
  const rpc = (op: RpcRequest['rpc'], bytes: Buffer): Promise<Uint8Array> =>
    new Promise((resolve, reject) => {
      const id = ++seq;
      waiting.set(id, { resolve, reject });
      port.postMessage({ rpc: op, id, data: bytes } satisfies RpcRequest);
    });
  const signer: RawSigner = {
    certificate: Buffer.from(facts.certificate),
    chain: (facts.chain ?? []).map((c) => Buffer.from(c)),
    keyType: facts.keyType,
    sign: async (bytes) => Buffer.from(await rpc('sign', bytes)),
  };
  const onMessage = (m: unknown): boolean => {
    const r = m as Partial<RpcReply> | null;
    if (typeof r?.rpcReply !== 'number') return false;
    const w = waiting.get(r.rpcReply);
    waiting.delete(r.rpcReply);
    if (r.error) {
      const e = new Error(r.error.message);
      Object.assign(e, r.error);
      w?.reject(e);
    } else w?.resolve(r.data!);
    return true;
  };
  return { signer, ...(facts.timestamp ? { timestamp: async (bytes: Buffer) => Buffer.from(await rpc('timestamp', bytes)) } : {}), onMessage };
}

/** True when a worker's message is an {@link RpcRequest}. */
export function isRpcRequest(m: unknown): m is RpcRequest {
  return typeof (m as Partial<RpcRequest> | null)?.rpc === 'string';
}

/**
 * In the parent: answers one request of worker `w` with `signer` (or `timestamp`); a failure goes
 * back as the error's message, name, code and texts (the worker rethrows it).
 */
export async function answerRpc(w: Worker, m: RpcRequest, signer: RawSigner, timestamp?: (data: Buffer) => Promise<Buffer>): Promise<void> {
  try {
    const data = Buffer.from(m.data);
    if (m.rpc === 'timestamp' && !timestamp) throw new Error('no timestamper');
    const out = m.rpc === 'sign' ? await signer.sign(data) : await timestamp!(data);
    w.postMessage({ rpcReply: m.id, data: out } satisfies RpcReply);
  } catch (e) {
    const x = e as EdefterError;
    w.postMessage({ rpcReply: m.id, error: { message: x.message, name: x.name, code: x.code, tr: x.tr, en: x.en } } satisfies RpcReply);
  }
}
