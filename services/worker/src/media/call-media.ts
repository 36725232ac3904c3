import { InvalidRequestError, UpstreamInvalidResponseError } from '@sluice/errors';
import { MEDIA_OPERATIONS, type MediaRequestBody, readUpstreamChunks, type UpstreamResponse } from '@sluice/providers';
import { MEDIA_KINDS, type MediaBlobStore, type MediaKind, type PlannedTarget, type ProviderJob } from '@sluice/queues';
import { type CallDependencies, callContext } from '../call-dependencies';
import type { CallOutcome, StreamSink } from '../call-outcome';
import { readUpstreamBody } from '../read-upstream-body';
import { readUpstreamPart } from '../read-upstream-part';
import { sendUpstream, throwIfRefused } from '../send-upstream';
import { loggedMediaBody } from './logged-media-body';
import { type MediaRequestFacts, mediaUsageOf, wavSeconds } from './media-usage-of';
import { multipartForm } from './multipart-form';

/** Enough of an uploaded file to find a WAV header's `data` chunk behind any metadata chunks. */
const AUDIO_HEAD_BYTES = 4096;

export interface MediaCall {
  job: ProviderJob & { kind: MediaKind };
  target: PlannedTarget;
  dependencies: CallDependencies;
  signal: AbortSignal;
  sink: StreamSink;
}

/**
 * One images or audio call, forwarded as it came with the target's model (docs/images-and-audio.md): a JSON body, or
 * the client's multipart form rebuilt around its files' media blobs. Speech audio and images answers are relayed piece
 * by piece as they arrive (base64 on the reply channel), a streamed transcription event by event as the provider sent
 * it, and a transcript whole; each as it came, with the provider's content type. A media blob that cannot be read is
 * Sluice's own failure.
 */
export async function callMedia(call: MediaCall): Promise<CallOutcome> {
  const { job, target, dependencies, signal } = call;
  const operation = MEDIA_OPERATIONS[job.kind];
  const context = callContext(dependencies, target);
  if (!dependencies.adapter.toMediaRequest)
    throw new InvalidRequestError(
      `Provider "${target.provider}" (${dependencies.account.type}) does not serve /v1/${operation}; route it to an OpenAI-compatible or Azure OpenAI account.`,
      { param: 'model' },
    );
  const { body, blobFailure } = requestBody(call);
  const request = dependencies.adapter.toMediaRequest(operation, body, context);
  const startedAt = Date.now();
  let response: UpstreamResponse;
  try {
    response = await sendUpstream(request, job, target, dependencies, signal);
  } catch (error) {
    throw blobFailure() ?? error;
  }
  await throwIfRefused(response, dependencies);
  const contentType = headerOf(response, 'content-type');
  const facts: MediaRequestFacts = {
    kind: job.kind,
    body: { ...job.body, ...target.overrideParams },
    uploadSeconds: undefined,
  };
  const served = { usage: undefined, servedModel: target.model, body: undefined };
  if (job.kind === 'speech') {
    const ttftMs = await relayPieces(call, response, contentType ?? 'audio/mpeg', { startedAt });
    return { ...served, ttftMs, mediaUsage: mediaUsageOf(facts, undefined) };
  }
  if (job.kind === 'image_generation' || job.kind === 'image_edit' || job.kind === 'image_variation') {
    const kept: Buffer[] = [];
    const ttftMs = await relayPieces(call, response, contentType ?? 'application/json', { startedAt, kept });
    const text = Buffer.concat(kept).toString('utf8');
    return { ...served, ttftMs, mediaUsage: mediaUsageOf(facts, text), streamedBody: loggedMediaBody(text) };
  }
  if (contentType?.startsWith('text/event-stream'))
    return relayTranscriptEvents(call, response, { startedAt, facts: await withUploadSeconds(call, facts) });
  const text = await readUpstreamBody(response.body, signal);
  if (contentType?.includes('json') && !isJson(text))
    throw new UpstreamInvalidResponseError(dependencies.account.type, 'its JSON answer could not be parsed');
  const usage = mediaUsageOf(await withUploadSeconds(call, facts, text), text);
  return {
    body: text,
    contentType: contentType ?? 'application/json',
    usage: undefined,
    mediaUsage: usage,
    servedModel: target.model,
    ttftMs: Date.now() - startedAt,
  };
}

export function isMediaJob(job: ProviderJob): job is ProviderJob & { kind: MediaKind } {
  return (MEDIA_KINDS as readonly string[]).includes(job.kind);
}

