/**
 * Gemini `:embedContent` (`{embedding: {values}}`) and `:batchEmbedContents`
 * (`{embeddings: [{values}, …]}` in request order), honouring `outputDimensionality`.
 */
import { defaultEmbeddingDimensions, deterministicEmbedding } from './deterministic-embedding';
import { geminiInvalidArgument } from './gemini-error-body';
import { contentText, readField } from './gemini-request';
import { isRecord, type JsonReply } from './simulator-exchange';

type EmbedResult = { ok: true; values: number[] } | { ok: false; reply: JsonReply };

function embedOne(request: unknown, requestName: string): EmbedResult {
  if (!isRecord(request) || !isRecord(request.content)) {
    return { ok: false, reply: geminiInvalidArgument(`* ${requestName}.content: content is not specified\n`) };
  }
  const dimensions = readField(request, 'outputDimensionality') ?? defaultEmbeddingDimensions;
  if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1) {
    return {
      ok: false,
      reply: geminiInvalidArgument(`* ${requestName}.output_dimensionality: must be a positive integer\n`),
    };
  }
  return { ok: true, values: deterministicEmbedding(contentText(request.content), dimensions) };
}

export function answerGeminiEmbedContent(body: unknown): JsonReply {
  const result = embedOne(body, 'EmbedContentRequest');
  if (!result.ok) return result.reply;
  return { status: 200, body: { embedding: { values: result.values } } };
}

export function answerGeminiBatchEmbedContents(body: unknown): JsonReply {
  const requests = isRecord(body) ? body.requests : undefined;
  if (!Array.isArray(requests) || requests.length === 0) {
    return geminiInvalidArgument('* BatchEmbedContentsRequest.requests: requests is not specified\n');
  }
  const embeddings: { values: number[] }[] = [];
  for (const [index, request] of requests.entries()) {
    const result = embedOne(request, `BatchEmbedContentsRequest.requests[${index}]`);
    if (!result.ok) return result.reply;
    embeddings.push({ values: result.values });
  }
  return { status: 200, body: { embeddings } };
}
