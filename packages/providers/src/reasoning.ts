import { InvalidRequestError } from '@sluice/errors';
import { z } from 'zod';
import type { ChatCompletionRequest } from './openai-chat-schema';

/**
 * The model's reasoning as Sluice's canonical chat carries it, in OpenRouter's `reasoning_details` form: a thinking
 * block with the signature its provider issued (`reasoning.text`), or reasoning the provider returned encrypted
 * (`reasoning.encrypted`, Anthropic's redacted_thinking). Handed back on an assistant message, it lets a provider
 * that verifies its own reasoning (Anthropic) continue a conversation whose reasoning it produced.
 */
export const ReasoningDetailSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('reasoning.text'), text: z.string(), signature: z.string().optional() }),
  z.object({ type: z.literal('reasoning.encrypted'), data: z.string() }),
]);
export type ReasoningDetail = z.infer<typeof ReasoningDetailSchema>;

/** The entries of a client's `reasoning_details` that Sluice can carry; other entries are left out. */
export function readReasoningDetails(value: unknown): ReasoningDetail[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    const parsed = ReasoningDetailSchema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}

const CARRIER_PREFIX = 'sluice.reasoning.v1.';

/**
 * Reasoning details as a Responses reasoning item's opaque `encrypted_content`, so a client that keeps its own
 * history (`store: false`, as Codex does) hands them back whole.
 */
export function encodeReasoningCarrier(details: readonly ReasoningDetail[]): string {
  return CARRIER_PREFIX + Buffer.from(JSON.stringify(details)).toString('base64url');
}

/** The details an `encrypted_content` made by Sluice carries; none for another issuer's (OpenAI's own) content. */
export function decodeReasoningCarrier(encrypted: string | null | undefined): ReasoningDetail[] {
  if (typeof encrypted !== 'string' || !encrypted.startsWith(CARRIER_PREFIX)) return [];
  try {
    return readReasoningDetails(
      JSON.parse(Buffer.from(encrypted.slice(CARRIER_PREFIX.length), 'base64url').toString()),
    );
  } catch {
    return [];
  }
}

export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';
const ReasoningEffortSchema = z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']);

/** `reasoning_effort` as one of OpenAI's levels; undefined when absent; any other value is a 400. */
export function readReasoningEffort(request: ChatCompletionRequest): ReasoningEffort | undefined {
  const value = request.reasoning_effort;
  if (value === undefined || value === null) return undefined;
  const parsed = ReasoningEffortSchema.safeParse(value);
  if (!parsed.success) {
    throw new InvalidRequestError('`reasoning_effort` must be one of none, minimal, low, medium, high or xhigh.', {
      param: 'reasoning_effort',
    });
  }
  return parsed.data;
}

/** True for levels that ask for reasoning at all (`none` and `minimal` ask for as little as the model allows). */
export function asksForReasoning(effort: ReasoningEffort | undefined): effort is 'low' | 'medium' | 'high' | 'xhigh' {
  return effort === 'low' || effort === 'medium' || effort === 'high' || effort === 'xhigh';
}
