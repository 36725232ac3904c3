import type { MediaKind, MediaUsage } from '@sluice/queues';

/** The request facts a media answer's price may depend on, as the client (or override_params) set them. */
export interface MediaRequestFacts {
  kind: MediaKind;
  body: Record<string, unknown>;
  /** Audio length read from the uploaded file itself (a WAV header), when it could be. */
  uploadSeconds: number | undefined;
}

/**
 * What a media answer is billed by (docs/images-and-audio.md, "Cost"): images by count, size and quality (the answer's
 * own `size` and `quality` first, as gpt-image models report them); speech by characters of input; transcriptions and
 * translations by audio seconds — from a verbose answer's `duration`, a json answer's `usage.seconds`, the last cue of
 * an SRT or VTT answer, or else the uploaded file.
 */
export function mediaUsageOf(facts: MediaRequestFacts, answer: string | undefined): MediaUsage {
  const { kind, body } = facts;
  if (kind === 'speech') return { characters: typeof body.input === 'string' ? [...body.input].length : 0 };
  if (kind === 'transcription' || kind === 'translation') {
    const seconds = answer === undefined ? undefined : answerSeconds(answer);
    const audioSeconds = seconds ?? facts.uploadSeconds;
    return audioSeconds === undefined ? {} : { audio_seconds: audioSeconds };
  }
  const parsed = answer === undefined ? undefined : record(parseJson(answer));
  const images = Array.isArray(parsed?.data) ? parsed.data.length : 0;
  const size = stringOf(parsed?.size) ?? stringOf(body.size);
  const quality = stringOf(parsed?.quality) ?? stringOf(body.quality);
  return {
    images,
    ...(size === undefined ? {} : { image_size: size }),
    ...(quality === undefined ? {} : { image_quality: quality }),
  };
}

/** Audio seconds an answer states: JSON `duration` or `usage.seconds`, or the end of the last SRT/VTT cue. */
export function answerSeconds(answer: string): number | undefined {
  const parsed = record(parseJson(answer));
  if (parsed) {
    if (typeof parsed.duration === 'number') return parsed.duration;
    const usage = record(parsed.usage);
    if (usage?.type === 'duration' && typeof usage.seconds === 'number') return usage.seconds;
    return undefined;
  }
  return lastCueEnd(answer);
}

const CUE_TIMING = /-->\s*(?:(\d+):)?(\d{1,2}):(\d{2})[,.](\d{3})/g;

function lastCueEnd(text: string): number | undefined {
  let last: number | undefined;
  for (const match of text.matchAll(CUE_TIMING)) {
    const [, hours, minutes, seconds, millis] = match;
    last = Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds) + Number(millis) / 1000;
  }
  return last;
}

/** The length of a PCM WAV file from its header (RIFF, `fmt ` byte rate, `data` size), or undefined. */
export function wavSeconds(head: Buffer): number | undefined {
  if (head.length < 44 || head.toString('ascii', 0, 4) !== 'RIFF' || head.toString('ascii', 8, 12) !== 'WAVE')
    return undefined;
  let byteRate: number | undefined;
  for (let offset = 12; offset + 8 <= head.length; ) {
    const id = head.toString('ascii', offset, offset + 4);
    const size = head.readUInt32LE(offset + 4);
    if (id === 'fmt ' && offset + 16 <= head.length) byteRate = head.readUInt32LE(offset + 16);
    if (id === 'data') return byteRate ? size / byteRate : undefined;
    offset += 8 + size + (size % 2);
  }
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
