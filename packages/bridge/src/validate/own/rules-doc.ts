/**
 * Layer (a) document-level rules (spec §1.3–1.8, §3.2–3.4): root and stylesheet, the one context
 * and its identifier, units, berat/DR segment, documentInfo (kontrol numarası, period, dates),
 * entityInformation, the file name against the content, the signature's required parts.
 */
import {
  CURRENCIES,
  DOC_KIND_FACTS,
  MONTH_KINDS,
  WHOLE_MONTH_PART,
  daysInMonth,
  docKindOf,
  parseGibName,
  yearMonthOf,
  type DocKind,
  type MonthKind,
} from '@edefter/domain';
import type { FindingList } from '../findings.ts';
import type { FileSummary } from './records.ts';

const UUID = /^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const norm = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

const monthKind = (k: DocKind | null | undefined): MonthKind | null => (k && (MONTH_KINDS as readonly string[]).includes(k) ? (k as MonthKind) : null);

/**
 * Kind of a month document from its root and entriesType (@edefter/domain docKindOf); a defter or
 * berat with another entriesType falls back to the file name. Envanter kinds are not month kinds: null.
 */
export function kindOf(s: FileSummary): FileSummary['kind'] {
  if (s.root === 'defterraporu') return 'DR';
  if (s.root !== 'defter' && s.root !== 'berat') return null;
  return monthKind(docKindOf(s.root, norm(s.documentInfo['gl-cor:entriesType']))) ?? monthKind(parseGibName(s.file)?.type);
}

/** Options of {@link docRules}. */
export interface DocRuleOptions {
  /** Require a ds:Signature (signed files). */
  requireSignature?: boolean;
}

