import { zodProblems } from '@sluice/errors';
import { ChatCompletionRequestSchema, EmbeddingsRequestSchema } from '@sluice/providers';
import { z } from 'zod';
import type { FileLine } from './read-lines';

export const BATCH_ENDPOINTS = ['/v1/chat/completions', '/v1/embeddings'] as const;
export const BatchEndpointSchema = z.enum(BATCH_ENDPOINTS);
export type BatchEndpoint = z.infer<typeof BatchEndpointSchema>;

const BatchLineSchema = z.object({
  custom_id: z.string().min(1).max(512),
  method: z.literal('POST'),
  url: z.string(),
  body: z.record(z.string(), z.unknown()),
});

/** A line ready to run, or why it cannot: the message names the line and the field. */
export type CheckedLine =
  | {
      ok: true;
      line: number;
      customId: string;
      kind: 'chat' | 'embeddings';
      body: Record<string, unknown>;
      model: string;
    }
  | { ok: false; line: number; customId: string | null; code: string; message: string };

/** Validates one input line of a batch for its endpoint, as OpenAI's Batch API expects it. */
export function checkBatchLine(line: FileLine, endpoint: BatchEndpoint, maxLineChars: number): CheckedLine {
  const fail = (code: string, message: string, customId: string | null = null): CheckedLine => ({
    ok: false,
    line: line.number,
    customId,
    code,
    message: `line ${line.number}: ${message}`,
  });
  if (line.tooLong) return fail('line_too_long', `the line is longer than ${maxLineChars} characters`);
  let document: unknown;
  try {
    document = JSON.parse(line.text);
  } catch {
    return fail('invalid_json', 'not valid JSON; each line must be one JSON object');
  }
  const parsed = BatchLineSchema.safeParse(document);
  const customId =
    typeof (document as { custom_id?: unknown })?.custom_id === 'string'
      ? (document as { custom_id: string }).custom_id
      : null;
  if (!parsed.success) return fail('invalid_request', describe(parsed.error.issues), customId);
  if (parsed.data.url !== endpoint)
    return fail('invalid_url', `url is "${parsed.data.url}" but this batch's endpoint is "${endpoint}"`, customId);
  if (parsed.data.body.stream === true)
    return fail('invalid_request', 'body.stream: streaming is not supported in a batch; remove it', customId);
  const schema = endpoint === '/v1/chat/completions' ? ChatCompletionRequestSchema : EmbeddingsRequestSchema;
  const body = schema.safeParse(parsed.data.body);
  if (!body.success) return fail('invalid_request', describe(body.error.issues, 'body'), customId);
  return {
    ok: true,
    line: line.number,
    customId: parsed.data.custom_id,
    kind: endpoint === '/v1/chat/completions' ? 'chat' : 'embeddings',
    body: body.data,
    model: body.data.model,
  };
}

function describe(issues: readonly { path: PropertyKey[]; message: string }[], prefix = ''): string {
  return zodProblems(issues, prefix)
    .map((problem) => `${problem.path || '(line)'}: ${problem.message}`)
    .join('; ');
}
