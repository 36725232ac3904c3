import { openScratchPglite } from '../helpers/scratch-databases';
import { defineRequestLogSuite, MIGRATION_TESTS } from './request-log-suite';

defineRequestLogSuite({ name: 'PGlite', open: () => openScratchPglite() }, MIGRATION_TESTS);
