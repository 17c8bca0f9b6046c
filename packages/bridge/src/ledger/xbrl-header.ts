/**
 * The part every e-Defter document shares (spec §1.2–1.4): XML declaration, stylesheet PI,
 * root with GİB's fixed prefixes, `xbrli:xbrl` with schemaRef, the one context and the units,
 * then `gl-cor:documentInfo` and `gl-cor:entityInformation`. Written in canonical form
 * (see xml-out.ts): namespace declarations on the root only, sorted by prefix.
 */
import { NS, type ContextId, type EntriesType, type RootName, type StylesheetHref } from '@edefter/domain';
import type { CompanyProfile } from './company.ts';
import { escText } from './xml-out.ts';

/** Namespace URIs by GİB's fixed prefixes (spec §1.2): @edefter/domain namespaces.ts. */
export { NS };

/** XBRL-GL platform schema, relative as in GİB's examples. */
const PLT_XSD = '../xsd/2006-10-25/plt/case-c-b/gl-plt-2006-10-25.xsd';
const PLT_NS = 'http://www.xbrl.org/int/gl/plt/2006-10-25';

/** Root names, stylesheet hrefs and context ids per document kind are @edefter/domain's. */
export type { ContextId, RootName };

/** documentInfo values (GİB-XG 4.1). Dates ISO. */
interface DocumentInfo {
  entriesType: EntriesType;
  uniqueID: string;
  creationDate: string;
  entriesComment: string;
  periodCoveredStart: string;
  periodCoveredEnd: string;
  sourceApplication: string;
}

/** Everything needed to write the shared head. */
export interface HeaderSpec {
  root: RootName;
  stylesheet: StylesheetHref;
  contextId: ContextId;
  company: CompanyProfile;
  /** `xbrli:period/xbrli:instant`: the document's creation date. */
  instant: string;
  documentInfo: DocumentInfo;
  /** Fiscal period of the month (gl-bus:fiscalYearStart/End), ISO. */
  fiscalYearStart: string;
  fiscalYearEnd: string;
  /** Canonical XML of the `xbrli:segment` children (berat, DR), or undefined. */
  segmentXml?: string;
  /** Foreign currencies (ISO 4217 codes) of the lines' gl-muc:amountOriginalAmount: one `xbrli:unit` each (id = lower-case code). */
  currencies?: string[];
  /** Write `gl-muc:defaultCurrency` iso4217:TRY in documentInfo (GİB: required when a line has gl-muc:amountCurrency). */
  defaultCurrency?: boolean;
}

/** Writers for item elements bound to one context (contextRef, and unit/decimals for numbers). */
export interface Items {
  /** `<p:name contextRef="ctx">text</p:name>` */
  s(name: string, text: string): string;
  /** Monetary item: unitRef try, decimals INF. */
  money(name: string, text: string): string;
  /** Counter item: unitRef countable, decimals INF. */
  count(name: string, n: number | string): string;
}

/** Item writers for a context id. Attributes are in canonical order (contextRef, decimals, unitRef). */
export function items(ctx: ContextId): Items {
  const c = ` contextRef="${ctx}"`;
  const money = `${c} decimals="INF" unitRef="try"`;
  const count = `${c} decimals="INF" unitRef="countable"`;
  return {
    s: (n, t) => `<${n}${c}>${escText(t)}</${n}>`,
    money: (n, t) => `<${n}${money}>${t}</${n}>`,
    count: (n, v) => `<${n}${count}>${v}</${n}>`,
  };
}

/** Namespace declarations for a root, sorted by prefix as C14N requires. */
function nsDecls(root: RootName): string {
  const prefixes = ['edefter', 'gl-bus', 'gl-cor', 'gl-muc', 'iso4217', 'iso639', 'link', 'xbrli', 'xlink', 'xsi'];
  if (root !== 'defter') prefixes.unshift('ds');
  return prefixes
    .sort()
    .map((p) => ` xmlns:${p}="${NS[p as keyof typeof NS]}"`)
    .join('');
}

/**
 * Renders the head of a document, up to and including the entityInformation.
 * The caller then writes entryHeaders and {@link documentTail}.
 */
