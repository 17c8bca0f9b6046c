/**
 * How to write an `edefter …` command so that it runs as printed: `edefter` is on PATH only when the
 * package is installed; from the repository (scripts/run.mjs sets EDEFTER_PROJECT_ROOT, as
 * `npm run portal`, `npm run demo` and `pnpm edefter` do) the command is
 * `pnpm -C <repository> edefter …`, which works from any folder. When this process runs with its
 * own EDEFTER_CONFIG_DIR / EDEFTER_DATA_DIR (pairings, the local CA and socket live there), the
 * printed command carries them, so it talks to the same bridge.
 */

/**
 * The runnable form of an `edefter` subcommand.
 * @param args the subcommand and its arguments, e.g. `trust install`
 * @returns e.g. `pnpm -C /home/u/edefter-bridge edefter trust install`, or `edefter trust install`
 */
export function cliCommand(args: string): string {
  const env = (['EDEFTER_CONFIG_DIR', 'EDEFTER_DATA_DIR'] as const)
    .filter((k) => process.env[k])
    .map((k) => `${k}=${shellQuote(process.env[k]!)} `)
    .join('');
  const root = process.env.EDEFTER_PROJECT_ROOT;
  return root ? `${env}pnpm -C ${shellQuote(root)} edefter ${args}` : `${env}edefter ${args}`;
}

/** Quotes a word for a POSIX shell when it needs it. */
function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
