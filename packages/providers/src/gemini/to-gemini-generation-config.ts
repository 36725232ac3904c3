import type { ChatCompletionRequest } from '../openai-chat-schema';
import { readMaxTokens, readResponseFormat, readStopSequences, readTopK } from '../read-chat-parameters';
import { readReasoningEffort } from '../reasoning';
import type { GeminiGenerationConfig } from './gemini-request-types';
import { toGeminiThinking } from './to-gemini-thinking';

function responseFormatConfig(request: ChatCompletionRequest): GeminiGenerationConfig {
  const format = readResponseFormat(request);
  if (format === undefined || format.type === 'text') return {};
  if (format.type === 'json_object' || format.json_schema.schema === undefined)
    return { responseMimeType: 'application/json' };
  return { responseMimeType: 'application/json', responseJsonSchema: format.json_schema.schema };
}

function present<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}

/**
 * Sampling, length, stop, output-format and reasoning parameters as Gemini's generationConfig; undefined when none
 * is set.
 */
export function toGeminiGenerationConfig(
  request: ChatCompletionRequest,
  model: string,
): GeminiGenerationConfig | undefined {
  const config: GeminiGenerationConfig = responseFormatConfig(request);
  if (present(request.temperature)) config.temperature = request.temperature;
  if (present(request.top_p)) config.topP = request.top_p;
  const topK = readTopK(request);
  if (topK !== undefined) config.topK = topK;
  const maxTokens = readMaxTokens(request);
  if (maxTokens !== undefined) config.maxOutputTokens = maxTokens;
  const stop = readStopSequences(request);
  if (stop.length > 0) config.stopSequences = stop;
  if (present(request.n)) config.candidateCount = request.n;
  if (present(request.seed)) config.seed = request.seed;
  if (present(request.presence_penalty)) config.presencePenalty = request.presence_penalty;
  if (present(request.frequency_penalty)) config.frequencyPenalty = request.frequency_penalty;
  const effort = readReasoningEffort(request);
  if (effort !== undefined) config.thinkingConfig = toGeminiThinking(effort, model);
  return Object.keys(config).length === 0 ? undefined : config;
}
