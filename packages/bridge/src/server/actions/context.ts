/** What every bridge-action handler gets. */
import type { Progress } from '@edefter/protocol';
import type { BridgeLog } from '../log.ts';
import type { PairingStore } from '../pairing-store.ts';
import type { SessionStore } from '../sessions.ts';
import type { TsaSource } from '../timestamp.ts';

/** Server-wide facts and services. */
export interface ServerContext {
  version: string;
  testMode: boolean;
  tsa: TsaSource;
  log: BridgeLog;
  store: PairingStore;
  /** PKCS#11 module path override (else the token layer's default) */
  module?: string;
}

/** Context of one request on one authenticated connection. */
export interface BridgeActionContext {
  requestId: string;
  /** web origin the request acts for (checked against the install's allowed sites when present) */
  origin?: string;
  installId: string;
  sessions: SessionStore;
  server: ServerContext;
  /**
   * The PIN that follows this request as a binary frame: a fresh Buffer the caller must wipe.
   * @throws EdefterError PIN_REQUIRED when it does not arrive in time
   */
  takePin(timeoutMs: number): Promise<Buffer>;
  /**
   * Reports progress of this request to the extension (a `progress` event with this request's id,
   * relayed to the page). Never put file contents or secrets in `label`.
   */
  progress(p: Progress): void;
}

/** A bridge-action handler: validated params in, result out; throws EdefterError. */
export type BridgeHandler<P, R> = (ctx: BridgeActionContext, params: P) => Promise<R>;