function blobsOf(call: MediaCall): MediaBlobStore {
  if (!call.dependencies.blobs) throw new Error('this worker was started without a media blob store');
  return call.dependencies.blobs;
}

function requestBody(call: MediaCall): { body: MediaRequestBody; blobFailure: () => unknown } {
  const { job, target } = call;
  if (!job.upload) {
    const json = JSON.stringify({ ...job.body, ...target.overrideParams, model: target.model });
    return { body: { contentType: 'application/json', body: json }, blobFailure: () => undefined };
  }
  const replaced: Record<string, string> = { model: target.model };
  for (const [name, value] of Object.entries(target.overrideParams))
    replaced[name] = typeof value === 'string' ? value : JSON.stringify(value);
  const form = multipartForm(job.upload, replaced, blobsOf(call));
  return { body: form, blobFailure: form.readFailure };
}

/**
 * A body relayed to the client piece by piece as the provider sends it (base64 on the reply channel), with the
 * provider's content type; the pieces are also kept in `kept` when given. Answers how long the first piece took.
 */
async function relayPieces(
  call: MediaCall,
  response: UpstreamResponse,
  contentType: string,
  options: { startedAt: number; kept?: Buffer[] },
): Promise<number> {
  const pieces = piecesOf(response.body);
  let ttftMs: number | undefined;
  try {
    for (
      let next = await readUpstreamPart(pieces, call.signal);
      !next.done;
      next = await readUpstreamPart(pieces, call.signal)
    ) {
      options.kept?.push(next.value);
      const chunks = [next.value.toString('base64')];
      if (ttftMs === undefined) {
        ttftMs = Date.now() - options.startedAt;
        await call.sink.started({ servedModel: call.target.model, chunks, contentType });
      } else await call.sink.chunks(chunks);
    }
  } finally {
    await pieces.return(undefined);
  }
  if (ttftMs !== undefined) return ttftMs;
  await call.sink.started({ servedModel: call.target.model, chunks: [], contentType });
  return Date.now() - options.startedAt;
}

/**
 * A streamed transcription: the provider's `transcript.text.delta` events relayed as they came; the stream must end
 * with `transcript.text.done`, whose text the log keeps.
 */
async function relayTranscriptEvents(
  call: MediaCall,
  response: UpstreamResponse,
  options: { startedAt: number; facts: MediaRequestFacts },
): Promise<CallOutcome> {
  const chunks = readUpstreamChunks(response.body);
  let ttftMs: number | undefined;
  let done: string | undefined;
  try {
    for (
      let next = await readUpstreamPart(chunks, call.signal);
      !next.done;
      next = await readUpstreamPart(chunks, call.signal)
    ) {
      for (const event of next.value.events) if (eventType(event.data) === 'transcript.text.done') done = event.data;
      if (next.value.text === '') continue;
      if (ttftMs === undefined) {
        ttftMs = Date.now() - options.startedAt;
        await call.sink.started({ servedModel: call.target.model, chunks: [next.value.text], native: true });
      } else await call.sink.chunks([next.value.text]);
    }
  } finally {
    await chunks.return(undefined);
  }
  if (done === undefined)
    throw new UpstreamInvalidResponseError(
      call.dependencies.account.type,
      'the transcription stream ended without transcript.text.done',
    );
  return {
    body: undefined,
    streamedBody: done,
    usage: undefined,
    mediaUsage: mediaUsageOf(options.facts, done),
    servedModel: call.target.model,
    ttftMs,
  };
}

/** Audio seconds from the uploaded file, for answers that state none (text, or a streamed transcript). */
async function withUploadSeconds(
  call: MediaCall,
  facts: MediaRequestFacts,
  answer?: string,
): Promise<MediaRequestFacts> {
  const usage = answer === undefined ? undefined : mediaUsageOf(facts, answer);
  const file = call.job.upload?.files[0];
  if (usage?.audio_seconds !== undefined || !file || (facts.kind !== 'transcription' && facts.kind !== 'translation'))
    return facts;
  return { ...facts, uploadSeconds: wavSeconds(await blobsOf(call).head(file.key, AUDIO_HEAD_BYTES)) };
}

async function* piecesOf(body: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  yield* body;
}

function eventType(data: string): unknown {
  try {
    return (JSON.parse(data) as { type?: unknown }).type;
  } catch {
    return undefined;
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function headerOf(response: UpstreamResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
