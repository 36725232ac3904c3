import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ERROR_CODES } from './error-codes';

const DOCS = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
const listed = DOCS.slice(DOCS.indexOf('## Every code'));

describe('the error catalog', () => {
  test('has each code once', () => {
    assert.equal(new Set(ERROR_CODES).size, ERROR_CODES.length);
  });

  test('docs/errors.md lists every code, and no code the catalog lacks', () => {
    const documented = new Set([...listed.matchAll(/`([a-z_]+)`/g)].map((match) => match[1] as string));
    const catalog = new Set<string>(ERROR_CODES);
    assert.deepEqual(
      ERROR_CODES.filter((code) => !documented.has(code)),
      [],
      'in the catalog, missing from docs/errors.md',
    );
    assert.deepEqual(
      [...documented].filter((code) => !catalog.has(code)),
      [],
      'in docs/errors.md, not in the catalog',
    );
  });
});