/** Runs the document-level rules once the file has been read. */
export function docRules(s: FileSummary, o: FindingList, opts: DocRuleOptions = {}): void {
  const kind = s.kind;
  if (!['defter', 'berat', 'defterraporu'].includes(s.root)) {
    o.add(
      'ROOT',
      `kök eleman edefter:defter, edefter:berat veya edefter:defterraporu olmalı ('${s.root}')`,
      `root must be edefter:defter, edefter:berat or edefter:defterraporu ('${s.root}')`,
    );
    return;
  }
  if (!kind) o.add('KIND', 'belge türü belirlenemedi (entriesType)', 'cannot tell the document kind (entriesType)', { field: 'gl-cor:entriesType' });
  if (kind && s.stylesheet !== DOC_KIND_FACTS[kind].stylesheet)
    o.add(
      'STYLESHEET',
      `xml-stylesheet href '${DOC_KIND_FACTS[kind].stylesheet}' olmalı ('${s.stylesheet ?? 'yok'}')`,
      `the xml-stylesheet href must be '${DOC_KIND_FACTS[kind].stylesheet}' ('${s.stylesheet ?? 'none'}')`,
    );
  // context & units
  if (s.contexts !== 1)
    o.add('CONTEXT', `tam bir xbrli:context olmalı (${s.contexts})`, `exactly one xbrli:context (${s.contexts})`, { field: 'xbrli:context' });
  if (kind && s.contextId !== DOC_KIND_FACTS[kind].context)
    o.add(
      'CONTEXT_ID',
      `bağlam kimliği '${DOC_KIND_FACTS[kind].context}' olmalı ('${s.contextId ?? ''}')`,
      `the context id must be '${DOC_KIND_FACTS[kind].context}' ('${s.contextId ?? ''}')`,
      { field: 'xbrli:context' },
    );
  if (!s.vkn || !/^[0-9]{10,11}$/.test(s.vkn))
    o.add(
      'IDENTIFIER',
      `xbrli:identifier 10 haneli VKN veya 11 haneli TCKN olmalı ('${s.vkn ?? ''}')`,
      `xbrli:identifier must be a 10-digit VKN or 11-digit TCKN ('${s.vkn ?? ''}')`,
      { field: 'xbrli:identifier' },
    );
  if (s.units.length < 1) o.add('UNIT', 'en az bir xbrli:unit olmalı', 'at least one xbrli:unit', { field: 'xbrli:unit' });
  let iso = 0;
  for (const u of s.units) {
    for (const m of u.measures) {
      if (m.startsWith('iso4217:')) {
        iso++;
        if (!CURRENCIES.has(m.slice(8)))
          o.add('CURRENCY', `geçersiz para birimi '${m.slice(8)}'`, `invalid currency '${m.slice(8)}'`, { field: 'xbrli:measure' });
      }
      if (CURRENCIES.has(u.id) && m !== `iso4217:${u.id}`)
        o.add('UNIT_MEASURE', `xbrli:unit '${u.id}' ölçüsü iso4217:${u.id} olmalı ('${m}')`, `unit '${u.id}' measure must be iso4217:${u.id} ('${m}')`, {
          field: 'xbrli:measure',
        });
    }
  }
  if (kind !== 'K' && kind !== 'KB' && iso < 1)
    o.add('CURRENCY', 'iso4217 para birimi içeren bir ölçü olmalı', 'a measure with an iso4217 currency is required', { field: 'xbrli:measure' });
  // segment
  const seg = s.segment;
  const defter = kind === 'Y' || kind === 'K';
  if (defter) {
    if (seg['gl-bus:numberOfEntries'] !== undefined)
      o.add('SEGMENT', 'numberOfEntries yalnızca yevmiye beratında bulunabilir', 'numberOfEntries belongs to the journal berat only', {
        field: 'gl-bus:numberOfEntries',
      });
    if (seg['gl-cor:uniqueID'] !== undefined)
      o.add('SEGMENT', 'segment uniqueID yalnızca beratlarda bulunabilir', 'the segment uniqueID belongs to berats only', { field: 'gl-cor:uniqueID' });
  } else if (kind) {
    const journalBerat = kind === 'YB';
    if (journalBerat && seg['gl-bus:numberOfEntries'] === undefined)
      o.add('SEGMENT', 'yevmiye beratında numberOfEntries zorunlu', 'numberOfEntries is required in a journal berat', { field: 'gl-bus:numberOfEntries' });
    if (!journalBerat && seg['gl-bus:numberOfEntries'] !== undefined)
      o.add('SEGMENT', 'numberOfEntries yalnızca yevmiye beratında bulunabilir', 'numberOfEntries belongs to the journal berat only', {
        field: 'gl-bus:numberOfEntries',
      });
    const u = seg['gl-cor:uniqueID'];
    if (u === undefined) o.add('SEGMENT', 'segment gl-cor:uniqueID zorunlu', 'segment gl-cor:uniqueID is required', { field: 'gl-cor:uniqueID' });
    else if (!UUID.test(u))
      o.add('SEGMENT', `segment uniqueID UUID biçiminde olmalı ('${u}')`, `segment uniqueID must be a UUID ('${u}')`, { field: 'gl-cor:uniqueID' });
    if (kind !== 'DR') {
      const mq = seg['gl-bus:measurableQuantity'];
      if (mq === undefined)
        o.add('SEGMENT', 'segment measurableQuantity zorunlu', 'segment measurableQuantity is required', { field: 'gl-bus:measurableQuantity' });
      else if (!/^[0-9]+(\.[0-9]{1,2})?$/.test(norm(mq)))
        o.add('SEGMENT', `measurableQuantity en fazla 2 ondalık olmalı ('${mq}')`, `measurableQuantity must have ≤ 2 decimals ('${mq}')`, {
          field: 'gl-bus:measurableQuantity',
        });
      if (seg['gl-cor:identifierAuthorityCode'] !== 'VERGI_DETAYSIZ' && s.headers !== 1)
        o.add('BERAT_HEADERS', `vergi detayı için tam bir entryHeader olmalı (${s.headers})`, `exactly one vergi detayı entryHeader (${s.headers})`);
      if (seg['gl-cor:identifierAuthorityCode'] === 'VERGI_DETAYSIZ' && s.headers !== 0)
        o.add('BERAT_HEADERS', 'vergi detaysız beratta entryHeader olmamalı', 'a VERGI_DETAYSIZ berat has no entryHeader');
    } else if (s.headers !== 1)
      o.add('BERAT_HEADERS', `defter raporunda tam bir entryHeader olmalı (${s.headers})`, `exactly one entryHeader in the Defter Raporu (${s.headers})`);
  }
  documentInfoRules(s, o);
  entityRules(s, o);
  nameRules(s, o);
  if (kind && kind !== 'Y' && s.binaryObjects)
    o.add('BINARY_OBJECT', 'defterek:binaryObject yalnızca yevmiye defterinde bulunabilir', 'defterek:binaryObject belongs to the journal only', {
      field: 'defterek:binaryObject',
    });
  // GİB edefter_yevmiye.sch pattern binaryObject: mimeCode application/pdf, filename ending '.pdf', content not blank
  for (const b of s.binaryObjectList) {
    const at = { xmlLine: b.xmlLine, field: 'defterek:binaryObject' };
    if (b.mimeCode !== 'application/pdf')
      o.add(
        'BINARY_OBJECT',
        `defterek:binaryObject mimeCode niteliği 'application/pdf' olmalı ('${b.mimeCode ?? ''}')`,
        `defterek:binaryObject/@mimeCode must be 'application/pdf' ('${b.mimeCode ?? ''}')`,
        at,
      );
    if (!(b.filename ?? '').endsWith('.pdf'))
      o.add(
        'BINARY_OBJECT',
        `defterek:binaryObject filename niteliği '.pdf' ile bitmeli ('${b.filename ?? ''}')`,
        `defterek:binaryObject/@filename must end in '.pdf' ('${b.filename ?? ''}')`,
        at,
      );
    if (b.empty) o.add('BINARY_OBJECT', 'defterek:binaryObject değeri boş olamaz', 'defterek:binaryObject must not be empty', at);
  }
  if (s.root === 'berat' && !s.beratSignatureValue)
    o.add(
      'BERAT_SIGVALUE',
      'beratta defterin ds:SignatureValue değeri (kökün altında) zorunlu',
      "a berat needs the defter's ds:SignatureValue under the root",
      { field: 'ds:SignatureValue' },
    );
  signatureRules(s, o, opts.requireSignature ?? false);
}

