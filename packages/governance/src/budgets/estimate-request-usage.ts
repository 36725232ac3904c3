import { DOCUMENTS_PER_SEARCH } from '@sluice/providers';
import { computeCost, type PriceBook } from '@sluice/request-log';
import type { UsageEstimate } from '../limits/consumer-rate-limiter';
import { NANO_USD } from './budget-ledger';
import { estimateTextTokens } from './estimate-text-tokens';
import type { CandidateModel } from './route-models';

/** Output tokens assumed for a request that sets no max_tokens. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 4_096;
/** What one image or audio clip sent inline is assumed to cost in prompt tokens. */
const MEDIA_TOKENS = 1_600;
const PROMPT_FIELDS = ['messages', 'input', 'system', 'tools', 'prompt', 'instructions', 'query', 'documents'] as const;

/**
 * An upper bound on what a request can use before it runs: its prompt tokens (estimated over the prompt fields'
 * text, with framing, by estimateTextTokens: linear in the body, never a tokenizer on the ingress's event loop) plus
 * the output it allows (max_tokens, max_completion_tokens or the Responses API's max_output_tokens, × n; or a
 * default), and a rerank's searches (one per 100 documents), priced at the dearest model its route could call. This is what budgets reserve and token/USD rate
 * limits charge until the real usage settles.
 */
export function estimateRequestUsage(
  body: Record<string, unknown>,
  candidates: readonly CandidateModel[],
  priceBook: PriceBook,
  /** Whether the route generates output (false for embeddings); guessed from the body when not given. */
  generates?: boolean,
): UsageEstimate {
  const models = candidates.length > 0 ? candidates : [{ model: String(body.model ?? ''), maxTokens: undefined }];
  const promptTokens = countPromptTokens(body);
  const searches = Array.isArray(body.documents) ? Math.ceil(body.documents.length / DOCUMENTS_PER_SEARCH) : 0;
  const wantsOutput = generates ?? (Array.isArray(body.messages) || typeof body.prompt === 'string');
  let tokens = 0;
  let nanoUsd = 0;
  for (const candidate of models) {
    const output = wantsOutput ? outputTokens(body, candidate) : 0;
    tokens = Math.max(tokens, promptTokens + output);
    const price = priceBook.lookup(candidate.model)?.price;
    const usage = { prompt_tokens: promptTokens, completion_tokens: output, search_units: searches };
    const cost = computeCost(usage, price).cost_usd;
    nanoUsd = Math.max(nanoUsd, Math.ceil(cost * NANO_USD));
  }
  return { tokens, nanoUsd };
}

function outputTokens(body: Record<string, unknown>, candidate: CandidateModel): number {
  const asked =
    positive(body.max_completion_tokens) ??
    positive(body.max_tokens) ??
    positive(body.max_output_tokens) ??
    DEFAULT_MAX_OUTPUT_TOKENS;
  const choices = positive(body.n) ?? 1;
  return Math.max(asked, candidate.maxTokens ?? 0) * Math.min(choices, 128);
}

function countPromptTokens(body: Record<string, unknown>): number {
  const collected = { text: [] as string[], extra: 0 };
  for (const field of PROMPT_FIELDS) collect(body[field], collected, 0);
  const text = collected.text.join('\n');
  const counted = estimateTextTokens(text);
  const messages = Array.isArray(body.messages) ? body.messages.length : 1;
  return counted + collected.extra + 4 * messages + 3;
}

function collect(value: unknown, into: { text: string[]; extra: number }, depth: number): void {
  if (depth > 32) return;
  if (typeof value === 'string') {
    if (isInlineMedia(value)) into.extra += MEDIA_TOKENS;
    else into.text.push(value);
  } else if (typeof value === 'number') {
    into.extra += 1;
  } else if (Array.isArray(value)) {
    for (const item of value) collect(item, into, depth + 1);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'type' || key === 'role') continue;
      into.text.push(key);
      collect(item, into, depth + 1);
    }
  }
}

/** A data URL, or a long run of base64 with no whitespace: an image or audio clip, not prompt text. */
function isInlineMedia(value: string): boolean {
  if (value.startsWith('data:')) return value.length > 256;
  return value.length > 4_096 && !/\s/.test(value.slice(0, 4_096));
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : undefined;
}
