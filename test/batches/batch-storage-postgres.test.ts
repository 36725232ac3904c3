import { openScratchPostgres } from '../helpers/scratch-databases';
import { defineBatchStorageSuite } from './batch-storage-suite';

defineBatchStorageSuite({ name: 'PostgreSQL', open: () => openScratchPostgres() });
