import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';

/**
 * Kysely's SQLite dialect speaks to a better-sqlite3-shaped database; node:sqlite's DatabaseSync
 * (built into Node 22, the historian's embedded engine: docs/historian.md) differs in two ways that
 * this adapter bridges: parameters are spread rather than passed as an array, and a statement tells
 * whether it returns rows through `columns()` instead of a `reader` flag.
 */
export function nodeSqliteDialect(database: DatabaseSync): SqliteDialect {
  const adapter: SqliteDatabase = {
    close: () => database.close(),
    prepare(sqlText: string): SqliteStatement {
      const statement = database.prepare(sqlText);
      const values = (parameters: ReadonlyArray<unknown>) => parameters.map(toSqliteValue);
      return {
        reader: statement.columns().length > 0,
        all: (parameters) => statement.all(...values(parameters)),
        run: (parameters) => statement.run(...values(parameters)),
        iterate: (parameters) => statement.iterate(...values(parameters)),
      };
    },
  };
  return new SqliteDialect({ database: adapter });
}

/** node:sqlite binds numbers, bigints, strings, buffers and null; booleans are stored as 0/1 as SQLite does. */
function toSqliteValue(value: unknown): SQLInputValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === undefined) return null;
  return value as SQLInputValue;
}
