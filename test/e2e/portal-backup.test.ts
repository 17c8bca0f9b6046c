/**
 * End to end Yedekleme from the demo portal: the backup settings are made in the extension's
 * options page (Dosyaları Entegratöre Yedekleyebilir, user name + password, e-Defter Otomatik
 * Yedeklensin = Evet); the month goes through the portal to the GİB simulator; Onaylı Beratı İndir
 * triggers the automatic backup in the bridge (Yedekleme Durumu = Paket İşleme Alındı); the row
 * menu's Yedekleme › Durum Sorgula then shows Yedeklendi; Yedekleme › Gönder sends again; a wrong
 * password gives a clear message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { IntegratorSimulator } from '../../packages/simulators/src/integrator/index.ts';
import { readAudit } from '../../packages/bridge/src/audit/format.ts';
import type { Stack } from './harness.ts';
import {
  backupOptions,
  startGibBackupStack,
  selectRows as select,
  settled as settledWithin,
  startAction as click,
  withConsent as withConsentOn,
  type BackupOptionsInput,
  type GibBackupStack,
  type PortalMessage,
} from './portal-driver.ts';

/** GİB and integrator polls: the portal's actions get 90 s. */
const WAIT_MS = 90_000;
const settled = (p: Page): Promise<PortalMessage> => settledWithin(p, WAIT_MS);
const withConsent = (button: string, windows: number): Promise<PortalMessage> => withConsentOn(s, page, button, windows, PIN, WAIT_MS);

const PIN = '123456';
/** The portal's origin as the extension reports it. */
const PORTAL_ORIGIN = (p: Page): string => new URL(p.url()).origin;
const VKN = '6090408038';
let s: Stack;
let integ: IntegratorSimulator;
let page: Page;

/** Row menu → Yedekleme › Gönder | Durum Sorgula. */
async function menu(row: 'y' | 'k', act: 'send' | 'query'): Promise<{ state: string; code?: string; text: string }> {
  await page.getByTestId(`menu-${row}`).locator('summary').click();
  await click(page, `backup-${act}-${row}`);
  return settled(page);
}

/** Options page backup settings of {@link VKN} (see backupOptions). */
const options = (set: BackupOptionsInput, consent?: { window?: boolean; refuse?: boolean; expectFields?: string[] }): Promise<{ kind: string; text: string }> =>
  backupOptions(s, VKN, set, consent);

let stack: GibBackupStack | undefined;

beforeAll(async () => {
  stack = await startGibBackupStack({ name: 'e2e-backup', gibDelayMs: 150, gibPollMs: 100 });
  ({ s, integ, page } = stack);
}, 240_000);

afterAll(() => stack?.close());

