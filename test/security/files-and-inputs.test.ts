/**
 * Attack suite, class `files-and-leaks` (issue 10, "the ones that already hold"): hostile files and
 * names handed to the bridge and the CLI.
 *
 *  - zip slip in an ERP export (`../x`, absolute, `C:\`, backslash traversal), in a backup package
 *    read by an integrator, in GİB's approved-berat zip and in the GİB simulator's upload reader:
 *    refused, nothing written outside the target folder;
 *  - zip bombs: declared sizes past the limit, a lying header that inflates more than it declares,
 *    a real high-ratio entry past a limit, too many entries: refused;
 *  - XML with a DOCTYPE, an external entity (file), an external parameter entity, an external DTD,
 *    billion laughs, a DOCTYPE behind a 5 KB or 70 KB comment, lowercase, UTF-16: refused by
 *    `edefter validate`, `edefter verify` and `edefter sign` (real CLI, real token), by the SOAP
 *    reader of GİB's answers and by the approved-berat counter-signature check; the content of the
 *    file an entity points at never shows up anywhere;
 *  - path names from a page (`../../x.xml`, `/etc/passwd`, `a\..\b`, NUL, overlong…) in
 *    gib-prepare / session-sign / month actions on the in-process bridge: refused, nothing written
 *    outside the data folder (and nothing inside it either).
 * Every loop is bounded; the bridge listens on 127.0.0.1 only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { openExport } from '../../packages/bridge/src/ledger/export-source.ts';
import { extractBackupZip } from '../../packages/bridge/src/backup/package.ts';
import { extractApprovedXml } from '../../packages/bridge/src/gib/approved.ts';
import { verifyCounterSignature } from '../../packages/bridge/src/gib/countersignature.ts';
import { parseSafeXml } from '../../packages/bridge/src/gib/soap.ts';
import { unzipSafe } from '../../packages/simulators/src/gib/inspect.ts';
import { startBridgeServer, createLog, type BridgeServer } from '../../packages/bridge/src/server/index.ts';
import { shutdownTokenWorker } from '../../packages/bridge/src/token/index.ts';
import { isolatedTokens, repoRoot, tempStore } from '../token/helpers.ts';
import type { DemoToken } from '../../packages/dev/src/pki/demo-token.ts';
import { pairedClient, type PairedClient } from '../bridge/pair-kit.ts';
import { attack } from './kit.ts';

const EDEFTER = path.join(repoRoot, 'packages', 'bridge', 'bin', 'edefter.mjs');
const PORTAL = 'https://portal.example.com.tr';
const sample = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'sample-yevmiye.xml'), 'utf8');
const COMPANY = path.join(repoRoot, 'test', 'fixtures', 'company.json');

let dir: string;
let token: DemoToken;
/** the file an external entity points at; its marker must never appear in any output */
let secretFile: string;
const MARKER = `XXE-MARKER-${process.pid}-${Date.now()}`;

// ---------------------------------------------------------------- helpers

/** One entry of a hand-made zip: any name (yazl refuses the hostile ones), optionally a lying size. */
interface ZipSpec {
  name: string;
  data: Buffer;
  deflate?: boolean;
  declaredSize?: number;
}

/**
 * Builds a zip (PKZIP APPNOTE 4.3: local headers, central directory, end record; no zip64) with
 * the names and sizes given, however hostile.
 */
