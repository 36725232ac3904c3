import { RECORD_COLUMNS } from '../request-log-columns-sql';

/** The CSV export's columns, in order: every field of the record but the bodies (docs/request-log.md). */
export const CSV_EXPORT_COLUMNS = RECORD_COLUMNS;
