import { SluiceError } from '@sluice/errors';
import type { ForwardedOperation } from '../forwarded-operation';
import type { MediaOperation } from '../media/media-operation';
import { openAIAdapter } from '../openai/openai-adapter';
import type { ChatCompletionRequest, EmbeddingsRequest } from '../openai-chat-schema';
import type {
  MediaRequestBody,
  MediaUpstreamRequest,
  ProviderAdapter,
  ProviderCallContext,
  UpstreamRequest,
} from '../provider-adapter';

/** The Azure OpenAI GA data-plane version sent when the account names no api_version. */
export const AZURE_DEFAULT_API_VERSION = '2024-10-21';

/** The resource endpoint (`https://<resource>.openai.azure.com`), without a trailing `/openai`. */
function resourceBase(context: ProviderCallContext): string {
  const base = context.account.base_url?.replace(/\/+$/, '').replace(/\/openai$/, '');
  if (!base) {
    throw new SluiceError({
      message: 'An azure-openai provider account needs a base_url (https://<resource>.openai.azure.com).',
      code: 'provider_misconfigured',
      status: 500,
      type: 'api_error',
    });
  }
  return base;
}

/** `${base}/openai/deployments/{deployment}/{operation}?api-version=…`; the target's model is the deployment name. */
function deploymentUrl(context: ProviderCallContext, operation: string): string {
  const base = resourceBase(context);
  const version = encodeURIComponent(context.account.api_version ?? AZURE_DEFAULT_API_VERSION);
  return `${base}/openai/deployments/${encodeURIComponent(context.model)}/${operation}?api-version=${version}`;
}

/** The OpenAI adapter's request (body and configured headers), sent to the deployment with an `api-key` header. */
function toAzure(openAIRequest: UpstreamRequest, context: ProviderCallContext, operation: string): UpstreamRequest {
  const headers = { ...openAIRequest.headers };
  if (context.apiKey !== undefined) headers['api-key'] = context.apiKey;
  return { ...openAIRequest, url: deploymentUrl(context, operation), headers };
}

/** Azure OpenAI: OpenAI's bodies, answers, stream and errors, at Azure's deployment URLs with Azure's key header. */
export const azureOpenAIAdapter: ProviderAdapter = {
  ...openAIAdapter,
  speaksOpenAI: true,

  /** Azure's v1 Responses API: `${base}/openai/v1/responses`, the deployment as `model`. */
  toResponsesRequest(body: Record<string, unknown>, context: ProviderCallContext): UpstreamRequest {
    const request = openAIAdapter.toResponsesRequest?.(body, { ...context, apiKey: undefined }) as UpstreamRequest;
    const headers = { ...request.headers };
    if (context.apiKey !== undefined) headers['api-key'] = context.apiKey;
    return { ...request, url: `${resourceBase(context)}/openai/v1/responses`, headers };
  },

  toChatRequest(request: ChatCompletionRequest, context: ProviderCallContext): UpstreamRequest {
    return toAzure(
      openAIAdapter.toChatRequest(request, { ...context, apiKey: undefined }),
      context,
      'chat/completions',
    );
  },

  toChatRequestText(body: string, context: ProviderCallContext): UpstreamRequest {
    const request = openAIAdapter.toChatRequestText?.(body, { ...context, apiKey: undefined }) as UpstreamRequest;
    return toAzure(request, context, 'chat/completions');
  },

  /** Legacy completions on the deployment; Azure serves neither moderations nor rerank. */
  toForwardedRequest(operation: ForwardedOperation, body: string, context: ProviderCallContext): UpstreamRequest {
    if (operation !== 'completions') throw new Error(`an azure-openai account does not serve ${operation}`);
    const headers: Record<string, string> = { 'content-type': 'application/json', ...context.account.headers };
    if (context.apiKey !== undefined) headers['api-key'] = context.apiKey;
    return { method: 'POST', url: deploymentUrl(context, 'completions'), headers, body };
  },

  toEmbeddingsRequest(request: EmbeddingsRequest, context: ProviderCallContext): UpstreamRequest {
    return toAzure(
      openAIAdapter.toEmbeddingsRequest(request, { ...context, apiKey: undefined }),
      context,
      'embeddings',
    );
  },

  toMediaRequest(
    operation: MediaOperation,
    body: MediaRequestBody,
    context: ProviderCallContext,
  ): MediaUpstreamRequest {
    const request = openAIAdapter.toMediaRequest?.(operation, body, { ...context, apiKey: undefined });
    if (!request) throw new Error('the OpenAI adapter forms media requests');
    const headers = { ...request.headers };
    if (context.apiKey !== undefined) headers['api-key'] = context.apiKey;
    return { ...request, url: deploymentUrl(context, operation), headers };
  },
};