describe('portal → Yedekleme', () => {
  it('options page: enabling needs user name and password; e-Defter Otomatik Yedeklensin = Evet is saved in the bridge', async () => {
    const refused = await options({ enabled: true, username: 'demo', auto: 'evet' });
    expect(refused).toMatchObject({ kind: 'error', text: 'Dosyaları Entegratöre Yedekleyebilir seçildiğinde entegratör kullanıcı adı ve şifresi zorunludur.' });
    expect(fs.existsSync(path.join(s.configDir, 'config.json')) ? fs.readFileSync(path.join(s.configDir, 'config.json'), 'utf8') : '').not.toContain(
      '"backup"',
    );
    // refusing the consent window changes nothing
    expect((await options({ enabled: true, username: 'demo', password: 'demo1234', url: integ.url, auto: 'evet' }, { refuse: true })).kind).toBe('error');
    expect(fs.existsSync(path.join(s.configDir, 'config.json')) ? fs.readFileSync(path.join(s.configDir, 'config.json'), 'utf8') : '').not.toContain(
      '"backup"',
    );
    const ok = await options(
      { enabled: true, username: 'demo', password: 'demo1234', url: integ.url, auto: 'evet' },
      { expectFields: ['enabled', 'autoBackup', 'username', 'password', 'url'] },
    );
    expect(['ok', 'warn']).toContain(ok.kind);
    // a new integrator address needs the credentials again (refused before any window while enabled)
    const moved = await options({ url: 'http://127.0.0.1:9/baska' }, { window: false });
    expect(moved).toMatchObject({ kind: 'error' });
    expect(moved.text).toContain('Entegratör adresi değişti');
    // the audit log: each settings window shown and answered (approved but refused by the bridge, refused, approved), the change itself, no password
    const auditDir = path.join(s.dir, 'data');
    await expect
      .poll(
        () =>
          readAudit({ type: 'consent-answer' }, auditDir)
            .filter((r) => r.action === 'settings')
            .map((r) => r.answer),
        { timeout: 5000 },
      )
      .toEqual(['approve', 'refuse', 'approve']);
    expect(readAudit({ type: 'consent-shown' }, auditDir).filter((r) => r.action === 'settings')).toHaveLength(3);
    expect(readAudit({ type: 'settings' }, auditDir).at(-1)).toMatchObject({ by: 'extension', area: 'backup', vkn: VKN, url: `- → ${integ.url}` });
    expect(fs.readFileSync(path.join(auditDir, 'audit.log'), 'utf8')).not.toContain('demo1234');
    const cfg = JSON.parse(fs.readFileSync(path.join(s.configDir, 'config.json'), 'utf8'));
    expect(cfg.backup.companies[VKN]).toMatchObject({ enabled: true, autoBackup: true, username: 'demo', url: integ.url });
    expect(JSON.stringify(cfg)).not.toContain('demo1234');
  });

  it('prepares, sends and downloads the month; the download starts the automatic backup', async () => {
    await select(page, ['y', 'k']);
    await click(page, 'btn-dosya-olustur');
    expect((await settled(page)).state).toBe('ok');
    expect((await withConsent('btn-dosya-imzala', 2)).state).toBe('ok');
    await click(page, 'btn-berat-olustur');
    expect((await settled(page)).state).toBe('ok');
    expect((await withConsent('btn-berat-imzala', 2)).state).toBe('ok');
    await select(page, ['y', 'k']);
    expect((await withConsent('btn-gib-gonder', 1)).state).toBe('ok');
    expect(await page.getByTestId('backup-y').textContent()).toBe('Entegratöre Gönderilmedi');
    const r = await withConsent('btn-onayli-berat-indir', 1);
    expect(r, r.text).toMatchObject({ state: 'ok' });
    await page.locator('[data-testid=backup-y][data-status=RECEIVED]').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('backup-k').textContent()).toBe('Paket İşleme Alındı');
    const [p] = await integ.packages();
    expect(p).toMatchObject({ vkn: VKN, period: '202610', part: '000000' });
    // every consent window of the month is in the audit log with what it covered
    const auditDir = path.join(s.dir, 'data');
    const answers = readAudit({ type: 'consent-answer' }, auditDir);
    expect(answers.filter((r) => r.action === 'sign' && r.origin === PORTAL_ORIGIN(page)).length).toBeGreaterThanOrEqual(2);
    expect(answers.some((r) => r.action === 'gib-send' && r.answer === 'approve' && Array.isArray(r.packages) && (r.packages as string[]).length > 0)).toBe(
      true,
    );
    expect(
      readAudit({ type: 'consent-shown' }, auditDir).some(
        (r) => r.action === 'sign' && (r.documents as string[])?.[0]?.match(/-Y-000000\.xml sha256:[0-9a-f]{64}$/),
      ),
    ).toBe(true);
    expect(readAudit({ type: 'backup-send' }, auditDir).at(-1)).toMatchObject({ vkn: VKN, period: '202610', trigger: 'auto', result: 'sent' });
  }, 300_000);

  it('Yedekleme › Durum Sorgula → Yedeklendi with the month message', async () => {
    const [p] = await integ.packages();
    expect((await integ.settled(p.id)).status).toBe('STORED'); // the integrator re-checked every signature
    const r = await menu('y', 'query');
    expect(r.state).toBe('ok');
    expect(r.text).toContain('Ekim ayına ait Yevmiye ve Büyük Defter dosyaları yedeklendi.');
    expect(await page.getByTestId('backup-y').textContent()).toBe('Yedeklendi');
    expect(await page.getByTestId('backup-k').textContent()).toBe('Yedeklendi');
  });

  it('Yedekleme › Gönder sends again (the integrator keeps the latest)', async () => {
    const r = await menu('k', 'send');
    expect(r, r.text).toMatchObject({ state: 'ok' });
    expect(await page.getByTestId('backup-k').textContent()).toBe('Paket İşleme Alındı');
    const all = await integ.packages();
    expect(all).toHaveLength(2);
    expect(all.filter((x) => !x.superseded)).toHaveLength(1);
  });

  it('a wrong integrator password gives a clear message and sends nothing', async () => {
    expect(['ok', 'warn']).toContain((await options({ password: 'yanlis' })).kind);
    const before = integ.uploadsSeen;
    const r = await menu('y', 'send');
    expect(r.state).toBe('err');
    expect(r.code).toBe('BACKUP_AUTH_FAILED');
    expect(r.text).toContain('Entegratör kullanıcı adı veya şifresi hatalı');
    expect(integ.uploadsSeen).toBe(before);
    expect(s.consoleLines.join('\n')).not.toContain('yanlis');
    expect(s.bridge.output()).not.toContain('demo1234');
  });
});
