import { execFile } from 'node:child_process';
import { access, constants, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** The Claude Code release the tests run: its CLI and the platform package that holds its binary (~380 MB). */
export const CLAUDE_CODE_VERSION = '2.1.332';

/** What a test gets: the binary to run, or why it could not be installed (the test then skips, saying so). */
export type ClaudeCodeInstall = { available: true; binary: string } | { available: false; reason: string };

/** npm's codes for a registry it cannot reach: the only failures that make the install impossible here. */
const UNREACHABLE_REGISTRY =
  /E(NOTFOUND|AI_AGAIN|CONNREFUSED|CONNRESET|TIMEDOUT|NETUNREACH|HOSTUNREACH)|ETIMEDOUT|network/i;
const INSTALL_TIMEOUT_MS = 15 * 60_000;

const run = promisify(execFile);

/** `${XDG_CACHE_HOME:-~/.cache}/sluice/agent-clients`: outside the repository, kept between runs. */
export function agentClientsCache(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'sluice', 'agent-clients');
}

/** The platform package npm picks for this machine, which carries the `claude` binary. */
function platformPackage(): string {
  const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
  if (process.platform === 'darwin') return `@anthropic-ai/claude-code-darwin-${arch}`;
  if (process.platform === 'win32') return `@anthropic-ai/claude-code-win32-${arch}`;
  const report = process.report.getReport() as { header?: { glibcVersionRuntime?: string } };
  const musl = report.header?.glibcVersionRuntime === undefined;
  return `@anthropic-ai/claude-code-linux-${arch}${musl ? '-musl' : ''}`;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Claude Code, installed on first use with `npm install --prefix <cache>/claude-code-<version>` and reused after;
 * never part of the repository's dependencies. The install goes to a scratch folder renamed into place, so an
 * interrupted one leaves nothing half-made. Only an unreachable registry makes it unavailable; any other failure throws.
 */
export async function installClaudeCode(env: NodeJS.ProcessEnv = process.env): Promise<ClaudeCodeInstall> {
  const cache = agentClientsCache(env);
  const prefix = join(cache, `claude-code-${CLAUDE_CODE_VERSION}`);
  const binaryIn = (folder: string) => join(folder, 'node_modules', platformPackage(), 'claude');
  if (await isExecutable(binaryIn(prefix))) return { available: true, binary: binaryIn(prefix) };
  await mkdir(cache, { recursive: true });
  const scratch = await mkdtemp(join(cache, `.claude-code-${CLAUDE_CODE_VERSION}-`));
  try {
    await run(
      'npm',
      [
        'install',
        '--prefix',
        scratch,
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--engine-strict=false',
        `@anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}`,
      ],
      { timeout: INSTALL_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    await rm(scratch, { recursive: true, force: true });
    const output = `${(error as { stderr?: string }).stderr ?? ''} ${(error as Error).message}`;
    if (UNREACHABLE_REGISTRY.test(output))
      return {
        available: false,
        reason: `Claude Code ${CLAUDE_CODE_VERSION} cannot be installed: the npm registry is unreachable (${firstLine(output)})`,
      };
    throw error;
  }
  if (!(await isExecutable(binaryIn(scratch)))) {
    await rm(scratch, { recursive: true, force: true });
    throw new Error(`npm installed Claude Code ${CLAUDE_CODE_VERSION} without ${platformPackage()}'s binary`);
  }
  try {
    await rename(scratch, prefix);
  } catch (error) {
    await rm(scratch, { recursive: true, force: true });
    if (!(await isExecutable(binaryIn(prefix)))) throw error;
  }
  return { available: true, binary: binaryIn(prefix) };
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '') ?? 'no output'
  );
}
