/**
 * The attack suite's bookkeeping. Every attack test says, per attack class, how many attempts it
 * made and how many the product refused; `pnpm security:report` (test/security/report.ts) runs the
 * suite and prints the table. Records go to `$EDEFTER_SECURITY_RECORD` (JSON lines) when set;
 * otherwise nothing is written and the tests only assert.
 *
 * Attack classes (the rows of the report): pairing, guessing, consent-binding, signable-documents,
 * keyboard, gib-send, settings, dos, revocation, files-and-leaks, audit-log, web-origins.
 */
import fs from 'node:fs';

/** One row fragment: `attempts` tries of one attack, `refused` of them refused. */
export interface AttackRecord {
  cls: string;
  name: string;
  attempts: number;
  refused: number;
}

/**
 * Records the outcome of an attack. `served` = attempts − refused is what the attacker got; every
 * test also asserts it is 0, so a served attack fails the test as well as showing in the table.
 */
export function recordAttack(cls: string, name: string, attempts: number, refused: number): void {
  const file = process.env.EDEFTER_SECURITY_RECORD;
  if (!file) return;
  const rec: AttackRecord = { cls, name, attempts, refused };
  fs.appendFileSync(file, JSON.stringify(rec) + '\n');
}

/**
 * Runs `tries` attempts of one attack; each resolves `true` when the product refused it.
 * Records the figures and returns them (the caller asserts `served === 0`).
 */
export async function attack(cls: string, name: string, tries: Array<() => Promise<boolean>>): Promise<{ attempts: number; refused: number; served: number }> {
  let refused = 0;
  for (const t of tries) if (await t()) refused++;
  recordAttack(cls, name, tries.length, refused);
  return { attempts: tries.length, refused, served: tries.length - refused };
}
