/**
 * Company profile (`company.json`): the taxpayer facts every e-Defter file repeats in
 * `xbrli:identifier` and `gl-cor:entityInformation` (spec §1.4, GİB schematron `entityinformation`).
 * Loaded once per build and validated field by field so the user learns exactly which field is wrong.
 */
import { readFile } from 'node:fs/promises';
import { fail, type MessageParams } from '@edefter/protocol';
import { taxIdProblem } from './tax-id.ts';

/** The validated profile. Dates in `fiscalYearStart`/`fiscalYearEnd` are month-day (`MM-DD`). */
export interface CompanyProfile {
  /** 10-digit VKN (legal entity) or 11-digit TCKN (natural person). */
  vkn: string;
  /** Kurum unvanı (VKN) or adı soyadı (TCKN). */
  title: string;
  address: { street: string; buildingNumber: string; district?: string; city: string; zip: string; country: string };
  phone: string;
  email: string;
  website: string;
  businessDescription: string;
  /** Month-day of the fiscal period start, e.g. `01-01` (özel hesap dönemi: e.g. `07-01`). */
  fiscalYearStart: string;
  /** Month-day of the fiscal period end, e.g. `12-31`. */
  fiscalYearEnd: string;
  accountant: { name: string; engagementType: string };
  /** Şube: 4-digit code (never `0000`) and name; used in file names and organizationIdentifiers. */
  branch?: { code: string; name: string };
  /** `PRODUCER_VKN##PRODUCER_TITLE##PROGRAM_NAME##VERSION` (GİB-UYK §3.2, GİB-XG 4.1.9). */
  sourceApplication: string;
  /** Default `gl-cor:enteredBy` when the export has no `enteredBy` column (≥ 2 characters). */
  enteredBy?: string;
  /**
   * Why the Envanter Defteri may start in the middle of a fiscal period (GİB: an envanter defteri is
   * started at the beginning of a fiscal period, except for a new business or a special fiscal period):
   * `new-business` (yeni işe başlama) or `special-fiscal-period` (özel hesap dönemi). Absent: no mid-year start.
   */
  envanterStart?: 'new-business' | 'special-fiscal-period';
}

/** Records one problem of company.json (texts: catalog `ledger.companyField`). */
type Bad = (
  field: string,
  problem: MessageParams<'ledger.companyField'>['problem'],
  facts?: Omit<MessageParams<'ledger.companyField'>, 'field' | 'problem'>,
) => void;

/** One problem found in company.json: dotted field path and the messages. */
export interface ProfileProblem {
  field: string;
  tr: string;
  en: string;
}

const MD = /^(\d{2})-(\d{2})$/;
const ISO_DATE = /^\d{4}-(\d{2})-(\d{2})$/;

/**
 * Validates an already parsed JSON value as a company profile.
 * @returns the profile, or the list of problems (empty list never returned together with null)
 */
