/** One line about a failed Qdrant call, for logs: the HTTP status and Qdrant's error, or the network error. */
export function describeQdrantFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const detail = error as Error & { status?: unknown; data?: unknown; cause?: unknown };
  if (typeof detail.status === 'number') {
    const reason = qdrantErrorText(detail.data);
    return `HTTP ${detail.status}${reason ? `: ${reason}` : ''}`;
  }
  const cause = detail.cause instanceof Error ? ` (${detail.cause.message})` : '';
  return `${error.name}: ${error.message.split('\n')[0]}${cause}`;
}

function qdrantErrorText(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const status = (data as { status?: unknown }).status;
  if (typeof status === 'object' && status !== null && typeof (status as { error?: unknown }).error === 'string') {
    return (status as { error: string }).error;
  }
  return undefined;
}
