import type { ChatCompletionRequest } from '../openai-chat-schema';
import {
  HARMLESS_CHAT_PARAMETERS,
  type ParameterPolicy,
  rejectUnsupportedParameters,
  TRANSLATED_CHAT_PARAMETERS,
} from '../reject-unsupported-parameters';
import type { GeminiGenerateContentRequest } from './gemini-request-types';
import { toGeminiContents } from './to-gemini-contents';
import { toGeminiGenerationConfig } from './to-gemini-generation-config';
import { toGeminiTools } from './to-gemini-tools';

const GEMINI_PARAMETERS: ParameterPolicy = {
  subject: 'The gemini provider',
  supported: new Set([...TRANSLATED_CHAT_PARAMETERS, 'n', 'seed', 'presence_penalty', 'frequency_penalty']),
  /** `user` identifies the end user to OpenAI's abuse checks; Gemini has no such field. */
  ignored: new Set([...HARMLESS_CHAT_PARAMETERS, 'user']),
};

/** The body of generateContent / streamGenerateContent for an OpenAI chat request; a parameter Gemini cannot honour is a 400. */
export function toGeminiRequest(request: ChatCompletionRequest, model: string): GeminiGenerateContentRequest {
  rejectUnsupportedParameters(request, GEMINI_PARAMETERS);
  const body: GeminiGenerateContentRequest = {
    ...toGeminiContents(request.messages, model),
    ...toGeminiTools(request),
  };
  const generationConfig = toGeminiGenerationConfig(request, model);
  if (generationConfig !== undefined) body.generationConfig = generationConfig;
  return body;
}
