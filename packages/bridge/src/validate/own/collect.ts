/**
 * The streaming handler of layer (a): turns lexer tokens into the records of records.ts and hands
 * each finished entryDetail / entryHeader to the rules (rules-entries.ts) right away, so memory
 * stays flat for files of any size.
 */
import { NS, emptyVergi } from '@edefter/domain';
import type { FindingList } from '../findings.ts';
import { attrValue, nsDecls, type LexerHandler } from '../xml-lexer.ts';
import type { DetailRec, FileSummary, HeaderRec } from './records.ts';
import type { UnitRecord } from '../unit-record.ts';
import { ACCOUNT, ACCOUNT_SUB, compileShape, D_END, D_FIELD, D_MEASURE, D_NEW, H_END, H_FIELD, H_NEW, MEASURABLE, type ShapeProgram } from './shapes.ts';

/** Tries to compile a shape (its first units may still carry attribute texts not checked yet) before giving up on it. */
const SHAPE_TRIES = 3;

/** Hooks the rules provide. */
export interface RuleHooks {
  detailEnd(d: DetailRec, h: HeaderRec): void;
  headerEnd(h: HeaderRec): void;
}

const FIXED_NS: Record<string, string> = { ...NS, defterek: 'http://www.edefter.gov.tr/ek', xades: 'http://uri.etsi.org/01903/v1.3.2#' };

/** Creates an empty summary for a file. */
export function newSummary(file: string, filePath: string, bytes: number): FileSummary {
  return {
    file,
    path: filePath,
    bytes,
    root: '',
    kind: null,
    contexts: 0,
    units: [],
    segment: {},
    documentInfo: {},
    entity: { phones: [], emails: [], orgIds: [], address: null, webSiteURLs: [], accountants: [], present: false },
    headers: 0,
    details: 0,
    debit: 0n,
    credit: 0n,
    vergi: emptyVergi(),
    accounts: new Map(),
    signature: {
      present: false,
      last: true,
      refsEmptyUri: 0,
      transforms: false,
      keyInfo: false,
      x509Data: false,
      x509Certificate: false,
      subjectNameEmpty: false,
      object: false,
      signingTime: false,
      signingCertificate: false,
    },
    binaryObjects: 0,
    binaryObjectList: [],
  };
}

/** Lexer handler that fills a {@link FileSummary} and calls the rule hooks. */
export class Collector implements LexerHandler {
  private stack: string[] = [];
  private hasChild: boolean[] = [];
  private txt = '';
  private header: HeaderRec | null = null;
  private detail: DetailRec | null = null;
  private zone: '' | 'context' | 'unit' | 'docinfo' | 'entity' | 'sig' | 'ext' = '';
  private org: { id: string; desc: string } | null = null;
  private acct: Record<string, string> | null = null;
  private sigEnded = false;
  private unit: { id: string; measures: string[] } | null = null;
  private okAttrs = new Set<string>();
  private binObj: FileSummary['binaryObjectList'][number] | null = null;
  /** Per unit shape: its program (null: through the tokens), and failed tries to compile it. */
  private readonly programs: (ShapeProgram | null | undefined)[] = [];
  private readonly tries: number[] = [];

  constructor(
    private readonly s: FileSummary,
    private readonly out: FindingList,
    private readonly hooks: RuleHooks,
  ) {}

  pi(target: string, data: string): void {
    if (target === 'xml-stylesheet' && this.stack.length === 0) {
      const m = /href\s*=\s*["']([^"']*)["']/.exec(data);
      if (m) this.s.stylesheet = m[1];
    }
  }