export function checkCompanyProfile(v: unknown): { profile: CompanyProfile | null; problems: ProfileProblem[] } {
  const problems: ProfileProblem[] = [];
  const bad: Bad = (field, problem, facts = {}) => {
    const e = fail('ledger.companyField', { field, problem, ...facts });
    problems.push({ field, tr: e.tr, en: e.en });
  };
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    bad('(kök)', 'notObject');
    return { profile: null, problems };
  }
  const o = v as Record<string, unknown>;
  const str = (obj: Record<string, unknown>, key: string, path: string, min = 1, optional = false): string | undefined => {
    const x = obj[key];
    if (x === undefined || x === null || (typeof x === 'string' && x.trim() === '')) {
      if (!optional) bad(path, 'missing');
      return undefined;
    }
    if (typeof x !== 'string') {
      bad(path, 'notText');
      return undefined;
    }
    const t = x.trim();
    if (t.length < min) bad(path, 'tooShort', { min });
    return t;
  };
  const obj = (key: string, optional = false): Record<string, unknown> | undefined => {
    const x = o[key];
    if (x === undefined && optional) return undefined;
    if (typeof x !== 'object' || x === null || Array.isArray(x)) {
      bad(key, 'notAnObject');
      return undefined;
    }
    return x as Record<string, unknown>;
  };
  const vkn = str(o, 'vkn', 'vkn');
  if (vkn !== undefined && !/^[0-9]{10,11}$/.test(vkn)) bad('vkn', 'vknDigits', { value: vkn });
  else if (vkn !== undefined) {
    const p = taxIdProblem(vkn);
    if (p) bad('vkn', 'vkn', { reason: { tr: p.tr, en: p.en } });
  }
  const title = str(o, 'title', 'title', 2);
  const a = obj('address');
  const address = a
    ? {
        street: str(a, 'street', 'address.street'),
        buildingNumber: str(a, 'buildingNumber', 'address.buildingNumber'),
        district: str(a, 'district', 'address.district', 1, true),
        city: str(a, 'city', 'address.city'),
        zip: str(a, 'zip', 'address.zip'),
        country: str(a, 'country', 'address.country'),
      }
    : undefined;
  const phone = str(o, 'phone', 'phone');
  if (phone && !/^[0-9+()\s-]{7,}$/.test(phone)) bad('phone', 'phone', { value: phone });
  const email = str(o, 'email', 'email');
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) bad('email', 'email', { value: email });
  const website = str(o, 'website', 'website');
  const businessDescription = str(o, 'businessDescription', 'businessDescription');
  const fys = monthDay(str(o, 'fiscalYearStart', 'fiscalYearStart'), 'fiscalYearStart', bad);
  const fye = monthDay(str(o, 'fiscalYearEnd', 'fiscalYearEnd'), 'fiscalYearEnd', bad);
  if (fys && fye) {
    const [sm, sd] = fys.split('-').map(Number);
    const [em, ed] = fye.split('-').map(Number);
    const endExpected = sd === 1 ? (sm === 1 ? 12 : sm - 1) : NaN;
    if (sd !== 1 || em !== endExpected || ed < 28) bad('fiscalYearEnd', 'fiscalPeriod', { start: fys, end: fye });
  }
  const acc = obj('accountant');
  const accountant = acc
    ? { name: str(acc, 'name', 'accountant.name', 2), engagementType: str(acc, 'engagementType', 'accountant.engagementType') }
    : undefined;
  const br = obj('branch', true);
  let branch: CompanyProfile['branch'];
  if (br) {
    const code = str(br, 'code', 'branch.code');
    const name = str(br, 'name', 'branch.name', 2);
    if (code && (!/^[0-9]{4}$/.test(code) || code === '0000')) bad('branch.code', 'branchCode', { value: code });
    if (code && name) branch = { code, name };
  }
  const sourceApplication = str(o, 'sourceApplication', 'sourceApplication');
  if (sourceApplication && !/^[0-9]{10,11}##[^#]+##[^#]+##[^#]+$/.test(sourceApplication))
    bad('sourceApplication', 'sourceApplication', { value: sourceApplication });
  const enteredBy = str(o, 'enteredBy', 'enteredBy', 2, true);
  const envanterStart = str(o, 'envanterStart', 'envanterStart', 1, true);
  if (envanterStart !== undefined && envanterStart !== 'new-business' && envanterStart !== 'special-fiscal-period')
    bad('envanterStart', 'envanterStart', { value: String(envanterStart) });
  if (problems.length) return { profile: null, problems };
  return {
    profile: {
      vkn: vkn!,
      title: title!,
      address: address as CompanyProfile['address'],
      phone: phone!,
      email: email!,
      website: website!,
      businessDescription: businessDescription!,
      fiscalYearStart: fys!,
      fiscalYearEnd: fye!,
      accountant: accountant as CompanyProfile['accountant'],
      ...(branch ? { branch } : {}),
      sourceApplication: sourceApplication!,
      ...(enteredBy ? { enteredBy } : {}),
      ...(envanterStart ? { envanterStart: envanterStart as CompanyProfile['envanterStart'] } : {}),
    },
    problems,
  };
}

function monthDay(s: string | undefined, field: string, bad: Bad): string | undefined {
  if (s === undefined) return undefined;
  let m = MD.exec(s);
  if (!m) {
    const iso = ISO_DATE.exec(s);
    if (iso) m = ['', iso[1], iso[2]] as unknown as RegExpExecArray;
  }
  if (!m || +m[1] < 1 || +m[1] > 12 || +m[2] < 1 || +m[2] > 31) {
    bad(field, 'monthDay', { value: s });
    return undefined;
  }
  return `${m[1]}-${m[2]}`;
}

/**
 * Reads and validates `company.json`.
 * @throws EdefterError(BAD_INPUT) listing every wrong field (`company.json: 'address.city' alanı eksik…`)
 */
export async function loadCompanyProfile(path: string): Promise<CompanyProfile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw fail('ledger.companyUnreadable', { file: path, cause: (e as Error).message });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw fail('ledger.companyNotJson', { file: path, cause: (e as Error).message });
  }
  const { profile, problems } = checkCompanyProfile(json);
  if (!profile) {
    throw fail('ledger.companyInvalid', { file: path, fields: problems.map((p) => p.field), problems: problems.map((p) => ({ tr: p.tr, en: p.en })) });
  }
  return profile;
}
