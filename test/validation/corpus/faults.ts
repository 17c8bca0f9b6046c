/**
 * TEST CORPUS — handwritten single faults, for what the systematic operators (mutate.ts) cannot
 * reach: the signature block (edited in the signed file, not re-signed), whole-document shapes
 * (root element, all units, all entryHeaders), elements the product never writes (a segment in a
 * defter, a binaryObject outside the Yevmiye, a VERGI_DETAYSIZ berat), şube and Adı Soyadı
 * variants, value faults (balance, continuity, dates) placed in the LAST madde and the LAST part.
 *
 * Each fault names the GİB asserts it is meant to trip by their test text (a regex on the
 * whitespace-normalized `test`), resolved to rule ids in the `.sch` of the base's kind; `kinds` are
 * the file kinds it applies to.
 */
import type { FileKind } from './base.ts';
import type { Fault } from './materialize.ts';
import { inFirstHeader, inLastHeader, nth } from './mutate.ts';

/** A handwritten fault with the kinds it applies to and the tests it is meant to trip. */
export interface HandFault extends Fault {
  kinds: FileKind[];
  /** Regexes on the normalized assert test; each must match at least one assert of the kind's .sch. */
  trips: RegExp[];
  /** Only on bases whose id matches (e.g. the şube scenarios). */
  baseFilter?: RegExp;
}

const ALL: FileKind[] = ['Y', 'K', 'YB', 'KB', 'DR', 'E', 'EB'];
/** Signature faults: on the files of scenario 1 and E4 (the signature block is the same in every file). */
const SIG_BASES = /^(1|E4)\//;
/** Removes the first `<tag …>…</tag>` (non-greedy) of the signature line. */
const cut = (tag: string) => (x: string) => x.replace(new RegExp(`<${tag}[ >][\\s\\S]*?</${tag}>`), '');
const plus = (a: string, d: number) => (Number(a) + d).toFixed(2);
/** An `extensions/extension/defterek:binaryObject` block (GİB's attachment), as the Yevmiye writer puts it after xbrli:xbrl. */
const BINARY = (mime: string, name: string, body: string) =>
  '<extensions>\n<extension>\n' +
  `<defterek:binaryObject xmlns:defterek="http://www.edefter.gov.tr/ek" filename="${name}" mimeCode="${mime}">${body}</defterek:binaryObject>\n` +
  '</extension>\n</extensions>\n';
/** Regex source of one `gl-bus:organizationIdentifiers` block whose description is `desc`. */
const ORG_BLOCK = (desc: string) =>
  '<gl-bus:organizationIdentifiers>\n<gl-bus:organizationIdentifier [^>]*>[^<]*</gl-bus:organizationIdentifier>\n' +
  `<gl-bus:organizationDescription [^>]*>${desc}</gl-bus:organizationDescription>\n</gl-bus:organizationIdentifiers>\n`;
const PDF_B64 = 'JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PC9UeXBlL0NhdGFsb2c+PgplbmRvYmoKdHJhaWxlcjw8L1Jvb3QgMSAwIFI+PgolJUVPRgo=';

/** The context id of a document (its first xbrli:context). */
const ctx = (x: string): string => /<xbrli:context id="([^"]+)"/.exec(x)![1];
/** The document with a `gl-muc:defaultCurrency` iso4217:TRY (added at the end of documentInfo when missing). */
const withDefaultCurrency = (x: string): string =>
  x.includes('<gl-muc:defaultCurrency')
    ? x
    : x.replace('</gl-cor:documentInfo>', `<gl-muc:defaultCurrency contextRef="${ctx(x)}">iso4217:TRY</gl-muc:defaultCurrency>\n</gl-cor:documentInfo>`);
/** ISO date of the first madde (entryHeader) of a defter. */
const firstDate = (x: string): string => /<gl-cor:enteredDate [^>]*>([^<]*)</.exec(x)![1];

