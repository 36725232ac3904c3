import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InvalidRequestError } from '@sluice/errors';
import { PromptTemplateSchema, renderPrompt, templateVariables } from './prompt-template';

describe('prompt templates', () => {
  const prompt = PromptTemplateSchema.parse({
    messages: [
      { role: 'system', content: 'You answer in {{ language }}.' },
      { role: 'user', content: 'Summarise {{topic}} for {{audience}}.' },
    ],
    model: 'gpt-4o-mini',
    params: { temperature: 0.2 },
    variables: { audience: 'engineers' },
  });

  test('lists its variables and renders them, defaults filling the gaps', () => {
    assert.deepEqual(templateVariables(prompt), ['language', 'topic', 'audience']);
    const rendered = renderPrompt(prompt, { language: 'French', topic: 'queues' });
    assert.deepEqual(rendered.messages, [
      { role: 'system', content: 'You answer in French.' },
      { role: 'user', content: 'Summarise queues for engineers.' },
    ]);
    assert.equal(rendered.model, 'gpt-4o-mini');
    assert.deepEqual(rendered.params, { temperature: 0.2 });
  });

  test('values are inserted once, never expanded again', () => {
    const rendered = renderPrompt(prompt, { language: '{{topic}}', topic: 'x', audience: '{{language}}' });
    assert.equal(rendered.messages[0]?.content, 'You answer in {{topic}}.');
    assert.equal(rendered.messages[1]?.content, 'Summarise x for {{language}}.');
  });

  test('a missing variable is a 400 naming prompt.variables.<name>', () => {
    assert.throws(
      () => renderPrompt(prompt, { topic: 'x' }),
      (error: unknown) => error instanceof InvalidRequestError && /prompt\.variables\.language/.test(error.message),
    );
  });

  test('a template is messages or one user template, not both or neither', () => {
    assert.ok(PromptTemplateSchema.safeParse({ template: 'Hi {{name}}' }).success);
    assert.ok(!PromptTemplateSchema.safeParse({}).success);
    assert.ok(!PromptTemplateSchema.safeParse({ template: 'x', messages: [{ role: 'user', content: 'y' }] }).success);
  });
});
