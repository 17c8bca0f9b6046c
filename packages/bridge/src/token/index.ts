/**
 * Token layer: the mali mühür smart card (or SoftHSM2 for the demo) over PKCS#11.
 *
 * - {@link listTokens}: tokens present, with PIN-pad and PIN-counter flags.
 * - {@link listCertificates}: X.509 certificates on them, parsed (subject, VKN/TCKN, validity, key).
 * - {@link openSigner}: a {@link RawSigner} bound to one certificate's private key
 *   (RSA PKCS#1 v1.5 SHA-256, or ECDSA SHA-384 as fixed-length r||s).
 *
 * Every PKCS#11 call runs in one dedicated worker thread (pkcs11-worker.ts), so a PIN-pad login or a
 * slow card never blocks the main event loop; only the one-shot `edefter sign` runs them on its own
 * thread ({@link tokensOnThisThread}). Failures are {@link EdefterError}s with token codes
 * (PIN_INCORRECT with `details.retriesLeft` when the card tells, PIN_LOCKED, TOKEN_NOT_FOUND,
 * TOKEN_REMOVED, KEY_NOT_FOUND, PINPAD_CANCELLED, PKCS11_MODULE_NOT_FOUND, ...).
 */
import { createHash, verify as cryptoVerify, X509Certificate } from 'node:crypto';
import { fail } from '@edefter/protocol/catalog';
import type { EdefterError } from '@edefter/protocol/light';
import type { RawSigner } from '../xades/signer.ts';
import { callWorker, workerGeneration } from './client.ts';
import { CKF } from './errors.ts';
import { isCaCertificate, parseCertificate } from './cert-info.ts';
import { candidateModules } from './modules.ts';
import { ecdsaToRaw, sha256DigestInfo } from './signature.ts';
import type { CertificateInfo, ModuleOptions, OpenSignerOptions, SlotInfo, TokenInfo, TokenSigner } from './types.ts';

export type { CertificateInfo, TokenInfo, SlotInfo, OpenSignerOptions, TokenSigner, ModuleOptions } from './types.ts';
export { shutdownTokenWorker, tokensOnThisThread } from './client.ts';
export { KNOWN_MODULES, installedModules, candidateModules } from './modules.ts';
export { ecdsaToRaw } from './signature.ts';

const CKM_RSA_PKCS = 0x1;
const CKM_SHA256_RSA_PKCS = 0x40;
const CKM_ECDSA = 0x1041;
/** CK_SLOT_INFO flags (pkcs11t.h). */
const CKF_SLOT_TOKEN_PRESENT = 0x1;
const CKF_SLOT_REMOVABLE_DEVICE = 0x2;

interface WorkerToken {
  slotId: string;
  slotDescription: string;
  label: string;
  serial: string;
  manufacturer: string;
  model: string;
  flags: number;
  loggedIn: boolean;
}

interface WorkerCert {
  id: string;
  label: string;
  der: Uint8Array;
}

function toTokenInfo(t: WorkerToken, module: string): TokenInfo {
  return {
    slotId: t.slotId,
    label: t.label,
    serial: t.serial,
    manufacturer: t.manufacturer,
    model: t.model,
    pinPad: (t.flags & CKF.PROTECTED_AUTHENTICATION_PATH) !== 0,
    userPinCountLow: (t.flags & CKF.USER_PIN_COUNT_LOW) !== 0,
    userPinFinalTry: (t.flags & CKF.USER_PIN_FINAL_TRY) !== 0,
    userPinLocked: (t.flags & CKF.USER_PIN_LOCKED) !== 0,
    loggedIn: t.loggedIn,
    module,
    slotDescription: t.slotDescription,
  };
}

function noModule(): EdefterError {
  return fail('token.noModule');
}

