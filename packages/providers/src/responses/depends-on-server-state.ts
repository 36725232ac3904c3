import type { ResponsesRequest } from './responses-request-schema';

/**
 * Whether a Responses request names state a server keeps — an earlier response (`previous_response_id`), a
 * conversation, a stored prompt — or asks to run in the background: its answer is never taken from the response
 * cache nor stored in it (docs/responses-api.md).
 */
export function dependsOnServerState(request: ResponsesRequest): boolean {
  const named = (field: string) => request[field] !== undefined && request[field] !== null;
  return request.background === true || named('previous_response_id') || named('conversation') || named('prompt');
}
