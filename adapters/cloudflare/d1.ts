import type { KeyValue } from '../../src/store/kv.ts'
import { sqlKv, type SqlKvOptions } from '../sql-kv.ts'

/** The part of a D1 prepared statement this adapter uses. */
export interface D1PreparedStatementLike {
  bind(...values: unknown[]): D1PreparedStatementLike
  all(): Promise<{ results: Record<string, unknown>[]; meta: { changes?: number } }>
}

/**
 * The part of Cloudflare's `D1Database` binding this adapter uses, declared structurally so the kit does not
 * depend on `@cloudflare/workers-types`; the real binding (`env.ONOFFICE_DB`) satisfies it.
 */
export interface D1DatabaseLike {
  prepare(query: string): D1PreparedStatementLike
}

/** Options of {@link d1Kv}. */
export type D1KvOptions = SqlKvOptions

/**
 * A strongly consistent {@link KeyValue} on a Cloudflare D1 database: one table
 * (`key TEXT PRIMARY KEY, value TEXT, expires_at INTEGER`), created on first use.
 *
 * - `putIfAbsent` is one statement, `INSERT … ON CONFLICT (key) DO UPDATE … WHERE` the existing row has
 *   expired — a live row makes it change nothing, and the changed-row count is the answer. D1 runs a
 *   database's writes one at a time, so of concurrent callers exactly one wins.
 * - TTLs: `expires_at` (Unix ms) is checked on every read; expired rows are deleted lazily, in batches, every
 *   100 writes of an instance.
 * - `list(prefix)` is an ordered index range (keys in UTF-8 byte order; the cursor is the last key of the page).
 *
 * A D1 database has one primary: every call is a round trip to it (reads can use replicas only through D1's
 * Sessions API, which this adapter does not use — consistency first). A row holds at most 2 MB.
 *
 * Defaults: `table` `'onoffice_kv'`, `now` `Date.now`.
 *
 * @param database - the D1 binding, e.g. `env.ONOFFICE_DB` (declared under `d1_databases` in `wrangler.toml`).
 * @param options - `table`: the table name; `now`: clock in ms.
 * @throws {TypeError} when `database` is not a D1 binding, or an option is malformed.
 * @example
 * ```ts
 * import { replayGuard } from 'onoffice-kit'
 * import { d1Kv, type D1DatabaseLike } from 'onoffice-kit/cloudflare'
 *
 * export default {
 *   async fetch(request: Request, env: { ONOFFICE_DB: D1DatabaseLike }) {
 *     const guard = replayGuard(d1Kv(env.ONOFFICE_DB))
 *     return new Response((await guard.firstSeen('webhook:7', 3600)) ? 'first' : 'again')
 *   },
 * }
 * ```
 */
export function d1Kv(database: D1DatabaseLike, options: D1KvOptions = {}): KeyValue {
  if (!database || typeof database.prepare !== 'function') {
    throw new TypeError(
      'd1Kv: database must be a D1 binding (env.YOUR_BINDING); check d1_databases in wrangler.toml',
    )
  }
  return sqlKv(
    {
      name: 'd1Kv',
      database,
      placeholder: (n) => `?${n}`,
      schema: (table) => [
        `CREATE TABLE IF NOT EXISTS "${table}" (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL, expires_at INTEGER)`,
        `CREATE INDEX IF NOT EXISTS "${table}_expires_at" ON "${table}" (expires_at) WHERE expires_at IS NOT NULL`,
      ],
      async run(query, parameters) {
        const statement = database.prepare(query)
        const result = await (parameters.length === 0
          ? statement
          : statement.bind(...parameters)
        ).all()
        return { rows: result.results, changes: result.meta.changes ?? 0 }
      },
    },
    options,
  )
}
