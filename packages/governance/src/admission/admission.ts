import type { MediaKind, RequestContext } from '@sluice/queues';
import type { EntryDialect, ResolvedConfig } from '@sluice/routing';
import type { RequestGovernance } from '../identity/request-identity';

/** What admission settled for one call, handed down the line: to planning, the cache gate and the request log. */
export interface Admission {
  /** The config the request routes by when one is named: its x-sluice-config, or its virtual key's default config. */
  configHeader: string | undefined;
  /** The routing config, resolved once; undefined when resolving refuses (planning then answers with that 400). */
  resolved: ResolvedConfig | undefined;
  /** The key, the holds' id (when the call holds anything), the stored config's version and the stored prompt. */
  logged: Pick<RequestContext, 'virtualKeyId' | 'admissionId' | 'configVersion' | 'promptId' | 'promptVersion'>;
  /** Gives the holds back at once: the call never reached a provider, or was answered without one. Idempotent. */
  giveBack(): void;
}

/** The body of a request that calls a model, and what its route says about charging it. */
export interface ModelCall {
  body: Record<string, unknown>;
  acceptsPrompt: boolean;
  /** An async job's call (`POST /v1/jobs`), which may wait in its queue far longer than a sync request. */
  async: boolean;
  /** The call generates output (every model call but embeddings, moderations and rerank), which budgets reserve. */
  generates: boolean;
  /** An images or audio call, whose cost is estimated per image or character rather than per token. */
  media?: MediaKind;
  /** A token count: authorized and routed like a call, never charged. */
  counts?: true;
}

/** A request's headers, as node gives them. */
export type RequestHeaders = Record<string, string | string[] | undefined>;

/** A call to admit, read off its request: who sent it, what it calls, in which dialect, and its headers. */
export interface CallToAdmit {
  /** Who authentication found; undefined on a gateway without governance. */
  governance: RequestGovernance | undefined;
  /** The model call in the body; undefined when the body is no JSON object (the route refuses it). */
  call: ModelCall | undefined;
  dialect: EntryDialect;
  headers: RequestHeaders;
  /** Writes a response header (the RateLimit fields, Retry-After). */
  setHeader(name: string, value: string): void;
}

/** Admits a call once its body is read, or throws the refusal (403, 429, 402). */
export type Admit = (call: CallToAdmit) => Promise<Admission>;
