/**
 * Credential store (packages/bridge/src/config/secrets.ts) and settings file
 * (packages/bridge/src/settings/store.ts): 0600 file fallback with a warning, keychain when one
 * works (on this headless Debian box none does: no Secret Service / D-Bus session), refusal of a
 * group/world-readable secrets file, atomic 0600 config writes, unknown sections preserved.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deleteSecret, readSecret, secretsFilePath, storeSecret } from '../../packages/bridge/src/config/secrets.ts';
import { configPath, loadConfig, updateConfig } from '../../packages/bridge/src/settings/store.ts';
import { loadTsaConfig } from '../../packages/bridge/src/tsa/settings.ts';
import { ensureTestTsaIdentity } from '../../packages/simulators/src/tsa/pki.ts';

let dir: string;
const saved = { dir: process.env.EDEFTER_CONFIG_DIR, store: process.env.EDEFTER_CREDENTIAL_STORE };

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edefter-secrets-'));
  process.env.EDEFTER_CONFIG_DIR = dir;
});
afterEach(() => {
  for (const [k, v] of [
    ['EDEFTER_CONFIG_DIR', saved.dir],
    ['EDEFTER_CREDENTIAL_STORE', saved.store],
  ] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('credential store', () => {
  it('file backend: 0600 file, warning, round trip, delete', async () => {
    process.env.EDEFTER_CREDENTIAL_STORE = 'file';
    const s = await storeSecret('tsa.kamusm.1', 'p@ss Ğ');
    expect(s).toMatchObject({ ref: 'file:tsa.kamusm.1', backend: 'file' });
    expect(s.warning?.tr).toMatch(/0600/);
    expect(fs.statSync(secretsFilePath()).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(secretsFilePath(), 'utf8')).not.toContain('p@ss');
    expect(await readSecret(s.ref)).toBe('p@ss Ğ');
    await storeSecret('other', 'x');
    await deleteSecret(s.ref);
    expect(await readSecret(s.ref)).toBeUndefined();
    expect(await readSecret('file:other')).toBe('x');
    fs.chmodSync(secretsFilePath(), 0o640);
    await expect(readSecret('file:other')).rejects.toThrow(/chmod 600/);
  });

  it('auto: uses the OS keychain when it works, else the file with the reason', async () => {
    process.env.EDEFTER_CREDENTIAL_STORE = 'auto';
    const s = await storeSecret('edefter-test.auto', 'secret-value');
    try {
      if (s.backend === 'keychain') {
        expect(s.warning).toBeUndefined();
        expect(await readSecret(s.ref)).toBe('secret-value');
      } else {
        expect(s.warning?.tr).toMatch(/anahtarlı/);
        expect(s.warning?.en).toMatch(/OS keychain/);
        expect(`${s.warning?.tr} ${s.warning?.en}`).not.toMatch(/freedesktop|DBus\.Error/);
        expect(await readSecret(s.ref)).toBe('secret-value');
      }
    } finally {
      await deleteSecret(s.ref);
    }
  });

  it('keychain required but missing is an error, not a silent file', async () => {
    process.env.EDEFTER_CREDENTIAL_STORE = 'keychain';
    const probe = await storeSecret('edefter-test.required', 'v').catch((e: Error) => e);
    if (probe instanceof Error) {
      expect(probe.message).toMatch(/anahtarlı/);
      expect(probe.message).not.toMatch(/freedesktop|DBus\.Error/);
      expect(fs.existsSync(secretsFilePath())).toBe(false);
    } else {
      expect(probe.backend).toBe('keychain');
      await deleteSecret(probe.ref);
    }
    await expect(readSecret('bogus')).rejects.toThrow(/referansı/);
  });
});

describe('settings file', () => {
  it('writes 0600 atomically and keeps unknown sections', async () => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(configPath(), JSON.stringify({ version: 1, gelecek: { a: 1 } }));
    await updateConfig((c) => ({ ...c, tsa: { url: 'http://127.0.0.1:1/', mode: 'rfc3161' } }));
    expect(fs.statSync(configPath()).mode & 0o777).toBe(0o600);
    const c = await loadConfig();
    expect(c).toMatchObject({ version: 1, gelecek: { a: 1 }, tsa: { mode: 'rfc3161' } });
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    fs.writeFileSync(configPath(), '{ not json');
    await expect(loadConfig()).rejects.toThrow(/geçersiz JSON/);
  });

  it('loadTsaConfig resolves the trust list and the stored password', async () => {
    process.env.EDEFTER_CREDENTIAL_STORE = 'file';
    const id = await ensureTestTsaIdentity();
    const s = await storeSecret('tsa.kamusm.42', 'pw42');
    await updateConfig((c) => ({ ...c, tsa: { url: 'http://127.0.0.1:1/', mode: 'kamusm', customerId: '42', credentialRef: s.ref, trustList: [id.caPath] } }));
    const cfg = await loadTsaConfig();
    expect(cfg).toMatchObject({ mode: 'kamusm', customerId: '42', password: 'pw42' });
    expect(cfg!.trustedCerts![0].equals(id.caDer)).toBe(true);
    expect(await loadTsaConfig({ url: 'x', mode: 'rfc3161' })).toMatchObject({ trustedCerts: [] });
  });
});
