import { randomBytes } from 'node:crypto';
import type { OpenAIErrorBody } from '@sluice/errors';

/** A line of a batch's output or error file, in OpenAI's format; `body` is the provider's JSON text, on one line. */
export function responseLine(options: {
  customId: string;
  requestId: string;
  statusCode: number;
  body: string;
}): string {
  return JSON.stringify({
    id: batchRequestId(),
    custom_id: options.customId,
    response: { status_code: options.statusCode, request_id: options.requestId, body: parsedBody(options.body) },
    error: null,
  });
}

/** An error-file line for a request that failed upstream: the response is the error, as OpenAI writes it. */
export function failedResponseLine(options: {
  customId: string;
  requestId: string;
  statusCode: number;
  error: OpenAIErrorBody;
}): string {
  return responseLine({ ...options, body: JSON.stringify(options.error) });
}

/** An error-file line for a line that never ran (invalid, or its routing failed). */
export function errorLine(options: { customId: string | null; code: string; message: string }): string {
  return JSON.stringify({
    id: batchRequestId(),
    custom_id: options.customId,
    response: null,
    error: { code: options.code, message: options.message },
  });
}

function batchRequestId(): string {
  return `batch_req_${randomBytes(12).toString('hex')}`;
}

function parsedBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