function documentInfoRules(s: FileSummary, o: FindingList): void {
  const di = s.documentInfo;
  const kind = s.kind;
  const f = (k: string) => di[k];
  const req = (k: string) => {
    if (f(k) === undefined) o.add('MISSING', `${k} zorunlu`, `${k} is required`, { field: k });
  };
  ['gl-cor:entriesType', 'gl-cor:uniqueID', 'gl-cor:creationDate', 'gl-cor:periodCoveredStart', 'gl-cor:periodCoveredEnd'].forEach(req);
  const et = norm(f('gl-cor:entriesType'));
  const want = kind ? DOC_KIND_FACTS[kind].entriesType : undefined;
  if (want && f('gl-cor:entriesType') !== undefined && et !== want)
    o.add('ENTRIES_TYPE', `entriesType '${want}' olmalı ('${et}')`, `entriesType must be '${want}' ('${et}')`, { field: 'gl-cor:entriesType' });
  const uid = norm(f('gl-cor:uniqueID'));
  const ps = norm(f('gl-cor:periodCoveredStart')),
    pe = norm(f('gl-cor:periodCoveredEnd')),
    cd = norm(f('gl-cor:creationDate'));
  if (f('gl-cor:uniqueID') !== undefined) {
    const pfx = kind === 'Y' || kind === 'YB' ? 'YEV' : kind === 'K' || kind === 'KB' ? 'KEB' : undefined;
    if (pfx && !uid.startsWith(pfx))
      o.add('UNIQUE_ID', `uniqueID '${pfx}' ile başlamalı ('${uid}')`, `uniqueID must start with '${pfx}' ('${uid}')`, { field: 'gl-cor:uniqueID' });
    if (uid.length !== 15)
      o.add('UNIQUE_ID', `uniqueID 15 karakter olmalı ('${uid}')`, `uniqueID must have 15 characters ('${uid}')`, { field: 'gl-cor:uniqueID' });
    if (ps && !uid.includes(ps.slice(0, 4) + ps.slice(5, 7)))
      o.add(
        'UNIQUE_ID',
        `uniqueID dönemi (${uid.slice(3, 9)}) periodCoveredStart ile (${ps.slice(0, 7)}) uyuşmuyor`,
        `the uniqueID period differs from periodCoveredStart`,
        { field: 'gl-cor:uniqueID' },
      );
    if (pfx && !/^[A-Z]{3}[0-9]{12}$/.test(uid))
      o.add('UNIQUE_ID', `uniqueID biçimi ${pfx}YYYYAA999999 olmalı ('${uid}')`, `uniqueID must look like ${pfx}YYYYMM999999 ('${uid}')`, {
        field: 'gl-cor:uniqueID',
      });
  }
  for (const [k, v] of [
    ['gl-cor:periodCoveredStart', ps],
    ['gl-cor:periodCoveredEnd', pe],
    ['gl-cor:creationDate', cd],
  ] as const) {
    if (v && !DATE.test(v.slice(0, 10))) o.add('DATE', `${k} geçerli bir tarih değil ('${v}')`, `${k} is not a date ('${v}')`, { field: k });
  }
  if (ps && pe && pe < ps)
    o.add('PERIOD', `periodCoveredEnd (${pe}) periodCoveredStart (${ps}) öncesinde`, `periodCoveredEnd (${pe}) is before periodCoveredStart (${ps})`, {
      field: 'gl-cor:periodCoveredEnd',
    });
  if (cd && pe && cd < pe)
    o.add(
      'CREATION_DATE',
      `creationDate (${cd}) periodCoveredEnd (${pe}) öncesinde olamaz`,
      `creationDate (${cd}) must not be before periodCoveredEnd (${pe})`,
      { field: 'gl-cor:creationDate' },
    );
  if (ps && pe && ps.slice(0, 7) !== pe.slice(0, 7))
    o.add(
      'PERIOD',
      `periodCoveredStart (${ps}) ve periodCoveredEnd (${pe}) aynı ay olmalı`,
      `periodCoveredStart and periodCoveredEnd must be in the same month`,
      { field: 'gl-cor:periodCoveredEnd' },
    );
  if (!norm(f('gl-bus:sourceApplication')))
    o.add('MISSING', 'gl-bus:sourceApplication zorunlu ve boş olamaz', 'gl-bus:sourceApplication is required and must not be empty', {
      field: 'gl-bus:sourceApplication',
    });
  const dc = f('gl-muc:defaultCurrency');
  if (dc !== undefined && !s.units.some((u) => u.measures.includes(norm(dc))))
    o.add('CURRENCY', `defaultCurrency (${dc}) bir xbrli:measure ile aynı olmalı`, `defaultCurrency (${dc}) must equal an xbrli:measure`, {
      field: 'gl-muc:defaultCurrency',
    });
}

