/**
 * Error catalog, area `cli`: the edefter command line (options, commands, PIN input, native-messaging host).
 * One file per area so that engineers never edit the same file; the entry shape and rules
 * (named typed parameters, never secrets, Turkish first) are in entry.ts.
 */
import { ErrorCode } from '../errors.ts';
import { area, msg } from './entry.ts';

/** `cli.*` entries. */
export const CLI = area('cli', {
  'cli.pinEntryCancelled': msg({
    code: ErrorCode.UserCancelled, retriable: false,
    tr: () => 'PIN girişi iptal edildi',
    en: () => 'PIN entry cancelled',
  }),
  'cli.pinRequired': msg({
    code: ErrorCode.PinRequired, retriable: false,
    tr: () => 'PIN gerekli: --pin-stdin ile verin, terminalde çalıştırın ya da EDEFTER_PIN ortam değişkenini ayarlayın',
    en: () => 'PIN required: pass it with --pin-stdin, run in a terminal, or set EDEFTER_PIN',
  }),
  'cli.passwordNoTerminal': msg({
    code: ErrorCode.BadInput, retriable: false,
    tr: () => 'Şifre sorulamıyor (terminal yok); --password-stdin kullanın.',
    en: () => 'Cannot prompt for the password (no terminal); use --password-stdin.',
  }),
  'cli.tsaNotConfiguredRunConfig': msg({
    code: ErrorCode.TsaError, retriable: false,
    tr: () => 'Zaman damgası sunucusu yapılandırılmamış: önce `edefter tsa config` çalıştırın',
    en: () => 'No TSA configured: run `edefter tsa config` first',
  }),
  'cli.tsaNotConfigured': msg({
    code: ErrorCode.TsaNotConfigured, retriable: false,
    tr: () => 'Zaman damgası sunucusu yapılandırılmamış: `edefter tsa config --url <adres> --trust <kök.pem>`.',
    en: () => 'No timestamp server configured: `edefter tsa config --url <url> --trust <root.pem>`.',
  }),
  'cli.optionChoice': msg<{ option: string; value: string; choices: readonly string[] }>({
    code: ErrorCode.BadInput, retriable: false,
    tr: (p) => `${p.option} ${p.value}: ${p.choices.slice(0, -1).join(', ')} veya ${p.choices.at(-1)} olmalı`,
    en: (p) => `${p.option} ${p.value}: use ${p.choices.slice(0, -1).join(', ')} or ${p.choices.at(-1)}`,
    sample: { option: '--encoding', value: 'latin1', choices: ['auto', 'utf8', 'windows-1254'] },
  }),
  'cli.invalidDate': msg<{ option: string; value: string }>({
    code: ErrorCode.BadInput, retriable: false,
    tr: (p) => `${p.option} ${p.value}: geçersiz tarih`,
    en: (p) => `${p.option} ${p.value}: invalid date`,
    sample: { option: '--split-at', value: '2026-13-01' },
  }),
  'cli.invalidDateFormat': msg<{ option: string; value: string }>({
    code: ErrorCode.BadInput, retriable: false,
    tr: (p) => `${p.option} ${p.value}: geçersiz tarih (YYYY-AA-GG)`,
    en: (p) => `${p.option} ${p.value}: invalid date (YYYY-MM-DD)`,
    sample: { option: '--date', value: '31.12.2026' },
  }),
  'cli.positiveInteger': msg<{ option: string; value: string }>({
    code: ErrorCode.BadInput, retriable: false,
    tr: (p) => `${p.option} ${p.value}: pozitif tam sayı olmalı`,
    en: (p) => `${p.option} ${p.value}: must be a positive integer`,
    sample: { option: '--max-lines', value: '0' },
  }),
  'cli.gibPackageIncomplete': msg<{ dir: string }>({
    code: ErrorCode.BadInput, retriable: false,
    tr: (p) => `--gib-package ${p.dir}: xsd/edefter.xsd ve sch/*.sch bulunamadı`,
    en: (p) => `--gib-package ${p.dir}: xsd/edefter.xsd and sch/*.sch not found`,
    sample: { dir: '/opt/gib' },
  }),
  'cli.testModeDemoTokenOnly': msg<{ tokens: readonly string[] }>({
    code: ErrorCode.BadInput, retriable: false,
    tr: () => 'Test kipi yalnızca demo kartla (DEMO MALI MUHUR) çalışır.',
    en: () => 'Test mode runs only with the demo token (DEMO MALI MUHUR).',
    sample: { tokens: ['AKİS'] },
  }),
  'cli.portInvalid': msg<{ port: number }>({
    code: ErrorCode.BadInput, retriable: false,
    tr: (p) => `Geçersiz port: ${p.port} (0–65535).`,
    en: (p) => `Invalid port: ${p.port} (0–65535).`,
    sample: { port: 70000 },
  }),
  'cli.pathNotFound': msg<{ path: string }>({
    code: ErrorCode.BadInput, retriable: false,
    tr: (p) => `bulunamadı: ${p.path}`,
    en: (p) => `not found: ${p.path}`,
    sample: { path: 'defter.xml' },
  }),
  'cli.nothingToValidate': msg({
    code: ErrorCode.BadInput, retriable: false,
    tr: () => 'doğrulanacak e-Defter dosyası yok',
    en: () => 'no e-Defter file to validate',
  }),
  'cli.certutilMissing': msg({
    code: ErrorCode.ModuleNotFound, retriable: false,
    tr: () => 'certutil bulunamadı: "sudo apt install libnss3-tools" ile kurun.',
    en: () => 'certutil not found: install it with "sudo apt install libnss3-tools".',
  }),
  'cli.nativeMessageInvalid': msg<{ reason: 'native-message' }>({
    code: ErrorCode.BadInput, retriable: false,
    tr: () => 'Tarayıcıdan gelen yerel ileti geçersiz.',
    en: () => 'The native message from the browser is invalid.',
    sample: { reason: 'native-message' },
  }),
  'cli.optionNeedsValue': msg<{ option: string }>({
    code: ErrorCode.BadInput, retriable: false,
    tr: (p) => `${p.option} için bir değer verin.`,
    en: (p) => `Give a value for ${p.option}.`,
    sample: { option: '--exe' },
  }),
  'cli.hostExecutableMissing': msg<{ exe: string }>({
    code: ErrorCode.BadInput, retriable: false,
    tr: (p) => `Yardımcı program bulunamadı: ${p.exe}. --exe ile mutlak yolu verin (ya da scripts/setup.sh çalıştırın).`,
    en: (p) => `Host executable not found: ${p.exe}. Give its absolute path with --exe (or run scripts/setup.sh).`,
    sample: { exe: '/usr/local/bin/edefter' },
  }),
  'cli.tsaModeInvalid': msg<{ mode: string }>({
    code: ErrorCode.BadInput, retriable: false,
    tr: (p) => `Geçersiz tür: ${p.mode} (rfc3161 | kamusm)`,
    en: (p) => `Invalid mode: ${p.mode} (rfc3161 | kamusm)`,
    sample: { mode: 'http' },
  }),
  'cli.passwordEmpty': msg({
    code: ErrorCode.BadInput, retriable: false,
    tr: () => 'Parola boş olamaz.',
    en: () => 'The password must not be empty.',
  }),
  'cli.tsaUrlRequired': msg({
    code: ErrorCode.BadInput, retriable: false,
    tr: () => 'Zaman damgası adresi gerekli (--url http://...).',
    en: () => 'A timestamp server URL is required (--url http://...).',
  }),
  'cli.tsaPasswordNeedsCustomer': msg({
    code: ErrorCode.BadInput, retriable: false,
    tr: () => 'Parola için önce müşteri numarası gerekli (--customer).',
    en: () => 'A customer number is required with the password (--customer).',
  }),
  'cli.tsaTimeoutRange': msg<{ value: string }>({
    code: ErrorCode.BadInput, retriable: false,
    tr: () => 'Zaman aşımı 100–300000 ms olmalı.',
    en: () => 'The timeout must be 100–300000 ms.',
    sample: { value: '50' },
  }),
  'cli.creditOnlyKamusm': msg({
    code: ErrorCode.BadInput, retriable: false,
    tr: () => 'Kontör sorgusu yalnızca Kamu SM için (--mode kamusm).',
    en: () => 'Credit queries exist only for Kamu SM (--mode kamusm).',
  }),
  'cli.auditPeriodInvalid': msg<{ period: string }>({
    code: ErrorCode.BadInput, retriable: false,
    tr: (p) => `Dönem YYYYMM veya YYYY olmalı: ${p.period}`,
    en: (p) => `Period must be YYYYMM or YYYY: ${p.period}`,
    sample: { period: '2026-01' },
  }),
  'cli.auditTypeUnknown': msg<{ type: string }>({
    code: ErrorCode.BadInput, retriable: false,
    tr: (p) => `Bilinmeyen olay türü: ${p.type}`,
    en: (p) => `Unknown event type: ${p.type}`,
    sample: { type: 'sign-ok' },
  }),
  'cli.installIdInvalid': msg<{ installId: string }>({
    code: ErrorCode.BadInput, retriable: false,
    tr: () => 'Kurulum kimliği 32 onaltılık karakter olmalı.',
    en: () => 'The install id must be 32 hex characters.',
    sample: { installId: 'abc' },
  }),
  'cli.installIdOrAll': msg({
    code: ErrorCode.BadInput, retriable: false,
    tr: () => 'Kurulum kimliği ya da --all verin.',
    en: () => 'Give an install id or --all.',
  }),
  'cli.installIdAndAll': msg({
    code: ErrorCode.BadInput, retriable: false,
    tr: () => 'Ya kurulum kimliği ya da --all verin, ikisini birden değil.',
    en: () => 'Give an install id or --all, not both.',
  }),
  'cli.tsaNeedsTrust': msg({
    code: ErrorCode.BadInput, retriable: false,
    tr: () => '--tsa için --tsa-trust <kök.pem> gerekli',
    en: () => '--tsa needs --tsa-trust <root.pem>',
  }),
  'cli.yesNoExpected': msg<{ value: string }>({
    code: ErrorCode.BadInput, retriable: false,
    tr: (p) => `Evet/Hayır bekleniyor: ${p.value}`,
    en: (p) => `Expected yes/no: ${p.value}`,
    sample: { value: 'belki' },
  }),
  'cli.enableAndDisable': msg({
    code: ErrorCode.BadInput, retriable: false,
    tr: () => '--enable ve --disable birlikte verilemez',
    en: () => '--enable and --disable cannot be combined',
  }),
});
