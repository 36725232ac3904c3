/**
 * OpenAI's images and audio endpoints, in their wire format (deterministic answers):
 *   POST images/generations (JSON), images/edits and images/variations (multipart): `{created, data: [{b64_json |
 *     url}]}`, with gpt-image models' `size`, `quality` and `usage` fields; the image is a 1×1 PNG.
 *   POST audio/speech (JSON): binary audio (`audio/mpeg` for mp3) sent in 4 KiB pieces, 64 bytes per input character.
 *   POST audio/transcriptions and audio/translations (multipart): `Transcript of <filename> (<bytes> bytes)` in every
 *     response_format (json, text, srt, verbose_json, vtt), and for `stream=true` the `transcript.text.delta` /
 *     `transcript.text.done` events. The audio's duration is read from a WAV header, else 16,000 bytes a second.
 * What a multipart request carried (fields; files' names, types, sizes and SHA-256) is `stats().lastBody`.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { openAIInvalidRequest } from './openai-error-body';
import { type MultipartForm, readMultipartForm } from './read-multipart-form';
import { sendServerSentEvents } from './send-event-stream';
import {
  isClosed,
  isRecord,
  parseJsonBody,
  type SimulatorExchange,
  sendJson,
  writeAndFlush,
} from './simulator-exchange';

export type MediaOperation =
  | 'images/generations'
  | 'images/edits'
  | 'images/variations'
  | 'audio/speech'
  | 'audio/transcriptions'
  | 'audio/translations';

export const MEDIA_OPERATIONS: readonly MediaOperation[] = [
  'images/generations',
  'images/edits',
  'images/variations',
  'audio/speech',
  'audio/transcriptions',
  'audio/translations',
];

/** A 1×1 transparent PNG. */
export const SIMULATED_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
const AUDIO_BYTES_PER_CHARACTER = 64;
const AUDIO_PIECE_BYTES = 4096;
const FALLBACK_BYTES_PER_SECOND = 16_000;
const SPEECH_TYPES: Record<string, string> = {
  mp3: 'audio/mpeg',
  opus: 'audio/opus',
  aac: 'audio/aac',
  flac: 'audio/flac',
  wav: 'audio/wav',
  pcm: 'audio/pcm',
};

export async function answerMedia(
  exchange: SimulatorExchange,
  operation: MediaOperation,
  headers: Record<string, string>,
  deployment?: string,
): Promise<void> {
  if (operation === 'images/generations' || operation === 'audio/speech') {
    const parsed = parseJsonBody(exchange.body);
    if (!parsed.ok || !isRecord(parsed.value))
      return sendJson(exchange, {
        ...openAIInvalidRequest('We could not parse the JSON body of your request.'),
        headers,
      });
    const body = parsed.value;
    if (operation === 'audio/speech') return answerSpeech(exchange, body, headers);
    if (typeof body.prompt !== 'string')
      return sendJson(exchange, {
        ...openAIInvalidRequest("Missing required parameter: 'prompt'.", 'prompt'),
        headers,
      });
    return sendJson(exchange, { status: 200, headers, body: imagesAnswer(stringFields(body), deployment) });
  }
  let form: MultipartForm;
  try {
    form = await readMultipartForm(exchange.request);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return sendJson(exchange, { ...openAIInvalidRequest(`Could not parse multipart form: ${reason}`), headers });
  }
  exchange.recordBody({
    fields: form.fields,
    files: form.files.map(({ head: _head, ...file }) => file),
  });
  const model = form.fields.model ?? deployment;
  if (model === undefined)
    return sendJson(exchange, { ...openAIInvalidRequest('you must provide a model parameter', 'model'), headers });
  if (operation === 'images/edits' || operation === 'images/variations') {
    if (!form.files.some((file) => file.field === 'image' || file.field === 'image[]'))
      return sendJson(exchange, { ...openAIInvalidRequest("Missing required parameter: 'image'.", 'image'), headers });
    return sendJson(exchange, { status: 200, headers, body: imagesAnswer({ ...form.fields, model }, deployment) });
  }
  const file = form.files.find((candidate) => candidate.field === 'file');
  if (!file)
    return sendJson(exchange, { ...openAIInvalidRequest("Missing required parameter: 'file'.", 'file'), headers });
  return answerTranscription(exchange, { ...form, fields: { ...form.fields, model } }, file, operation, headers);
}

function stringFields(body: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(body).map(([name, value]) => [name, String(value)]));
}

function imagesAnswer(fields: Record<string, string>, deployment: string | undefined) {
  const count = Number(fields.n ?? '1');
  const model = fields.model ?? deployment ?? 'dall-e-2';
  const asUrl =
    fields.response_format === 'url' || (fields.response_format === undefined && !model.startsWith('gpt-image'));
  const data = Array.from({ length: count }, (_, index) =>
    asUrl ? { url: `https://images.simulator.local/${index}.png` } : { b64_json: SIMULATED_PNG_BASE64 },
  );
  const answer: Record<string, unknown> = { created: 1_715_367_049, data };
  if (model.startsWith('gpt-image')) {
    answer.size = fields.size && fields.size !== 'auto' ? fields.size : '1024x1024';
    answer.quality = fields.quality && fields.quality !== 'auto' ? fields.quality : 'high';
    answer.output_format = 'png';
    answer.usage = { input_tokens: 50, output_tokens: 4160 * count, total_tokens: 50 + 4160 * count };
  }
  return answer;
}

