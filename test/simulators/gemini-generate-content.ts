/**
 * Gemini `generateContent` answers and `streamGenerateContent` chunks. Every streamed
 * chunk is a full GenerateContentResponse with cumulative `usageMetadata`; the last
 * one carries `finishReason`. Function calls arrive whole in one chunk (Gemini does
 * not stream argument pieces) and finish with "STOP".
 */
import {
  buildEchoAnswer,
  countTokens,
  type EchoAnswer,
  type EchoRequest,
  randomId,
  splitIntoWordDeltas,
} from './echo-answer';

function finishReason(answer: EchoAnswer): 'STOP' | 'MAX_TOKENS' {
  return answer.kind === 'text' && answer.truncated ? 'MAX_TOKENS' : 'STOP';
}

function usageMetadata(answer: EchoAnswer, candidatesTokenCount: number) {
  const promptTokenCount = answer.usage.promptTokens;
  return {
    promptTokenCount,
    candidatesTokenCount,
    totalTokenCount: promptTokenCount + candidatesTokenCount,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: promptTokenCount }],
  };
}

function answerParts(answer: EchoAnswer) {
  if (answer.kind === 'tool-call') return [{ functionCall: { name: answer.toolName, args: answer.input } }];
  return [{ text: answer.text }];
}

function candidate(parts: object[], finish: string | undefined) {
  const base = { content: { parts, role: 'model' }, index: 0 };
  return finish === undefined ? base : { ...base, finishReason: finish };
}

export function buildGenerateContentResponse(model: string, echo: EchoRequest) {
  const answer = buildEchoAnswer(echo);
  return {
    candidates: [candidate(answerParts(answer), finishReason(answer))],
    usageMetadata: usageMetadata(answer, answer.usage.completionTokens),
    modelVersion: model,
    responseId: randomId('', 22),
  };
}

/** The GenerateContentResponse objects of a streamed answer, in order. */
export function buildStreamGenerateContentChunks(model: string, echo: EchoRequest): object[] {
  const answer = buildEchoAnswer(echo);
  const responseId = randomId('', 22);
  const envelope = { modelVersion: model, responseId };
  if (answer.kind === 'tool-call') {
    return [
      {
        candidates: [candidate(answerParts(answer), finishReason(answer))],
        usageMetadata: usageMetadata(answer, answer.usage.completionTokens),
        ...envelope,
      },
    ];
  }
  const pieces = splitIntoWordDeltas(answer.text);
  let charactersSoFar = 0;
  return pieces.map((piece, index) => {
    charactersSoFar += piece.length;
    const isLast = index === pieces.length - 1;
    return {
      candidates: [candidate([{ text: piece }], isLast ? finishReason(answer) : undefined)],
      usageMetadata: usageMetadata(answer, countTokens(charactersSoFar)),
      ...envelope,
    };
  });
}
