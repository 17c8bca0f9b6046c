/**
 * Secrets typed into the CLI (token PIN, Kamu SM and integrator passwords), never from argv, never logged.
 *
 * Where the CLI gets the token PIN (never from argv, never logged), as bytes in a Buffer the token
 * layer wipes after C_Login:
 * 1. `--pin-stdin`: the first line of standard input;
 * 2. else an interactive prompt without echo when stdin is a terminal;
 * 3. else the environment variable EDEFTER_PIN (the demo and CI);
 * PIN-pad readers (CKF_PROTECTED_AUTHENTICATION_PATH) need none: the caller passes `null`.
 */
import { fail } from '@edefter/protocol/catalog';

/** Reads the first line of stdin (without CR/LF). */
async function readPinFromStdin(): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    parts.push(chunk);
    if (chunk.includes(0x0a)) break;
  }
  const all = Buffer.concat(parts);
  for (const p of parts) p.fill(0);
  let end = all.indexOf(0x0a);
  if (end < 0) end = all.length;
  if (end > 0 && all[end - 1] === 0x0d) end--;
  const pin = Buffer.from(all.subarray(0, end));
  all.fill(0);
  return pin;
}

/** Prompts on the terminal with echo off; Ctrl-C cancels. */
async function promptPin(prompt: string): Promise<Buffer> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  const bytes: number[] = [];
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      const onData = (d: Buffer) => {
        for (const c of d) {
          if (c === 0x0d || c === 0x0a) {
            stdin.off('data', onData);
            resolve(Buffer.from(bytes));
            return;
          }
          if (c === 0x03) {
            stdin.off('data', onData);
            reject(fail('cli.pinEntryCancelled'));
            return;
          }
          if (c === 0x7f || c === 0x08) {
            // erase one character: its UTF-8 continuation bytes, then its lead byte
            while (bytes.length && (bytes[bytes.length - 1] & 0xc0) === 0x80) bytes.pop();
            bytes.pop();
          } else bytes.push(c);
        }
        d.fill(0);
      };
      stdin.on('data', onData);
    });
  } finally {
    bytes.fill(0);
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write('\n');
  }
}

/**
 * The PIN per the rules in the file comment.
 * @throws EdefterError PIN_REQUIRED when none of the sources gives one
 */
export async function obtainPin(opts: { pinStdin?: boolean; tokenLabel: string }): Promise<Buffer> {
  if (opts.pinStdin) return readPinFromStdin();
  if (process.stdin.isTTY) return promptPin(`${opts.tokenLabel} PIN: `);
  const env = process.env.EDEFTER_PIN;
  if (env) return Buffer.from(env, 'utf8');
  throw fail('cli.pinRequired');
}

/**
 * A password (Kamu SM, integrator) as text: the first line of stdin with `fromStdin`
 * (`--password-stdin`), else a prompt without echo on the terminal.
 * @throws EdefterError BAD_INPUT when there is no terminal to ask on; USER_CANCELLED on Ctrl-C
 */
export async function readSecret(opts: { fromStdin: boolean; prompt: string }): Promise<string> {
  if (!opts.fromStdin && !process.stdin.isTTY) {
    throw fail('cli.passwordNoTerminal');
  }
  const bytes = opts.fromStdin ? await readPinFromStdin() : await promptPin(opts.prompt);
  try {
    return bytes.toString('utf8');
  } finally {
    bytes.fill(0);
  }
}
