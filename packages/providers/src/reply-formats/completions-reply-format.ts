import { toTextCompletion, toTextCompletionChunk } from '../completions/to-text-completion';
import type { ChatCompletion, ChatCompletionChunk } from '../openai-response-types';
import { openAIReplyFormat, type ReplyFormat } from './reply-format';

/**
 * Legacy completions (`/v1/completions`): an answer a chat translation produced goes back as a `text_completion`,
 * its stream as `text_completion` chunks ending with `[DONE]`. Answers of accounts that serve completions are relayed
 * as they came and never pass through here.
 */
export const completionsReplyFormat: ReplyFormat = {
  body: (json) => JSON.stringify(toTextCompletion(JSON.parse(json) as ChatCompletion)),
  createStreamWriter: () => {
    const openAI = openAIReplyFormat.createStreamWriter();
    return {
      chunk: (data) => {
        const chunk = toTextCompletionChunk(JSON.parse(data) as ChatCompletionChunk);
        return chunk ? openAI.chunk(JSON.stringify(chunk)) : '';
      },
      end: openAI.end,
      error: openAI.error,
    };
  },
  errorBody: openAIReplyFormat.errorBody,
};
