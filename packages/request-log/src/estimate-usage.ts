import type { CompletionEvent } from '@sluice/queues';
import { z } from 'zod';
import { type ChatMessageText, countChatTokens, countTokens } from './count-tokens';

const TextPartsSchema = z.array(z.object({ text: z.string().optional() }).loose());
const ContentSchema = z.union([z.string(), TextPartsSchema, z.null()]).optional();

const ChatRequestSchema = z
  .object({
    messages: z.array(z.object({ role: z.string(), content: ContentSchema, name: z.string().optional() }).loose()),
    system: ContentSchema,
  })
  .loose();

const EmbeddingsRequestSchema = z
  .object({ input: z.union([z.string(), z.array(z.string()), z.array(z.number()), z.array(z.array(z.number()))]) })
  .loose();

const ChatResponseSchema = z
  .object({
    choices: z.array(z.object({ message: z.object({ content: ContentSchema }).loose().optional() }).loose()).optional(),
    content: TextPartsSchema.optional(),
  })
  .loose();

export interface EstimatedUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

/** How texts are counted: a model's real tokenizer, or a linear estimate where no tokenizer may run. */
export interface TokenCounter {
  text(text: string, model: string): Promise<number> | number;
  chat(messages: readonly ChatMessageText[], model: string): Promise<number> | number;
}

/** The models' real tokenizers (the request log's exact counts). */
export const TOKENIZER_COUNTER: TokenCounter = { text: countTokens, chat: countChatTokens };

/**
 * Token counts for a request whose provider reported no usage, counted from the logged bodies — with the real
 * tokenizers unless another counter is given. Undefined when there is nothing to count from (bodies omitted or not
 * in a known shape).
 */
export async function estimateUsage(
  event: CompletionEvent,
  counter: TokenCounter = TOKENIZER_COUNTER,
): Promise<EstimatedUsage | undefined> {
  const model = event.served_model ?? event.requested_model;
  // The canonical form when the client's dialect was translated, since the counters read OpenAI's shape.
  const request = event.translated_request_body ?? event.request_body;
  const prompt =
    event.endpoint === 'embeddings'
      ? await embeddingsTokens(request, model, counter)
      : await chatPromptTokens(request, model, counter);
  if (prompt === undefined) return undefined;
  const completion =
    event.endpoint === 'embeddings' ? 0 : await chatCompletionTokens(event.response_body, model, counter);
  return { prompt_tokens: prompt, completion_tokens: completion };
}

async function chatPromptTokens(body: unknown, model: string, counter: TokenCounter): Promise<number | undefined> {
  const parsed = ChatRequestSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const messages: ChatMessageText[] = parsed.data.messages.map((message) => ({
    role: message.role,
    content: textOf(message.content),
    ...(message.name === undefined ? {} : { name: message.name }),
  }));
  const system = textOf(parsed.data.system);
  if (system !== '') messages.unshift({ role: 'system', content: system });
  return counter.chat(messages, model);
}

async function embeddingsTokens(body: unknown, model: string, counter: TokenCounter): Promise<number | undefined> {
  const parsed = EmbeddingsRequestSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const input = parsed.data.input;
  if (typeof input === 'string') return counter.text(input, model);
  let total = 0;
  for (const item of input) {
    if (typeof item === 'string') total += await counter.text(item, model);
    else if (typeof item === 'number') total += 1;
    else total += item.length;
  }
  return total;
}

async function chatCompletionTokens(body: unknown, model: string, counter: TokenCounter): Promise<number> {
  const parsed = ChatResponseSchema.safeParse(body);
  if (!parsed.success) return 0;
  const texts = [
    ...(parsed.data.choices ?? []).map((choice) => textOf(choice.message?.content)),
    textOf(parsed.data.content),
  ];
  return counter.text(texts.join(''), model);
}

function textOf(content: z.infer<typeof ContentSchema>): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  return content.map((part) => part.text ?? '').join('');
}
