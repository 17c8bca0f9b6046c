/**
 * The one settings module (packages/bridge/src/settings/): a config.json written by the previous version loads
 * and keeps its unknown keys when changed; a value that breaks the schema is refused before anything is written;
 * EDEFTER_SETTINGS lays keys over the file for one process (never written); the earlier variables are
 * translated into the same overlay; the product reads no EDEFTER_* variable missing from settings/env.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configPath, loadConfig, loadEffectiveConfig, updateConfig } from '../../packages/bridge/src/settings/store.ts';
import { ENV_VARS, LEGACY_ENV, settingsOverlay } from '../../packages/bridge/src/settings/env.ts';
import { loadGibSettings } from '../../packages/bridge/src/gib/settings.ts';
import { getCompanyBackupSettings } from '../../packages/bridge/src/backup/settings.ts';

/** A config.json as the previous version (before settings/) wrote it, with a section it did not know. */
const PREVIOUS = {
  version: 1,
  tsa: { url: 'http://zd.kamusm.gov.tr', mode: 'kamusm', customerId: '12345', credentialRef: 'file:tsa.kamusm.12345', trustList: ['trust/tsa-ca.pem'] },
  gib: {
    environment: 'custom',
    endpoint: 'http://127.0.0.1:8443/ws',
    clock: { kind: 'ntp', host: 'pool.ntp.org' },
    retries: 2,
    retryBaseMs: 300,
    pollIntervalMs: 1000,
    trustList: ['/etc/gib.pem'],
    signerTrustList: ['/etc/kamusm.pem'],
    sendEnvanter: false,
  },
  backup: {
    url: 'https://yedek.example/v1',
    timeoutMs: 60000,
    companies: { '6090408038': { enabled: true, autoBackup: false, username: 'u', credentialRef: 'file:backup.integrator.6090408038' } },
  },
  future: { something: [1, 2, 3] },
};

let dir: string;
const saved = { ...process.env };

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edefter-settings-'));
  process.env.EDEFTER_CONFIG_DIR = dir;
  for (const k of Object.keys(process.env)) if (k === 'EDEFTER_SETTINGS' || k in LEGACY_ENV) delete process.env[k];
});

