import { InvalidRequestError, zodProblems } from '@sluice/errors';
import type { ChatCompletionRequest, Tool, ToolChoice } from '../openai-chat-schema';
import { fromGeminiContents, fromGeminiSystemInstruction } from './from-gemini-contents';
import {
  type GeminiGenerateContentRequest,
  GeminiGenerateContentRequestSchema,
  type GeminiGenerationConfig,
} from './gemini-inbound-schemas';
import { toJsonSchema } from './gemini-json-schema';
import { refuseUnknownFields, untranslatable } from './untranslatable-field';

const REQUEST_FIELDS = new Set(['contents', 'systemInstruction', 'tools', 'toolConfig', 'generationConfig']);
const TOOL_FIELDS = new Set(['functionDeclarations']);
const DECLARATION_FIELDS = new Set(['name', 'description', 'parameters', 'parametersJsonSchema']);
const GENERATION_FIELDS = new Set([
  'temperature',
  'topP',
  'topK',
  'maxOutputTokens',
  'stopSequences',
  'candidateCount',
  'seed',
  'presencePenalty',
  'frequencyPenalty',
  'responseMimeType',
  'responseSchema',
  'responseJsonSchema',
  'responseModalities',
  'thinkingConfig',
]);

/** A Gemini request's canonical form, and what it left out because no other provider can be asked for it. */
export interface TranslatedGeminiRequest {
  request: ChatCompletionRequest;
  /** Fields dropped on purpose (`generationConfig.thinkingConfig.includeThoughts`): they shape the answer's form only. */
  omitted: string[];
}

/**
 * A `generateContent` or `streamGenerateContent` body as the canonical (OpenAI-format) request, for accounts of any
 * other provider (docs/gemini-api.md). Every field is understood or refused: a 400 names the first one this
 * translation cannot carry (safety settings, cached content, built-in tools, non-image media…).
 */
export function translateGeminiGenerateRequest(body: unknown, model: string, stream: boolean): TranslatedGeminiRequest {
  const parsed = GeminiGenerateContentRequestSchema.safeParse(body);
  if (!parsed.success)
    throw InvalidRequestError.fromProblems('Gemini generateContent request', zodProblems(parsed.error.issues));
  const gemini = parsed.data;
  refuseUnknownFields(gemini, REQUEST_FIELDS, '');
  const omitted: string[] = [];
  const request: ChatCompletionRequest = {
    model,
    messages: [
      ...(gemini.systemInstruction ? fromGeminiSystemInstruction(gemini.systemInstruction) : []),
      ...fromGeminiContents(gemini.contents),
    ],
    ...toolFields(gemini),
    ...(gemini.generationConfig ? generationFields(gemini.generationConfig, omitted) : {}),
  };
  // Gemini's last streamed event carries the usage, so the translated stream asks for it.
  if (stream) Object.assign(request, { stream: true, stream_options: { include_usage: true } });
  return { request, omitted };
}

function toolFields(gemini: GeminiGenerateContentRequest): Partial<ChatCompletionRequest> {
  const fields: Partial<ChatCompletionRequest> = {};
  const tools: Tool[] = [];
  for (const [index, tool] of (gemini.tools ?? []).entries()) {
    refuseUnknownFields(tool, TOOL_FIELDS, `tools.${index}`);
    for (const [declarationIndex, declaration] of (tool.functionDeclarations ?? []).entries()) {
      refuseUnknownFields(declaration, DECLARATION_FIELDS, `tools.${index}.functionDeclarations.${declarationIndex}`);
      const schema = declaration.parametersJsonSchema ?? toJsonSchema(declaration.parameters);
      const translated: Tool = { type: 'function', function: { name: declaration.name } };
      if (declaration.description !== undefined) translated.function.description = declaration.description;
      if (schema !== undefined) translated.function.parameters = schema as Record<string, unknown>;
      tools.push(translated);
    }
  }
  if (tools.length > 0) fields.tools = tools;
  const config = gemini.toolConfig?.functionCallingConfig;
  if (config?.mode !== undefined) fields.tool_choice = toolChoiceOf(config.mode, config.allowedFunctionNames);
  return fields;
}

function toolChoiceOf(mode: string, allowed: string[] | undefined): ToolChoice {
  const param = 'toolConfig.functionCallingConfig';
  if (mode === 'AUTO' || mode === 'MODE_UNSPECIFIED') return 'auto';
  if (mode === 'NONE') return 'none';
  if (mode !== 'ANY') throw untranslatable(`${param}.mode`, `the modes are AUTO, ANY and NONE, not ${mode}`);
  if (allowed === undefined || allowed.length === 0) return 'required';
  const [only] = allowed;
  if (allowed.length === 1 && only !== undefined) return { type: 'function', function: { name: only } };
  throw untranslatable(
    `${param}.allowedFunctionNames`,
    `one named function can be required, not a choice of ${allowed.length}`,
  );
}

function generationFields(config: GeminiGenerationConfig, omitted: string[]): Partial<ChatCompletionRequest> {
  refuseUnknownFields(config, GENERATION_FIELDS, 'generationConfig');
  const modalities = config.responseModalities ?? [];
  if (modalities.some((modality) => modality !== 'TEXT'))
    throw untranslatable('generationConfig.responseModalities', 'the answer is text only');
  const fields: Record<string, unknown> = {
    reasoning_effort: config.thinkingConfig && reasoningEffortOf(config.thinkingConfig, omitted),
    temperature: config.temperature,
    top_p: config.topP,
    top_k: config.topK,
    max_tokens: config.maxOutputTokens,
    stop: config.stopSequences,
    n: config.candidateCount,
    seed: config.seed,
    presence_penalty: config.presencePenalty,
    frequency_penalty: config.frequencyPenalty,
    response_format: responseFormatOf(config),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/**
 * Gemini's thinkingConfig as `reasoning_effort` (docs/reasoning.md): a level as the same level, a budget by size
 * (0 none, up to 1,024 low, up to 8,192 medium, more high); a dynamic budget (-1) leaves the provider's default.
 * Thought summaries (`includeThoughts`) are not returned in Gemini's form, so asking for them is named as omitted.
 */
function reasoningEffortOf(thinking: Record<string, unknown>, omitted: string[]): string | undefined {
  if (thinking.includeThoughts === true) omitted.push('generationConfig.thinkingConfig.includeThoughts');
  const level = typeof thinking.thinkingLevel === 'string' ? thinking.thinkingLevel.toLowerCase() : undefined;
  if (level === 'minimal' || level === 'low' || level === 'medium' || level === 'high') return level;
  const budget = thinking.thinkingBudget;
  if (typeof budget !== 'number' || budget < 0) return undefined;
  if (budget === 0) return 'none';
  if (budget <= 1_024) return 'low';
  return budget <= 8_192 ? 'medium' : 'high';
}

function responseFormatOf(config: GeminiGenerationConfig): ChatCompletionRequest['response_format'] {
  const schema = config.responseJsonSchema ?? (config.responseSchema && toJsonSchema(config.responseSchema));
  if (schema !== undefined) return { type: 'json_schema', json_schema: { name: 'response', schema } };
  if (config.responseMimeType === 'application/json') return { type: 'json_object' };
  if (config.responseMimeType === undefined || config.responseMimeType === 'text/plain') return undefined;
  throw untranslatable(
    'generationConfig.responseMimeType',
    `the answer is text/plain or application/json, not ${config.responseMimeType}`,
  );
}
