/**
 * Error catalog, area `ledger`: writing XBRL-GL (Yevmiye, Kebir, berats, Envanter, imports from accounting exports).
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 *
 * Nothing is written when any of these is raised: the input texts end with "Hiçbir dosya yazılmadı." /
 * "Nothing was written." where the accountant must know that the month folder is untouched.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg, type Bilingual } from './entry.ts';

const NONE_TR = 'Hiçbir dosya yazılmadı.';
const NONE_EN = 'Nothing was written.';

/** A place in an input file: `where` is how the message names it (`file:line:column (field)`, `file:line (fiş N)`). */
type At = { where: string; file: string; line: number; column?: number; field?: string; entryNumber?: string };
const at: At = { where: '6090408038-202601.csv:12:4 (amount)', file: '6090408038-202601.csv', line: 12, column: 4, field: 'amount' };

/** What is wrong with an `--attach` PDF (`ledger.attachmentInvalid`); facts are optional per problem. */
type Attach = {
  problem: 'option' | 'nameNotPdf' | 'empty' | 'tooLarge' | 'notPdf' | 'notFound' | 'zipUnreadable' | 'unsafeName' | 'notInZip' | 'changed';
  reason: 'attachment';
  value?: string;
  source?: string;
  file?: string;
  size?: number;
  max?: number;
  now?: number;
  zip?: string;
  where?: string;
  name?: string;
};
const ATTACH: Record<Attach['problem'], (p: Attach) => Bilingual> = {
  option: (p) => ({
    tr: `--attach ${p.value}: MADDE=dosya.pdf biçiminde olmalı (MADDE: fiş numarası, entryNumber)`,
    en: `--attach ${p.value}: use ` + `MADDE=file.pdf (MADDE: the entryNumber)`,
  }),
  nameNotPdf: (p) => ({
    tr: `${p.source}: ek dosyasının adı '.pdf' ile bitmeli (küçük harf; GİB kuralı: defterek:binaryObject filename niteliğinin son 4 karakteri '.pdf')`,
    en: `${p.source}: the attachment's name must end in '.pdf' (lower case; GİB rule on defterek:binaryObject/@filename)`,
  }),
  empty: (p) => ({
    tr: `${p.source}: ek dosyası boş (GİB kuralı: defterek:binaryObject değeri boş olamaz)`,
    en: `${p.source}: the attachment is empty (GİB rule: ` + `defterek:binaryObject must not be empty)`,
  }),
  tooLarge: (p) => ({
    tr: `${p.source}: ek dosyası ${p.size} bayt; en fazla ${p.max} bayt olabilir`,
    en: `${p.source}: the attachment is ${p.size} ` + `bytes; at most ${p.max} bytes`,
  }),
  notPdf: (p) => ({
    tr: `${p.source}: ek bir PDF değil (dosya '%PDF-' ile başlamıyor); GİB yalnızca application/pdf kabul eder`,
    en: `${p.source}: the attachment is not a PDF (it does not start with '%PDF-'); GİB accepts application/pdf only`,
  }),
  notFound: (p) => ({ tr: `${p.source}: ek dosyası bulunamadı: ${p.file}`, en: `${p.source}: attachment not found: ${p.file}` }),
  zipUnreadable: (p) => ({ tr: `${p.zip}: zip okunamadı`, en: `${p.zip}: cannot read the zip` }),
  unsafeName: (p) => ({
    tr: `${p.where}: ek adı '${p.name}' güvenli değil ('..', mutlak yol veya ters bölü kullanılamaz)`,
    en: `${p.where}: attachment name '${p.name}' is unsafe ('..', absolute paths and backslashes are refused)`,
  }),
  changed: (p) => ({
    tr: `${p.source}: ek dosyası denetlendikten sonra değişti (${p.size} → ${p.now} bayt)`,
    en: `${p.source}: the attachment changed after it was ` + `checked (${p.size} → ${p.now} bytes)`,
  }),
  notInZip: (p) => ({ tr: `${p.where}: '${p.name}' dışa aktarım zip'inde (${p.zip}) yok`, en: `${p.where}: '${p.name}' is not in the export zip (${p.zip})` }),
};

/** What is wrong with one field of company.json (`ledger.companyField`); `field` is the dotted path. */
type CompanyField = {
  field: string;
  problem:
    | 'notObject'
    | 'missing'
    | 'notText'
    | 'tooShort'
    | 'notAnObject'
    | 'vknDigits'
    | 'vkn'
    | 'phone'
    | 'email'
    | 'fiscalPeriod'
    | 'branchCode'
    | 'sourceApplication'
    | 'envanterStart'
    | 'monthDay';
  value?: string;
  min?: number;
  reason?: Bilingual;
  start?: string;
  end?: string;
};
const COMPANY: Record<CompanyField['problem'], (p: CompanyField) => Bilingual> = {
  notObject: () => ({ tr: 'company.json bir JSON nesnesi olmalıdır', en: 'company.json must be a JSON object' }),
  missing: (p) => ({ tr: `'${p.field}' alanı eksik veya boş`, en: `field '${p.field}' is missing or empty` }),
  notText: (p) => ({ tr: `'${p.field}' metin olmalıdır`, en: `field '${p.field}' must be a string` }),
  tooShort: (p) => ({ tr: `'${p.field}' en az ${p.min} karakter olmalıdır`, en: `field '${p.field}' needs at least ${p.min} characters` }),
  notAnObject: (p) => ({ tr: `'${p.field}' bir nesne olmalıdır`, en: `field '${p.field}' must be an object` }),
  vknDigits: (p) => ({
    tr: `'vkn' 10 haneli VKN veya 11 haneli TCKN olmalıdır (verilen: ${p.value})`,
    en: `'vkn' must be a 10-digit VKN or 11-digit TCKN (got ${p.value})`,
  }),
  vkn: (p) => ({ tr: `'vkn': ${p.reason?.tr}`, en: `'vkn': ${p.reason?.en}` }),
  phone: (p) => ({ tr: `'phone' geçerli bir telefon numarası değil: ${p.value}`, en: `'phone' is not a phone number: ${p.value}` }),
  email: (p) => ({ tr: `'email' geçerli bir e-posta adresi değil: ${p.value}`, en: `'email' is not an e-mail address: ${p.value}` }),
  fiscalPeriod: (p) => ({
    tr: `hesap dönemi ${p.start} ile başlayıp bir önceki ayın son günü bitmelidir (verilen: ${p.start} – ${p.end})`,
    en: `the fiscal period must start on the 1st of a month and end on the last day of the previous month (got ${p.start} – ${p.end})`,
  }),
  branchCode: (p) => ({
    tr: `'branch.code' 4 haneli olmalı ve 0000 olmamalıdır (verilen: ${p.value})`,
    en: `'branch.code' must be 4 digits and not ` + `0000 (got ${p.value})`,
  }),
  sourceApplication: (p) => ({
    tr: `'sourceApplication' ÜRETİCİ_VKN##ÜRETİCİ_UNVAN##PROGRAM##SÜRÜM biçiminde olmalıdır (verilen: ${p.value})`,
    en: `'sourceApplication' must be PRODUCER_VKN##PRODUCER_TITLE##PROGRAM##VERSION (got ${p.value})`,
  }),
  envanterStart: (p) => ({
    tr: `'envanterStart' 'new-business' (yeni işe başlama) veya 'special-fiscal-period' (özel hesap dönemi) olmalıdır (verilen: ${p.value})`,
    en: `'envanterStart' must be 'new-business' or 'special-fiscal-period' (got ${p.value})`,
  }),
  monthDay: (p) => ({
    tr: `'${p.field}' AA-GG (ör. 01-01) veya YYYY-AA-GG biçiminde olmalıdır (verilen: ${p.value})`,
    en: `'${p.field}' must be MM-DD (e.g. 01-01) or ` + `YYYY-MM-DD (got ${p.value})`,
  }),
};

