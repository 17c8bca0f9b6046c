/**
 * Small synchronous PKCS#11 administration helper for building TEST tokens (SoftHSM2):
 * C_InitToken/C_InitPIN, C_GenerateKeyPair inside the token, C_CreateObject for certificates.
 *
 * Only for the demo-token CLI and its child processes. The product never administers tokens;
 * its PKCS#11 calls all run in the token worker (packages/bridge/src/token/).
 * Template attributes follow PKCS#11 v2.40 §4 (objects) and §2.3 / §2.1 (EC, RSA key generation).
 */
import pkcs11js from 'pkcs11js';
import { createPublicKey } from 'node:crypto';

/** DER of the secp384r1 (P-384) named-curve OID 1.3.132.0.34, for CKA_EC_PARAMS. */
export const P384_EC_PARAMS = Buffer.from('06052b81040022', 'hex');

type Handle = Buffer;

function trimField(s: string): string {
  return s.replace(/[\0 ]+$/, '');
}

/** Pads a label to the 32-byte blank-padded field PKCS#11 wants (UTF-8, truncated at 32 bytes). */
export function padLabel(label: string): string {
  let b = Buffer.from(label, 'utf8');
  if (b.length > 32) throw new Error(`token label longer than 32 bytes: ${label}`);
  b = Buffer.concat([b, Buffer.alloc(32 - b.length, 0x20)]);
  return b.toString('utf8');
}

/** Unwraps CKA_EC_POINT: DER OCTET STRING around 04||X||Y (SoftHSM, most tokens) or the raw point. */
export function unwrapEcPoint(v: Buffer): Buffer {
  if (v[0] === 0x04 && v.length % 2 === 1 && v.length !== 2 + v[1]) return v; // raw uncompressed point
  if (v[0] !== 0x04) throw new Error('CKA_EC_POINT is not an OCTET STRING');
  let len = v[1];
  let off = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = (len << 8) | v[2 + i];
    off = 2 + n;
  }
  return v.subarray(off, off + len);
}

/** Object presence of one CKA_ID (for health checks). */
export interface ObjectState {
  certificate?: Buffer;
  privateKey: boolean;
  sensitive: boolean;
  extractable: boolean;
}

/** Handle-level helpers over one loaded and initialized module. */
export interface P11 {
  /** Slot of the first present, uninitialized token (SoftHSM2 always offers one). */
  freeSlot(): Handle;
  /** Slot of the initialized token with `label`, or undefined. */
  findToken(label: string): Handle | undefined;
  /** C_InitToken(soPin, label) + SO login + C_InitPIN(pin). */
  initToken(slot: Handle, label: string, soPin: string, pin: string): void;
  /** R/W session on token `label`, logged in as user. */
  openUserSession(label: string, pin: string): Handle;
  /** Generates a signing key pair inside the token; returns the public key as SPKI DER. */
  generateKeyPair(session: Handle, keyType: 'rsa' | 'ec', id: Buffer, label: string): Buffer;
  /** Creates a CKO_CERTIFICATE (CKC_X_509) object. `category`: 1 token user, 2 authority. */
  importCertificate(session: Handle, c: { id: Buffer; label: string; der: Buffer; subject: Buffer; issuer: Buffer; serial: Buffer; category: number }): void;
  /** Sets CKA_SUBJECT on the key pair objects with `id`. */
  setKeySubject(session: Handle, id: Buffer, subject: Buffer): void;
  objectState(session: Handle, id: Buffer): ObjectState;
  tokenSerial(label: string): string;
  closeSession(session: Handle): void;
  finalize(): void;
}

