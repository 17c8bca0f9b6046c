/**
 * pkijs needs a WebCrypto engine; Node's `crypto.webcrypto` is set once here.
 * Import this module (for its side effect) before using pkijs verification.
 */
import { webcrypto } from 'node:crypto';
import * as pkijs from 'pkijs';
import * as asn1js from 'asn1js';

let done = false;

/** Installs Node's WebCrypto as the pkijs engine (idempotent). */
export function ensurePkijsEngine(): void {
  if (done) return;
  pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto }));
  done = true;
}

ensurePkijsEngine();

export { pkijs, asn1js };