/** Codes of the findings that depend on the file name (see {@link nameRules}). */
export const NAME_CODES = new Set(['FILE_NAME', 'PART_PERIOD', 'EMPTY_MONTH']);

/** The rules that read the file name: pattern, VKN, period, kind, part 000000 coverage, Y-000000 not empty. */
export function nameRules(s: FileSummary, o: FindingList): void {
  fileNameRules(s, o);
  if (s.kind === 'Y' && s.headers === 0 && /Y-000000/.test(s.file))
    o.add('EMPTY_MONTH', 'tüm ayı kapsayan yevmiyede en az bir entryHeader olmalı', 'a whole-month journal needs at least one entryHeader');
}

function entityRules(s: FileSummary, o: FindingList): void {
  const e = s.entity;
  if (!e.present) {
    o.add('MISSING', 'gl-cor:entityInformation zorunlu', 'gl-cor:entityInformation is required', { field: 'gl-cor:entityInformation' });
    return;
  }
  const F = (field: string, tr: string, en: string) => o.add('ENTITY', tr, en, { field });
  if (!e.phones.length || !e.phones.some((p) => norm(p)))
    F('gl-bus:phoneNumber', 'telefon numarası (entityPhoneNumber/phoneNumber) zorunlu', 'entityPhoneNumber/phoneNumber is required');
  if (!e.emails.length || !e.emails.some((p) => norm(p))) F('gl-bus:entityEmailAddress', 'e-posta adresi zorunlu', 'entityEmailAddress is required');
  const ku = e.orgIds.filter((x) => x.desc === 'Kurum Unvanı'),
    as = e.orgIds.filter((x) => x.desc === 'Adı Soyadı');
  const vkn = s.vkn ?? '';
  if (vkn.length === 10 && ku.length !== 1)
    F(
      'gl-bus:organizationIdentifiers',
      "'Kurum Unvanı' açıklamalı tek bir organizationIdentifiers olmalı",
      "exactly one organizationIdentifiers 'Kurum Unvanı'",
    );
  if (vkn.length === 11 && as.length !== 1)
    F('gl-bus:organizationIdentifiers', "'Adı Soyadı' açıklamalı tek bir organizationIdentifiers olmalı", "exactly one organizationIdentifiers 'Adı Soyadı'");
  if ((ku.length === 1) === (as.length === 1))
    F('gl-bus:organizationIdentifiers', "'Kurum Unvanı' veya 'Adı Soyadı' yalnızca biri bulunmalı", "exactly one of 'Kurum Unvanı' / 'Adı Soyadı'");
  for (const x of [...ku, ...as])
    if (norm(x.id).length < 2)
      F('gl-bus:organizationIdentifier', 'unvan / ad soyad en az iki karakter olmalı', 'the title / name needs at least two characters');
  const no = e.orgIds.filter((x) => x.desc === 'Şube No'),
    ad = e.orgIds.filter((x) => x.desc === 'Şube Adı');
  if ((no.length === 1) !== (ad.length === 1))
    F('gl-bus:organizationIdentifiers', 'şube no ve şube adı birlikte bulunmalı', 'branch number and name go together');
  if (no.length > 1 || ad.length > 1) F('gl-bus:organizationIdentifiers', 'şube no veya şube adı birden fazla olamaz', 'at most one branch number and name');
  if (no.length === 1 && !/^[0-9]{4}$/.test(norm(no[0].id)))
    F('gl-bus:organizationIdentifier', 'şube no 4 haneli olmalı', 'the branch number must have 4 digits');
  if (ad.length === 1 && norm(ad[0].id).length < 2)
    F('gl-bus:organizationIdentifier', 'şube adı en az iki karakter olmalı', 'the branch name needs two characters');
  if (!e.address) F('gl-bus:organizationAddress', 'gl-bus:organizationAddress zorunlu', 'gl-bus:organizationAddress is required');
  else
    for (const k of [
      'gl-bus:organizationBuildingNumber',
      'gl-bus:organizationAddressStreet',
      'gl-bus:organizationAddressCity',
      'gl-bus:organizationAddressZipOrPostalCode',
      'gl-bus:organizationAddressCountry',
    ]) {
      if (e.address[k] === undefined) F(k, `adres içinde ${k} zorunlu`, `${k} is required in the address`);
    }
  if (!e.webSiteURLs.length) F('gl-bus:entityWebSite', 'gl-bus:entityWebSite zorunlu', 'gl-bus:entityWebSite is required');
  else if (e.webSiteURLs.some((u) => u === null)) F('gl-bus:webSiteURL', 'entityWebSite içinde webSiteURL zorunlu', 'webSiteURL is required in entityWebSite');
  if (!norm(e.businessDescription))
    F('gl-bus:businessDescription', 'gl-bus:businessDescription zorunlu ve boş olamaz', 'gl-bus:businessDescription is required');
  if (!e.fiscalYearStart) F('gl-bus:fiscalYearStart', 'gl-bus:fiscalYearStart zorunlu', 'gl-bus:fiscalYearStart is required');
  if (!e.fiscalYearEnd) F('gl-bus:fiscalYearEnd', 'gl-bus:fiscalYearEnd zorunlu', 'gl-bus:fiscalYearEnd is required');
  if (e.fiscalYearStart && e.fiscalYearEnd && !(e.fiscalYearEnd > e.fiscalYearStart))
    F('gl-bus:fiscalYearEnd', 'fiscalYearEnd fiscalYearStart sonrasında olmalı', 'fiscalYearEnd must be after fiscalYearStart');
  if (!e.accountants.length) F('gl-bus:accountantInformation', 'gl-bus:accountantInformation zorunlu', 'gl-bus:accountantInformation is required');
  for (const a of e.accountants) {
    if (!norm(a['gl-bus:accountantName'])) F('gl-bus:accountantName', 'accountantName zorunlu ve boş olamaz', 'accountantName is required');
    if (!norm(a['gl-bus:accountantEngagementTypeDescription']))
      F(
        'gl-bus:accountantEngagementTypeDescription',
        'accountantEngagementTypeDescription zorunlu ve boş olamaz',
        'accountantEngagementTypeDescription is required',
      );
  }
}

