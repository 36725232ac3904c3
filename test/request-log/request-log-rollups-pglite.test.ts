import { openScratchPglite } from '../helpers/scratch-databases';
import { defineRequestLogSuite, ROLLUP_TESTS } from './request-log-suite';

defineRequestLogSuite({ name: 'PGlite', open: () => openScratchPglite() }, ROLLUP_TESTS);
