import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The Codex CLI release the tests pin (it ships its Linux binary, ~420 MB: never a package.json dependency). */
export const CODEX_VERSION = '0.171.0';

/** Where agent clients are installed once and reused: `${XDG_CACHE_HOME:-~/.cache}/sluice/agent-clients/`. */
function agentClientsDirectory(): string {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'sluice', 'agent-clients');
}

/** The `codex` executable, installed with npm into the cache folder on first use. */
export async function codexExecutable(): Promise<string> {
  const prefix = join(agentClientsDirectory(), `codex-${CODEX_VERSION}`);
  const executable = join(prefix, 'node_modules', '.bin', 'codex');
  if (existsSync(executable)) return executable;
  mkdirSync(prefix, { recursive: true });
  await run(
    'npm',
    ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', `@openai/codex@${CODEX_VERSION}`],
    {
      timeout: 600_000,
    },
  );
  return executable;
}

export interface CodexRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface CodexRunOptions {
  /** Sluice's OpenAI base URL (`http://127.0.0.1:PORT/v1`). */
  baseURL: string;
  apiKey: string;
  model: string;
  task: string;
  /** `model_reasoning_effort`; Codex then asks for reasoning summaries and the reasoning's encrypted content. */
  reasoningEffort?: 'low' | 'medium' | 'high';
  timeoutMs?: number;
}

/**
 * `codex exec --skip-git-repo-check TASK` against Sluice, with a scratch CODEX_HOME whose config.toml names Sluice
 * as a `wire_api = "responses"` provider (README: Codex CLI), in a scratch working folder, with stdin closed (codex
 * exec reads a piped stdin to its end before it starts).
 */
export async function runCodex(options: CodexRunOptions): Promise<CodexRun> {
  const executable = await codexExecutable();
  const home = mkdtempSync(join(tmpdir(), 'sluice-codex-home-'));
  const workdir = mkdtempSync(join(tmpdir(), 'sluice-codex-work-'));
  writeFileSync(
    join(home, 'config.toml'),
    [
      `model = "${options.model}"`,
      'model_provider = "sluice"',
      ...(options.reasoningEffort
        ? [
            `model_reasoning_effort = "${options.reasoningEffort}"`,
            'model_reasoning_summary = "auto"',
            'model_supports_reasoning_summaries = true',
          ]
        : []),
      '[model_providers.sluice]',
      'name = "Sluice"',
      `base_url = "${options.baseURL}"`,
      'env_key = "SLUICE_KEY"',
      'wire_api = "responses"',
      '',
    ].join('\n'),
  );
  const child = spawn(executable, ['exec', '--skip-git-repo-check', options.task], {
    cwd: workdir,
    env: { PATH: process.env.PATH ?? '', HOME: home, CODEX_HOME: home, SLUICE_KEY: options.apiKey },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: options.timeoutMs ?? 100_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (data: Buffer) => {
    stdout += data.toString();
  });
  child.stderr.on('data', (data: Buffer) => {
    stderr += data.toString();
  });
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
  return { stdout, stderr, exitCode };
}
