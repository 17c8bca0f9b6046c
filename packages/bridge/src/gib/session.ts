/**
 * Builds a {@link GibClient} from the GİB settings (settings.ts) and a mali mühür signer.
 */
import { fail } from '@edefter/protocol';
import type { RawSigner } from '../xades/signer.ts';
import { GibClient } from './client.ts';
import { loadGibSettings, loadTrustList, type ResolvedGibSettings } from './settings.ts';

/** A client plus the settings it was made from and the seal trust anchors. */
export interface GibSession {
  client: GibClient;
  settings: ResolvedGibSettings;
  /** DER trust anchors for GİB's seal on approved berats. */
  trustedCerts: Buffer[];
}

/**
 * @param signer the mali mühür (token) that signs every SOAP message
 * @throws EdefterError BAD_INPUT when no endpoint is configured
 */
export async function createGibSession(signer: RawSigner, settings?: ResolvedGibSettings): Promise<GibSession> {
  const s = settings ?? (await loadGibSettings());
  if (!s.endpoint) {
    throw fail('gib.noEndpoint');
  }
  const client = new GibClient({
    endpoint: s.endpoint,
    signer,
    timeoutMs: s.timeoutMs,
    ttlMs: s.timestampTtlMs,
    clock: s.clock,
    maxClockSkewMs: s.maxClockSkewMs,
    retry: { attempts: s.retries, baseMs: s.retryBaseMs },
  });
  return { client, settings: s, trustedCerts: loadTrustList(s.trustList) };
}
