import { InvalidRequestError, zodProblems } from '@sluice/errors';
import type { ChatCompletionRequest } from '../openai-chat-schema';
import { TranslatableCompletionsRequestSchema } from './completions-request-schema';

/** OpenAI's default `max_tokens` for legacy completions, which a translation keeps (docs/http-api.md). */
export const LEGACY_COMPLETIONS_MAX_TOKENS = 16;

/**
 * A legacy completions request as a chat request, for accounts that serve chat only: the prompt becomes one user
 * message. What chat cannot express — `suffix`, `echo`, `best_of` above 1, `logprobs`, several prompts or token
 * prompts, any unknown field — is a 400 naming it.
 */
export function completionsToChatRequest(body: unknown): ChatCompletionRequest {
  const parsed = TranslatableCompletionsRequestSchema.safeParse(body);
  if (!parsed.success) {
    const unknown = parsed.error.issues.find((issue) => issue.code === 'unrecognized_keys');
    const field = unknown?.code === 'unrecognized_keys' ? unknown.keys[0] : undefined;
    if (field !== undefined) throw untranslatable(field);
    throw InvalidRequestError.fromProblems('completions request', zodProblems(parsed.error.issues));
  }
  const { prompt, suffix, echo, best_of, logprobs, max_tokens, ...rest } = parsed.data;
  if (suffix !== undefined && suffix !== null && suffix !== '') throw untranslatable('suffix');
  if (echo === true) throw untranslatable('echo');
  if (best_of !== undefined && best_of !== null && best_of > 1) throw untranslatable('best_of');
  if (logprobs !== undefined && logprobs !== null) throw untranslatable('logprobs');
  return {
    ...withoutNulls(rest),
    max_tokens: max_tokens ?? LEGACY_COMPLETIONS_MAX_TOKENS,
    messages: [{ role: 'user', content: promptText(prompt) }],
  } as ChatCompletionRequest;
}

function promptText(prompt: string | unknown[]): string {
  if (typeof prompt === 'string') return prompt;
  const [only] = prompt;
  if (prompt.length === 1 && typeof only === 'string') return only;
  throw new InvalidRequestError(
    'prompt: only one text prompt can be sent to this provider, which is sent a chat translation of the request ' +
      '(several prompts and token-array prompts need an account that serves /v1/completions).',
    { param: 'prompt', code: 'unsupported_parameter' },
  );
}

function untranslatable(field: string): InvalidRequestError {
  return new InvalidRequestError(
    `${field}: this provider is sent a chat translation of the completions request, which cannot carry ${field}.`,
    { param: field, code: 'unsupported_parameter' },
  );
}

function withoutNulls(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null && value !== undefined));
}
