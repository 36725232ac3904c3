import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createOpenAI } from '@ai-sdk/openai';
import { generateObject, generateText, stepCountIs, streamText, tool } from 'ai';
import { z } from 'zod';
import { type MixedProviderGateway, startMixedProviderGateway } from '../helpers/mixed-provider-gateway';

const providers = [
  { name: 'an OpenAI-compatible server', model: 'oai/gpt-4o-mini', simulator: 'openai' },
  { name: 'Anthropic', model: 'claude/claude-haiku-4-5', simulator: 'anthropic' },
] as const;

describe('AI SDK 5’s default openai(model), which speaks the Responses API, through Sluice', () => {
  let mixed: MixedProviderGateway;
  let openai: ReturnType<typeof createOpenAI>;
  before(async () => {
    mixed = await startMixedProviderGateway();
    openai = createOpenAI({ baseURL: mixed.gateway.baseURL, apiKey: 'dev' });
  });
  after(async () => mixed.stop());
  beforeEach(() => mixed.reset());

  for (const provider of providers) {
    describe(provider.name, () => {
      const requests = () => mixed.simulators[provider.simulator].stats().requests;

      test('generateText', async () => {
        const result = await generateText({ model: openai(provider.model), prompt: 'hello ai sdk' });
        assert.equal(result.text, 'Echo: hello ai sdk');
        assert.equal(result.finishReason, 'stop');
        assert.ok((result.usage.outputTokens ?? 0) > 0);
        assert.match(String(result.response.id), /^resp_/);
      });

      test('streamText', async () => {
        const result = streamText({ model: openai(provider.model), prompt: 'stream me some words' });
        const parts: string[] = [];
        for await (const part of result.textStream) parts.push(part);
        assert.ok(parts.length > 1, 'several deltas');
        assert.equal(parts.join(''), 'Echo: stream me some words');
        assert.equal(await result.finishReason, 'stop');
      });

      test('a two-step tool loop', async () => {
        const seen: string[] = [];
        const result = await generateText({
          model: openai(provider.model),
          prompt: 'what is the weather',
          tools: {
            weather: tool({
              description: 'The weather somewhere',
              inputSchema: z.object({ echo: z.string() }),
              execute: async ({ echo }) => {
                seen.push(echo);
                return 'sunny';
              },
            }),
          },
          stopWhen: stepCountIs(3),
        });
        assert.deepEqual(seen, ['what is the weather']);
        assert.equal(result.steps.length, 2);
        assert.match(result.text, /^Echo: /);
        assert.equal(requests(), 2);
      });

      test('generateObject', async () => {
        const result = await generateObject({
          model: openai(provider.model),
          schema: z.object({ echo: z.string() }),
          prompt: 'structured please',
        });
        assert.deepEqual(result.object, { echo: 'structured please' });
      });
    });
  }
});
