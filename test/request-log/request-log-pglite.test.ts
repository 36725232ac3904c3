import { createPgliteDatabase } from '@sluice/database';
import { defineRequestLogSuite } from './request-log-suite';
import { createScratchDirectory } from '../helpers/scratch-databases';

defineRequestLogSuite({
  name: 'PGlite',
  async open() {
    const directory = await createScratchDirectory();
    const database = await createPgliteDatabase({ dataDir: directory.path });
    return {
      database,
      async dispose() {
        await database.close();
        await directory.remove();
      },
    };
  },
});
