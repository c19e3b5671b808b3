// The KeyValue on one SQL table, shared by d1Kv (SQLite) and postgresKv: the same statements and the same
// semantics, with each driver supplying its placeholders, its DDL and how a statement is run. Not a public
// module; the public names are d1Kv and postgresKv.
import type { KeyValue, KvPutOptions } from '../src/store/kv.ts'
import { prefixUpperBound, resolveListOptions } from '../src/store/kv-list.ts'
import { assertTtlSec } from '../src/store/ttl.ts'

/** How one SQL database runs the store's statements. */
export interface SqlKvDriver {
  /** The adapter's name for messages, e.g. `'d1Kv'`. */
  name: string
  /** The database handle: stores on the same handle and table share one "table exists" check. */
  database: object
  /** The n-th (1-based) parameter placeholder: `?1` on SQLite, `$1` on PostgreSQL. */
  placeholder(n: number): string
  /** Statements that create the table and its index when they do not exist. */
  schema(table: string): string[]
  /** Runs one statement; resolves its rows and the number of rows it changed. */
  run(
    query: string,
    parameters: (string | number | null)[],
  ): Promise<{ rows: Record<string, unknown>[]; changes: number }>
}

/** Options shared by the SQL adapters. */
export interface SqlKvOptions {
  /** Table name: letters, digits and `_`, starting with a letter or `_`, at most 63 characters. Default `'onoffice_kv'`. */
  table?: string
  /** Clock in milliseconds, like `Date.now` (the default); expiry times are stored and compared in it. */
  now?: () => number
}

// Expired rows are deleted lazily: every so many writes of an instance, at most this many of them at once.
const CLEAN_EVERY_WRITES = 100
const CLEAN_BATCH = 1000
const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/
// Per database handle and table, the one CREATE … IF NOT EXISTS of this isolate: a Worker builds a store per
// request on the same binding, and must not pay for the DDL every time.
const created = new WeakMap<object, Map<string, Promise<void>>>()

/**
 * Builds the store on `driver`. The table is created on first use (`CREATE TABLE IF NOT EXISTS`).
 * @param driver - the database's driver.
 * @param options - `table`, `now`.
 * @returns the store.
 */
export function sqlKv(driver: SqlKvDriver, options: SqlKvOptions = {}): KeyValue {
  const { name } = driver
  const table = options.table ?? 'onoffice_kv'
  if (typeof table !== 'string' || !TABLE_NAME.test(table)) {
    throw new TypeError(
      `${name}: options.table must be a table name of letters, digits and _ (at most 63 characters, not starting with a digit)`,
    )
  }
  const now = options.now ?? Date.now
  if (typeof now !== 'function')
    throw new TypeError(`${name}: options.now must be a function returning milliseconds`)
  const p = driver.placeholder
  const t = `"${table}"`

  // A concurrent first use from another process can make CREATE … IF NOT EXISTS fail; a second try sees the table.
  const ensure = (): Promise<void> => {
    let tables = created.get(driver.database)
    if (!tables) created.set(driver.database, (tables = new Map()))
    let ready = tables.get(table)
    if (!ready) {
      ready = (async () => {
        for (let attempt = 0; ; attempt++) {
          try {
            for (const statement of driver.schema(table)) await driver.run(statement, [])
            return
          } catch (error) {
            if (attempt >= 2) throw error
          }
        }
      })()
      const settled = ready
      tables.set(table, settled)
      settled.catch(() => tables?.get(table) === settled && tables.delete(table))
    }
    return ready
  }

  let writes = 0
  const afterWrite = async (at: number) => {
    if (++writes % CLEAN_EVERY_WRITES !== 0) return
    await driver.run(
      `DELETE FROM ${t} WHERE key IN (SELECT key FROM ${t} WHERE expires_at IS NOT NULL AND expires_at <= ${p(1)} LIMIT ${CLEAN_BATCH})`,
      [at],
    )
  }
  const expiry = (options: KvPutOptions | undefined, where: string, at: number): number | null => {
    assertTtlSec(options?.ttlSec, `${name}.${where}: options.ttlSec`)
    return options?.ttlSec === undefined ? null : at + options.ttlSec * 1000
  }
  const checkKey = (key: unknown, where: string) => {
    if (typeof key !== 'string')
      throw new TypeError(`${name}.${where}: key must be a string (got ${typeof key})`)
  }
  const checkValue = (value: unknown, where: string) => {
    if (typeof value !== 'string')
      throw new TypeError(
        `${name}.${where}: value must be a string (got ${typeof value}); store JSON.stringify(...) for objects`,
      )
  }
  const live = `(expires_at IS NULL OR expires_at > ${p(2)})`
  const upsert = `INSERT INTO ${t} (key, value, expires_at) VALUES (${p(1)}, ${p(2)}, ${p(3)}) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`

  return {
    async get(key) {
      checkKey(key, 'get')
      await ensure()
      const { rows } = await driver.run(`SELECT value FROM ${t} WHERE key = ${p(1)} AND ${live}`, [
        key,
        now(),
      ])
      const value = rows[0]?.value
      return typeof value === 'string' ? value : null
    },
    async put(key, value, options) {
      checkKey(key, 'put')
      checkValue(value, 'put')
      const at = now()
      const expiresAt = expiry(options, 'put', at)
      await ensure()
      await driver.run(upsert, [key, value, expiresAt])
      await afterWrite(at)
    },
    async delete(key) {
      checkKey(key, 'delete')
      await ensure()
      await driver.run(`DELETE FROM ${t} WHERE key = ${p(1)}`, [key])
    },
    async putIfAbsent(key, value, options) {
      checkKey(key, 'putIfAbsent')
      checkValue(value, 'putIfAbsent')
      const at = now()
      const expiresAt = expiry(options, 'putIfAbsent', at)
      await ensure()
      // One statement: insert, or replace a row whose TTL has passed; a live row makes it change nothing.
      // The database serialises writers on the key, so of concurrent callers exactly one changes a row.
      const { changes } = await driver.run(
        `${upsert} WHERE ${t}.expires_at IS NOT NULL AND ${t}.expires_at <= ${p(4)}`,
        [key, value, expiresAt, at],
      )
      await afterWrite(at)
      return changes > 0
    },
    async list(prefix, options) {
      const { cursor, limit } = resolveListOptions(prefix, options, `${name}.list`)
      await ensure()
      // Keys compare by their UTF-8 bytes (SQLite BINARY, PostgreSQL COLLATE "C"): a prefix is an index range.
      const upper = prefixUpperBound(prefix)
      const parameters: (string | number)[] = [prefix, now()]
      let where = `key >= ${p(1)} AND ${live}`
      if (upper !== null) {
        parameters.push(upper)
        where += ` AND key < ${p(parameters.length)}`
      }
      if (cursor !== null) {
        parameters.push(cursor)
        where += ` AND key > ${p(parameters.length)}`
      }
      parameters.push(limit)
      const { rows } = await driver.run(
        `SELECT key FROM ${t} WHERE ${where} ORDER BY key LIMIT ${p(parameters.length)}`,
        parameters,
      )
      const keys = rows.map((r) => String(r.key)).filter((k) => k.startsWith(prefix))
      return { keys, cursor: rows.length < limit ? null : String(rows.at(-1)?.key) }
    },
  }
}
