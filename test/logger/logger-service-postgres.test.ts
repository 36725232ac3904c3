import { createPostgresDatabase, migrate } from '@sluice/database';
import { REQUEST_LOG_MIGRATIONS } from '@sluice/request-log';
import { createScratchPostgres } from '../helpers/scratch-databases';
import { defineLoggerServiceSuite } from './logger-service-suite';

defineLoggerServiceSuite({
  name: 'PostgreSQL',
  async open() {
    const scratch = await createScratchPostgres();
    const database = await createPostgresDatabase({ url: scratch.url });
    await migrate(database, REQUEST_LOG_MIGRATIONS);
    return {
      database,
      async dispose() {
        await database.close();
        await scratch.drop();
      },
    };
  },
});
