import { SluiceError } from '@sluice/errors';

/** A schema migration failed; nothing of the run was applied. */
export class MigrationError extends SluiceError {
  readonly migrationId: string;

  constructor(migrationId: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super({
      message: `Database migration ${migrationId} failed: ${reason}`,
      code: 'migration_failed',
      status: 500,
      type: 'api_error',
      cause,
    });
    this.migrationId = migrationId;
  }
}
