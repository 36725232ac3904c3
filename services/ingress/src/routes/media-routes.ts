import type { SyncDispatcher } from '@sluice/dispatch';
import { InvalidRequestError, zodProblems } from '@sluice/errors';
import { ImageGenerationRequestSchema, openAIReplyFormat, SpeechRequestSchema } from '@sluice/providers';
import {
  type CancelPublisher,
  type MediaBlobStore,
  type MediaUpload,
  type MultipartMediaKind,
  mediaUploadRules,
  readMediaUpload,
} from '@sluice/queues';
import { requestFactsOf } from '@sluice/routing';
import type { Request, RequestHandler } from 'express';
import type { ServeCall } from '../governance/admission/admission';
import { readRequestContext } from '../read-request-context';
import { sendSyncReply } from '../send-sync-reply';

export interface MediaRouteDependencies {
  dispatcher: SyncDispatcher;
  cancels: CancelPublisher;
  blobs: MediaBlobStore;
  /** SLUICE_MEDIA_MAX_BYTES: the most one upload's files may hold together. */
  maxBytes: number;
}

/**
 * `POST /v1/images/generations` and `POST /v1/audio/speech`: JSON bodies, forwarded as they came
 * (docs/images-and-audio.md).
 */
export function jsonMediaRoute(
  kind: 'image_generation' | 'speech',
  dependencies: Omit<MediaRouteDependencies, 'blobs' | 'maxBytes'>,
): ServeCall {
  const schema = kind === 'speech' ? SpeechRequestSchema : ImageGenerationRequestSchema;
  const subject = kind === 'speech' ? 'speech request' : 'image generation request';
  return async (request, response, admission) => {
    const parsed = schema.safeParse(request.body);
    if (!parsed.success) throw InvalidRequestError.fromProblems(subject, zodProblems(parsed.error.issues));
    const context = readRequestContext(request, parsed.data.model, admission);
    const submitted = await dependencies.dispatcher.submitMedia({
      kind,
      body: parsed.data,
      stream: false,
      context,
      configHeader: admission.configHeader,
      resolved: admission.resolved,
      facts: requestFactsOf(parsed.data, context),
    });
    await sendSyncReply(response, { submitted, format: openAIReplyFormat, cancels: dependencies.cancels });
    return 'enqueued';
  };
}

/**
 * `POST /v1/images/edits|variations` and `/v1/audio/transcriptions|translations`: `read` stores the multipart
 * upload's files as media blobs and leaves its fields as `request.body` for admission (which runs between the two);
 * `submit` routes the request. The blobs are deleted when the response is over, however it ends.
 */
export function multipartMediaRoute(
  kind: MultipartMediaKind,
  dependencies: MediaRouteDependencies,
): { read: RequestHandler; submit: ServeCall } {
  const uploads = new WeakMap<Request, MediaUpload>();
  const rules = mediaUploadRules(kind, dependencies.maxBytes);
  const read: RequestHandler = async (request, response, next) => {
    const upload = await readMediaUpload(request, dependencies.blobs, rules);
    response.once('close', () => {
      dependencies.blobs.delete(upload.files.map((file) => file.key)).catch(() => undefined);
    });
    uploads.set(request, upload);
    request.body = Object.fromEntries(upload.fields);
    next();
  };
  const submit: ServeCall = async (request, response, admission) => {
    const upload = uploads.get(request);
    if (!upload) throw new Error('the media upload was not read before it was submitted');
    const body = Object.fromEntries(upload.fields);
    const model = body.model;
    if (model === undefined || model === '')
      throw new InvalidRequestError(`${rules.purpose} needs a \`model\` field naming the model to use.`, {
        param: 'model',
      });
    const context = readRequestContext(request, model, admission);
    const submitted = await dependencies.dispatcher.submitMedia(
      {
        kind,
        body,
        stream: body.stream === 'true',
        context,
        configHeader: admission.configHeader,
        resolved: admission.resolved,
        facts: requestFactsOf(body, context),
      },
      upload,
    );
    await sendSyncReply(response, { submitted, format: openAIReplyFormat, cancels: dependencies.cancels });
    return 'enqueued';
  };
  return { read, submit };
}
