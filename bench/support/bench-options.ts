export interface BenchOptions {
  /** Shorter runs and smaller bursts: a smoke check of the harness, not figures to record. */
  quick: boolean;
  /** Also profile Sluice's CPU (`--cpu-prof`) during an extra 64-connection run. */
  profile: boolean;
}

/** The small chat completion every load scenario sends. */
export const CHAT_BODY = JSON.stringify({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Say hello in one word.' }],
  max_tokens: 16,
});

export const PROVIDER_KEY = 'sk-bench-provider-key';
