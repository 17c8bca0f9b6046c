/**
 * Issue 10 item 9 (settings and allowed sites) and item 12 (no paths in errors), against the real
 * bridge in-process (paired client from pair-kit, isolated SoftHSM2 token):
 * - a request acting for a web origin changes neither the backup settings nor the allowed sites
 *   (both actions are `origin: none`), and no page action of the extension reaches them;
 * - a new integrator URL drops the stored user name and password: the moved URL never receives the
 *   old credentials (a loopback HTTP server records every Authorization header), and a backup send
 *   reaches it only with credentials entered again; the audit log records what changed, never a password;
 * - an error reply (wrong PIN, unloadable PKCS#11 module) carries no filesystem path and no module name.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MonthPartKey } from '../../packages/domain/src/index.ts';
import { BRIDGE_ACTIONS } from '../../packages/protocol/src/index.ts';
import { sendBackup, type BackupContext } from '../../packages/bridge/src/backup/service.ts';
import { BackupStore } from '../../packages/bridge/src/backup/store.ts';
import { readAudit } from '../../packages/bridge/src/audit/format.ts';
import { auditPaths } from '../../packages/bridge/src/audit/log.ts';
import { clientError } from '../../packages/bridge/src/server/client-error.ts';
import { createLog, startBridgeServer, type BridgeServer } from '../../packages/bridge/src/server/index.ts';
import { mapWorkerError } from '../../packages/bridge/src/token/errors.ts';
import { shutdownTokenWorker } from '../../packages/bridge/src/token/index.ts';
import { WorkflowStore } from '../../packages/bridge/src/workflow/index.ts';
import { isolatedTokens, repoRoot, tempStore } from '../token/helpers.ts';
import { lookalikeDeps, writeLookalikeMonth } from '../backup/lookalike.ts';
import { pairedClient } from '../bridge/pair-kit.ts';
import type { TestClient } from '../bridge/ws-client.ts';
import { attack } from './kit.ts';

const PORTAL = 'https://portal.example.com.tr';
const EVIL = 'https://evil.example';
const VKN = '6090408038';
const env = { ...process.env };
let dir: string;
let server: BridgeServer;
let caPem: string;
let c: TestClient;
let installId: string;

/** A loopback "integrator" that records each request's Authorization header and answers 401. */
interface Recorder {
  url: string;
  seen: Array<{ method: string; path: string; authorization?: string }>;
  close(): Promise<void>;
}
async function recorder(): Promise<Recorder> {
  const seen: Recorder['seen'] = [];
  const srv = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', path: req.url ?? '', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    req.resume();
    req.on('end', () => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"error":"unauthorized"}');
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/edefter-yedek/v1`, seen, close: () => new Promise((r) => srv.close(() => r())) };
}

const basic = (user: string, pass: string): string => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

async function settings(set?: Record<string, unknown>, origin?: string): Promise<Record<string, unknown>> {
  return c.request('backup-settings', { vkn: VKN, ...(set ? { set } : {}) }, origin);
}

function configText(): string {
  const f = path.join(dir, 'config', 'config.json');
  return fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '';
}

beforeAll(async () => {
  dir = tempStore('security-settings');
  process.env.EDEFTER_DATA_DIR = path.join(dir, 'data');
  process.env.EDEFTER_CONFIG_DIR = path.join(dir, 'config');
  process.env.EDEFTER_CREDENTIAL_STORE = 'file';
  delete process.env.EDEFTER_SETTINGS;
  delete process.env.EDEFTER_INTEGRATOR_URL;
  await isolatedTokens(path.join(dir, 'token'), [{}]);
  const out = new PassThrough();
  out.resume();
  server = await startBridgeServer({ port: 0, configDir: path.join(dir, 'config'), tsa: null, log: createLog(out, out) });
  caPem = server.tls.caPem;
  const p = await pairedClient(server, caPem, [PORTAL]);
  c = p.client;
  installId = p.installId;
}, 120_000);

afterAll(async () => {
  c?.close();
  await server?.close();
  await shutdownTokenWorker().catch(() => undefined);
  process.env = env;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('settings and allowed sites', () => {
  it('a request acting for a web origin changes neither the backup settings nor the allowed sites', async () => {
    const pairings = (): string[] =>
      (JSON.parse(fs.readFileSync(path.join(dir, 'config', 'pairings.json'), 'utf8')) as { installs: Record<string, { allowedOrigins: string[] }> }).installs[
        installId
      ].allowedOrigins;
    const before = { config: configText(), sites: pairings() };
    const unchanged = (): boolean => configText() === before.config && JSON.stringify(pairings()) === JSON.stringify(before.sites);
    const refusedAndUnchanged = (r: Record<string, unknown>): boolean => r.ok === false && unchanged();
    const set = { enabled: true, username: 'evil', password: 'x', url: 'http://127.0.0.1:9/evil' };
    const r = await attack('settings', 'settings or allowed sites changed on behalf of a web page', [
      async () => refusedAndUnchanged(await settings(set, PORTAL)),
      async () => refusedAndUnchanged(await settings(set, EVIL)),
      async () => refusedAndUnchanged(await settings({ url: 'http://127.0.0.1:9/evil' }, PORTAL)),
      async () => refusedAndUnchanged(await settings(undefined, PORTAL)), // not even read for a page
      async () => refusedAndUnchanged(await c.request('allowlist-set', { origins: [PORTAL, EVIL] }, PORTAL)),
      async () => refusedAndUnchanged(await c.request('allowlist-set', { origins: [EVIL] }, EVIL)),
      async () => refusedAndUnchanged(await c.request('allowlist-set', { origins: [] }, PORTAL)),
      // GİB endpoint and zaman damgası (issue 12): also origin none, not even read for a page
      async () => refusedAndUnchanged(await c.request('gib-settings', { set: { environment: 'custom', endpoint: 'http://127.0.0.1:9/evil' } }, PORTAL)),
      async () => refusedAndUnchanged(await c.request('gib-settings', {}, EVIL)),
      async () => refusedAndUnchanged(await c.request('tsa-settings', { set: { mode: 'rfc3161', url: 'http://127.0.0.1:9/evil' } }, PORTAL)),
      async () => refusedAndUnchanged(await c.request('tsa-settings', { set: { mode: 'none' } }, EVIL)),
      async () =>
        refusedAndUnchanged(
          await c.request('backup-settings', { vkn: VKN, set: { caPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' } }, PORTAL),
        ),
    ]);
    expect(r.served).toBe(0);
    expect(BRIDGE_ACTIONS['backup-settings'].origin).toBe('none');
    expect(BRIDGE_ACTIONS['allowlist-set'].origin).toBe('none');
    expect(BRIDGE_ACTIONS['gib-settings'].origin).toBe('none');
    expect(BRIDGE_ACTIONS['tsa-settings'].origin).toBe('none');
  });

  it('no page action of the extension reaches backup-settings or allowlist-set', () => {
    // The service worker's page-request path runs only background/actions/*; settings and allowed
    // sites are changed by ui-requests.ts, which answers only the extension's own pages.
    const actionsDir = path.join(repoRoot, 'packages/extension/src/background/actions');
    const pagePath = ['page-requests.ts', ...fs.readdirSync(actionsDir).map((f) => `actions/${f}`)].map((f) =>
      fs.readFileSync(path.join(repoRoot, 'packages/extension/src/background', f), 'utf8'),
    );
    for (const src of pagePath) {
      expect(src).not.toMatch(
        /['"](backup|gib|tsa)-settings['"]|['"]allowlist-set['"]|pushAllowlist|backupSettings|gibSettings|tsaSettings|change(Backup|Gib|Tsa)Settings/,
      );
    }
    const ui = fs.readFileSync(path.join(repoRoot, 'packages/extension/src/background/ui-requests.ts'), 'utf8');
    expect(ui).toMatch(/isFromExtensionPage/);
    const index = fs.readFileSync(path.join(repoRoot, 'packages/extension/src/background/index.ts'), 'utf8');
    expect(index).toMatch(/isFromExtensionPage\(sender\)\) return handleUiMessage/);
  });

  it('a new integrator URL drops the stored credentials: the moved URL never receives them', async () => {
    const a = await recorder();
    const b = await recorder();
    const wf = WorkflowStore.open({ file: path.join(dir, 'data', 'workflow.sqlite') });
    try {
      const ref: MonthPartKey = { vkn: VKN, period: '202601', part: '000000' };
      const monthDir = path.join(dir, 'defterler', VKN, '20260101-20261231', '01');
      await writeLookalikeMonth(monthDir, ref);
      for (const book of ['Y', 'K'] as const) wf.ensureLedger({ ...ref, book }, { folder: monthDir, title: 'DEMO TİCARET A.Ş.' });
      const ctx: BackupContext = { store: new BackupStore(wf), actor: { origin: 'cli' }, crossCheckDeps: lookalikeDeps(), packagesDir: path.join(dir, 'zips') };
      const send = async (): Promise<string> => {
        try {
          await sendBackup(ctx, ref, { monthDir });
          return 'sent';
        } catch (e) {
          return String((e as { code?: string }).code);
        }
      };
      const secrets = (): string => {
        const f = path.join(dir, 'config', 'secrets.json');
        return fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '';
      };

      // the user's settings (through the extension: no origin)
      expect(await settings({ enabled: true, username: 'demo', password: 'old-secret', url: a.url })).toMatchObject({
        ok: true,
        result: { settings: { enabled: true, username: 'demo', hasPassword: true, url: a.url } },
      });
      expect(await send()).toBe('BACKUP_AUTH_FAILED');
      expect(a.seen.some((s) => s.authorization === basic('demo', 'old-secret'))).toBe(true); // sanity: A got them

      const outcomes: Record<string, unknown> = {};
      const r = await attack('settings', 'a moved integrator URL receives the stored credentials', [
        // moving the URL while enabled, without new credentials: refused, nothing changes
        async () => {
          const moved = await settings({ url: b.url });
          outcomes.moved = moved;
          return (
            moved.ok === false &&
            (moved.error as { code: string }).code === 'BACKUP_AUTH_FAILED' &&
            configText().includes(a.url) &&
            !configText().includes(b.url)
          );
        },
        // moving it with backup switched off: allowed, the credentials are gone
        async () => {
          const off = await settings({ enabled: false, url: b.url });
          outcomes.off = off;
          const v = (off.result as { settings?: { hasPassword: boolean; username?: string; url?: string } } | undefined)?.settings;
          return off.ok === true && v?.url === b.url && v.hasPassword === false && v.username === undefined && !secrets().includes('old-secret');
        },
        // switching it back on needs the credentials again
        async () => {
          const on = await settings({ enabled: true });
          outcomes.on = on;
          return on.ok === false && (on.error as { code: string }).code === 'BACKUP_AUTH_FAILED';
        },
        // a send now goes nowhere (not enabled): B sees nothing at all
        async () => {
          const s = await send();
          outcomes.send = s;
          return s !== 'sent' && b.seen.length === 0;
        },
      ]);
      expect(r.served, JSON.stringify(outcomes)).toBe(0);

      // credentials entered again: B receives only the new ones
      expect(await settings({ enabled: true, username: 'yeni', password: 'new-secret' })).toMatchObject({ ok: true });
      expect(await send()).toBe('BACKUP_AUTH_FAILED');
      expect(b.seen.length).toBeGreaterThan(0);
      expect(b.seen.every((s) => s.authorization === basic('yeni', 'new-secret'))).toBe(true);
      expect(b.seen.some((s) => s.authorization === basic('demo', 'old-secret'))).toBe(false);

      // the audit log: what changed, the dropped credentials, the sends — never a password
      const log = fs.readFileSync(auditPaths().log, 'utf8');
      for (const secret of ['old-secret', 'new-secret']) expect(log).not.toContain(secret);
      const changes = readAudit({ type: 'settings' });
      expect(changes.find((x) => x.credentialsDropped === true)).toMatchObject({
        by: 'extension',
        area: 'backup',
        vkn: VKN,
        url: `${a.url} → ${b.url}`,
        enabled: 'Evet → Hayır',
      });
      expect(changes.some((x) => (x.changed as string[]).includes('password'))).toBe(true);
      const sends = readAudit({ type: 'backup-send' });
      expect(sends.length).toBeGreaterThanOrEqual(2);
      expect(sends.at(-1)).toMatchObject({ vkn: VKN, period: '202601', result: 'failed', user: 'yeni' });
    } finally {
      wf.close();
      await a.close();
      await b.close();
    }
  }, 120_000);

  it('audit-consent records consent windows; a foreign origin cannot write one', async () => {
    const consentId = 'a'.repeat(32);
    const doc = { name: '6090408038-202601-Y-000000.xml', sha256: 'b'.repeat(64) };
    expect(await c.request('audit-consent', { event: 'shown', consentId, action: 'sign', documents: [doc] }, PORTAL)).toMatchObject({ ok: true });
    expect(await c.request('audit-consent', { event: 'answer', consentId, action: 'sign', answer: 'refuse', documents: [doc] }, PORTAL)).toMatchObject({
      ok: true,
    });
    expect(await c.request('audit-consent', { event: 'shown', consentId, action: 'sign' }, EVIL)).toMatchObject({
      ok: false,
      error: { code: 'ORIGIN_NOT_ALLOWED' },
    });
    expect(await c.request('audit-consent', { event: 'answer', consentId, action: 'sign' }, PORTAL)).toMatchObject({ ok: false });
    const recs = readAudit().filter((x) => x.consentId === consentId);
    expect(recs.map((x) => [x.type, x.answer ?? null])).toEqual([
      ['consent-shown', null],
      ['consent-answer', 'refuse'],
    ]);
    expect(recs[0]).toMatchObject({ origin: PORTAL, action: 'sign', documents: [`${doc.name} sha256:${doc.sha256}`] });
  });
});

describe('no paths in errors', () => {
  const PATHLIKE = /(^|[\s"'(=:])(\/|[A-Za-z]:\\|~\/|\.\.?\/)[^\s"']*[\\/]|\.so\b|\.dll\b|\.dylib\b|softhsm|akisp11|opensc-pkcs11/i;

  it('a wrong PIN reply carries no filesystem path and no module name', async () => {
    const bad = await c.request('session-open', { certificateId: '01', tokenLabel: 'DEMO MALI MUHUR', pin: 'frame' }, PORTAL, '000000');
    expect(bad).toMatchObject({ ok: false, error: { code: 'PIN_INCORRECT' } });
    expect(JSON.stringify(bad)).not.toMatch(PATHLIKE);
    expect(JSON.stringify(bad)).not.toContain('/');
  });

  it('a PKCS#11 module that cannot be loaded is reported without its path', async () => {
    const other = await startBridgeServer({
      port: 0,
      configDir: path.join(dir, 'config2'),
      socketPath: path.join(dir, 'config2.sock'),
      tsa: null,
      module: path.join(dir, 'opt', 'akis', 'libakisp11.so'),
      log: createLog(new PassThrough().resume(), new PassThrough().resume()),
    });
    try {
      const p = await pairedClient(other, other.tls.caPem, [PORTAL]);
      try {
        const r = await p.client.request('token-list', {}, PORTAL);
        expect(r.ok).toBe(false);
        expect(JSON.stringify(r)).not.toMatch(PATHLIKE);
        expect(JSON.stringify(r)).not.toContain(dir);
      } finally {
        p.client.close();
      }
    } finally {
      await other.close();
    }
  });

  it('clientError strips paths and module names from messages and details, and keeps URLs and file names', () => {
    const e = mapWorkerError(
      { kind: 'other', message: 'module could not be loaded: /usr/lib/softhsm/libsofthsm2.so: cannot open shared object file' },
      { module: '/usr/lib/softhsm/libsofthsm2.so', tokenLabel: 'DEMO' },
    );
    const s = clientError(e);
    expect(JSON.stringify(s)).not.toMatch(PATHLIKE);
    expect(s.details).toMatchObject({ tokenLabel: 'DEMO' });
    expect(s).toMatchObject({ code: 'TOKEN_ERROR', key: 'token.communicationFailed', retriable: false }); // catalog facts cross the hop
    const w = clientError({
      code: 'BAD_INPUT',
      tr: 'C:\\Program Files\\AKIS\\akisp11.dll yok',
      en: 'see https://portal.example.com.tr/x and 6090408038-202601-Y-000000.xml',
      details: { file: '/home/u/defter/a.xml', origin: PORTAL },
    });
    expect(w.tr).not.toMatch(/AKIS|akisp11|\\/);
    expect(w.en).toBe('see https://portal.example.com.tr/x and 6090408038-202601-Y-000000.xml');
    expect(w.details).toEqual({ file: '…', origin: PORTAL });
  });
});