afterEach(() => {
  process.env = { ...saved };
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('config.json', () => {
  it('a file of the previous version loads, and a change keeps its unknown keys (0600)', async () => {
    fs.writeFileSync(configPath(), JSON.stringify(PREVIOUS, null, 2));
    const cfg = await loadConfig();
    expect(cfg).toEqual(PREVIOUS);
    const g = await loadGibSettings();
    expect(g).toMatchObject({ endpoint: 'http://127.0.0.1:8443/ws', retries: 2, retryBaseMs: 300, signerTrustList: ['/etc/kamusm.pem'] });
    expect(g.clock).toEqual({ kind: 'ntp', host: 'pool.ntp.org' });
    await updateConfig((c) => ({ ...c, gib: { ...c.gib, retries: 3 } }));
    const back = JSON.parse(fs.readFileSync(configPath(), 'utf8'));
    expect(back).toEqual({ ...PREVIOUS, gib: { ...PREVIOUS.gib, retries: 3 } });
    if (process.platform !== 'win32') expect(fs.statSync(configPath()).mode & 0o777).toBe(0o600);
  });

  it('a missing file is { version: 1 }; a wrong type is refused with its path, and nothing is written', async () => {
    expect(await loadConfig()).toEqual({ version: 1 });
    fs.writeFileSync(configPath(), JSON.stringify({ version: 1, gib: { retries: 'four' } }));
    await expect(loadConfig()).rejects.toMatchObject({ code: 'BAD_INPUT', key: 'config.settingsInvalid', message: expect.stringContaining('gib.retries') });
    fs.writeFileSync(configPath(), JSON.stringify({ version: 1 }));
    await expect(updateConfig((c) => ({ ...c, tsa: { url: 'http://tsa.example' } as never }))).rejects.toMatchObject({ key: 'config.settingsInvalid' });
    expect(JSON.parse(fs.readFileSync(configPath(), 'utf8'))).toEqual({ version: 1 });
  });
});

describe('EDEFTER_SETTINGS', () => {
  it('lays keys over the file for this process and is never written', async () => {
    fs.writeFileSync(configPath(), JSON.stringify(PREVIOUS));
    process.env.EDEFTER_SETTINGS = JSON.stringify({ gib: { pollIntervalMs: 50 }, backup: { url: 'http://127.0.0.1:9/v1' } });
    expect((await loadGibSettings()).pollIntervalMs).toBe(50);
    expect((await loadGibSettings()).retries).toBe(2);
    expect((await getCompanyBackupSettings('6090408038')).url).toBe('http://127.0.0.1:9/v1');
    await updateConfig((c) => c);
    expect(JSON.parse(fs.readFileSync(configPath(), 'utf8')).gib.pollIntervalMs).toBe(1000);
    expect((await loadEffectiveConfig()).future).toEqual({ something: [1, 2, 3] });
  });

  it('refuses text that is not a JSON object', async () => {
    process.env.EDEFTER_SETTINGS = '[1]';
    await expect(loadGibSettings()).rejects.toMatchObject({ key: 'config.settingsEnvInvalid' });
    process.env.EDEFTER_SETTINGS = '{';
    await expect(loadGibSettings()).rejects.toMatchObject({ key: 'config.settingsEnvInvalid' });
  });

  it('the earlier variables still work, translated into the overlay', async () => {
    const env = {
      EDEFTER_GIB_ENDPOINT: 'http://127.0.0.1:1/sim',
      EDEFTER_GIB_ENV: 'production',
      EDEFTER_GIB_TRUST: `/a.pem${path.delimiter}/b.pem`,
      EDEFTER_GIB_POLL_MS: '40',
      EDEFTER_GIB_RETRY_BASE_MS: '20',
      EDEFTER_GIB_CLOCK: 'off',
      EDEFTER_GIB_NTP: 'ntp.example:123',
      EDEFTER_SIGNER_TRUST: '/s.pem',
      EDEFTER_BACKUP_POLL_MS: '100',
      EDEFTER_GIB_SEND_ENVANTER: '1',
    };
    expect(settingsOverlay(env)).toEqual({
      gib: {
        environment: 'custom',
        endpoint: 'http://127.0.0.1:1/sim',
        trustList: ['/a.pem', '/b.pem'],
        pollIntervalMs: 40,
        retryBaseMs: 20,
        clock: { kind: 'off' },
        sendEnvanter: true,
      },
      signer: { trustList: ['/s.pem'] },
      backup: { pollIntervalMs: 100 },
    });
    Object.assign(process.env, env);
    const g = await loadGibSettings();
    expect(g).toMatchObject({ endpoint: 'http://127.0.0.1:1/sim', environment: 'custom', clock: { kind: 'off' }, pollIntervalMs: 40 });
    expect(g.signerTrustList).toEqual(['/s.pem']);
  });
});

describe('environment variables', () => {
  it('the product reads only the variables listed in settings/env.ts (or the legacy ones it translates)', () => {
    const known = new Set([...ENV_VARS.map((v) => v.name), ...Object.keys(LEGACY_ENV)]);
    const roots = ['packages/bridge/src', 'packages/protocol/src', 'packages/domain/src'];
    const read = new Map<string, string>();
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|mts|mjs)$/.test(e.name)) {
          const text = fs.readFileSync(p, 'utf8');
          for (const m of text.matchAll(/process\.env(?:\.|\[')(EDEFTER_[A-Z0-9_]+)/g)) read.set(m[1], p);
          for (const m of text.matchAll(/'(EDEFTER_[A-Z0-9_]+)'/g)) if (!m[1].endsWith('_')) read.set(m[1], p);
        }
      }
    };
    for (const r of roots) walk(path.resolve(__dirname, '..', '..', r));
    const unknown = [...read].filter(([n]) => !known.has(n));
    expect(unknown).toEqual([]);
    expect(ENV_VARS.length).toBeLessThan(13);
  });
});
