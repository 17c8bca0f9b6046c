/**
 * The streaming XSD validator (packages/bridge/src/validate/xsd/) on its own: GİB's schema compiles
 * (substitution groups as XBRL uses them), unsupported constructs fail at compile time by name,
 * XSD regex and built-in lexical rules, and a small schema exercising the subset (sequence/choice
 * with occurrences, extension, abstract heads, wildcards strict/lax/skip, xsi:nil, mixed, facets,
 * unions, lists) with findings in Turkish then English carrying line and element path, capped with
 * a total. Feeding the lexer in tiny pieces gives the same findings.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { XmlLexer } from '../../packages/bridge/src/validate/xml-lexer.ts';
import { BUILTINS } from '../../packages/bridge/src/validate/xsd/builtins.ts';
import { compileXsd } from '../../packages/bridge/src/validate/xsd/compile.ts';
import { createXsdValidator } from '../../packages/bridge/src/validate/xsd/validator.ts';
import { xsdRegex } from '../../packages/bridge/src/validate/xsd/xsd-regex.ts';
import { repoRoot, tmpDir } from './xsd-kit.ts';

const GIB_XSD = path.resolve(repoRoot, '..', 'shared', 'gib', 'xsd');
const dir = tmpDir('xsd-unit');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const SCHEMA = `<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" targetNamespace="urn:t" elementFormDefault="qualified">
  <xs:element name="fact" abstract="true"/>
  <xs:element name="amount" substitutionGroup="t:fact" type="t:amountType" nillable="true"/>
  <xs:element name="code" substitutionGroup="t:fact">
    <xs:simpleType><xs:restriction base="xs:token"><xs:enumeration value="D"/><xs:enumeration value="C"/></xs:restriction></xs:simpleType>
  </xs:element>
  <xs:complexType name="amountType">
    <xs:simpleContent><xs:extension base="t:money"><xs:attribute name="unit" type="xs:NCName" use="required"/></xs:extension></xs:simpleContent>
  </xs:complexType>
  <xs:simpleType name="money"><xs:restriction base="xs:decimal">
    <xs:totalDigits value="8"/><xs:fractionDigits value="2"/><xs:minExclusive value="-1000"/>
  </xs:restriction></xs:simpleType>
  <xs:simpleType name="dateOrYear"><xs:union memberTypes="xs:date xs:gYear"/></xs:simpleType>
  <xs:simpleType name="codes"><xs:list itemType="xs:NCName"/></xs:simpleType>
  <xs:simpleType name="zip"><xs:restriction base="xs:string"><xs:pattern value="\\d{5}"/></xs:restriction></xs:simpleType>
  <xs:complexType name="base">
    <xs:sequence><xs:element name="when" type="t:dateOrYear"/></xs:sequence>
    <xs:attribute name="id" type="xs:ID"/>
  </xs:complexType>
  <xs:complexType name="entry">
    <xs:complexContent><xs:extension base="t:base">
      <xs:sequence>
        <xs:element ref="t:fact" minOccurs="1" maxOccurs="3"/>
        <xs:choice minOccurs="0"><xs:element name="zip" type="t:zip"/><xs:element name="tags" type="t:codes"/></xs:choice>
        <xs:element name="note" minOccurs="0"><xs:complexType mixed="true"><xs:sequence>
          <xs:element name="b" type="xs:string" minOccurs="0" maxOccurs="unbounded"/>
        </xs:sequence></xs:complexType></xs:element>
        <xs:any namespace="##other" processContents="lax" minOccurs="0"/>
        <xs:element name="skipme" minOccurs="0"><xs:complexType><xs:sequence>
          <xs:any processContents="skip" maxOccurs="unbounded"/>
        </xs:sequence></xs:complexType></xs:element>
      </xs:sequence>
    </xs:extension></xs:complexContent>
  </xs:complexType>
  <xs:element name="book"><xs:complexType><xs:sequence>
    <xs:element name="entry" type="t:entry" maxOccurs="unbounded"/>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>`;

const schemaFile = path.join(dir, 't.xsd');
fs.writeFileSync(schemaFile, SCHEMA);

/** Validates a document text, fed to the lexer in pieces of `piece` characters. */
async function run(xml: string, piece = 1 << 20, maxFindings?: number): Promise<{ tr: string[]; en: string[]; lines: number[]; count: number }> {
  const v = createXsdValidator(await compileXsd(schemaFile), 'belge.xml', { maxFindings });
  const lx = new XmlLexer(v.handler);
  for (let i = 0; i < xml.length; i += piece) lx.push(xml.slice(i, i + piece));
  lx.end();
  const f = v.finish();
  return { tr: f.map((x) => x.tr), en: f.map((x) => x.en), lines: f.map((x) => x.xmlLine ?? 0), count: v.count };
}

