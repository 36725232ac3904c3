import type { GatewayConfig } from '@sluice/config';
import { InvalidRequestError } from '@sluice/errors';
import type { ChatCompletionRequest } from '@sluice/providers';
import type { NativeAnthropicCall, ProviderJobInput } from '@sluice/queues';

/** The canonical (OpenAI-format) form of a `/v1/messages` request, or why there is none. */
export type CanonicalTranslation =
  | {
      ok: true;
      body: ChatCompletionRequest;
      /** Request fields left out of the canonical form (they ask nothing a translated target can honour). */
      omitted: string[];
    }
  | { ok: false; error: InvalidRequestError };

/** A `/v1/messages` request as it came, with its canonical form, handed to the dispatcher. */
export interface NativeAnthropicSubmission {
  call: NativeAnthropicCall;
  /** The body as parsed, logged for a request only Anthropic accounts serve when it has no canonical form. */
  parsed: Record<string, unknown>;
  translation: CanonicalTranslation;
}

/** How a planned `/v1/messages` job goes out. */
export interface ForwardingPlan {
  job: ProviderJobInput;
  /** The canonical form holds the whole request, so the response cache may key on it. */
  cacheable: boolean;
  /** Fields the translated targets of the plan will not receive (x-sluice-omitted-fields). */
  omitted: string[];
}

/**
 * Decides per plan what a `/v1/messages` job carries (docs/anthropic-messages.md): Anthropic targets get the request
 * as it came; any other target needs the canonical form, so a request without one is refused (its 400 names the
 * element) when the plan has such a target. The job's `body` is the canonical form when there is one (the log, the
 * cache key, token estimates), else the body as parsed.
 */
export function forwardingPlan(
  config: GatewayConfig,
  job: ProviderJobInput,
  native: NativeAnthropicSubmission,
): ForwardingPlan {
  const forwarded = job.plan.map((target) => config.providers[target.provider]?.type === 'anthropic');
  const translatedTargets = forwarded.includes(false);
  const { translation } = native;
  if (translatedTargets && !translation.ok) {
    const target = job.plan[forwarded.indexOf(false)];
    const account = target && config.providers[target.provider];
    throw new InvalidRequestError(
      `${translation.error.message} This request is routed to "${target?.provider}" (type ${account?.type}), ` +
        'which is sent a translation; Anthropic accounts are sent the request as it came.',
      { param: translation.error.param ?? undefined, code: translation.error.code },
    );
  }
  return {
    job: {
      ...job,
      body: translation.ok ? translation.body : native.parsed,
      native: forwarded.includes(true) ? native.call : undefined,
    },
    cacheable: translation.ok && translation.omitted.length === 0,
    omitted: translatedTargets && translation.ok ? translation.omitted : [],
  };
}
