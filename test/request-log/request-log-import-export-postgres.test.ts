import { openScratchPostgres } from '../helpers/scratch-databases';
import { defineRequestLogSuite, IMPORT_EXPORT_TESTS } from './request-log-suite';

defineRequestLogSuite({ name: 'PostgreSQL', open: () => openScratchPostgres() }, IMPORT_EXPORT_TESTS);
