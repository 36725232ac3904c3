import assert from 'node:assert/strict';
import { test } from 'node:test';
import { estimateTextTokens } from '@sluice/governance';
import { makeCompletionEvent } from '../../../test/request-log/completion-event-factory';
import { settlementUsage } from './settlement-usage';

test('the usage the provider reported is what a budget settles', async () => {
  const event = makeCompletionEvent({ prompt_tokens: 12, completion_tokens: 3 });
  assert.deepEqual(await settlementUsage(event), { prompt_tokens: 12, completion_tokens: 3 });
});

test('without reported usage, the bodies are estimated with the linear estimate, not a tokenizer', async () => {
  const question = 'x'.repeat(200_000);
  const answer = 'An answer of a few words.';
  const event = makeCompletionEvent({
    prompt_tokens: 0,
    completion_tokens: 0,
    request_body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] },
    response_body: { choices: [{ message: { role: 'assistant', content: answer } }] },
  });
  const usage = await settlementUsage(event);
  assert.deepEqual(usage, {
    prompt_tokens: 3 + 3 + estimateTextTokens('user') + estimateTextTokens(question),
    completion_tokens: estimateTextTokens(answer),
  });
});

test('bodies still in their text are parsed only to estimate, with the same result', async () => {
  const bodies = {
    request_body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'a question of some length' }] },
    response_body: { choices: [{ message: { role: 'assistant', content: 'An answer.' } }] },
  };
  const unreported = makeCompletionEvent({ prompt_tokens: 0, completion_tokens: 0 });
  assert.deepEqual(
    await settlementUsage(unreported, JSON.stringify(bodies)),
    await settlementUsage({ ...unreported, ...bodies }),
  );
  assert.notDeepEqual(await settlementUsage(unreported, JSON.stringify(bodies)), {
    prompt_tokens: 0,
    completion_tokens: 0,
  });
  assert.deepEqual(await settlementUsage(unreported), { prompt_tokens: 0, completion_tokens: 0 });
});

test('a failed request settles what was reported, nothing estimated', async () => {
  const event = makeCompletionEvent({
    status: 'error',
    http_status: 502,
    prompt_tokens: 0,
    completion_tokens: 0,
    request_body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] },
  });
  assert.deepEqual(await settlementUsage(event), { prompt_tokens: 0, completion_tokens: 0 });
});
