import { openScratchPglite } from '../helpers/scratch-databases';
import { defineRequestLogSuite, IMPORT_EXPORT_TESTS } from './request-log-suite';

defineRequestLogSuite({ name: 'PGlite', open: () => openScratchPglite() }, IMPORT_EXPORT_TESTS);
