/**
 * Anthropic prompt caching, simulated deterministically. The prompt is read in Anthropic's cache order
 * (tools, then system, then messages) as blocks; a block with `cache_control` is a breakpoint. A request
 * reads the longest prefix, ending at or before its last breakpoint, that an earlier request for the same
 * model wrote, and writes the prefix ending at each of its breakpoints. A prefix counts ceil(characters / 4)
 * tokens of its text, as every simulator counts (tool definitions carry no text). There is no minimum
 * cacheable length, and entries live as long as the simulator, until `reset()`.
 */
import { createHash } from 'node:crypto';
import { collectText, countTokens } from './echo-answer';
import { isRecord } from './simulator-exchange';

type Ttl = '5m' | '1h';

export interface PromptBlock {
  /** The block as sent, without its cache_control, with the role of the message that holds it. */
  fingerprint: string;
  /** Text characters, counted as the prompt's token count counts them. */
  characters: number;
  /** The breakpoint's time to live, when the block is a breakpoint. */
  breakpoint?: Ttl;
}

export interface AnthropicCacheUsage {
  readTokens: number;
  creation5mTokens: number;
  creation1hTokens: number;
}

export const noCacheUsage: AnthropicCacheUsage = { readTokens: 0, creation5mTokens: 0, creation1hTokens: 0 };

function promptBlock(scope: string, block: unknown, characters: number): PromptBlock {
  if (!isRecord(block)) return { fingerprint: JSON.stringify([scope, block]), characters };
  const { cache_control: cacheControl, ...rest } = block;
  const result: PromptBlock = { fingerprint: JSON.stringify([scope, rest]), characters };
  if (isRecord(cacheControl)) result.breakpoint = cacheControl.ttl === '1h' ? '1h' : '5m';
  return result;
}

function contentBlocks(scope: string, content: unknown): PromptBlock[] {
  if (!Array.isArray(content)) return [promptBlock(scope, content, collectText(content).length)];
  return content.map((block) => promptBlock(scope, block, collectText([block]).length));
}

/** A Messages request body as prompt blocks in cache order. */
export function readPromptBlocks(body: Record<string, unknown>): PromptBlock[] {
  const tools = Array.isArray(body.tools) ? body.tools.map((tool) => promptBlock('tool', tool, 0)) : [];
  const system = body.system === undefined ? [] : contentBlocks('system', body.system);
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const turns = messages.flatMap((message) =>
    isRecord(message) ? contentBlocks(String(message.role), message.content) : [],
  );
  return [...tools, ...system, ...turns];
}

/** The prompt caches of one simulator: which prefixes earlier requests wrote. */
export class AnthropicPromptCache {
  readonly #written = new Set<string>();

  /** Reads and writes the request's cached prefixes; the usage it reports for them. */
  use(model: string, blocks: PromptBlock[]): AnthropicCacheUsage {
    const breakpoints = blocks.flatMap((block, index) => (block.breakpoint === undefined ? [] : [index]));
    const last = breakpoints.at(-1);
    if (last === undefined) return noCacheUsage;
    const keys: string[] = [];
    const prefixTokens: number[] = [];
    let key = model;
    let characters = 0;
    for (const block of blocks) {
      key = createHash('sha256').update(key).update(block.fingerprint).digest('hex');
      characters += block.characters;
      keys.push(key);
      prefixTokens.push(countTokens(characters));
    }
    const hit = keys.slice(0, last + 1).findLastIndex((prefix) => this.#written.has(prefix));
    const usage = { ...noCacheUsage, readTokens: hit === -1 ? 0 : (prefixTokens[hit] ?? 0) };
    let covered = usage.readTokens;
    for (const index of breakpoints) {
      const tokens = prefixTokens[index] ?? 0;
      if (tokens > covered && blocks[index]?.breakpoint === '1h') usage.creation1hTokens += tokens - covered;
      else if (tokens > covered) usage.creation5mTokens += tokens - covered;
      covered = Math.max(covered, tokens);
      this.#written.add(keys[index] ?? '');
    }
    return usage;
  }

  clear(): void {
    this.#written.clear();
  }
}