/** A madde of an export: where its first line is. */
type Madde = { file: string; line: number; entryNumber: string };
const madde: Madde = { file: '6090408038-202601.csv', line: 3, entryNumber: '7' };
const maddeTr = (p: Madde): string => `${p.file}:${p.line} (fiş ${p.entryNumber})`;
const maddeEn = (p: Madde): string => `${p.file}:${p.line} (entry ${p.entryNumber})`;

/** A finding list (validate/findings.ts `Finding`, JSON-safe copy). */
type FindingParam = { readonly [k: string]: string | number | boolean | null | undefined | readonly string[] };

/**
 * Why one field of an input row (Yevmiye export, Envanter export, accounting-program profiles) is refused:
 * problem name → both texts from its facts. `ledger.fieldInvalid` puts the place before and "Hiçbir dosya
 * yazılmadı." after. Sources: GİB e-Defter kılavuzu and edefter_yevmiye.sch / envanter_defter.sch rules cited in the texts.
 */
const NEEDED_BECAUSE = {
  currency: { tr: 'döviz bilgisi olan satırda para birimi zorunludur', en: 'a line with foreign-currency data needs its currency' },
  amount: { tr: 'para birimi olan satırda döviz tutarı zorunludur', en: 'a currency needs its original amount' },
  rate: { tr: 'para birimi olan satırda kur zorunludur', en: 'a currency needs its exchange rate' },
  rateDate: { tr: 'döviz tutarı olan satırda kur tarihi zorunludur', en: 'an original amount needs its exchange rate date' },
} as const;
const FIELD = {
  empty: (p: { name: string; column: string }) => ({ tr: `${p.name} boş olamaz`, en: `${p.column} must not be empty` }),
  emptyBecause: (p: { column: string; because: keyof typeof NEEDED_BECAUSE }) => ({
    tr: `${p.column} boş olamaz: ${NEEDED_BECAUSE[p.because].tr} (GİB kuralı)`,
    en: `${p.column} must not be empty: ${NEEDED_BECAUSE[p.because].en} (GİB rule)`,
  }),
  controlChar: () => ({ tr: "metinde XML'de kullanılamayan kontrol karakteri var", en: 'the text holds a control character XML cannot carry' }),
  postingDate: (p: { value: string }) => ({
    tr: `geçersiz tarih '${p.value}' (YYYY-AA-GG veya GG.AA.YYYY olmalı)`,
    en: `invalid date '${p.value}' ` + `(use YYYY-MM-DD or DD.MM.YYYY)`,
  }),
  date: (p: { value: string }) => ({ tr: `geçersiz tarih '${p.value}'`, en: `invalid date '${p.value}'` }),
  accountMainLength: (p: { value: string }) => ({
    tr: `ana hesap kodu 3 veya 4 karakter olmalı ('${p.value}')`,
    en: `accountMainID must have 3 or 4 characters ('${p.value}')`,
  }),
  accountSubPrefix: (p: { sub: string; main: string }) => ({
    tr: `alt hesap kodu '${p.sub}' ana hesap kodu '${p.main}' ile başlamalı`,
    en: `accountSubID '${p.sub}' must start with accountMainID '${p.main}'`,
  }),
  accountSubDescriptionMissing: () => ({ tr: 'alt hesap kodu varken alt hesap adı boş olamaz', en: 'accountSubDescription is required with accountSubID' }),
  accountSubIdMissing: () => ({ tr: 'alt hesap adı var ama alt hesap kodu boş', en: 'accountSubDescription without accountSubID' }),
  amountEmpty: () => ({ tr: 'tutar boş', en: 'amount is empty' }),
  amountMissing: () => ({ tr: 'tutar boş olamaz', en: 'amount must not be empty' }),
  amountNotNumber: (p: { value: string }) => ({ tr: `tutar sayı değil: '${p.value}'`, en: `amount is not a number: '${p.value}'` }),
  amountNegative: (p: { value: string }) => ({
    tr: `tutar negatif olamaz: '${p.value}' (ters kayıt için borç/alacak kodunu değiştirin)`,
    en: `amount must not be negative: '${p.value}' (swap ` + `the D/C code instead)`,
  }),
  amountDecimals: (p: { value: string }) => ({
    tr: `tutar en fazla 2 ondalık basamak içerebilir: '${p.value}'`,
    en: `amount may have at most 2 ` + `decimals: '${p.value}'`,
  }),
  amountZero: (p: { value: string }) => ({ tr: `tutar 0'dan büyük olmalı: '${p.value}'`, en: `amount must be greater than 0: '${p.value}'` }),
  envanterAmount: (p: { value: string }) => ({
    tr: `tutar 0'dan büyük, en fazla 2 ondalıklı bir sayı olmalı ('${p.value}')`,
    en: `must be a number > 0 with at most 2 decimals ('${p.value}')`,
  }),
  envanterDecimal: (p: { value: string }) => ({
    tr: `0'dan büyük bir sayı olmalı (en fazla 8 ondalık; '${p.value}')`,
    en: `must be a number > 0 (at ` + `most 8 decimals; '${p.value}')`,
  }),
  envanterCurrency: (p: { value: string }) => ({
    tr: `ISO 4217 para birimi kodu olmalı ('${p.value}')`,
    en: `must be an ISO 4217 currency code ` + `('${p.value}')`,
  }),
  envanterRateDate: (p: { value: string }) => ({ tr: `geçersiz kur tarihi '${p.value}'`, en: `invalid exchange rate date '${p.value}'` }),
  envanterForeignNoAmount: () => ({
    tr: 'döviz bilgisi var ama döviz tutarı (amountOriginalAmount) boş',
    en: 'foreign-currency fields without amountOriginalAmount',
  }),
  envanterForeignNoCurrency: () => ({
    tr: 'döviz tutarı varken döviz cinsi (amountOriginalCurrency) zorunludur (GİB kuralı)',
    en: 'amountOriginalCurrency is required with amountOriginalAmount (GİB rule)',
  }),
  envanterForeignNoRate: () => ({
    tr: 'döviz cinsi varken kur (amountOriginalExchangeRate) zorunludur (GİB kuralı)',
    en: 'amountOriginalExchangeRate is required with amountOriginalCurrency (GİB rule)',
  }),
  envanterForeignNoRateDate: () => ({
    tr: 'döviz tutarı varken kur tarihi (amountOriginalExchangeRateDate) zorunludur (GİB kuralı)',
    en: 'amountOriginalExchangeRateDate is required with amountOriginalAmount (GİB rule)',
  }),
  envanterMeasurableCode: (p: { value: string; codes: readonly string[] }) => ({
    tr: `ölçü kodu GİB listesinde yok ('${p.value}'; ${p.codes.join(', ')})`,
    en: `measurableCode is not in GİB's list ('${p.value}'; ${p.codes.join(', ')})`,
  }),
  envanterMeasurableDescription: () => ({
    tr:
      "envanter defterinde ölçü kodu açıklaması (measurableCodeDescription) yazılamaz: GİB'in envanter_defter.sch kuralı bu alanı taşıyan her dosyayı " +
      'reddeder; sütunu boş bırakın',
    en: "measurableCodeDescription cannot be written in an envanter: GİB's envanter_defter.sch refuses every file that carries it; leave the column empty",
  }),
  envanterUnit: (p: { value: string }) => ({
    tr: `birim kodu GİB listesinde yok ('${p.value}'; ör. C62 adet, KGM kilogram, LTR litre)`,
    en: `unit code is not in GİB's list ('${p.value}'; ` + `e.g. C62 piece, KGM, LTR)`,
  }),
  envanterNoQuantity: () => ({ tr: 'miktar bilgisi var ama miktar (measurableQuantity) boş', en: 'quantity fields without measurableQuantity' }),
  envanterNoUnit: () => ({ tr: 'miktar varken birim (measurableUnitOfMeasure) zorunludur', en: 'measurableUnitOfMeasure is required with measurableQuantity' }),
  envanterDate: (p: { date: string; value: string }) => ({
    tr: `envanter tarihi ${p.date} olmalı ('${p.value}'): envanter defteri tek bir günün dökümüdür (periodCoveredStart = periodCoveredEnd)`,
    en: `must be the inventory date ${p.date} ('${p.value}'): an envanter is a one-day snapshot`,
  }),
  debitCreditCode: (p: { value: string }) => ({
    tr: `bilinmeyen borç/alacak kodu '${p.value}' (D/C veya B/A olmalı)`,
    en: `unknown debit/credit code ` + `'${p.value}' (use D/C or B/A)`,
  }),
  documentType: (p: { value: string; types: readonly string[] }) => ({
    tr: `belge türü '${p.value}' e-Defter listesinde yok (${p.types.join(', ')})`,
    en: `documentType '${p.value}' is not in the e-Defter list ` + `(${p.types.join(', ')})`,
  }),
  documentDate: (p: { value: string }) => ({ tr: `geçersiz belge tarihi '${p.value}'`, en: `invalid documentDate '${p.value}'` }),
  documentTypeMissing: () => ({
    tr: 'belge numarası veya tarihi varken belge türü boş olamaz',
    en: 'documentType is required with documentNumber/documentDate',
  }),
  documentTypeDescriptionMissing: () => ({
    tr: "belge türü 'other' iken belge türü açıklaması zorunludur",
    en: "documentTypeDescription is required when documentType is 'other'",
  }),
  documentNumberDateMissing: (p: { type: string }) => ({
    tr: `belge türü '${p.type}' iken belge numarası ve belge tarihi zorunludur`,
    en: `documentNumber and documentDate are required for documentType ` + `'${p.type}'`,
  }),
  enteredByShort: () => ({ tr: 'kaydı giren (enteredBy) en az 2 karakter olmalı', en: 'enteredBy needs at least 2 characters' }),
  enteredDate: (p: { value: string }) => ({ tr: `geçersiz kayıt tarihi '${p.value}'`, en: `invalid enteredDate '${p.value}'` }),
  enteredDateNotPostingDate: (p: { enteredDate: string; postingDate: string }) => ({
    tr: `kayıt tarihi (${p.enteredDate}) fiş tarihiyle (${p.postingDate}) aynı olmalı (GİB kuralı: postingDate = enteredDate)`,
    en: `enteredDate (${p.enteredDate}) must equal postingDate (${p.postingDate}) (GİB rule)`,
  }),
  entryNumberCounter: (p: { value: string }) => ({
    tr: `yevmiye madde numarası pozitif tam sayı olmalı ('${p.value}')`,
    en: `entryNumberCounter must be a positive integer ('${p.value}')`,
  }),
  documentReference: (p: { value: string; entryNumber: string }) => ({
    tr: `belge referansı '${p.value}' fiş numarasıyla ('${p.entryNumber}') aynı olmalı (GİB kuralı: gl-cor:documentReference = üstteki gl-cor:entryNumber)`,
    en: `documentReference '${p.value}' must equal the entryNumber '${p.entryNumber}' (GİB rule)`,
  }),
  notANumber: (p: { name: string; column: string; value: string }) => ({
    tr: `${p.name} sayı değil: '${p.value}'`,
    en: `${p.column} is not a positive ` + `number: '${p.value}'`,
  }),
  tooManyDecimals: (p: { name: string; column: string; value: string; max: number }) => ({
    tr: `${p.name} en fazla ${p.max} ondalık basamak içerebilir: '${p.value}'`,
    en: `${p.column} may have at most ${p.max} decimals: '${p.value}'`,
  }),
  notPositive: (p: { name: string; column: string; value: string }) => ({
    tr: `${p.name} 0'dan büyük olmalı: '${p.value}'`,
    en: `${p.column} must be ` + `greater than 0: '${p.value}'`,
  }),
  currency: (p: { value: string }) => ({
    tr: `para birimi '${p.value}' ISO 4217 kodu değil (ör. USD, EUR)`,
    en: `currency '${p.value}' is not an ISO ` + `4217 code (e.g. USD, EUR)`,
  }),
  amountCurrencyNotTry: (p: { value: string }) => ({
    tr: `amountCurrency '${p.value}' olamaz: gl-cor:amount her zaman TL'dir (TRY); döviz tutarı için amountOriginalAmount/amountOriginalCurrency kullanın`,
    en: `amountCurrency '${p.value}' is not possible: gl-cor:amount is always in TRY; use amountOriginalAmount/amountOriginalCurrency for the foreign amount`,
  }),
  rateDate: (p: { value: string }) => ({
    tr: `geçersiz kur tarihi '${p.value}' (YYYY-AA-GG veya GG.AA.YYYY olmalı)`,
    en: `invalid amountOriginalExchangeRateDate '${p.value}' (use ` + `YYYY-MM-DD or DD.MM.YYYY)`,
  }),
  measurableFixed: (p: { column: string; value: string; fixed: string }) => ({
    tr: `${p.column} '${p.value}' olamaz: GİB kuralı bu değeri '${p.fixed}' olarak sabitler (boş bırakılırsa '${p.fixed}' yazılır)`,
    en: `${p.column} '${p.value}' is not allowed: GİB's rule fixes it to '${p.fixed}' (left empty, '${p.fixed}' is written)`,
  }),
  measurableNoQuantity: () => ({
    tr: 'miktar bilgisi olan satırda measurableQuantity zorunludur (GİB kuralı)',
    en: 'a line with measurable data needs measurableQuantity (GİB rule)',
  }),
  measurableNoCost: () => ({
    tr: 'miktar bilgisi olan satırda measurableCostPerUnit zorunludur (GİB kuralı)',
    en: 'a line with measurable data needs measurableCostPerUnit (GİB rule)',
  }),
  measurableProduct: (p: { costPerUnit: string; quantity: string; product: number; amount: string }) => ({
    tr:
      `birim fiyat × miktar (${p.costPerUnit} × ${p.quantity} = ${p.product}) satır tutarına (${p.amount}) eşit olmalı ` +
      '(GİB kuralı: gl-bus:measurableCostPerUnit * gl-bus:measurableQuantity = gl-cor:amount)',
    en: `measurableCostPerUnit × measurableQuantity (${p.costPerUnit} × ${p.quantity} = ${p.product}) must equal the line amount (${p.amount}) (GİB rule)`,
  }),
  taxId: (p: { reason: Bilingual }) => ({ tr: p.reason.tr, en: p.reason.en }),
  outsidePeriod: (p: { date: string; period: string }) => ({
    tr: `tarih ${p.date} defter döneminin (${p.period}) dışında`,
    en: `date ${p.date} is outside the period ${p.period}`,
  }),
  mixedMonths: (p: { date: string; period: string }) => ({
    tr: `dışa aktarımda birden çok ay var: ${p.date}, ilk satırların ayı ${p.period} (her ay ayrı oluşturulmalı)`,
    en: `the export mixes months: ${p.date} vs ${p.period} (build each month separately)`,
  }),
  maddeDatesDiffer: (p: { entryNumber: string; date: string; other: string }) => ({
    tr: `aynı maddenin (fiş ${p.entryNumber}) satırlarında farklı tarih: ${p.date} ≠ ${p.other}`,
    en: `lines of one madde (entry ${p.entryNumber}) have different dates: ${p.date} ≠ ${p.other}`,
  }),
  columnsFillSameField: (p: { first: string; second: string; target: string }) => ({
    tr: `'${p.first}' ve '${p.second}' sütunları aynı alanı (${p.target}) dolduruyor; birini çıkarın`,
    en: `columns '${p.first}' and '${p.second}' both fill ${p.target}; remove one`,
  }),
  branchNumber: (p: { value: string }) => ({
    tr: `şube numarası 1–4 haneli bir sayı olmalı ('${p.value}'; 0 = şube yok)`,
    en: `the şube number must ` + `be 1–4 digits ('${p.value}'; 0 = no şube)`,
  }),
  lineOfOtherBranch: (p: { code: string; branch: string }) => ({
    tr: `satır ${p.code} şubesine ait, defter ise ${p.branch} şubesinin (company.json → branch.code)`,
    en: `the line belongs to şube ${p.code}, the defter to şube ${p.branch} (company.json branch.code)`,
  }),
  lineBranchWithoutCompanyBranch: (p: { code: string }) => ({
    tr: `satır ${p.code} şubesine ait, company.json'da şube (branch) yok; şube defteri için branch.code ve branch.name verin`,
    en: `the line belongs to şube ${p.code} but company.json has no branch; give branch.code and branch.name for a şube defter`,
  }),
  lineNumber: (p: { value: string }) => ({
    tr: `satır numarası pozitif tam sayı olmalı ('${p.value}')`,
    en: `the line number must be a positive ` + `integer ('${p.value}')`,
  }),
  lineNumberGap: (p: { previous: number; value: string }) => ({
    tr: `satır numaraları kesintisiz artmalı: ${p.previous} satırından sonra ${p.previous + 1} beklenirdi, '${p.value}' geldi`,
    en: `line numbers must be consecutive: expected ${p.previous + 1} after ${p.previous}, got '${p.value}'`,
  }),
  lineMaddeNumber: (p: { value: string; header: string; madde: string }) => ({
    tr: `satırın madde numarası (${p.value}) maddenin numarasıyla (${p.header} = '${p.madde}') aynı olmalı`,
    en: `the line's madde number (${p.value}) must equal the madde's (${p.header} = '${p.madde}')`,
  }),
  maddeFisKeysDiffer: (p: { entryNumber: string; key: string; other: string }) => ({
    tr: `aynı maddenin (fiş ${p.entryNumber}) satırlarında farklı fiş anahtarı: '${p.key}' ≠ '${p.other}' (iki ERP fişi tek maddede birleşmiş olabilir)`,
    en: `lines of one madde (entry ${p.entryNumber}) carry different fiş keys: '${p.key}' ≠ '${p.other}' (two ERP fişler merged into one madde?)`,
  }),
  lineTaxNumberNotCompany: (p: { value: string; vkn: string }) => ({
    tr: `satırdaki vergi numarası (${p.value}) şirketin VKN'si (${p.vkn}) değil; başka bir mükellefin kaydı bu deftere giremez`,
    en: `the line's tax number (${p.value}) is not the company's VKN (${p.vkn}); another taxpayer's line cannot enter this defter`,
  }),
  envanterCommentChanges: (p: { entryNumber: string }) => ({
    tr: `aynı madde (${p.entryNumber}) içinde madde açıklaması değişemez`,
    en: `the madde comment must not change within madde ${p.entryNumber}`,
  }),
  envanterBranchChanges: (p: { entryNumber: string }) => ({
    tr: `aynı madde (${p.entryNumber}) içinde şube (batchID) değişemez`,
    en: `batchID must not change within madde ${p.entryNumber}`,
  }),
  envanterMaddeNotConsecutive: (p: { entryNumber: string }) => ({
    tr: `madde ${p.entryNumber} satırları ardışık değil (aynı madde numarası daha önce kullanıldı)`,
    en: `the lines of madde ${p.entryNumber} are not ` + `consecutive`,
  }),
  envanterEnteredByEmpty: () => ({
    tr: "kaydı giren (enteredBy) boş; sütunu doldurun ya da company.json'a enteredBy ekleyin",
    en: 'enteredBy is empty; fill the column or add enteredBy to company.json',
  }),
  maddeCountersDiffer: () => ({ tr: 'aynı maddenin satırlarında farklı madde numarası', en: 'lines of one madde carry different entryNumberCounter values' }),
} satisfies Record<string, (p: never) => Bilingual>;

