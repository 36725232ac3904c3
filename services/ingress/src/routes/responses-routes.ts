import type { AsyncWork } from '@sluice/batches';
import type { SyncDispatcher } from '@sluice/dispatch';
import { InvalidRequestError, NotFoundError, zodProblems } from '@sluice/errors';
import { parseInput } from '@sluice/json-input';
import {
  dependsOnServerState,
  type ResponseObject,
  ResponsesRequestSchema,
  responsesReplyFormat,
} from '@sluice/providers';
import type { CancelPublisher } from '@sluice/queues';
import {
  backgroundResponseEvents,
  cancelBackgroundResponse,
  currentResponse,
  InputItemsQuerySchema,
  inputItemsPage,
  prepareResponse,
  ResponseRetrieveQuerySchema,
  type ResponseStore,
  type StoredResponse,
  startBackgroundResponse,
} from '@sluice/responses';
import { type Request, type Response, Router } from 'express';
import { answerChat } from '../answer-chat';
import { listPage } from '../async/list-page';
import { requestOwner } from '../async/request-owner';
import type { ServeCall } from '../governance/admission/admission';
import { readRequestContext } from '../read-request-context';

export interface ResponsesRouteOptions {
  dispatcher: SyncDispatcher;
  cancels: CancelPublisher;
  store: ResponseStore;
  /** Async jobs, which run `background: true` responses; absent: background is refused. */
  asyncWork?: AsyncWork | undefined;
  now?: () => number;
}

/** The response header naming built-in tools left out of a translated call. */
export const OMITTED_TOOLS_HEADER = 'x-sluice-omitted-tools';

/**
 * POST /v1/responses: the OpenAI Responses API. On translated accounts the request becomes Sluice's canonical chat
 * request (after the stored conversation `previous_response_id` names), is routed like any chat call, and is answered
 * as a response object or the typed event stream; `store` (default true) keeps it. The translation is serialised once,
 * here: the job carries its text (ProviderJob `bodyText`), which an OpenAI-dialect account is sent and the log keeps.
 * See docs/responses-api.md.
 */
export function createResponseRoute(options: ResponsesRouteOptions): ServeCall {
  return async (request, response, admission) => {
    const parsed = ResponsesRequestSchema.safeParse(request.body);
    if (!parsed.success) throw InvalidRequestError.fromProblems('response request', zodProblems(parsed.error.issues));
    const { owner, scope } = requestOwner(request);
    const createdAt = Math.floor((options.now ?? Date.now)() / 1000);
    const prepared = await prepareResponse(options.store, parsed.data, scope, createdAt);
    const { body, shell, translated, inputItems, logProperties } = prepared;
    if (prepared.omittedTools) response.setHeader(OMITTED_TOOLS_HEADER, prepared.omittedTools);
    const previousResponseId = body.previous_response_id ?? undefined;
    if (body.background === true) {
      if (body.store === false)
        throw new InvalidRequestError('A background response is stored: drop `store: false`.', { param: 'store' });
      const queued = await startBackgroundResponse(options.asyncWork, options.store, {
        context: readRequestContext(request, translated.chat.model, admission),
        configHeader: admission.configHeader,
        resolved: admission.resolved,
        shell,
        chat: translated.chat,
        nativeBody: prepared.nativeBody,
        toolNames: translated.toolNames,
        record: { id: shell.id, owner, previousResponseId, inputItems },
        logProperties,
        streamed: body.stream === true,
      });
      if (body.stream !== true) {
        response.json(queued);
        return 'enqueued';
      }
      const stored = await options.store.get(queued.id, scope);
      if (stored) await sendBackgroundStream(response, options.asyncWork, options.store, stored, -1);
      return 'enqueued';
    }
    const finished =
      body.store === false
        ? undefined
        : (answer: ResponseObject, json?: string) =>
            options.store.save({ id: answer.id, owner, previousResponseId, inputItems, response: answer }, json);
    return answerChat(request, response, translated.chat, {
      dispatcher: options.dispatcher,
      cancels: options.cancels,
      admission,
      format: responsesReplyFormat({
        shell,
        toolNames: translated.toolNames,
        finished,
        servedNatively: () => response.removeHeader(OMITTED_TOOLS_HEADER),
      }),
      responsesBody: prepared.nativeBody,
      logProperties,
      uncacheable: dependsOnServerState(parsed.data),
      bodyText: JSON.stringify(translated.chat),
    });
  };
}

/** GET /v1/responses/{id}, GET /v1/responses/{id}/input_items, DELETE /v1/responses/{id}, POST …/{id}/cancel. */
export function responsesRoutes(store: ResponseStore, asyncWork: AsyncWork | undefined): Router {
  const router = Router();
  router.get('/:id', async (request, response) => {
    const query = parseInput(ResponseRetrieveQuerySchema, request.query, 'response query');
    const stored = await visibleResponse(store, request);
    if (query.stream === 'true') {
      await sendBackgroundStream(response, asyncWork, store, stored, query.starting_after);
      return;
    }
    response.json(await currentResponse(asyncWork, store, stored));
  });
  router.get('/:id/input_items', async (request, response) => {
    const query = parseInput(InputItemsQuerySchema, request.query, 'input items query');
    const page = inputItemsPage(await visibleResponse(store, request), query);
    response.json(listPage(page.items, page.hasMore));
  });
  router.delete('/:id', async (request, response) => {
    const id = String(request.params.id);
    if (!(await store.delete(id, requestOwner(request).scope))) throw notFound(id);
    response.json({ id, object: 'response', deleted: true });
  });
  router.post('/:id/cancel', async (request, response) => {
    response.json(await cancelBackgroundResponse(asyncWork, store, await visibleResponse(store, request)));
  });
  return router;
}

/** A background response as server-sent events, written as they come (backgroundResponseEvents). */
async function sendBackgroundStream(
  response: Response,
  work: AsyncWork | undefined,
  store: ResponseStore,
  stored: StoredResponse,
  startingAfter: number,
): Promise<void> {
  response.status(200);
  response.setHeader('content-type', 'text/event-stream; charset=utf-8');
  response.setHeader('cache-control', 'no-cache');
  response.flushHeaders();
  const stopped = () => response.destroyed;
  for await (const text of backgroundResponseEvents({ work, store, stored, startingAfter, stopped })) {
    if (response.destroyed) return;
    response.write(text);
  }
  response.end();
}

async function visibleResponse(store: ResponseStore, request: Request): Promise<StoredResponse> {
  const id = String(request.params.id);
  const stored = await store.get(id, requestOwner(request).scope);
  if (!stored) throw notFound(id);
  return stored;
}

function notFound(id: string): NotFoundError {
  return new NotFoundError(`Response with id '${id}' not found.`, 'response_not_found');
}
