/**
 * `edefter native-host`: the native-messaging host `tr.edefter.bridge`.
 *
 * Relay mode (started by the browser, never by hand): the browser passes who called —
 * Chrome/Chromium: argv `chrome-extension://<id>/` (plus `--parent-window=N` on Windows);
 * Firefox: argv `<path of the host manifest> <extension id>`. One message arrives on stdin
 * (4-byte little-endian length + UTF-8 JSON, at most 1 MiB): `{"t":"pair",installId,browser,
 * extensionOrigin}`. The host forwards it with the caller to the bridge's local channel and writes
 * one framed reply, `{"ok":true,"secret"}` or `{"ok":false,"error":{code,tr,en}}`, then exits.
 * Nothing else is ever written to stdout (it is the browser's channel).
 *
 * `edefter native-host install [--chromium-dir D] [--chrome-dir D] [--firefox-dir D] [--exe PATH]`
 * writes the host manifests (user level: ~/.config/chromium/NativeMessagingHosts,
 * ~/.config/google-chrome/NativeMessagingHosts, ~/.mozilla/native-messaging-hosts); `remove`
 * deletes them. A Chromium started with `--user-data-dir=X` reads `X/NativeMessagingHosts` instead.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { CHROME_EXTENSION_ID, GECKO_EXTENSION_ID, NATIVE_HOST_NAME, NativePairRequest, serializeError, fail } from '@edefter/protocol';
import { writeFileAtomicSync } from '../../fs/atomic-write.ts';
import { localRequest } from '../../server/local-channel/client.ts';
import { projectRoot } from '../../validate/gib-package.ts';

/** Largest message accepted from the browser (bytes). */
const NATIVE_MAX_IN_BYTES = 1024 * 1024;
/** The whole exchange must finish within this (ms). */
const HOST_TIMEOUT_MS = 20_000;

/** Who the browser says started the host, from argv. */
function callerFromArgv(args: readonly string[]): { browser: 'chrome' | 'firefox'; caller: string } | undefined {
  const chrome = args.find((a) => /^chrome-extension:\/\/[a-p]{32}\/$/.test(a));
  if (chrome) return { browser: 'chrome', caller: chrome };
  // Firefox: manifest path, then the extension id
  if (args.length >= 2 && !args[1].startsWith('-')) return { browser: 'firefox', caller: args[1] };
  return undefined;
}

/** Reads one native-messaging frame from `input`. @throws EdefterError TOO_LARGE / PROTOCOL_ERROR */
function readFrame(input: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    let need = -1;
    const done = (fn: () => void): void => {
      input.off('data', onData);
      input.off('end', onEnd);
      fn();
    };
    const onData = (c: Buffer): void => {
      buf = Buffer.concat([buf, c]);
      if (need < 0 && buf.length >= 4) {
        need = buf.readUInt32LE(0);
        if (need > NATIVE_MAX_IN_BYTES) {
          done(() => reject(fail('transport.tooLarge', { bytes: need })));
          return;
        }
      }
      if (need >= 0 && buf.length >= 4 + need) done(() => resolve(buf.subarray(4, 4 + need)));
    };
    const onEnd = (): void => done(() => reject(fail('transport.malformedMessage', { reason: 'stdin-closed' })));
    input.on('data', onData);
    input.on('end', onEnd);
  });
}

/** Encodes one native-messaging frame. */
function encodeFrame(msg: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(msg), 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32LE(body.length, 0);
  return Buffer.concat([head, body]);
}

/**
 * Relays one pairing request from the browser to the bridge.
 * @returns the reply written (without secrets in anything but `secret`)
 */
