/**
 * Keychain failures are explained in Turkish then English (packages/bridge/src/config/keychain-errors.ts):
 * the D-Bus / Secret Service messages of @napi-rs/keyring map to a cause and what to do; the raw
 * English message never reaches the user (only `details.cause`).
 */
import { describe, expect, it } from 'vitest';
import { explainKeychainError, keychainProblem } from '../../packages/bridge/src/config/keychain-errors.ts';
import { keychainError } from '../../packages/bridge/src/config/secrets.ts';

const CASES: Array<[string, ReturnType<typeof keychainProblem>, RegExp]> = [
  [
    'Platform secure storage failure: DBus error: org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files',
    'no-secret-service',
    /Secret Service/,
  ],
  ['DBus error: Unable to autolaunch a dbus-daemon without a $DISPLAY for X11', 'no-session-bus', /D-Bus/],
  ["Couldn't access platform secure storage: DBUS_SESSION_BUS_ADDRESS not set", 'no-session-bus', /D-Bus/],
  ['Platform secure storage failure: the collection is locked', 'locked', /kilitli/],
  ['Access denied: org.freedesktop.DBus.Error.AccessDenied', 'denied', /izin/],
  ['Permission denied (os error 13)', 'denied', /izin/],
  ['No matching entry found in secure storage', 'not-found', /bulunamadı/],
  ["Cannot find module '@napi-rs/keyring-linux-x64-gnu'", 'no-library', /bileşeni/],
  ['something else entirely', 'unknown', /kullanılamadı/],
];

describe('keychain error mapping', () => {
  it.each(CASES)('%s', (raw, problem, tr) => {
    expect(keychainProblem(raw)).toBe(problem);
    const n = explainKeychainError(raw);
    expect(n.tr).toMatch(tr);
    expect(n.en.length).toBeGreaterThan(10);
    for (const text of [n.tr, n.en]) expect(text).not.toContain(raw);
    const e = keychainError(raw);
    expect(e.code).toBe('BAD_INPUT');
    expect(e.tr).toBe(n.tr);
    expect(e.en).toBe(n.en);
    expect(e.message).not.toMatch(/freedesktop|DBus\.Error|os error/);
    expect(e.details).toMatchObject({ keychain: problem, cause: raw });
  });
});
