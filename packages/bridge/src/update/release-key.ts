/**
 * The public key that signs edefter release manifests, and where the manifest is published.
 *
 * Both are compiled in. The release build replaces them (packages/bridge/scripts/build.mjs defines
 * `__EDEFTER_UPDATE_PUBLIC_KEY__` from the PEM file named by `EDEFTER_UPDATE_PUBLIC_KEY`, and
 * `__EDEFTER_UPDATE_MANIFEST_URL__` from `EDEFTER_UPDATE_MANIFEST_URL`); see docs/packaging.md, "Güncelleme denetimi".
 * Without them the placeholder below stays: an Ed25519 key whose private half was thrown away when it was made,
 * so no manifest verifies against it. The real release key pair is held offline; only its public half goes into builds.
 */

declare const __EDEFTER_UPDATE_PUBLIC_KEY__: string | undefined;
declare const __EDEFTER_UPDATE_MANIFEST_URL__: string | undefined;

/** Placeholder: Ed25519 SubjectPublicKeyInfo (DER, base64) with no private key anywhere. */
export const PLACEHOLDER_UPDATE_PUBLIC_KEY = 'MCowBQYDK2VwAyEACO8Ey+8t4keO0YHVyU4DA6hDTfSnGleJWWo02TGRYgE=';

/** Placeholder manifest address (nothing is published there yet). */
const PLACEHOLDER_MANIFEST_URL = 'https://edefter.invalid/releases/latest.json';

/** The compiled-in release public key: PEM or base64 SPKI DER (Ed25519 or ECDSA P-256). */
export function releasePublicKey(): string {
  return typeof __EDEFTER_UPDATE_PUBLIC_KEY__ === 'string' && __EDEFTER_UPDATE_PUBLIC_KEY__ ? __EDEFTER_UPDATE_PUBLIC_KEY__ : PLACEHOLDER_UPDATE_PUBLIC_KEY;
}

/** The compiled-in address of the release manifest (its signature is the same address + `.sig`). */
export function defaultManifestUrl(): string {
  return typeof __EDEFTER_UPDATE_MANIFEST_URL__ === 'string' && __EDEFTER_UPDATE_MANIFEST_URL__ ? __EDEFTER_UPDATE_MANIFEST_URL__ : PLACEHOLDER_MANIFEST_URL;
}

/** True while the placeholder key is compiled in (a development or unreleased build). */
export function isPlaceholderKey(): boolean {
  return releasePublicKey() === PLACEHOLDER_UPDATE_PUBLIC_KEY;
}
