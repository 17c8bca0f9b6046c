/**
 * The fixed demo identity that docs, the demo and the tests rely on (issue 2 §3), and the
 * project-local paths of the demo PKI and the demo SoftHSM2 token.
 *
 * Every value can be overridden through the environment (e.g. in CI or for a second demo
 * company): EDEFTER_DEMO_VKN, EDEFTER_DEMO_TITLE, EDEFTER_DEMO_TOKEN_LABEL, EDEFTER_DEMO_PIN,
 * EDEFTER_DEMO_SO_PIN, EDEFTER_DEMO_PKI_DIR, EDEFTER_DEMO_SOFTHSM_DIR.
 *
 * TEST ONLY: nothing here is a real company, a real certificate authority or a real secret.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (EDEFTER_PROJECT_ROOT when set by scripts/run.mjs, else derived from this file). */
export const repoRoot: string = process.env.EDEFTER_PROJECT_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** The demo mali mühür identity (VKN, unvan) and token secrets. */
export interface DemoIdentity {
  /** 10-digit Vergi Kimlik Numarası written as subject serialNumber (2.5.4.5, PrintableString). */
  vkn: string;
  /** Company title (unvan), written as subject O and CN. */
  title: string;
  /** PKCS#11 token label (≤ 32 bytes UTF-8). */
  tokenLabel: string;
  /** User PIN of the demo token. */
  pin: string;
  /** Security-officer PIN of the demo token. */
  soPin: string;
}

/** Built-in demo identity: VKN 6090408038 (GİB's example VKN), `DEMO TİCARET A.Ş.`, token `DEMO MALI MUHUR`, PIN 123456. */
export const DEFAULT_DEMO_IDENTITY: Readonly<DemoIdentity> = Object.freeze({
  vkn: '6090408038',
  title: 'DEMO TİCARET A.Ş.',
  tokenLabel: 'DEMO MALI MUHUR',
  pin: '123456',
  soPin: '12345678',
});

/** The demo identity with environment overrides applied (see module doc). */
export function demoIdentity(): DemoIdentity {
  const e = process.env;
  return {
    vkn: e.EDEFTER_DEMO_VKN || DEFAULT_DEMO_IDENTITY.vkn,
    title: e.EDEFTER_DEMO_TITLE || DEFAULT_DEMO_IDENTITY.title,
    tokenLabel: e.EDEFTER_DEMO_TOKEN_LABEL || DEFAULT_DEMO_IDENTITY.tokenLabel,
    pin: e.EDEFTER_DEMO_PIN || DEFAULT_DEMO_IDENTITY.pin,
    soPin: e.EDEFTER_DEMO_SO_PIN || DEFAULT_DEMO_IDENTITY.soPin,
  };
}

/** Folder of the TEST root CA and the demo certificates: `var/demo-pki` (EDEFTER_DEMO_PKI_DIR overrides). */
export function demoPkiDir(): string {
  return process.env.EDEFTER_DEMO_PKI_DIR || path.join(repoRoot, 'var', 'demo-pki');
}

/** Folder of the project-local SoftHSM2 config and tokens: `var/softhsm` (EDEFTER_DEMO_SOFTHSM_DIR overrides). */
export function demoSofthsmDir(): string {
  return process.env.EDEFTER_DEMO_SOFTHSM_DIR || path.join(repoRoot, 'var', 'softhsm');
}

/** CKA_ID (hex) of the demo RSA-2048 key pair and certificate. */
export const DEMO_RSA_ID = '01';
/** CKA_ID (hex) of the demo ECDSA P-384 key pair and certificate. */
export const DEMO_EC_ID = '02';