/** Names of the field problems of `ledger.fieldInvalid`. */
export type LedgerFieldProblem = keyof typeof FIELD;
/** The facts a field problem's texts are rendered from. */
export type LedgerFieldFacts<N extends LedgerFieldProblem> = Parameters<(typeof FIELD)[N]>[0] extends undefined
  ? Record<never, never>
  : Parameters<(typeof FIELD)[N]>[0];
type FieldFactsParam = { readonly [k: string]: string | number | readonly string[] | Bilingual };
const field = (p: { problem: LedgerFieldProblem; facts: FieldFactsParam }): Bilingual => (FIELD[p.problem] as (f: FieldFactsParam) => Bilingual)(p.facts);

/** `ledger.*` entries. */
export const LEDGER = area('ledger', {
  // --- a bad value at a place of the input (a named field problem and its facts)
  'ledger.fieldInvalid': msg<At & { problem: LedgerFieldProblem; facts: FieldFactsParam }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.where}: ${field(p).tr}. ${NONE_TR}`,
    en: (p) => `${p.where}: ${field(p).en}. ${NONE_EN}`,
    sample: { ...at, problem: 'accountSubPrefix', facts: { sub: '10201', main: '101' } },
  }),
  'ledger.maddeTooFewLines': msg<Madde>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${maddeTr(p)}: yevmiye maddesi en az iki satır (borç ve alacak) içermelidir. ${NONE_TR}`,
    en: (p) => `${maddeEn(p)}: a madde needs at least two lines. ${NONE_EN}`,
    sample: madde,
  }),
  'ledger.maddeUnbalanced': msg<Madde & { debit: string; credit: string; debitTr: string; creditTr: string; differenceTr: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${maddeTr(p)}: madde dengesiz: borç toplamı ${p.debitTr} ≠ alacak toplamı ${p.creditTr} (fark ${p.differenceTr}). ${NONE_TR}`,
    en: (p) => `${maddeEn(p)}: unbalanced madde: debit ${p.debit} ≠ credit ${p.credit} (kuruş). ${NONE_EN}`,
    sample: { ...madde, debit: '10000', credit: '9000', debitTr: '100,00', creditTr: '90,00', differenceTr: '10,00' },
  }),
  'ledger.maddeDateOrder': msg<Madde & { date: string; previous: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${maddeTr(p)}: maddeler tarih sırasına göre olmalı: ${p.date}, önceki maddenin tarihi ${p.previous}'ten önce. ${NONE_TR}`,
    en: (p) => `${maddeEn(p)}: maddeler must be in date order: ${p.date} is before the previous madde's ${p.previous}. ${NONE_EN}`,
    sample: { ...madde, date: '2026-01-02', previous: '2026-01-03' },
  }),
  'ledger.maddeCounter': msg<Madde & { counter: number; expected: number }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) =>
      `${maddeTr(p)}: ERP'nin yevmiye madde numarası ${p.counter}, beklenen ${p.expected} (madde numaraları dönem boyunca müteselsil ` + `olmalı). ${NONE_TR}`,
    en: (p) => `${maddeEn(p)}: the ERP's entryNumberCounter is ${p.counter}, expected ${p.expected} (must be consecutive over the fiscal period). ${NONE_EN}`,
    sample: { ...madde, counter: 9, expected: 8 },
  }),
  'ledger.attachmentInvalid': msg<Attach>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${ATTACH[p.problem](p).tr}. ${NONE_TR}`,
    en: (p) => `${ATTACH[p.problem](p).en}. ${NONE_EN}`,
    sample: { problem: 'tooLarge', reason: 'attachment', source: 'a.pdf', size: 2e8, max: 1e8 },
  }),
  'ledger.taxIdInvalid': msg<{ where: string; value: string; reason: 'tax-id'; problem: Bilingual }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.where}: ${p.problem.tr}`,
    en: (p) => `${p.where}: ${p.problem.en}`,
    sample: { where: 'company.json vkn', value: '123', reason: 'tax-id', problem: { tr: 'VKN 10 haneli olmalı', en: 'a VKN has 10 digits' } },
  }),
  // --- files and containers of the export
  'ledger.exportNotFound': msg<{ file: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `ERP dışa aktarım dosyası bulunamadı: ${p.file}`,
    en: (p) => `ERP export not found: ${p.file}`,
    sample: { file: '/x/6090408038-202601.csv' },
  }),
  'ledger.zipNoTables': msg<{ file: string; name: string; xls: boolean }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) =>
      `${p.name}: zip içinde .csv, .txt veya .xlsx dosyası ` +
      `yok${p.xls ? " (eski Excel .xls biçimi okunmaz: çalışma kitabını Excel'de .xlsx olarak kaydedin)" : ''}`,
    en: (p) => `${p.name}: the zip holds no .csv, .txt or .xlsx file${p.xls ? ' (the old Excel .xls format is not read: save the workbook as .xlsx)' : ''}`,
    sample: { file: '/x/a.zip', name: 'a.zip', xls: true },
  }),
  'ledger.zipBomb': msg<{ file: string; name: string; uncompressedBytes: number; limit: number }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.name}: zip içeriği açıldığında ${p.uncompressedBytes} bayt olacak; güvenli sınır ${p.limit} bayt (zip bombası olabilir). Dosya işlenmedi.`,
    en: (p) =>
      `${p.name}: the zip would expand to ${p.uncompressedBytes} bytes, past the limit of ${p.limit} bytes (possible zip bomb). Nothing was ` + `processed.`,
    sample: { file: '/x/a.zip', name: 'a.zip', uncompressedBytes: 9e9, limit: 4e9 },
  }),
  'ledger.zipUnsafeEntry': msg<{ file: string; cause: Bilingual }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.file}: güvensiz zip girdisi reddedildi (${p.cause.tr}): '..' veya mutlak yol içeren girdiler kabul edilmez. Dosya işlenmedi.`,
    en: (p) => `${p.file}: unsafe zip entry refused (${p.cause.en}): entries with '..' or absolute paths are not accepted. Nothing was processed.`,
    sample: { file: 'a.zip', cause: { tr: 'invalid relative path: ../x', en: 'invalid relative path: ../x' } },
  }),
  'ledger.zipUnreadable': msg<{ file: string; cause: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.file}: zip dosyası okunamadı (${p.cause})`,
    en: (p) => `${p.file}: cannot read the zip (${p.cause})`,
    sample: { file: 'a.zip', cause: 'end of central directory record signature not found' },
  }),
  'ledger.zipTooManyEntries': msg<{ file: string; name: string; maxEntries: number }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.name}: zip içinde çok fazla girdi var (> ${p.maxEntries})`,
    en: (p) => `${p.name}: too many zip entries (> ${p.maxEntries})`,
    sample: { file: '/x/a.zip', name: 'a.zip', maxEntries: 1000 },
  }),
  'ledger.zipEncrypted': msg<{ file: string; name: string; entry: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.name}: şifreli zip girdileri desteklenmez (${p.entry})`,
    en: (p) => `${p.name}: encrypted zip entries are not supported (${p.entry})`,
    sample: { file: '/x/a.zip', name: 'a.zip', entry: 'a.csv' },
  }),
  'ledger.xlsxUnreadable': msg<{ file: string; cause: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.file}: Excel çalışma kitabı okunamadı (${p.cause}). ${NONE_TR}`,
    en: (p) => `${p.file}: cannot read the Excel workbook (${p.cause}). ${NONE_EN}`,
    sample: { file: 'a.xlsx', cause: 'not a zip' },
  }),
  'ledger.xlsxBomb': msg<{ file: string; limit: number }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.file}: çalışma kitabı açıldığında ${p.limit} bayttan büyük (zip bombası olabilir). ${NONE_TR}`,
    en: (p) => `${p.file}: the workbook expands past ${p.limit} bytes (possible zip bomb). ${NONE_EN}`,
    sample: { file: 'a.xlsx', limit: 1e9 },
  }),
  'ledger.xlsxNoHeader': msg<{ file: string; rows: number }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) =>
      `${p.file}: ilk ${p.rows} satırda başlık satırı bulunamadı (bilinen sütun adları: entryNumber, postingDate, accmainid, ` + `MainAccountID…). ${NONE_TR}`,
    en: (p) => `${p.file}: no header row in the first ${p.rows} rows (known column names: entryNumber, postingDate, accmainid, MainAccountID…). ${NONE_EN}`,
    sample: { file: 'a.xlsx', rows: 50 },
  }),
  'ledger.xlsxUnnamedColumn': msg<{ file: string; line: number; column: number }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.file}:${p.line}:${p.column}: başlık satırında adı olmayan bir sütunda değer var. ${NONE_TR}`,
    en: (p) => `${p.file}:${p.line}:${p.column}: a value in a column the header row does not name. ${NONE_EN}`,
    sample: { file: 'a.xlsx', line: 7, column: 12 },
  }),
  'ledger.unknownFormat': msg<{ value: string; formats: readonly string[] }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `--format ${p.value}: bilinmeyen biçim; auto, ${p.formats.join(', ')} olmalı`,
    en: (p) => `--format ${p.value}: unknown format; use auto, ${p.formats.join(', ')}`,
    sample: { value: 'sap', formats: ['edefter-csv', 'turkcell'] },
  }),
  'ledger.importHeaderMissing': msg<{ file: string; line: number; format: string; title: string; missing: readonly string[] }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.file}:${p.line}: ${p.title} biçiminde başlık satırında zorunlu sütun(lar) yok: ${p.missing.join(', ')}. ${NONE_TR}`,
    en: (p) => `${p.file}:${p.line}: the ${p.title} header lacks required column(s): ${p.missing.join(', ')}. ${NONE_EN}`,
    sample: { file: 'a.xlsx', line: 3, format: 'logo', title: 'Logo', missing: ['postingDate'] },
  }),
  // --- CSV reading (Yevmiye export and Envanter export)
  'ledger.invalidUtf8': msg<{ file: string; offset?: number }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) =>
      `${p.file}: geçersiz UTF-8 baytları${p.offset !== undefined ? ` (yaklaşık ${p.offset}. bayt civarı)` : ''}. Dosya Windows-1254 ise ` +
      `--encoding windows-1254 kullanın. ${NONE_TR}`,
    en: (p) =>
      `${p.file}: invalid UTF-8 bytes${p.offset !== undefined ? ` (around byte ${p.offset})` : ''}. Use --encoding windows-1254 for ` +
      `Windows-1254 files. ${NONE_EN}`,
    sample: { file: 'a.csv', offset: 1024 },
  }),
  'ledger.headerMissing': msg<{ file: string; line: 1; missing: readonly string[]; delimiter: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) =>
      `${p.file}:1: başlık satırında zorunlu sütun(lar) yok: ${p.missing.join(', ')} (ayraç '${p.delimiter}' mı? --delimiter ile ` +
      `değiştirilebilir). ${NONE_TR}`,
    en: (p) => `${p.file}:1: the header lacks required column(s): ${p.missing.join(', ')} (delimiter '${p.delimiter}'? change it with --delimiter). ${NONE_EN}`,
    sample: { file: 'a.csv', line: 1, missing: ['amount'], delimiter: ';' },
  }),
  'ledger.unknownColumns': msg<{ file: string; line: 1; unknown: readonly string[]; known: readonly string[] }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) =>
      `${p.file}:1: bilinmeyen sütun(lar): ${p.unknown.join(', ')}. Bu sütunların verisi deftere yazılamaz; sessizce atılmaz. Bilinen sütunlar: ` +
      `${p.known.join(', ')}. Bilerek atmak için: --ignore-columns ${p.unknown.join(',')}. ${NONE_TR}`,
    en: (p) =>
      `${p.file}:1: unknown column(s): ${p.unknown.join(', ')}. Their data cannot go into the defter and is not dropped silently. Known columns: ` +
      `${p.known.join(', ')}. To drop them on purpose: --ignore-columns ${p.unknown.join(',')}. ${NONE_EN}`,
    sample: { file: 'a.csv', line: 1, unknown: ['x'], known: ['entryNumber', 'amount'] },
  }),
  'ledger.duplicateColumns': msg<{ file: string; line: 1; duplicate: readonly string[] }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.file}:1: sütun birden çok kez var: ${p.duplicate.join(', ')}. ${NONE_TR}`,
    en: (p) => `${p.file}:1: column given more than once: ${p.duplicate.join(', ')}. ${NONE_EN}`,
    sample: { file: 'a.csv', line: 1, duplicate: ['amount'] },
  }),
  'ledger.unnamedColumnValue': msg<{ file: string; line: number; column: number; value: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.file}:${p.line}:${p.column}: başlığı boş (adsız) sütunda değer var: '${p.value}'. Sütuna bir ad verin. ${NONE_TR}`,
    en: (p) => `${p.file}:${p.line}:${p.column}: a column with an empty header holds a value: '${p.value}'. Give the column a name. ${NONE_EN}`,
    sample: { file: 'a.csv', line: 4, column: 9, value: '12' },
  }),
  'ledger.csvMalformedRow': msg<{ file: string; line: number; reason: Bilingual; csvCode?: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.file}:${p.line}: bozuk CSV satırı (${p.reason.tr}). ${NONE_TR}`,
    en: (p) => `${p.file}:${p.line}: malformed CSV row (${p.reason.en}). ${NONE_EN}`,
    sample: { file: 'a.csv', line: 9, reason: { tr: 'kapanmamış tırnak', en: 'Quote Not Closed' }, csvCode: 'CSV_QUOTE_NOT_CLOSED' },
  }),
  'ledger.emptyFile': msg<{ file: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.file}: dosya boş (başlık satırı yok)`,
    en: (p) => `${p.file}: empty file (no header row)`,
    sample: { file: 'a.csv' },
  }),
  // --- the company profile
  'ledger.companyUnreadable': msg<{ file: string; cause: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Şirket profili okunamadı: ${p.file} (${p.cause})`,
    en: (p) => `Cannot read the company profile ${p.file}`,
    sample: { file: '/x/company.json', cause: 'ENOENT' },
  }),
  'ledger.companyNotJson': msg<{ file: string; cause: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.file}: geçerli JSON değil (${p.cause})`,
    en: (p) => `${p.file}: not valid JSON (${p.cause})`,
    sample: { file: '/x/company.json', cause: 'Unexpected token' },
  }),
  'ledger.companyField': msg<CompanyField>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => COMPANY[p.problem](p).tr,
    en: (p) => COMPANY[p.problem](p).en,
    sample: { field: 'address.city', problem: 'missing' },
  }),
  'ledger.companyInvalid': msg<{ file: string; fields: readonly string[]; problems: readonly Bilingual[] }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.file}: şirket profili hatalı:\n` + p.problems.map((x) => `  - ${x.tr}`).join('\n'),
    en: (p) => `${p.file}: invalid company profile:\n` + p.problems.map((x) => `  - ${x.en}`).join('\n'),
    sample: { file: '/x/company.json', fields: ['address.city'], problems: [{ tr: "'address.city' alanı eksik", en: "'address.city' is missing" }] },
  }),
  // --- the month: guards, numbering, parts
  'ledger.emptyMonth': msg<{ file: string; monthKnown: boolean; reason: 'empty-month'; rule: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) =>
      `${p.file}: dışa aktarımda hiç yevmiye maddesi yok; boş defter oluşturulamaz. GİB kuralı: "${p.rule}." ` +
      'Yapabilecekleriniz: (1) ayın en az bir maddesini dışa aktarıma ekleyin; ' +
      '(2) ay parçalı oluşturulacaksa (--split-at GÜN) kural yalnızca tüm ayı kapsayan (Y-000000) defter içindir, parçalar boş olabilir' +
      `${p.monthKnown ? '' : ' (ayın bilinmesi için dışa aktarımın adı VKN-YYYYAA.csv veya .zip olmalı)'}. ${NONE_TR}`,
    en: (p) =>
      `${p.file}: the export has no madde; an empty defter cannot be built. GİB's rule: "${p.rule}" (a whole-month defter needs at least one ` +
      'gl-cor:entryHeader). What you can do: (1) add at least one madde of the month to the export; ' +
      '(2) if the month is built in parts (--split-at DAY), the rule covers only the whole-month (Y-000000) defter and parts may be empty' +
      `${p.monthKnown ? '' : ' (name the export VKN-YYYYMM.csv or .zip so the month is known)'}. ${NONE_EN}`,
    sample: {
      file: '6090408038-202601.csv',
      monthKnown: false,
      reason: 'empty-month',
      rule: 'Tüm ayı kapsayan bir defterde en az 1 gl-cor:entryHeader elemanı olmalıdır',
    },
  }),
  'ledger.exportVknMismatch': msg<{ fileVkn: string; companyVkn: string }>({
    code: ErrorCode.VknMismatch,
    retriable: false,
    tr: (p) => `Dışa aktarım dosyasının adındaki VKN (${p.fileVkn}) şirket profilindekiyle (${p.companyVkn}) aynı değil`,
    en: (p) => `The export's file name VKN (${p.fileVkn}) differs from the company profile (${p.companyVkn})`,
    sample: { fileVkn: '1111111111', companyVkn: '6090408038' },
  }),
  'ledger.monthNotEnded': msg<{ month: string; creationDate: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) =>
      `${p.month} ayı henüz bitmedi (oluşturma tarihi ${p.creationDate}); tüm ayı kapsayan defter ay bitmeden oluşturulamaz (ara dönem için ` +
      `--split-at kullanın)`,
    en: (p) => `${p.month} has not ended (creation date ${p.creationDate}); use --split-at for an interim part`,
    sample: { month: '202601', creationDate: '2026-01-20' },
  }),
  'ledger.previousMonthNotBuilt': msg<{ previous: string; month: string; missing: readonly string[] }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Önceki ay (${p.previous}) oluşturulmamış: ${p.month} için defter oluşturulamaz (ay atlanamaz).`,
    en: (p) => `The previous month (${p.previous}) was never built: ${p.month} cannot be built (months cannot be skipped).`,
    sample: { previous: '202512', month: '202601', missing: ['6090408038-202512-Y-000000.xml'] },
  }),
  'ledger.previousMonthIncomplete': msg<{ previous: string; month: string; missing: readonly string[] }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) =>
      `Önceki ayın (${p.previous}) beratları veya GİB onaylı beratları eksik: ${p.missing.join(', ')}. ` +
      `${p.month} defteri bunlar tamamlanmadan oluşturulamaz.`,
    en: (p) => `The previous month (${p.previous}) lacks berats or GİB-approved berats: ${p.missing.join(', ')}. ${p.month} cannot be built until they exist.`,
    sample: { previous: '202512', month: '202601', missing: ['GIB-6090408038-202512-YB-000000.xml'] },
  }),
  'ledger.laterMonthBuilt': msg<{ later: string; month: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Sonraki bir ay (${p.later}) zaten oluşturulmuş; ${p.month} yeniden oluşturulursa numaralar bozulur`,
    en: (p) => `A later month (${p.later}) is already built; rebuilding ${p.month} would break the numbering`,
    sample: { later: '202602', month: '202601' },
  }),
  'ledger.periodApproved': msg<{ month: string; dir: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.month} dönemi için GİB onaylı berat var; onaylanmış dönem yeniden oluşturulamaz (${p.dir})`,
    en: (p) => `${p.month} has GİB-approved berats; an approved period cannot be re-created`,
    sample: { month: '202601', dir: '/defterler/6090408038/2026/01' },
  }),
  'ledger.monthApproved': msg<{ dir: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: () => 'Bu ay için GİB onaylı berat var; onaylanmış dönem yeniden oluşturulamaz',
    en: () => 'This month has GİB-approved berats; it cannot be re-created',
    sample: { dir: '/defterler/6090408038/2026/01' },
  }),
  'ledger.previousYevmiyeMissing': msg<{ month: string; root: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Önceki ayın (${p.month}) yevmiye defteri ${p.root} altında bulunamadı; madde ve satır numaraları devam ettirilemiyor. Önce o ayı oluşturun.`,
    en: (p) => `The previous month's (${p.month}) Yevmiye is not under ${p.root}; numbering cannot continue. Build that month first.`,
    sample: { month: '202512', root: '/defterler' },
  }),
  'ledger.splitDateOutside': msg<{ splitAt: string; month: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `--split-at ${p.splitAt}: bölme tarihi ${p.month} ayının içinde ve son günden önce olmalı`,
    en: (p) => `--split-at ${p.splitAt}: the split date must be inside ${p.month} and before its last day`,
    sample: { splitAt: '2026-02-01', month: '202601' },
  }),
  'ledger.dayTooLarge': msg<{ date: string; limit: number }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.date} gününün kayıtları tek başına parça sınırını (${p.limit} bayt) aşıyor; parçalar gün sınırında bölünür, bu gün bölünemez. ${NONE_TR}`,
    en: (p) => `the entries of ${p.date} alone exceed the part limit (${p.limit} bytes); parts split only between days. ${NONE_EN}`,
    sample: { date: '2026-01-31', limit: 104857600 },
  }),
  'ledger.partOverLimit': msg<{ part: string; bytes: number }>({
    code: ErrorCode.Internal,
    retriable: false,
    tr: (p) => `${p.part} parçası ${p.bytes} bayt: sınır aşıldı`,
    en: (p) => `${p.part} part is ${p.bytes} bytes: over the limit`,
    sample: { part: '6090408038-202601-Y-000001.xml', bytes: 104857700 },
  }),
  'ledger.maddeBranchMixed': msg<{ file: string; line: number; field: 'batchID'; entryNumber: string; lineBranch: string; maddeBranch: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) =>
      `${p.file}:${p.line} (batchID): aynı maddenin (fiş ${p.entryNumber}) satırlarında farklı şube bilgisi (${p.lineBranch} ≠ ${p.maddeBranch}); ` +
      `maddede tek şube yazılır. ${NONE_TR}`,
    en: (p) => `${p.file}:${p.line} (batchID): lines of one madde (entry ${p.entryNumber}) carry different şube fields; a madde has one. ${NONE_EN}`,
    sample: { file: 'a.csv', line: 4, field: 'batchID', entryNumber: '7', lineBranch: "'0001'/'Ankara'", maddeBranch: "'0002'/'İzmir'" },
  }),
  'ledger.maddeOtherBranch': msg<{ file: string; line: number; field: 'batchID'; batchID: string; branchCode: string; branchName: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) =>
      `${p.file}:${p.line} (batchID): şube kodu '${p.batchID}', şirket profilindeki şube '${p.branchCode}' (${p.branchName}); ` +
      `bir şubenin defterinde başka şubenin maddesi olamaz. ${NONE_TR}`,
    en: (p) =>
      `${p.file}:${p.line} (batchID): şube code '${p.batchID}' but company.json has şube '${p.branchCode}'; a şube's defter cannot hold ` +
      `another şube's madde. ${NONE_EN}`,
    sample: { file: 'a.csv', line: 4, field: 'batchID', batchID: '0002', branchCode: '0001', branchName: 'Ankara' },
  }),
  'ledger.attachNoMadde': msg<{ reason: 'attachment'; missing: readonly string[] }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `--attach: dışa aktarımda bu fiş numaralı madde yok: ${p.missing.join(', ')}. ${NONE_TR}`,
    en: (p) => `--attach: no madde with entryNumber ${p.missing.join(', ')} in the export. ${NONE_EN}`,
    sample: { reason: 'attachment', missing: ['42'] },
  }),
  'ledger.validationFailed': msg<{ stage: string; count: number; list: string; findings: readonly FindingParam[] }>({
    code: ErrorCode.ValidationFailed,
    retriable: false,
    tr: (p) => `${p.stage}: doğrulama başarısız (${p.count} bulgu). Ay klasörü değiştirilmedi.\n${p.list}`,
    en: (p) => `${p.stage}: validation failed (${p.count} findings). The month folder was not changed.`,
    sample: { stage: 'İmzalı dosyalar', count: 1, list: '  - a.xml: VKN eksik', findings: [{ file: 'a.xml', tr: 'VKN eksik', en: 'VKN missing' }] },
  }),
  'ledger.workerFailed': msg<{ cause: string }>({
    code: ErrorCode.Internal,
    retriable: false,
    tr: (p) => p.cause,
    en: (p) => p.cause,
    sample: { cause: 'worker exited with code 1' },
  }),
  // --- berats
  'ledger.noEntityInformation': msg<{ file: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.file}: defter başında gl-cor:entityInformation bulunamadı`,
    en: (p) => `${p.file}: no gl-cor:entityInformation at the start of the defter`,
    sample: { file: '6090408038-202601-Y-000000.xml' },
  }),
  'ledger.noXbrlIdentifier': msg<{ file: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.file}: xbrli:xbrl / xbrli:identifier bulunamadı`,
    en: (p) => `${p.file}: no xbrli:xbrl / xbrli:identifier`,
    sample: { file: '6090408038-202601-Y-000000.xml' },
  }),
  'ledger.beratFromInvalidDefter': msg<{ file: string; count: number; first?: Bilingual }>({
    code: ErrorCode.ValidationFailed,
    retriable: false,
    tr: (p) => `${p.file}: geçersiz defterden berat oluşturulmaz (${p.count} hata; ilk: ${p.first?.tr})`,
    en: (p) => `${p.file}: no berat for an invalid defter (${p.count} errors; first: ${p.first?.en})`,
    sample: { file: '6090408038-202601-Y-000000.xml', count: 1, first: { tr: 'VKN eksik', en: 'VKN missing' } },
  }),
  'ledger.beratKindNotYK': msg<{ file: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.file}: berat yalnızca yevmiye (Y) veya kebir (K) defteri için oluşturulur`,
    en: (p) => `${p.file}: berats are built for Y or K defters only`,
    sample: { file: '6090408038-202601-DR-000000.xml' },
  }),
  'ledger.defterNotSigned': msg<{ file: string }>({
    code: ErrorCode.ValidationFailed,
    retriable: false,
    tr: (p) => `${p.file}: defter imzalanmamış; berat imzalı defterden oluşturulur`,
    en: (p) => `${p.file}: the defter is not signed; berats are built from signed defters`,
    sample: { file: '6090408038-202601-Y-000000.xml' },
  }),
  // --- Envanter Defteri
  'ledger.envanterNotSigned': msg<{ file: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.file}: envanter defteri imzalanmamış; berat imzalı defterden oluşturulur`,
    en: (p) => `${p.file}: the envanter is not signed; the berat is built from the signed E`,
    sample: { file: '6090408038-202601-E-000000.xml' },
  }),
  'ledger.envanterCreationBeforeDate': msg<{ date: string; creationDate: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Oluşturma tarihi (${p.creationDate}) envanter tarihinden (${p.date}) önce olamaz (GİB: creationDate ≥ periodCoveredEnd)`,
    en: (p) => `The creation date (${p.creationDate}) must not precede the inventory date (${p.date})`,
    sample: { date: '2026-12-31', creationDate: '2026-12-01' },
  }),
  'ledger.envanterApproved': msg<{ file: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `Bu ay için GİB onaylı envanter beratı var (${p.file}); onaylanmış envanter yeniden oluşturulamaz`,
    en: (p) => `This month has a GİB-approved envanter berat (${p.file}); it cannot be re-created`,
    sample: { file: 'GIB-6090408038-202612-EB-000000.xml' },
  }),
  'ledger.envanterMaddeTooLarge': msg<{ file: string; line: number; entryNumber: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.file}:${p.line}: envanter maddesi ${p.entryNumber} tek başına parça sınırını aşıyor`,
    en: (p) => `${p.file}:${p.line}: envanter madde ${p.entryNumber} alone exceeds the part limit`,
    sample: { file: 'envanter.csv', line: 5, entryNumber: '1' },
  }),
  'ledger.envanterEmpty': msg<{ date: string; rule: 'E-000000 entryHeader' }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) =>
      `${p.date} envanterinde hiç envanter maddesi yok. GİB kuralı: "Tüm ayı kapsayan bir defterde en az 1 gl-cor:entryHeader elemanı olmalıdır" ` +
      `(E-000000 boş olamaz). Dışa aktarımın doğru tarih için alındığını denetleyin ve en az bir envanter maddesi ekleyin. ${NONE_TR}`,
    en: (p) =>
      `The envanter of ${p.date} has no madde. GİB rule: a whole-period E-000000 needs at least one gl-cor:entryHeader. ` +
      `Check the export was taken for the right date and add at least one envanter madde. ${NONE_EN}`,
    sample: { date: '2026-12-31', rule: 'E-000000 entryHeader' },
  }),
  'ledger.envanterMidYearStart': msg<{ date: string; fiscalStart: string; fiscalEnd: string; rule: 'mid-year-start' }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) =>
      `Envanter defteri hesap döneminin ortasında başlatılamaz: ${p.date}, ${p.fiscalStart} – ${p.fiscalEnd} hesap döneminin ilk ayında ` +
      `değil ve bu dönemin ` +
      'daha önceki bir envanter defteri yok (GİB Envanter kılavuzu). Önce dönem başı envanterini oluşturun; yeni işe başlayan bir işletme ya da ' +
      'özel hesap dönemi ' +
      `söz konusuysa company.json'a "envanterStart": "new-business" veya "special-fiscal-period" ekleyin. ${NONE_TR}`,
    en: (p) =>
      `The Envanter Defteri cannot start in the middle of a fiscal period: ${p.date} is not in the first month of ${p.fiscalStart} – ` +
      `${p.fiscalEnd} and ` +
      'this period has no earlier envanter (GİB Envanter guide). Build the opening envanter first; for a new business or a special fiscal period add ' +
      `"envanterStart": "new-business" or "special-fiscal-period" to company.json. ${NONE_EN}`,
    sample: { date: '2026-06-30', fiscalStart: '2026-01-01', fiscalEnd: '2026-12-31', rule: 'mid-year-start' },
  }),
  'ledger.envanterBranchSet': msg<{ date: string; branches: readonly string[]; branch: string; rule: 'sube-set' }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) =>
      `Envanter defterinin şube kümesi yevmiye/kebir ile aynı olmalı (GİB Envanter kılavuzu): bu ayın Y/K dosyaları ` +
      `${p.branches.map((b) => b || 'şubesiz').join(', ')} için, envanter ise ${p.branch || 'şubesiz'} için oluşturuluyor. ` +
      `company.json'daki "branch" alanını Y/K ile aynı şubeye ayarlayın. ${NONE_TR}`,
    en: (p) =>
      `The Envanter Defteri must have the same şube set as Y/K (GİB Envanter guide): this month's Y/K are for ` +
      `${p.branches.map((b) => b || 'no şube').join(', ')}, the envanter is for ${p.branch || 'no şube'}. Set "branch" in company.json to a şube of ` +
      `the Y/K. ${NONE_EN}`,
    sample: { date: '2026-12-31', branches: ['', '0001'], branch: '0002', rule: 'sube-set' },
  }),
  'ledger.envanterProgramVersion': msg<{ date: string; yk: string; ykProgram: string; program: string; rule: 'program-version' }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) =>
      `Envanter defteri, aynı dönemin yevmiye/kebir defteriyle aynı program ve sürümle üretilmelidir (GİB Envanter kılavuzu): ${p.yk} ` +
      `"${p.ykProgram}" ile, ` +
      `envanter ise "${p.program}" ile üretiliyor. company.json'daki sourceApplication alanını Y/K'yı üreten programla aynı yapın ya da Y/K'yı bu sürümle ` +
      `yeniden oluşturun. ${NONE_TR}`,
    en: (p) =>
      `The Envanter Defteri must be produced by the same program and version as the period's Y/K (GİB Envanter guide): ${p.yk} was made by ` +
      `"${p.ykProgram}", ` +
      `the envanter by "${p.program}". Make sourceApplication in company.json match the program that made Y/K, or rebuild Y/K with this version. ${NONE_EN}`,
    sample: { date: '2026-12-31', yk: '6090408038-202612-Y-000000.xml', ykProgram: 'ERP 1.0', program: 'ERP 2.0', rule: 'program-version' },
  }),
  'ledger.envanterMaddeBranch': msg<{ file: string; line: number; field: 'batchID'; entryNumber: string; batchID: string; branchCode: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) =>
      `${p.file}:${p.line} (batchID): madde ${p.entryNumber} şubesi '${p.batchID}', envanter ise ${p.branchCode} şubesi için oluşturuluyor ` +
      `(company.json branch.code). Her şubenin envanteri ayrı dosyadır. ${NONE_TR}`,
    en: (p) =>
      `${p.file}:${p.line} (batchID): madde ${p.entryNumber} is for şube '${p.batchID}', the envanter is for şube ${p.branchCode} ` +
      `(company.json branch.code). ` +
      `Each şube has its own envanter. ${NONE_EN}`,
    sample: { file: 'envanter.csv', line: 3, field: 'batchID', entryNumber: '1', batchID: '0002', branchCode: '0001' },
  }),
  'ledger.envanterExportTooLarge': msg<{ file: string; limit: number }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.file}: envanter dışa aktarımı ${p.limit} baytı aşıyor`,
    en: (p) => `${p.file}: the envanter export exceeds ${p.limit} bytes`,
    sample: { file: 'envanter.csv', limit: 268435456 },
  }),
  'ledger.envanterHeaderMissing': msg<{ file: string; line: 1; missing: readonly string[]; delimiter: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.file}:1: başlık satırında zorunlu sütun(lar) yok: ${p.missing.join(', ')} (ayraç '${p.delimiter}' mı?). ${NONE_TR}`,
    en: (p) => `${p.file}:1: the header lacks required column(s): ${p.missing.join(', ')} (delimiter '${p.delimiter}'?). ${NONE_EN}`,
    sample: { file: 'envanter.csv', line: 1, missing: ['amount'], delimiter: ';' },
  }),
  'ledger.envanterUnknownColumns': msg<{ file: string; line: 1; unknown: readonly string[]; known: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) => `${p.file}:1: bilinmeyen sütun(lar): ${p.unknown.join(', ')}. Bilinen sütunlar: ${p.known}. Bilerek atlamak için --ignore-columns. ${NONE_TR}`,
    en: (p) => `${p.file}:1: unknown column(s): ${p.unknown.join(', ')}. Known columns: ${p.known}. Drop them on purpose with --ignore-columns. ${NONE_EN}`,
    sample: { file: 'envanter.csv', line: 1, unknown: ['x'], known: 'entryNumber, amount' },
  }),
  'ledger.envanterYevmiyeOnlyColumn': msg<{ where: string; file: string; line: number; column: number; field: string; value: string }>({
    code: ErrorCode.BadInput,
    retriable: false,
    tr: (p) =>
      `${p.where}: envanter satırında ${p.field} olmaz (borç/alacak kodu, belge ve ek bilgisi yalnızca yevmiyededir; GİB Envanter kılavuzu) ` +
      `('${p.value}'). ` +
      `Sütunu boş bırakın ya da --ignore-columns ${p.field}. ${NONE_TR}`,
    en: (p) =>
      `${p.where}: an envanter line has no ${p.field} (debit/credit code, document and attachment belong to the Yevmiye; GİB Envanter guide) ` +
      `('${p.value}'). ` +
      `Leave the column empty or use --ignore-columns ${p.field}. ${NONE_EN}`,
    sample: { where: 'envanter.csv:3:7 (debitCreditCode)', file: 'envanter.csv', line: 3, column: 7, field: 'debitCreditCode', value: 'D' },
  }),
});