  start(q: string, attrs: string, _self: boolean, line: number): void {
    const d = this.stack.length;
    if (d > 0) this.hasChild[d - 1] = true;
    this.stack.push(q);
    this.hasChild[d] = false;
    this.txt = '';
    if (attrs.length > 1 && !this.okAttrs.has(attrs)) {
      const before = this.out.count;
      if (attrs.indexOf('xmlns') >= 0) {
        for (const [p, uri] of nsDecls(attrs)) {
          // own properties only: a prefix named `constructor` is no GİB prefix
          const fixed = Object.hasOwn(FIXED_NS, p) ? FIXED_NS[p] : undefined;
          if (fixed && fixed !== uri)
            this.out.add(
              'NS_PREFIX',
              `'${p}' öneki '${fixed}' ad alanına bağlı olmalı, '${uri}' verilmiş (GİB sabit önekleri)`,
              `prefix '${p}' must be bound to '${fixed}', got '${uri}'`,
              { xmlLine: line, field: q },
            );
          if (p === '' && d === 0)
            this.out.add(
              'NS_DEFAULT',
              'kök elemanda varsayılan ad alanı kullanılmamalı; GİB sabit önekleri kullanılmalı',
              'no default namespace on the root; GİB fixed prefixes must be used',
              { xmlLine: line },
            );
        }
      }
      if (attrs.indexOf('decimals') >= 0) {
        const v = attrValue(attrs, 'decimals');
        if (v !== undefined && v !== 'INF')
          this.out.add('DECIMALS', `'decimals' niteliği 'INF' olmalı ('${v}')`, `'decimals' must be 'INF' ('${v}')`, this.where(line, q));
      }
      if (attrs.indexOf('contextRef') >= 0 && this.s.contextId !== undefined) {
        const v = attrValue(attrs, 'contextRef');
        if (v !== undefined && v !== this.s.contextId)
          this.out.add(
            'CONTEXT_REF',
            `contextRef '${v}' tanımlı bağlamı ('${this.s.contextId}') göstermiyor`,
            `contextRef '${v}' does not name the context '${this.s.contextId}'`,
            this.where(line, q),
          );
      }
      // Attribute texts that passed (the same few on every item element) are not checked again.
      if (this.out.count === before && this.s.contextId !== undefined && this.okAttrs.size < 256 && attrs.indexOf('xmlns') < 0) this.okAttrs.add(attrs);
    }
    if (d === 0) {
      this.s.root = q.startsWith('edefter:') ? q.slice(8) : q;
      return;
    }
    if (d === 1) {
      if (this.sigEnded) this.s.signature.last = false;
      if (q === 'ds:Signature') {
        this.zone = 'sig';
        this.s.signature.present = true;
      } else if (q === 'extensions') this.zone = 'ext';
      return;
    }
    if (this.zone === 'sig') {
      this.sigStart(q, attrs, d);
      return;
    }
    if (this.zone === 'ext') {
      if (q === 'defterek:binaryObject') {
        this.s.binaryObjects++;
        this.binObj = { xmlLine: line, mimeCode: attrValue(attrs, 'mimeCode'), filename: attrValue(attrs, 'filename'), empty: true };
        this.s.binaryObjectList.push(this.binObj);
      }
      return;
    }
    if (d === 2) {
      if (q === 'xbrli:context') {
        this.zone = 'context';
        this.s.contexts++;
        if (this.s.contexts === 1) this.s.contextId = attrValue(attrs, 'id');
      } else if (q === 'xbrli:unit') {
        this.zone = 'unit';
        this.unit = { id: attrValue(attrs, 'id') ?? '', measures: [] };
        this.s.units.push(this.unit);
      }
      return;
    }
    if (d === 3) {
      if (q === 'gl-cor:entryHeader') {
        this.header = { xmlLine: line, f: {}, dup: [], details: 0, sumD: 0n, sumC: 0n, mainIDs: new Set(), subIDs: new Set(), kept: [] };
        this.s.headers++;
      } else if (q === 'gl-cor:documentInfo') this.zone = 'docinfo';
      else if (q === 'gl-cor:entityInformation') {
        this.zone = 'entity';
        this.s.entity.present = true;
      }
      return;
    }
    if (this.header) {
      if (d === 4 && q === 'gl-cor:entryDetail') {
        this.detail = { xmlLine: line, f: {}, dup: [], accounts: 0, accountSubs: 0, measurables: 0, measurable: {}, xbrlIncludes: 0 };
        this.header.details++;
        this.s.details++;
      } else if (this.detail) {
        if (d === 5 && q === 'gl-cor:account') this.detail.accounts++;
        else if (d === 6 && q === 'gl-cor:accountSub') this.detail.accountSubs++;
        else if (d === 5 && q === 'gl-bus:measurable') this.detail.measurables++;
      }
      return;
    }
    if (this.zone === 'entity' && d === 4) {
      if (q === 'gl-bus:organizationIdentifiers') {
        this.org = { id: '', desc: '' };
        this.s.entity.orgIds.push(this.org);
      } else if (q === 'gl-bus:organizationAddress') {
        this.acct = {};
        if (!this.s.entity.address) this.s.entity.address = this.acct;
      } else if (q === 'gl-bus:accountantInformation') {
        this.acct = {};
        this.s.entity.accountants.push(this.acct);
      } else if (q === 'gl-bus:entityWebSite') this.s.entity.webSiteURLs.push(null);
    }
  }

