/**
 * A JSON value held as the text it came as (a client's request body, already parsed once to be validated), so that
 * a completion event can carry it to the request log without parsing or serialising it again (eventBodiesText).
 * The text must be valid JSON.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

/** `value` as JSON text: a JsonText's own text, anything else serialised. */
export function jsonTextOf(value: unknown): string {
  return value instanceof JsonText ? value.text : JSON.stringify(value);
}
