import { openScratchPglite } from '../helpers/scratch-databases';
import { defineBatchStorageSuite } from './batch-storage-suite';

defineBatchStorageSuite({ name: 'PGlite', open: () => openScratchPglite() });
