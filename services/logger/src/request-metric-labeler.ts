import { configuredModelNames, type GatewayConfig } from '@sluice/config';
import type { Attempt, AttemptMetricLabels, RequestMetricSample } from '@sluice/queues';
import { BUILT_IN_PRICES, modelNameCandidates, type StoredRequest } from '@sluice/request-log';

const ATTEMPT_OUTCOMES = new Set(['timeout', 'network', 'cancelled', 'circuit-open', 'internal']);

/**
 * Turns stored requests into metric samples whose labels stay bounded whatever the traffic: providers are the
 * configured accounts (`none` when no provider was reached), models are names the config or the pricing table
 * knows — a dated snapshot counts as its base model — and anything else is `other`.
 */
export class RequestMetricLabeler {
  private readonly providers: Set<string>;
  private readonly configuredModels: Set<string>;
  private readonly knownModels: Set<string>;

  constructor(config: GatewayConfig) {
    this.providers = new Set(Object.keys(config.providers));
    this.configuredModels = configuredModelNames(config);
    this.knownModels = new Set(
      [...this.configuredModels, ...Object.keys(BUILT_IN_PRICES)].map((name) => name.toLowerCase()),
    );
  }

  sample({ event, computed }: StoredRequest): RequestMetricSample {
    const lastAttempt = event.attempts[event.attempts.length - 1];
    return {
      labels: {
        provider: this.provider(event.provider ?? lastAttempt?.provider ?? null),
        model: this.model(event.served_model ?? lastAttempt?.model ?? event.requested_model),
        status: event.status,
        cache: event.cache,
      },
      latencyMs: event.latency_ms,
      ttftMs: event.ttft_ms,
      queueWaitMs: event.queue_wait_ms,
      promptTokens: computed.prompt_tokens,
      completionTokens: computed.completion_tokens,
      cachedTokens: event.cached_tokens,
      costUsd: computed.cost_usd,
      savedUsd: computed.saved_usd,
      attempts: event.attempts.map((attempt) => this.attempt(attempt)),
    };
  }

  provider(provider: string | null): string {
    if (provider === null) return 'none';
    return this.providers.has(provider) ? provider : 'other';
  }

  model(model: string): string {
    if (this.configuredModels.has(model)) return model;
    return modelNameCandidates(model).find((name) => this.knownModels.has(name)) ?? 'other';
  }

  private attempt(attempt: Attempt): AttemptMetricLabels {
    const { status } = attempt;
    const outcome =
      typeof status === 'number'
        ? Number.isInteger(status) && status >= 100 && status <= 599
          ? String(status)
          : 'other'
        : ATTEMPT_OUTCOMES.has(status)
          ? status
          : 'other';
    return { provider: this.provider(attempt.provider), model: this.model(attempt.model), outcome };
  }
}
