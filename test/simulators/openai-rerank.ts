/**
 * A rerank server in Cohere's v2 shape (`POST …/rerank`, as Cohere, Jina and vLLM serve it): `results` ordered by
 * `relevance_score` (the share of the query's words a document holds), `top_n`, `return_documents`, and
 * `meta.billed_units.search_units` (one search per 100 documents).
 */
import { randomId } from './echo-answer';
import { openAIInvalidRequest } from './openai-error-body';
import { isRecord, type JsonReply } from './simulator-exchange';

function textOf(document: unknown): string | undefined {
  if (typeof document === 'string') return document;
  if (isRecord(document) && typeof document.text === 'string') return document.text;
  return undefined;
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

export function answerRerank(body: unknown): JsonReply {
  if (!isRecord(body)) return openAIInvalidRequest('Invalid type for body: expected an object.');
  if (typeof body.query !== 'string') return openAIInvalidRequest('query is required', 'query');
  const texts = Array.isArray(body.documents) ? body.documents.map(textOf) : [];
  if (texts.length === 0 || texts.some((text) => text === undefined))
    return openAIInvalidRequest('documents must be a non-empty list of strings or {text} objects', 'documents');
  const queryWords = new Set(words(body.query));
  const scored = (texts as string[]).map((text, index) => {
    const matched = words(text).filter((word) => queryWords.has(word)).length;
    return { index, text, relevance_score: queryWords.size === 0 ? 0 : Math.min(1, matched / queryWords.size) };
  });
  scored.sort((a, b) => b.relevance_score - a.relevance_score || a.index - b.index);
  const topN = typeof body.top_n === 'number' ? body.top_n : scored.length;
  const results = scored.slice(0, topN).map(({ index, text, relevance_score }) => ({
    index,
    relevance_score,
    ...(body.return_documents === true ? { document: { text } } : {}),
  }));
  const searchUnits = Math.ceil(texts.length / 100);
  return {
    status: 200,
    body: {
      id: randomId('', 32),
      results,
      meta: { api_version: { version: '2' }, billed_units: { search_units: searchUnits } },
    },
  };
}
