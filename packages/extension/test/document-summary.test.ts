import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { detectKind, parseFileName, summarizeDocument, decodeXmlText } from '../src/shared/document-summary.ts';

const repo = path.resolve(import.meta.dirname, '..', '..', '..');
const sample = fs.readFileSync(path.join(repo, 'test', 'fixtures', 'sample-yevmiye.xml'));

describe('document summary (consent window facts from the bytes)', () => {
  it('reads kind, VKN, title, period, kontrol numarası, part, size and SHA-256 of a yevmiye', async () => {
    const s = await summarizeDocument('6090408038-202610-Y-000000.xml', 'yevmiye', new Uint8Array(sample));
    expect(s).toMatchObject({
      detectedKind: 'yevmiye', vkn: '6090408038', title: 'DEMO TİCARET A.Ş.', periodStart: '2026-10-01', periodEnd: '2026-10-31',
      uniqueId: 'YEV202610000010', part: '000000', size: sample.length, hasDoctype: false, looksSigned: false,
    });
    expect(s.sha256).toBe(createHash('sha256').update(sample).digest('hex'));
  });
  it('tells berats and kebir apart, flags DOCTYPE and signed files', async () => {
    const berat = sample.toString('utf8').replace('<edefter:defter ', '<edefter:berat ').replace('</edefter:defter>', '</edefter:berat>');
    const b = await summarizeDocument('6090408038-202610-YB-000000.xml', 'yevmiye-berati', new TextEncoder().encode(berat));
    expect(b.detectedKind).toBe('yevmiye-berati');
    const k = sample.toString('utf8').replace('>journal<', '>ledger<');
    expect((await summarizeDocument('x.xml', 'kebir', new TextEncoder().encode(k))).detectedKind).toBe('kebir');
    const dt = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>' + sample.toString('utf8').split('?>').slice(2).join('?>');
    expect((await summarizeDocument('x.xml', 'yevmiye', new TextEncoder().encode(dt))).hasDoctype).toBe(true);
    const signed = sample.toString('utf8').replace('</edefter:defter>', '<ds:Signature Id="S"><ds:SignedInfo/></ds:Signature></edefter:defter>');
    expect((await summarizeDocument('x.xml', 'yevmiye', new TextEncoder().encode(signed))).looksSigned).toBe(true);
  });
  it('helpers', () => {
    expect(detectKind('defterraporu', 'trialbalance')).toBe('defter-raporu');
    expect(detectKind('berat', 'ledger')).toBe('kebir-berati');
    expect(detectKind('other', 'journal')).toBeUndefined();
    expect(parseFileName('6090408038-202610-KB-000003-0001.xml')).toEqual({ part: '000003', branch: '0001' });
    expect(parseFileName('../x.xml')).toEqual({});
    expect(decodeXmlText(' A &amp; B &#304;&#x15F; ')).toBe('A & B İş');
  });
});
