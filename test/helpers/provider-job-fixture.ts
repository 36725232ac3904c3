import { type ProviderJob, type ProviderJobInput, ProviderJobSchema } from '@sluice/queues';

/** A sync chat job for gpt-4o-mini on one `openai` target, with the given fields replaced. */
export function oneTargetJob(overrides: Partial<ProviderJobInput> = {}): ProviderJob {
  return ProviderJobSchema.parse({
    requestId: 'req_1',
    mode: 'sync',
    kind: 'chat',
    stream: false,
    body: {},
    plan: [
      {
        provider: 'openai',
        model: 'gpt-4o-mini',
        retry: { attempts: 1, onStatus: [], backoffMs: 0 },
        fallbackOn: [],
        timeoutMs: 1000,
      },
    ],
    step: 0,
    attempts: [],
    receivedAt: 0,
    enqueuedAt: 0,
    deadlineAt: 1,
    context: { requestedModel: 'gpt-4o-mini' },
    ...overrides,
  });
}