async function relay(args: readonly string[], input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<void> {
  let reply: Record<string, unknown>;
  try {
    const who = callerFromArgv(args);
    if (!who) throw fail('transport.clientNotAllowed', { reason: 'no-caller' });
    const raw = await readFrame(input);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    const m = NativePairRequest.safeParse(parsed);
    if (!m.success) throw fail('cli.nativeMessageInvalid', { reason: 'native-message' });
    if (m.data.browser !== who.browser) throw fail('transport.clientNotAllowed', { reason: 'browser-mismatch' });
    const r = await localRequest({
      t: 'pair',
      installId: m.data.installId,
      browser: m.data.browser,
      extensionOrigin: m.data.extensionOrigin,
      caller: who.caller,
    });
    reply = { ok: true, secret: r.secret };
  } catch (e) {
    const s = serializeError(e);
    // no details (they may name local paths); the catalog key and retriable flag are safe to pass
    const catalog = { ...(s.key ? { key: s.key } : {}), ...(s.retriable !== undefined ? { retriable: s.retriable } : {}) };
    reply = { ok: false, error: { code: s.code, tr: s.tr, en: s.en, ...catalog } };
  }
  await new Promise<void>((resolve) => {
    output.write(encodeFrame(reply), () => resolve());
  });
}

/** Host manifest folders (user level) per browser. */
function defaultManifestDirs(home: string = os.homedir()): { chromium: string; chrome: string; firefox: string } {
  const xdg = process.env.XDG_CONFIG_HOME || path.join(home, '.config');
  return {
    chromium: path.join(xdg, 'chromium', 'NativeMessagingHosts'),
    chrome: path.join(xdg, 'google-chrome', 'NativeMessagingHosts'),
    firefox: path.join(home, '.mozilla', 'native-messaging-hosts'),
  };
}

/** The dev checkout's wrapper script (created by scripts/setup.sh); found from the sources and from the bundle in packages/bridge/dist. */
function devWrapperPath(): string {
  return path.join(projectRoot(), 'var', 'native-host', 'edefter-native-host');
}

/** Chromium/Chrome host manifest. */
function chromeManifest(exe: string, chromeIds: readonly string[] = [CHROME_EXTENSION_ID]): Record<string, unknown> {
  return {
    name: NATIVE_HOST_NAME,
    description: 'e-Defter köprüsü: eşleştirme / e-Defter bridge pairing',
    path: exe,
    type: 'stdio',
    allowed_origins: chromeIds.map((id) => `chrome-extension://${id}/`),
  };
}

/** Firefox host manifest. */
function firefoxManifest(exe: string): Record<string, unknown> {
  return {
    name: NATIVE_HOST_NAME,
    description: 'e-Defter köprüsü: eşleştirme / e-Defter bridge pairing',
    path: exe,
    type: 'stdio',
    allowed_extensions: [GECKO_EXTENSION_ID],
  };
}

function optionValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) {
    const v = args[i + 1];
    if (!v || v.startsWith('--')) throw fail('cli.optionNeedsValue', { option: name });
    return v;
  }
  const eq = args.find((a) => a.startsWith(`${name}=`));
  return eq ? eq.slice(name.length + 1) : undefined;
}

/**
 * Writes the host manifests (0600, folders created 0700).
 * @returns the files written
 * @throws EdefterError BAD_INPUT when no executable is given and the dev wrapper is missing, or the path is not absolute
 */
function installManifests(args: readonly string[]): string[] {
  const exe = path.resolve(optionValue(args, '--exe') ?? devWrapperPath());
  if (!fs.existsSync(exe)) {
    throw fail('cli.hostExecutableMissing', { exe });
  }
  const d = defaultManifestDirs();
  const file = `${NATIVE_HOST_NAME}.json`;
  const targets: Array<[string, Record<string, unknown>]> = [
    [path.join(optionValue(args, '--chromium-dir') ?? d.chromium, file), chromeManifest(exe)],
    [path.join(optionValue(args, '--chrome-dir') ?? d.chrome, file), chromeManifest(exe)],
    [path.join(optionValue(args, '--firefox-dir') ?? d.firefox, file), firefoxManifest(exe)],
  ];
  for (const [f, m] of targets) writeFileAtomicSync(f, JSON.stringify(m, null, 2) + '\n', { mode: 0o600, dirMode: 0o700 });
  return targets.map(([f]) => f);
}

/** Deletes the host manifests. @returns the files that existed and were removed */
function removeManifests(args: readonly string[]): string[] {
  const d = defaultManifestDirs();
  const file = `${NATIVE_HOST_NAME}.json`;
  const out: string[] = [];
  for (const dir of [
    optionValue(args, '--chromium-dir') ?? d.chromium,
    optionValue(args, '--chrome-dir') ?? d.chrome,
    optionValue(args, '--firefox-dir') ?? d.firefox,
  ]) {
    const f = path.join(dir, file);
    if (fs.existsSync(f)) {
      fs.rmSync(f, { force: true });
      out.push(f);
    }
  }
  return out;
}

/** Registers `edefter native-host`. */
export function registerNativeHost(program: Command): void {
  program
    .command('native-host')
    .description(
      'Tarayıcının başlattığı eşleştirme yardımcısı; install/remove ile manifestleri yazar/siler / native-messaging host; install/remove write/delete its manifests',
    )
    .argument('[args...]')
    .allowUnknownOption()
    .helpOption(false)
    .action(async (args: string[]) => {
      const say = (s: string): void => {
        process.stderr.write(s + '\n');
      };
      if (args[0] === 'install') {
        for (const f of installManifests(args.slice(1))) process.stdout.write(`${f}\n`);
        return;
      }
      if (args[0] === 'remove') {
        for (const f of removeManifests(args.slice(1))) process.stdout.write(`${f}\n`);
        return;
      }
      const timer = setTimeout(() => {
        say('native-host: zaman aşımı / timeout');
        process.exit(1);
      }, HOST_TIMEOUT_MS);
      timer.unref();
      await relay(args);
      process.stdin.pause();
    });
}
