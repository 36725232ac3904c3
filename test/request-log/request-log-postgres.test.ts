import { createPostgresDatabase } from '@sluice/database';
import { defineRequestLogSuite } from './request-log-suite';
import { createScratchPostgres } from '../helpers/scratch-databases';

defineRequestLogSuite({
  name: 'PostgreSQL',
  async open() {
    const scratch = await createScratchPostgres();
    const database = await createPostgresDatabase({ url: scratch.url });
    return {
      database,
      async dispose() {
        await database.close();
        await scratch.drop();
      },
    };
  },
});
