/** The list of `edefter` subcommands. Each file adds one command (or a group) to the program. */
import type { Command } from 'commander';
import { registerAudit } from './audit.ts';
import { registerBackup } from './backup.ts';
import { registerBerat } from './berat.ts';
import { registerBridge } from './bridge.ts';
import { registerBuild } from './build.ts';
import { registerDoctor } from './doctor.ts';
import { registerEnvanter } from './envanter.ts';
import { registerGib } from './gib.ts';
import { registerMonth } from './month.ts';
import { registerNativeHost } from './native-host.ts';
import { registerPair } from './pair.ts';
import { registerPairing } from './pairing.ts';
import { registerSign } from './sign.ts';
import { registerStatus } from './status.ts';
import { registerToken } from './token.ts';
import { registerTrust } from './trust.ts';
import { registerTsa } from './tsa.ts';
import { registerUpdate } from './update.ts';
import { registerUyumluluk } from './uyumluluk.ts';
import { registerValidate } from './validate.ts';
import { registerVerify } from './verify.ts';

/** Registers every subcommand on `program`. */
export function registerCommands(program: Command): void {
  registerAudit(program);
  registerBackup(program);
  registerBerat(program);
  registerBridge(program);
  registerBuild(program);
  registerDoctor(program);
  registerEnvanter(program);
  registerGib(program);
  registerMonth(program);
  registerNativeHost(program);
  registerPair(program);
  registerPairing(program);
  registerSign(program);
  registerStatus(program);
  registerToken(program);
  registerTrust(program);
  registerTsa(program);
  registerUpdate(program);
  registerUyumluluk(program);
  registerValidate(program);
  registerVerify(program);
}
