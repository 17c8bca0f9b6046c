/**
 * `edefter update --check`: reads the release manifest and its detached signature, verifies it with the release
 * public key compiled into the product (release-key.ts) and compares its version with this build's (semver).
 * It never downloads or runs the release itself: it reports the version, the URL and the SHA-256 to check it with.
 */
import type { KeyObject } from 'node:crypto';
import { fail } from '@edefter/protocol';
import { bridgeVersion } from '../version.ts';
import { readSource } from './fetch.ts';
import { verifyReleaseManifest, type ReleaseManifest } from './manifest.ts';
import { defaultManifestUrl, isPlaceholderKey, releasePublicKey } from './release-key.ts';
import { compareSemver, parseSemver } from './semver.ts';

/** Options of {@link checkForUpdate}; every one has a product default. */
export interface UpdateCheckOptions {
  /** manifest URL (https, http, file://) or file path; default the compiled-in address */
  manifest?: string;
  /** signature URL or path; default `<manifest>.sig` */
  signature?: string;
  /** public key (PEM, base64 SPKI or KeyObject); default the compiled-in release key. Tests pass their own. */
  publicKey?: string | KeyObject;
  /** this build's version; default {@link bridgeVersion} */
  currentVersion?: string;
}

/** Result of a check whose manifest verified. */
export interface UpdateCheckResult {
  /** `newer`: the manifest names a higher version than this build; `up-to-date`: the same or a lower one */
  status: 'up-to-date' | 'newer';
  current: string;
  latest: string;
  /** where the release is published (https; edefter never fetches it) */
  url: string;
  /** SHA-256 (hex) the published file must have */
  sha256: string;
  /** the verified manifest */
  manifest: ReleaseManifest;
  manifestSource: string;
  /** the compiled-in key is the placeholder (an unreleased build): only a test key can have signed this */
  placeholderKey: boolean;
}

/**
 * Checks for a newer release.
 * @throws EdefterError update.unreachable (manifest or signature unreadable), update.signatureMissing (no `.sig`),
 *   update.signatureInvalid (tampered manifest, other key), update.manifestInvalid, update.publicKeyInvalid
 */
export async function checkForUpdate(o: UpdateCheckOptions = {}): Promise<UpdateCheckResult> {
  const manifestSource = o.manifest ?? defaultManifestUrl();
  const signatureSource = o.signature ?? `${manifestSource}.sig`;
  const m = await readSource(manifestSource);
  if (!m.found) throw fail('update.unreachable', { source: manifestSource, reason: m.why });
  const s = await readSource(signatureSource);
  if (!s.found) throw fail('update.signatureMissing', { source: signatureSource });
  const manifest = verifyReleaseManifest(m.bytes, s.bytes, o.publicKey ?? releasePublicKey(), manifestSource);
  const current = o.currentVersion ?? bridgeVersion();
  const cur = parseSemver(current);
  if (!cur) throw fail('update.manifestInvalid', { source: 'this build', problem: `version ${current} is not a semantic version` });
  const newer = compareSemver(parseSemver(manifest.version)!, cur) > 0;
  return {
    status: newer ? 'newer' : 'up-to-date',
    current,
    latest: manifest.version,
    url: manifest.url,
    sha256: manifest.sha256,
    manifest,
    manifestSource,
    placeholderKey: o.publicKey === undefined && isPlaceholderKey(),
  };
}

/** The report printed by `edefter update --check` (Turkish line, then English). */
export function formatUpdateReport(r: UpdateCheckResult): string {
  const lines =
    r.status === 'newer'
      ? [
          `Yeni sürüm var: ${r.latest} (kurulu: ${r.current})`,
          `A newer version is available: ${r.latest} (installed: ${r.current})`,
          `  adres / URL: ${r.url}`,
          `  SHA-256: ${r.sha256}`,
          ...(r.manifest.notes ? [`  ${r.manifest.notes.tr}`, `  ${r.manifest.notes.en}`] : []),
          'edefter bunu indirmez ve çalıştırmaz; paketi kendiniz indirip SHA-256 değerini denetleyin.',
          'edefter does not download or run it; fetch the package yourself and check its SHA-256.',
        ]
      : [`güncel: ${r.current} (yayındaki son sürüm ${r.latest})`, `up to date: ${r.current} (latest published ${r.latest})`];
  return lines.join('\n');
}
