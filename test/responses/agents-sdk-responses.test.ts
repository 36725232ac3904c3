import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { Agent, run, setDefaultOpenAIClient, setTracingDisabled, tool } from '@openai/agents';
import OpenAI from 'openai';
import { z } from 'zod';
import { type MixedProviderGateway, startMixedProviderGateway } from '../helpers/mixed-provider-gateway';

const providers = [
  { name: 'an OpenAI-compatible server', model: 'oai/gpt-4o-mini', simulator: 'openai' },
  { name: 'Anthropic', model: 'claude/claude-haiku-4-5', simulator: 'anthropic' },
] as const;

describe('the OpenAI Agents SDK, on its default Responses API, through Sluice', () => {
  let mixed: MixedProviderGateway;
  before(async () => {
    mixed = await startMixedProviderGateway();
    setTracingDisabled(true);
    const client = new OpenAI({ baseURL: mixed.gateway.baseURL, apiKey: 'dev', maxRetries: 0 });
    setDefaultOpenAIClient(client as unknown as Parameters<typeof setDefaultOpenAIClient>[0]);
  });
  after(async () => mixed.stop());
  beforeEach(() => mixed.reset());

  for (const provider of providers) {
    describe(provider.name, () => {
      test('an agent answers', async () => {
        const agent = new Agent({ name: 'echo', instructions: 'Repeat.', model: provider.model });
        const result = await run(agent, 'hello agents');
        assert.equal(result.finalOutput, 'Echo: hello agents');
      });

      test('an agent calls a tool, then answers', async () => {
        const seen: string[] = [];
        const agent = new Agent({
          name: 'weather',
          instructions: 'Use the tool.',
          model: provider.model,
          tools: [
            tool({
              name: 'weather',
              description: 'The weather',
              parameters: z.object({ echo: z.string() }),
              execute: async ({ echo }) => {
                seen.push(echo);
                return 'sunny';
              },
            }),
          ],
        });
        const result = await run(agent, 'weather in Oslo');
        assert.deepEqual(seen, ['weather in Oslo']);
        assert.match(String(result.finalOutput), /^Echo: /);
        assert.equal(mixed.simulators[provider.simulator].stats().requests, 2);
      });

      test('streamed', async () => {
        const agent = new Agent({ name: 'echo', instructions: 'Repeat.', model: provider.model });
        const result = await run(agent, 'stream agents', { stream: true });
        const text: string[] = [];
        for await (const chunk of result.toTextStream()) text.push(chunk);
        await result.completed;
        assert.equal(text.join(''), 'Echo: stream agents');
      });
    });
  }
});
