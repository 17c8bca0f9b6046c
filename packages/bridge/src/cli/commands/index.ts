/** The list of `edefter` subcommands. Each file adds one command (or a group) to the program. */
import type { Command } from 'commander';
import { registerBackup } from './backup.ts';
import { registerStatus } from './status.ts';
import { registerToken } from './token.ts';
import { registerTsa } from './tsa.ts';

/** Registers every subcommand on `program`. */
export function registerCommands(program: Command): void {
  registerBackup(program);
  registerStatus(program);
  registerToken(program);
  registerTsa(program);
}
