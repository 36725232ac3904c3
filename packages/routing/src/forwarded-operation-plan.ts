import type { GatewayConfig } from '@sluice/config';
import { InvalidRequestError } from '@sluice/errors';
import { type ChatCompletionRequest, servesForwardedOperation } from '@sluice/providers';
import type { ForwardedOperation, ProviderJob } from '@sluice/queues';

/** A `/v1/completions`, `/v1/moderations` or `/v1/rerank` request as it came, handed to the dispatcher. */
export interface ForwardedSubmission {
  operation: ForwardedOperation;
  /** The body's JSON text as the client sent it. */
  bodyText: string;
  /** The fields Sluice reads (model, stream, stream_options): the job's body when no target needs a translation. */
  envelope: Record<string, unknown>;
  /**
   * The request as a chat request, for targets that do not serve the operation (completions only); it throws the
   * InvalidRequestError naming what chat cannot carry. Absent: such targets are skipped.
   */
  toChat?: () => ChatCompletionRequest;
}

/**
 * Decides per plan what a forwarded job carries (docs/http-api.md). Targets that serve the operation get the request
 * as it came. A completions plan's other targets get its chat translation, so an untranslatable request is refused
 * with a 400 naming the field when the plan has such a target; for moderations and rerank those targets are left out,
 * and a plan with none left is a 400 naming the account that cannot serve it.
 */
export function forwardedOperationPlan(
  config: GatewayConfig,
  job: ProviderJob,
  forwarded: ForwardedSubmission,
): ProviderJob {
  const { operation } = forwarded;
  const serves = (provider: string) => {
    const account = config.providers[provider];
    return account !== undefined && servesForwardedOperation(account, operation);
  };
  const call = { operation, body: forwarded.bodyText };
  const translated = job.plan.find((target) => !serves(target.provider));
  if (translated === undefined)
    return { ...job, kind: operation, body: forwarded.envelope, forwarded: { ...call, loggedAsSent: true } };
  const account = config.providers[translated.provider];
  if (!forwarded.toChat) {
    const plan = job.plan.filter((target) => serves(target.provider));
    if (plan.length === 0)
      throw new InvalidRequestError(
        `/v1/${operation} is not served by provider "${translated.provider}" (type ${account?.type}), where this ` +
          `request is routed; see docs/http-api.md for the accounts that serve it.`,
        { param: 'model', code: 'unsupported_endpoint' },
      );
    return { ...job, plan, kind: operation, body: forwarded.envelope, forwarded: { ...call, loggedAsSent: true } };
  }
  const chat = translatedOrRefused(forwarded.toChat, translated.provider, account?.type);
  const forwards = job.plan.some((target) => serves(target.provider));
  return { ...job, kind: operation, body: chat, forwarded: forwards ? { ...call, loggedAsSent: false } : undefined };
}

function translatedOrRefused(
  toChat: () => ChatCompletionRequest,
  provider: string,
  type: string | undefined,
): ChatCompletionRequest {
  try {
    return toChat();
  } catch (error) {
    if (!(error instanceof InvalidRequestError)) throw error;
    throw new InvalidRequestError(
      `${error.message} This request is routed to "${provider}" (type ${type}), which is sent a chat translation; ` +
        'OpenAI-compatible and Azure OpenAI accounts are sent the request as it came.',
      { param: error.param ?? undefined, code: { relayed: error.code } },
    );
  }
}