  /**
   * A unit record (docs/validation-shapes.md, own/shapes.ts): a madde or Kebir line of a compiled shape runs its
   * program on the record's values; anything else goes through the tokens.
   */
  takeUnit(rec: UnitRecord): void {
    const id = rec.shape;
    const depth = this.stack.length;
    if (id < 0 || this.zone !== '' || this.detail !== null) {
      rec.replay(this);
      return;
    }
    let p = this.programs[id];
    if (p === undefined) {
      p = compileShape(rec, depth, this.header !== null, (a) => this.okAttrs.has(a));
      if (p !== null || (this.tries[id] = (this.tries[id] ?? 0) + 1) >= SHAPE_TRIES) this.programs[id] = p;
    }
    if (p === null || p.depth !== depth || p.inHeader !== (this.header !== null)) {
      rec.replay(this);
      return;
    }
    this.run(p, rec);
    this.hasChild[depth - 1] = true;
    this.txt = '';
  }

  /** Runs a shape's program on a unit's record: the steps collect.ts's start / end take on its tokens. */
  private run(p: ShapeProgram, rec: UnitRecord): void {
    const { op, name, tok, fixed } = p;
    const s = this.s;
    for (let i = 0; i < op.length; i++) {
      const t = tok[i];
      switch (op[i]) {
        case H_NEW:
          this.header = { xmlLine: rec.lines[t], f: {}, dup: [], details: 0, sumD: 0n, sumC: 0n, mainIDs: new Set(), subIDs: new Set(), kept: [] };
          s.headers++;
          break;
        case D_NEW:
          this.detail = { xmlLine: rec.lines[t], f: {}, dup: [], accounts: 0, accountSubs: 0, measurables: 0, measurable: {}, xbrlIncludes: 0 };
          this.header!.details++;
          s.details++;
          break;
        case ACCOUNT:
          this.detail!.accounts++;
          break;
        case ACCOUNT_SUB:
          this.detail!.accountSubs++;
          break;
        case MEASURABLE:
          this.detail!.measurables++;
          break;
        case D_FIELD: {
          const det = this.detail!;
          const q = name[i];
          if (q === 'gl-cor:xbrlInclude') det.xbrlIncludes++;
          if (det.f[q] !== undefined) det.dup.push(q);
          det.f[q] = t < 0 ? fixed[i] : rec.text(t);
          break;
        }
        case D_MEASURE:
          this.detail!.measurable[name[i]] = t < 0 ? fixed[i] : rec.text(t);
          break;
        case H_FIELD: {
          const h = this.header!;
          const q = name[i];
          if (h.f[q] !== undefined) h.dup.push(q);
          h.f[q] = t < 0 ? fixed[i] : rec.text(t);
          break;
        }
        case D_END:
          this.hooks.detailEnd(this.detail!, this.header!);
          this.detail = null;
          break;
        case H_END:
          this.hooks.headerEnd(this.header!);
          this.header = null;
          break;
      }
    }
  }

  private where(line: number, field: string) {
    const w: { xmlLine: number; field: string; entry?: string; line?: string } = { xmlLine: line, field };
    if (this.header?.f['gl-cor:entryNumberCounter']) w.entry = this.header.f['gl-cor:entryNumberCounter'];
    if (this.detail?.f['gl-cor:lineNumber']) w.line = this.detail.f['gl-cor:lineNumber'];
    return w;
  }

  private sigStart(q: string, attrs: string, d: number): void {
    const g = this.s.signature;
    if (d === 3 && q === 'ds:Reference' && /(?:^|\s)URI\s*=\s*(""|'')/.test(attrs)) g.refsEmptyUri++;
    else if (d === 4 && q === 'ds:Transforms' && this.stack[2] === 'ds:SignedInfo') g.transforms = true;
    else if (d === 3 && q === 'ds:SignatureMethod') g.signatureMethod = attrValue(attrs, 'Algorithm');
    else if (d === 2 && q === 'ds:SignatureValue') g.valueId = attrValue(attrs, 'Id');
    else if (d === 2 && q === 'ds:KeyInfo') g.keyInfo = true;
    else if (d === 3 && q === 'ds:X509Data' && this.stack[2] === 'ds:KeyInfo') g.x509Data = true;
    else if (d === 4 && q === 'ds:X509Certificate' && this.stack[2] === 'ds:KeyInfo') g.x509Certificate = true;
    else if (d === 2 && q === 'ds:Object') g.object = true;
    else if (
      d === 6 &&
      this.stack[3] === 'xades:QualifyingProperties' &&
      this.stack[4] === 'xades:SignedProperties' &&
      this.stack[5] === 'xades:SignedSignatureProperties'
    ) {
      if (q === 'xades:SigningTime') g.signingTime = true;
      if (q === 'xades:SigningCertificate') g.signingCertificate = true;
    }
  }

