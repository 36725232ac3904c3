import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { CLAUDE_CODE_VERSION, type ClaudeCodeInstall, installClaudeCode } from '../helpers/claude-code-cli';
import { type MixedProviderGateway, startMixedProviderGateway } from '../helpers/mixed-provider-gateway';

const run = promisify(execFile);

/** The simulated model calls Bash with this command, Claude Code runs it, and the model answers with its output. */
const MARKER = 'sluice-tool-ok';
const TASK = `Print the marker. [[tool:Bash {"command":"echo ${MARKER}","description":"Print the marker"}]]`;

interface Message {
  role: string;
  content: unknown;
  tool_call_id?: string;
}

describe(`Claude Code ${CLAUDE_CODE_VERSION} (claude -p) through Sluice`, { timeout: 20 * 60_000 }, () => {
  let install: ClaudeCodeInstall;
  let mixed: MixedProviderGateway;
  let scratch: string;

  before(async () => {
    install = await installClaudeCode();
    mixed = await startMixedProviderGateway(
      'configs:\n  openai-compatible: { strategy: single, targets: [ { provider: oai, model: gpt-4o-mini } ] }',
    );
    scratch = await mkdtemp(join(tmpdir(), 'sluice-claude-code-'));
  });
  after(async () => {
    await mixed.stop();
    await rm(scratch, { recursive: true, force: true });
  });
  beforeEach(() => mixed.reset());

  /** `claude -p TASK` with only the base URL (and, for a config, one custom header) pointing it at Sluice. */
  async function claude(headers: string | undefined): Promise<string> {
    if (!install.available) throw new Error(install.reason);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: scratch,
      ANTHROPIC_BASE_URL: mixed.gateway.url,
      ANTHROPIC_API_KEY: 'sk-sluice-development',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_AUTOUPDATER: '1',
      ...(headers ? { ANTHROPIC_CUSTOM_HEADERS: headers } : {}),
    };
    const { stdout } = await run(install.binary, ['-p', TASK, '--allowedTools', 'Bash'], {
      cwd: scratch,
      env,
      timeout: 120_000,
    });
    return stdout;
  }

  test('through an Anthropic account: forwarded as it came, with a Bash call in between', async (context) => {
    if (!install.available) return context.skip(install.reason);
    const output = await claude(undefined);
    assert.match(output, new RegExp(`Echo: ${MARKER}`));

    const stats = mixed.simulators.anthropic.stats();
    assert.equal(stats.requests, 2, 'the tool call, then the answer to its result');
    assert.match(stats.lastPath, /^\/v1\/messages/);
    assert.match(String(stats.lastHeaders['anthropic-beta']), /claude-code-/);
    const body = stats.lastBody as { model: string; messages: Message[] };
    assert.match(body.model, /^claude-/, 'a claude-* name nobody configured, served by the Anthropic account');
    assert.ok(
      body.messages.some((message) => message.role === 'system'),
      'the system-role message inside messages',
    );
    const last = body.messages.at(-1) as Message;
    const result = (last.content as { type: string; content: unknown }[]).find((block) => block.type === 'tool_result');
    assert.equal(String(result?.content).trim(), MARKER);
    assert.equal(mixed.simulators.openai.stats().requests, 0);
  });

  test('through an OpenAI-compatible account: translated, with a Bash call in between', async (context) => {
    if (!install.available) return context.skip(install.reason);
    const output = await claude('x-sluice-config: openai-compatible');
    assert.match(output, new RegExp(`Echo: ${MARKER}`));

    const stats = mixed.simulators.openai.stats();
    assert.equal(stats.requests, 2, 'the tool call, then the answer to its result');
    const body = stats.lastBody as { model: string; messages: Message[]; tools: { function: { name: string } }[] };
    assert.equal(body.model, 'gpt-4o-mini');
    assert.ok(body.tools.some((tool) => tool.function.name === 'Bash'));
    const roles = body.messages.map((message) => message.role);
    assert.ok(roles.filter((role) => role === 'system').length >= 2, 'the system prompt and the system-role message');
    const last = body.messages.at(-1) as Message;
    assert.equal(last.role, 'tool');
    assert.equal(String(last.content).trim(), MARKER);
    assert.equal(mixed.simulators.anthropic.stats().requests, 0);
  });
});
