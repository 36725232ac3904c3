import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InvalidRequestError } from '@sluice/errors';
import { type InputItem, ResponsesRequestSchema } from '@sluice/providers';
import { prepareResponse } from './prepare-response';
import type { ResponseStore } from './response-store';

const stored: InputItem = { id: 'msg_stored', type: 'message', role: 'user', content: 'from before' };
const earlier: InputItem[] = [{ type: 'message', role: 'assistant', content: 'an earlier answer' }];

/** A store holding one item and one conversation, counting the lookups made. */
function storeOf(): { store: ResponseStore; lookups: string[] } {
  const lookups: string[] = [];
  const store = {
    items: async (ids: readonly string[]) => {
      lookups.push(`items ${ids.join(',')}`);
      return new Map(ids.flatMap((id) => (id === stored.id ? [[id, stored] as const] : [])));
    },
    conversation: async (id: string) => {
      lookups.push(`conversation ${id}`);
      return id === 'resp_earlier' ? earlier : undefined;
    },
  } as unknown as ResponseStore;
  return { store, lookups };
}

const prepare = (store: ResponseStore, request: unknown) =>
  prepareResponse(store, ResponsesRequestSchema.parse(request), undefined, 1);

describe('prepareResponse', () => {
  test('a request naming no stored item or response asks the store nothing', async () => {
    const { store, lookups } = storeOf();
    const prepared = await prepare(store, { model: 'm', input: [{ role: 'user', content: 'hi' }] });
    assert.deepEqual(lookups, []);
    assert.deepEqual(prepared.translated.chat.messages, [{ role: 'user', content: 'hi' }]);
  });

  test('an item_reference becomes the stored item it names, wherever it stands', async () => {
    const { store, lookups } = storeOf();
    const prepared = await prepare(store, {
      model: 'm',
      input: [
        { role: 'user', content: 'first' },
        { type: 'item_reference', id: 'msg_stored' },
      ],
    });
    assert.deepEqual(lookups, ['items msg_stored']);
    assert.deepEqual(prepared.body.input, [{ role: 'user', content: 'first' }, stored]);
  });

  test('a reference to nothing stored is a 400 naming it', async () => {
    const { store } = storeOf();
    await assert.rejects(
      prepare(store, { model: 'm', input: [{ type: 'item_reference', id: 'msg_missing' }] }),
      (error: unknown) => error instanceof InvalidRequestError && error.param === 'input.0.id',
    );
  });

  test('previous_response_id puts the stored conversation before the input', async () => {
    const { store, lookups } = storeOf();
    const prepared = await prepare(store, { model: 'm', input: 'and now?', previous_response_id: 'resp_earlier' });
    assert.deepEqual(lookups, ['conversation resp_earlier']);
    assert.deepEqual(prepared.nativeBody.input, [...earlier, { type: 'message', role: 'user', content: 'and now?' }]);
  });
});
