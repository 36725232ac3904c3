import type { ResponseObject } from './response-object';

/** The fields a streamed response changes as it goes: every other field is the shell's, the same in every event. */
const CHANGING_FIELDS = ['status', 'incomplete_details', 'model', 'output', 'usage'] as const;

/**
 * The changing fields' JSON texts in CHANGING_FIELDS' order; `output`'s given as text, so that items already serialised
 * are not again.
 */
export type ChangingFieldsJson = readonly [
  status: string,
  incompleteDetails: string,
  model: string,
  output: string,
  usage: string,
];

/**
 * Stand-ins for the changing fields' values while the shell is serialised: one-character strings of control
 * characters U+0000…U+0004 (in CHANGING_FIELDS' order), each written as `"\u000N"`. A shell's own value may be written
 * so too: the markers are trusted only when each occurs once.
 */
const MARKERS = { status: '\u0000', incomplete_details: '\u0001', model: '\u0002', output: '\u0003', usage: '\u0004' };
/** How every marker's JSON starts after its opening quote; `"\u000N"` is 8 characters. */
const MARKER_START = '\\u000';
const MARKER_LENGTH = 8;

/**
 * A response's JSON text with its changing fields left open: the shell's other fields serialised once per stream, so
 * that response.created and response.completed splice the changing ones in instead of serialising the whole response
 * twice. `json(fields)` is byte for byte JSON.stringify of the shell with those fields replaced (the shell's key order
 * kept), for a shell that has every changing field.
 */
export class ResponseJsonTemplate {
  /** The fixed text before each changing field's value (its key included), and the text after the last one. */
  private readonly heads: string[] = [];
  /** Each head's field, by CHANGING_FIELDS' index. */
  private readonly order: number[] = [];
  private readonly tail: string;

  constructor(shell: ResponseObject) {
    const marked = JSON.stringify({
      ...shell,
      status: MARKERS.status,
      incomplete_details: MARKERS.incomplete_details,
      model: MARKERS.model,
      output: MARKERS.output,
      usage: MARKERS.usage,
    });
    this.tail = this.splitAtMarkers(marked) ?? this.splitByKey(shell);
  }

  /** The response's JSON text with these changing fields. */
  json(fields: ChangingFieldsJson): string {
    let text = '';
    for (let index = 0; index < this.order.length; index += 1)
      text += `${this.heads[index]}${fields[this.order[index] as number]}`;
    return text + this.tail;
  }

  /**
   * The heads cut from the marked shell's JSON at its markers, in the order they come; returns the tail. Undefined
   * (nothing kept) unless every marker occurs exactly once: the shell's own values may hold a marker's text.
   */
  private splitAtMarkers(marked: string): string | undefined {
    const seen = [false, false, false, false, false];
    let from = 0;
    for (let at = marked.indexOf(MARKER_START); at !== -1; at = marked.indexOf(MARKER_START, at + 6)) {
      const field = marked.charCodeAt(at + 5) - 48;
      if (field < 0 || field >= seen.length || marked[at - 1] !== '"' || marked[at + 6] !== '"') continue;
      if (seen[field]) {
        this.order.length = 0;
        break;
      }
      seen[field] = true;
      this.heads.push(marked.slice(from, at - 1));
      this.order.push(field);
      from = at - 1 + MARKER_LENGTH;
    }
    if (this.order.length === seen.length) return marked.slice(from);
    this.heads.length = 0;
    this.order.length = 0;
    return undefined;
  }

  /**
   * The heads and the tail written field by field: for a shell where a marker's text occurs more than once (a value of
   * its own is, or holds, a marker's one-character string). Returns the tail.
   */
  private splitByKey(shell: ResponseObject): string {
    let text = '{';
    let first = true;
    for (const key of Object.keys(shell)) {
      const field = (CHANGING_FIELDS as readonly string[]).indexOf(key);
      // JSON.stringify leaves out a field whose value it cannot write (undefined, a function).
      const json = field === -1 ? (JSON.stringify(shell[key as keyof ResponseObject]) as string | undefined) : '';
      if (json === undefined) continue;
      text += `${first ? '' : ','}${JSON.stringify(key)}:${json}`;
      first = false;
      if (field === -1) continue;
      this.heads.push(text);
      this.order.push(field);
      text = '';
    }
    return `${text}}`;
  }
}
