import { openScratchPostgres } from '../helpers/scratch-databases';
import { defineRequestLogSuite, MIGRATION_TESTS } from './request-log-suite';

defineRequestLogSuite({ name: 'PostgreSQL', open: () => openScratchPostgres() }, MIGRATION_TESTS);
