import { defineLogApiSuite } from './observability-log-api-suite';

defineLogApiSuite('embedded PGlite', () => ({}));
