import type { AsyncWork } from '@sluice/batches';
import type { SyncDispatcher } from '@sluice/dispatch';
import type { CancelPublisher } from '@sluice/queues';
import type { ResponseStore } from '@sluice/responses';
import type { RequestHandler } from 'express';
import type { ServeCall } from './governance/admission/admission';
import type { ModelCallRouteName } from './model-call-routes';
import { anthropicMessagesRoute } from './routes/anthropic-messages-route';
import { chatCompletionsRoute } from './routes/chat-completions-route';
import { completionsRoute } from './routes/completions-route';
import { countTokensRoute } from './routes/count-tokens-route';
import { embeddingsRoute } from './routes/embeddings-route';
import { geminiRoute } from './routes/gemini-routes';
import { submitJobRoute } from './routes/jobs-routes';
import { jsonMediaRoute, type MediaRouteDependencies, multipartMediaRoute } from './routes/media-routes';
import { moderationsRoute } from './routes/moderations-route';
import { rerankRoute } from './routes/rerank-route';
import { createResponseRoute } from './routes/responses-routes';

/** What a route does with its request: `readUpload` first for a multipart upload, then `serve` once admitted. */
export interface ModelCallHandler {
  readUpload?: RequestHandler;
  serve: ServeCall;
}

export interface ModelCallHandlerDependencies {
  dispatcher: SyncDispatcher;
  cancels: CancelPublisher;
  responseStore: ResponseStore;
  /** Async jobs; absent: job submissions are not served. */
  asyncWork?: AsyncWork | undefined;
  /** Uploaded images and audio; absent: the media routes are not served. */
  media?: Omit<MediaRouteDependencies, 'dispatcher' | 'cancels'> | undefined;
}

/** Each model-call route's handler, by the route's name; undefined: the route is not served here. */
export function modelCallHandlers(
  dependencies: ModelCallHandlerDependencies,
): Record<ModelCallRouteName, ModelCallHandler | undefined> {
  const { dispatcher, cancels, asyncWork, media } = dependencies;
  const gemini = { serve: geminiRoute({ dispatcher, cancels }) };
  const mediaDependencies = media && { dispatcher, cancels, ...media };
  const multipart = (kind: Parameters<typeof multipartMediaRoute>[0]) => {
    if (!mediaDependencies) return undefined;
    const route = multipartMediaRoute(kind, mediaDependencies);
    return { readUpload: route.read, serve: route.submit };
  };
  const json = (kind: Parameters<typeof jsonMediaRoute>[0]) =>
    mediaDependencies && { serve: jsonMediaRoute(kind, mediaDependencies) };
  return {
    chat: { serve: chatCompletionsRoute(dispatcher, cancels) },
    embeddings: { serve: embeddingsRoute(dispatcher, cancels) },
    completions: { serve: completionsRoute(dispatcher, cancels) },
    moderations: { serve: moderationsRoute(dispatcher, cancels) },
    rerank: { serve: rerankRoute(dispatcher, cancels) },
    messages: { serve: anthropicMessagesRoute(dispatcher, cancels) },
    count_tokens: { serve: countTokensRoute(dispatcher, cancels) },
    responses: {
      serve: createResponseRoute({ dispatcher, cancels, store: dependencies.responseStore, asyncWork }),
    },
    jobs: asyncWork && { serve: submitJobRoute(asyncWork) },
    generateContent: gemini,
    streamGenerateContent: gemini,
    embedContent: gemini,
    batchEmbedContents: gemini,
    countTokens: gemini,
    image_generation: json('image_generation'),
    image_edit: multipart('image_edit'),
    image_variation: multipart('image_variation'),
    speech: json('speech'),
    transcription: multipart('transcription'),
    translation: multipart('translation'),
  };
}
