/** Runs the `edefter` CLI as a child process (asynchronously, so an in-process simulator keeps answering). */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
/** Path of the CLI entry. */
export const EDEFTER_BIN = path.join(repo, 'packages/bridge/bin/edefter.mjs');

/** Result of a CLI run. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `edefter <args>` with `env` added to the environment and `input` on stdin. */
export function startCli(args: string[], env: Record<string, string>, input?: string): { child: ChildProcess; done: Promise<CliRun> } {
  const child = spawn(process.execPath, [EDEFTER_BIN, ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  if (input !== undefined) child.stdin!.end(input);
  const done = new Promise<CliRun>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

/** Runs `edefter <args>` to completion. */
export function runCli(args: string[], env: Record<string, string>, input?: string): Promise<CliRun> {
  return startCli(args, env, input).done;
}

/** Polls `cond` every 20 ms until it is true or `ms` pass. */
export async function until(cond: () => boolean, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