function fileNameRules(s: FileSummary, o: FindingList): void {
  const p = parseGibName(s.file);
  if (!p || p.ext !== '.xml') {
    o.add(
      'FILE_NAME',
      `dosya adı GİB biçiminde değil (VKN-YYYYAA-TÜR-PPPPPP.xml): ${s.file}`,
      `the file name does not follow VKN-YYYYMM-TYPE-PPPPPP.xml: ${s.file}`,
    );
    return;
  }
  if (s.vkn && p.vkn !== s.vkn)
    o.add(
      'FILE_NAME',
      `dosya adındaki VKN (${p.vkn}) xbrli:identifier (${s.vkn}) ile aynı değil`,
      `the file name VKN (${p.vkn}) differs from xbrli:identifier (${s.vkn})`,
      { field: 'xbrli:identifier' },
    );
  const ps = norm(s.documentInfo['gl-cor:periodCoveredStart']);
  if (ps && p.period !== ps.slice(0, 4) + ps.slice(5, 7))
    o.add(
      'FILE_NAME',
      `dosya adındaki dönem (${p.period}) periodCoveredStart (${ps}) ile aynı değil`,
      `the file name period (${p.period}) differs from periodCoveredStart (${ps})`,
      { field: 'gl-cor:periodCoveredStart' },
    );
  if (s.kind && p.type !== s.kind)
    o.add('FILE_NAME', `dosya adındaki tür (${p.type}) içerikle (${s.kind}) uyuşmuyor`, `the file name type (${p.type}) differs from the content (${s.kind})`);
  const pe = norm(s.documentInfo['gl-cor:periodCoveredEnd']);
  if (p.part === WHOLE_MONTH_PART && s.kind !== 'DR' && ps && pe) {
    const ym = yearMonthOf(p);
    const last = `${ym.year}-${String(ym.month).padStart(2, '0')}-${String(daysInMonth(ym.year, ym.month)).padStart(2, '0')}`;
    if (ps.slice(8, 10) !== '01' || pe.slice(0, 10) !== last)
      o.add('PART_PERIOD', `000000 numaralı parça ayın tamamını kapsamalı (${ps} – ${pe})`, `part 000000 must cover the whole month (${ps} – ${pe})`, {
        field: 'gl-cor:periodCoveredEnd',
      });
  }
  if (s.kind === 'DR' && p.part !== WHOLE_MONTH_PART)
    o.add('FILE_NAME', 'defter raporu her zaman 000000 parça numarasını alır', 'the Defter Raporu is always part 000000');
}

