// The shapes of the JSON the dashboard reads (docs/dashboard.md, docs/request-log.md), as far as it reads them.

/** A row of GET /v1/analytics/summary. */
export interface SummaryRow {
  bucket: string;
  group?: string | null;
  /** True on the row adding up the groups beyond the summary's limit. */
  other?: true;
  requests: number;
  errors: number;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
  saved_usd: number;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  cache_hit_rate: number | null;
  cache_hits: number;
  cache_lookups: number;
}

/** One upstream attempt of a logged request. */
export interface Attempt {
  provider: string;
  model: string;
  status: number;
  latency_ms: number;
  error?: string | null;
}

/** A record of GET /v1/logs (bodies only from GET /v1/logs/:id). */
export interface LogRecord {
  id: string;
  created_at: string;
  mode: string;
  status: 'success' | 'error' | 'cached' | 'cancelled';
  http_status: number | null;
  error: string | null;
  provider: string | null;
  served_model: string | null;
  requested_model: string;
  config_id: string | null;
  prompt_id: string | null;
  prompt_version: number | null;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  cost_usd: number;
  saved_usd: number;
  priced: boolean;
  usage_estimated: boolean;
  latency_ms: number;
  ttft_ms: number | null;
  queue_wait_ms: number | null;
  cache: string;
  cache_score: number | null;
  properties: Record<string, string>;
  user_id: string | null;
  session_id: string | null;
  trace_id: string | null;
  attempts: Attempt[];
  request_body?: unknown;
  response_body?: unknown;
  translated_request_body?: unknown;
}

/** A page of the dashboard. */
export interface Page {
  key: 'overview' | 'sessions' | 'users' | 'keys' | 'configs' | 'prompts';
  label: string;
  admin: boolean;
  ranged: boolean;
}

/** A versioned document kind (configs, prompts): see document-kinds.js. */
export interface DocumentKind {
  path: string;
  field: 'config' | 'prompt';
  label: string;
  plural: string;
  starter: unknown;
}

/** A stored version of a config or prompt. */
export interface DocumentVersion {
  id: string;
  version: number;
  created_at: string;
  config?: unknown;
  /** A prompt's template, its default model and its variables' default values. */
  prompt?: { model?: string; variables?: Record<string, string>; [field: string]: unknown };
  /** A prompt version: the names of the variables its template uses. */
  variables?: string[];
  [field: string]: unknown;
}

/** A config or prompt in the list (GET /admin/configs, /admin/prompts): `version` null for sluice.yaml's. */
export interface DocumentEntry {
  id: string;
  version: number | null;
  config?: unknown;
  prompt?: DocumentVersion['prompt'];
  [field: string]: unknown;
}

/** What a page adds under a document's editor (the prompt playground). */
export type DocumentExtra = (panel: { id: string; entry: DocumentEntry; versions: DocumentVersion[] }) => unknown;

/** A virtual key as GET /admin/virtual-keys lists it (never the key itself). */
export interface VirtualKeyView {
  id: string;
  name: string;
  status: string;
  config?: string | null;
  rate_limit?: string | null;
  budget?: { usd: number; period: string; alert_webhook?: unknown; alert_webhook_signed?: boolean } | null;
  key_hint: string;
  created_at: string;
  revoked_at?: string;
}
