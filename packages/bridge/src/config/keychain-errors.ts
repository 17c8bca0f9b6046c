/**
 * Keychain failures in plain words: the errors of `@napi-rs/keyring` (keyring-rs) — on Linux the
 * D-Bus / Secret Service messages such as "org.freedesktop.DBus.Error.ServiceUnknown: The name
 * org.freedesktop.secrets was not provided by any .service files" — mapped to a Turkish-then-English
 * explanation with what to do. The raw message never reaches the user; callers may keep it in
 * `details.cause` for support.
 */
import type { Notice } from './secrets.ts';

/** Why the keychain failed, as far as the message tells. */
export type KeychainProblem = 'no-library' | 'no-session-bus' | 'no-secret-service' | 'locked' | 'denied' | 'not-found' | 'unknown';

const RULES: Array<[KeychainProblem, RegExp]> = [
  ['no-library', /cannot find (module|package)|@napi-rs\/keyring|ERR_MODULE_NOT_FOUND|ERR_DLOPEN_FAILED|cannot open shared object/i],
  ['locked', /\blocked\b|unlock|prompt (was )?dismissed|IsLocked/i],
  ['denied', /access ?denied|permission denied|not authori[sz]ed/i],
  ['no-secret-service', /ServiceUnknown|org\.freedesktop\.secrets|was not provided by any \.service|no such (service|interface)|secret service/i],
  ['no-session-bus', /DBUS_SESSION_BUS_ADDRESS|autolaunch|dbus-launch|failed to connect to (socket|bus)|connection refused|no such file or directory|\bD-?Bus\b/i],
  ['not-found', /no (matching )?entry|NoEntry|not found/i],
];

/** Classifies a keyring error message. */
export function keychainProblem(message: string): KeychainProblem {
  for (const [kind, re] of RULES) if (re.test(message)) return kind;
  return 'unknown';
}

const TEXT: Record<KeychainProblem, Notice> = {
  'no-library': {
    tr: 'İşletim sistemi anahtarlığı bileşeni bu kurulumda yok.',
    en: 'The OS keychain component is missing from this installation.',
  },
  'no-session-bus': {
    tr: 'İşletim sistemi anahtarlığına ulaşılamadı: oturumda D-Bus yok (ör. SSH ya da masaüstü dışı oturum). Masaüstü oturumunda köprüyü yeniden başlatın.',
    en: 'The OS keychain cannot be reached: the session has no D-Bus (e.g. SSH or a non-desktop session). Restart the bridge in a desktop session.',
  },
  'no-secret-service': {
    tr: 'İşletim sistemi anahtarlığı çalışmıyor: Secret Service (GNOME Anahtarlık, KWallet ya da KeePassXC) açık değil. Birini kurup açın ve yeniden deneyin.',
    en: 'The OS keychain is not running: no Secret Service (GNOME Keyring, KWallet or KeePassXC). Install or start one and try again.',
  },
  locked: {
    tr: 'İşletim sistemi anahtarlığı kilitli ya da kilit açma isteği kapatıldı. Anahtarlığın kilidini açıp yeniden deneyin.',
    en: 'The OS keychain is locked or its unlock prompt was dismissed. Unlock the keychain and try again.',
  },
  denied: {
    tr: 'İşletim sistemi anahtarlığı erişime izin vermedi. Anahtarlık uygulamasında e-Defter köprüsüne izin verin.',
    en: 'The OS keychain refused access. Allow the e-Defter bridge in the keychain application.',
  },
  'not-found': {
    tr: 'Parola işletim sistemi anahtarlığında bulunamadı; ayarlardan yeniden girin.',
    en: 'The password is not in the OS keychain; enter it again in the settings.',
  },
  unknown: {
    tr: 'İşletim sistemi anahtarlığı kullanılamadı.',
    en: 'The OS keychain could not be used.',
  },
};

/** The user-facing explanation of a keyring error (never the raw message). */
export function explainKeychainError(message: string): Notice & { problem: KeychainProblem } {
  const problem = keychainProblem(message);
  return { ...TEXT[problem], problem };
}
