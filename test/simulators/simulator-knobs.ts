/**
 * Behaviour knobs shared by every provider simulator, their defaults, and the
 * validation applied when knobs arrive over HTTP (`POST /__sim/knobs`).
 */

export type DropMode = 'before-headers' | 'mid-stream';

/**
 * A 200 whose body is not what the provider's API documents: `shape` answers every JSON body and every streamed
 * event with `{"unexpected":"shape"}`; `mid-stream` inserts that event after a stream's first; `no-terminal` ends a
 * stream cleanly without its last event (OpenAI's `[DONE]`, Anthropic's `message_stop`, Gemini's finishReason).
 */
export type MalformedMode = 'shape' | 'mid-stream' | 'no-terminal';
export const MALFORMED_MODES: readonly MalformedMode[] = ['shape', 'mid-stream', 'no-terminal'];
/** The body `malformed` answers with. */
export const MALFORMED_BODY = { unexpected: 'shape' } as const;

export interface SimulatorKnobs {
  /** Delay before response headers are written. */
  latencyMs: number;
  /** Delay between server-sent events of a streamed answer. */
  chunkDelayMs: number;
  /** Answer with this HTTP status and the provider's error body. */
  failStatus?: number;
  /** With `failStatus`: only the next N requests fail, then normal answers resume. Unset = every request fails. */
  failCount?: number;
  /** `Retry-After` header (seconds) sent with 429, 503 and 529 failures. */
  retryAfterS?: number;
  /** Fixed one-second window: requests beyond N in the current second get 429 with `Retry-After`. */
  rateLimitPerSecond?: number;
  /** Destroy the socket before any response, or after the first event of a stream (non-stream: after headers). */
  drop?: DropMode;
  /** When set, a missing or wrong key gets the provider's authentication error. */
  requiredApiKey?: string;
  /** Answer 200 with a body of the wrong shape (see MalformedMode). */
  malformed?: MalformedMode;
  /** OpenAI and Anthropic: a tool call's arguments (JSON text) instead of `{"echo": …}`, for clients that run the tool. */
  toolArguments?: string;
}

export const defaultKnobs: SimulatorKnobs = { latencyMs: 0, chunkDelayMs: 0 };

export class InvalidKnobsError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`invalid simulator knobs: ${problems.join('; ')}`);
    this.name = 'InvalidKnobsError';
    this.problems = problems;
  }
}

const numberKnobNames = [
  'latencyMs',
  'chunkDelayMs',
  'failStatus',
  'failCount',
  'retryAfterS',
  'rateLimitPerSecond',
] as const;
const optionalNumberKnobNames = new Set<string>(['failStatus', 'failCount', 'retryAfterS', 'rateLimitPerSecond']);
const knownKnobNames = new Set<string>([...numberKnobNames, 'drop', 'requiredApiKey', 'malformed', 'toolArguments']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkNumberKnob(name: string, value: number, problems: string[]): void {
  if (!Number.isFinite(value) || value < 0) {
    problems.push(`${name} must be a finite number >= 0`);
  } else if (name === 'failStatus' && (!Number.isInteger(value) || value < 400 || value > 599)) {
    problems.push('failStatus must be an integer HTTP status from 400 to 599');
  } else if ((name === 'failCount' || name === 'rateLimitPerSecond') && !Number.isInteger(value)) {
    problems.push(`${name} must be an integer`);
  }
}

/**
 * Validates a partial knob object received as JSON. `null` clears an optional knob
 * (it becomes `undefined`); unknown names and wrong types are rejected.
 */
export function parseKnobs(input: unknown): Partial<SimulatorKnobs> {
  if (!isRecord(input)) throw new InvalidKnobsError(['knobs must be a JSON object']);
  const problems: string[] = [];
  const knobs: Partial<SimulatorKnobs> = {};
  for (const [name, value] of Object.entries(input)) {
    if (!knownKnobNames.has(name)) {
      problems.push(`unknown knob "${name}"`);
      continue;
    }
    if (value === null || value === undefined) {
      if (
        optionalNumberKnobNames.has(name) ||
        name === 'drop' ||
        name === 'requiredApiKey' ||
        name === 'malformed' ||
        name === 'toolArguments'
      ) {
        Object.assign(knobs, { [name]: undefined });
      } else {
        problems.push(`${name} cannot be cleared`);
      }
      continue;
    }
    if (name === 'drop') {
      if (value === 'before-headers' || value === 'mid-stream') knobs.drop = value;
      else problems.push('drop must be "before-headers" or "mid-stream"');
      continue;
    }
    if (name === 'malformed') {
      const mode = MALFORMED_MODES.find((candidate) => candidate === value);
      if (mode) knobs.malformed = mode;
      else problems.push(`malformed must be one of ${MALFORMED_MODES.map((candidate) => `"${candidate}"`).join(', ')}`);
      continue;
    }
    if (name === 'requiredApiKey' || name === 'toolArguments') {
      if (typeof value === 'string') knobs[name] = value;
      else problems.push(`${name} must be a string`);
      continue;
    }
    if (typeof value !== 'number') {
      problems.push(`${name} must be a number`);
      continue;
    }
    checkNumberKnob(name, value, problems);
    Object.assign(knobs, { [name]: value });
  }
  if (problems.length > 0) throw new InvalidKnobsError(problems);
  return knobs;
}

/** Merges a partial update into the current knobs; keys present with `undefined` clear the knob. */
export function mergeKnobs(current: SimulatorKnobs, update: Partial<SimulatorKnobs>): SimulatorKnobs {
  const merged: SimulatorKnobs = { ...current };
  for (const [name, value] of Object.entries(update)) {
    if (value === undefined) {
      if (name !== 'latencyMs' && name !== 'chunkDelayMs') Reflect.deleteProperty(merged, name);
    } else {
      Object.assign(merged, { [name]: value });
    }
  }
  return merged;
}

/** HTTP statuses for which `retryAfterS` is sent as a `Retry-After` header. */
export function statusCarriesRetryAfter(status: number): boolean {
  return status === 429 || status === 503 || status === 529;
}