/**
 * Lists the initialized tokens present in the slots of the module(s).
 * @param opts.module module path; default EDEFTER_PKCS11_MODULE, else every installed known
 *   module (a module that fails to load is skipped unless it was named explicitly)
 * @throws EdefterError PKCS11_MODULE_NOT_FOUND when no module can be loaded
 */
export async function listTokens(opts: ModuleOptions = {}): Promise<TokenInfo[]> {
  const explicit = opts.module ?? process.env.EDEFTER_PKCS11_MODULE;
  const modules = candidateModules(opts.module);
  if (!modules.length) throw noModule();
  const out: TokenInfo[] = [];
  let firstError: unknown;
  let loaded = 0;
  for (const module of modules) {
    try {
      const tokens = await callWorker<WorkerToken[]>('tokens', { module }, { module });
      loaded++;
      for (const t of tokens) if (t.flags & CKF.TOKEN_INITIALIZED) out.push(toTokenInfo(t, module));
    } catch (e) {
      if (explicit) throw e;
      firstError ??= e;
    }
  }
  if (!loaded) throw firstError ?? noModule();
  return out;
}

/**
 * Lists the slots (card readers) of the module(s), with or without a card — to tell the user
 * "reader found, no card inserted". Module choice and errors as in {@link listTokens}.
 */
export async function listSlots(opts: ModuleOptions = {}): Promise<SlotInfo[]> {
  const explicit = opts.module ?? process.env.EDEFTER_PKCS11_MODULE;
  const modules = candidateModules(opts.module);
  if (!modules.length) throw noModule();
  const out: SlotInfo[] = [];
  let firstError: unknown;
  let loaded = 0;
  for (const module of modules) {
    try {
      const slots = await callWorker<Array<{ slotId: string; description: string; manufacturer: string; flags: number }>>('slots', { module }, { module });
      loaded++;
      for (const s of slots) {
        out.push({
          slotId: s.slotId,
          description: s.description,
          manufacturer: s.manufacturer,
          tokenPresent: (s.flags & CKF_SLOT_TOKEN_PRESENT) !== 0,
          removable: (s.flags & CKF_SLOT_REMOVABLE_DEVICE) !== 0,
          module,
        });
      }
    } catch (e) {
      if (explicit) throw e;
      firstError ??= e;
    }
  }
  if (!loaded) throw firstError ?? noModule();
  return out;
}

async function certificatesOf(token: TokenInfo): Promise<{ signing: CertificateInfo[]; ca: Buffer[] }> {
  const module = token.module!;
  const raw = await callWorker<WorkerCert[]>('certificates', { module, slotId: token.slotId }, { module, tokenLabel: token.label });
  const signing: CertificateInfo[] = [];
  const ca: Buffer[] = [];
  for (const c of raw) {
    const der = Buffer.from(c.der);
    if (isCaCertificate(der)) {
      ca.push(der);
      continue;
    }
    try {
      signing.push(parseCertificate(der, { id: c.id, label: c.label, tokenLabel: token.label, tokenSerial: token.serial, module, slotId: token.slotId }));
    } catch {
      /* not a usable certificate (unknown key type, broken DER): skip it */
    }
  }
  signing.sort((a, b) => a.id.localeCompare(b.id));
  return { signing, ca };
}

/**
 * Lists the signing certificates (CA certificates excluded) of every token, or of the token
 * labelled `opts.tokenLabel`. No login needed: certificates are public objects.
 * @throws EdefterError PKCS11_MODULE_NOT_FOUND; TOKEN_NOT_FOUND when `tokenLabel` matches no token
 */
export async function listCertificates(opts: ModuleOptions & { tokenLabel?: string } = {}): Promise<CertificateInfo[]> {
  let tokens = await listTokens(opts);
  if (opts.tokenLabel !== undefined) {
    tokens = tokens.filter((t) => t.label === opts.tokenLabel);
    if (!tokens.length) throw tokenNotFound(opts.tokenLabel, []);
  }
  const out: CertificateInfo[] = [];
  for (const t of tokens) out.push(...(await certificatesOf(t)).signing);
  return out;
}

