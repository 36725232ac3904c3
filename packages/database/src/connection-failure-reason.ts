/**
 * The short reason a connection failed. Node reports a refused `localhost` (tried on ::1 and 127.0.0.1)
 * as an AggregateError with an empty message, so the first inner error speaks for it.
 */
export function connectionFailureReason(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') {
    const [first] = error.errors;
    if (first !== undefined) return connectionFailureReason(first);
  }
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    const text = error.message.trim();
    if (text !== '') return oneLine(text);
    if (typeof code === 'string') return code;
  }
  return 'unknown error';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ');
}
