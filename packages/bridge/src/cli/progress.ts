/**
 * The progress line of the long commands (`sign`, `verify`, `validate`): a module of its own, so that each command
 * imports it rather than another command's module.
 */

/** Progress line on stderr (terminals only), at most every 5 %. */
export function progressPrinter(label: string): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = -1;
  return (done, total) => {
    const pct = total > 0 ? Math.floor((done * 20) / total) * 5 : 100;
    if (pct === last) return;
    last = pct;
    process.stderr.write(`\r${label} %${pct}${pct >= 100 ? '\n' : ''}`);
  };
}