function tokenNotFound(label: string | undefined, present: TokenInfo[]): EdefterError {
  const names = present.map((t) => t.label);
  return fail('token.noneWithLabel', { tokenLabel: label, present: names });
}

/** Picks the token for openSigner (see {@link OpenSignerOptions.tokenLabel}). */
async function selectToken(opts: OpenSignerOptions): Promise<TokenInfo> {
  const label = opts.tokenLabel ?? process.env.EDEFTER_TOKEN_LABEL;
  const tokens = await listTokens(opts);
  if (label !== undefined && label !== '') {
    const t = tokens.find((x) => x.label === label);
    if (!t) throw tokenNotFound(label, tokens);
    return t;
  }
  if (tokens.length === 1) return tokens[0];
  if (!tokens.length) throw tokenNotFound(undefined, tokens);
  throw fail('token.severalPresent', { present: tokens.map((t) => t.label) });
}

/** Picks the certificate for openSigner (see {@link OpenSignerOptions.certId}). */
function selectCertificate(certs: CertificateInfo[], certId: string | undefined, token: TokenInfo): CertificateInfo {
  const want = certId?.trim().toLowerCase();
  if (want) {
    const c = want === 'rsa' || want === 'ec' ? certs.find((x) => x.keyType === want) : certs.find((x) => x.id.toLowerCase() === want);
    if (c) return c;
    throw fail('token.certificateNotOnToken', { certId: certId!, tokenLabel: token.label, present: certs.map((x) => x.id) });
  }
  if (!certs.length) {
    throw fail('token.noSigningCertificate', { tokenLabel: token.label });
  }
  const now = Date.now();
  const valid = certs.filter((c) => Date.parse(c.notBefore) <= now && now <= Date.parse(c.notAfter));
  const pool = valid.length ? valid : certs;
  return pool.find((c) => c.keyType === 'rsa') ?? pool[0];
}

function buildChain(cert: Buffer, cas: Buffer[]): Buffer[] {
  const chain: Buffer[] = [];
  let cur = new X509Certificate(cert);
  for (let i = 0; i < 8; i++) {
    const issuer = cas.map((d) => new X509Certificate(d)).find((c) => cur.checkIssued(c) && !chain.some((x) => x.equals(c.raw)));
    if (!issuer) break;
    chain.push(issuer.raw);
    if (issuer.checkIssued(issuer)) break;
    cur = issuer;
  }
  return chain;
}

/**
 * Opens a session on the token, logs in and returns a signer bound to the private key with the
 * certificate's CKA_ID.
 *
 * - `pin` Buffer: copied into a buffer that is moved to the worker; the caller's Buffer is
 *   zeroed at once and the worker's copy right after C_Login. `pin: null`: PIN-pad login
 *   (CKF_PROTECTED_AUTHENTICATION_PATH); the worker waits for the keypad, the event loop does not.
 * - `sign(data)`: rsa → RSASSA-PKCS1-v1_5/SHA-256 (CKM_SHA256_RSA_PKCS, or CKM_RSA_PKCS over a
 *   DigestInfo); ec → SHA-384 in JS + CKM_ECDSA, normalized to fixed-length r||s (96 bytes for
 *   P-384). Each signature is verified against the certificate before it is returned.
 *
 * @throws EdefterError PIN_INCORRECT (details: retriesLeft?, pinCountLow, pinFinalTry), PIN_LOCKED,
 *   PIN_REQUIRED, PINPAD_CANCELLED, TOKEN_NOT_FOUND, TOKEN_REMOVED, KEY_NOT_FOUND, BAD_INPUT (several
 *   tokens, none chosen), PKCS11_MODULE_NOT_FOUND, TOKEN_ERROR
 */