function signatureRules(s: FileSummary, o: FindingList, required: boolean): void {
  const g = s.signature;
  if (!g.present) {
    if (required)
      o.add('SIGNATURE', 'ds:Signature zorunlu (dosya imzalanmamış)', 'ds:Signature is required (the file is not signed)', { field: 'ds:Signature' });
    return;
  }
  const F = (tr: string, en: string, field: string) => o.add('SIGNATURE', tr, en, { field });
  if (!g.last) F('ds:Signature kök elemanın son çocuğu olmalı', 'ds:Signature must be the last child of the root', 'ds:Signature');
  if (!g.transforms) F('ds:SignedInfo/ds:Reference/ds:Transforms zorunlu', 'ds:SignedInfo/ds:Reference/ds:Transforms is required', 'ds:Transforms');
  if (g.refsEmptyUri !== 1)
    F(`URI="" olan tam bir ds:Reference olmalı (${g.refsEmptyUri})`, `exactly one ds:Reference with URI="" (${g.refsEmptyUri})`, 'ds:Reference');
  if (g.signatureMethod && /sha1$/.test(g.signatureMethod)) F('SHA-1 ile imza kabul edilmez', 'SHA-1 signatures are not accepted', 'ds:SignatureMethod');
  if (!g.keyInfo) F('ds:KeyInfo zorunlu', 'ds:KeyInfo is required', 'ds:KeyInfo');
  else if (!g.x509Data) F('ds:KeyInfo/ds:X509Data zorunlu', 'ds:KeyInfo/ds:X509Data is required', 'ds:X509Data');
  else if (!g.x509Certificate) F('ds:X509Data/ds:X509Certificate zorunlu', 'ds:X509Data/ds:X509Certificate is required', 'ds:X509Certificate');
  if (g.subjectNameEmpty) F('ds:X509SubjectName boş olamaz', 'ds:X509SubjectName must not be empty', 'ds:X509SubjectName');
  if (!g.object) F('ds:Object zorunlu', 'ds:Object is required', 'ds:Object');
  else {
    if (!g.signingTime) F('xades:SigningTime zorunlu', 'xades:SigningTime is required', 'xades:SigningTime');
    if (!g.signingCertificate) F('xades:SigningCertificate zorunlu', 'xades:SigningCertificate is required', 'xades:SigningCertificate');
  }
  if ((s.root === 'berat' || s.root === 'defterraporu') && !g.valueId)
    F('ds:SignatureValue Id niteliği taşımalı', 'ds:SignatureValue must carry an Id attribute', 'ds:SignatureValue');
}
