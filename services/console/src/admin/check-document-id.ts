import { InvalidRequestError } from '@sluice/errors';

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** Ids of stored configs and prompts: letters, digits, `_ . -`, up to 128; `inline` is reserved. */
export function checkDocumentId(id: string): string {
  if (!ID.test(id) || id === 'inline') {
    throw new InvalidRequestError(
      `"${id.slice(0, 140)}" is not a valid id: use letters, digits, _ . - (up to 128), not "inline"`,
      { param: 'id', code: 'invalid_id' },
    );
  }
  return id;
}
