import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatCompletionRequest } from '@sluice/providers';
import type { CacheSubject } from './exact-cache-key';
import { semanticScope, semanticSubject } from './semantic-scope';

const request: ChatCompletionRequest = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You are a support bot.' },
    { role: 'user', content: 'Hi' },
    { role: 'assistant', content: 'Hello! How can I help?' },
    { role: 'user', content: 'How do I enable 2FA?' },
  ],
  temperature: 0,
};
const subject = (changes: Partial<CacheSubject> = {}, requestChanges: Record<string, unknown> = {}): CacheSubject => ({
  configId: 'default',
  tenant: 'vk_1',
  ...changes,
  request: { ...request, ...requestChanges } as ChatCompletionRequest,
});
const withLast = (content: unknown) => ({ messages: [...request.messages.slice(0, 3), { role: 'user', content }] });

describe('semanticSubject', () => {
  it('embeds the last user text and keeps the scope when only that text changes', () => {
    const original = semanticSubject(subject());
    const paraphrase = semanticSubject(subject({}, withLast('How can I turn on two-factor authentication?')));
    assert.equal(original?.text, 'How do I enable 2FA?');
    assert.equal(paraphrase?.text, 'How can I turn on two-factor authentication?');
    assert.equal(paraphrase?.scope, original?.scope);
    assert.equal(semanticScope(subject({}, { stream: true, user: 'u', metadata: { a: 'b' } })), original?.scope);
  });

  it('changes the scope with config, tenant, model, parameters, system prompt or earlier turns', () => {
    const scopes = [
      semanticScope(subject()),
      semanticScope(subject({ configId: 'other' })),
      semanticScope(subject({ tenant: 'vk_2' })),
      semanticScope(subject({}, { model: 'gpt-4o' })),
      semanticScope(subject({}, { temperature: 0.7 })),
      semanticScope(
        subject({}, { messages: [{ role: 'system', content: 'You are a pirate.' }, ...request.messages.slice(1)] }),
      ),
      semanticScope(
        subject(
          {},
          { messages: [request.messages[0], { role: 'user', content: 'Hey' }, ...request.messages.slice(2)] },
        ),
      ),
      semanticScope(subject({}, { messages: [request.messages[0], request.messages[3]] })),
    ];
    assert.equal(new Set(scopes).size, scopes.length);
  });

  it('matches the non-text parts of the question exactly', () => {
    const image = (url: string) =>
      withLast([
        { type: 'text', text: 'What is in this picture?' },
        { type: 'image_url', image_url: { url } },
      ]);
    const first = semanticSubject(subject({}, image('https://example.com/a.png')));
    const other = semanticSubject(subject({}, image('https://example.com/b.png')));
    assert.equal(first?.text, 'What is in this picture?');
    assert.notEqual(first?.scope, other?.scope);
  });

  it('has nothing to embed without user text', () => {
    assert.equal(
      semanticSubject(subject({}, { messages: [{ role: 'system', content: 'Only a system prompt' }] })),
      undefined,
    );
    assert.equal(semanticSubject(subject({}, withLast('   '))), undefined);
  });
});
