import { after, before } from 'node:test';
import { createScratchPostgres, type ScratchPostgres } from '../helpers/scratch-databases';
import { defineLogApiSuite } from './observability-log-api-suite';

let scratch: ScratchPostgres;
before(async () => {
  scratch = await createScratchPostgres();
});
after(async () => scratch?.drop());

defineLogApiSuite('PostgreSQL', () => ({ DATABASE_URL: scratch.url }));
