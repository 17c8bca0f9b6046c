/**
 * The `edefter` commander program before any command is registered: name, description, version
 * flag, usage errors as exceptions (for runProgram), help after a usage error. Shared by the whole
 * CLI (main.ts) and the sign-only program (sign-main.ts), so both answer the same.
 */
import { Command } from 'commander';
import { bridgeVersion } from '../version.ts';

/** A new `edefter` program without commands. */
export function newProgram(): Command {
  return new Command('edefter')
    .description('edefter-bridge: e-Defter oluşturma, mali mühür ile imzalama ve GİB gönderimi')
    .version(bridgeVersion(), '-V, --version', 'sürümü yazar / prints the version')
    .exitOverride()
    .showHelpAfterError();
}
