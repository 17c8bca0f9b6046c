/** The list of `edefter` subcommands. Each file adds one command (or a group) to the program. */
import type { Command } from 'commander';
import { registerBackup } from './backup.ts';
import { registerBridge } from './bridge.ts';
import { registerStatus } from './status.ts';
import { registerToken } from './token.ts';
import { registerTrust } from './trust.ts';
import { registerTsa } from './tsa.ts';

/** Registers every subcommand on `program`. */
export function registerCommands(program: Command): void {
  registerBackup(program);
  registerBridge(program);
  registerStatus(program);
  registerToken(program);
  registerTrust(program);
  registerTsa(program);
}
