import { createPgliteDatabase, createPostgresDatabase, migrate, type SqlDatabase } from '@sluice/database';
import type { CompletionEvent } from '@sluice/queues';
import { REQUEST_LOG_MIGRATIONS, RequestLogReader, RequestLogWriter } from '@sluice/request-log';
import { createScratchDirectory, createScratchPostgres } from '../test/helpers/scratch-databases';
import { makeCompletionEvent } from '../test/request-log/completion-event-factory';
import { agentConversationBody } from './agent-traffic-bench';

const BATCH_SIZE = 100;
const AGENT_BODY = JSON.parse(agentConversationBody()) as {
  model: string;
  messages: { role: string; content: string }[];
};

/** Agent traffic (docs #17): each request a 45 KB, 48-turn conversation with its own last question and a short answer. */
function agentBatch(label: string): CompletionEvent[] {
  return Array.from({ length: BATCH_SIZE }, (_, index) => {
    const id = `${label}_${index}_${Math.random().toString(36).slice(2, 10)}`;
    return makeCompletionEvent({
      id,
      created_at: new Date(Date.now() - Math.random() * 3_600_000).toISOString(),
      request_body: { ...AGENT_BODY, messages: [...AGENT_BODY.messages, { role: 'user', content: `Now fix ${id}.` }] },
      response_body: {
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content: `Fixed ${id} on line ${index}.` } }],
      },
    });
  });
}

/** A migrated request log, with or without the body-words index (dropped after migrating). */
async function logDatabase(database: SqlDatabase, indexed: boolean): Promise<RequestLogWriter> {
  await migrate(database, REQUEST_LOG_MIGRATIONS);
  if (!indexed) await database.exec('DROP INDEX request_log_bodies_words');
  const writer = new RequestLogWriter({ database, estimateMissingUsage: false });
  await writer.writeBatch(agentBatch('warmup'));
  return writer;
}

/**
 * Rows per second written to two logs in one run, batches alternating between them so both see the same machine:
 * one with the body-words index, one without.
 */
async function measure(
  open: () => Promise<{ database: SqlDatabase; dispose(): Promise<void> }>,
  rounds: number,
): Promise<{ with: number; without: number; searchMs: number }> {
  const indexed = await open();
  const plain = await open();
  try {
    const writers = {
      with: await logDatabase(indexed.database, true),
      without: await logDatabase(plain.database, false),
    };
    const seconds = { with: 0, without: 0 };
    for (let round = 0; round < rounds; round += 1) {
      const order = round % 2 === 0 ? (['with', 'without'] as const) : (['without', 'with'] as const);
      for (const which of order) {
        const batch = agentBatch(`${which}${round}`);
        const started = performance.now();
        await writers[which].writeBatch(batch);
        seconds[which] += (performance.now() - started) / 1000;
      }
    }
    const reader = new RequestLogReader({ database: indexed.database });
    const timings: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const started = performance.now();
      await reader.list({ search: `with${rounds - 1}_${attempt}`, limit: 50 });
      timings.push(performance.now() - started);
    }
    timings.sort((a, b) => a - b);
    const rows = rounds * BATCH_SIZE;
    return {
      with: Math.round(rows / seconds.with),
      without: Math.round(rows / seconds.without),
      searchMs: Math.round((timings[2] ?? 0) * 10) / 10,
    };
  } finally {
    await indexed.dispose();
    await plain.dispose();
  }
}

async function openPostgres(): Promise<{ database: SqlDatabase; dispose(): Promise<void> }> {
  const scratch = await createScratchPostgres('sluice_bench');
  const database = await createPostgresDatabase({ url: scratch.url });
  return {
    database,
    async dispose() {
      await database.close();
      await scratch.drop();
    },
  };
}

async function openPglite(): Promise<{ database: SqlDatabase; dispose(): Promise<void> }> {
  const directory = await createScratchDirectory('sluice-bench-');
  const database = await createPgliteDatabase({ dataDir: directory.path });
  return {
    database,
    async dispose() {
      await database.close();
      await directory.remove();
    },
  };
}

/**
 * The write cost of the body-words index (GET /v1/logs?search=) on agent traffic: 45 KB request bodies written in
 * batches of 100 by one writer, with and without the index in the same run, on PostgreSQL and PGlite; and one
 * search's latency (median of 5) over those rows.
 */
export async function runBodySearchIndexBench(): Promise<Record<string, number>> {
  const postgres = await measure(openPostgres, 12);
  const pglite = await measure(openPglite, 6);
  return {
    postgres_rows_per_s_without_index: postgres.without,
    postgres_rows_per_s_with_index: postgres.with,
    postgres_search_ms: postgres.searchMs,
    pglite_rows_per_s_without_index: pglite.without,
    pglite_rows_per_s_with_index: pglite.with,
    pglite_search_ms: pglite.searchMs,
  };
}
