import type { Migration } from '@sluice/database';
import { ADD_SEARCH_UNITS_SQL } from './add-search-units-sql';
import { ADD_TRANSLATED_REQUEST_BODY_SQL } from './add-translated-request-body-sql';
import { CREATE_REQUEST_LOGS_SQL } from './create-request-logs-sql';
import { INDEX_ANSWER_WORDS_SQL } from './index-answer-words-sql';
import { INDEX_BODY_WORDS_SQL } from './index-body-words-sql';
import { PARTITION_REQUEST_LOGS_SQL } from './partition-request-logs-sql';
import { ROLLUP_HISTOGRAMS_APART_SQL } from './rollup-histograms-apart-sql';
import { ROLLUP_PERCENTILES_SQL } from './rollup-percentiles-sql';
import { ROLLUP_VALUE_INDEX_SQL } from './rollup-value-index-sql';
import { STORE_TRANSLATED_TURNS_ONCE_SQL } from './store-translated-turns-once-sql';
import { STORE_TURNS_ONCE_SQL } from './store-turns-once-sql';

/** The request log's schema: one row per request (SPEC §7), keyed by the request id; see docs/request-log.md. */
export const REQUEST_LOG_MIGRATIONS: readonly Migration[] = [
  { id: 'request-log/001-create-request-logs', sql: CREATE_REQUEST_LOGS_SQL },
  { id: 'request-log/002-partition-by-day-with-rollups', sql: PARTITION_REQUEST_LOGS_SQL },
  { id: 'request-log/003-search-units', sql: ADD_SEARCH_UNITS_SQL },
  { id: 'request-log/004-rollup-percentiles', sql: ROLLUP_PERCENTILES_SQL },
  { id: 'request-log/005-index-body-words', sql: INDEX_BODY_WORDS_SQL },
  { id: 'request-log/006-translated-request-body', sql: ADD_TRANSLATED_REQUEST_BODY_SQL },
  { id: 'request-log/007-rollup-value-index', sql: ROLLUP_VALUE_INDEX_SQL },
  { id: 'request-log/008-rollup-histograms-apart', sql: ROLLUP_HISTOGRAMS_APART_SQL },
  { id: 'request-log/009-store-turns-once', sql: STORE_TURNS_ONCE_SQL },
  { id: 'request-log/010-store-translated-turns-once', sql: STORE_TRANSLATED_TURNS_ONCE_SQL },
  { id: 'request-log/011-index-answer-words', sql: INDEX_ANSWER_WORDS_SQL },
];
