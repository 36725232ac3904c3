import { InvalidRequestError } from '@sluice/errors';
import { z } from 'zod';
import { type CacheControl, cacheControlField } from './cache-control';
import type { ContentPart } from './openai-chat-schema';
import { unsupportedValue } from './reject-unsupported-parameters';

/** The OpenAI content parts a translator understands, read strictly enough to use their fields. */
const TextPartSchema = z.looseObject({ type: z.literal('text'), text: z.string(), ...cacheControlField });
const RefusalPartSchema = z.looseObject({ type: z.literal('refusal'), refusal: z.string(), ...cacheControlField });
const ImageUrlPartSchema = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({ url: z.string().min(1) }),
  ...cacheControlField,
});
const InputAudioPartSchema = z.looseObject({
  type: z.literal('input_audio'),
  input_audio: z.looseObject({ data: z.string().min(1), format: z.string().min(1) }),
  ...cacheControlField,
});
const FilePartSchema = z.looseObject({
  type: z.literal('file'),
  file: z.looseObject({
    file_data: z.string().optional(),
    file_id: z.string().optional(),
    filename: z.string().optional(),
  }),
  ...cacheControlField,
});

const KnownPartSchema = z.discriminatedUnion('type', [
  TextPartSchema,
  RefusalPartSchema,
  ImageUrlPartSchema,
  InputAudioPartSchema,
  FilePartSchema,
]);
export type KnownContentPart = z.infer<typeof KnownPartSchema>;

const KNOWN_TYPES = new Set(['text', 'refusal', 'image_url', 'input_audio', 'file']);

/** One content part as a known, well-formed part; an unknown type or a malformed part is a 400 naming it. */
export function readContentPart(part: ContentPart, param: string): KnownContentPart {
  if (!KNOWN_TYPES.has(part.type)) {
    throw unsupportedValue(`${param}.type`, `Content parts of type \`${part.type}\` are not supported.`);
  }
  const result = KnownPartSchema.safeParse(part);
  if (!result.success) {
    throw new InvalidRequestError(`Malformed \`${part.type}\` content part.`, { param });
  }
  return result.data;
}

/** A text as a translator reads it, with the prompt-cache breakpoint its part carried. */
export interface CacheableText {
  text: string;
  cache_control?: CacheControl | null | undefined;
}

/** The texts of a message that may only hold text (system, developer, tool): the string, or each text part. */
export function readTextOnlyParts(content: string | ContentPart[], param: string, subject: string): CacheableText[] {
  if (typeof content === 'string') return [{ text: content }];
  return content.map((part, index) => {
    const known = readContentPart(part, `${param}.${index}`);
    if (known.type === 'text') return known;
    throw unsupportedValue(`${param}.${index}.type`, `${subject} messages may only hold text parts.`);
  });
}

/** The same texts without their breakpoints. */
export function readTextParts(content: string | ContentPart[], param: string, subject: string): string[] {
  return readTextOnlyParts(content, param, subject).map((part) => part.text);
}

/** The same texts joined into one string. */
export function readTextContent(content: string | ContentPart[], param: string, subject: string): string {
  return readTextParts(content, param, subject).join('\n');
}

/** The non-empty texts of an assistant message: its string, or its text and refusal parts. */
export function readAssistantParts(content: string | ContentPart[] | null | undefined, param: string): CacheableText[] {
  if (content === null || content === undefined) return [];
  const texts: CacheableText[] =
    typeof content === 'string'
      ? [{ text: content }]
      : content.map((part, index) => {
          const known = readContentPart(part, `${param}.${index}`);
          if (known.type === 'text') return known;
          if (known.type === 'refusal') return { text: known.refusal, cache_control: known.cache_control };
          throw unsupportedValue(`${param}.${index}.type`, 'Assistant messages may only hold text and refusal parts.');
        });
  return texts.filter((part) => part.text !== '');
}

/** The same texts without their breakpoints. */
export function readAssistantTexts(content: string | ContentPart[] | null | undefined, param: string): string[] {
  return readAssistantParts(content, param).map((part) => part.text);
}