/** Loads `module` and calls C_Initialize (CKF_OS_LOCKING_OK). One per process. */
export function openP11(module: string): P11 {
  const p = new pkcs11js.PKCS11();
  p.load(module);
  p.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });

  const findObjects = (session: Handle, template: pkcs11js.Template): Handle[] => {
    p.C_FindObjectsInit(session, template);
    try {
      return p.C_FindObjects(session, 100);
    } finally {
      p.C_FindObjectsFinal(session);
    }
  };

  const api: P11 = {
    freeSlot() {
      const slot = p.C_GetSlotList(true).find((s) => !(p.C_GetTokenInfo(s).flags & pkcs11js.CKF_TOKEN_INITIALIZED));
      if (!slot) throw new Error('no free SoftHSM2 slot');
      return slot;
    },
    findToken(label) {
      return p.C_GetSlotList(true).find((s) => {
        const ti = p.C_GetTokenInfo(s);
        return ti.flags & pkcs11js.CKF_TOKEN_INITIALIZED && trimField(ti.label) === label;
      });
    },
    initToken(slot, label, soPin, pin) {
      p.C_InitToken(slot, soPin, padLabel(label));
      const t = api.findToken(label);
      if (!t) throw new Error(`token ${label} not visible after C_InitToken`);
      const s = p.C_OpenSession(t, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
      try {
        p.C_Login(s, pkcs11js.CKU_SO, soPin);
        p.C_InitPIN(s, pin);
        p.C_Logout(s);
      } finally {
        p.C_CloseSession(s);
      }
    },
    openUserSession(label, pin) {
      const t = api.findToken(label);
      if (!t) throw new Error(`token ${label} not found`);
      const s = p.C_OpenSession(t, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
      p.C_Login(s, pkcs11js.CKU_USER, pin);
      return s;
    },
    generateKeyPair(session, keyType, id, label) {
      const common = [
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_ID, value: id },
        { type: pkcs11js.CKA_LABEL, value: label },
      ];
      const pub: pkcs11js.Template = [
        ...common,
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
        { type: pkcs11js.CKA_PRIVATE, value: false },
        { type: pkcs11js.CKA_VERIFY, value: true },
        { type: pkcs11js.CKA_ENCRYPT, value: false },
        { type: pkcs11js.CKA_WRAP, value: false },
      ];
      const priv: pkcs11js.Template = [
        ...common,
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
        { type: pkcs11js.CKA_PRIVATE, value: true },
        { type: pkcs11js.CKA_SENSITIVE, value: true },
        { type: pkcs11js.CKA_EXTRACTABLE, value: false },
        { type: pkcs11js.CKA_SIGN, value: true },
        { type: pkcs11js.CKA_DECRYPT, value: false },
        { type: pkcs11js.CKA_UNWRAP, value: false },
      ];
      let mech: number;
      if (keyType === 'rsa') {
        mech = pkcs11js.CKM_RSA_PKCS_KEY_PAIR_GEN;
        pub.push(
          { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_RSA },
          { type: pkcs11js.CKA_MODULUS_BITS, value: 2048 },
          { type: pkcs11js.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
        );
        priv.push({ type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_RSA });
      } else {
        mech = pkcs11js.CKM_EC_KEY_PAIR_GEN;
        pub.push({ type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_EC }, { type: pkcs11js.CKA_EC_PARAMS, value: P384_EC_PARAMS });
        priv.push({ type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_EC }, { type: pkcs11js.CKA_DERIVE, value: false });
      }
      const kp = p.C_GenerateKeyPair(session, { mechanism: mech }, pub, priv);
      if (keyType === 'rsa') {
        const [n, e] = p.C_GetAttributeValue(session, kp.publicKey, [{ type: pkcs11js.CKA_MODULUS }, { type: pkcs11js.CKA_PUBLIC_EXPONENT }]);
        return createPublicKey({
          key: { kty: 'RSA', n: (n.value as Buffer).toString('base64url'), e: (e.value as Buffer).toString('base64url') },
          format: 'jwk',
        }).export({ type: 'spki', format: 'der' });
      }
      const [pt] = p.C_GetAttributeValue(session, kp.publicKey, [{ type: pkcs11js.CKA_EC_POINT }]);
      const point = unwrapEcPoint(pt.value as Buffer);
      const n = (point.length - 1) / 2;
      return createPublicKey({
        key: {
          kty: 'EC',
          crv: 'P-384',
          x: point.subarray(1, 1 + n).toString('base64url'),
          y: point.subarray(1 + n).toString('base64url'),
        },
        format: 'jwk',
      }).export({ type: 'spki', format: 'der' });
    },
    importCertificate(session, c) {
      p.C_CreateObject(session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
        { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_PRIVATE, value: false },
        { type: pkcs11js.CKA_ID, value: c.id },
        { type: pkcs11js.CKA_LABEL, value: c.label },
        { type: pkcs11js.CKA_SUBJECT, value: c.subject },
        { type: pkcs11js.CKA_ISSUER, value: c.issuer },
        { type: pkcs11js.CKA_SERIAL_NUMBER, value: c.serial },
        { type: pkcs11js.CKA_CERTIFICATE_CATEGORY, value: c.category },
        { type: pkcs11js.CKA_VALUE, value: c.der },
      ]);
    },
    setKeySubject(session, id, subject) {
      for (const cls of [pkcs11js.CKO_PRIVATE_KEY, pkcs11js.CKO_PUBLIC_KEY]) {
        for (const h of findObjects(session, [
          { type: pkcs11js.CKA_CLASS, value: cls },
          { type: pkcs11js.CKA_ID, value: id },
        ])) {
          p.C_SetAttributeValue(session, h, [{ type: pkcs11js.CKA_SUBJECT, value: subject }]);
        }
      }
    },
    objectState(session, id) {
      const st: ObjectState = { privateKey: false, sensitive: false, extractable: true };
      const [cert] = findObjects(session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
        { type: pkcs11js.CKA_ID, value: id },
      ]);
      if (cert) st.certificate = p.C_GetAttributeValue(session, cert, [{ type: pkcs11js.CKA_VALUE }])[0].value as Buffer;
      const [key] = findObjects(session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
        { type: pkcs11js.CKA_ID, value: id },
      ]);
      if (key) {
        st.privateKey = true;
        const [s, x] = p.C_GetAttributeValue(session, key, [{ type: pkcs11js.CKA_SENSITIVE }, { type: pkcs11js.CKA_EXTRACTABLE }]);
        st.sensitive = (s.value as Buffer)[0] === 1;
        st.extractable = (x.value as Buffer)[0] === 1;
      }
      return st;
    },
    tokenSerial(label) {
      const t = api.findToken(label);
      return t ? trimField(p.C_GetTokenInfo(t).serialNumber) : '';
    },
    closeSession(session) {
      p.C_CloseSession(session);
    },
    finalize() {
      try {
        p.C_Finalize();
      } catch {
        /* already finalized */
      }
    },
  };
  return api;
}
