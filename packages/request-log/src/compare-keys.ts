/**
 * Two keys in code-unit order (not the locale's): the order a batch's rows, rollup rows and turns are written in, the
 * same in every writer so that concurrent transactions take their row locks in one order.
 */
export function compareKeys(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
