import { GOVERNANCE_MIGRATIONS } from '@sluice/governance';
import { REQUEST_LOG_MIGRATIONS } from '@sluice/request-log';
import { RESPONSES_MIGRATIONS } from '@sluice/responses';
import { openScratchPglite } from '../helpers/scratch-databases';
import { defineLoggerServiceSuite } from './logger-service-suite';

defineLoggerServiceSuite({
  name: 'PGlite',
  open: () => openScratchPglite([...REQUEST_LOG_MIGRATIONS, ...RESPONSES_MIGRATIONS, ...GOVERNANCE_MIGRATIONS]),
});
