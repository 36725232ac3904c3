import { InvalidRequestError } from '@sluice/errors';
import { type CacheControl, withCacheControl } from '../cache-control';
import type { ContentPart } from '../openai-chat-schema';
import { isHttpUrl, parseDataUrl } from '../parse-data-url';
import { type CacheableText, type KnownContentPart, readContentPart } from '../read-openai-content-part';
import { unsupportedValue } from '../reject-unsupported-parameters';
import type { AnthropicContentBlockParam } from './anthropic-request-schema';

type FilePart = Extract<KnownContentPart, { type: 'file' }>;
export type AnthropicTextBlock = { type: 'text'; text: string; cache_control?: CacheControl };

/** Text blocks for non-empty texts (Anthropic rejects empty text blocks), each keeping its breakpoint. */
export function textBlocks(texts: CacheableText[]): AnthropicTextBlock[] {
  return texts
    .filter((part) => part.text !== '')
    .map((part) => withCacheControl<AnthropicTextBlock>({ type: 'text', text: part.text }, part.cache_control));
}

/** A message-level breakpoint on the message's last block, unless that block carries its own. */
export function markLastBlock<T extends object>(blocks: T[], cacheControl: CacheControl | null | undefined): T[] {
  const last = blocks.at(-1);
  if (!cacheControl || last === undefined || ('cache_control' in last && last.cache_control)) return blocks;
  return [...blocks.slice(0, -1), withCacheControl(last, cacheControl)];
}

/** An image URL as an Anthropic image block: base64 data URLs inline, http(s) URLs by reference. */
function toAnthropicImage(url: string, param: string): AnthropicContentBlockParam {
  const dataUrl = parseDataUrl(url);
  if (dataUrl) return { type: 'image', source: { type: 'base64', media_type: dataUrl.mediaType, data: dataUrl.data } };
  if (isHttpUrl(url)) return { type: 'image', source: { type: 'url', url } };
  throw new InvalidRequestError('An image URL must be a base64 data URL or an http(s) URL.', { param });
}

/** A file part holding a base64 PDF as an Anthropic document block. */
function toAnthropicDocument(file: FilePart['file'], param: string): AnthropicContentBlockParam {
  if (file.file_data === undefined) {
    throw unsupportedValue(
      `${param}.file.file_id`,
      'The anthropic provider cannot read OpenAI file ids; send the file as file_data.',
    );
  }
  const dataUrl = parseDataUrl(file.file_data);
  if (dataUrl?.mediaType !== 'application/pdf') {
    throw unsupportedValue(
      `${param}.file.file_data`,
      'The anthropic provider accepts files only as base64 PDF data URLs.',
    );
  }
  return { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: dataUrl.data } };
}

function toAnthropicUserBlock(part: KnownContentPart, param: string): AnthropicContentBlockParam[] {
  switch (part.type) {
    case 'text':
      return textBlocks([part]);
    case 'image_url':
      return [withCacheControl(toAnthropicImage(part.image_url.url, `${param}.image_url.url`), part.cache_control)];
    case 'file':
      return [withCacheControl(toAnthropicDocument(part.file, param), part.cache_control)];
    case 'input_audio':
      throw unsupportedValue(`${param}.type`, 'The anthropic provider does not accept audio input.');
    case 'refusal':
      throw unsupportedValue(`${param}.type`, 'Refusal parts may only appear in assistant messages.');
  }
}

/** A user message's content as Anthropic blocks: text, image and document, with their breakpoints. */
export function toAnthropicUserBlocks(content: string | ContentPart[], param: string): AnthropicContentBlockParam[] {
  if (typeof content === 'string') return textBlocks([{ text: content }]);
  return content.flatMap((part, index) =>
    toAnthropicUserBlock(readContentPart(part, `${param}.${index}`), `${param}.${index}`),
  );
}