async function answerSpeech(
  exchange: SimulatorExchange,
  body: Record<string, unknown>,
  headers: Record<string, string>,
): Promise<void> {
  if (typeof body.input !== 'string' || body.input === '')
    return sendJson(exchange, { ...openAIInvalidRequest("Missing required parameter: 'input'.", 'input'), headers });
  const format = typeof body.response_format === 'string' ? body.response_format : 'mp3';
  const audio = speechAudio(body.input);
  exchange.response.writeHead(200, {
    ...headers,
    'content-type': SPEECH_TYPES[format] ?? 'audio/mpeg',
    'transfer-encoding': 'chunked',
  });
  for (let offset = 0; offset < audio.length; offset += AUDIO_PIECE_BYTES) {
    if (isClosed(exchange)) return;
    if (offset > 0 && exchange.knobs.chunkDelayMs > 0)
      await delay(exchange.knobs.chunkDelayMs, undefined, { signal: exchange.signal });
    await writeAndFlush(exchange.response, audio.subarray(offset, offset + AUDIO_PIECE_BYTES));
  }
  exchange.response.end();
}

/** The simulated audio of a text: an ID3 tag, then bytes that follow from the text, 64 per character. */
export function speechAudio(input: string): Buffer {
  const audio = Buffer.alloc(Math.max(AUDIO_PIECE_BYTES, input.length * AUDIO_BYTES_PER_CHARACTER));
  audio.write('ID3', 0, 'ascii');
  for (let index = 3; index < audio.length; index += 1)
    audio[index] = (input.charCodeAt(index % input.length) + index) & 0xff;
  return audio;
}

async function answerTranscription(
  exchange: SimulatorExchange,
  form: MultipartForm,
  file: MultipartForm['files'][number],
  operation: 'audio/transcriptions' | 'audio/translations',
  headers: Record<string, string>,
): Promise<void> {
  const text = `Transcript of ${file.filename} (${file.bytes} bytes)`;
  const seconds = wavSeconds(file.head) ?? Math.max(1, Math.round(file.bytes / FALLBACK_BYTES_PER_SECOND));
  const model = form.fields.model ?? 'whisper-1';
  const usage = model.startsWith('whisper')
    ? { type: 'duration', seconds }
    : {
        type: 'tokens',
        input_tokens: seconds * 10,
        output_tokens: text.length,
        total_tokens: seconds * 10 + text.length,
      };
  if (form.fields.stream === 'true' && operation === 'audio/transcriptions') {
    const words = text.split(/(?<= )/);
    const events = [
      ...words.map((delta) => ({ data: JSON.stringify({ type: 'transcript.text.delta', delta, logprobs: null }) })),
      { data: JSON.stringify({ type: 'transcript.text.done', text, logprobs: null, usage }) },
    ];
    return sendServerSentEvents(exchange, events, { headers });
  }
  const format = form.fields.response_format ?? 'json';
  const plain = (body: string) => {
    exchange.response.writeHead(200, {
      ...headers,
      'content-type': 'text/plain; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
    });
    exchange.response.end(body);
  };
  const end = timestamp(seconds, format === 'vtt' ? '.' : ',');
  switch (format) {
    case 'text':
      return plain(`${text}\n`);
    case 'srt':
      return plain(`1\n${timestamp(0, ',')} --> ${end}\n${text}\n\n`);
    case 'vtt':
      return plain(`WEBVTT\n\n${timestamp(0, '.')} --> ${end}\n${text}\n\n`);
    case 'verbose_json':
      return sendJson(exchange, {
        status: 200,
        headers,
        body: {
          task: operation === 'audio/translations' ? 'translate' : 'transcribe',
          language: 'english',
          duration: seconds,
          text,
          segments: [
            {
              id: 0,
              seek: 0,
              start: 0,
              end: seconds,
              text,
              tokens: [50364, 2425],
              temperature: 0,
              avg_logprob: -0.2,
              compression_ratio: 1.1,
              no_speech_prob: 0.01,
            },
          ],
          usage: { type: 'duration', seconds },
        },
      });
    case 'json':
      return sendJson(exchange, { status: 200, headers, body: { text, usage } });
    default:
      return sendJson(exchange, {
        ...openAIInvalidRequest(
          `Invalid value: '${format}'. Supported values are: 'json', 'text', 'srt', 'verbose_json', and 'vtt'.`,
          'response_format',
        ),
        headers,
      });
  }
}

function timestamp(seconds: number, separator: ',' | '.'): string {
  const whole = Math.floor(seconds);
  const millis = Math.round((seconds - whole) * 1000);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(Math.floor(whole / 3600))}:${pad(Math.floor(whole / 60) % 60)}:${pad(whole % 60)}${separator}${pad(millis, 3)}`;
}

function wavSeconds(head: Buffer): number | undefined {
  if (head.length < 44 || head.toString('ascii', 0, 4) !== 'RIFF' || head.toString('ascii', 8, 12) !== 'WAVE')
    return undefined;
  const byteRate = head.readUInt32LE(28);
  const dataSize = head.readUInt32LE(40);
  return byteRate > 0 ? dataSize / byteRate : undefined;
}