  text(t: string): void {
    // attachment content (base64, possibly tens of MB) is only looked at, never accumulated
    if (this.zone === 'ext') {
      if (this.binObj && this.binObj.empty && /\S/.test(t)) this.binObj.empty = false;
      return;
    }
    this.txt = this.txt.length ? this.txt + t : t;
  }

  end(q: string, line: number): void {
    const d = this.stack.length - 1;
    this.stack.pop();
    const leaf = !this.hasChild[d];
    const v = leaf ? this.txt : '';
    this.txt = '';
    if (d === 0) return;
    if (d === 1) {
      if (q === 'ds:Signature') {
        this.zone = '';
        this.sigEnded = true;
      } else if (q === 'ds:SignatureValue') this.s.beratSignatureValue = v.replace(/\s+/g, '');
      else if (q === 'extensions') this.zone = '';
      return;
    }
    if (this.zone === 'sig') {
      if (d === 2 && q === 'ds:SignatureValue') this.s.signature.value = v.replace(/\s+/g, '');
      else if (d === 4 && q === 'ds:X509SubjectName' && !v.trim()) this.s.signature.subjectNameEmpty = true;
      return;
    }
    if (this.zone === 'ext') return;
    if (this.header) {
      const h = this.header;
      if (d === 3) {
        this.hooks.headerEnd(h);
        this.header = null;
        return;
      }
      if (this.detail) {
        const det = this.detail;
        if (d === 4) {
          this.hooks.detailEnd(det, h);
          this.detail = null;
          return;
        }
        if (!leaf) return;
        if (d === 6 && this.stack[5] === 'gl-bus:measurable') {
          det.measurable[q] = v;
          return;
        }
        if (q === 'gl-cor:xbrlInclude') det.xbrlIncludes++;
        if (det.f[q] !== undefined) det.dup.push(q);
        det.f[q] = v;
        return;
      }
      if (d === 4 && leaf) {
        if (h.f[q] !== undefined) h.dup.push(q);
        h.f[q] = v;
      }
      return;
    }
    switch (this.zone) {
      case 'context':
        if (d === 2) this.zone = '';
        else if (d === 4 && q === 'xbrli:identifier' && this.s.contexts === 1) this.s.vkn = v.trim();
        else if (d === 5 && this.stack[4] === 'xbrli:segment' && leaf) this.s.segment[q] = v;
        else if (d === 4 && q === 'xbrli:instant') this.s.documentInfo['@instant'] = v.trim();
        return;
      case 'unit':
        if (d === 2) {
          this.zone = '';
          this.unit = null;
        } else if (q === 'xbrli:measure' && this.unit) this.unit.measures.push(v.trim());
        return;
      case 'docinfo':
        if (d === 3) this.zone = '';
        else if (d === 4 && leaf) this.s.documentInfo[q] = v;
        return;
      case 'entity': {
        const e = this.s.entity;
        if (d === 3) {
          this.zone = '';
          return;
        }
        if (d === 4) {
          if (q === 'gl-bus:businessDescription') e.businessDescription = v;
          else if (q === 'gl-bus:fiscalYearStart') e.fiscalYearStart = v.trim();
          else if (q === 'gl-bus:fiscalYearEnd') e.fiscalYearEnd = v.trim();
          else if (q === 'gl-bus:organizationIdentifiers') this.org = null;
          else if (q === 'gl-bus:organizationAddress' || q === 'gl-bus:accountantInformation') this.acct = null;
          return;
        }
        if (d === 5 && leaf) {
          const parent = this.stack[4];
          if (parent === 'gl-bus:entityPhoneNumber' && q === 'gl-bus:phoneNumber') e.phones.push(v);
          else if (parent === 'gl-bus:entityEmailAddressStructure' && q === 'gl-bus:entityEmailAddress') e.emails.push(v);
          else if (parent === 'gl-bus:organizationIdentifiers' && this.org) {
            if (q === 'gl-bus:organizationIdentifier') this.org.id = v;
            else if (q === 'gl-bus:organizationDescription') this.org.desc = v;
          } else if ((parent === 'gl-bus:organizationAddress' || parent === 'gl-bus:accountantInformation') && this.acct) this.acct[q] = v;
          else if (parent === 'gl-bus:entityWebSite' && q === 'gl-bus:webSiteURL') e.webSiteURLs[e.webSiteURLs.length - 1] = v;
        }
        return;
      }
      default:
        void line;
    }
  }
}
