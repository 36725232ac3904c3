import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidRequestError } from '@sluice/errors';
import { completionsToChatRequest } from './to-chat-request';

const refusal = (body: Record<string, unknown>) => {
  try {
    completionsToChatRequest({ model: 'claude-haiku-4-5', prompt: 'Hi', ...body });
  } catch (error) {
    assert.ok(error instanceof InvalidRequestError);
    return error;
  }
  assert.fail('the request was translated');
};

describe('completionsToChatRequest', () => {
  it('sends the prompt as one user message with the sampling fields, and OpenAI’s default of 16 tokens', () => {
    const chat = completionsToChatRequest({
      model: 'claude-haiku-4-5',
      prompt: ['Say this is a test'],
      temperature: 0.2,
      stop: ['\n'],
      stream: true,
      stream_options: { include_usage: true },
      suffix: null,
      echo: false,
      best_of: 1,
    });
    assert.deepEqual(chat, {
      model: 'claude-haiku-4-5',
      temperature: 0.2,
      stop: ['\n'],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 16,
      messages: [{ role: 'user', content: 'Say this is a test' }],
    });
    assert.equal(completionsToChatRequest({ model: 'm', prompt: 'x', max_tokens: 300 }).max_tokens, 300);
  });

  it('refuses what chat cannot carry, naming the field', () => {
    assert.equal(refusal({ suffix: 'end' }).param, 'suffix');
    assert.equal(refusal({ echo: true }).param, 'echo');
    assert.equal(refusal({ best_of: 3 }).param, 'best_of');
    assert.equal(refusal({ logprobs: 2 }).param, 'logprobs');
    assert.equal(refusal({ prompt: ['one', 'two'] }).param, 'prompt');
    assert.equal(refusal({ prompt: [1212, 318] }).param, 'prompt');
    assert.equal(refusal({ frobnicate: 1 }).param, 'frobnicate');
    assert.match(refusal({ suffix: 'end' }).message, /chat translation/);
  });
});
