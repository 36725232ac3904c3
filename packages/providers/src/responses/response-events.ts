import type { OutputItem, ResponseObject } from './response-object';
import type { ResponsesEvent } from './responses-event-text';

/**
 * The typed event sequence of a finished response, replayed: response.created and response.in_progress, each output
 * item with its whole text or arguments as one delta, then the closing event for its status. Numbered from 0, so a
 * client resuming after event N is sent the events after N. See docs/responses-api.md (background).
 */
export function responseEvents(response: ResponseObject): ResponsesEvent[] {
  const fields: Record<string, unknown>[] = [];
  const opening: ResponseObject = { ...response, status: 'in_progress', output: [], usage: null };
  fields.push({ type: 'response.created', response: opening });
  fields.push({ type: 'response.in_progress', response: opening });
  for (const [index, item] of response.output.entries()) fields.push(...itemEvents(item, index));
  fields.push({ type: closingType(response), response });
  return fields.map((event, sequence) => ({ ...event, type: String(event.type), sequence_number: sequence }));
}

function itemEvents(item: OutputItem, index: number): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  if (item.type === 'message') {
    events.push({
      type: 'response.output_item.added',
      output_index: index,
      item: { ...item, status: 'in_progress', content: [] },
    });
    for (const [contentIndex, part] of item.content.entries()) {
      const at = { item_id: item.id, output_index: index, content_index: contentIndex };
      events.push({ type: 'response.content_part.added', ...at, part: { ...part, text: '' } });
      events.push({ type: 'response.output_text.delta', ...at, delta: part.text, logprobs: [] });
      events.push({ type: 'response.output_text.done', ...at, text: part.text, logprobs: [] });
      events.push({ type: 'response.content_part.done', ...at, part });
    }
  } else if (item.type === 'function_call') {
    events.push({ type: 'response.output_item.added', output_index: index, item: { ...item, arguments: '' } });
    const at = { item_id: item.id, output_index: index };
    events.push({ type: 'response.function_call_arguments.delta', ...at, delta: item.arguments });
    events.push({ type: 'response.function_call_arguments.done', ...at, name: item.name, arguments: item.arguments });
  } else {
    events.push({ type: 'response.output_item.added', output_index: index, item });
  }
  events.push({ type: 'response.output_item.done', output_index: index, item });
  return events;
}

function closingType(response: ResponseObject): string {
  if (response.status === 'incomplete') return 'response.incomplete';
  if (response.status === 'failed' || response.status === 'cancelled') return 'response.failed';
  return 'response.completed';
}
