import type { RedisClient } from '@sluice/queues';
import { StreamGroupConsumer } from '@sluice/queues';
import { type BatchLineResult, BatchLineResultSchema, batchResultsStream } from './batch-result-stream';

export interface BatchResultConsumerOptions {
  redis: RedisClient;
  batchKeys: string;
  consumer: string;
  handle(results: BatchLineResult[]): Promise<void>;
  onError(error: unknown): void;
  batchSize?: number;
  /** Results a dead runner read but never acknowledged are claimed again after this long. */
  reclaimAfterMs?: number;
}

const GROUP = 'batches';

/**
 * Reads line results through one consumer group shared by every batch runner process: each result is handled by
 * one runner, at least once, and acknowledged (then deleted) only after `handle` stored it.
 */
export class BatchResultConsumer {
  private readonly consumer: StreamGroupConsumer<BatchLineResult>;

  constructor(options: BatchResultConsumerOptions) {
    this.consumer = new StreamGroupConsumer({
      redis: options.redis,
      stream: batchResultsStream(options.batchKeys),
      group: GROUP,
      consumer: options.consumer,
      batchSize: options.batchSize,
      reclaimAfterMs: options.reclaimAfterMs ?? 30_000,
      lingerMs: 0,
      deleteAcknowledged: true,
      decode: (fields) => BatchLineResultSchema.parse(JSON.parse(String(fields[1] ?? 'null'))),
      handle: (values) => options.handle(values.map(({ value }) => value)),
      onError: options.onError,
    });
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }
}
