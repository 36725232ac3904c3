// A document as YAML or JSON text, and back; problems located at the line their path names.
import { isNode, LineCounter, parseDocument, stringify } from 'yaml';

/**
 * @param {unknown} document
 * @param {'yaml' | 'json'} format
 */
export function toText(document, format) {
  return format === 'json' ? `${JSON.stringify(document, null, 2)}\n` : stringify(document);
}

/**
 * Parses YAML or JSON text (JSON is read as YAML, which it is, so both give line numbers). Returns `{ value }`, or
 * `{ problems }` with each syntax error's line. `lineOf(path)` finds the line of a dotted path (`targets.0.model`), or of its
 * nearest ancestor present in the text.
 */
/**
 * @param {string} text
 * @returns {{ problems: { path: string, line: number, message: string }[] }
 *   | { problems?: undefined, value: unknown, lineOf: (path: string) => number }}
 */
export function parseText(text) {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  /** @param {number} offset */
  const lineAt = (offset) => lineCounter.linePos(offset).line;
  if (document.errors.length > 0) {
    return {
      problems: document.errors.map((error) => ({ path: '', line: lineAt(error.pos[0]), message: error.message })),
    };
  }
  /** @param {string} path */
  const lineOf = (path) => {
    const segments =
      path === '' ? [] : path.split('.').map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
    for (let length = segments.length; length > 0; length -= 1) {
      const node = document.getIn(segments.slice(0, length), true);
      if (isNode(node) && node.range) return lineAt(node.range[0]);
    }
    return 1;
  };
  return { value: document.toJS(), lineOf };
}
