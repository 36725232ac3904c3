import type { GatewayConfig } from '@sluice/config';
import { InvalidRequestError } from '@sluice/errors';
import type { ChatCompletionRequest, EmbeddingsRequest } from '@sluice/providers';
import type { NativeCall, ProviderJob } from '@sluice/queues';

/** The canonical (OpenAI-format) form of a request in a provider's dialect, or why there is none. */
export type CanonicalTranslation =
  | {
      ok: true;
      /** A chat request (or, for Gemini's embedding methods, an embeddings request). */
      body: ChatCompletionRequest | EmbeddingsRequest;
      /** Request fields left out of the canonical form (they ask nothing a translated target can honour). */
      omitted: string[];
    }
  | { ok: false; error: InvalidRequestError };

/** A request in Anthropic's or Gemini's dialect as it came, handed to the dispatcher. */
export interface NativeSubmission {
  call: NativeCall;
  /** The body as parsed (Gemini's: the model and stream its path names); Sluice reads model, max_tokens and stream. */
  parsed: Record<string, unknown>;
  /** Its canonical form, made only when a target needs it (at most once). */
  translate(): CanonicalTranslation;
}

/** How a planned job in a provider's dialect goes out. */
export interface ForwardingPlan {
  job: ProviderJob;
  /**
   * The response cache may take it: keyed as it came when the plan forwards it to accounts of its dialect
   * (`cachedAsSent`), otherwise on the canonical form, when that holds the whole request.
   */
  cacheable: boolean;
  cachedAsSent: boolean;
  /** Fields the translated targets of the plan will not receive (x-sluice-omitted-fields). */
  omitted: string[];
}

/**
 * Decides per plan what a job in a provider's dialect carries (docs/anthropic-messages.md, docs/gemini-api.md):
 * accounts of that provider type get the request as it came; any other target needs the canonical form, so a request
 * without one is refused (its 400 names the element) when the plan has such a target. The canonical form is made only
 * when a target needs it; the job's `body` is then that form, else only the fields Sluice reads (the log then records
 * the body as sent).
 */
export function forwardingPlan(config: GatewayConfig, job: ProviderJob, native: NativeSubmission): ForwardingPlan {
  const dialect = native.call.dialect;
  const forwarded = job.plan.map((target) => config.providers[target.provider]?.type === dialect);
  const translatedTargets = forwarded.includes(false);
  const translation = translatedTargets ? native.translate() : undefined;
  if (translatedTargets && translation?.ok === false) {
    const target = job.plan[forwarded.indexOf(false)];
    const account = target && config.providers[target.provider];
    throw new InvalidRequestError(
      `${translation.error.message} This request is routed to "${target?.provider}" (type ${account?.type}), ` +
        `which is sent a translation; ${DIALECT_NAMES[dialect]} accounts are sent the request as it came.`,
      { param: translation.error.param ?? undefined, code: { relayed: translation.error.code } },
    );
  }
  // The request's bytes travel once: a job whose targets all get them as sent carries no canonical copy beside them.
  // The request as sent travels when a target gets it or the log keeps it (the client's own dialect).
  const canonical = translation?.ok ? translation.body : undefined;
  const forwards = forwarded.includes(true);
  const logsBodies = config.logging.bodies && job.context.omitBodies !== true;
  return {
    job: {
      ...job,
      body: canonical ?? envelopeOf(native.parsed),
      native: forwards || logsBodies ? { ...native.call, loggedAsSent: canonical === undefined } : undefined,
    },
    cacheable: forwards || (translation?.ok === true && translation.omitted.length === 0),
    cachedAsSent: forwards,
    omitted: translatedTargets && translation?.ok ? translation.omitted : [],
  };
}

const DIALECT_NAMES: Record<NativeCall['dialect'], string> = { anthropic: 'Anthropic', gemini: 'Gemini' };

/** The fields Sluice itself reads of a forwarded body, those it has. */
function envelopeOf(parsed: Record<string, unknown>): Record<string, unknown> {
  const { model, max_tokens, stream } = parsed;
  return Object.fromEntries(Object.entries({ model, max_tokens, stream }).filter(([, value]) => value !== undefined));
}
