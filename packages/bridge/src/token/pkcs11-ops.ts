/**
 * The PKCS#11 operations (pkcs11js): the ONLY place where the bridge calls PKCS#11. They run in the PKCS#11
 * worker thread (pkcs11-worker.ts, the bridge and the ledger commands: a PIN-pad C_Login blocks until the user types
 * on the reader's keypad and card operations take 100 ms–seconds, while the event loop must keep running), or, for
 * the one-shot `edefter sign` command, on the main thread (client.ts `tokensOnThisThread`: nothing else runs there
 * meanwhile, and a worker's start and teardown cost ~60 ms).
 *
 * Each op is synchronous and handles one request at a time, so PKCS#11 calls never overlap. Each module gets ONE
 * C_Initialize (CKF_OS_LOCKING_OK) for the life of the thread. The PIN arrives as a Uint8Array (transferred to the
 * worker), is turned into the string pkcs11js needs right before C_Login and its bytes are zeroed right after. The
 * PIN is never logged or echoed back. Failures come back through {@link serializeError} (mapped by errors.ts).
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import { randomInt } from 'node:crypto';
import type * as Pkcs11 from 'pkcs11js';
import type { WorkerErrorPayload } from './errors.ts';

const require = createRequire(import.meta.url);
const pkcs11js = require('pkcs11js') as typeof Pkcs11;

type Handle = Pkcs11.Handle;
type Template = Pkcs11.Template;

const CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191;
const CKR_USER_ALREADY_LOGGED_IN = 0x100;
const CKR_PIN_INCORRECT = 0xa0;
const CKR_PIN_LOCKED = 0xa4;
const CKR_PIN_LEN_RANGE = 0xa2;
const CKR_PIN_INVALID = 0xa1;
const CKR_BUFFER_TOO_SMALL = 0x150;
const CKR_KEY_HANDLE_INVALID = 0x60;
const CKR_OBJECT_HANDLE_INVALID = 0x82;
const CKR_USER_NOT_LOGGED_IN = 0x101;
const CKS_RO_PUBLIC_SESSION = 0;
const CKS_RW_PUBLIC_SESSION = 2;

/** A PKCS#11 failure as pkcs11js throws it (Pkcs11Error: code = CKR_*, message = its name), plus the flags we add. */
interface P11Failure extends Error {
  code: number;
  method?: string;
  tokenFlags?: number;
}

/** The CKR_* code of a thrown value, if it has one. */
function ckr(e: unknown): number | undefined {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'number' ? c : undefined;
}

/** An error shaped like pkcs11js's Pkcs11Error, for conditions we detect ourselves. */
function pkcs11Error(code: number, name: string, method: string): P11Failure {
  return Object.assign(new Error(name), { code, method });
}

/** A loaded module; `owned` when this worker's C_Initialize succeeded (so it may C_Finalize). */
interface LoadedModule {
  p: Pkcs11.PKCS11;
  owned: boolean;
}
/** An open signing session. */
interface OpenSession {
  module: string;
  p: Pkcs11.PKCS11;
  session: Handle;
  slotKey: string;
  key: Handle;
  certId: string;
}

/** module path -> loaded module */
const modules = new Map<string, LoadedModule>();
/** our handle number -> open session */
const sessions = new Map<number, OpenSession>();
// random start: a handle from an earlier worker of this process never names one of ours
let nextHandle = randomInt(1, 2 ** 47);

