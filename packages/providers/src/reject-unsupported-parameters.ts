import { InvalidRequestError } from '@sluice/errors';

/** Values of OpenAI parameters that ask for nothing beyond the default, so any provider honours them. */
const NEUTRAL_VALUES: Record<string, (value: unknown) => boolean> = {
  n: (value) => value === 1,
  logprobs: (value) => value === false,
  top_logprobs: (value) => value === 0,
  presence_penalty: (value) => value === 0,
  frequency_penalty: (value) => value === 0,
  logit_bias: (value) => typeof value === 'object' && value !== null && Object.keys(value).length === 0,
  modalities: (value) => Array.isArray(value) && value.every((modality) => modality === 'text'),
};

/** Parameters every translating adapter maps onto its provider's request. */
export const TRANSLATED_CHAT_PARAMETERS: readonly string[] = [
  'model',
  'messages',
  'stream',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'temperature',
  'top_p',
  'top_k',
  'max_tokens',
  'max_completion_tokens',
  'stop',
  'response_format',
  'reasoning_effort',
];

/**
 * Parameters that change nothing about the answer a non-OpenAI provider gives, dropped on purpose:
 * usage is always reported (stream_options), `metadata` tags Sluice's own log, store, service_tier,
 * prompt_cache_key and safety_identifier steer OpenAI's own storage, tiers, caching and abuse checks, and
 * cache_control marks Anthropic's prompt-cache breakpoints, which change what a call costs, not its answer.
 */
export const HARMLESS_CHAT_PARAMETERS: readonly string[] = [
  'stream_options',
  'metadata',
  'store',
  'service_tier',
  'prompt_cache_key',
  'safety_identifier',
  'cache_control',
];

export interface ParameterPolicy {
  /** Who cannot honour it, starting the error message: `The anthropic provider`. */
  subject: string;
  /** Parameters the translator maps onto the provider's request. */
  supported: ReadonlySet<string>;
  /** Parameters that change nothing about the answer and are dropped on purpose. */
  ignored: ReadonlySet<string>;
}

/**
 * Throws a 400 naming the first request parameter the provider cannot honour: anything neither
 * supported nor ignored, unless it is absent, null, or set to its neutral value (`n: 1`, `logprobs: false`, …).
 */
export function rejectUnsupportedParameters(request: Record<string, unknown>, policy: ParameterPolicy): void {
  for (const [name, value] of Object.entries(request)) {
    if (value === undefined || value === null) continue;
    if (policy.supported.has(name) || policy.ignored.has(name)) continue;
    if (NEUTRAL_VALUES[name]?.(value)) continue;
    throw new InvalidRequestError(`${policy.subject} does not support the \`${name}\` parameter.`, {
      param: name,
      code: 'unsupported_parameter',
    });
  }
}

/** A 400 for one unsupported value, named by its path (`messages.2.content.0.type`). */
export function unsupportedValue(param: string, message: string): InvalidRequestError {
  return new InvalidRequestError(message, { param, code: 'unsupported_parameter' });
}

/** A 400 for a message role no translator maps (the deprecated `function` role). */
export function unsupportedRole(role: string, param: string): InvalidRequestError {
  return unsupportedValue(
    `${param}.role`,
    `Messages with role \`${role}\` are not supported; use tools and tool messages.`,
  );
}
