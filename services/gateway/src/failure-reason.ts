import { SluiceError } from '@sluice/errors';

/** The one line a failed start prints: a Sluice error's message, or any other error's. */
export function failureReason(error: unknown): string {
  if (error instanceof SluiceError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
