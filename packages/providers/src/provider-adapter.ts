import type { Readable } from 'node:stream';
import type { ProviderAccount } from '@sluice/config';
import type { UpstreamError } from '@sluice/errors';
import type { ForwardedOperation } from './forwarded-operation';
import type { MediaOperation } from './media/media-operation';
import type { ChatCompletionRequest, EmbeddingsRequest } from './openai-chat-schema';
import type { ChatCompletion, ChatCompletionChunk, EmbeddingsResponse, Usage } from './openai-response-types';

/** An HTTP request to a provider, fully formed: the transport only sends it. */
export interface UpstreamRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** A request whose body may be streamed as it is sent (a multipart upload read from its media blobs). */
export interface MediaUpstreamRequest extends Omit<UpstreamRequest, 'body'> {
  body: string | Readable;
}

/** A media request's body as the worker forms it: JSON text, or a multipart form streamed with its length known. */
export interface MediaRequestBody {
  contentType: string;
  body: string | Readable;
  /** Known for multipart forms, so the provider gets a Content-Length rather than a chunked body. */
  contentLength?: number;
}

/** Which account, key and model a call is for. */
export interface ProviderCallContext {
  account: ProviderAccount;
  apiKey: string | undefined;
  model: string;
}

/** One server-sent event as the upstream sent it. */
export interface UpstreamEvent {
  event?: string | undefined;
  data: string;
}

/** Stateful per stream: turns the provider's SSE events into OpenAI chat chunks. */
export interface ChatStreamTranslator {
  /**
   * Zero or more OpenAI chunks for one upstream event; throws UpstreamError on an in-stream error event and
   * UpstreamInvalidResponseError on an event that is not the shape the provider documents.
   */
  fromUpstreamEvent(event: UpstreamEvent): ChatCompletionChunk[];
  /** The usage seen so far (complete once the stream has ended). */
  usage(): Usage | undefined;
  /**
   * Called once the upstream body has ended: throws UpstreamInvalidResponseError when the provider's terminal event
   * (OpenAI's `[DONE]`, Anthropic's `message_stop`, Gemini's last finishReason) never came.
   */
  finish(): void;
}

/** A provider type's translator: pure functions between OpenAI's format and the provider's wire format. */
export interface ProviderAdapter {
  /** True when the wire format is OpenAI's, so response bytes can be relayed unchanged. */
  readonly speaksOpenAI: boolean;
  toChatRequest(request: ChatCompletionRequest, context: ProviderCallContext): UpstreamRequest;
  /**
   * An OpenAI chat request as JSON text, sent as it is (the target's model already in it, nothing to leave out): only
   * OpenAI-dialect providers have it.
   */
  toChatRequestText?(body: string, context: ProviderCallContext): UpstreamRequest;
  fromChatResponse(body: unknown, context: ProviderCallContext): ChatCompletion;
  createChatStreamTranslator(context: ProviderCallContext): ChatStreamTranslator;
  toEmbeddingsRequest(request: EmbeddingsRequest, context: ProviderCallContext): UpstreamRequest;
  /**
   * A Responses API request body as the client sent it, for an account with `responses: native`, with the target's
   * model: only providers that serve the Responses API have it (docs/responses-api.md).
   */
  toResponsesRequest?(body: Record<string, unknown>, context: ProviderCallContext): UpstreamRequest;
  /**
   * A `/v1/completions`, `/v1/moderations` or `/v1/rerank` body (JSON text, the target's model already in it) for an
   * account that serves the operation (servesForwardedOperation): only OpenAI-dialect providers have it.
   */
  toForwardedRequest?(operation: ForwardedOperation, body: string, context: ProviderCallContext): UpstreamRequest;
  fromEmbeddingsResponse(body: unknown, context: ProviderCallContext, request: EmbeddingsRequest): EmbeddingsResponse;
  /**
   * An images or audio request (docs/images-and-audio.md), formed by the worker with the target's model: only providers
   * that serve OpenAI's media endpoints have it.
   */
  toMediaRequest?(
    operation: MediaOperation,
    body: MediaRequestBody,
    context: ProviderCallContext,
  ): MediaUpstreamRequest;
  /** Maps a non-2xx answer to an UpstreamError with the provider's message, status and retryability. */
  fromErrorResponse(
    status: number,
    bodyText: string,
    headers: Record<string, string | string[] | undefined>,
  ): UpstreamError;
}
