import { openScratchPglite } from '../helpers/scratch-databases';
import { defineRequestLogSuite } from './request-log-suite';

defineRequestLogSuite({ name: 'PGlite', open: () => openScratchPglite() });