export async function openSigner(opts: OpenSignerOptions): Promise<TokenSigner> {
  let pin: Uint8Array | null = null;
  if (opts.pin) {
    pin = new Uint8Array(new ArrayBuffer(opts.pin.length));
    pin.set(opts.pin);
    opts.pin.fill(0);
  }
  try {
    const token = opts.token ?? (await selectToken(opts));
    const module = token.module!;
    const { signing, ca } = await certificatesOf(token);
    const info = selectCertificate(signing, opts.certId ?? process.env.EDEFTER_CERT_ID, token);
    await opts.beforeLogin?.(token, info);
    const ctx = { module, tokenLabel: token.label, certId: info.id };
    const transfer = pin ? [pin.buffer as ArrayBuffer] : [];
    const opened = await callWorker<{ handle: number; mechanisms: number[]; pinPad: boolean }>(
      'open',
      { module, slotId: token.slotId, certId: info.id, pin },
      ctx,
      transfer,
    );
    return makeSigner(opened, info, ca, ctx);
  } finally {
    if (pin && pin.byteLength) pin.fill(0);
  }
}

/** Closes the PKCS#11 session of a signer that was dropped without close() (long-running server). */
const abandoned = new FinalizationRegistry<{ handle: number; generation: number }>(({ handle, generation }) => {
  if (generation === workerGeneration()) callWorker('close', { handle }).catch(() => undefined);
});

function makeSigner(opened: { handle: number; mechanisms: number[] }, info: CertificateInfo, cas: Buffer[], ctx: Record<string, unknown>): TokenSigner {
  const certificate = Buffer.from(info.der, 'base64');
  const publicKey = new X509Certificate(certificate).publicKey;
  const rsaMech = opened.mechanisms.length === 0 || opened.mechanisms.includes(CKM_SHA256_RSA_PKCS) ? CKM_SHA256_RSA_PKCS : CKM_RSA_PKCS;
  let closed = false;
  const generation = workerGeneration();
  const sizeBytes = Math.ceil(info.keyBits / 8);

  async function sign(data: Buffer): Promise<Buffer> {
    if (closed) {
      throw fail('token.signerClosed', ctx);
    }
    if (generation !== workerGeneration()) {
      // the worker was restarted: this signer's session no longer exists
      throw fail('token.sessionEnded', ctx);
    }
    let sig: Buffer;
    if (info.keyType === 'rsa') {
      const payload = rsaMech === CKM_SHA256_RSA_PKCS ? data : sha256DigestInfo(data);
      sig = Buffer.from(await callWorker<Uint8Array>('sign', { handle: opened.handle, mechanism: rsaMech, data: payload, maxLength: sizeBytes + 16 }, ctx));
    } else {
      const digest = createHash('sha384').update(data).digest();
      const out = Buffer.from(
        await callWorker<Uint8Array>('sign', { handle: opened.handle, mechanism: CKM_ECDSA, data: digest, maxLength: 2 * sizeBytes + 16 }, ctx),
      );
      try {
        sig = ecdsaToRaw(out, info.keyBits);
      } catch (e) {
        throw fail('token.badEcdsaSignature', { ...ctx, reason: (e as Error).message });
      }
    }
    const ok =
      info.keyType === 'rsa' ? cryptoVerify('sha256', data, publicKey, sig) : cryptoVerify('sha384', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, sig);
    if (!ok) {
      throw fail('token.keyMismatch', ctx);
    }
    return sig;
  }

  const signer: RawSigner & { info: CertificateInfo; close(): Promise<void> } = {
    certificate,
    chain: buildChain(certificate, cas),
    keyType: info.keyType,
    info,
    sign,
    async close() {
      if (closed) return;
      closed = true;
      abandoned.unregister(signer);
      if (generation === workerGeneration()) await callWorker('close', { handle: opened.handle }, ctx);
    },
  };
  abandoned.register(signer, { handle: opened.handle, generation }, signer);
  return signer;
}
