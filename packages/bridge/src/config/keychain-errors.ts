/**
 * Keychain failures in plain words: the errors of `@napi-rs/keyring` (keyring-rs) — on Linux the
 * D-Bus / Secret Service messages such as "org.freedesktop.DBus.Error.ServiceUnknown: The name
 * org.freedesktop.secrets was not provided by any .service files" — mapped to a Turkish-then-English
 * explanation with what to do (texts: KEYCHAIN_TEXTS in the error catalog's config area). The raw message never reaches the user; callers may keep it in
 * `details.cause` for support.
 */
import { KEYCHAIN_TEXTS, type KeychainProblem } from '@edefter/protocol';
import type { Notice } from './secrets.ts';

export type { KeychainProblem };

const RULES: Array<[KeychainProblem, RegExp]> = [
  ['no-library', /cannot find (module|package)|@napi-rs\/keyring|ERR_MODULE_NOT_FOUND|ERR_DLOPEN_FAILED|cannot open shared object/i],
  ['locked', /\blocked\b|unlock|prompt (was )?dismissed|IsLocked/i],
  ['denied', /access ?denied|permission denied|not authori[sz]ed/i],
  ['no-secret-service', /ServiceUnknown|org\.freedesktop\.secrets|was not provided by any \.service|no such (service|interface)|secret service/i],
  [
    'no-session-bus',
    /DBUS_SESSION_BUS_ADDRESS|autolaunch|dbus-launch|failed to connect to (socket|bus)|connection refused|no such file or directory|\bD-?Bus\b/i,
  ],
  ['not-found', /no (matching )?entry|NoEntry|not found/i],
];

/** Classifies a keyring error message. */
export function keychainProblem(message: string): KeychainProblem {
  for (const [kind, re] of RULES) if (re.test(message)) return kind;
  return 'unknown';
}

/** The user-facing explanation of a keyring error (never the raw message). */
export function explainKeychainError(message: string): Notice & { problem: KeychainProblem } {
  const problem = keychainProblem(message);
  return { ...KEYCHAIN_TEXTS[problem], problem };
}