export function documentHead(h: HeaderSpec): string {
  const it = items(h.contextId);
  const co = h.company;
  const di = h.documentInfo;
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>\n');
  out.push(`<?xml-stylesheet type="text/xsl" href="${h.stylesheet}"?>\n`);
  out.push(`<edefter:${h.root}${nsDecls(h.root)}>\n`);
  out.push(`<xbrli:xbrl xsi:schemaLocation="${PLT_NS} ${PLT_XSD}">\n`);
  out.push(`<link:schemaRef xlink:href="${PLT_XSD}" xlink:type="simple"></link:schemaRef>\n`);
  out.push(`<xbrli:context id="${h.contextId}">\n<xbrli:entity>\n<xbrli:identifier scheme="http://www.gib.gov.tr">${co.vkn}</xbrli:identifier>\n`);
  if (h.segmentXml) out.push(`<xbrli:segment>\n${h.segmentXml}</xbrli:segment>\n`);
  out.push(`</xbrli:entity>\n<xbrli:period>\n<xbrli:instant>${h.instant}</xbrli:instant>\n</xbrli:period>\n</xbrli:context>\n`);
  out.push('<xbrli:unit id="try">\n<xbrli:measure>iso4217:TRY</xbrli:measure>\n</xbrli:unit>\n');
  out.push('<xbrli:unit id="countable">\n<xbrli:measure>xbrli:pure</xbrli:measure>\n</xbrli:unit>\n');
  for (const c of h.currencies ?? [])
    if (c !== 'TRY') out.push(`<xbrli:unit id="${c.toLowerCase()}">\n<xbrli:measure>iso4217:${c}</xbrli:measure>\n</xbrli:unit>\n`);
  out.push('<gl-cor:accountingEntries>\n<gl-cor:documentInfo>\n');
  out.push(it.s('gl-cor:entriesType', di.entriesType), '\n');
  out.push(it.s('gl-cor:uniqueID', di.uniqueID), '\n');
  out.push(it.s('gl-cor:language', 'iso639:tr'), '\n');
  out.push(it.s('gl-cor:creationDate', di.creationDate), '\n');
  out.push(it.s('gl-bus:creator', co.title), '\n');
  out.push(it.s('gl-cor:entriesComment', di.entriesComment), '\n');
  out.push(it.s('gl-cor:periodCoveredStart', di.periodCoveredStart), '\n');
  out.push(it.s('gl-cor:periodCoveredEnd', di.periodCoveredEnd), '\n');
  out.push(it.s('gl-bus:sourceApplication', di.sourceApplication), '\n');
  if (h.defaultCurrency) out.push(it.s('gl-muc:defaultCurrency', 'iso4217:TRY'), '\n');
  out.push('</gl-cor:documentInfo>\n<gl-cor:entityInformation>\n');
  out.push(
    `<gl-bus:entityPhoneNumber>\n${it.s('gl-bus:phoneNumberDescription', 'main')}\n${it.s('gl-bus:phoneNumber', co.phone)}\n</gl-bus:entityPhoneNumber>\n`,
  );
  out.push(`<gl-bus:entityEmailAddressStructure>\n${it.s('gl-bus:entityEmailAddress', co.email)}\n</gl-bus:entityEmailAddressStructure>\n`);
  const orgDesc = co.vkn.length === 11 ? 'Adı Soyadı' : 'Kurum Unvanı';
  out.push(
    `<gl-bus:organizationIdentifiers>\n${it.s('gl-bus:organizationIdentifier', co.title)}\n${it.s('gl-bus:organizationDescription', orgDesc)}\n</gl-bus:organizationIdentifiers>\n`,
  );
  if (co.branch) {
    out.push(
      `<gl-bus:organizationIdentifiers>\n${it.s('gl-bus:organizationIdentifier', co.branch.code)}\n${it.s('gl-bus:organizationDescription', 'Şube No')}\n</gl-bus:organizationIdentifiers>\n`,
    );
    out.push(
      `<gl-bus:organizationIdentifiers>\n${it.s('gl-bus:organizationIdentifier', co.branch.name)}\n${it.s('gl-bus:organizationDescription', 'Şube Adı')}\n</gl-bus:organizationIdentifiers>\n`,
    );
  }
  const ad = co.address;
  out.push('<gl-bus:organizationAddress>\n');
  out.push(it.s('gl-bus:organizationBuildingNumber', ad.buildingNumber), '\n');
  out.push(it.s('gl-bus:organizationAddressStreet', ad.street), '\n');
  if (ad.district) out.push(it.s('gl-bus:organizationAddressStreet2', ad.district), '\n');
  out.push(it.s('gl-bus:organizationAddressCity', ad.city), '\n');
  out.push(it.s('gl-bus:organizationAddressZipOrPostalCode', ad.zip), '\n');
  out.push(it.s('gl-bus:organizationAddressCountry', ad.country), '\n');
  out.push('</gl-bus:organizationAddress>\n');
  out.push(`<gl-bus:entityWebSite>\n${it.s('gl-bus:webSiteURL', co.website)}\n</gl-bus:entityWebSite>\n`);
  out.push(it.s('gl-bus:businessDescription', co.businessDescription), '\n');
  out.push(it.s('gl-bus:fiscalYearStart', h.fiscalYearStart), '\n');
  out.push(it.s('gl-bus:fiscalYearEnd', h.fiscalYearEnd), '\n');
  out.push(
    `<gl-bus:accountantInformation>\n${it.s('gl-bus:accountantName', co.accountant.name)}\n${it.s('gl-bus:accountantEngagementTypeDescription', co.accountant.engagementType)}\n</gl-bus:accountantInformation>\n`,
  );
  out.push('</gl-cor:entityInformation>\n');
  return out.join('');
}

/** Closes accountingEntries and xbrl; for berats the defter's `ds:SignatureValue` follows as a sibling (spec §1.5 step 4). */
export function documentTail(root: RootName, afterXbrl = ''): string {
  return `</gl-cor:accountingEntries>\n</xbrli:xbrl>\n${afterXbrl}</edefter:${root}>`;
}

/** Re-export of the attribute escaper for segment writers. */
