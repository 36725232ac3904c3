import type { ProviderJob } from './provider-job';

/** The fields of a chat request that Sluice itself reads once it is queued (routing has already read the rest). */
const CHAT_ENVELOPE_FIELDS = ['model', 'stream', 'stream_options', 'max_tokens', 'max_completion_tokens'] as const;

/**
 * A job that carries its canonical body as JSON text (ProviderJob `bodyText`: the client's, or a translation's): the
 * text once, and beside it only the fields Sluice reads, so the request's bytes are not queued twice nor re-serialised.
 */
export function withBodyText(job: ProviderJob, bodyText: string): ProviderJob {
  const envelope: Record<string, unknown> = {};
  for (const field of CHAT_ENVELOPE_FIELDS) if (job.body[field] !== undefined) envelope[field] = job.body[field];
  return { ...job, body: envelope, bodyText };
}

/** The job's canonical request body: its `body`, or its text (`bodyText`) parsed, which `body` only outlines. */
export function canonicalBodyOf(job: Pick<ProviderJob, 'body' | 'bodyText'>): Record<string, unknown> {
  return job.bodyText === undefined ? job.body : (JSON.parse(job.bodyText) as Record<string, unknown>);
}
