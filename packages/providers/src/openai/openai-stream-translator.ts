import { UpstreamInvalidResponseError } from '@sluice/errors';
import type { ChatCompletionChunk, Usage } from '../openai-response-types';
import { parseUpstreamBody, parseUpstreamJson } from '../parse-upstream-body';
import type { ChatStreamTranslator, UpstreamEvent } from '../provider-adapter';
import { fromOpenAIErrorResponse } from './from-openai-error-response';
import { OpenAIChatChunkSchema, OpenAIStreamErrorSchema } from './openai-wire-schemas';
import { readPlainChatChunk } from './read-plain-chat-chunk';
import { TextDeltaTemplate } from './text-delta-template';

/** Chunks of a stream tried as the template of its text deltas before giving up on one (TextDeltaTemplate). */
const TEMPLATE_TRIES = 2;

/** A cheap look before the error schema: a failed zod parse on every ordinary chunk costs more than the chunk. */
function carriesError(data: unknown): boolean {
  return typeof data === 'object' && data !== null && 'error' in data;
}

/**
 * An OpenAI(-compatible) stream: each chunk validated (docs/tenancy-and-upstream-validation.md; the common shapes by
 * hand, readPlainChatChunk, the rest by the schema; the text deltas after the first by TextDeltaTemplate), an in-stream
 * `{"error": …}` raised as the provider's failure, and `[DONE]` required before the body ends.
 */
export class OpenAIStreamTranslator implements ChatStreamTranslator {
  readonly #provider: string;
  #usage: Usage | undefined;
  #done = false;
  #template: TextDeltaTemplate | undefined;
  #templateTries = 0;

  constructor(provider: string) {
    this.#provider = provider;
  }

  fromUpstreamEvent(event: UpstreamEvent): ChatCompletionChunk[] {
    if (event.data === '[DONE]') {
      this.#done = true;
      return [];
    }
    const templated = this.#template?.read(event.data);
    if (templated) return [templated];
    const data = parseUpstreamJson(event.data, this.#provider);
    if (carriesError(data) && OpenAIStreamErrorSchema.safeParse(data).success)
      throw fromOpenAIErrorResponse(500, event.data, {});
    const plain = readPlainChatChunk(data);
    if (plain) {
      if (this.#template === undefined && this.#templateTries < TEMPLATE_TRIES && TextDeltaTemplate.fits(plain)) {
        this.#templateTries += 1;
        this.#template = TextDeltaTemplate.of(event.data, plain);
      }
      return [plain];
    }
    const chunk = parseUpstreamBody(OpenAIChatChunkSchema, data, this.#provider);
    const usage = chunk.usage ?? undefined;
    if (usage) this.#usage = usage;
    return [{ ...chunk, usage }];
  }

  usage(): Usage | undefined {
    return this.#usage;
  }

  finish(): void {
    if (!this.#done) throw new UpstreamInvalidResponseError(this.#provider, 'the stream ended without data: [DONE]');
  }
}
