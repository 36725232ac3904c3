import type { RequestContext } from '@sluice/queues';
import type { RequestFacts } from './request-facts';

/** The facts conditional routing sees: the model, parameters, metadata, user, properties and the prompt's size. */
export function requestFactsOf(body: Record<string, unknown>, context: RequestContext): RequestFacts {
  const { messages, model, ...params } = body;
  const texts = Array.isArray(messages)
    ? messages.map((message) => textOf((message as { content?: unknown }).content))
    : [textOf(body.input)];
  return {
    model: typeof model === 'string' ? model : context.requestedModel,
    params,
    metadata: context.metadata,
    user: context.userId ?? (typeof body.user === 'string' ? body.user : undefined),
    properties: context.properties,
    promptChars: texts.reduce((sum, text) => sum + text.length, 0),
    lastMessageContent: texts[texts.length - 1] ?? '',
  };
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) =>
        typeof part === 'string' ? part : (((part as { text?: unknown }).text as string | undefined) ?? ''),
      )
      .join(' ');
  }
  return '';
}