/** The handwritten faults. */
export const HAND_FAULTS: HandFault[] = [
  // --- the signature block (edited in the signed file) ---
  {
    key: 'sig:removed',
    fault: 'the enveloped ds:Signature removed',
    kinds: ['Y', 'K', 'DR', 'E'],
    signed: true,
    baseFilter: SIG_BASES,
    trips: [/^ds:Signature$/],
    edit: cut('ds:Signature'),
  },
  {
    key: 'sig:no-transforms',
    fault: 'ds:Reference without ds:Transforms',
    kinds: ALL,
    signed: true,
    baseFilter: SIG_BASES,
    trips: [/^ds:SignedInfo\/ds:Reference\/ds:Transforms$/],
    edit: cut('ds:Transforms'),
  },
  { key: 'sig:no-keyinfo', fault: 'ds:KeyInfo removed', kinds: ALL, signed: true, baseFilter: SIG_BASES, trips: [/^ds:KeyInfo$/], edit: cut('ds:KeyInfo') },
  {
    key: 'sig:no-x509data',
    fault: 'ds:X509Data removed from ds:KeyInfo',
    kinds: ALL,
    signed: true,
    baseFilter: SIG_BASES,
    trips: [/^not\(ds:KeyInfo\) or ds:KeyInfo\/ds:X509Data$/],
    edit: cut('ds:X509Data'),
  },
  {
    key: 'sig:no-x509certificate',
    fault: 'ds:X509Certificate removed',
    kinds: ALL,
    signed: true,
    baseFilter: SIG_BASES,
    trips: [/^ds:X509Certificate$/],
    edit: cut('ds:X509Certificate'),
  },
  {
    key: 'sig:empty-subject',
    fault: 'ds:X509SubjectName blank',
    kinds: ALL,
    signed: true,
    baseFilter: SIG_BASES,
    trips: [/^string-length\(normalize-space\(\.\)\) != 0$/],
    edit: (x) => x.replace(/(<ds:X509SubjectName>)[^<]*</, '$1 <'),
  },
  {
    key: 'sig:no-object',
    fault: 'ds:Object (XAdES properties) removed',
    kinds: ALL,
    signed: true,
    baseFilter: SIG_BASES,
    trips: [/^ds:Object$/],
    edit: cut('ds:Object'),
  },
  {
    key: 'sig:no-signingtime',
    fault: 'xades:SigningTime removed',
    kinds: ALL,
    signed: true,
    baseFilter: SIG_BASES,
    trips: [/xades:SigningTime$/],
    edit: cut('xades:SigningTime'),
  },
  {
    key: 'sig:no-signingcertificate',
    fault: 'xades:SigningCertificate removed',
    kinds: ALL,
    signed: true,
    baseFilter: SIG_BASES,
    trips: [/xades:SigningCertificate$/],
    edit: cut('xades:SigningCertificate'),
  },
  {
    key: 'sig:reference-uri',
    fault: 'the document reference URI="" made URI="#x"',
    kinds: ALL,
    signed: true,
    baseFilter: SIG_BASES,
    trips: [/^count\(ds:SignedInfo\/ds:Reference\[@URI = ''\]\) = 1$/],
    edit: (x) => x.replace(/(<ds:Reference [^>]*)URI=""/, '$1URI="#x"'),
  },
  {
    key: 'sig:sha1',
    fault: 'SignatureMethod rsa-sha1',
    kinds: ALL,
    signed: true,
    baseFilter: SIG_BASES,
    trips: [/ends-with\(\$signatureMethodAlgorithm,'sha1'\)/],
    edit: (x) => x.replace(/(<ds:SignatureMethod Algorithm=")[^"]*"/, '$1http://www.w3.org/2000/09/xmldsig#rsa-sha1"'),
  },
  {
    key: 'sig:signaturevalue-no-id',
    fault: "the signature's ds:SignatureValue without Id",
    kinds: ['YB', 'KB', 'DR', 'EB'],
    signed: true,
    baseFilter: SIG_BASES,
    trips: [/^ds:SignatureValue\/@Id$/],
    edit: (x) => x.replace(/(<ds:SignatureValue) Id="[^"]*"/, '$1'),
  },
  // --- whole-document shapes ---
  {
    key: 'doc:root-renamed',
    fault: 'the root element renamed (defter ↔ berat, defterraporu → defter)',
    kinds: ALL,
    trips: [/^(edefter|envanter):(defter|berat|defterraporu)$/],
    edit: (x) =>
      x
        .replace(
          /<(edefter|envanter):(defter|berat|defterraporu)([\s>])/,
          (_m, p, l, s) => `<${p}:${l === 'berat' ? 'defter' : l === 'defter' ? 'berat' : 'defter'}${s}`,
        )
        .replace(
          /<\/(edefter|envanter):(defter|berat|defterraporu)>/,
          (_m, p, l) => `</${p}:${l === 'berat' ? 'defter' : l === 'defter' ? 'berat' : 'defter'}>`,
        ),
  },
  {
    key: 'doc:no-units',
    fault: 'every xbrli:unit removed',
    kinds: ALL,
    trips: [/^count\(xbrli:unit\) >= 1$/],
    edit: (x) => x.replace(/<xbrli:unit [^>]*>\n[\s\S]*?<\/xbrli:unit>\n/g, ''),
  },
  {
    key: 'doc:no-measures',
    fault: 'every xbrli:measure removed (units kept)',
    kinds: ALL,
    trips: [/^count\(xbrli:unit\/xbrli:measure\) >= 1$/],
    edit: (x) => x.replace(/<xbrli:measure>[^<]*<\/xbrli:measure>\n/g, ''),
  },
  {
    key: 'doc:currency-unknown',
    fault: "the TRY unit's measure iso4217:ABC",
    kinds: ALL,
    trips: [/contains\(\$currencyCodeList, concat\(',',\$currency,','\)\)$/],
    edit: (x) => x.replace('<xbrli:measure>iso4217:TRY</xbrli:measure>', '<xbrli:measure>iso4217:ABC</xbrli:measure>'),
  },
  {
    key: 'doc:unit-EUR-not-default',
    fault: 'an extra unit id="EUR" (iso4217:EUR) in a document whose defaultCurrency is TRY (the DR, which has none, gets one)',
    kinds: ALL,
    trips: [/defaultCurrency=\.$/],
    edit: (x) =>
      withDefaultCurrency(x).replace(/(<xbrli:unit id="try">\n)/, '<xbrli:unit id="EUR">\n<xbrli:measure>iso4217:EUR</xbrli:measure>\n</xbrli:unit>\n$1'),
  },
  {
    key: 'doc:unit-id-measure-differ',
    fault: 'a unit id="USD" whose measure is iso4217:EUR',
    kinds: ALL,
    trips: [/\.= concat\('iso4217:',parent::node\(\)\/@id\)$/],
    edit: (x) => x.replace(/(<xbrli:unit id="try">\n)/, '<xbrli:unit id="USD">\n<xbrli:measure>iso4217:EUR</xbrli:measure>\n</xbrli:unit>\n$1'),
  },
  {
    key: 'doc:segment-numberOfEntries',
    fault: 'a defter entity with xbrli:segment/gl-bus:numberOfEntries',
    kinds: ['Y', 'K', 'DR', 'E'],
    trips: [/numberOfEntries\)$/],
    edit: (x) =>
      x.replace(
        /(<xbrli:identifier [^>]*>[^<]*<\/xbrli:identifier>\n)/,
        `$1<xbrli:segment>\n<gl-bus:numberOfEntries contextRef="${ctx(x)}" decimals="INF" unitRef="countable">3</gl-bus:numberOfEntries>\n</xbrli:segment>\n`,
      ),
  },
  {
    key: 'doc:segment-uniqueID',
    fault: 'a defter entity with xbrli:segment/gl-cor:uniqueID',
    kinds: ['Y', 'K', 'E'],
    trips: [/^not\(xbrli:segment\/gl-cor:uniqueID\)$/],
    edit: (x) =>
      x.replace(
        /(<xbrli:identifier [^>]*>[^<]*<\/xbrli:identifier>\n)/,
        `$1<xbrli:segment>\n<gl-cor:uniqueID contextRef="${ctx(x)}">94f96697-a85f-4904-b105-ed424354e5d5</gl-cor:uniqueID>\n</xbrli:segment>\n`,
      ),
  },
  {
    key: 'doc:binaryObject-outside-yevmiye',
    fault: 'a PDF attachment (extensions/extension/defterek:binaryObject) outside the Yevmiye',
    kinds: ['K', 'YB', 'KB', 'DR', 'EB'],
    trips: [/^count\(extensions\/extension\/defterek:binaryObject\) = 0$/],
    edit: (x) => x.replace(/(<\/xbrli:xbrl>\n)/, `$1${BINARY('application/pdf', 'ek.pdf', PDF_B64)}`),
  },
  {
    key: 'doc:vergi-detaysiz-with-entryHeader',
    fault: 'a VERGI_DETAYSIZ berat (segment identifierAuthorityCode) keeping its vergi detayı entryHeader',
    kinds: ['YB', 'KB'],
    trips: [/^not\(\$vergiDetaysizMi='VERGI_DETAYSIZ'\) or count\(gl-cor:entryHeader\)=0$/],
    edit: (x) => x.replace(/(<xbrli:segment>\n)/, `$1<gl-cor:identifierAuthorityCode contextRef="${ctx(x)}">VERGI_DETAYSIZ</gl-cor:identifierAuthorityCode>\n`),
  },
  {
    key: 'doc:whole-month-without-maddeler',
    fault: 'a whole-month (-000000) defter with every entryHeader removed',
    kinds: ['Y', 'E'],
    baseFilter: /-(Y|E)-000000(-\d{4})?\.xml$/,
    trips: [/\(\$entryHeaderSayisi > 0\)$/],
    edit: (x) => x.replace(/<gl-cor:entryHeader>\n[\s\S]*?<\/gl-cor:entryHeader>\n/g, ''),
  },
  {
    key: 'doc:eb-with-entryHeader',
    fault: 'an Envanter berat with an entryHeader',
    kinds: ['EB'],
    trips: [/^not\(gl-cor:entryHeader\)$/],
    edit: (x) =>
      x.replace(
        /(<\/gl-cor:accountingEntries>)/,
        `<gl-cor:entryHeader>\n<gl-cor:entryComment contextRef="${ctx(x)}">fazla</gl-cor:entryComment>\n</gl-cor:entryHeader>\n$1`,
      ),
  },
  {
    key: 'doc:no-organizationIdentifiers',
    fault: 'every gl-bus:organizationIdentifiers removed',
    kinds: ['E', 'EB'],
    trips: [/^count\(gl-bus:organizationIdentifiers\) >= 1$/],
    edit: (x) => x.replace(/<gl-bus:organizationIdentifiers>\n[\s\S]*?<\/gl-bus:organizationIdentifiers>\n/g, ''),
  },
  {
    key: 'doc:no-iso4217-measure',
    fault: 'no unit measured in an iso4217 currency',
    kinds: ['E'],
    trips: [/^count\(xbrli:unit\/xbrli:measure\[starts-with\(normalize-space\(\.\),'iso4217:'\)\]\) >=1$/],
    edit: (x) => x.replace(/<xbrli:measure>iso4217:([A-Z]+)<\/xbrli:measure>/g, '<xbrli:measure>xbrli:$1</xbrli:measure>'),
  },
  // --- entity: Adı Soyadı, şube ---
  {
    key: 'entity:adi-soyadi-blank',
    fault: "organizationIdentifiers 'Adı Soyadı' with a blank name (instead of 'Kurum Unvanı')",
    kinds: ALL,
    trips: [/^not\(count\(gl-bus:organizationIdentifiers\[gl-bus:organizationDescription = 'Adı Soyadı'\]\) = 1\) or/],
    edit: (x) =>
      x.replace(
        new RegExp(
          '(<gl-bus:organizationIdentifiers>\n<gl-bus:organizationIdentifier [^>]*>)[^<]*' +
            '(</gl-bus:organizationIdentifier>\n<gl-bus:organizationDescription [^>]*>)Kurum Unvanı<',
        ),
        '$1 $2Adı Soyadı<',
      ),
  },
  {
    key: 'sube:no-without-adi',
    fault: "'Şube No' without 'Şube Adı'",
    kinds: ALL,
    baseFilter: /^(7|E4|E5)\//,
    trips: [/^\(not\(\$countSubeNo = 1\) or \$countSubeAdi = 1\)/],
    edit: (x) => x.replace(new RegExp(ORG_BLOCK('Şube Adı')), ''),
  },
  {
    key: 'sube:no-twice',
    fault: "'Şube No' twice",
    kinds: ALL,
    baseFilter: /^(7|E4|E5)\//,
    trips: [/^\(\$countSubeNo < 2\) and \(\$countSubeAdi < 2\)$/],
    edit: (x) => x.replace(new RegExp(`(${ORG_BLOCK('Şube No')})`), '$1$1'),
  },
  {
    key: 'sube:no-not-4-digits',
    fault: "'Şube No' 001A",
    kinds: ALL,
    baseFilter: /^(7|E4|E5)\//,
    trips: [/'\^\[0-9\]\{4\}\$'\)$/],
    edit: (x) =>
      x.replace(/(<gl-bus:organizationIdentifier [^>]*>)\d{4}(<\/gl-bus:organizationIdentifier>\n<gl-bus:organizationDescription [^>]*>Şube No<)/, '$1001A$2'),
  },
  {
    key: 'sube:adi-one-char',
    fault: "'Şube Adı' of one character",
    kinds: ALL,
    baseFilter: /^(7|E4|E5)\//,
    trips: [/'Şube Adı'\]\/gl-bus:organizationIdentifier\)\) >= 2$/],
    edit: (x) =>
      x.replace(/(<gl-bus:organizationIdentifier [^>]*>)[^<]*(<\/gl-bus:organizationIdentifier>\n<gl-bus:organizationDescription [^>]*>Şube Adı<)/, '$1Ş$2'),
  },
  // --- kebir: an account without sub-accounts in two entryHeaders ---
  {
    key: 'kebir:no-sub-account-split',
    fault: 'a main account without sub-accounts written in two entryHeaders',
    kinds: ['K'],
    trips: [/^\$altHesabiOlmayanAnaHesapSayisi = \$farkliAltHesabiOlmayanAnaHesapSayisi$/],
    edit: (x) => {
      const hs = x.match(/<gl-cor:entryHeader>\n[\s\S]*?<\/gl-cor:entryHeader>\n/g)!;
      const bare = hs.find((h) => !h.includes('<gl-cor:accountSub>')) ?? hs[0].replace(/<gl-cor:accountSub>\n[\s\S]*?<\/gl-cor:accountSub>\n/g, '');
      const src = hs.find((h) => !h.includes('<gl-cor:accountSub>')) ?? hs[0];
      return x.replace(src, bare + bare);
    },
  },
  // --- Envanter measurable and attachment ---
  {
    key: 'env:measurable-iso4217-code',
    fault: 'measurableCode iso4217:XYZ',
    kinds: ['E'],
    trips: [/contains\(\$measureCodeList, concat\(',',\$measureCode,','\)\)$/],
    edit: (x) => x.replace(/(<gl-bus:measurableCode [^>]*>)[^<]*</, '$1iso4217:XYZ<'),
  },
  {
    key: 'env:measurableDescription-without-ID',
    fault: 'measurableDescription without measurableID',
    kinds: ['E'],
    trips: [/^not\(gl-bus:measurableDescription\) or gl-bus:measurableID$/],
    edit: (x) =>
      x.replace(
        /(<gl-bus:measurableCode ([^>]*)>[^<]*<\/gl-bus:measurableCode>\n)/,
        '$1<gl-bus:measurableDescription $2>Koli</gl-bus:measurableDescription>\n',
      ),
  },
  {
    key: 'env:measurableCodeDescription',
    fault: 'a measurableCodeDescription (GİB tests the misspelt gl-bus_measurableQuantity, which no file has)',
    kinds: ['E'],
    trips: [/^not\(gl-bus:measurableCodeDescription\) or gl-bus_measurableQuantity$/],
    edit: (x) =>
      x.replace(
        /(<gl-bus:measurableCode ([^>]*)>[^<]*<\/gl-bus:measurableCode>\n)/,
        '$1<gl-bus:measurableCodeDescription $2>Stok kalemi</gl-bus:measurableCodeDescription>\n',
      ),
  },
  {
    key: 'env:measurableCodeDescription-no-unit',
    fault: 'a measurableCodeDescription on a measurable without measurableUnitOfMeasure',
    kinds: ['E'],
    trips: [/^not\(gl-bus:measurableCodeDescription\) or gl-bus:measurableUnitOfMeasure$/],
    edit: (x) =>
      nth(x, /<gl-bus:measurable>\n[\s\S]*?<\/gl-bus:measurable>\n/, 0, (m) =>
        m
          .replace(
            /(<gl-bus:measurableCode ([^>]*)>[^<]*<\/gl-bus:measurableCode>\n)/,
            '$1<gl-bus:measurableCodeDescription $2>Stok kalemi</gl-bus:measurableCodeDescription>\n',
          )
          .replace(/<gl-bus:measurableUnitOfMeasure [^>]*>[^<]*<\/gl-bus:measurableUnitOfMeasure>\n/, ''),
      ),
  },
  {
    key: 'env:attachment-not-pdf-mime',
    fault: 'an attachment with mimeCode text/plain',
    kinds: ['E'],
    trips: [/^@mimeCode = 'application\/pdf'$/],
    edit: (x) => x.replace(/(<\/xbrli:xbrl>\n)/, `$1${BINARY('text/plain', 'ek.pdf', PDF_B64)}`),
  },
  {
    key: 'env:attachment-not-pdf-name',
    fault: 'an attachment named ek.txt',
    kinds: ['E'],
    trips: [/'\.pdf'$/],
    edit: (x) => x.replace(/(<\/xbrli:xbrl>\n)/, `$1${BINARY('application/pdf', 'ek.txt', PDF_B64)}`),
  },
  {
    key: 'env:attachment-empty',
    fault: 'an empty attachment',
    kinds: ['E'],
    trips: [/^string-length\(normalize-space\(\.\)\)> 0$/],
    edit: (x) => x.replace(/(<\/xbrli:xbrl>\n)/, `$1${BINARY('application/pdf', 'ek.pdf', ' ')}`),
  },
  // --- value faults in the LAST madde (and, on the split month's last part, in the LAST part) ---
  {
    key: 'last:unbalanced',
    fault: "the last madde's first amount +0.01 (Borç ≠ Alacak)",
    kinds: ['Y'],
    trips: [/^gl-bus:totalDebit = sum\(/],
    edit: (x) => inLastHeader(x, (h) => nth(h, /(<gl-cor:amount [^>]*>)([0-9.]+)</, 0, (_m, t, v) => `${t}${plus(v, 0.01)}<`)),
  },
  {
    key: 'last:counter-gap',
    fault: "the last madde's entryNumberCounter (and its lineNumberCounters) +2",
    kinds: ['Y'],
    trips: [/following::node\(\)\/gl-cor:entryNumberCounter = gl-cor:entryNumberCounter \+ 1/],
    edit: (x) => inLastHeader(x, (h) => h.replace(/(<gl-cor:(?:entryNumberCounter|lineNumberCounter) [^>]*>)(\d+)</g, (_m, t, v) => `${t}${Number(v) + 2}<`)),
  },
  {
    key: 'last:line-number-gap',
    fault: "the last line's lineNumber +5",
    kinds: ['Y'],
    trips: [/following::node\(\)\/number\(gl-cor:lineNumber\)/],
    edit: (x) => nth(x, /(<gl-cor:lineNumber [^>]*>)(\d+)</, -1, (_m, t, v) => `${t}${Number(v) + 5}<`),
  },
  {
    key: 'last:enteredDate-before-previous',
    fault: 'the last madde dated as the first one, before the madde before it',
    kinds: ['Y'],
    trips: [/^not\(following::node\(\)\) or not\(following::node\(\)\/gl-cor:enteredDate\)/],
    edit: (x) => inLastHeader(x, (h) => h.replace(/(<gl-cor:(?:enteredDate|postingDate) [^>]*>)[^<]*</g, `$1${firstDate(x)}<`)),
  },
  // GİB's order rule is existential (some following madde on a later or the same date): a madde out of order
  // but not after the LAST one passes it. We check true order: stricter, in the allow-list.
  {
    key: 'first:enteredDate-after-next',
    fault: 'the first madde dated as the last one (after the maddeler that follow it, not after the last)',
    kinds: ['Y'],
    trips: [],
    edit: (x) =>
      inFirstHeader(x, (h) =>
        h.replace(/(<gl-cor:(?:enteredDate|postingDate) [^>]*>)[^<]*</g, `$1${/[\s\S]*<gl-cor:enteredDate [^>]*>([^<]*)</.exec(x)![1]}<`),
      ),
  },
  // --- file names (GİB reads the VKN and the period from the name) ---
  {
    key: 'name:vkn',
    fault: 'another VKN in the file name',
    kinds: ALL,
    trips: [/contains\(\$dosyaAdi,\s*concat\(xbrli:identifier,'-'\)\)/],
    rename: (n) => n.replace(/^\d{10}/, '6090408039'),
  },
  {
    key: 'name:period',
    fault: 'another period in the file name',
    kinds: ALL,
    trips: [/contains\(\$dosyaAdi,\s*concat\('-',\s*\$donem,\s*'-'\)\)/],
    rename: (n) => n.replace(/^(\d{10})-(\d{4})(\d\d)-/, (_m, v, y, mo) => `${v}-${y}${mo === '12' ? '11' : String(Number(mo) + 1).padStart(2, '0')}-`),
  },
];

/** Faults of the kinds that have them (for a summary). */
export function faultsFor(kind: FileKind): HandFault[] {
  return HAND_FAULTS.filter((f) => f.kinds.includes(kind));
}
