/** Google's canonical status names for the HTTP statuses Sluice answers with. */
const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  402: 'RESOURCE_EXHAUSTED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  413: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

export interface GeminiErrorBody {
  error: {
    code: number;
    message: string;
    status: string;
    /** Sluice's stable error code, as Google's ErrorInfo carries a reason. */
    details: { '@type': string; reason: string; domain: string }[];
  };
}

/** Any failure in Gemini's error shape, `{error: {code, message, status}}`, Sluice's code as its ErrorInfo reason. */
export function toGeminiErrorBody(status: number, message: string, code: string): GeminiErrorBody {
  return {
    error: {
      code: status,
      message,
      status: STATUS_NAMES[status] ?? (status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION'),
      details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: code, domain: 'sluice' }],
    },
  };
}
