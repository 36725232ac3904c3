import { mayEscapeLetters, replaceTopLevelString } from '@sluice/json-input';
import type { PlannedTarget, ProviderJob } from '@sluice/queues';

/**
 * Whether the text may name a field the OpenAI adapter leaves out (withoutAnthropicFields: `cache_control`,
 * `reasoning_details`), or spell a letter of a key with an escape, which a text search could then not see.
 */
function mayNeedLeavingOut(text: string): boolean {
  return LEFT_OUT_FIELD.test(text) || mayEscapeLetters(text);
}

const LEFT_OUT_FIELD = /cache_control|reasoning_details/;

/**
 * What an OpenAI-dialect account is sent for a chat job that carries the client's text (ProviderJob `bodyText`): that
 * text as it came, with only what the target must change replaced — the model when the target names another, and for
 * a stream that does not ask for its usage, `stream_options.include_usage` (asked for so that cost is exact). Undefined
 * when the target needs more (override_params, a stream's own stream_options, fields to leave out): the parsed body
 * then serves, as for any other job.
 */
export function chatRequestText(job: ProviderJob, target: PlannedTarget): string | undefined {
  const text = job.bodyText;
  if (text === undefined || Object.keys(target.overrideParams).length > 0 || mayNeedLeavingOut(text)) return undefined;
  const streamed = job.stream ? withUsageAsked(text, job.body.stream_options) : text;
  if (streamed === undefined || target.model === job.body.model) return streamed;
  return replaceTopLevelString(streamed, 'model', target.model);
}

function withUsageAsked(text: string, streamOptions: unknown): string | undefined {
  if ((streamOptions as { include_usage?: unknown } | null | undefined)?.include_usage === true) return text;
  if (streamOptions !== undefined) return undefined;
  const open = text.indexOf('{');
  return `${text.slice(0, open + 1)}"stream_options":{"include_usage":true},${text.slice(open + 1)}`;
}
