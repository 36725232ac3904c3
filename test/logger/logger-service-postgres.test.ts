import { GOVERNANCE_MIGRATIONS } from '@sluice/governance';
import { REQUEST_LOG_MIGRATIONS } from '@sluice/request-log';
import { RESPONSES_MIGRATIONS } from '@sluice/responses';
import { openScratchPostgres } from '../helpers/scratch-databases';
import { defineLoggerServiceSuite } from './logger-service-suite';

defineLoggerServiceSuite({
  name: 'PostgreSQL',
  open: () => openScratchPostgres([...REQUEST_LOG_MIGRATIONS, ...RESPONSES_MIGRATIONS, ...GOVERNANCE_MIGRATIONS]),
});
