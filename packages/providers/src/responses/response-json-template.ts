import type { ResponseObject } from './response-object';

/** The fields a streamed response changes as it goes: every other field is the shell's, the same in every event. */
const CHANGING_FIELDS: readonly string[] = ['status', 'incomplete_details', 'model', 'output', 'usage'];

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

/** responseShell's fields, in its order. */
const SHELL_KEYS: readonly string[] = [
  'id',
  'object',
  'created_at',
  'status',
  'background',
  'error',
  'incomplete_details',
  'instructions',
  'max_output_tokens',
  'model',
  'output',
  'parallel_tool_calls',
  'previous_response_id',
  'reasoning',
  'store',
  'temperature',
  'text',
  'tool_choice',
  'tools',
  'top_p',
  'truncation',
  'usage',
  'user',
  'metadata',
];

/**
 * A response's JSON text with its changing fields left open: the shell's other fields serialised once per stream, so
 * that response.created and response.completed splice the changing ones in instead of serialising the whole response
 * twice. `json(fields)` is byte for byte JSON.stringify of the shell with those fields replaced (the shell's key order
 * kept), for a shell that has every changing field. A shell with responseShell's fields in its order (every one) is
 * written from a template of that order, any other field by field; either way the values fields usually hold (null,
 * booleans, numbers, plain text, empty arrays and objects) without calling JSON.stringify.
 */
export class ResponseJsonTemplate {
  /** The fixed text before each changing field's value (its key included), and the text after the last one. */
  private readonly heads: string[] = [];
  /** Each head's field, by CHANGING_FIELDS' index. */
  private readonly order: number[] = [];
  private readonly tail: string;

  constructor(shell: ResponseObject) {
    const parts = hasShellLayout(shell) ? shellParts(shell) : undefined;
    if (parts) {
      this.heads = parts.slice(0, -1);
      this.order = [0, 1, 2, 3, 4];
      this.tail = parts.at(-1) as string;
      return;
    }
    let text = '{';
    let first = true;
    for (const key of Object.keys(shell)) {
      const field = CHANGING_FIELDS.indexOf(key);
      const json = field === -1 ? valueJson(shell[key as keyof ResponseObject]) : '';
      if (json === undefined) continue;
      text += `${first ? '' : ','}${JSON.stringify(key)}:${json}`;
      first = false;
      if (field === -1) continue;
      this.heads.push(text);
      this.order.push(field);
      text = '';
    }
    this.tail = `${text}}`;
  }

  /** The response's JSON text with these changing fields. */
  json(fields: ChangingFieldsJson): string {
    let text = '';
    for (let index = 0; index < this.order.length; index += 1)
      text += `${this.heads[index]}${fields[this.order[index] as number]}`;
    return text + this.tail;
  }
}

/** A field's value as JSON.stringify writes it in an object; undefined for one it leaves out (undefined, a function). */
function valueJson(value: unknown): string | undefined {
  if (typeof value === 'string') return isPlainText(value) ? `"${value}"` : JSON.stringify(value);
  if (value === null) return 'null';
  if (value === true || value === false) return value ? 'true' : 'false';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (Array.isArray(value) && value.length === 0) return '[]';
  if (isEmptyPlainObject(value)) return '{}';
  return JSON.stringify(value) as string | undefined;
}

/** Whether JSON.stringify writes the text as it is between quotes: no quote, backslash, control character or surrogate. */
function isPlainText(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) return false;
  }
  return true;
}

function isEmptyPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key in value) if (Object.hasOwn(value, key)) return false;
  return true;
}

/** Whether the shell has responseShell's fields in its order, and no other. */
function hasShellLayout(shell: ResponseObject): boolean {
  const keys = Object.keys(shell);
  if (keys.length !== SHELL_KEYS.length) return false;
  for (let index = 0; index < keys.length; index += 1) if (keys[index] !== SHELL_KEYS[index]) return false;
  return true;
}

/**
 * The heads and the tail of a shell of responseShell's layout, in CHANGING_FIELDS' order (the layout's too);
 * undefined when a field holds a value JSON.stringify leaves out (its key with it).
 */
function shellParts(shell: ResponseObject): string[] | undefined {
  const values = [
    shell.id,
    shell.object,
    shell.created_at,
    shell.background,
    shell.error,
    shell.instructions,
    shell.max_output_tokens,
    shell.parallel_tool_calls,
    shell.previous_response_id,
    shell.reasoning,
    shell.store,
    shell.temperature,
    shell.text,
    shell.tool_choice,
    shell.tools,
    shell.top_p,
    shell.truncation,
    shell.user,
    shell.metadata,
  ].map(valueJson);
  if (values.includes(undefined)) return undefined;
  const [id, object, createdAt, background, error, instructions, maxOutputTokens, parallelToolCalls] = values;
  const [previousResponseId, reasoning, store, temperature, text, toolChoice, tools, topP, truncation, user, metadata] =
    values.slice(8);
  return [
    `{"id":${id},"object":${object},"created_at":${createdAt},"status":`,
    `,"background":${background},"error":${error},"incomplete_details":`,
    `,"instructions":${instructions},"max_output_tokens":${maxOutputTokens},"model":`,
    ',"output":',
    `,"parallel_tool_calls":${parallelToolCalls},"previous_response_id":${previousResponseId},"reasoning":${reasoning},"store":${store},"temperature":${temperature},"text":${text},"tool_choice":${toolChoice},"tools":${tools},"top_p":${topP},"truncation":${truncation},"usage":`,
    `,"user":${user},"metadata":${metadata}}`,
  ];
}
