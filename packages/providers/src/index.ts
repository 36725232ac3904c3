export { ADAPTERS, adapterFor } from './adapter-registry';
export { anthropicAdapter } from './anthropic/anthropic-adapter';
export {
  type AnthropicForwardedCall,
  type AnthropicForwardedOperation,
  toAnthropicForwardRequest,
} from './anthropic/anthropic-forward-request';
export { type AnthropicMessagesRequest, AnthropicMessagesRequestSchema } from './anthropic/anthropic-request-schema';
export { type AnthropicPromptText, anthropicPromptText } from './anthropic-inbound/anthropic-prompt-text';
export {
  type AnthropicSseEvent,
  type AnthropicStreamEncoder,
  createAnthropicStreamEncoder,
} from './anthropic-inbound/anthropic-stream-encoder';
export {
  fromAnthropicMessagesRequest,
  type TranslatedMessagesRequest,
  translateAnthropicMessagesRequest,
} from './anthropic-inbound/from-anthropic-messages-request';
export {
  type AnthropicCountTokensEnvelope,
  type AnthropicMessagesEnvelope,
  readCountTokensEnvelope,
  readMessagesEnvelope,
} from './anthropic-inbound/read-messages-envelope';
export { toAnthropicErrorBody } from './anthropic-inbound/to-anthropic-error-body';
export { toAnthropicMessagesResponse } from './anthropic-inbound/to-anthropic-messages-response';
export { azureOpenAIAdapter } from './azure/azure-openai-adapter';
export { type CacheControl, CacheControlSchema } from './cache-control';
export {
  type CompletionsEnvelope,
  CompletionsEnvelopeSchema,
} from './completions/completions-request-schema';
export { completionsToChatRequest, LEGACY_COMPLETIONS_MAX_TOKENS } from './completions/to-chat-request';
export { type TextCompletion, toTextCompletion, toTextCompletionChunk } from './completions/to-text-completion';
export { type ForwardedOperation, servesForwardedOperation } from './forwarded-operation';
export { geminiAdapter } from './gemini/gemini-adapter';
export { type GeminiForwardedCall, toGeminiForwardRequest } from './gemini/gemini-forward-request';
export {
  type TranslatedGeminiRequest,
  translateGeminiGenerateRequest,
} from './gemini-inbound/from-gemini-generate-request';
export {
  GEMINI_METHODS,
  GEMINI_PATH_PREFIX,
  type GeminiCallPath,
  type GeminiMethod,
  geminiCallPathOf,
} from './gemini-inbound/gemini-call-path';
export {
  type GeminiEmbedMethod,
  toGeminiEmbedResponse,
  translateGeminiEmbedRequest,
} from './gemini-inbound/gemini-embeddings-inbound';
export { type GeminiPromptText, geminiPromptText } from './gemini-inbound/gemini-prompt-text';
export { GeminiStreamEncoder } from './gemini-inbound/gemini-stream-encoder';
export { geminiUsageView } from './gemini-inbound/gemini-usage-view';
export { type GeminiErrorBody, toGeminiErrorBody } from './gemini-inbound/to-gemini-error-body';
export { toGeminiGenerateResponse } from './gemini-inbound/to-gemini-generate-response';
export {
  HttpTransport,
  type HttpTransportOptions,
  type RelayedRequest,
  type SendOptions,
  toUpstreamError,
  type UpstreamResponse,
} from './http-transport';
export { MEDIA_OPERATIONS, type MediaOperation } from './media/media-operation';
export {
  type ImageGenerationRequest,
  ImageGenerationRequestSchema,
  type SpeechRequest,
  SpeechRequestSchema,
} from './media/media-request-schemas';
export {
  DEFAULT_MODERATION_MODEL,
  type ModerationsRequest,
  ModerationsRequestSchema,
} from './moderations/moderations-request-schema';
export { openAIAdapter } from './openai/openai-adapter';
export {
  type ChatCompletionRequest,
  ChatCompletionRequestSchema,
  type ChatMessage,
  type ContentPart,
  type EmbeddingsRequest,
  EmbeddingsRequestSchema,
  type Tool,
  type ToolCall,
  type ToolChoice,
} from './openai-chat-schema';
export type {
  ChatCompletion,
  ChatCompletionChunk,
  EmbeddingsResponse,
  FinishReason,
  ToolCallDelta,
  Usage,
} from './openai-response-types';
export { parseRetryAfter } from './parse-retry-after';
export { parseUpstreamBody, parseUpstreamJson } from './parse-upstream-body';
export { forwardedRequestHeaders, relayedResponseHeaders } from './pass-through/pass-through-headers';
export { type PassThroughTarget, passThroughTarget } from './pass-through/pass-through-target';
export type {
  ChatStreamTranslator,
  MediaRequestBody,
  MediaUpstreamRequest,
  ProviderAdapter,
  ProviderCallContext,
  UpstreamEvent,
  UpstreamRequest,
} from './provider-adapter';
export { readUpstreamChunks, type UpstreamChunk } from './read-upstream-chunks';
export { readUpstreamEvents } from './read-upstream-events';
export { anthropicErrorBody, anthropicReplyFormat } from './reply-formats/anthropic-reply-format';
export { completionsReplyFormat } from './reply-formats/completions-reply-format';
export { geminiEmbedFormat, geminiErrorBody, geminiGenerateFormat } from './reply-formats/gemini-reply-format';
export { type RelayedBody, relayedBodyOf } from './reply-formats/relayed-body';
export { openAIReplyFormat, type ReplyFormat, type StreamWriter } from './reply-formats/reply-format';
export { type ResponsesReplyOptions, responsesReplyFormat } from './reply-formats/responses-reply-format';
export { type RerankRequest, RerankRequestSchema } from './rerank/rerank-request-schema';
export { DOCUMENTS_PER_SEARCH, type RerankUsage, rerankUsage } from './rerank/rerank-search-units';
export { chatCompletionOfResponse } from './responses/chat-completion-of-response';
export { addedTextOf } from './responses/chunk-added-text';
export { dependsOnServerState } from './responses/depends-on-server-state';
export { clientToolName, fromChatCompletion } from './responses/from-chat-completion';
export {
  fromResponsesRequest,
  inputItemsOf,
  type TranslatedResponsesRequest,
} from './responses/from-responses-request';
export { responseEvents } from './responses/response-events';
export { derivedItemIds, type ItemIds, newItemId, randomItemIds } from './responses/response-item-ids';
export type {
  OutputItem,
  ResponseError,
  ResponseObject,
  ResponseStatus,
  ResponseUsage,
} from './responses/response-object';
export { responseShell } from './responses/response-object';
export { type ResponsesEvent, responsesEventsText, responsesEventText } from './responses/responses-event-text';
export {
  type InputItem,
  InputItemSchema,
  type ResponsesRequest,
  ResponsesRequestSchema,
} from './responses/responses-request-schema';
export { ResponsesStreamEncoder } from './responses/responses-stream-encoder';
export type { ToolName } from './responses/to-chat-tools';
export { fromResponseUsage, toResponseUsage } from './responses/to-response-usage';
