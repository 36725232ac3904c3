/**
 * Reads Gemini `generateContent` request bodies. Google's JSON mapping accepts both
 * lowerCamelCase and snake_case field names, so both are read.
 */
import { collectText, type EchoRequest } from './echo-answer';
import { geminiInvalidArgument } from './gemini-error-body';
import { isRecord, type JsonReply } from './simulator-exchange';

/** A field by its camelCase name or its snake_case equivalent. */
export function readField(record: Record<string, unknown>, camelCaseName: string): unknown {
  if (record[camelCaseName] !== undefined) return record[camelCaseName];
  return record[camelCaseName.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)];
}

function readRecord(record: Record<string, unknown>, camelCaseName: string): Record<string, unknown> | undefined {
  const value = readField(record, camelCaseName);
  return isRecord(value) ? value : undefined;
}

/** Text of a Content object (`{role?, parts: [{text}, …]}`). */
export function contentText(content: unknown): string {
  return isRecord(content) ? collectText(content.parts) : '';
}

function chooseToolName(body: Record<string, unknown>): string | undefined {
  const tools = body.tools;
  if (!Array.isArray(tools)) return undefined;
  const functionCalling = readRecord(readRecord(body, 'toolConfig') ?? {}, 'functionCallingConfig');
  const mode = functionCalling?.mode;
  if (mode === 'NONE') return undefined;
  const contents = Array.isArray(body.contents) ? body.contents : [];
  const last: unknown = contents[contents.length - 1];
  const answersFunction =
    isRecord(last) &&
    Array.isArray(last.parts) &&
    last.parts.some((part) => isRecord(part) && readField(part, 'functionResponse') !== undefined);
  if (answersFunction && mode !== 'ANY') return undefined;
  const allowed = functionCalling === undefined ? undefined : readField(functionCalling, 'allowedFunctionNames');
  if (Array.isArray(allowed) && typeof allowed[0] === 'string') return allowed[0];
  for (const tool of tools) {
    const declarations = isRecord(tool) ? readField(tool, 'functionDeclarations') : undefined;
    const first: unknown = Array.isArray(declarations) ? declarations[0] : undefined;
    if (isRecord(first) && typeof first.name === 'string') return first.name;
  }
  return undefined;
}

export type ParsedGeminiRequest = { ok: true; echo: EchoRequest } | { ok: false; reply: JsonReply };

export function parseGeminiGenerateRequest(body: unknown): ParsedGeminiRequest {
  if (!isRecord(body))
    return { ok: false, reply: geminiInvalidArgument('Invalid JSON payload received. Expected an object.') };
  const contents = body.contents;
  if (!Array.isArray(contents) || contents.length === 0) {
    return {
      ok: false,
      reply: geminiInvalidArgument('* GenerateContentRequest.contents: contents is not specified\n'),
    };
  }
  let promptCharacters = contentText(readField(body, 'systemInstruction')).length;
  let lastUserText = '';
  for (const [index, content] of contents.entries()) {
    if (!isRecord(content) || !Array.isArray(content.parts)) {
      return {
        ok: false,
        reply: geminiInvalidArgument(
          `* GenerateContentRequest.contents[${index}].parts: contents.parts must not be empty.\n`,
        ),
      };
    }
    const role = content.role ?? 'user';
    if (role !== 'user' && role !== 'model' && role !== 'function') {
      return { ok: false, reply: geminiInvalidArgument('Please use a valid role: user, model.') };
    }
    const text = contentText(content);
    promptCharacters += text.length;
    if (role === 'user' && text !== '') lastUserText = text;
  }
  const echo: EchoRequest = { lastUserText, promptCharacters };
  const generationConfig = readRecord(body, 'generationConfig');
  const maxOutputTokens = generationConfig === undefined ? undefined : readField(generationConfig, 'maxOutputTokens');
  if (typeof maxOutputTokens === 'number') echo.maxTokens = maxOutputTokens;
  const mimeType = generationConfig === undefined ? undefined : readField(generationConfig, 'responseMimeType');
  if (mimeType === 'application/json') echo.json = true;
  const toolName = chooseToolName(body);
  if (toolName !== undefined) echo.toolName = toolName;
  return { ok: true, echo };
}
