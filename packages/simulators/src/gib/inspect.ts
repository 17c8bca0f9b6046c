/**
 * What the simulator reads from uploaded files: zip entries (safely), signature checks with
 * xmlsec1 (an implementation independent of the bridge's signer), the signer's VKN, and the facts
 * of a Yevmiye needed for continuity across parts and months.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import yauzl from 'yauzl';
import type { DefterFacts } from './state.ts';

/**
 * Extracts a zip into `dir`, refusing entries with `..`, absolute paths, folders or more than
 * `maxEntries` entries / `maxBytes` total.
 * @returns base names of the extracted files
 */
export function unzipSafe(zipFile: string, dir: string, maxEntries = 16, maxBytes = 2 * 1024 ** 3): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  return new Promise((resolve, reject) => {
    yauzl.open(zipFile, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('zip'));
      const names: string[] = [];
      let total = 0;
      zip.on('error', reject);
      zip.on('end', () => resolve(names));
      zip.on('entry', (e: yauzl.Entry) => {
        const n = e.fileName;
        if (n.includes('..') || n.startsWith('/') || /^[A-Za-z]:/.test(n) || n.includes('\\') || n.endsWith('/') || n.includes('/')) {
          zip.close();
          return reject(new Error(`geçersiz zip girdisi: ${n}`));
        }
        if (names.length >= maxEntries || (total += e.uncompressedSize) > maxBytes) {
          zip.close();
          return reject(new Error('zip çok büyük'));
        }
        zip.openReadStream(e, (e2, rs) => {
          if (e2 || !rs) return reject(e2 ?? new Error('zip'));
          const out = fs.createWriteStream(path.join(dir, n));
          rs.pipe(out)
            .on('close', () => {
              names.push(n);
              zip.readEntry();
            })
            .on('error', reject);
        });
      });
      zip.readEntry();
    });
  });
}

/** Result of an xmlsec1 check. */
export interface SigCheck {
  ok: boolean;
  message: string;
}

/** Verifies the top-level signature of `file` with xmlsec1, trusting the CA bundle `trustPem`. */
export function xmlsecVerify(file: string, trustPem: string): Promise<SigCheck> {
  return new Promise((resolve) => {
    execFile(
      'xmlsec1',
      ['--verify', '--enabled-key-data', 'x509', '--trusted-pem', trustPem, '--id-attr:Id', 'SignedProperties', file],
      { maxBuffer: 4 << 20 },
      (err, stdout, stderr) => {
        const out = `${stdout}${stderr}`;
        resolve({ ok: !err, message: err ? (out.split('\n').find((l) => /error|FAIL/.test(l)) ?? out.slice(-300)).trim() : 'OK' });
      },
    );
  });
}

/** Reads the last MiB of a file as text. */
function tail(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const len = Math.min(size, 1 << 20);
    const b = Buffer.alloc(len);
    fs.readSync(fd, b, 0, len, size - len);
    return b.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** The certificate of the top-level signature (first X509Certificate after the root's `ds:Signature`). */
export function topSignerCertificate(file: string): X509Certificate | undefined {
  const s = tail(file);
  const at = s.search(/<ds:Signature[\s>]/);
  if (at < 0) return undefined;
  const m = /<ds:X509Certificate>([^<]+)</.exec(s.slice(at));
  try {
    return m ? new X509Certificate(Buffer.from(m[1].replace(/\s+/g, ''), 'base64')) : undefined;
  } catch {
    return undefined;
  }
}

/** VKN/TCKN of a certificate: subject serialNumber (2.5.4.5) when 10 or 11 digits. */
export function certVkn(c: X509Certificate | undefined): string | undefined {
  const m = /(?:^|\n)serialNumber=(\d{10,11})(?:\n|$)/.exec(c?.subject ?? '');
  return m?.[1];
}

/** `xbrli:identifier` of a document (first one; in the head). */
export function documentIdentifier(file: string): string | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    const b = Buffer.alloc(Math.min(fs.fstatSync(fd).size, 1 << 20));
    fs.readSync(fd, b, 0, b.length, 0);
    return /<xbrli:identifier[^>]*>\s*([^<\s]+)\s*</.exec(b.toString('utf8'))?.[1];
  } finally {
    fs.closeSync(fd);
  }
}

/** Facts of a Yevmiye (whole-file read: the simulator handles test-sized files). */
export function readDefterFacts(file: string): DefterFacts {
  const s = fs.readFileSync(file, 'utf8');
  const counters = [...s.matchAll(/<gl-cor:entryNumberCounter[^>]*>\s*(\d+)\s*</g)].map((m) => Number(m[1]));
  const di = /<gl-cor:documentInfo>([\s\S]*?)<\/gl-cor:documentInfo>/.exec(s)?.[1] ?? '';
  const pick = (re: RegExp, where = di): string | undefined => re.exec(where)?.[1]?.trim();
  const uid = pick(/<gl-cor:uniqueID[^>]*>([^<]*)</);
  return {
    fiscalYearStart: pick(/<gl-bus:fiscalYearStart[^>]*>([^<]*)</, s),
    periodStart: pick(/<gl-cor:periodCoveredStart[^>]*>([^<]*)</),
    periodEnd: pick(/<gl-cor:periodCoveredEnd[^>]*>([^<]*)</),
    firstEntryNumber: counters[0],
    lastEntryNumber: counters.at(-1),
    controlSeq: uid && /^\w{3}\d{6}(\d{6})$/.test(uid) ? Number(uid.slice(-6)) : undefined,
  };
}
