import { InvalidRequestError } from '@sluice/errors';
import {
  fromResponsesRequest,
  type InputItem,
  inputItemsOf,
  newItemId,
  type ResponseObject,
  type ResponsesRequest,
  responseShell,
  type TranslatedResponsesRequest,
} from '@sluice/providers';
import { isItemReference, resolveItemReferences } from './resolve-item-references';
import type { ResponseStore } from './response-store';

/** A Responses request made ready to route: its conversation resolved, translated, and the response's shell. */
export interface PreparedResponse {
  /** The request with its item references resolved. */
  body: ResponsesRequest;
  /** The response as created: its id, created_at and what it echoes. */
  shell: ResponseObject;
  translated: TranslatedResponsesRequest;
  /** The built-in tools a translated call leaves out, comma separated; empty when none. */
  omittedTools: string;
  /** The input items as input_items lists them, each with an id. */
  inputItems: InputItem[];
  /** What a native Responses account receives (see nativeBody). */
  nativeBody: Record<string, unknown>;
  /** What the request log records of it beyond the usual fields. */
  logProperties: Record<string, string>;
}

/**
 * Resolves a Responses request's item references and the stored conversation `previous_response_id` names (both
 * within `scope`: the key's own), translates it to Sluice's canonical chat request, and creates its shell
 * (docs/responses-api.md).
 */
export async function prepareResponse(
  store: ResponseStore,
  sent: ResponsesRequest,
  scope: string | undefined,
  createdAt: number,
): Promise<PreparedResponse> {
  const sentItems = inputItemsOf(sent.input);
  // Awaited only when there is something to look up: most requests name no stored item or response.
  const items = sentItems.some(isItemReference) ? await resolveItemReferences(sentItems, store, scope) : sentItems;
  const body = { ...sent, input: items };
  const history = body.previous_response_id ? await historyOf(store, body.previous_response_id, scope) : [];
  const translated = fromResponsesRequest(body, history);
  const omittedTools = [...new Set(translated.omittedTools)].join(', ');
  return {
    body,
    shell: responseShell(body, { id: newItemId('resp'), createdAt }),
    translated,
    omittedTools,
    // Ids name stored input items (input_items lists them): a response that is not stored needs none.
    inputItems: body.store === false ? items : withItemIds(items),
    nativeBody: nativeBody(sent, history, items),
    logProperties: omittedTools ? { omitted_tools: omittedTools } : {},
  };
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

async function historyOf(store: ResponseStore, previous: string, scope: string | undefined): Promise<InputItem[]> {
  const conversation = await store.conversation(previous, scope);
  if (!conversation)
    throw new InvalidRequestError(`Previous response with id '${previous}' not found.`, {
      param: 'previous_response_id',
      code: 'previous_response_not_found',
    });
  return conversation;
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
