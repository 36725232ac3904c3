// A line diff of two texts (longest common subsequence), for comparing two versions of a document.

/** @typedef {{ kind: 'same' | 'removed' | 'added', text: string }} DiffLine */

/**
 * Lines as [{ kind: 'same' | 'removed' | 'added', text }], the old text's order kept.
 * @param {string} before
 * @param {string} after
 * @returns {DiffLine[]}
 */
export function diffLines(before, after) {
  const left = before.split('\n');
  const right = after.split('\n');
  const common = Array.from({ length: left.length + 1 }, () => new Uint32Array(right.length + 1));
  for (let i = left.length - 1; i >= 0; i -= 1) {
    for (let j = right.length - 1; j >= 0; j -= 1) {
      common[i][j] = left[i] === right[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
    }
  }
  /** @type {DiffLine[]} */
  const lines = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    if (left[i] === right[j]) {
      lines.push({ kind: 'same', text: left[i] });
      i += 1;
      j += 1;
    } else if (common[i + 1][j] >= common[i][j + 1]) {
      lines.push({ kind: 'removed', text: left[i] });
      i += 1;
    } else {
      lines.push({ kind: 'added', text: right[j] });
      j += 1;
    }
  }
  for (; i < left.length; i += 1) lines.push({ kind: 'removed', text: left[i] });
  for (; j < right.length; j += 1) lines.push({ kind: 'added', text: right[j] });
  return lines;
}
