/** The list of `edefter` subcommands. Each file adds one command (or a group) to the program. */
import type { Command } from 'commander';

/** Registers every subcommand on `program`. */
export function registerCommands(program: Command): void {
  void program;
}
