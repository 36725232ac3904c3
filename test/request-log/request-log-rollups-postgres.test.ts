import { openScratchPostgres } from '../helpers/scratch-databases';
import { defineRequestLogSuite, ROLLUP_TESTS } from './request-log-suite';

defineRequestLogSuite({ name: 'PostgreSQL', open: () => openScratchPostgres() }, ROLLUP_TESTS);