function buildZip(entries: ZipSpec[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = e.deflate ? zlib.deflateRawSync(e.data, { level: 9 }) : e.data;
    const crc = zlib.crc32(e.data);
    const size = e.declaredSize ?? e.data.length;
    const method = e.deflate ? 8 : 0;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0x0800, 6);
    lh.writeUInt16LE(method, 8);
    lh.writeUInt16LE(0, 10);
    lh.writeUInt16LE(0x21, 12);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(body.length, 18);
    lh.writeUInt32LE(size, 22);
    lh.writeUInt16LE(name.length, 26);
    lh.writeUInt16LE(0, 28);
    parts.push(lh, name, body);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(0x031e, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x0800, 8);
    ch.writeUInt16LE(method, 10);
    ch.writeUInt16LE(0, 12);
    ch.writeUInt16LE(0x21, 14);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(body.length, 20);
    ch.writeUInt32LE(size, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    ch.writeUInt32LE(offset, 42);
    central.push(ch, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

/** Every file and folder under `root` (relative paths), for before/after comparisons. */
function tree(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      out.push(path.relative(root, p) + (e.isDirectory() ? '/' : ''));
      if (e.isDirectory()) walk(p);
    }
  };
  if (fs.existsSync(root)) walk(root);
  return out.sort();
}

/** Runs the real CLI with temp config/data folders and the isolated token. */
function cli(args: string[], opts: { cwd?: string; input?: string } = {}): { status: number; out: string } {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    EDEFTER_CONFIG_DIR: path.join(dir, 'cli-config'),
    EDEFTER_DATA_DIR: path.join(dir, 'cli-data'),
    SOFTHSM2_CONF: token.softhsmConf,
  };
  for (const k of ['EDEFTER_TOKEN_LABEL', 'EDEFTER_CERT_ID', 'EDEFTER_PKCS11_MODULE', 'EDEFTER_SECURITY_RECORD']) delete env[k];
  const r = spawnSync(process.execPath, [EDEFTER, ...args], { cwd: opts.cwd ?? dir, env, input: opts.input, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** Puts `decl` between the prolog and the root element (after the xml-stylesheet PI). */
function withDoctype(xml: string, decl: string): string {
  const i = xml.indexOf('<edefter:defter');
  return xml.slice(0, i) + decl + '\n' + xml.slice(i);
}

/** Uses entity `&name;` in a text node the signer and validator read. */
function useEntity(xml: string, name: string): string {
  return xml.replace('<xbrli:measure>iso4217:TRY</xbrli:measure>', `<xbrli:measure>iso4217:TRY&${name};</xbrli:measure>`);
}

/** The hostile XML variants of `base` (unsigned or signed text), by name. */
function xmlPayloads(base: string): Array<{ name: string; bytes: Buffer }> {
  const url = `file://${secretFile}`;
  const laughs = ['<!ENTITY lol0 "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`)].join('');
  const utf16 = withDoctype(useEntity(base, 'xxe'), `<!DOCTYPE edefter:defter [<!ENTITY xxe SYSTEM "${url}">]>`).replace(
    'encoding="UTF-8"',
    'encoding="UTF-16"',
  );
  return [
    { name: 'xxe-file', bytes: Buffer.from(withDoctype(useEntity(base, 'xxe'), `<!DOCTYPE edefter:defter [<!ENTITY xxe SYSTEM "${url}">]>`)) },
    { name: 'xxe-parameter-entity', bytes: Buffer.from(withDoctype(base, `<!DOCTYPE edefter:defter [<!ENTITY % p SYSTEM "${url}"> %p;]>`)) },
    { name: 'external-dtd', bytes: Buffer.from(withDoctype(base, `<!DOCTYPE edefter:defter SYSTEM "${url}">`)) },
    { name: 'billion-laughs', bytes: Buffer.from(withDoctype(useEntity(base, 'lol9'), `<!DOCTYPE edefter:defter [${laughs}]>`)) },
    { name: 'bare-doctype', bytes: Buffer.from(withDoctype(base, '<!DOCTYPE edefter:defter>')) },
    {
      name: 'doctype-after-5k-comment',
      bytes: Buffer.from(withDoctype(base, `<!--${' masum yorum '.repeat(400)}-->\n<!DOCTYPE edefter:defter [<!ENTITY xxe SYSTEM "${url}">]>`)),
    },
    {
      name: 'doctype-after-70k-comment',
      bytes: Buffer.from(withDoctype(base, `<!--${'x'.repeat(70 * 1024)}-->\n<!DOCTYPE edefter:defter [<!ENTITY xxe SYSTEM "${url}">]>`)),
    },
    { name: 'lowercase-doctype', bytes: Buffer.from(withDoctype(base, `<!doctype edefter:defter [<!ENTITY xxe SYSTEM "${url}">]>`)) },
    { name: 'utf16-doctype', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf16, 'utf16le')]) },
  ];
}

beforeAll(async () => {
  dir = tempStore('sec-files');
  [token] = await isolatedTokens(path.join(dir, 'token'), [{}]);
  secretFile = path.join(dir, 'secret.txt');
  fs.writeFileSync(secretFile, `${MARKER}\n`);
}, 120_000);

afterAll(async () => {
  await shutdownTokenWorker().catch(() => undefined);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------- zips

const csvLine = Buffer.from('tarih;fis_no;hesap;aciklama;borc;alacak\n');
const SLIP_NAMES = [
  '../x.csv',
  '../../../../tmp/x.csv',
  '/tmp/x.csv',
  'C:\\x.csv',
  'C:/x.csv',
  'C:x.csv',
  'a\\..\\..\\x.csv',
  '..\\x.csv',
  'ok/../../x.csv',
  'ok/../../../x.csv',
];

describe('ERP export zips (ledger/export-source.ts and edefter build)', () => {
  it('zip slip entry names are refused by the export reader', async () => {
    const zdir = path.join(dir, 'slip');
    fs.mkdirSync(zdir, { recursive: true });
    const before = tree(path.dirname(zdir));
    const errors: string[] = [];
    const r = await attack(
      'files-and-leaks',
      'ERP export zip slip (../, absolute, drive letter, backslash)',
      SLIP_NAMES.map((name, i) => async () => {
        const f = path.join(zdir, `case${i}`, '6090408038-202601.zip');
        fs.mkdirSync(path.dirname(f), { recursive: true });
        fs.writeFileSync(
          f,
          buildZip([
            { name: 'ocak.csv', data: csvLine },
            { name, data: csvLine },
          ]),
        );
        try {
          const sources = await openExport(f);
          for (const s of sources) {
            const st = await s.open();
            st.resume();
            await new Promise((res) => st.on('end', res));
          }
          errors.push(`${name}: accepted (${sources.map((s) => s.name).join(', ')})`);
          return false;
        } catch (e) {
          errors.push(`${name}: ${(e as { code?: string }).code}`);
          return (e as { code?: string }).code === 'BAD_INPUT';
        }
      }),
    );
    expect(r.served, errors.join('\n')).toBe(0);
    const added = tree(path.dirname(zdir)).filter((p) => !before.includes(p) && !p.startsWith('slip/'));
    expect(added).toEqual([]);
  });

  it('edefter build refuses a zip-slip export and writes nothing outside --out', () => {
    const work = path.join(dir, 'build-slip');
    fs.mkdirSync(work, { recursive: true });
    const cases = ['../x.csv', 'C:\\x.csv', '/tmp/x.csv'];
    const outs: string[] = [];
    const treeBefore = tree(dir).filter((p) => !p.startsWith('build-slip/'));
    let refused = 0;
    for (const [i, name] of cases.entries()) {
      const z = path.join(work, `c${i}`, '6090408038-202601.zip');
      fs.mkdirSync(path.dirname(z), { recursive: true });
      fs.writeFileSync(
        z,
        buildZip([
          { name: 'ocak.csv', data: csvLine },
          { name, data: csvLine },
        ]),
      );
      const r = cli(['build', z, '--company', COMPANY, '--out', path.join(work, `c${i}`, 'out')], { cwd: path.join(work, `c${i}`) });
      outs.push(`${name}: exit ${r.status} ${r.out.slice(-300)}`);
      if (r.status !== 0 && /güvensiz zip|unsafe zip|zip/i.test(r.out)) refused++;
      expect(fs.existsSync(path.join(work, `c${i}`, 'out'))).toBe(false);
    }
    expect(refused, outs.join('\n')).toBe(cases.length);
    expect(fs.existsSync('/tmp/x.csv') && fs.readFileSync('/tmp/x.csv').equals(csvLine)).toBe(false);
    const treeAfter = tree(dir).filter((p) => !p.startsWith('build-slip/') && !p.startsWith('cli-'));
    expect(treeAfter.filter((p) => !treeBefore.includes(p))).toEqual([]);
  }, 120_000);

  it('zip bombs: declared sizes past the limit, a lying header, a real high-ratio entry, too many entries', async () => {
    const zdir = path.join(dir, 'bombs');
    fs.mkdirSync(zdir, { recursive: true });
    const write = (name: string, z: Buffer): string => {
      const f = path.join(zdir, name, '6090408038-202601.zip');
      fs.mkdirSync(path.dirname(f), { recursive: true });
      fs.writeFileSync(f, z);
      return f;
    };
    const zeros = Buffer.alloc(4 << 20, 0x30);
    const declaredHuge = write('declared', buildZip([0, 1, 2].map((i) => ({ name: `p${i}.csv`, data: csvLine, deflate: true, declaredSize: 0xf0000000 }))));
    const lying = write('lying', buildZip([{ name: 'ocak.csv', data: zeros, deflate: true, declaredSize: 1000 }]));
    const ratio = write('ratio', buildZip([{ name: 'ocak.csv', data: Buffer.alloc(16 << 20, 0x30), deflate: true }]));
    const many = write('many', buildZip(Array.from({ length: 1001 }, (_, i) => ({ name: `p${i}.csv`, data: csvLine }))));
    const notes: string[] = [];
    const refusedOpen = async (f: string, limits?: Parameters<typeof openExport>[1]): Promise<boolean> => {
      try {
        const sources = await openExport(f, limits);
        let got = 0;
        for (const s of sources) {
          const st = await s.open();
          await new Promise<void>((res, rej) => {
            st.on('data', (c: Buffer) => {
              got += c.length;
            });
            st.on('end', res);
            st.on('error', rej);
          });
        }
        notes.push(`${path.basename(path.dirname(f))}: read ${got} bytes`);
        return false;
      } catch (e) {
        notes.push(`${path.basename(path.dirname(f))}: ${(e as Error).message.slice(0, 160)}`);
        return true;
      }
    };
    const r = await attack('files-and-leaks', 'ERP export zip bomb (declared size, lying header, ratio, entry count)', [
      () => refusedOpen(declaredHuge),
      () => refusedOpen(lying),
      () => refusedOpen(ratio, { maxUncompressedBytes: 1 << 20 }),
      () => refusedOpen(many),
    ]);
    expect(r.served, notes.join('\n')).toBe(0);
    expect(notes.join('\n')).toMatch(/zip bomb/);
    expect(notes.join('\n')).toMatch(/too many zip entries|çok fazla girdi/);
    // through the CLI: the declared bomb is refused before anything is inflated or written
    const b = cli(['build', declaredHuge, '--company', COMPANY, '--out', path.join(zdir, 'out')]);
    expect(b.status).not.toBe(0);
    expect(b.out).toMatch(/zip bomb/);
    expect(fs.existsSync(path.join(zdir, 'out'))).toBe(false);
  }, 120_000);
});

describe('other zip readers: backup packages, GİB approved berats, the GİB simulator', () => {
  it('backup package reader (integrator side): slip names and too many entries refused, nothing outside the target', async () => {
    const root = path.join(dir, 'backup-read');
    fs.mkdirSync(root, { recursive: true });
    const names = ['../x.xml', '/tmp/x.xml', 'C:\\x.xml', 'a\\..\\..\\x.xml', 'sub/x.xml', 'x\u0001.xml'];
    const r = await attack('files-and-leaks', 'backup package zip slip and entry count', [
      ...names.map((name, i) => async () => {
        const z = path.join(root, `b${i}.zip`);
        fs.writeFileSync(
          z,
          buildZip([
            { name: 'manifest.json', data: Buffer.from('{}') },
            { name, data: Buffer.from(MARKER) },
          ]),
        );
        try {
          await extractBackupZip(z, path.join(root, `out${i}`, 'dest'));
          return false;
        } catch {
          return true;
        }
      }),
      async () => {
        const z = path.join(root, 'many.zip');
        fs.writeFileSync(z, buildZip(Array.from({ length: 40 }, (_, i) => ({ name: `f${i}.xml`, data: Buffer.from('x') }))));
        try {
          await extractBackupZip(z, path.join(root, 'outmany', 'dest'));
          return false;
        } catch {
          return true;
        }
      },
    ]);
    expect(r.served).toBe(0);
    // nothing but the dest folders (and whatever is inside them) was written
    const stray = tree(root).filter((p) => !/^b\d+\.zip$|^many\.zip$|^out(\d+|many)\/(dest\/.*)?$/.test(p));
    expect(stray).toEqual([]);
    expect(fs.existsSync('/tmp/x.xml') && fs.readFileSync('/tmp/x.xml', 'utf8') === MARKER).toBe(false);
  });

  it("approved-berat zip from GİB and the simulator's upload reader refuse slip names", async () => {
    const root = path.join(dir, 'gib-read');
    fs.mkdirSync(root, { recursive: true });
    const names = ['../GIB-6090408038-202601-YB-000000.xml', '/tmp/GIB-x.xml', 'C:\\GIB-x.xml', 'a\\..\\..\\GIB-x.xml', 'ok/../../GIB-x.xml'];
    const r = await attack('files-and-leaks', 'GİB approved-berat and simulator zip slip and bombs', [
      ...names.map((name) => async () => {
        try {
          await extractApprovedXml('GIB-6090408038-202601-YB-000000.zip', buildZip([{ name, data: Buffer.from(sample) }]));
          return false;
        } catch {
          return true;
        }
      }),
      async () => {
        const many = buildZip(Array.from({ length: 3 }, () => ({ name: 'GIB-6090408038-202601-YB-000000.xml', data: Buffer.from(sample) })));
        try {
          await extractApprovedXml('GIB-6090408038-202601-YB-000000.zip', many);
          return false;
        } catch {
          return true;
        }
      },
      // an entry bomb: 5000 empty entries beside the berat
      async () => {
        const bomb = buildZip([
          { name: 'GIB-6090408038-202601-YB-000000.xml', data: Buffer.from(sample) },
          ...Array.from({ length: 5000 }, (_, i) => ({ name: `x${i}.txt`, data: Buffer.alloc(0) })),
        ]);
        try {
          await extractApprovedXml('GIB-6090408038-202601-YB-000000.zip', bomb);
          return false;
        } catch {
          return true;
        }
      },
      // a berat that inflates past its declared size (a lying header), and one past the size cap
      async () => {
        const lying = buildZip([{ name: 'GIB-6090408038-202601-YB-000000.xml', data: Buffer.alloc(4 << 20, 0x20), deflate: true, declaredSize: 1024 }]);
        try {
          await extractApprovedXml('GIB-6090408038-202601-YB-000000.zip', lying);
          return false;
        } catch {
          return true;
        }
      },
      async () => {
        const big = buildZip([{ name: 'GIB-6090408038-202601-YB-000000.xml', data: Buffer.alloc(20 << 20, 0x20), deflate: true }]);
        try {
          await extractApprovedXml('GIB-6090408038-202601-YB-000000.zip', big);
          return false;
        } catch {
          return true;
        }
      },
      ...names.map((name, i) => async () => {
        const z = path.join(root, `u${i}.zip`);
        fs.writeFileSync(z, buildZip([{ name, data: Buffer.from(MARKER) }]));
        try {
          await unzipSafe(z, path.join(root, `sim${i}`, 'dest'));
          return false;
        } catch {
          return true;
        }
      }),
    ]);
    expect(r.served).toBe(0);
    const stray = tree(root).filter((p) => !/^u\d+\.zip$|^sim\d+\/(dest\/)?$/.test(p));
    expect(stray).toEqual([]);
  });
});

// ---------------------------------------------------------------- XML

describe('DOCTYPE, external entities and billion laughs', () => {
  let signedText: string;

  it('control: the clean sample signs and verifies through the CLI with the isolated token', () => {
    const out = path.join(dir, 'xml', 'clean-signed.xml');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(path.join(dir, 'xml', 'clean.xml'), sample);
    const s = cli(['sign', path.join(dir, 'xml', 'clean.xml'), '-o', out, '--pin-stdin'], { input: `${token.pin}\n` });
    expect(s.status, s.out).toBe(0);
    const v = cli(['verify', out, '--trust', token.caPem]);
    expect(v.status, v.out).toBe(0);
    signedText = fs.readFileSync(out, 'utf8');
  }, 120_000);

  it('edefter validate refuses every variant (layer a), and no entity is ever resolved', () => {
    const files = xmlPayloads(sample).map((p) => {
      const f = path.join(dir, 'xml', 'validate', `6090408038-202611-Y-000000-${p.name}.xml`);
      fs.mkdirSync(path.dirname(f), { recursive: true });
      fs.writeFileSync(f, p.bytes);
      return { ...p, file: f };
    });
    // one run for all files (the CLI takes many); each file must have its own layer-a error
    const r = cli(['validate', ...files.map((p) => p.file), '--layers', 'a']);
    expect(r.status).not.toBe(0);
    expect(r.out).not.toContain(MARKER);
    const lines = r.out.split('\n');
    const notes = files.map((p) => {
      const own = lines.filter((l) => l.includes(`[a] ${path.basename(p.file)}`));
      return `${p.name}:${own.some((l) => /DOCTYPE|DTD/.test(l)) ? ' [DOCTYPE]' : ''} ${own.join(' | ').slice(0, 240)}`;
    });
    return attack(
      'files-and-leaks',
      'XML DOCTYPE/XXE/billion laughs → edefter validate',
      files.map((p, i) => async () => /XML|DOCTYPE|encoding|kodlama/i.test(notes[i].slice(p.name.length))),
    ).then((a) => {
      expect(a.served, notes.join('\n')).toBe(0);
      expect(notes.filter((n) => n.includes('[DOCTYPE]')).length, notes.join('\n')).toBeGreaterThanOrEqual(7);
    });
  }, 180_000);

  it('edefter sign refuses every variant before writing anything', async () => {
    const notes: string[] = [];
    const r = await attack(
      'files-and-leaks',
      'XML DOCTYPE/XXE/billion laughs → edefter sign',
      xmlPayloads(sample).map((p) => async () => {
        const f = path.join(dir, 'xml', 'sign', `${p.name}.xml`);
        const out = path.join(dir, 'xml', 'sign', `${p.name}.signed.xml`);
        fs.mkdirSync(path.dirname(f), { recursive: true });
        fs.writeFileSync(f, p.bytes);
        const s = cli(['sign', f, '-o', out, '--pin-stdin'], { input: `${token.pin}\n` });
        notes.push(`${p.name}: exit ${s.status}${/DOCTYPE/.test(s.out) ? ' [DOCTYPE]' : ''} ${s.out.slice(-240)}`);
        return s.status !== 0 && !fs.existsSync(out) && !s.out.includes(MARKER);
      }),
    );
    expect(r.served, notes.join('\n')).toBe(0);
    expect(notes.filter((n) => n.includes('[DOCTYPE]')).length, notes.join('\n')).toBeGreaterThanOrEqual(7);
    expect(fs.readdirSync(path.join(dir, 'xml', 'sign')).filter((n) => n.includes('.signed') || n.includes('.tmp'))).toEqual([]);
  }, 240_000);

  it('edefter verify refuses a validly signed file once a DOCTYPE is added (even one no entity uses)', async () => {
    expect(signedText).toBeTruthy();
    const notes: string[] = [];
    const r = await attack(
      'files-and-leaks',
      'XML DOCTYPE/XXE/billion laughs → edefter verify',
      xmlPayloads(signedText).map((p) => async () => {
        const f = path.join(dir, 'xml', 'verify', `${p.name}.xml`);
        fs.mkdirSync(path.dirname(f), { recursive: true });
        fs.writeFileSync(f, p.bytes);
        const v = cli(['verify', f, '--trust', token.caPem]);
        notes.push(`${p.name}: exit ${v.status}${/DOCTYPE/.test(v.out) ? ' [DOCTYPE]' : ''} ${v.out.slice(-240)}`);
        return v.status !== 0 && !v.out.includes(MARKER);
      }),
    );
    expect(r.served, notes.join('\n')).toBe(0);
    expect(notes.filter((n) => n.includes('[DOCTYPE]')).length, notes.join('\n')).toBeGreaterThanOrEqual(7);
  }, 180_000);

  it("GİB's SOAP answers and approved berats with a DOCTYPE are refused before any parser sees them", async () => {
    const soap = (inner: string): string =>
      `<?xml version="1.0" encoding="UTF-8"?>\n${inner}<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><x>&xxe;</x></S:Body></S:Envelope>`;
    const decls = [
      `<!DOCTYPE S:Envelope [<!ENTITY xxe SYSTEM "file://${secretFile}">]>`,
      `<!--${'y'.repeat(8000)}--><!DOCTYPE S:Envelope [<!ENTITY xxe SYSTEM "file://${secretFile}">]>`,
      '<!DOCTYPE S:Envelope [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY xxe "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
    ];
    const notes: string[] = [];
    const r = await attack('files-and-leaks', 'DOCTYPE/XXE in GİB answers and approved berats', [
      ...decls.map((d) => async () => {
        try {
          parseSafeXml(soap(d), 'GİB yanıtı');
          return false;
        } catch (e) {
          notes.push((e as Error).message);
          return (e as { code?: string }).code === 'DOCTYPE_FORBIDDEN';
        }
      }),
      ...xmlPayloads(signedText ?? sample)
        .slice(0, 7)
        .map((p) => async () => {
          const res = await verifyCounterSignature(p.bytes);
          notes.push(res.errors.join(' | '));
          return !res.ok && res.errors.some((e) => /DOCTYPE/.test(e)) && !res.errors.join(' ').includes(MARKER);
        }),
    ]);
    expect(r.served, notes.join('\n')).toBe(0);
  });
});

// ---------------------------------------------------------------- path names from a page

describe('path names from a page (in-process bridge, paired client)', () => {
  let server: BridgeServer;
  let paired: PairedClient;
  let root: string;
  const savedDataDir = process.env.EDEFTER_DATA_DIR;

  beforeAll(async () => {
    root = path.join(dir, 'bridge-root');
    fs.mkdirSync(root, { recursive: true });
    process.env.EDEFTER_DATA_DIR = path.join(root, 'data');
    server = await startBridgeServer({ port: 0, configDir: path.join(root, 'config'), tsa: null, log: createLog(new PassThrough(), new PassThrough()) });
    paired = await pairedClient(server, server.tls.caPem, [PORTAL]);
  });

  afterAll(async () => {
    paired?.client.close();
    await server?.close();
    if (savedDataDir === undefined) delete process.env.EDEFTER_DATA_DIR;
    else process.env.EDEFTER_DATA_DIR = savedDataDir;
  });

  const HOSTILE = [
    '../../x.xml',
    '../6090408038-202601-YB-000000.xml',
    '/etc/passwd',
    '/tmp/6090408038-202601-YB-000000.xml',
    'a\\..\\b',
    '..\\..\\6090408038-202601-YB-000000.xml',
    'C:\\Windows\\x.xml',
    'C:x.xml',
    'x\u0000.xml',
    '6090408038-202601-YB-000000.xml\u0000.txt',
    '..',
    '.',
    '',
    'a'.repeat(201),
    `${'a'.repeat(5000)}.xml`,
    '6090408038-202601-YB-000000.xml/..',
    '%2e%2e%2f6090408038-202601-YB-000000.xml',
    '\uff0e\uff0e\uff0f6090408038-202601-YB-000000.xml',
    '6090408038-202601-YB-000000.xml\n',
    ' 6090408038-202601-YB-000000.xml',
    'GIB-6090408038-202601-YB-000000.xml',
    '6090408038-202601-YB-000000.zip',
  ];
  /** names the wire schema itself refuses (separators, NUL, empty, dot names, too long) */
  const PATHLIKE = HOSTILE.filter((n) => /[\\/\0]/.test(n) || n === '' || n === '.' || n === '..' || n.length > 200);

  it('gib-prepare refuses every hostile name; nothing is written anywhere', async () => {
    const before = tree(root);
    const codes: string[] = [];
    const bytes = Buffer.from(sample).toString('base64');
    const r = await attack(
      'files-and-leaks',
      'hostile file names in gib-prepare',
      HOSTILE.map((name) => async () => {
        const a = await paired.client.request('gib-prepare', { documents: [{ name, kind: 'yevmiye-berati', bytes }] }, PORTAL);
        codes.push(`${JSON.stringify(name.slice(0, 60))}: ${a.ok ? 'ok' : (a.error as { code: string }).code}`);
        return a.ok === false && (a.error as { code: string }).code === 'BAD_INPUT';
      }),
    );
    expect(r.served, codes.join('\n')).toBe(0);
    const added = tree(root).filter((p) => !before.includes(p));
    // the workflow database may be created in the data folder; no ledger file, no portal folder, nothing outside
    expect(added.filter((p) => !p.startsWith('data/') || p.startsWith('data/portal/') || /\.xml$|passwd|x\.xml|\/b$/.test(p))).toEqual([]);
  });

  it('session-sign refuses path-like names before anything else (the wire schema)', async () => {
    const issues: string[] = [];
    const bytes = Buffer.from(sample).toString('base64');
    const r = await attack(
      'files-and-leaks',
      'path-like file names in session-sign',
      PATHLIKE.map((name) => async () => {
        const a = await paired.client.request('session-sign', { sessionId: 'a'.repeat(32), name, kind: 'yevmiye', bytes, timestamp: false }, PORTAL);
        const err = a.error as { code: string; details?: { issues?: string[] } } | undefined;
        issues.push(`${JSON.stringify(name.slice(0, 40))}: ${err?.code} ${JSON.stringify(err?.details?.issues ?? [])}`);
        return a.ok === false && err?.code === 'BAD_INPUT' && (err.details?.issues ?? []).some((i) => i.startsWith('name'));
      }),
    );
    expect(r.served, issues.join('\n')).toBe(0);
  });

  it('VKN and period values that would become folders are refused (gib-status, gib-download, backup-status, backup-send)', async () => {
    const before = tree(root);
    const bad = [
      { vkn: '../../../etc', period: '202601' },
      { vkn: '6090408038', period: '../..' },
      { vkn: '/etc', period: '202601' },
      { vkn: '6090408038/..', period: '202601' },
      { vkn: '6090408038', period: '2026\u000001' },
      { vkn: '6090408038\\..', period: '202601' },
    ];
    const codes: string[] = [];
    const tries = bad
      .flatMap(
        (p) =>
          [
            ['gib-status', p],
            ['gib-download', { ...p, sessionId: 'a'.repeat(32) }],
            ['backup-status', p],
            ['backup-send', p],
          ] as Array<[string, Record<string, unknown>]>,
      )
      .map(([action, params]) => async () => {
        const a = await paired.client.request(action, params, PORTAL);
        codes.push(`${action} ${JSON.stringify(params)}: ${a.ok ? 'ok' : (a.error as { code: string }).code}`);
        return a.ok === false && (a.error as { code: string }).code === 'BAD_INPUT';
      });
    const r = await attack('files-and-leaks', 'path traversal in VKN / period parameters', tries);
    expect(r.served, codes.join('\n')).toBe(0);
    expect(tree(root).filter((p) => !before.includes(p) && (!p.startsWith('data/') || p.startsWith('data/portal/')))).toEqual([]);
  });
});
