import type { Problem } from '../contracts/index.js';

/** The historian's coded conditions (ST_ERR_<AREA>_<WHAT>, docs/architecture.md §5). */
export const HISTORIAN_PROBLEM_CODES = {
  ST_ERR_HISTORIAN_SCHEMA_NEWER: 'The historian database was written by a newer SafeTwin (its schema version is higher than this build knows); it is left untouched',
  ST_ERR_HISTORIAN_URL: 'The historian location is not a PostgreSQL URL (postgres://…) or a file path',
  ST_ERR_HISTORIAN_OPEN: 'The historian database cannot be opened',
  ST_ERR_HISTORIAN_MIGRATION: 'A historian schema migration failed; the database is left at its previous version',
  ST_ERR_HISTORIAN_SLOW: 'The historian database is slow: writes are queued and spooled to disk, nothing is lost while the spool has room',
  ST_ERR_HISTORIAN_LOST: 'The historian database cannot be reached: history is spooled to disk and written when it returns',
  ST_ERR_HISTORIAN_SPOOL_FULL: 'The historian spool on disk is full: history is being lost until the database returns',
  ST_ERR_HISTORIAN_BUDGET: "The historian's disk holds fewer days at the current rate than raw samples are kept",
  ST_ERR_HISTORIAN_TIMESCALE: 'TimescaleDB is on the PostgreSQL server but could not be used: the historian keeps plain tables (no hypertables or compression)',
  ST_ERR_HISTORIAN_QUERY_TOO_LARGE: 'The range holds more rows than one query may read; ask for a shorter range',
} as const;
export type HistorianProblemCode = keyof typeof HISTORIAN_PROBLEM_CODES;

/** An operational failure of the historian: a code for clients and logs, a message without server paths. */
export class HistorianError extends Error {
  constructor(
    readonly code: HistorianProblemCode,
    detail?: string,
    readonly tip?: string,
  ) {
    super(detail === undefined ? HISTORIAN_PROBLEM_CODES[code] : `${HISTORIAN_PROBLEM_CODES[code]}: ${detail}`);
    this.name = 'HistorianError';
  }

  toProblem(): Problem {
    const result: Problem = { code: this.code, severity: 'error', message: this.message };
    if (this.tip !== undefined) result.tip = this.tip;
    return result;
  }
}
