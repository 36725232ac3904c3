import { InvalidRequestError } from '@sluice/errors';
import type { ContentPart } from '../openai-chat-schema';
import { isHttpUrl, parseDataUrl } from '../parse-data-url';
import { type KnownContentPart, readContentPart } from '../read-openai-content-part';
import { unsupportedValue } from '../reject-unsupported-parameters';
import type { GeminiPart } from './gemini-request-types';

const MIME_BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  heic: 'image/heic',
  heif: 'image/heif',
};

/** The image media type a URL's file extension names, when it names one. */
function imageMimeTypeOf(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const extension = /\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  return extension === undefined ? undefined : MIME_BY_EXTENSION[extension];
}

/** Base64 data URLs inline (inlineData); http(s) URLs by reference (fileData). */
function toGeminiImage(url: string, param: string): GeminiPart {
  const dataUrl = parseDataUrl(url);
  if (dataUrl) return { inlineData: { mimeType: dataUrl.mediaType, data: dataUrl.data } };
  if (!isHttpUrl(url))
    throw new InvalidRequestError('An image URL must be a base64 data URL or an http(s) URL.', { param });
  const mimeType = imageMimeTypeOf(url);
  return { fileData: mimeType === undefined ? { fileUri: url } : { mimeType, fileUri: url } };
}

function toGeminiFile(part: Extract<KnownContentPart, { type: 'file' }>, param: string): GeminiPart {
  const dataUrl = part.file.file_data === undefined ? undefined : parseDataUrl(part.file.file_data);
  if (dataUrl) return { inlineData: { mimeType: dataUrl.mediaType, data: dataUrl.data } };
  if (part.file.file_data !== undefined) {
    throw new InvalidRequestError('`file_data` must be a base64 data URL.', { param: `${param}.file.file_data` });
  }
  throw unsupportedValue(
    `${param}.file.file_id`,
    'The gemini provider cannot read OpenAI file ids; send the file as file_data.',
  );
}

function toGeminiUserPart(part: KnownContentPart, param: string): GeminiPart[] {
  switch (part.type) {
    case 'text':
      return part.text === '' ? [] : [{ text: part.text }];
    case 'image_url':
      return [toGeminiImage(part.image_url.url, `${param}.image_url.url`)];
    case 'input_audio':
      return [{ inlineData: { mimeType: `audio/${part.input_audio.format}`, data: part.input_audio.data } }];
    case 'file':
      return [toGeminiFile(part, param)];
    case 'refusal':
      throw unsupportedValue(`${param}.type`, 'Refusal parts may only appear in assistant messages.');
  }
}

/** A user message's content as Gemini parts: text, images, audio and files. */
export function toGeminiUserParts(content: string | ContentPart[], param: string): GeminiPart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }];
  return content.flatMap((part, index) =>
    toGeminiUserPart(readContentPart(part, `${param}.${index}`), `${param}.${index}`),
  );
}
