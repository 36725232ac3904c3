import { createPostgresDatabase } from '@sluice/database';
import { createScratchPostgres } from '../helpers/scratch-databases';
import { defineBatchStorageSuite } from './batch-storage-suite';

defineBatchStorageSuite({
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
