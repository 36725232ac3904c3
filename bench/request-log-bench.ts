import { createPgliteDatabase, createPostgresDatabase, migrate, type SqlDatabase } from '@sluice/database';
import type { CompletionEvent } from '@sluice/queues';
import { REQUEST_LOG_MIGRATIONS, RequestLogWriter } from '@sluice/request-log';
import { createScratchDirectory, createScratchPostgres } from '../test/helpers/scratch-databases';
import { makeCompletionEvent } from '../test/request-log/completion-event-factory';

const BATCH_SIZE = 500;

/** Realistic events: properties, metadata, two attempts and small bodies, spread over a day. */
function makeBatch(batch: number): CompletionEvent[] {
  return Array.from({ length: BATCH_SIZE }, (_, index) =>
    makeCompletionEvent({
      id: `bench_${batch}_${index}_${Math.random().toString(36).slice(2, 10)}`,
      created_at: new Date(Date.now() - Math.random() * 86_400_000).toISOString(),
      properties: { team: index % 2 === 0 ? 'search' : 'ads', env: 'prod' },
      metadata: { plan: 'paid' },
      user_id: `user_${index % 50}`,
      cached_tokens: index % 3 === 0 ? 64 : 0,
      attempts: [
        { provider: 'openai', model: 'gpt-4o-mini', status: 429, latency_ms: 20, error: 'rate limited' },
        { provider: 'openai', model: 'gpt-4o-mini', status: 200, latency_ms: 140 },
      ],
      request_body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `question ${index}` }] },
      response_body: { id: `chatcmpl-${index}`, choices: [{ message: { role: 'assistant', content: 'answer' } }] },
    }),
  );
}

/** Inserts `batches` batches of 500 after one warm-up batch; events per second. */
async function measureInserts(database: SqlDatabase, batches: number): Promise<number> {
  await migrate(database, REQUEST_LOG_MIGRATIONS);
  const writer = new RequestLogWriter({ database });
  await writer.writeBatch(makeBatch(-1));
  const prepared = Array.from({ length: batches }, (_, batch) => makeBatch(batch));
  const started = performance.now();
  for (const batch of prepared) await writer.writeBatch(batch);
  const seconds = (performance.now() - started) / 1000;
  return Math.round((batches * BATCH_SIZE) / seconds);
}

/**
 * Request-log insert throughput (events/s, batches of 500, one writer) on PostgreSQL (a scratch database on
 * 127.0.0.1:5432) and on embedded PGlite (a temporary directory).
 */
export async function runRequestLogBench(): Promise<Record<string, number>> {
  const scratch = await createScratchPostgres('sluice_bench');
  let postgresRate: number;
  try {
    const database = await createPostgresDatabase({ url: scratch.url });
    try {
      postgresRate = await measureInserts(database, 40);
    } finally {
      await database.close();
    }
  } finally {
    await scratch.drop();
  }
  const directory = await createScratchDirectory('sluice-bench-');
  let pgliteRate: number;
  try {
    const database = await createPgliteDatabase({ dataDir: directory.path });
    try {
      pgliteRate = await measureInserts(database, 20);
    } finally {
      await database.close();
    }
  } finally {
    await directory.remove();
  }
  return {
    request_log_insert_postgres_events_per_s: postgresRate,
    request_log_insert_pglite_events_per_s: pgliteRate,
  };
}
