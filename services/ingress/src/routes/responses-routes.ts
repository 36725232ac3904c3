import type { SyncDispatcher } from '@sluice/dispatch';
import { InvalidRequestError, NotFoundError, zodProblems } from '@sluice/errors';
import { parseInput } from '@sluice/json-input';
import {
  fromResponsesRequest,
  type InputItem,
  inputItemsOf,
  newItemId,
  type ResponseObject,
  type ResponsesRequest,
  ResponsesRequestSchema,
  responseShell,
  responsesReplyFormat,
} from '@sluice/providers';
import type { CancelPublisher } from '@sluice/queues';
import type { ResponseStore, StoredResponse } from '@sluice/responses';
import { type Request, Router } from 'express';
import { z } from 'zod';
import { answerChat } from '../answer-chat';
import type { AsyncWork } from '../async/async-work';
import { listPage } from '../async/list-page';
import { requestOwner } from '../async/request-owner';
import type { ServeCall } from '../governance/admission/admission';
import { cancelBackgroundResponse, currentResponse, startBackgroundResponse } from '../responses/background-responses';
import { resolveItemReferences } from '../responses/resolve-item-references';
import { streamBackgroundResponse } from '../responses/stream-background-response';

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
 * as a response object or the typed event stream; `store` (default true) keeps it. See docs/responses-api.md.
 */
export function createResponseRoute(options: ResponsesRouteOptions): ServeCall {
  return async (request, response, admission) => {
    const parsed = ResponsesRequestSchema.safeParse(request.body);
    if (!parsed.success) throw InvalidRequestError.fromProblems('response request', zodProblems(parsed.error.issues));
    const { owner, scope } = requestOwner(request);
    const items = await resolveItemReferences(inputItemsOf(parsed.data.input), options.store, scope);
    const body = { ...parsed.data, input: items };
    const history = await historyOf(options.store, body, scope);
    const translated = fromResponsesRequest(body, history);
    const createdAt = Math.floor((options.now ?? Date.now)() / 1000);
    const shell = responseShell(body, { id: newItemId('resp'), createdAt });
    const omitted = [...new Set(translated.omittedTools)].join(', ');
    if (omitted) response.setHeader(OMITTED_TOOLS_HEADER, omitted);
    const inputItems = withItemIds(items);
    const responsesBody = nativeBody(parsed.data, history, items);
    const logProperties: Record<string, string> = omitted ? { omitted_tools: omitted } : {};
    if (body.background === true) {
      if (body.store === false)
        throw new InvalidRequestError('A background response is stored: drop `store: false`.', { param: 'store' });
      const record = { id: shell.id, owner, previousResponseId: body.previous_response_id ?? undefined, inputItems };
      const queued = await startBackgroundResponse(options.asyncWork, options.store, {
        request,
        admission,
        shell,
        chat: translated.chat,
        nativeBody: responsesBody,
        toolNames: translated.toolNames,
        record,
        logProperties,
        streamed: body.stream === true,
      });
      if (body.stream !== true) {
        response.json(queued);
        return 'enqueued';
      }
      const stored = await options.store.get(queued.id, scope);
      if (stored)
        await streamBackgroundResponse(response, {
          work: options.asyncWork,
          store: options.store,
          stored,
          startingAfter: -1,
        });
      return 'enqueued';
    }
    const finished =
      body.store === false
        ? undefined
        : (finishedResponse: ResponseObject) => options.store.save(storedOf(finishedResponse, body, owner, inputItems));
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
      responsesBody,
      logProperties,
    });
  };
}

const RetrieveQuerySchema = z.looseObject({
  stream: z.enum(['true', 'false']).optional(),
  starting_after: z.coerce.number().int().min(-1).default(-1),
});

const InputItemsQuerySchema = z.object({
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  after: z.string().optional(),
});

/** GET /v1/responses/{id}, GET /v1/responses/{id}/input_items, DELETE /v1/responses/{id}, POST …/{id}/cancel. */
export function responsesRoutes(store: ResponseStore, asyncWork: AsyncWork | undefined): Router {
  const router = Router();
  router.get('/:id', async (request, response) => {
    const query = parseInput(RetrieveQuerySchema, request.query, 'response query');
    const stored = await visibleResponse(store, request);
    if (query.stream === 'true') {
      await streamBackgroundResponse(response, { work: asyncWork, store, stored, startingAfter: query.starting_after });
      return;
    }
    response.json(await currentResponse(asyncWork, store, stored));
  });
  router.get('/:id/input_items', async (request, response) => {
    const query = parseInput(InputItemsQuerySchema, request.query, 'input items query');
    const stored = await visibleResponse(store, request);
    const ordered = query.order === 'asc' ? stored.inputItems : [...stored.inputItems].reverse();
    const start = query.after === undefined ? 0 : ordered.findIndex((item) => idOf(item) === query.after) + 1;
    const page = ordered.slice(start, start + query.limit) as (InputItem & { id: string })[];
    response.json(listPage(page, start + query.limit < ordered.length));
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

/**
 * The body a native account receives: as the client sent it, with item references Sluice resolved and, when
 * `previous_response_id` names a response Sluice stored, that conversation written out in `input`.
 */
function nativeBody(sent: ResponsesRequest, history: InputItem[], items: InputItem[]): Record<string, unknown> {
  if (history.length === 0) return { ...sent, input: Array.isArray(sent.input) ? items : sent.input };
  const { previous_response_id: _previous, ...rest } = sent;
  return { ...rest, input: [...history, ...items] };
}

async function historyOf(
  store: ResponseStore,
  body: ResponsesRequest,
  scope: string | undefined,
): Promise<InputItem[]> {
  const previous = body.previous_response_id;
  if (!previous) return [];
  const conversation = await store.conversation(previous, scope);
  if (!conversation)
    throw new InvalidRequestError(`Previous response with id '${previous}' not found.`, {
      param: 'previous_response_id',
      code: 'previous_response_not_found',
    });
  return conversation;
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

function storedOf(response: ResponseObject, body: ResponsesRequest, owner: string, inputItems: InputItem[]) {
  return { id: response.id, owner, previousResponseId: body.previous_response_id ?? undefined, inputItems, response };
}

const ITEM_ID_PREFIXES: Record<string, string> = {
  message: 'msg',
  function_call: 'fc',
  function_call_output: 'fco',
  reasoning: 'rs',
};

/** Input items as input_items lists them: each with an id (`msg_…` for a message sent without one). */
function withItemIds(items: InputItem[]): InputItem[] {
  return items.map((item) => {
    if (typeof item.id === 'string' && item.id !== '') return item;
    const type = item.type ?? 'message';
    const id = newItemId(ITEM_ID_PREFIXES[type] ?? 'item');
    return { ...item, type, id };
  });
}

function idOf(item: InputItem): string | undefined {
  return typeof item.id === 'string' ? item.id : undefined;
}
