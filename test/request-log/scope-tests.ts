import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_ROWS, RequestLogReader, RequestLogWriter } from '@sluice/request-log';
import { makeCompletionEvent } from './completion-event-factory';
import type { SuiteContext } from './request-log-suite';

/** docs/tenancy-and-upstream-validation.md: a virtual key's scope holds only its own rows, in every read. */
export function defineScopeTests(context: SuiteContext): void {
  describe('RequestLogReader scopes', () => {
    const created_at = '2026-04-02T10:00:00.000Z';
    const events = [
      makeCompletionEvent({ id: 'a1', created_at, virtual_key_id: 'vk_a', prompt_tokens: 10 }),
      makeCompletionEvent({ id: 'a2', created_at, virtual_key_id: 'vk_a', prompt_tokens: 20, status: 'error' }),
      makeCompletionEvent({ id: 'b1', created_at, virtual_key_id: 'vk_b', prompt_tokens: 400 }),
      makeCompletionEvent({ id: 'open', created_at, virtual_key_id: null, prompt_tokens: 5000 }),
    ];
    const reader = () => new RequestLogReader({ database: context.database });
    const window = { from: '2026-04-01', to: '2026-04-03' };
    const write = () => new RequestLogWriter({ database: context.database }).writeBatch(events);

    it('lists, gets and summarises only the scope’s rows; ALL_ROWS reads every row', async () => {
      await write();
      const listed = async (virtualKeyId: string | undefined) =>
        (await reader().list({ ...window, limit: 10 }, { virtualKeyId })).data.map((record) => record.id).sort();
      assert.deepEqual(await listed('vk_a'), ['a1', 'a2']);
      assert.deepEqual(await listed('vk_b'), ['b1']);
      assert.deepEqual(await listed('vk_unknown'), []);
      assert.deepEqual(await listed(undefined), ['a1', 'a2', 'b1', 'open']);
      assert.equal(await reader().get('b1', { virtualKeyId: 'vk_a' }), undefined);
      assert.equal(await reader().get('open', { virtualKeyId: 'vk_a' }), undefined);
      assert.equal((await reader().get('a1', { virtualKeyId: 'vk_a' }))?.id, 'a1');
      assert.equal((await reader().get('b1', ALL_ROWS))?.id, 'b1');
      const totals = async (virtualKeyId: string | undefined) => {
        const [row] = (await reader().summary(window, { virtualKeyId })).data;
        return [row?.requests, row?.errors, row?.prompt_tokens];
      };
      assert.deepEqual(await totals('vk_a'), [2, 1, 30]);
      assert.deepEqual(await totals('vk_b'), [1, 0, 400]);
      assert.deepEqual(await totals(undefined), [4, 1, 5430]);
    });
  });
}
