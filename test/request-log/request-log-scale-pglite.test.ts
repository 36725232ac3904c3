import { openScratchPglite } from '../helpers/scratch-databases';
import { defineRequestLogSuite, SCALE_TESTS } from './request-log-suite';

defineRequestLogSuite({ name: 'PGlite', open: () => openScratchPglite() }, SCALE_TESTS);
