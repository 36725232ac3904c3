import { after, before, beforeEach, describe } from 'node:test';
import { migrate, type SqlDatabase } from '@sluice/database';
import { REQUEST_LOG_MIGRATIONS } from '@sluice/request-log';
import { defineImportExportTests } from './import-export-tests';
import { defineListTests } from './list-tests';
import { defineMigrationTests } from './migration-tests';
import { defineRetentionTests } from './retention-tests';
import { defineRollupTests } from './rollup-tests';
import { defineScopeTests } from './scope-tests';
import { defineSearchTests } from './search-tests';
import { defineSummaryTests } from './summary-tests';
import { defineTurnStorageTests } from './turn-storage-tests';
import { defineWriterTests } from './writer-tests';

/** A database the suite runs on, and how to dispose of it afterwards. */
export interface SuiteBackend {
  name: string;
  open(): Promise<{ database: SqlDatabase; dispose(): Promise<void> }>;
}

/** Gives the tests the database opened in the `before` hook. */
export interface SuiteContext {
  readonly database: SqlDatabase;
  /** Another, empty database of the same kind (no migrations applied), for tests of the schema itself. */
  openEmpty(): Promise<{ database: SqlDatabase; dispose(): Promise<void> }>;
}

/** The core tests: writing, listing, searching and summarising, and what a key's scope lets it read. */
export const CORE_TESTS = [
  defineWriterTests,
  defineListTests,
  defineSummaryTests,
  defineScopeTests,
  defineSearchTests,
  defineTurnStorageTests,
];
/** The scale tests (docs/request-log.md): rollups and retention. */
export const ROLLUP_TESTS = [defineRollupTests, defineRetentionTests];
/** The partitioning migration (opens a second database). */
export const MIGRATION_TESTS = [defineMigrationTests];
/** Import and export (the round trip opens a second database). */
export const IMPORT_EXPORT_TESTS = [defineImportExportTests];

/** A request-log suite: the same tests, run against each backend (one file per part keeps each file short). */
export function defineRequestLogSuite(
  backend: SuiteBackend,
  tests: readonly ((context: SuiteContext) => void)[] = CORE_TESTS,
): void {
  describe(`request log on ${backend.name}`, () => {
    let opened: { database: SqlDatabase; dispose(): Promise<void> } | undefined;
    const context: SuiteContext = {
      get database() {
        if (opened === undefined) throw new Error('the suite database is not open');
        return opened.database;
      },
      openEmpty: () => backend.open(),
    };

    before(async () => {
      opened = await backend.open();
      await migrate(opened.database, REQUEST_LOG_MIGRATIONS);
    });
    beforeEach(async () => {
      await context.database.exec(
        'TRUNCATE request_logs, request_log_bodies, request_log_turns, request_log_rollups, request_log_rollup_histograms',
      );
    });
    after(async () => {
      await opened?.dispose();
    });

    for (const define of tests) define(context);
  });
}
