import { createPgliteDatabase } from '@sluice/database';
import { createScratchDirectory } from '../helpers/scratch-databases';
import { defineBatchStorageSuite } from './batch-storage-suite';

defineBatchStorageSuite({
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
