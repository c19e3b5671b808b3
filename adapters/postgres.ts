/**
 * `onoffice-kit/postgres`: the {@link KeyValue} store on PostgreSQL through the `postgres` package — for Node
 * providers whose app already runs a PostgreSQL database.
 * @module
 */
import type { KeyValue } from '../src/store/kv.ts'
import { sqlKv, type SqlKvOptions } from './sql-kv.ts'

/**
 * The part of a `postgres` client (`postgres(url)`, v3) this adapter uses: `sql.unsafe(query, parameters)`,
 * which resolves the rows with the changed-row `count`. The kit's queries only ever take values as parameters;
 * the table name is checked against a strict pattern before it is written into a statement.
 */
export interface PostgresSqlLike {
  unsafe(
    query: string,
    parameters?: (string | number | null)[],
  ): PromiseLike<readonly Record<string, unknown>[] & { count: number }>
}

/** Options of {@link postgresKv}. */
export type PostgresKvOptions = SqlKvOptions

/**
 * A strongly consistent {@link KeyValue} on PostgreSQL: one table
 * (`key text COLLATE "C" PRIMARY KEY, value text, expires_at bigint`), created on first use.
 *
 * - `putIfAbsent` is one statement, `INSERT … ON CONFLICT (key) DO UPDATE … WHERE` the existing row has
 *   expired: a live row makes it change nothing, and the changed-row count is the answer. Concurrent inserts of
 *   one key wait on its unique index, so of any number of callers on any number of connections and app
 *   instances exactly one wins.
 * - TTLs: `expires_at` (Unix ms by the app's clock) is checked on every read; expired rows are deleted lazily, in
 *   batches, every 100 writes of an instance.
 * - `list(prefix)` is an ordered index range (byte order through `COLLATE "C"`; the cursor is the last key).
 *
 * PostgreSQL `text` cannot hold U+0000: a key or value containing it is refused with a TypeError (the kit's own
 * records are JSON, which escapes it).
 *
 * Defaults: `table` `'onoffice_kv'`, `now` `Date.now`.
 *
 * @param sql - a `postgres` client, e.g. `postgres(process.env.DATABASE_URL)`; its pool serves the store.
 * @param options - `table`: the table name; `now`: clock in ms.
 * @throws {TypeError} when `sql` is not a `postgres` client, or an option is malformed.
 * @example
 * ```ts
 * import postgres from 'postgres'
 * import { createInstallationStore } from 'onoffice-kit'
 * import { postgresKv } from 'onoffice-kit/postgres'
 *
 * const sql = postgres(process.env.DATABASE_URL!)
 * const kv = postgresKv(sql) // table onoffice_kv, created on first use
 * const installations = createInstallationStore(kv, { encryptionKey: process.env.ENCRYPTION_KEY! })
 * ```
 */
export function postgresKv(sql: PostgresSqlLike, options: PostgresKvOptions = {}): KeyValue {
  if (!sql || typeof sql.unsafe !== 'function') {
    throw new TypeError(
      "postgresKv: sql must be a client of the postgres package (import postgres from 'postgres'; postgres(url))",
    )
  }
  return sqlKv(
    {
      name: 'postgresKv',
      database: sql,
      placeholder: (n) => `$${n}`,
      // A DO block, not CREATE … IF NOT EXISTS: that form raises a NOTICE on every start, which clients log.
      schema: (table) => [
        `DO $$ BEGIN IF to_regclass('"${table}"') IS NULL THEN ` +
          `CREATE TABLE "${table}" (key text COLLATE "C" PRIMARY KEY, value text NOT NULL, expires_at bigint); ` +
          `CREATE INDEX "${table}_expires_at" ON "${table}" (expires_at) WHERE expires_at IS NOT NULL; ` +
          `END IF; END $$`,
      ],
      async run(query, parameters) {
        for (const p of parameters) {
          if (typeof p === 'string' && p.includes('\u0000'))
            throw new TypeError(
              'postgresKv: keys and values cannot contain U+0000 (PostgreSQL text cannot store it)',
            )
        }
        const rows = await sql.unsafe(query, parameters)
        return { rows: [...rows], changes: rows.count }
      },
    },
    options,
  )
}
