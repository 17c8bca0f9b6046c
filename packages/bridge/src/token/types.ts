/**
 * Public shapes of the token layer (docs: /tmp contracts "Token"; PKCS#11 v2.40 §3 for the
 * CK_TOKEN_INFO flags). Kept JSON-safe so they can travel over the WebSocket unchanged.
 */
import type { RawSigner } from '../xades/signer.ts';

/** A certificate found on a token (CKO_CERTIFICATE, CKC_X_509), parsed. */
export interface CertificateInfo {
  /** CKA_ID in lower-case hex; the private key has the same CKA_ID. */
  id: string;
  /** CKA_LABEL. */
  label: string;
  tokenLabel: string;
  tokenSerial: string;
  /** Subject DN as an RFC 4514 string (most specific RDN first; serialNumber written as `serialNumber=`). */
  subject: string;
  /** Issuer DN as an RFC 4514 string. */
  issuer?: string;
  /** CN of the issuer (the certificate authority's name). */
  issuerCommonName?: string;
  /** Certificate serial number, hex. */
  serialNumber?: string;
  commonName?: string;
  organization?: string;
  /** Subject serialNumber (2.5.4.5) when it is a 10-digit VKN. */
  vkn?: string;
  /** Subject serialNumber when it is an 11-digit TCKN (also tolerates a `TCKN`/`TC` prefix). */
  tckn?: string;
  /** Validity, ISO 8601 UTC. */
  notBefore: string;
  notAfter: string;
  keyType: 'rsa' | 'ec';
  /** RSA modulus bits (2048, 3072, ...) or EC field size (256, 384, 521). */
  keyBits: number;
  /** Base64 DER. */
  der: string;
  /** Module path the token was found through. */
  module?: string;
  /** PKCS#11 slot id (decimal). */
  slotId?: string;
}

/** A token present in a slot (CK_TOKEN_INFO). */
export interface TokenInfo {
  /** PKCS#11 slot id as a decimal string (SoftHSM2 ids are large random numbers). */
  slotId: string;
  label: string;
  serial: string;
  manufacturer: string;
  model: string;
  /** CKF_PROTECTED_AUTHENTICATION_PATH: the reader has a PIN pad; log in without a PIN. */
  pinPad: boolean;
  /** CKF_USER_PIN_COUNT_LOW: at least one wrong user PIN since the last successful login. */
  userPinCountLow: boolean;
  /** CKF_USER_PIN_FINAL_TRY: one more wrong PIN locks the card. */
  userPinFinalTry: boolean;
  /** CKF_USER_PIN_LOCKED. */
  userPinLocked: boolean;
  /** True when this process holds a logged-in session on the token. */
  loggedIn?: boolean;
  /** Module path the token was found through. */
  module?: string;
  /** CK_SLOT_INFO slotDescription (reader name for smart cards). */
  slotDescription?: string;
}

/** A slot (card reader) with or without a token (CK_SLOT_INFO). */
export interface SlotInfo {
  /** Decimal slot id. */
  slotId: string;
  /** slotDescription: the reader name for smart-card readers. */
  description: string;
  manufacturer: string;
  /** CKF_TOKEN_PRESENT: a card is inserted. */
  tokenPresent: boolean;
  /** CKF_REMOVABLE_DEVICE: a reader whose card can be removed. */
  removable: boolean;
  module: string;
}

/** Options shared by the token calls. */
export interface ModuleOptions {
  /** PKCS#11 module path. Default: EDEFTER_PKCS11_MODULE, else every known module that exists. */
  module?: string;
}

/** Options of openSigner. */
export interface OpenSignerOptions extends ModuleOptions {
  /** Token label. Default: EDEFTER_TOKEN_LABEL, else the only initialized token present. */
  tokenLabel?: string;
  /**
   * Certificate to sign with: its CKA_ID (hex) or `rsa` / `ec`. Default: EDEFTER_CERT_ID, else the
   * only signing certificate, else the first valid one preferring RSA (then lowest CKA_ID).
   */
  certId?: string;
  /**
   * User PIN (UTF-8 bytes). `null`: log in on the reader's PIN pad (CKF_PROTECTED_AUTHENTICATION_PATH).
   * The Buffer is zeroed (fill(0)) as soon as openSigner has taken it.
   */
  pin: Buffer | null;
  /**
   * Runs after the token and certificate are chosen and before C_Login, with the token's fresh
   * CK_TOKEN_INFO flags: throw to refuse the login (no PIN reaches the token then).
   */
  beforeLogin?: (token: TokenInfo, certificate: CertificateInfo) => void | Promise<void>;
  /**
   * The token, as {@link listTokens} just returned it (a caller that listed the tokens to choose one or to see its
   * PIN pad): openSigner then does not list every module's slots again. `tokenLabel` is not consulted.
   */
  token?: TokenInfo;
}

/** What openSigner returns: a RawSigner bound to the token key, plus its certificate and close(). */
export type TokenSigner = RawSigner & {
  info: CertificateInfo;
  /** Closes the PKCS#11 session. Idempotent. */
  close(): Promise<void>;
};
