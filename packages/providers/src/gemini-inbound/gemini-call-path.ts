/** The Gemini methods Sluice serves on `POST /v1beta/models/{model}:{method}` (docs/gemini-api.md). */
export const GEMINI_METHODS = [
  'generateContent',
  'streamGenerateContent',
  'embedContent',
  'batchEmbedContents',
  'countTokens',
] as const;
export type GeminiMethod = (typeof GEMINI_METHODS)[number];

/** A Gemini call as its path names it. */
export interface GeminiCallPath {
  model: string;
  method: GeminiMethod;
}

/** Every path in Gemini's dialect starts here; errors under it are answered in Gemini's shape. */
export const GEMINI_PATH_PREFIX = '/v1beta/';
const CALL_PATH = /^\/v1beta\/models\/([^/:]+):([A-Za-z]+)\/?$/i;
const MAX_MODEL_NAME = 256;

/**
 * The model and method of `/v1beta/models/{model}:{method}` (the prefix in any case, as express matches paths; the
 * model percent-decoded, as clients may encode it; the method spelled as Gemini spells it); undefined for any other
 * path, a method Sluice does not serve, or an absurd model name.
 */
export function geminiCallPathOf(path: string): GeminiCallPath | undefined {
  const match = CALL_PATH.exec(path);
  const [, encodedModel, method] = match ?? [];
  if (encodedModel === undefined || !isGeminiMethod(method)) return undefined;
  let model: string;
  try {
    model = decodeURIComponent(encodedModel);
  } catch {
    return undefined;
  }
  return model === '' || model.length > MAX_MODEL_NAME ? undefined : { model, method };
}

function isGeminiMethod(method: string | undefined): method is GeminiMethod {
  return (GEMINI_METHODS as readonly (string | undefined)[]).includes(method);
}
