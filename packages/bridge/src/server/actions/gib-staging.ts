/**
 * Staging folders of `gib-prepare` (issue 10 §4): the page's files wait for the user's consent in
 * a private folder of their own, `<site folder>/.gib-staging/<prepareId>/` (0700, files 0600),
 * never in the month folder. The folder is removed when the user refuses or closes the window
 * (`gib-cancel`), when the prepared send expires, after `gib-send`, and at the bridge's start
 * (whatever a crash left behind). Only files that reached GİB move on into the month folder
 * (gib/send-consented.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { dataDir } from '../../workflow/paths.ts';
import { originRoot } from './gib-shared.ts';

/** Name of the staging parent folder inside a site's folder. */
export const STAGING_DIR = '.gib-staging';

/**
 * Creates the staging folder of one prepared send (0700 all the way from the site's folder).
 * @param prepareId 32 hex digits
 * @returns its absolute path
 */
export function createStaging(origin: string, prepareId: string): string {
  if (!/^[0-9a-f]{32}$/.test(prepareId)) throw new Error('bad prepareId');
  const dir = path.join(originRoot(origin), STAGING_DIR, prepareId);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') {
    for (const d of [originRoot(origin), path.dirname(dir), dir]) fs.chmodSync(d, 0o700);
  }
  return dir;
}

/** Removes a staging folder and everything in it, and the site's staging parent once empty (no error when already gone). */
export function removeStaging(dir: string): void {
  if (path.basename(path.dirname(dir)) !== STAGING_DIR) return;
  fs.rmSync(dir, { recursive: true, force: true });
  try {
    fs.rmdirSync(path.dirname(dir));
  } catch {
    /* another prepare of the site still waits */
  }
}

/**
 * Removes every site's staging folders: at the bridge's start no prepared send survives (they are
 * in memory), so whatever is staged on disk was never consented.
 * @param root data folder (default {@link dataDir})
 * @returns how many staging folders were removed
 */
export function sweepAllStaging(root: string = dataDir()): number {
  const portal = path.join(root, 'portal');
  let n = 0;
  let sites: string[];
  try {
    sites = fs.readdirSync(portal);
  } catch {
    return 0;
  }
  for (const site of sites) {
    const parent = path.join(portal, site, STAGING_DIR);
    let ids: string[];
    try {
      ids = fs.readdirSync(parent);
    } catch {
      continue;
    }
    for (const id of ids) {
      fs.rmSync(path.join(parent, id), { recursive: true, force: true });
      n++;
    }
  }
  return n;
}
