/**
 * The settings the extension's options page changes, in the bridge (no browser): GİB endpoint
 * (gib/settings-change.ts), zaman damgası (tsa/settings-change.ts) and pasted trust anchors
 * (settings/trust.ts) — what is refused before anything is written, what a change drops, and
 * that the audit facts never carry a password.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../packages/bridge/src/settings/store.ts';
import { readSecret } from '../../packages/bridge/src/config/secrets.ts';
import { parseTrustPem, storeTrustPem } from '../../packages/bridge/src/settings/trust.ts';
import { gibSettingsFacts, gibSettingsView, setGibSettings } from '../../packages/bridge/src/gib/settings-change.ts';
import { loadGibSettings, GIB_PRODUCTION_ENDPOINT, GIB_TEST_ENDPOINT } from '../../packages/bridge/src/gib/settings.ts';
import { setTsaSettings, tsaSettingsFacts } from '../../packages/bridge/src/tsa/settings-change.ts';
import { loadTsaConfig } from '../../packages/bridge/src/tsa/settings.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const PEM = fs.readFileSync(path.join(repoRoot, 'var', 'demo-pki', 'ca.pem'), 'utf8');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'settings-change-'));
const env = { ...process.env };
let n = 0;

beforeEach(() => {
  process.env.EDEFTER_CONFIG_DIR = path.join(root, String(++n));
  process.env.EDEFTER_CREDENTIAL_STORE = 'file';
  for (const k of ['EDEFTER_SETTINGS', 'EDEFTER_GIB_ENDPOINT', 'EDEFTER_GIB_ENV']) delete process.env[k];
});
afterAll(() => {
  process.env = env;
  fs.rmSync(root, { recursive: true, force: true });
});

describe('GİB settings', () => {
  it('test by default; production; custom needs an https or loopback address', async () => {
    expect(await gibSettingsView()).toMatchObject({ environment: 'test', endpoint: GIB_TEST_ENDPOINT, overriddenByEnvironment: false });
    await expect(setGibSettings({ environment: 'custom' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(setGibSettings({ environment: 'custom', endpoint: 'http://gib.example/ws' })).rejects.toThrow(/https/);
    await expect(setGibSettings({ environment: 'custom', endpoint: 'not a url' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect((await loadConfig()).gib).toBeUndefined();
    const { before, after } = await setGibSettings({ environment: 'custom', endpoint: 'http://127.0.0.1:8443/ws' });
    expect((await loadGibSettings()).endpoint).toBe('http://127.0.0.1:8443/ws');
    expect(gibSettingsFacts(before, after, 'extension')).toMatchObject({
      area: 'gib',
      environment: 'test → custom',
      changed: ['environment', 'endpoint', 'customEndpoint'],
    });
    await setGibSettings({ environment: 'production' });
    expect(await gibSettingsView()).toMatchObject({ environment: 'production', endpoint: GIB_PRODUCTION_ENDPOINT, customEndpoint: 'http://127.0.0.1:8443/ws' });
  });

  it('an environment override wins and is reported', async () => {
    process.env.EDEFTER_SETTINGS = JSON.stringify({ gib: { environment: 'custom', endpoint: 'http://127.0.0.1:1/sim' } });
    expect(await gibSettingsView()).toMatchObject({ environment: 'custom', endpoint: 'http://127.0.0.1:1/sim', overriddenByEnvironment: true });
  });
});

describe('zaman damgası settings', () => {
  it('Kamu SM with password and a pasted root; the password is only in the credential store', async () => {
    const r = await setTsaSettings({ mode: 'kamusm', url: 'http://127.0.0.1:9/', customerId: '123456', password: 'p4ss-secret', trustPem: PEM });
    expect(r.after).toMatchObject({ mode: 'kamusm', url: 'http://127.0.0.1:9/', customerId: '123456', hasPassword: true });
    expect(r.after.trust).toHaveLength(1);
    const cfg = await loadConfig();
    expect(JSON.stringify(cfg)).not.toContain('p4ss-secret');
    expect(cfg.tsa?.trustList?.[0]).toBe(path.join(process.env.EDEFTER_CONFIG_DIR!, 'trust', 'tsa-ca.pem'));
    expect((fs.statSync(cfg.tsa!.trustList![0]).mode & 0o777).toString(8)).toBe('600');
    expect((await loadTsaConfig())?.password).toBe('p4ss-secret');
    const facts = tsaSettingsFacts(r.before, r.after, true, 'extension');
    expect(JSON.stringify(facts)).not.toContain('p4ss-secret');
    expect(facts.changed).toEqual(['mode', 'url', 'customerId', 'trust', 'password']);
  });

  it('a new customer number drops the old password; none removes the TSA and its password', async () => {
    await setTsaSettings({ mode: 'kamusm', url: 'http://127.0.0.1:9/', customerId: '111', password: 'eski' });
    const ref = (await loadConfig()).tsa!.credentialRef!;
    const moved = await setTsaSettings({ customerId: '222' });
    expect(moved.after.hasPassword).toBe(false);
    expect(await readSecret(ref)).toBeUndefined();
    expect(tsaSettingsFacts(moved.before, moved.after, false, 'extension')).toMatchObject({ credentialsDropped: true });
    await setTsaSettings({ password: 'yeni' });
    const ref2 = (await loadConfig()).tsa!.credentialRef!;
    const none = await setTsaSettings({ mode: 'none' });
    expect(none.after).toEqual({ mode: 'none', hasPassword: false, trust: [] });
    expect((await loadConfig()).tsa).toBeUndefined();
    expect(await readSecret(ref2)).toBeUndefined();
  });

  it('refuses before writing anything: bad URL, customer not digits, password without Kamu SM, PEM without a certificate', async () => {
    await expect(setTsaSettings({ mode: 'rfc3161', url: 'ftp://x' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(setTsaSettings({ mode: 'kamusm', url: 'http://127.0.0.1:9/', customerId: '12a' })).rejects.toThrow(/rakam/);
    await expect(setTsaSettings({ mode: 'rfc3161', url: 'http://127.0.0.1:9/', password: 'x' })).rejects.toThrow(/müşteri numarası/);
    await expect(setTsaSettings({ mode: 'rfc3161', url: 'http://127.0.0.1:9/', trustPem: 'hello' })).rejects.toThrow(/Sertifika bulunamadı/);
    expect((await loadConfig()).tsa).toBeUndefined();
    expect(fs.existsSync(path.join(process.env.EDEFTER_CONFIG_DIR!, 'trust'))).toBe(false);
  });
});

describe('pasted trust anchors', () => {
  it('keeps only CERTIFICATE blocks, refuses a broken one, describes subject and fingerprint', async () => {
    expect(() => parseTrustPem('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')).toThrow(/1\. sertifika/);
    const { file, anchors } = await storeTrustPem('x', `junk before\n${PEM}\njunk after`);
    expect(fs.readFileSync(file, 'utf8')).not.toContain('junk');
    expect(anchors[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(anchors[0].subject.length).toBeGreaterThan(0);
  });
});
