/**
 * Bad input (issue 2 §7): each case fails with a clear EdefterError (Turkish first, English second)
 * and leaves no output and no temp file; an existing output file stays untouched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isEdefterError } from '../../packages/protocol/src/index.ts';
import { canonicalize, formatLocalTime, signXmlFile, verifyXmlFile } from '../../packages/bridge/src/xades/index.ts';
import type { RawSigner } from '../../packages/bridge/src/xades/signer.ts';
import { listDir, SAMPLE, softSigner, tmpDir } from './helpers.ts';

const signer = softSigner({ keyType: 'rsa' });
const sample = fs.readFileSync(SAMPLE, 'utf8');

async function expectRefused(content: string | Buffer, code: string, s?: RawSigner, extra: { tr?: RegExp } = {}): Promise<void> {
  const dir = tmpDir('bad');
  const input = path.join(dir, 'in.xml');
  fs.writeFileSync(input, content);
  const output = path.join(dir, 'out.xml');
  let err: unknown;
  try {
    await signXmlFile({ input, output, signer: s ?? (await signer) });
  } catch (e) {
    err = e;
  }
  expect(isEdefterError(err), String(err)).toBe(true);
  const e = err as { code: string; tr: string; en: string; message: string };
  expect(e.code).toBe(code);
  expect(e.tr.length).toBeGreaterThan(5);
  expect(e.en.length).toBeGreaterThan(5);
  expect(e.message).toBe(`${e.tr} / ${e.en}`);
  if (extra.tr) expect(e.tr).toMatch(extra.tr);
  expect(listDir(dir)).toEqual(['in.xml']);
}

describe('refused input, no output file', () => {
  it('not XML', async () => {
    await expectRefused('Merhaba, bu bir XML değil.\n', 'NOT_XML', undefined, { tr: /XML/ });
    await expectRefused('{"json": true}', 'NOT_XML');
    await expectRefused('<a><b></a>', 'NOT_XML');
    await expectRefused('<a></a><b></b>', 'NOT_XML');
    await expectRefused('<a>text', 'NOT_XML');
    await expectRefused(sample.slice(0, sample.length - 40), 'NOT_XML');
    await expectRefused('<a x="1" x="2"></a>', 'NOT_XML');
    await expectRefused('<a p:x="1"></a>', 'NOT_XML');
    await expectRefused('<a>&nbsp;</a>', 'NOT_XML');
    await expectRefused('<a x="<"></a>', 'NOT_XML');
    await expectRefused('<a><!-- a -- b --></a>', 'NOT_XML');
    await expectRefused(' <?xml version="1.0"?><a></a>', 'NOT_XML');
    await expectRefused('<a></a>tail', 'NOT_XML');
  });

  it('DOCTYPE or entity declarations are refused, never expanded', async () => {
    await expectRefused('<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x "boom">]>\n<a>&x;</a>', 'DOCTYPE_FORBIDDEN', undefined, { tr: /DOCTYPE/ });
    await expectRefused('<!DOCTYPE a SYSTEM "file:///etc/passwd"><a></a>', 'DOCTYPE_FORBIDDEN');
    await expectRefused('<!ENTITY x "y"><a></a>', 'DOCTYPE_FORBIDDEN');
    const billion = '<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><l>&b;</l>';
    await expectRefused(billion, 'DOCTYPE_FORBIDDEN');
  });

  it('empty file', async () => {
    await expectRefused('', 'EMPTY_FILE', undefined, { tr: /boş/ });
    await expectRefused('  \n\t\n', 'EMPTY_FILE');
    await expectRefused(Buffer.from([0xef, 0xbb, 0xbf]), 'EMPTY_FILE');
  });

  it('a document that already has a ds:Signature under the root', async () => {
    const signed = sample.replace('</edefter:defter>', '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"></ds:Signature></edefter:defter>');
    await expectRefused(signed, 'ALREADY_SIGNED', undefined, { tr: /zaten imzalı/ });
  });

  it('certificate VKN differs from the document xbrli:identifier', async () => {
    const other = await softSigner({ keyType: 'ec', vkn: '1234567890', title: 'BAŞKA ŞİRKET A.Ş.' });
    await expectRefused(sample, 'VKN_MISMATCH', other, { tr: /1234567890.*6090408038/ });
  });

  it('expired and not-yet-valid certificates', async () => {
    const day = 86400_000;
    const expired = await softSigner({ keyType: 'rsa', notBefore: new Date(Date.now() - 800 * day), notAfter: new Date(Date.now() - day) });
    await expectRefused(sample, 'CERTIFICATE_EXPIRED', expired, { tr: /süresi dolmuş/ });
    const future = await softSigner({ keyType: 'rsa', notBefore: new Date(Date.now() + day), notAfter: new Date(Date.now() + 800 * day) });
    await expectRefused(sample, 'CERTIFICATE_NOT_YET_VALID', future);
  });

  it('non-UTF-8 encodings are refused', async () => {
    await expectRefused('<?xml version="1.0" encoding="ISO-8859-9"?><a>\xfe</a>', 'BAD_INPUT', undefined, { tr: /UTF-8/ });
    await expectRefused(Buffer.from('\ufeff<a></a>', 'utf16le'), 'BAD_INPUT');
  });
});

describe('atomic output', () => {
  it('a failing token leaves neither output nor temp file, and an older output stays as it was', async () => {
    const dir = tmpDir('atomic');
    const output = path.join(dir, 'out.xml');
    fs.writeFileSync(output, 'older content');
    const good = await signer;
    const broken: RawSigner = {
      certificate: good.certificate,
      keyType: good.keyType,
      sign: async () => {
        throw new Error('kart çıkarıldı / token removed');
      },
    };
    await expect(signXmlFile({ input: SAMPLE, output, signer: broken })).rejects.toThrow(/token removed/);
    expect(listDir(dir)).toEqual(['out.xml']);
    expect(fs.readFileSync(output, 'utf8')).toBe('older content');
  });

  it('a signature that does not match the certificate is caught before anything is written', async () => {
    const dir = tmpDir('atomic');
    const output = path.join(dir, 'out.xml');
    const a = await signer;
    const b = await softSigner({ keyType: 'rsa' });
    await expect(signXmlFile({ input: SAMPLE, output, signer: { ...a, sign: (d) => b.sign(d) } })).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect(listDir(dir)).toEqual([]);
  });

  it('signing in place replaces the file atomically', async () => {
    const dir = tmpDir('atomic');
    const f = path.join(dir, '6090408038-202610-Y-000000.xml');
    fs.copyFileSync(SAMPLE, f);
    await signXmlFile({ input: f, output: f, signer: await signer });
    expect(listDir(dir)).toEqual(['6090408038-202610-Y-000000.xml']);
    expect((await verifyXmlFile(f)).ok).toBe(true);
  });
});

describe('verification of bad input', () => {
  it('an unsigned file is reported as such', async () => {
    const dir = tmpDir('bad');
    const f = path.join(dir, 'x.xml');
    fs.writeFileSync(f, sample);
    await expect(verifyXmlFile(f)).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
    fs.writeFileSync(f, '<!DOCTYPE x><x/>');
    await expect(verifyXmlFile(f)).rejects.toMatchObject({ code: 'DOCTYPE_FORBIDDEN' });
  });
});

describe('small helpers', () => {
  it('SigningTime is local time with the process offset', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'Europe/Istanbul';
      expect(formatLocalTime(new Date('2026-11-20T11:03:00Z'))).toBe('2026-11-20T14:03:00+03:00');
      process.env.TZ = 'America/St_Johns';
      expect(formatLocalTime(new Date('2026-11-20T11:03:00Z'))).toBe('2026-11-20T07:33:00-03:30');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('canonicalize refuses DOCTYPE even in small in-memory parts', () => {
    expect(() => canonicalize('<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>')).toThrow(/DOCTYPE/);
  });
});
