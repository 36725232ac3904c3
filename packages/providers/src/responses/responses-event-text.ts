/** One typed Responses stream event; `sequence_number` counts from 0 per stream. */
export interface ResponsesEvent {
  type: string;
  sequence_number: number;
  [field: string]: unknown;
}

/** One event as server-sent event text. */
export function responsesEventText(event: ResponsesEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * Events as server-sent event text, each as responsesEventText writes it; events that carry only the same response
 * object (response.created and response.in_progress) share one serialisation of it.
 */
export function responsesEventsText(events: readonly ResponsesEvent[]): string {
  let text = '';
  let shared: { response: unknown; json: string } | undefined;
  for (const event of events) {
    const { response } = event;
    if (response === undefined || Object.keys(event).length !== 3) {
      text += responsesEventText(event);
      continue;
    }
    if (shared?.response !== response) shared = { response, json: JSON.stringify(response) };
    const head = `{"type":${JSON.stringify(event.type)},"sequence_number":${event.sequence_number}`;
    text += `event: ${event.type}\ndata: ${head},"response":${shared.json}}\n\n`;
  }
  return text;
}
