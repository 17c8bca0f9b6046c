/** The list of `edefter` subcommands. Each file adds one command (or a group) to the program. */
import type { Command } from 'commander';
import { registerBackup } from './backup.ts';
import { registerBridge } from './bridge.ts';
import { registerDemo } from './demo.ts';
import { registerGib } from './gib.ts';
import { registerSign } from './sign.ts';
import { registerStatus } from './status.ts';
import { registerToken } from './token.ts';
import { registerTrust } from './trust.ts';
import { registerTsa } from './tsa.ts';
import { registerVerify } from './verify.ts';

/** Registers every subcommand on `program`. */
export function registerCommands(program: Command): void {
  registerBackup(program);
  registerBridge(program);
  registerDemo(program);
  registerGib(program);
  registerSign(program);
  registerStatus(program);
  registerToken(program);
  registerTrust(program);
  registerTsa(program);
  registerVerify(program);
}
