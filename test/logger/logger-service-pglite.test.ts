import { createPgliteDatabase, migrate } from '@sluice/database';
import { REQUEST_LOG_MIGRATIONS } from '@sluice/request-log';
import { createScratchDirectory } from '../helpers/scratch-databases';
import { defineLoggerServiceSuite } from './logger-service-suite';

defineLoggerServiceSuite({
  name: 'PGlite',
  async open() {
    const directory = await createScratchDirectory();
    const database = await createPgliteDatabase({ dataDir: directory.path });
    await migrate(database, REQUEST_LOG_MIGRATIONS);
    return {
      database,
      async dispose() {
        await database.close();
        await directory.remove();
      },
    };
  },
});
