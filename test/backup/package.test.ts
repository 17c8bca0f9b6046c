/**
 * Backup package, çapraz doğrulama rules, REST client ⇄ integrator simulator, with look-alike
 * files and accepting verifiers (fast; the signed month is covered by backup-flow.test.ts).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MonthPartKey } from '../../packages/domain/src/index.ts';
import { isEdefterError } from '../../packages/protocol/src/index.ts';
import { IntegratorClient } from '../../packages/bridge/src/backup/client.ts';
import { crossCheck, assertCrossCheck } from '../../packages/bridge/src/backup/crosscheck.ts';
import { backupFileName, backupPackageName, findBackupFiles } from '../../packages/bridge/src/backup/files.ts';
import { buildManifest, SOURCE_NOTE } from '../../packages/bridge/src/backup/manifest.ts';
import { entryNameProblem, extractBackupZip, writeBackupZip } from '../../packages/bridge/src/backup/package.ts';
import { backupDoneMessage } from '../../packages/bridge/src/backup/messages.ts';
import { startIntegratorSimulator, type IntegratorSimulator } from '../../packages/simulators/src/integrator/index.ts';
import { lookalikeDeps, writeLookalikeMonth } from './lookalike.ts';

const ref: MonthPartKey = { vkn: '6090408038', period: '202501', part: '000000' };
let tmp: string;
let monthDir: string;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'edefter-backup-'));
  monthDir = path.join(tmp, 'defterler', ref.vkn, '20250101-20251231', '01');
  await writeLookalikeMonth(monthDir, ref);
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

async function build(dir = monthDir, name = backupPackageName(ref)) {
  const files = await findBackupFiles(dir, ref);
  const manifest = await buildManifest(ref, files, '0.1.0');
  return writeBackupZip(path.join(tmp, 'out', name), files, manifest);
}

describe('statuses and names', () => {
  it('says which month was backed up, in Turkish', () => {
    expect(backupDoneMessage('202501').tr).toBe('Ocak ayına ait Yevmiye ve Büyük Defter dosyaları yedeklendi.');
    expect(backupDoneMessage('202508').tr).toMatch(/^Ağustos ayına ait/);
  });
  it('names the six files per GİB', () => {
    expect(backupFileName(ref, 'GIB-KB')).toBe('GIB-6090408038-202501-KB-000000.xml');
    expect(backupFileName({ ...ref, branch: '0001' }, 'Y')).toBe('6090408038-202501-Y-000000-0001.xml');
  });
  it('reports missing files by name', async () => {
    const e = await findBackupFiles(path.join(tmp, 'nowhere'), ref).catch((x) => x);
    expect(isEdefterError(e)).toBe(true);
    expect(e.details.missing).toHaveLength(6);
  });
});

describe('package', () => {
  it('zips the six files with manifest and source note, and reads them back', async () => {
    const pkg = await build();
    expect(pkg.manifest.files.map((f) => f.role)).toEqual(['Y', 'K', 'YB', 'KB', 'GIB-YB', 'GIB-KB']);
    expect(pkg.manifest.source).toBe(SOURCE_NOTE);
    const y = await fs.readFile(path.join(monthDir, backupFileName(ref, 'Y')));
    expect(pkg.manifest.files[0].bytes).toBe(y.length);
    const out = await extractBackupZip(pkg.path, path.join(tmp, 'x1'));
    expect([...out.files.keys()].sort()).toEqual([...pkg.manifest.files.map((f) => f.name), 'KAYNAK.txt', 'manifest.json'].sort());
    expect(await fs.readFile(out.files.get('KAYNAK.txt')!, 'utf8')).toContain('edefter-bridge ile aktarılmıştır');
    expect((await fs.readFile(out.files.get(backupFileName(ref, 'Y'))!)).equals(y)).toBe(true);
  });
  it('refuses path tricks in entry names', () => {
    expect(entryNameProblem('../x.xml')).not.toBeNull();
    expect(entryNameProblem('/etc/passwd')).not.toBeNull();
    expect(entryNameProblem('a\\b')).not.toBeNull();
    expect(entryNameProblem('C:x')).not.toBeNull();
    expect(entryNameProblem('6090408038-202501-Y-000000.xml')).toBeNull();
  });
});

describe('çapraz doğrulama rules', () => {
  it('passes on a consistent month', async () => {
    const r = await crossCheck(await findBackupFiles(monthDir, ref), { deps: lookalikeDeps() });
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
  });
  it('names the berat whose defter value does not match, and the GİB berat without a seal', async () => {
    const dir = path.join(tmp, 'bad');
    await writeLookalikeMonth(dir, ref);
    const yb = path.join(dir, backupFileName(ref, 'YB'));
    const text = await fs.readFile(yb, 'utf8');
    await fs.writeFile(yb, text.replace(/<ds:SignatureValue>([A-Za-z0-9+/])/, '<ds:SignatureValue>Z$1'));
    const gk = path.join(dir, backupFileName(ref, 'GIB-KB'));
    await fs.writeFile(gk, (await fs.readFile(gk, 'utf8')).replace(/<xades:CounterSignature>.*<\/xades:CounterSignature>/s, ''));
    const e = await assertCrossCheck(await findBackupFiles(dir, ref), { deps: lookalikeDeps() }).catch((x) => x);
    expect(e.code).toBe('CROSS_CHECK_FAILED');
    expect(e.tr).toContain('6090408038-202501-YB-000000.xml');
    expect(e.en).toContain('6090408038-202501-YB-000000.xml');
    const probs = e.details.problems as { file: string; check: string }[];
    expect(probs).toContainEqual(expect.objectContaining({ file: 'GIB-6090408038-202501-KB-000000.xml', check: 'counter-signature' }));
  });
  it('refuses DOCTYPE', async () => {
    const dir = path.join(tmp, 'dtd');
    await writeLookalikeMonth(dir, ref);
    const k = path.join(dir, backupFileName(ref, 'K'));
    await fs.writeFile(k, (await fs.readFile(k, 'utf8')).replace('<edefter:defter', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><edefter:defter'));
    const r = await crossCheck(await findBackupFiles(dir, ref), { deps: lookalikeDeps() });
    expect(r.problems[0]).toMatchObject({ file: backupFileName(ref, 'K'), check: 'structure' });
  });
});

describe('REST client ⇄ integrator simulator', () => {
  let sim: IntegratorSimulator;
  let pkg: Awaited<ReturnType<typeof build>>;
  const client = (over: Partial<ConstructorParameters<typeof IntegratorClient>[0]> = {}) =>
    new IntegratorClient({ baseUrl: sim.url, username: 'demo', password: 'demo1234', retryDelayMs: 20, timeoutMs: 2000, ...over });

  beforeAll(async () => {
    sim = await startIntegratorSimulator({ dir: path.join(tmp, 'sim'), deps: lookalikeDeps(), processingDelayMs: 30, storeDelayMs: 30 });
    pkg = await build();
  });
  afterAll(async () => {
    await sim.close();
  });

  it('send → Paket İşleme Alındı → Yedeklendi', async () => {
    const r = await client().sendPackage(pkg, 'key-00000001');
    expect(r).toMatchObject({ status: 'RECEIVED', statusText: 'Paket İşleme Alındı', vkn: ref.vkn, period: ref.period });
    await sim.settled(r.id);
    const s = await client().getStatus(r.id);
    expect(s.status).toBe('STORED');
    expect(s.message).toBe('Ocak ayına ait Yevmiye ve Büyük Defter dosyaları yedeklendi.');
    expect((await client().getLatest(ref))?.id).toBe(r.id);
  });
  it('the same Idempotency-Key is stored once', async () => {
    const a = await client().sendPackage(pkg, 'key-00000002');
    const b = await client().sendPackage(pkg, 'key-00000002');
    expect(b.id).toBe(a.id);
  });
  it('wrong credentials: clear message, body never uploaded', async () => {
    const seen = sim.uploadsSeen;
    const e = await client({ password: 'yanlis' })
      .sendPackage(pkg, 'key-00000003')
      .catch((x) => x);
    expect(e.code).toBe('BACKUP_AUTH_FAILED');
    expect(e.tr).toMatch(/kullanıcı adı veya şifresi hatalı/);
    expect(e.en).toMatch(/Wrong integrator user name or password/);
    expect(sim.uploadsSeen).toBe(seen);
    const e2 = await client({ username: 'kimse' })
      .checkCredentials()
      .catch((x) => x);
    expect(e2.code).toBe('BACKUP_AUTH_FAILED');
  });
  it('retries 5xx and timeouts, then succeeds', async () => {
    sim.faults.http5xx = 2;
    const r = await client().sendPackage(pkg, 'key-00000004');
    expect(r.status).toBe('RECEIVED');
    sim.faults.timeout = 1;
    const s = await client({ timeoutMs: 300 }).getStatus(r.id);
    expect(s.id).toBe(r.id);
  });
  it('gives up after the retries with a transient error', async () => {
    sim.faults.http5xx = 10;
    const e = await client({ retries: 1 })
      .getStatus('x')
      .catch((x) => x);
    sim.faults.http5xx = 0;
    expect(e.code).toBe('BACKUP_ERROR');
    expect(e.details).toMatchObject({ transient: true, httpStatus: 503, attempts: 2 });
  });
  it('processing failure → Yedeklenemedi; keeps only the latest send', async () => {
    sim.faults.failProcessing = 1;
    const r = await client().sendPackage(pkg, 'key-00000005');
    const settled = await sim.settled(r.id);
    expect(settled.status).toBe('FAILED');
    expect((await client().getStatus(r.id)).statusText).toBe('Yedeklenemedi');
    const all = await sim.packages();
    const live = all.filter((p) => !p.superseded && p.vkn === ref.vkn);
    expect(live.map((p) => p.id)).toEqual([r.id]);
  });
  it('refuses a package whose SHA-256 header is wrong (400, not retried)', async () => {
    const e = await client()
      .sendPackage({ ...pkg, sha256: '0'.repeat(64) }, 'key-00000006')
      .catch((x) => x);
    expect(e.code).toBe('BACKUP_ERROR');
    expect(e.details.httpStatus).toBe(400);
  });
});

describe('HTTPS with a server certificate from the TEST demo CA', () => {
  it('uploads over TLS when the CA is trusted, and explains a TLS failure when it is not', async () => {
    const { demoIntegratorTls } = await import('../../packages/simulators/src/integrator/tls.ts');
    const tls = await demoIntegratorTls();
    const sim = await startIntegratorSimulator({ dir: path.join(tmp, 'sim-tls'), deps: lookalikeDeps(), tls, processingDelayMs: 10, storeDelayMs: 10 });
    try {
      expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\//);
      const pkg = await build(monthDir, 'tls.zip');
      const ok = new IntegratorClient({ baseUrl: sim.url, username: 'demo', password: 'demo1234', ca: tls.caPem });
      const r = await ok.sendPackage(pkg, 'tls-key-0001');
      expect((await sim.settled(r.id)).status).toBe('STORED');
      const e = await new IntegratorClient({ baseUrl: sim.url, username: 'demo', password: 'demo1234', retryDelayMs: 10 }).checkCredentials().catch((x) => x);
      expect(e.code).toBe('BACKUP_ERROR');
      expect(e.tr).toMatch(/TLS sertifikası doğrulanamadı/);
    } finally {
      await sim.close();
    }
  });
  it('refuses plain HTTP to a remote host', () => {
    expect(() => new IntegratorClient({ baseUrl: 'http://entegrator.example/v1', username: 'a', password: 'b' })).toThrow(/HTTPS/);
  });
});