/** A refusal with an ErrorCode (mapped by errors.ts). */
class WorkerError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Decimal string of a slot handle (little-endian bytes, as pkcs11js returns it). */
function slotKey(h: Handle): string {
  let v = 0n;
  for (let i = h.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(h[i]);
  return v.toString();
}

function trim(s: string | undefined): string {
  return String(s ?? '').replace(/[\0 ]+$/, '');
}

function getModule(path: string): LoadedModule {
  let m = modules.get(path);
  if (m) return m;
  if (!fs.existsSync(path)) throw new WorkerError('PKCS11_MODULE_NOT_FOUND', `module not found: ${path}`, { module: path });
  const p = new pkcs11js.PKCS11();
  try {
    p.load(path);
  } catch (e) {
    throw new WorkerError('PKCS11_MODULE_NOT_FOUND', `module could not be loaded: ${path}: ${(e as Error)?.message ?? e}`, { module: path });
  }
  let owned = true;
  try {
    p.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  } catch (e) {
    if (ckr(e) !== CKR_CRYPTOKI_ALREADY_INITIALIZED) throw e;
    owned = false; // someone else in this process initialized it; do not finalize it
  }
  m = { p, owned };
  modules.set(path, m);
  return m;
}

function findSlot(p: Pkcs11.PKCS11, key: string): Handle {
  const slot = p.C_GetSlotList(true).find((s) => slotKey(s) === key);
  if (!slot) throw new WorkerError('TOKEN_NOT_FOUND', `no token in slot ${key}`, { slotId: key });
  return slot;
}

function tokenFlags(p: Pkcs11.PKCS11, slot: Handle): number | undefined {
  try {
    return p.C_GetTokenInfo(slot).flags;
  } catch {
    return undefined;
  }
}

function findObjects(p: Pkcs11.PKCS11, session: Handle, template: Template, max = 64): Handle[] {
  p.C_FindObjectsInit(session, template);
  try {
    return p.C_FindObjects(session, max);
  } finally {
    p.C_FindObjectsFinal(session);
  }
}

/**
 * C_Login as user. The login state is shared by all sessions of this process on the token, so
 * when another signer is already logged in (CKR_USER_ALREADY_LOGGED_IN) we log out and in again:
 * every openSigner must prove the PIN (or a keypad entry) itself. The worker handles one request
 * at a time, so no other call runs between the two.
 */
function login(p: Pkcs11.PKCS11, slot: Handle, session: Handle, pinText: string): void {
  const attempt = (): void => {
    try {
      p.C_Login(session, pkcs11js.CKU_USER, pinText);
    } catch (e) {
      if ([CKR_PIN_INCORRECT, CKR_PIN_LOCKED, CKR_PIN_LEN_RANGE, CKR_PIN_INVALID].includes(ckr(e) ?? 0)) {
        (e as P11Failure).tokenFlags = tokenFlags(p, slot);
      }
      throw e;
    }
  };
  try {
    attempt();
  } catch (e) {
    if (ckr(e) !== CKR_USER_ALREADY_LOGGED_IN) throw e;
    p.C_Logout(session);
    attempt();
  }
}

/** Arguments of each op (client.ts / index.ts send them). */
interface OpArgs {
  tokens: { module: string };
  slots: { module: string };
  certificates: { module: string; slotId: string };
  /** pin: UTF-8 bytes, transferred; null/absent => keypad */
  open: { module: string; slotId: string; certId: string; pin?: Uint8Array | null };
  sign: { handle: number; mechanism: number; data: Uint8Array; maxLength?: number };
  close: { handle: number };
  finalize: Record<string, never>;
}

const ops = {
  /** Lists slots with a present token. */
  tokens({ module }: OpArgs['tokens']) {
    const { p } = getModule(module);
    const loggedIn = new Set([...sessions.values()].filter((s) => s.module === module).map((s) => s.slotKey));
    return p.C_GetSlotList(true).map((slot) => {
      const si = p.C_GetSlotInfo(slot);
      const ti = p.C_GetTokenInfo(slot);
      const key = slotKey(slot);
      return {
        slotId: key,
        slotDescription: trim(si.slotDescription),
        label: trim(ti.label),
        serial: trim(ti.serialNumber),
        manufacturer: trim(ti.manufacturerID),
        model: trim(ti.model),
        flags: ti.flags,
        loggedIn: loggedIn.has(key),
      };
    });
  },

  /** Lists all slots (readers), with or without a token. */
  slots({ module }: OpArgs['slots']) {
    const { p } = getModule(module);
    return p.C_GetSlotList(false).map((slot) => {
      const si = p.C_GetSlotInfo(slot);
      return {
        slotId: slotKey(slot),
        description: trim(si.slotDescription),
        manufacturer: trim(si.manufacturerID),
        flags: si.flags,
      };
    });
  },

  /** Lists X.509 certificate objects (public objects: no login needed). */
  certificates({ module, slotId }: OpArgs['certificates']) {
    const { p } = getModule(module);
    const slot = findSlot(p, slotId);
    const session = p.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
    try {
      const handles = findObjects(
        p,
        session,
        [
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
          { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
        ],
        256,
      );
      return handles.map((h) => {
        const [id, label, value] = p.C_GetAttributeValue(session, h, [{ type: pkcs11js.CKA_ID }, { type: pkcs11js.CKA_LABEL }, { type: pkcs11js.CKA_VALUE }]);
        return {
          id: Buffer.from((id.value as Buffer | undefined) ?? []).toString('hex'),
          label: Buffer.isBuffer(label.value) ? label.value.toString('utf8') : String(label.value ?? ''),
          der: new Uint8Array(value.value as Buffer),
        };
      });
    } finally {
      p.C_CloseSession(session);
    }
  },

  /**
   * Opens a session, logs in (pin null => protected authentication path, C_Login with an empty
   * PIN as pkcs11js needs a string), and finds the private key with CKA_ID = certId.
   */
  open({ module, slotId, certId, pin }: OpArgs['open']) {
    const { p } = getModule(module);
    let pinText: string | null = null;
    try {
      const slot = findSlot(p, slotId);
      const flags = p.C_GetTokenInfo(slot).flags;
      const pinPad = (flags & pkcs11js.CKF_PROTECTED_AUTHENTICATION_PATH) !== 0;
      if (!pin && !pinPad) throw new WorkerError('PIN_REQUIRED', 'PIN required (token has no PIN pad)');
      const session = p.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
      try {
        if (flags & pkcs11js.CKF_LOGIN_REQUIRED || pin) {
          pinText = pin ? Buffer.from(pin.buffer, pin.byteOffset, pin.byteLength).toString('utf8') : '';
          try {
            login(p, slot, session, pinText);
          } finally {
            pinText = null;
            if (pin) pin.fill(0);
          }
        }
        const [key] = findObjects(
          p,
          session,
          [
            { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
            { type: pkcs11js.CKA_ID, value: Buffer.from(certId, 'hex') },
          ],
          1,
        );
        if (!key) throw new WorkerError('KEY_NOT_FOUND', `no private key with CKA_ID ${certId}`, { certId });
        let mechanisms: number[] = [];
        try {
          mechanisms = p.C_GetMechanismList(slot);
        } catch {
          /* some modules do not list mechanisms */
        }
        const handle = nextHandle++;
        sessions.set(handle, { module, p, session, slotKey: slotId, key, certId });
        return { handle, mechanisms, pinPad };
      } catch (e) {
        try {
          p.C_CloseSession(session);
        } catch {
          /* ignore */
        }
        throw e;
      }
    } finally {
      if (pin) pin.fill(0);
      pinText = null;
    }
  },

  /**
   * C_SignInit + C_Sign with `mechanism` on the session's key; `data` is what the mechanism expects.
   * If the key handle went stale (another signer logged the token out and in again), the key is
   * looked up again by CKA_ID; if the token is no longer logged in, CKR_USER_NOT_LOGGED_IN.
   */
  sign({ handle, mechanism, data, maxLength }: OpArgs['sign']) {
    const s = sessions.get(handle);
    if (!s) throw new WorkerError('TOKEN_REMOVED', 'signing session is closed');
    const { p, session } = s;
    try {
      p.C_SignInit(session, { mechanism }, s.key);
    } catch (e) {
      if (![CKR_KEY_HANDLE_INVALID, CKR_OBJECT_HANDLE_INVALID].includes(ckr(e) ?? 0)) throw e;
      const [key] = findObjects(
        p,
        session,
        [
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
          { type: pkcs11js.CKA_ID, value: Buffer.from(s.certId, 'hex') },
        ],
        1,
      );
      if (!key) {
        const state = p.C_GetSessionInfo(session).state;
        if (state === CKS_RO_PUBLIC_SESSION || state === CKS_RW_PUBLIC_SESSION) {
          throw pkcs11Error(CKR_USER_NOT_LOGGED_IN, 'CKR_USER_NOT_LOGGED_IN', 'C_SignInit');
        }
        throw new WorkerError('KEY_NOT_FOUND', `no private key with CKA_ID ${s.certId}`, { certId: s.certId });
      }
      s.key = key;
      p.C_SignInit(session, { mechanism }, key);
    }
    let out = Buffer.alloc(maxLength ?? 1024);
    try {
      return new Uint8Array(p.C_Sign(session, Buffer.from(data), out));
    } catch (e) {
      if (ckr(e) !== CKR_BUFFER_TOO_SMALL) throw e;
      out = Buffer.alloc(8192);
      p.C_SignInit(session, { mechanism }, s.key);
      return new Uint8Array(p.C_Sign(session, Buffer.from(data), out));
    }
  },

  /** Closes the session (the token logs out when its last session closes). */
  close({ handle }: OpArgs['close']): boolean {
    const s = sessions.get(handle);
    if (!s) return false;
    sessions.delete(handle);
    try {
      s.p.C_CloseSession(s.session);
    } catch {
      /* token gone: nothing to close */
    }
    return true;
  },

  /** Closes every session and finalizes the modules this worker initialized. */
  finalize(): boolean {
    for (const h of [...sessions.keys()]) ops.close({ handle: h });
    for (const [path, m] of modules) {
      modules.delete(path);
      if (!m.owned) continue;
      try {
        m.p.C_Finalize();
      } catch {
        /* ignore */
      }
    }
    return true;
  },
};

/** A thrown PKCS#11 failure, refusal or other error as the payload errors.ts maps (never carries a PIN). */
export function serializeError(e: unknown): WorkerErrorPayload {
  if (e instanceof WorkerError) return { kind: 'edefter', code: e.code, message: e.message, details: e.details };
  const f = e as Partial<P11Failure> | null;
  if (f && typeof f.code === 'number' && f.code !== 0 && /^CKR_/.test(f.message ?? '')) {
    return { kind: 'pkcs11', ckr: f.code, ckrName: f.message, method: f.method, message: `${f.message} in ${f.method}`, tokenFlags: f.tokenFlags };
  }
  return { kind: 'other', message: String(f?.message ?? e) };
}

/**
 * Runs PKCS#11 operation `op` (tokens, slots, certificates, open, sign, close, finalize) with its arguments.
 * @returns the op's result (plain data: structured-cloneable for the worker's postMessage)
 * @throws whatever the op throws (pkcs11js Pkcs11Error, a refusal with an ErrorCode): give it to {@link serializeError}
 */
export function runOp(op: string, args: Record<string, unknown> | undefined): unknown {
  const fn = Object.hasOwn(ops, op) ? (ops[op as keyof typeof ops] as (a: unknown) => unknown) : undefined;
  if (!fn) throw new Error(`unknown op ${op}`);
  return fn(args ?? {});
}
