/**
 * The signed release manifest: its shape, and the check of its detached signature against the release public key.
 *
 * The manifest is a small JSON file (≤ 64 KiB), UTF-8:
 * `{"name":"edefter","version":"0.2.0","url":"https://…/edefter_0.2.0_amd64.deb","sha256":"<64 hex>",
 *   "size"?:bytes,"published"?:"ISO 8601","notes"?:{"tr","en"}}` (other keys are kept and ignored).
 * The signature covers the manifest's exact bytes (no canonicalisation): Ed25519 (64 bytes) or ECDSA P-256 with
 * SHA-256 (DER), stored raw or as base64 text in a file beside it (`<manifest>.sig`).
 * Only after the signature verifies is the JSON parsed.
 */
import { KeyObject, createPublicKey, verify } from 'node:crypto';
import { fail } from '@edefter/protocol';
import * as z from '@edefter/protocol/zod';
import { parseSemver } from './semver.ts';

/** Largest manifest or signature file read, bytes. */
export const MAX_MANIFEST_BYTES = 64 * 1024;

/** Schema of the release manifest (after its signature verified). */
const ReleaseManifestSchema = z.looseObject({
  name: z.literal('edefter'),
  version: z
    .string()
    .max(64)
    .refine((v) => parseSemver(v) !== undefined, 'not a semantic version (MAJOR.MINOR.PATCH)'),
  url: z.url({ protocol: /^https$/ }).max(2048),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits'),
  size: z.number().int().positive().optional(),
  published: z.string().max(64).optional(),
  notes: z.object({ tr: z.string().max(4000), en: z.string().max(4000) }).optional(),
});

/** A verified release manifest. */
export type ReleaseManifest = z.infer<typeof ReleaseManifestSchema>;

/**
 * Loads a public key for manifest signatures.
 * @param key PEM (`-----BEGIN PUBLIC KEY-----`) or base64 SubjectPublicKeyInfo DER
 * @throws EdefterError update.publicKeyInvalid when it is not an Ed25519 or ECDSA P-256 public key
 */
function loadReleaseKey(key: string | KeyObject): KeyObject {
  let k: KeyObject;
  try {
    k =
      typeof key !== 'string'
        ? key
        : key.includes('-----BEGIN')
          ? createPublicKey(key)
          : createPublicKey({ key: Buffer.from(key, 'base64'), format: 'der', type: 'spki' });
  } catch (e) {
    throw fail('update.publicKeyInvalid', { reason: (e as Error).message });
  }
  const curve = k.asymmetricKeyDetails?.namedCurve;
  if (k.type !== 'public' || !(k.asymmetricKeyType === 'ed25519' || (k.asymmetricKeyType === 'ec' && curve === 'prime256v1'))) {
    const what = `${k.type} ${k.asymmetricKeyType}${curve ? ` ${curve}` : ''}`;
    throw fail('update.publicKeyInvalid', { reason: `${what} key: Ed25519 or ECDSA P-256 public key expected` });
  }
  return k;
}

/** The signature bytes of a `.sig` file: base64 text (white space allowed) or the raw bytes. */
function decodeSignature(file: Buffer): Buffer {
  const text = file.toString('latin1').trim();
  if (text.length > 0 && /^[A-Za-z0-9+/=\s]+$/.test(text) && text.replace(/\s/g, '').length % 4 === 0) return Buffer.from(text, 'base64');
  return file;
}

/**
 * Verifies the detached signature over `manifest` with `key`, then parses and checks the manifest.
 * @param manifest the manifest file's bytes, exactly as read
 * @param signature the `.sig` file's bytes (base64 text or raw)
 * @param key the release public key (see {@link loadReleaseKey})
 * @param source where the manifest came from (for error texts)
 * @throws EdefterError update.signatureInvalid (does not verify, empty or malformed signature), update.manifestInvalid
 *   (verified but not a release manifest), update.publicKeyInvalid
 */
export function verifyReleaseManifest(manifest: Buffer, signature: Buffer, key: string | KeyObject, source: string): ReleaseManifest {
  const k = loadReleaseKey(key);
  const sig = decodeSignature(signature);
  let ok = false;
  try {
    ok =
      sig.length > 0 && (k.asymmetricKeyType === 'ed25519' ? verify(null, manifest, k, sig) : verify('sha256', manifest, { key: k, dsaEncoding: 'der' }, sig));
  } catch {
    ok = false; // a malformed signature is a bad signature
  }
  if (!ok) throw fail('update.signatureInvalid', { source });
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(manifest));
  } catch (e) {
    throw fail('update.manifestInvalid', { source, problem: `not UTF-8 JSON: ${(e as Error).message}` });
  }
  const parsed = ReleaseManifestSchema.safeParse(json);
  if (!parsed.success) {
    const problem = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw fail('update.manifestInvalid', { source, problem });
  }
  return parsed.data;
}
