/**
 * The audit log (packages/bridge/src/audit): records appended with their hash chain, listed in
 * Turkish and verified through the real CLI (`edefter audit list | verify`); then the tampering an
 * attacker with write access to the file would try — a middle record deleted, a forged record
 * inserted, a fact altered, the tail cut off — each found and named by record number and line.
 * Secrets never enter it; the file is 0600 in a 0700 folder.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendAudit, auditPaths, lineHash, sanitizeFacts } from '../../packages/bridge/src/audit/log.ts';
import { formatAuditList, readAudit } from '../../packages/bridge/src/audit/format.ts';
import { verifyAudit } from '../../packages/bridge/src/audit/verify.ts';
import { repoRoot } from '../token/helpers.ts';
import { attack } from './kit.ts';

const CLI = path.join(repoRoot, 'packages/bridge/bin/edefter.mjs');
const dirs: string[] = [];

function freshDir(): string {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'edefter-audit-'));
  dirs.push(parent);
  return path.join(parent, 'data');
}

function edefter(args: string[], dataDir: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, EDEFTER_DATA_DIR: dataDir, EDEFTER_PROJECT_ROOT: repoRoot },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Five records of a typical month. */
function seed(dir: string): void {
  appendAudit('pairing', { install: 'abcd1234', browser: 'chrome' }, dir);
  appendAudit('consent-shown', { action: 'sign', origin: 'https://portal.example.com.tr', documents: ['6090408038-202601-Y-000000.xml'] }, dir);
  appendAudit('consent-answer', { action: 'sign', answer: 'approve', origin: 'https://portal.example.com.tr' }, dir);
  appendAudit(
    'sign',
    { kind: 'Y', file: '6090408038-202601-Y-000000.xml', sha256: 'a'.repeat(64), vkn: '6090408038', period: '202601', origin: 'https://portal.example.com.tr' },
    dir,
  );
  appendAudit('backup-send', { vkn: '6090408038', period: '202601', part: '000000', result: 'sent' }, dir);
}