const doc = (entries: string) =>
  `<?xml version="1.0"?>\n<t:book xmlns:t="urn:t" xmlns:o="urn:other" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n${entries}\n</t:book>\n`;
const GOOD = `<t:entry id="e1"><t:when>2024-02-29</t:when><t:amount unit="TRY">12.50</t:amount><t:code> C </t:code><t:zip>06100</t:zip>
<t:note>metin <t:b>kalın</t:b> yine</t:note><o:free x="1"><o:any/></o:free><t:skipme><z:whatever xmlns:z="urn:z" q="1">x</z:whatever></t:skipme></t:entry>
<t:entry><t:when>2025</t:when><t:amount unit="USD" xsi:nil="true"/><t:tags>a b c</t:tags></t:entry>`;

describe('streaming XSD validator', () => {
  it("compiles GİB's edefter.xsd and edefter_unsigned.xsd, XBRL substitution groups included", async () => {
    const s = await compileXsd(path.join(GIB_XSD, 'edefter.xsd'));
    const item = s.elements.get('{http://www.xbrl.org/2003/instance}item')!;
    expect(item.abstract).toBe(true);
    expect(item.members.length).toBeGreaterThan(250);
    expect(item.members.some((m) => m.local === 'entryNumberCounter')).toBe(true);
    expect(s.elements.get('{http://www.xbrl.org/2003/instance}tuple')!.members.some((m) => m.local === 'accountingEntries')).toBe(true);
    const u = await compileXsd(path.join(GIB_XSD, 'edefter_unsigned.xsd'), { emptyChoice: 'eps' });
    expect(u.elements.get('{http://www.edefter.gov.tr}defter')!.type.states![0].final).toBe(false);
    expect(await compileXsd(path.join(GIB_XSD, 'edefter.xsd'))).toBe(s);
  });

  it('fails at compile time naming an unsupported construct', async () => {
    const bad = (name: string, body: string) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:b">${body}</xs:schema>`);
      return compileXsd(f);
    };
    await expect(bad('all.xsd', '<xs:complexType name="a"><xs:all><xs:element name="x"/></xs:all></xs:complexType>')).rejects.toThrow(/xs:all/);
    await expect(
      bad('sub.xsd', '<xs:simpleType name="a"><xs:restriction base="xs:string"><xs:pattern value="[a-z-[aeiou]]"/></xs:restriction></xs:simpleType>'),
    ).rejects.toThrow(/subtraction/);
    await expect(bad('redef.xsd', '<xs:redefine schemaLocation="x.xsd"/>')).rejects.toThrow(/xs:redefine/);
    await expect(bad('dtd.xsd', '')).resolves.toBeTruthy();
    fs.writeFileSync(path.join(dir, 'doctype.xsd'), '<!DOCTYPE x []><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>');
    await expect(compileXsd(path.join(dir, 'doctype.xsd'))).rejects.toThrow(/DOCTYPE/);
  });

  it('translates XSD regular expressions (anchored, literal ^ $, \\d \\i \\c, . without newlines)', () => {
    expect(xsdRegex('\\d{5}').test('06100')).toBe(true);
    expect(xsdRegex('\\d{5}').test('061000')).toBe(false);
    expect(xsdRegex('^a$').test('^a$')).toBe(true);
    expect(xsdRegex('\\i\\c*').test('gl-cor')).toBe(true);
    expect(xsdRegex('\\i\\c*').test('1x')).toBe(false);
    expect(xsdRegex('a.b').test('a\nb')).toBe(false);
    expect(xsdRegex('[A-Z]{2}\\s?\\p{Lu}').test('TR Ç')).toBe(true);
    expect(() => xsdRegex('\\p{IsBasicLatin}')).toThrow(/block escape/);
  });

  it('checks built-in lexical forms like XSD 1.0', () => {
    const ok = (t: string, v: string) => BUILTINS[t].check(v);
    expect([ok('date', '2024-02-29'), ok('date', '2023-02-29'), ok('date', '2024-13-01'), ok('date', '2024-01-01+03:00')]).toEqual([true, false, false, true]);
    expect([ok('dateTime', '2024-01-01T24:00:00'), ok('dateTime', '2024-01-01T24:00:01'), ok('dateTime', '2024-01-01T10:00:00.5Z')]).toEqual([
      true,
      false,
      true,
    ]);
    expect([ok('decimal', '-1.50'), ok('decimal', '1,5'), ok('decimal', '.5'), ok('decimal', '1e3')]).toEqual([true, false, true, false]);
    expect([ok('base64Binary', 'QUJD'), ok('base64Binary', 'QUI='), ok('base64Binary', 'QUJ='), ok('base64Binary', 'QU J D')]).toEqual([
      true,
      true,
      false,
      true,
    ]);
    expect([ok('boolean', '1'), ok('boolean', 'yes'), ok('anyURI', 'http://x/y#z'), ok('anyURI', '1:2')]).toEqual([true, false, true, false]);
  });

  it('accepts a valid document (extension, substitution, choice, mixed, lax and skip wildcards, xsi:nil, union, list)', async () => {
    const r = await run(doc(GOOD));
    expect(r.tr).toEqual([]);
    expect((await run(doc(GOOD), 7)).tr).toEqual([]);
  });

  it('reports each fault in Turkish then English with line and element path', async () => {
    const faults = doc(`<t:entry id="e1" bad="1"><t:when>2024-02-30</t:when><t:fact unit="X">1</t:fact></t:entry>
<t:entry id="e1"><t:amount unit="TRY">123456.789</t:amount></t:entry>
<t:entry><t:when>2024</t:when><t:code>X</t:code><t:code>D</t:code><t:code>C</t:code><t:code>D</t:code></t:entry>
<t:entry><t:when>2024</t:when><t:amount>-1000</t:amount><t:zip>6100</t:zip></t:entry>
<t:entry><t:when>2024</t:when><t:code>D</t:code><t:tags>a 1</t:tags></t:entry>
<t:entry><t:when>2024</t:when><t:code xsi:nil="true"/><o:x/><o:y/></t:entry>
<t:entry><t:when>2024</t:when>metin<t:amount unit="TRY" xsi:nil="true">5</t:amount></t:entry>`);
    const r = await run(faults);
    const pairs = r.en.map((e, i) => `${r.lines[i]} ${e.replace(/^GİB XSD: /, '').replace(/ \(column \d+\)/, '')}`);
    expect(pairs).toEqual([
      "3 /t:book/t:entry: the attribute 'bad' is not allowed",
      "3 /t:book/t:entry/t:when: '2024-02-30' is not a valid value of {urn:t}dateOrYear (matches no member of the union)",
      "3 /t:book/t:entry/t:fact: the element 't:fact' is not expected here; expected: {urn:t}amount, {urn:t}code",
      "3 /t:book/t:entry/t:fact: 't:fact' is abstract; a member of its substitution group must be used",
      "4 /t:book/t:entry: the xs:ID 'e1' is used twice in the document",
      "4 /t:book/t:entry/t:amount: the element 't:amount' is not expected here; expected: {urn:t}when",
      "4 /t:book/t:entry/t:amount: '123456.789' is not a valid value of {urn:t}money (9 digits > 8)",
      "5 /t:book/t:entry/t:code: 'X' is not a valid value of {urn:t}code anonim türü (allowed values: D, C)",
      "5 /t:book/t:entry/t:code: the element 't:code' is not expected here; expected: {urn:t}zip, {urn:t}tags, {urn:t}note, ##other, {urn:t}skipme",
      "6 /t:book/t:entry/t:amount: the required attribute 'unit' is missing",
      "6 /t:book/t:entry/t:amount: '-1000' is not a valid value of {urn:t}money (≤ -1000)",
      "6 /t:book/t:entry/t:zip: '6100' is not a valid value of {urn:t}zip (does not match the pattern)",
      "7 /t:book/t:entry/t:tags: '1' is not a valid value of xs:NCName (NCName lexical form)",
      '8 /t:book/t:entry/t:code: the element is not nillable (xsi:nil)',
      "8 /t:book/t:entry/t:code: '' is not a valid value of {urn:t}code anonim türü (allowed values: D, C)",
      "8 /t:book/t:entry/o:y: the element 'o:y' is not expected here; expected: {urn:t}skipme",
      '9 /t:book/t:entry: character content is not allowed here',
      '9 /t:book/t:entry/t:amount: an element with xsi:nil="true" must be empty',
    ]);
    expect(r.tr[0]).toMatch(/^GİB XSD: \/t:book\/t:entry( \(sütun 1\))?: 'bad' niteliğine izin verilmiyor$/);
    expect((await run(faults, 5)).en).toEqual(r.en.map((e) => e));
    const capped = await run(faults, 1 << 20, 3);
    expect(capped.en).toHaveLength(3);
    expect(capped.count).toBe(r.count);
  });

  it('reports a missing required child at the end tag', async () => {
    const r = await run(doc('<t:entry><t:when>2024</t:when></t:entry>'));
    expect(r.en).toEqual(["GİB XSD: /t:book/t:entry: 't:entry' is missing child elements; expected: {urn:t}amount, {urn:t}code"]);
    expect(r.lines).toEqual([3]);
  });
});
