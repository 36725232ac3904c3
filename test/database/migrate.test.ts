import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPostgresDatabase, type Migration, MigrationError, migrate, type SqlDatabase } from '@sluice/database';
import { createScratchPostgres, type ScratchPostgres } from '../helpers/scratch-databases';

const MIGRATIONS: Migration[] = [
  { id: 'test/001-create-widgets', sql: 'SELECT pg_sleep(0.3); CREATE TABLE widgets (id int PRIMARY KEY);' },
  { id: 'test/002-add-name', sql: "ALTER TABLE widgets ADD COLUMN name text NOT NULL DEFAULT 'w';" },
];

describe('migrate on PostgreSQL', () => {
  let scratch: ScratchPostgres;
  const opened: SqlDatabase[] = [];
  const open = async () => {
    const database = await createPostgresDatabase({ url: scratch.url });
    opened.push(database);
    return database;
  };

  before(async () => {
    scratch = await createScratchPostgres();
  });
  after(async () => {
    for (const database of opened) await database.close();
    await scratch.drop();
  });

  it('applies each migration once when two processes start at the same moment', async () => {
    const [first, second] = await Promise.all([open(), open()]);
    assert.ok(first && second);
    const applied = await Promise.all([migrate(first, MIGRATIONS), migrate(second, MIGRATIONS)]);
    assert.deepEqual(applied.map((ids) => ids.length).sort(), [0, 2]);
    assert.deepEqual(await migrate(first, MIGRATIONS), []);
    const { rows } = await first.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
    assert.deepEqual(
      rows.map((row) => row.id),
      MIGRATIONS.map((migration) => migration.id),
    );
  });

  it('applies only the new migrations of a later release', async () => {
    const database = await open();
    const next = [...MIGRATIONS, { id: 'test/003-index-name', sql: 'CREATE INDEX widgets_name ON widgets (name);' }];
    assert.deepEqual(await migrate(database, next), ['test/003-index-name']);
  });

  it('rolls the whole run back when a migration fails, naming it', async () => {
    const database = await open();
    const broken = [
      { id: 'test/004-create-gadgets', sql: 'CREATE TABLE gadgets (id int);' },
      { id: 'test/005-broken', sql: 'ALTER TABLE no_such_table ADD COLUMN x int;' },
    ];
    await assert.rejects(migrate(database, broken), (error: unknown) => {
      assert.ok(error instanceof MigrationError);
      assert.equal(error.migrationId, 'test/005-broken');
      return true;
    });
    const { rows } = await database.query("SELECT to_regclass('gadgets') AS gadgets");
    assert.deepEqual(rows, [{ gadgets: null }]);
  });
});