function lines(dir: string): string[] {
  return fs.readFileSync(auditPaths(dir).log, 'utf8').split('\n').filter(Boolean);
}
function write(dir: string, ls: string[]): void {
  fs.writeFileSync(auditPaths(dir).log, ls.map((l) => l + '\n').join(''));
}

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('audit log', () => {
  it('appends chained records, lists them in Turkish and verifies (CLI)', () => {
    const dir = freshDir();
    seed(dir);
    const ls = lines(dir);
    expect(ls).toHaveLength(5);
    ls.forEach((l, i) => {
      const r = JSON.parse(l) as { seq: number; prev: string };
      expect(r.seq).toBe(i + 1);
      expect(r.prev).toBe(i === 0 ? '0'.repeat(64) : lineHash(ls[i - 1]));
    });
    expect(verifyAudit(dir)).toMatchObject({ ok: true, records: 5, lastSeq: 5, problems: [] });

    const list = edefter(['audit', 'list'], dir);
    expect(list.code, list.err).toBe(0);
    expect(list.out).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2} {2}#1 Eşleştirme/m);
    expect(list.out).toMatch(/#3 Onay penceresi yanıtlandı — işlem: sign, yanıt: onaylandı, site: https:\/\/portal\.example\.com\.tr/);
    expect(list.out).toMatch(/#4 İmza — belge türü: Y, dosya: 6090408038-202601-Y-000000\.xml, SHA-256: a{64}, VKN: 6090408038, dönem: 202601/);
    const onlySign = edefter(['audit', 'list', '--type', 'sign', '--json'], dir);
    expect(onlySign.code, onlySign.err).toBe(0);
    expect((JSON.parse(onlySign.out) as unknown[]).length).toBe(1);
    expect(readAudit({ period: '202601' }, dir).map((r) => r.type)).toEqual(['sign', 'backup-send']);
    expect(readAudit({ period: '1999' }, dir)).toHaveLength(0);
    expect(formatAuditList([])).toMatch(/Denetim kaydı yok/);

    const v = edefter(['audit', 'verify'], dir);
    expect(v.code, v.out + v.err).toBe(0);
    expect(v.out).toMatch(/Denetim kaydı sağlam: 5 kayıt/);
  }, 120_000);

  it('finds a removed, inserted or altered record and names it; a cut tail too', async () => {
    const tamper: Array<{ name: string; edit: (dir: string) => void; expect: RegExp; kind: string; seq: number; line: number }> = [
      {
        name: 'middle record deleted',
        edit: (d) => {
          const l = lines(d);
          l.splice(2, 1);
          write(d, l);
        },
        expect: /Kayıt 3 silinmiş/,
        kind: 'removed',
        seq: 3,
        line: 3,
      },
      {
        name: 'forged record inserted',
        edit: (d) => {
          const l = lines(d);
          const forged = JSON.stringify({
            seq: 3,
            time: new Date().toISOString(),
            type: 'settings',
            area: 'backup',
            url: 'http://127.0.0.1:9/evil',
            prev: lineHash(l[1]),
          });
          l.splice(2, 0, forged);
          write(d, l);
        },
        expect: /Satır 3 \(kayıt 3\) sonradan eklenmiş/,
        kind: 'inserted',
        seq: 3,
        line: 3,
      },
      {
        name: 'fact altered',
        edit: (d) => {
          const l = lines(d);
          l[3] = l[3].replace('a'.repeat(64), 'b'.repeat(64));
          write(d, l);
        },
        expect: /Kayıt 4 \(satır 4\) değiştirilmiş/,
        kind: 'altered',
        seq: 4,
        line: 4,
      },
      {
        name: 'first record altered',
        edit: (d) => {
          const l = lines(d);
          l[0] = l[0].replace('chrome', 'firefox');
          write(d, l);
        },
        expect: /Kayıt 1 \(satır 1\) değiştirilmiş/,
        kind: 'altered',
        seq: 1,
        line: 1,
      },
      {
        name: 'last record altered',
        edit: (d) => {
          const l = lines(d);
          l[4] = l[4].replace('"sent"', '"failed"');
          write(d, l);
        },
        expect: /Son kayıt 5 \(satır 5\) değiştirilmiş/,
        kind: 'altered',
        seq: 5,
        line: 5,
      },
      {
        name: 'tail cut off',
        edit: (d) => {
          const l = lines(d);
          write(d, l.slice(0, 3));
        },
        expect: /Kayıt 4–5 silinmiş \(günlüğün sonundan\)/,
        kind: 'removed',
        seq: 4,
        line: 4,
      },
      {
        name: 'forged record appended',
        edit: (d) => {
          const l = lines(d);
          l.push(JSON.stringify({ seq: 6, time: new Date().toISOString(), type: 'sign', file: 'x.xml', prev: lineHash(l[4]) }));
          write(d, l);
        },
        expect: /Satır 6 \(kayıt 6\) köprünün son kaydından sonra eklenmiş/,
        kind: 'inserted',
        seq: 6,
        line: 6,
      },
    ];
    const outcomes: Array<{ name: string; problems: unknown }> = [];
    const r = await attack(
      'audit-log',
      'tamper with the audit log',
      tamper.map((t) => async () => {
        const dir = freshDir();
        seed(dir);
        t.edit(dir);
        const v = verifyAudit(dir);
        outcomes.push({ name: t.name, problems: v.problems });
        const named = v.problems.some((p) => p.kind === t.kind && p.seq === t.seq && p.line === t.line && t.expect.test(p.tr));
        return !v.ok && named;
      }),
    );
    expect(r.served, JSON.stringify(outcomes, null, 1)).toBe(0);

    // the CLI says it and exits 1
    const dir = freshDir();
    seed(dir);
    tamper[0].edit(dir);
    const v = edefter(['audit', 'verify'], dir);
    expect(v.code).toBe(1);
    expect(v.out).toMatch(/Denetim kaydı BOZUK/);
    expect(v.out).toMatch(/Kayıt 3 silinmiş \(satır 3 öncesinde\)/);
    expect(v.out).toMatch(/Record 3 removed/);
  }, 120_000);

  it('never stores secrets: secret-looking facts are dropped', () => {
    const facts = {
      pin: '123456',
      userPin: '1',
      PIN: '2',
      password: 'hunter2',
      integratorPassword: 'x',
      passwd: 'y',
      secret: 'z',
      pairingSecret: 's',
      mac: 'm',
      credential: 'c',
      privateKey: 'k',
      vkn: '6090408038',
      file: 'a.xml',
    };
    expect(sanitizeFacts(facts)).toEqual({ vkn: '6090408038', file: 'a.xml' });
    const dir = freshDir();
    appendAudit('settings', { ...facts, area: 'backup' }, dir);
    const text = fs.readFileSync(auditPaths(dir).log, 'utf8');
    for (const s of ['123456', 'hunter2', '"pin"', 'password', 'secret', 'pairingSecret', 'privateKey']) expect(text).not.toContain(s);
    // forged bookkeeping fields cannot overwrite the chain
    const rec = appendAudit('sign', { seq: 99, prev: 'f'.repeat(64), type: 'pairing', time: 'x' } as never, dir);
    expect(rec).toMatchObject({ seq: 2, type: 'sign' });
    expect(verifyAudit(dir).ok).toBe(true);
  });

  it('is private: file and head 0600, folder 0700', () => {
    const dir = freshDir();
    const old = process.umask(0o022);
    try {
      seed(dir);
    } finally {
      process.umask(old);
    }
    const p = auditPaths(dir);
    expect(fs.statSync(p.log).mode & 0o777).toBe(0o600);
    expect(fs.statSync(p.head).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
  });
});
