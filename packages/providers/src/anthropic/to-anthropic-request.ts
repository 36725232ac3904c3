import { InvalidRequestError } from '@sluice/errors';
import { withCacheControl } from '../cache-control';
import type { ChatCompletionRequest } from '../openai-chat-schema';
import { readMaxTokens, readResponseFormat, readStopSequences, readTopK } from '../read-chat-parameters';
import {
  HARMLESS_CHAT_PARAMETERS,
  type ParameterPolicy,
  rejectUnsupportedParameters,
  TRANSLATED_CHAT_PARAMETERS,
  unsupportedValue,
} from '../reject-unsupported-parameters';
import type { AnthropicMessagesRequest } from './anthropic-request-schema';
import { toAnthropicMessages } from './to-anthropic-messages';
import { toAnthropicThinking } from './to-anthropic-thinking';
import { toAnthropicTools } from './to-anthropic-tools';

/** Anthropic requires max_tokens; this is sent when the request names neither max_tokens nor max_completion_tokens. */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

type AnthropicOutputConfig = NonNullable<AnthropicMessagesRequest['output_config']>;

const ANTHROPIC_PARAMETERS: ParameterPolicy = {
  subject: 'The anthropic provider',
  supported: new Set([...TRANSLATED_CHAT_PARAMETERS, 'user', 'cache_control']),
  ignored: new Set(HARMLESS_CHAT_PARAMETERS),
};

function outputConfig(request: ChatCompletionRequest, effort: string | undefined): AnthropicOutputConfig {
  const format = readResponseFormat(request);
  const withEffort: AnthropicOutputConfig = effort === undefined ? {} : { effort };
  if (format === undefined || format.type === 'text') return withEffort;
  if (format.type === 'json_object') {
    throw unsupportedValue(
      'response_format',
      'The anthropic provider cannot guarantee JSON without a schema; use `response_format: {type: "json_schema"}`.',
    );
  }
  const schema = format.json_schema.schema ?? { type: 'object' };
  return { ...withEffort, format: { type: 'json_schema', schema } };
}

function sampling(request: ChatCompletionRequest): Partial<AnthropicMessagesRequest> {
  const fields: Partial<AnthropicMessagesRequest> = {};
  if (request.temperature !== undefined && request.temperature !== null) {
    if (request.temperature > 1) {
      throw new InvalidRequestError('The anthropic provider accepts `temperature` from 0 to 1.', {
        param: 'temperature',
      });
    }
    fields.temperature = request.temperature;
  }
  if (request.top_p !== undefined && request.top_p !== null) fields.top_p = request.top_p;
  const topK = readTopK(request);
  if (topK !== undefined) fields.top_k = topK;
  const stop = readStopSequences(request);
  if (stop.length > 0) fields.stop_sequences = stop;
  return fields;
}

/** The body of `POST /v1/messages` for an OpenAI chat request; a parameter Anthropic cannot honour is a 400. */
export function toAnthropicRequest(request: ChatCompletionRequest, model: string): AnthropicMessagesRequest {
  rejectUnsupportedParameters(request, ANTHROPIC_PARAMETERS);
  const { effort, ...thinking } = toAnthropicThinking(request, model, {
    requested: readMaxTokens(request),
    fallback: DEFAULT_ANTHROPIC_MAX_TOKENS,
  });
  const body: AnthropicMessagesRequest = {
    model,
    ...thinking,
    ...toAnthropicMessages(request.messages),
    ...toAnthropicTools(request),
    ...sampling(request),
  };
  const config = outputConfig(request, effort);
  if (Object.keys(config).length > 0) body.output_config = config;
  if (request.user !== undefined) body.metadata = { user_id: request.user };
  if (request.stream === true) body.stream = true;
  return withCacheControl(body, request.cache_control);
}
