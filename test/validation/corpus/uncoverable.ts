/**
 * TEST CORPUS — GİB asserts that no single fault can make fail on a file that is otherwise valid,
 * each with the reason (proved by reading the test; the full run lists them as not covered).
 */

/** Test patterns (on the whitespace-normalized assert test) of asserts that cannot fail, with why. */
const UNCOVERABLE: { test: RegExp; reason: string }[] = [
  {
    test: /^count\(parent::node\(\)\[contains\(\$currencyCodeList, @id\)\]\) <=1$/,
    reason:
      'counts the parent of the context xbrli:measure, and a node has exactly one parent: the count is 0 or 1, never more ' +
      '(GİB meant the units with a currency id)',
  },
];

/** Why the assert cannot fail, or undefined when it can. */
export function uncoverableReason(_ruleId: string, test: string): string | undefined {
  const t = test.replace(/\s+/g, ' ').trim();
  return UNCOVERABLE.find((u) => u.test.test(t))?.reason;
}
