import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { runCodex } from '../helpers/codex-cli';
import { type MixedProviderGateway, startMixedProviderGateway } from '../helpers/mixed-provider-gateway';

const providers = [
  { name: 'an OpenAI-compatible server', model: 'oai/gpt-4o-mini', simulator: 'openai' },
  { name: 'Anthropic', model: 'claude/claude-haiku-4-5', simulator: 'anthropic' },
] as const;

/** What the simulated model asks Codex to run; its output must come back to the model. */
const COMMAND = 'echo sluice-ran-this';

describe('Codex CLI (codex exec, wire_api = "responses") through Sluice', () => {
  let mixed: MixedProviderGateway;
  before(async () => {
    mixed = await startMixedProviderGateway();
  });
  after(async () => mixed.stop());
  beforeEach(() => mixed.reset());

  for (const provider of providers) {
    test(`runs the shell command the model asks for, then answers: ${provider.name}`, async () => {
      const simulator = mixed.simulators[provider.simulator];
      simulator.configure({ toolArguments: JSON.stringify({ cmd: COMMAND }) });
      const codex = await runCodex({
        baseURL: mixed.gateway.baseURL,
        apiKey: 'dev',
        model: provider.model,
        task: 'print the magic word',
      });
      assert.equal(codex.exitCode, 0, codex.stderr);
      assert.equal(simulator.stats().requests, 2, 'a tool call, then the answer');
      const second = JSON.stringify(simulator.stats().lastBody);
      assert.ok(second.includes('sluice-ran-this\\n'), 'the command ran and its output went back to the model');
      assert.match(codex.stdout, /Echo: /, 'Codex printed the final answer');
    });
  }

  test('with reasoning on Anthropic: Claude thinks, Codex shows it, and the signed thinking goes back', async () => {
    const simulator = mixed.simulators.anthropic;
    simulator.configure({ toolArguments: JSON.stringify({ cmd: COMMAND }) });
    const codex = await runCodex({
      baseURL: mixed.gateway.baseURL,
      apiKey: 'dev',
      model: 'claude/claude-haiku-4-5',
      task: 'print the magic word',
      reasoningEffort: 'low',
    });
    assert.equal(codex.exitCode, 0, codex.stderr);
    assert.equal(simulator.stats().requests, 2, 'a tool call, then the answer');
    const second = simulator.stats().lastBody as {
      thinking?: unknown;
      messages: { role: string; content: { type: string; thinking?: string; signature?: string }[] }[];
    };
    assert.deepEqual(second.thinking, { type: 'enabled', budget_tokens: 2_048 });
    const toolTurn = second.messages.findLast((message) => message.role === 'assistant');
    const [thinking, toolUse] = toolTurn?.content ?? [];
    assert.equal(thinking?.type, 'thinking', 'the tool turn opens with the thinking Claude gave');
    assert.match(thinking?.thinking ?? '', /^Thinking about: /);
    assert.match(thinking?.signature ?? '', /^sig_/);
    assert.equal(toolUse?.type, 'tool_use');
    assert.match(codex.stdout + codex.stderr, /Thinking about: /, 'Codex showed the reasoning summary');
  });
});
