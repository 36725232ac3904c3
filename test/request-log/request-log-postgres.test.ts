import { openScratchPostgres } from '../helpers/scratch-databases';
import { defineRequestLogSuite } from './request-log-suite';

defineRequestLogSuite({ name: 'PostgreSQL', open: () => openScratchPostgres() });
