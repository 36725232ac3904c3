import { openScratchPostgres } from '../helpers/scratch-databases';
import { defineRequestLogSuite, SCALE_TESTS } from './request-log-suite';

defineRequestLogSuite({ name: 'PostgreSQL', open: () => openScratchPostgres() }, SCALE_TESTS);
