import { InvalidRequestError } from '@sluice/errors';
import { findExcessDepth } from './find-excess-depth';
import { findUnstorableText } from './find-unstorable-text';

/** How deep a request body or JSON header may nest objects and arrays (docs/limits-and-input.md). */
export const MAX_JSON_DEPTH = 64;

/** The parser's messages quote the text, which may hold anything: only the position is passed on. */
const POSITION = /position (\d+)/;

/**
 * JSON text can only spell a NUL or a lone surrogate with a `\u` escape (raw control characters are invalid JSON, and
 * decoded UTF-8 holds no lone surrogates), so text without `\u0000` or `\ud800`–`\udfff` needs no walk.
 */
const MAYBE_UNSTORABLE = /\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})/;

export interface JsonTextOptions {
  /** What the text is, for messages: `The request body`, `x-sluice-metadata`. */
  subject: string;
  /** The field the text itself is (a header's name), prefixed to every path; `''` for a body. */
  root: string;
  maxDepth?: number;
}

/**
 * Parses client JSON the one way the ingress does: nesting is bounded before parsing (a 20,000-deep document is a
 * 400, not a stack overflow later), and afterwards no string or key may hold a NUL or a lone surrogate, which
 * nothing downstream can store. Every refusal is a 400 naming the field at fault.
 */
export function parseJsonText(text: string, options: JsonTextOptions): unknown {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  const excess = findExcessDepth(text, maxDepth);
  if (excess !== undefined) {
    const field = joinPath(options.root, excess.field);
    throw new InvalidRequestError(
      `${field === '' ? options.subject : field} is nested more than ${maxDepth} levels deep; flatten it.`,
      { code: 'nesting_too_deep', ...(field === '' ? {} : { param: field }) },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const position = error instanceof SyntaxError ? POSITION.exec(error.message)?.[1] : undefined;
    const where = position === undefined ? '' : ` (at character ${position})`;
    throw new InvalidRequestError(`${options.subject} is not valid JSON${where}.`, {
      code: 'invalid_json',
      ...(options.root === '' ? {} : { param: options.root }),
    });
  }
  const unstorable = MAYBE_UNSTORABLE.test(text) ? findUnstorableText(value, options.root) : undefined;
  if (unstorable !== undefined) {
    throw new InvalidRequestError(`${unstorable.path} ${unstorable.message}; remove it or send well-formed text.`, {
      param: unstorable.path,
      code: 'invalid_text',
    });
  }
  return value;
}

function joinPath(root: string, field: string): string {
  if (root === '') return field;
  return field === '' ? root : `${root}.${field}`;
}
