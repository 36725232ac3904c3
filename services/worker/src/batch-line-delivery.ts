import { type BatchResultPublisher, type BatchStopMarks, failedResponseLine, responseLine } from '@sluice/batches';
import type { JobDelivery } from './job-delivery';
import { usageOfBody } from './usage-of-body';

/**
 * Batch lines: each outcome becomes the line's output-file line (or error-file line) on the stream the batch
 * runners store. A line of a batch that was cancelled or expired is skipped before any call.
 */
export function batchLineDelivery(results: BatchResultPublisher, stops: BatchStopMarks): JobDelivery {
  return {
    async started(job) {
      if (job.batchLine === undefined) return 'skip';
      return (await stops.isStopped(job.batchLine.batchId)) ? 'skip' : 'run';
    },
    // Batch lines are never streamed: `stream: true` fails the line's validation.
    async streamStarted() {},
    async chunks() {},
    async streamEnded() {},
    async succeeded(job, result) {
      if (job.batchLine === undefined) return;
      const { batchId, line, customId } = job.batchLine;
      const usage = usageOfBody(result.body);
      await results.publish({
        batchId,
        line,
        ok: true,
        output: responseLine({ customId, requestId: job.requestId, statusCode: 200, body: result.body }),
        inputTokens: usage?.prompt_tokens ?? 0,
        outputTokens: usage?.completion_tokens ?? 0,
      });
    },
    async failed(job, error) {
      if (job.batchLine === undefined) return;
      const { batchId, line, customId } = job.batchLine;
      const output = failedResponseLine({
        customId,
        requestId: job.requestId,
        statusCode: error.status,
        error: error.toOpenAIError(),
      });
      await results.publish({ batchId, line, ok: false, output, inputTokens: 0, outputTokens: 0 });
    },
  };
}
